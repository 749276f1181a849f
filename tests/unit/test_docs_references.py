"""Modules point to the design that is in the repository: every `docs/....md` a module names
exists, and none cites a design document that is not there (DESIGN.md lives outside the repo)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _sources() -> list[Path]:
    return sorted(p for p in (ROOT / "hubdesk").rglob("*.py") if "__pycache__" not in p.parts)


def test_every_document_a_module_names_is_in_the_repository():
    missing = [f"{path.relative_to(ROOT)}: {name}" for path in _sources()
               for name in re.findall(r"\bdocs/[\w./-]+\.md\b", path.read_text(encoding="utf-8"))
               if not (ROOT / name).is_file()]
    assert missing == []


def test_no_module_cites_a_design_document_outside_the_repository():
    cited = [f"{path.relative_to(ROOT)}:{n}" for path in _sources()
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"\bDESIGN\.md\b|\bdesign doc", line)]
    assert cited == []


def test_the_architecture_names_modules_that_exist():
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:ui|domain|db|reports|interchange|demo|commands)/[\w/]+\.py)`", text))
    assert len(named) > 20
    assert sorted(n for n in named if not (ROOT / "hubdesk" / n).is_file()) == []
