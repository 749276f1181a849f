"""The interface writes through one path: no module of hubdesk/ui opens a write session
(`db.write()`, `context.db.write()`, ...) except hubdesk/ui/common/operations.py, whose
`write_op` / `run_write` every screen calls (docs/ARCHITECTURE.md, "How a write flows")."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "hubdesk" / "ui"
THE_WRITE_PATH = "hubdesk/ui/common/operations.py"

def _opens_write_session(node: ast.AST) -> bool:
    """`<something>.db.write()` or `db.write()`: the Database's write session."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "write"
            and not node.args and not node.keywords):
        return False
    receiver = node.func.value
    return (isinstance(receiver, ast.Name) and receiver.id == "db") or (
        isinstance(receiver, ast.Attribute) and receiver.attr == "db")


def write_sessions(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [node.lineno for node in ast.walk(tree) if _opens_write_session(node)]


def _opening_files() -> dict[str, list[int]]:
    found = {}
    for path in sorted(UI.rglob("*.py")):
        lines = write_sessions(path)
        if lines:
            found[path.relative_to(ROOT).as_posix()] = lines
    return found


def test_only_the_write_path_opens_a_write_session():
    outside = {name: lines for name, lines in _opening_files().items() if name != THE_WRITE_PATH}
    assert outside == {}, "write through hubdesk.ui.common.operations.write_op instead"


def test_the_write_path_itself_is_found(tmp_path):
    assert _opening_files().get(THE_WRITE_PATH)
    sample = tmp_path / "sample.py"
    sample.write_text("def f(ctx, db, log):\n    with ctx.db.write() as s:\n        pass\n"
                      "    with db.write() as s:\n        pass\n    log.write('x')\n    ctx.db.read()\n")
    assert write_sessions(sample) == [2, 4]
