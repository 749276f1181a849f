"""Layering: only hubdesk.ui imports Qt, the core never imports the interface, and the packages
form layers (ui | commands > reports | interchange | demo > domain > db; docs/ARCHITECTURE.md).

Three views of the same rule: import-linter's contracts from pyproject.toml, a scan of every
import statement outside hubdesk/ui (including function-level imports), and a fresh interpreter
that imports every headless module and must end without Qt loaded.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "hubdesk"
QT_PACKAGES = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2")


def headless_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py")
                  if "ui" not in p.relative_to(PACKAGE).parts[:1] and "__pycache__" not in p.parts)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def test_import_linter_contracts_hold():
    result = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_layers_contract_names_every_layer_in_order():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    layers = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    assert len(layers) == 1
    assert layers[0]["containers"] == ["hubdesk"]
    assert layers[0]["layers"] == ["ui | commands", "reports | interchange | demo", "domain", "db"]


def test_no_module_outside_ui_imports_qt():
    offenders = []
    for path in headless_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                if name.split(".")[0] in QT_PACKAGES:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {name}")
    assert offenders == []


def test_headless_modules_load_without_qt():
    modules = [module_name(p) for p in headless_files()
               if module_name(p) not in ("hubdesk.__main__", "hubdesk.db.migrations.env")
               and "migrations.versions" not in module_name(p)]
    assert "hubdesk.db.database" in modules and "hubdesk.cli" in modules
    script = ("import importlib, sys\n"
              f"for name in {modules!r}:\n"
              "    importlib.import_module(name)\n"
              f"print(sorted(m for m in sys.modules if m.split('.')[0] in {QT_PACKAGES!r}))\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                            timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
