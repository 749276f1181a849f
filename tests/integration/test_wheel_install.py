"""A non-editable install (`pip install .`, a wheel) carries the fonts, icons and compiled
catalogs: hubdesk installed from its wheel into a new environment, away from the source tree,
prints a Vietnamese report with its own embedded fonts and speaks Vietnamese on the command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(args, **kw) -> str:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=300, **kw)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.mark.slow
def installed_hubdesk() -> bool:
    """The console script of the environment running the tests (pip removes it on uninstall)."""
    return Path(sys.executable).with_name("hubdesk").exists()


def test_a_wheel_install_finds_its_fonts_and_catalogs(tmp_path):
    ours_before = installed_hubdesk()
    # built from a copy of what the wheel is made of, so the build leaves nothing in the checkout
    source = tmp_path / "source"
    for name in ("hubdesk", "resources", "translations"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    wheels = tmp_path / "wheels"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", source, "-w", wheels])
    wheel = next(wheels.glob("hubdesk-*.whl"))
    env_dir = tmp_path / "env"
    run([sys.executable, "-m", "venv", "--without-pip", env_dir])
    python = env_dir / "bin" / "python"
    # pip run for the new environment's interpreter: it looks only there (pip with --prefix would
    # first uninstall the hubdesk of the environment running the tests)
    run([sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", "--no-compile", wheel])
    # the dependencies come from this environment, after the new one's own site-packages (a path
    # listed in a .pth file is added as it is: the editable install's own .pth there is not read)
    purelib = run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).strip()
    ours = [p for p in sys.path if p.endswith("site-packages")]
    (Path(purelib) / "test-dependencies.pth").write_text("\n".join(ours) + "\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["HUBDESK_DATA_DIR"] = str(tmp_path / "data")
    work = tmp_path / "elsewhere"
    work.mkdir()

    where = run([python, "-c", "import hubdesk, hubdesk.paths as p; print(hubdesk.__file__); "
                 "print(p.fonts_dir()); print(p.translations_dir())"], cwd=work, env=env).splitlines()
    assert all(line.startswith(str(env_dir)) for line in where), where   # not the source tree
    assert where[1].endswith(os.path.join("share", "hubdesk", "resources", "fonts"))

    db = tmp_path / "t.db"
    run([python, "-m", "hubdesk", "--db", db, "demo", "--size", "small"], cwd=work, env=env)
    pdf = tmp_path / "r.pdf"
    said = run([python, "-m", "hubdesk", "--db", db, "report", "quarterly", "--quarter", "2026Q3", "--lang", "vi",
                "--out", pdf], cwd=work, env={**env, "HUBDESK_LANG": "vi"})
    fonts = run(["pdffonts", pdf])
    assert "Pretendard" in fonts and all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])
    text = run(["pdftotext", pdf, "-"])
    assert "Báo cáo tình hình quý" in text                       # the catalog was found
    assert said.startswith("Đã ghi báo cáo quý 2026Q3")                # and the command line speaks it
    assert installed_hubdesk() == ours_before   # the environment running the tests keeps its own hubdesk
