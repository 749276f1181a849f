"""Migration 0002_programs on a database at 0001 holding demo-like program rows: the old budget
columns become budget lines, every expenditure is attached to its line (old 'local' money becomes
provincial), and the amounts are all still there."""

from __future__ import annotations

import datetime as dt
import uuid

from alembic import command
from sqlalchemy import func, select, text

from hubdesk.db import migrate
from hubdesk.db.database import open_database
from hubdesk.db.engine import make_engine, resolve_target
from hubdesk.db.enums import ExpenseCategory, FundingSource, ProgramStatus
from hubdesk.db.schema import BudgetLine, Expenditure, KpiTarget, Program

NOW = "2026-01-02 00:00:00"


def _at_0001(target: str) -> None:
    engine = make_engine(resolve_target(target))
    try:
        with engine.begin() as conn:
            command.upgrade(migrate.alembic_config(conn), "0001_initial")
        with engine.begin() as conn:
            def row(table: str, **values):
                values.update(uid=str(uuid.uuid4()), created_at=NOW, updated_at=NOW)
                cols = ", ".join(values)
                conn.execute(text(f"INSERT INTO {table} ({cols}) VALUES ({', '.join(':' + c for c in values)})"),
                             values)
            row("program", id=1, name="2026 Herbal cluster", funder="motie", fiscal_year=2026,
                budget_national_krw=1_000_000_000, budget_local_krw=400_000_000, budget_private_krw=0,
                manager="Kim", description=None)
            row("program", id=2, name="2025 Export", funder="province", fiscal_year=2025,
                budget_national_krw=0, budget_local_krw=0, budget_private_krw=50_000_000, manager=None,
                description=None)
            for i, (pid, day, source, amount, category) in enumerate([
                    (1, "2026-03-02", "national", 250_000_000, "인건비"),
                    (1, "2026-04-09", "local", 100_000_000, None),
                    (1, "2026-05-01", "private", 7_000_000, "행사비"),      # private spend, no private budget
                    (2, "2025-06-01", "private", 20_000_000, None)], start=1):
                row("expenditure", id=i, program_id=pid, spent_on=day, source=source, amount_krw=amount,
                    category=category, description="memo" if i == 1 else None)
            row("kpi_target", id=1, program_id=1, year=2026, quarter=None, kpi="new_jobs", target_value=20)
    finally:
        engine.dispose()


def test_programs_migration_keeps_budgets_and_expenditures(fresh_target):
    _at_0001(fresh_target)
    db = open_database(fresh_target)
    try:
        assert migrate.current_revision(db.engine) == migrate.HEAD_REVISION   # 0002_programs, then later ones
        with db.read() as s:
            lines = {(l.program_id, l.fiscal_year, l.source): l for l in s.scalars(select(BudgetLine))}
            assert {k: l.amount_krw for k, l in lines.items()} == {
                (1, 2026, FundingSource.NATIONAL): 1_000_000_000,
                (1, 2026, FundingSource.PROVINCIAL): 400_000_000,
                (1, 2026, FundingSource.PRIVATE): 0,
                (2, 2025, FundingSource.PRIVATE): 50_000_000,
            }
            assert {l.category for l in lines.values()} == {ExpenseCategory.UNASSIGNED}
            spent = {e.id: e for e in s.scalars(select(Expenditure))}
            assert spent[1].budget_line_id == lines[(1, 2026, FundingSource.NATIONAL)].id
            assert spent[1].description == "[인건비] memo"
            assert spent[2].source is FundingSource.PROVINCIAL
            assert spent[2].budget_line_id == lines[(1, 2026, FundingSource.PROVINCIAL)].id
            assert spent[3].description == "[행사비]"
            assert spent[4].budget_line_id == lines[(2, 2025, FundingSource.PRIVATE)].id
            assert s.scalar(select(func.sum(Expenditure.amount_krw))) == 377_000_000
            program = s.get(Program, 1)
            assert program.status is ProgramStatus.ACTIVE and program.last_fiscal_year is None
            assert s.scalar(select(func.count()).select_from(KpiTarget)) == 1
            last_id = max(l.id for l in lines.values())
        # New rows get ids after the migrated ones (PostgreSQL sequences were moved on).
        with db.write() as s:
            line = BudgetLine(program_id=2, fiscal_year=2025, source=FundingSource.CITY,
                              category=ExpenseCategory.TRAVEL, amount_krw=1)
            s.add(line)
            s.flush()
            assert line.id > last_id
    finally:
        db.dispose()


import pytest  # noqa: E402


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_target(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "old.db")
    return request.getfixturevalue("pg_url")


def test_event_training_migration_keeps_events_and_admits_training(fresh_target):
    """0004_event_training on a database at 0003 holding an event: the event is kept as it was,
    and a training course can then be stored; a kind nobody knows is still refused by the schema."""
    engine = make_engine(resolve_target(fresh_target))
    try:
        with engine.begin() as conn:
            command.upgrade(migrate.alembic_config(conn), "0003_network")
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO event (id, uid, created_at, updated_at, name, kind, held_on, "
                              "participants, buyer_meetings, export_consultations, export_consultation_krw, export_contracts, export_contract_krw) VALUES "
                              "(1, :uid, :now, :now, 'Seminar one', 'seminar', '2026-05-01', 12, 0, 0, 0, 0, 0)"),
                         {"uid": str(uuid.uuid4()), "now": NOW})
    finally:
        engine.dispose()
    db = open_database(fresh_target)
    try:
        assert migrate.current_revision(db.engine) == migrate.HEAD_REVISION
        with db.write() as s:
            s.execute(text("INSERT INTO event (id, uid, created_at, updated_at, name, kind, held_on, "
                           "participants, buyer_meetings, export_consultations, export_consultation_krw, export_contracts, export_contract_krw) VALUES "
                           "(2, :uid, :now, :now, 'GMP course', 'training', '2026-06-01', 30, 0, 0, 0, 0, 0)"),
                      {"uid": str(uuid.uuid4()), "now": NOW})
        with db.read() as s:
            assert s.execute(text("SELECT id, name, kind FROM event ORDER BY id")).all() == [
                (1, "Seminar one", "seminar"), (2, "GMP course", "training")]
        try:
            with db.write() as s:
                s.execute(text("INSERT INTO event (id, uid, created_at, updated_at, name, kind, held_on, "
                               "participants, buyer_meetings, export_consultations, export_consultation_krw, export_contracts, export_contract_krw) VALUES "
                               "(3, :uid, :now, :now, 'x', 'picnic', '2026-06-01', 0, 0, 0, 0, 0, 0)"),
                          {"uid": str(uuid.uuid4()), "now": NOW})
        except Exception as exc:      # the CHECK constraint, by either backend's name for it
            assert "event_kind" in str(exc) or "CHECK" in str(exc).upper()
        else:
            raise AssertionError("an unknown event kind was stored")
    finally:
        db.dispose()
