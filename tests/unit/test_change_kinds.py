"""Screens reload on `Change` members (hubdesk/ui/common/operations.py), never on free-text kinds:
no `notify_changed("...")` or `data_changed.emit("...")` with a string literal in hubdesk/ui, and
every `Change.NAME` used there exists. A scan of the source, since a misspelt string would only
make a screen silently not reload."""

from __future__ import annotations

import ast
import re
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "hubdesk" / "ui"


def _ui_sources() -> list[Path]:
    return sorted(p for p in UI.rglob("*.py") if "__pycache__" not in p.parts)


def _string_literal_announcements(path: Path, root: Path = UI.parents[1]) -> list[str]:
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name = node.func.attr
        is_data_changed_emit = (name == "emit" and isinstance(node.func.value, ast.Attribute)
                                and node.func.value.attr == "data_changed")
        if name != "notify_changed" and not is_data_changed_emit:
            continue
        for arg in node.args:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) or isinstance(arg, ast.JoinedStr):
                found.append(f"{path.relative_to(root)}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_change_is_announced_as_a_string_literal():
    offenders = [hit for path in _ui_sources() for hit in _string_literal_announcements(path)]
    assert offenders == []


def test_the_scan_finds_a_string_literal(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('def f(ctx):\n    ctx.notify_changed("booking")\n    ctx.bus.data_changed.emit("")\n'
                      '    ctx.notify_changed(Change.BOOKING)\n    ctx.bus.status_message.emit("saved")\n')
    hits = _string_literal_announcements(sample, root=tmp_path)
    assert hits == ["sample.py:2: ctx.notify_changed('booking')", "sample.py:3: ctx.bus.data_changed.emit('')"]


def test_every_change_named_in_the_interface_exists():
    from hubdesk.ui.common.operations import Change

    named = {m.group(1) for path in _ui_sources()
             for m in re.finditer(r"\bChange\.([A-Z_]+)\b", path.read_text(encoding="utf-8"))}
    assert named, "the interface names no Change at all"
    assert sorted(named - set(Change.__members__)) == []
