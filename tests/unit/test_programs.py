"""Programs, budget lines, expenditures and milestones through their domain functions, on SQLite
and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from hubdesk.db.enums import ExpenseCategory, Funder, FundingSource, ProgramStatus
from hubdesk.db.schema import BudgetLine, Expenditure, KpiTarget, Milestone, Program
from hubdesk.domain import budgets as bd
from hubdesk.domain import milestones as ms
from hubdesk.domain import programs as pg
from hubdesk.domain.budgets import BudgetLineInput, ExpenditureInput
from hubdesk.domain.milestones import MilestoneInput, MilestoneStatus
from hubdesk.domain.programs import ProgramInput
from tests.checks import refused

TODAY = dt.date(2026, 6, 10)
M = 1_000_000


def _program(s, **kw) -> Program:
    data = dict(name="Herbal cluster 2026", funder="motie", fiscal_year=2026) | kw
    return pg.create_program(s, ProgramInput(**data))


def _with_lines(s, **kw):
    p = _program(s, **kw)
    nat = bd.add_budget_line(s, p.id, BudgetLineInput(2026, "national", "unassigned", 1000 * M))
    prov = bd.add_budget_line(s, p.id, BudgetLineInput(2026, FundingSource.PROVINCIAL, ExpenseCategory.PERSONNEL,
                                                       400 * M, note="도비"))
    return p, nat, prov


# --- programs -------------------------------------------------------------------------------------

def test_create_update_and_read_a_program(any_db):
    with any_db.write() as s:
        p = _program(s, name="  바이오헬스 육성사업 ", name_en="Bio-health", last_fiscal_year=2028,
                     starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2028, 12, 31), manager="김태호")
        pid = p.id
        assert p.name == "바이오헬스 육성사업" and p.status is ProgramStatus.ACTIVE and list(p.years) == [2026, 2027, 2028]
        pg.update_program(s, pid, ProgramInput(name="바이오헬스 육성사업", funder=Funder.MSS, fiscal_year=2026,
                                               last_fiscal_year=2026, status="closed"))
    with any_db.read() as s:
        p = s.get(Program, pid)
        assert (p.funder, p.status, p.last_fiscal_year, p.manager) == (Funder.MSS, ProgramStatus.CLOSED, None, None)
        assert pg.find_program(s, "바이오헬스 육성사업", 2026).id == pid
        assert pg.find_program(s, "바이오헬스 육성사업", 2027) is None


@pytest.mark.parametrize("kw, field", [
    (dict(name="  "), "name"),
    (dict(funder="ministry of magic"), "funder"),
    (dict(fiscal_year=26), "fiscal_year"),
    (dict(last_fiscal_year=2025), "last_fiscal_year"),
    (dict(starts_on=dt.date(2026, 5, 1), ends_on=dt.date(2026, 4, 30)), "ends_on"),
    (dict(status="paused"), "status"),
    (dict(name="x" * 301), "name"),
])
def test_create_program_refuses(any_db, kw, field):
    with any_db.write() as s:
        refused(_program, s, **kw, field=field)


def test_program_name_is_unique_per_fiscal_year(any_db):
    with any_db.write() as s:
        first = _program(s)
        _program(s, fiscal_year=2027)   # same name, another year: fine
        refused(_program, s, name="herbal CLUSTER 2026", field="name", code="duplicate")
        other = _program(s, name="Other")
        refused(pg.update_program, s, other.id, ProgramInput(name=first.name, funder="motie", fiscal_year=2026),
                 field="name")


def test_update_keeps_years_that_hold_budget_lines_or_targets(any_db):
    from hubdesk.domain.kpi_targets import KpiTargetInput, set_kpi_target

    with any_db.write() as s:
        p = _program(s, last_fiscal_year=2027)
        bd.add_budget_line(s, p.id, BudgetLineInput(2027, "national", "travel", 5 * M))
        err = refused(pg.update_program, s, p.id, ProgramInput(name=p.name, funder="motie", fiscal_year=2026),
                       field="fiscal_year", code="years_in_use")
        assert "2027" in err.message
        q = _program(s, name="Targets", last_fiscal_year=2027)
        set_kpi_target(s, KpiTargetInput(2027, "new_jobs", 3, program_id=q.id))
        refused(pg.update_program, s, q.id, ProgramInput(name="Targets", funder="motie", fiscal_year=2026),
                 code="years_in_use")


def test_remove_program_refused_while_it_has_expenditures(any_db):
    with any_db.write() as s:
        p, nat, _prov = _with_lines(s)
        ms.add_milestone(s, p.id, MilestoneInput("Kick-off", dt.date(2026, 3, 1)))
        spend = bd.add_expenditure(s, ExpenditureInput(nat.id, dt.date(2026, 2, 1), 10 * M))
        err = refused(pg.remove_program, s, p.id, code="has_expenditures")
        assert "1 expenditure" in err.message
        bd.remove_expenditure(s, spend.id)
        pg.remove_program(s, p.id)
        assert s.scalar(select(func.count()).select_from(BudgetLine)) == 0
        assert s.scalar(select(func.count()).select_from(Milestone)) == 0
        refused(pg.get_program, s, p.id, code="not_found")


# --- budget lines and expenditures ------------------------------------------------------------------

def test_budget_lines_crud_and_rules(any_db):
    with any_db.write() as s:
        p, nat, prov = _with_lines(s)
        assert [(l.source, l.category) for l in bd.budget_lines(s, p.id)] == [
            (FundingSource.NATIONAL, ExpenseCategory.UNASSIGNED), (FundingSource.PROVINCIAL, ExpenseCategory.PERSONNEL)]
        refused(bd.add_budget_line, s, p.id, BudgetLineInput(2026, "national", "unassigned", 1), code="duplicate")
        refused(bd.add_budget_line, s, p.id, BudgetLineInput(2027, "national", "travel", 1),
                 field="fiscal_year", code="outside_program_years")
        refused(bd.add_budget_line, s, p.id, BudgetLineInput(2026, "local", "travel", 1), field="source")
        refused(bd.add_budget_line, s, p.id, BudgetLineInput(2026, "city", "snacks", 1), field="category")
        refused(bd.add_budget_line, s, p.id, BudgetLineInput(2026, "city", "travel", -1), field="amount_krw")
        refused(bd.add_budget_line, s, p.id, BudgetLineInput(2026, "city", "travel", 1.5), field="amount_krw")
        refused(bd.add_budget_line, s, p.id, BudgetLineInput(2026, "city", "travel", 10**15), field="amount_krw")
        city = bd.add_budget_line(s, p.id, BudgetLineInput(2026, "city", "travel", 0))   # 0 won is a budget too
        refused(bd.update_budget_line, s, city.id, BudgetLineInput(2026, "national", "unassigned", 5),
                 code="duplicate")
        bd.update_budget_line(s, city.id, BudgetLineInput(2026, "city", "operating", 7 * M, note="시비"))
        assert (city.category, city.amount_krw, city.note) == (ExpenseCategory.OPERATING, 7 * M, "시비")
        bd.remove_budget_line(s, city.id)
        assert bd.get_budget_line(s, nat.id) is nat
        refused(bd.get_budget_line, s, city.id, code="not_found")


def test_expenditures_follow_their_line(any_db):
    with any_db.write() as s:
        p, nat, prov = _with_lines(s)
        e = bd.add_expenditure(s, ExpenditureInput(prov.id, dt.date(2026, 4, 2), 50 * M, "급여"))
        assert (e.program_id, e.source, e.category) == (p.id, FundingSource.PROVINCIAL, ExpenseCategory.PERSONNEL)
        bd.update_expenditure(s, e.id, ExpenditureInput(nat.id, dt.date(2026, 4, 3), 60 * M))
        assert (e.source, e.category, e.amount_krw, e.description) == (
            FundingSource.NATIONAL, ExpenseCategory.UNASSIGNED, 60 * M, None)
        # Changing the line's source or cost item moves its expenditures along; its year stays.
        bd.update_budget_line(s, nat.id, BudgetLineInput(2026, "city", "equipment", 1000 * M))
        s.refresh(e)
        assert (e.source, e.category) == (FundingSource.CITY, ExpenseCategory.EQUIPMENT)
        err = refused(bd.remove_budget_line, s, nat.id, code="has_expenditures")
        assert "1 expenditure" in err.message
        pg.update_program(s, p.id, ProgramInput(name=p.name, funder="motie", fiscal_year=2026, last_fiscal_year=2027))
        refused(bd.update_budget_line, s, nat.id, BudgetLineInput(2027, "city", "equipment", 1),
                 field="fiscal_year", code="has_expenditures")
        bd.remove_expenditure(s, e.id)
        refused(bd.get_expenditure, s, e.id, code="not_found")


@pytest.mark.parametrize("day, amount, field", [
    (dt.date(2026, 1, 5), 0, "amount_krw"),
    (dt.date(2026, 1, 5), 10.5, "amount_krw"),
    (dt.date(2026, 1, 5), "ten", "amount_krw"),
    (dt.date(2025, 12, 31), 10, "spent_on"),
    (None, 10, "spent_on"),
])
def test_add_expenditure_refuses(any_db, day, amount, field):
    with any_db.write() as s:
        _p, nat, _prov = _with_lines(s)
        refused(bd.add_expenditure, s, ExpenditureInput(nat.id, day, amount), field=field)
        refused(bd.add_expenditure, s, ExpenditureInput(nat.id + 999, dt.date(2026, 1, 5), 1),
                 field="budget_line_id")


def test_outside_fiscal_year_sentence_names_the_range(any_db):
    with any_db.write() as s:
        _p, nat, _prov = _with_lines(s)
        err = refused(bd.add_expenditure, s, ExpenditureInput(nat.id, dt.date(2027, 1, 1), 10))
    assert "between 2026-01-01 and 2026-12-31" in err.message


def test_record_expenditure_finds_the_line_by_source_and_cost_item(any_db):
    with any_db.write() as s:
        p, nat, prov = _with_lines(s)
        e = pg.record_expenditure(s, p.id, amount_krw=5, source="national", spent_on=dt.date(2026, 2, 1),
                                  category="행사비", description="memo")
        assert e.budget_line_id == nat.id and e.description == "[행사비] memo"
        e2 = bd.record_expenditure(s, p.id, amount_krw=5, source=FundingSource.PROVINCIAL,
                                   spent_on=dt.date(2026, 2, 1), category="personnel")
        assert e2.budget_line_id == prov.id
        refused(bd.record_expenditure, s, p.id, amount_krw=5, source="private", spent_on=dt.date(2026, 2, 1),
                 field="source", code="no_budget_line")
        bd.add_budget_line(s, p.id, BudgetLineInput(2026, "national", "travel", 1))
        refused(bd.record_expenditure, s, p.id, amount_krw=5, source="national", spent_on=dt.date(2026, 2, 1),
                 field="category", code="several_lines")
        refused(bd.record_expenditure, s, p.id, amount_krw=5, source="foreign", spent_on=dt.date(2026, 2, 1),
                 field="source")
        refused(bd.record_expenditure, s, p.id, amount_krw=5, source="national", spent_on=dt.date(2025, 2, 1),
                 field="spent_on")


def test_execution_by_source_category_and_year(any_db):
    with any_db.write() as s:
        p, nat, prov = _with_lines(s)
        travel = bd.add_budget_line(s, p.id, BudgetLineInput(2026, "national", "travel", 100 * M))
        for line, day, amount in [(nat, dt.date(2026, 3, 31), 250 * M), (nat, dt.date(2026, 4, 2), 50 * M),
                                  (prov, dt.date(2026, 2, 1), 100 * M), (travel, dt.date(2026, 5, 1), 20 * M)]:
            bd.add_expenditure(s, ExpenditureInput(line.id, day, amount))
        other = _program(s, name="Other")
        bd.add_budget_line(s, other.id, BudgetLineInput(2026, "city", "operating", 100 * M))
        pid = p.id
    with any_db.read() as s:
        full = bd.execution_by_source(s, pid)
        q1 = pg.budget_execution(s, pid, as_of=dt.date(2026, 3, 31))
        by_item = bd.execution_by_category(s, pid, fiscal_year=2026)
        year = pg.execution_for_year(s, 2026, as_of=dt.date(2026, 3, 31))
        groups = bd.kpi_execution(year)
        totals = bd.program_budget_totals(s)
    assert full[FundingSource.NATIONAL] == bd.Execution(1100 * M, 320 * M, 320 / 1100)
    assert full[FundingSource.PROVINCIAL] == bd.Execution(400 * M, 100 * M, 0.25)
    assert full[FundingSource.PRIVATE] == bd.Execution(0, 0, None)
    assert q1[FundingSource.NATIONAL].spent == 250 * M
    assert list(by_item) == [ExpenseCategory.PERSONNEL, ExpenseCategory.TRAVEL, ExpenseCategory.UNASSIGNED]
    assert by_item[ExpenseCategory.TRAVEL] == bd.Execution(100 * M, 20 * M, 0.2)
    assert year[FundingSource.CITY] == bd.Execution(100 * M, 0, 0.0)
    assert groups["local"] == bd.Execution(500 * M, 100 * M, 0.2)
    assert totals[pid] == (1500 * M, 420 * M)


# --- milestones -----------------------------------------------------------------------------------

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
    assert ms.milestone_status(m, TODAY) is expected
    assert pg.milestone_status is ms.milestone_status
    assert expected.label


def test_milestones_add_edit_start_date_and_remove(any_db):
    with any_db.write() as s:
        p = _program(s)
        m = ms.add_milestone(s, p.id, MilestoneInput("Selection committee", dt.date(2026, 5, 1), owner="이보람"))
        ms.update_milestone(s, m.id, MilestoneInput("Selection committee", dt.date(2026, 5, 15),
                                                    started_on=dt.date(2026, 4, 20), owner=None))
        assert (m.due_on, m.started_on, m.owner) == (dt.date(2026, 5, 15), dt.date(2026, 4, 20), None)
        refused(ms.update_milestone, s, m.id, MilestoneInput("Selection committee", dt.date(2026, 4, 1),
                                                              started_on=dt.date(2026, 4, 20)), field="started_on")
        refused(ms.add_milestone, s, p.id, MilestoneInput(" selection COMMITTEE", dt.date(2026, 7, 1)),
                 field="title", code="duplicate")
        refused(ms.add_milestone, s, p.id, MilestoneInput("", dt.date(2026, 7, 1)), field="title")
        refused(ms.add_milestone, s, p.id, MilestoneInput("No date", None), field="due_on")
        ms.mark_milestone_done(s, m.id, dt.date(2026, 5, 14), today=TODAY)
        refused(ms.update_milestone, s, m.id, MilestoneInput("Selection committee", dt.date(2026, 5, 15),
                                                              started_on=dt.date(2026, 5, 15)), field="started_on")
        ms.reopen_milestone(s, m.id)
        assert m.done_on is None
        ms.remove_milestone(s, m.id)
        refused(ms.get_milestone, s, m.id, code="not_found")


def test_mark_done_and_on_time_rate(any_db):
    with any_db.write() as s:
        p = _program(s)
        rows = [ms.add_milestone(s, p.id, MilestoneInput(t, due)) for t, due in [
            ("on time", dt.date(2026, 4, 10)), ("late done", dt.date(2026, 4, 20)),
            ("late open", dt.date(2026, 5, 1)), ("ahead", dt.date(2026, 6, 30)),
            ("other quarter", dt.date(2026, 7, 15))]]
        pg.mark_milestone_done(s, rows[0].id, dt.date(2026, 4, 10), today=TODAY)
        ms.mark_milestone_done(s, rows[1].id, dt.date(2026, 4, 25), today=TODAY)
        refused(ms.mark_milestone_done, s, rows[3].id, dt.date(2026, 6, 11), today=TODAY, field="done_on")
        started = ms.add_milestone(s, p.id, MilestoneInput("started", dt.date(2027, 1, 1),
                                                           started_on=dt.date(2026, 6, 1)))
        refused(ms.mark_milestone_done, s, started.id, dt.date(2026, 5, 1), today=TODAY, field="done_on")
        # Q2: on time, late done, late open count; "ahead" is not due yet → 1 of 3
        assert ms.milestone_on_time_rate(s, dt.date(2026, 4, 1), dt.date(2026, 6, 30), today=TODAY) == 1 / 3
        # after the quarter, "ahead" (still open) counts as missed → 1 of 4
        assert ms.milestone_on_time_rate(s, dt.date(2026, 4, 1), dt.date(2026, 6, 30),
                                         today=dt.date(2026, 7, 2)) == 1 / 4
        assert ms.milestone_on_time_rate(s, dt.date(2025, 1, 1), dt.date(2025, 12, 31), today=TODAY) is None


def test_kpi_target_table_is_unique_per_program_year_quarter_and_kpi(any_db):
    """The database backs the rule up where neither program nor quarter is NULL."""
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        with any_db.write() as s:
            p = _program(s)
            s.add_all([KpiTarget(program_id=p.id, year=2026, quarter=1, kpi="events", target_value=1),
                       KpiTarget(program_id=p.id, year=2026, quarter=1, kpi="events", target_value=2)])
            s.flush()
    with any_db.read() as s:
        assert s.scalar(select(func.count()).select_from(Expenditure)) == 0
