"""The supplement limits are one pair of constants (hubdesk.domain.cases): the refusal sentences
and the dialog take their numbers from them, and the database CHECK agrees with them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hubdesk.db.enums import CaseStage, Pathway
from hubdesk.db.schema import ClinicalCase
from hubdesk.domain import cases as C
from hubdesk.errors import DomainError
from tests.unit.test_cases import advance_to, day, make_world, new_case

ROOT = Path(__file__).resolve().parents[2]


def _check_bounds(sql: str) -> tuple[int, int]:
    m = re.search(r"supplement_count BETWEEN (\d+) AND (\d+)", sql)
    assert m, sql
    return int(m[1]), int(m[2])


def test_the_database_check_allows_exactly_the_domain_count():
    check = next(c for c in ClinicalCase.__table__.constraints
                 if getattr(c, "name", "") and "supplements_at_most" in str(c.name))
    assert _check_bounds(str(check.sqltext)) == (0, C.SUPPLEMENT_MAX_COUNT)
    migration = (ROOT / "hubdesk/db/migrations/versions/0001_initial.py").read_text(encoding="utf-8")
    assert _check_bounds(migration) == (0, C.SUPPLEMENT_MAX_COUNT)


def test_the_refusal_sentence_takes_the_limit_from_the_constant(db, monkeypatch):
    monkeypatch.setattr(C, "SUPPLEMENT_MAX_DAYS", 20)
    with db.write() as s:
        case = new_case(s, make_world(s), Pathway.ARM_RESEARCH)
        n = advance_to(s, case, CaseStage.UNDER_REVIEW)
        with pytest.raises(DomainError, match=r"lasts at most 20 days, but .* is 21 days after") as exc:
            C.request_supplement(s, case.id, on=day(n), due_on=day(n + 21))
        assert exc.value.field == "due_on"
        C.request_supplement(s, case.id, on=day(n), due_on=day(n + 20))
        assert case.supplement_count == 1
