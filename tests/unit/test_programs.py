from __future__ import annotations

import datetime as dt

import pytest

from hubdesk.db.enums import Funder, FundingSource
from hubdesk.db.schema import Milestone, Program
from hubdesk.domain import programs as pg
from hubdesk.domain.programs import MilestoneStatus
from hubdesk.errors import DomainError

TODAY = dt.date(2026, 6, 10)


@pytest.mark.parametrize("due, started, done, expected", [
    (dt.date(2026, 6, 1), None, dt.date(2026, 6, 2), MilestoneStatus.DONE),      # done late: still done
    (dt.date(2026, 6, 9), dt.date(2026, 5, 1), None, MilestoneStatus.LATE),
    (dt.date(2026, 6, 10), None, None, MilestoneStatus.AT_RISK),                  # due today: not late yet
    (dt.date(2026, 6, 24), None, None, MilestoneStatus.AT_RISK),                  # 14 days ahead
    (dt.date(2026, 6, 25), None, None, MilestoneStatus.ON_TRACK),                 # 15 days ahead
    (dt.date(2026, 6, 20), dt.date(2026, 6, 1), None, MilestoneStatus.ON_TRACK),  # near but started
])
def test_milestone_status(due, started, done, expected):
    m = Milestone(title="m", due_on=due, started_on=started, done_on=done)
    assert pg.milestone_status(m, TODAY) is expected
    assert expected.label


def _program(s, **kw) -> Program:
    p = Program(name="Herbal cluster 2026", funder=Funder.MOTIE, fiscal_year=2026,
                budget_national_krw=kw.get("national", 1_000_000_000),
                budget_local_krw=kw.get("local", 400_000_000), budget_private_krw=kw.get("private", 0))
    s.add(p)
    s.flush()
    return p


def test_budget_execution_by_source(db):
    with db.write() as s:
        pid = _program(s).id
        pg.record_expenditure(s, pid, amount_krw=250_000_000, source="national", spent_on=dt.date(2026, 3, 31))
        pg.record_expenditure(s, pid, amount_krw=50_000_000, source=FundingSource.NATIONAL,
                              spent_on=dt.date(2026, 4, 2))
        pg.record_expenditure(s, pid, amount_krw=100_000_000, source="local", spent_on=dt.date(2026, 2, 1))
    with db.read() as s:
        full = pg.budget_execution(s, pid)
        q1 = pg.budget_execution(s, pid, as_of=dt.date(2026, 3, 31))
        year = pg.execution_for_year(s, 2026, as_of=dt.date(2026, 3, 31))
    assert full[FundingSource.NATIONAL] == pg.Execution(1_000_000_000, 300_000_000, 0.3)
    assert full[FundingSource.LOCAL] == pg.Execution(400_000_000, 100_000_000, 0.25)
    assert full[FundingSource.PRIVATE] == pg.Execution(0, 0, None)
    assert q1[FundingSource.NATIONAL].rate == 0.25
    assert year[FundingSource.NATIONAL] == q1[FundingSource.NATIONAL]


@pytest.mark.parametrize("kwargs, field", [
    (dict(amount_krw=0, source="national", spent_on=dt.date(2026, 1, 5)), "amount_krw"),
    (dict(amount_krw=10.5, source="national", spent_on=dt.date(2026, 1, 5)), "amount_krw"),
    (dict(amount_krw=10, source="foreign", spent_on=dt.date(2026, 1, 5)), "source"),
    (dict(amount_krw=10, source="local", spent_on=dt.date(2025, 12, 31)), "spent_on"),
])
def test_record_expenditure_refuses(db, kwargs, field):
    with db.write() as s:
        pid = _program(s).id
        with pytest.raises(DomainError) as err:
            pg.record_expenditure(s, pid, **kwargs)
    assert err.value.field == field
    assert err.value.message.endswith(".")


def test_outside_fiscal_year_sentence_names_the_range(db):
    with db.write() as s:
        pid = _program(s).id
        with pytest.raises(DomainError) as err:
            pg.record_expenditure(s, pid, amount_krw=10, source="local", spent_on=dt.date(2027, 1, 1))
    assert "between 2026-01-01 and 2026-12-31" in err.value.message


def test_mark_done_and_on_time_rate(db):
    with db.write() as s:
        p = _program(s)
        ms = [Milestone(program=p, title=t, due_on=due) for t, due in [
            ("on time", dt.date(2026, 4, 10)), ("late done", dt.date(2026, 4, 20)),
            ("late open", dt.date(2026, 5, 1)), ("ahead", dt.date(2026, 6, 30)),
            ("other quarter", dt.date(2026, 7, 15))]]
        s.add_all(ms)
        s.flush()
        pg.mark_milestone_done(s, ms[0].id, dt.date(2026, 4, 10), today=TODAY)
        pg.mark_milestone_done(s, ms[1].id, dt.date(2026, 4, 25), today=TODAY)
        with pytest.raises(DomainError) as err:
            pg.mark_milestone_done(s, ms[3].id, dt.date(2026, 6, 11), today=TODAY)
        assert err.value.field == "done_on"
        # Q2: on time, late done, late open count; "ahead" is not due yet → 1 of 3
        assert pg.milestone_on_time_rate(s, dt.date(2026, 4, 1), dt.date(2026, 6, 30), today=TODAY) == 1 / 3
        # after the quarter, "ahead" (still open) counts as missed → 1 of 4
        assert pg.milestone_on_time_rate(s, dt.date(2026, 4, 1), dt.date(2026, 6, 30),
                                         today=dt.date(2026, 7, 2)) == 1 / 4
        assert pg.milestone_on_time_rate(s, dt.date(2025, 1, 1), dt.date(2025, 12, 31), today=TODAY) is None
