"""Build the hubdesk onedir app from a clean checkout in one command, smoke-test it and zip it.

    python build/make_dist.py            # build + smoke test + zip  -> dist/hubdesk-<version>-<platform>.zip
    python build/make_dist.py --no-zip   # build + smoke test only
    python build/make_dist.py --smoke-only   # smoke-test an existing dist/hubdesk

The smoke test runs the FROZEN executable with a temporary HOME (a clean user profile):
`--version`, `demo --size small`, `check`, `report quarterly` (a valid PDF whose fonts are all
embedded), and the window started offscreen that quits by itself. It also checks that the first
run put its database in the per-user data folder, not next to the executable. Any failure exits 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
WORK = ROOT / "build" / "work"
OUT = ROOT / "build" / "out"


def version() -> str:
    text = (ROOT / "hubdesk" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'__version__ = "([^"]+)"', text).group(1)


def platform_tag() -> str:
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    return f"{system}-{platform.machine().lower()}"


def write_version_info() -> Path:
    """Windows version resource from the package version (used by the spec on Windows)."""
    parts = [int(p) for p in re.findall(r"\d+", version())[:4]]
    parts += [0] * (4 - len(parts))
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / "version_info.txt"
    v = tuple(parts)
    target.write_text(f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={v}, prodvers={v}, mask=0x3f, flags=0x0, OS=0x40004, fileType=0x1,
                    subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
      StringStruct('CompanyName', 'hubdesk'),
      StringStruct('FileDescription', 'hubdesk - bio-industry hub management'),
      StringStruct('FileVersion', '{version()}'),
      StringStruct('InternalName', 'hubdesk'),
      StringStruct('OriginalFilename', 'hubdesk.exe'),
      StringStruct('ProductName', 'hubdesk'),
      StringStruct('ProductVersion', '{version()}')])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
""", encoding="utf-8")
    return target


def build() -> Path:
    write_version_info()
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--distpath", str(DIST),
           "--workpath", str(WORK), str(ROOT / "hubdesk.spec")]
    print("building:", " ".join(cmd), flush=True)
    started = time.monotonic()
    OUT.mkdir(parents=True, exist_ok=True)
    log = OUT / "pyinstaller.log"
    with log.open("w", encoding="utf-8") as fh:
        proc = subprocess.run(cmd, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT)
    if proc.returncode != 0:
        print(log.read_text(encoding="utf-8", errors="replace")[-6000:], file=sys.stderr)
        raise SystemExit(f"PyInstaller failed (exit {proc.returncode}); full log in {log}")
    print(f"built in {time.monotonic() - started:.0f} s (log: {log})", flush=True)
    return DIST / "hubdesk"


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def executable(app: Path) -> Path:
    return app / ("hubdesk.exe" if sys.platform == "win32" else "hubdesk")


def smoke_test(app: Path) -> None:
    exe = executable(app)
    if not exe.exists():
        raise SystemExit(f"smoke test: {exe} is missing")
    with tempfile.TemporaryDirectory(prefix="hubdesk-smoke-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HUBDESK_", "PYTHON", "XDG_"))}
        env.update(HOME=str(home), USERPROFILE=str(home), QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8",
                   APPDATA=str(home / "AppData" / "Roaming"), LOCALAPPDATA=str(home / "AppData" / "Local"))
        db = Path(tmp) / "smoke.db"
        pdf = Path(tmp) / "r.pdf"

        def run(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
            print("smoke:", exe.name, *args, flush=True)
            proc = subprocess.run([str(exe), *args], env=env, cwd=tmp, capture_output=True, text=True,
                                  timeout=timeout)
            if proc.returncode != 0 or "Traceback" in proc.stderr:
                raise SystemExit(f"smoke test failed: {' '.join(args)} exited {proc.returncode}\n"
                                 f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
            return proc

        out = run("--version").stdout
        if version() not in out:
            raise SystemExit(f"smoke test: --version printed {out!r}, expected {version()}")
        run("--db", str(db), "demo", "--size", "small")
        run("--db", str(db), "check")
        today = dt.date.today()
        last_quarter = (today.year, (today.month - 1) // 3) if today.month > 3 else (today.year - 1, 4)
        run("--db", str(db), "report", "quarterly", "--quarter", f"{last_quarter[0]}Q{last_quarter[1]}",
            "--lang", "ko", "--out", str(pdf))
        data = pdf.read_bytes()
        if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
            raise SystemExit("smoke test: the report is not a complete PDF")
        if shutil.which("pdffonts"):
            fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
            rows = fonts.splitlines()[2:]
            if not rows or any(" no " in f" {r} " and r.split()[-5] == "no" for r in rows):
                raise SystemExit(f"smoke test: a font is not embedded:\n{fonts}")
        # first run on a clean profile: the default database is created (migrations from the
        # bundle) in the per-user data folder, and nothing is written next to the executable
        run("backup")
        created = [p for p in home.rglob("hubdesk.db")]
        if not created:
            raise SystemExit("smoke test: no database was created in the per-user data folder")
        print("smoke: default database at", created[0], flush=True)
        run("check")
        env_window = dict(env, HUBDESK_QUIT_AFTER_MS="1500")
        print("smoke: window offscreen, quits by itself", flush=True)
        proc = subprocess.run([str(exe), "--demo"], env=env_window, cwd=tmp, capture_output=True, text=True,
                              timeout=300)
        if proc.returncode != 0 or "Traceback" in proc.stderr:
            raise SystemExit(f"smoke test: the window did not start and quit cleanly (exit {proc.returncode})\n"
                             f"{proc.stderr}")
        next_to_exe = list(app.glob("*.db"))
        if next_to_exe:
            raise SystemExit(f"smoke test: a database was written next to the executable: {next_to_exe}")
        print("smoke test passed", flush=True)


def make_zip(app: Path) -> Path:
    base = DIST / f"hubdesk-{version()}-{platform_tag()}"
    archive = shutil.make_archive(str(base), "zip", root_dir=DIST, base_dir="hubdesk")
    return Path(archive)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-zip", action="store_true")
    parser.add_argument("--smoke-only", action="store_true")
    args = parser.parse_args()
    app = DIST / "hubdesk" if args.smoke_only else build()
    size = folder_size(app)
    print(f"onedir size: {size / 1e6:.1f} MB ({size / 2**20:.1f} MiB)", flush=True)
    smoke_test(app)
    if not args.no_zip and not args.smoke_only:
        print("archive:", make_zip(app))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
