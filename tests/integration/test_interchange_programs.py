"""Program data in and out: the small demo's programs, budget lines, expenditures, participants,
milestones, events and KPI targets are exported, imported in order into a new empty database
(after its organizations), and exported again: the same records come out. Plus the command line,
all-or-nothing and row/column in the problems."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from sqlalchemy import func, insert, select

from hubdesk import cli
from hubdesk.db.database import open_database
from hubdesk.db.schema import Base, BudgetLine, Event, EventParticipant, Expenditure, KpiTarget, Participant, Program
from hubdesk.interchange.exporter import export_table
from hubdesk.interchange.importer import import_file
from hubdesk.interchange.kinds import PROGRAM_KINDS
from tests.factories import demo_database

TODAY = dt.date(2026, 6, 15)
MODELS = (Program, BudgetLine, Expenditure, Participant, Event, EventParticipant, KpiTarget)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    with demo_database(tmp_path_factory.mktemp("demo") / "demo.db", 11, TODAY) as db:
        yield db


def _rows(path) -> tuple[list, list]:
    rows = [list(r) for r in openpyxl.load_workbook(path, read_only=True).active.iter_rows(values_only=True)]
    return rows[0], sorted(rows[1:], key=lambda r: [str(v) for v in r])


def _counts(db) -> dict[str, int]:
    with db.read() as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m)) for m in MODELS}


def test_program_kinds_round_trip_into_an_empty_database(demo, tmp_path):
    first = {}
    for kind in ("organizations", *PROGRAM_KINDS):
        path = tmp_path / f"first-{kind}.xlsx"
        export_table(demo, kind, path)
        first[kind] = path
    fresh = open_database(tmp_path / "fresh.db")
    try:
        # user classes are reference data no import carries (organizations name theirs); a new
        # database already holds the standard ones, so only the others are copied
        with demo.read() as src, fresh.write() as dst:
            table = Base.metadata.tables["user_class"]
            have = set(dst.scalars(select(table.c.code)))
            rows = [dict(r._mapping) for r in src.execute(select(table)) if r.code not in have]
            for r in rows:
                r.pop("id")
            if rows:
                dst.execute(insert(table), rows)
        for kind in ("organizations", *PROGRAM_KINDS):
            result = import_file(fresh, kind, first[kind])
            assert result.ok, (kind, [str(p) for p in result.problems[:5]])
            assert result.written and result.created == result.rows, kind
        assert _counts(fresh) == _counts(demo)
        counts = _counts(demo)
        assert all(counts.values()), counts   # the demo has rows of every kind
        for kind in PROGRAM_KINDS:
            again = tmp_path / f"again-{kind}.xlsx"
            export_table(fresh, kind, again)
            assert _rows(again) == _rows(first[kind]), kind
        # Importing the same files again changes nothing.
        for kind in PROGRAM_KINDS:
            result = import_file(fresh, kind, first[kind])
            assert result.ok and result.unchanged == result.rows, (kind, result.summary())
        assert _counts(fresh) == counts
    finally:
        fresh.dispose()


def _sheet(path, headers, *rows) -> str:
    book = openpyxl.Workbook()
    for row in (headers, *rows):
        book.active.append(list(row))
    book.save(path)
    return str(path)


def test_a_bad_row_names_row_and_column_and_nothing_is_written(db, tmp_path):
    with db.write() as s:
        from tests.factories import make_org

        make_org(s, "Hanbit Bio")
    programs = _sheet(tmp_path / "p.xlsx", ["사업명", "회계연도", "주관부처", "마지막 회계연도"],
                      ["바이오 육성", 2026, "산업통상자원부", 2027], ["Export", 2026, "ministry of fun", None],
                      ["Later", 2026, "city", 2025])
    result = import_file(db, "programs", programs)
    assert [str(p) for p in result.problems] == [
        "row 3, column 주관부처: “ministry of fun” is not one of the allowed values: motie, mafra, mss, mohw, msit, "
        "province, city, other.",
        "row 4, column 마지막 회계연도: The last fiscal year 2025 is before the first fiscal year 2026. Correct one of "
        "the two."]
    assert _counts(db)["program"] == 0
    result = import_file(db, "programs", _sheet(tmp_path / "p2.xlsx", ["사업명", "회계연도", "주관부처"],
                                                ["바이오 육성", 2026, "motie"]))
    assert result.ok and result.created == 1
    lines = _sheet(tmp_path / "b.xlsx", ["사업명", "회계연도", "재원", "비목", "예산액"],
                   ["바이오 육성", 2026, "국비", "인건비", "500,000,000"], ["바이오 육성", 2026, "도비", "여비", 1000],
                   ["바이오 육성", 2027, "시비", "여비", 1000], ["없는 사업", 2026, "국비", "인건비", 1])
    result = import_file(db, "budget_lines", lines)
    assert [(p.row, p.column) for p in result.problems] == [(4, "회계연도"), (5, "사업명")]
    assert "2027 is not one of the fiscal years" in result.problems[0].message
    assert _counts(db)["budget_line"] == 0
    spend = _sheet(tmp_path / "e.xlsx", ["사업명", "집행일", "재원", "비목", "집행액", "적요"],
                   ["바이오 육성", "2026-03-02", "국비", "인건비", "1,000", "3월 급여"])
    assert not import_file(db, "expenditures", spend).ok   # no budget line yet
    assert import_file(db, "budget_lines", _sheet(tmp_path / "b2.xlsx", ["사업명", "회계연도", "재원", "비목", "예산액"],
                                                  ["바이오 육성", 2026, "국비", "인건비", 5000])).ok
    result = import_file(db, "expenditures", spend)
    assert result.ok and result.created == 1
    events = _sheet(tmp_path / "ev.xlsx", ["행사명", "행사유형", "개최일", "수출상담 건수", "수출계약 건수", "참여기관"],
                    ["하노이 수출상담회", "수출상담회", "2026-05-12", 2, 3, "Hanbit Bio"],
                    ["세미나", "세미나", "2026-05-13", 0, 0, "Nobody Ltd"])
    result = import_file(db, "events", events)
    assert [(p.row, p.column) for p in result.problems] == [(2, "수출계약 건수"), (3, "참여기관")]
    targets = _sheet(tmp_path / "t.xlsx", ["연도", "분기", "지표", "목표값"],
                     [2026, None, "Companies supported", 40], [2026, "2분기", "utilisation_rate", "65%"],
                     [2026, None, "happiness", 1])
    result = import_file(db, "kpi_targets", targets)
    assert [(p.row, p.column) for p in result.problems] == [(4, "지표")]
    result = import_file(db, "kpi_targets", _sheet(tmp_path / "t2.xlsx", ["연도", "분기", "지표", "목표값"],
                                                   [2026, None, "Companies supported", 40],
                                                   [2026, "2분기", "utilisation_rate", "65%"]))
    assert result.ok and result.created == 2
    with db.read() as s:
        assert s.scalar(select(KpiTarget.target_value).where(KpiTarget.quarter == 2)) == 0.65


def test_command_line_imports_and_exports_program_kinds(tmp_path, capsys):
    target = tmp_path / "cli.db"
    programs = _sheet(tmp_path / "p.xlsx", ["name", "fiscal_year", "funder", "status"],
                      ["Herbal cluster", 2026, "mafra", "planned"])
    assert cli.main(["--db", str(target), "import", "programs", programs]) == 0
    lines = _sheet(tmp_path / "b.csv.xlsx", ["program", "fiscal_year", "source", "category", "amount_krw"],
                   ["Herbal cluster", 2026, "national", "equipment", 300_000_000])
    assert cli.main(["--db", str(target), "import", "budget_lines", lines]) == 0
    out = tmp_path / "lines.csv"
    assert cli.main(["--db", str(target), "export", "budget_lines", str(out)]) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "Herbal cluster" in text and "equipment" in text and "300000000" in text
    capsys.readouterr()


def test_a_year_no_calendar_has_is_a_cell_problem_on_every_year_column(any_db, tmp_path):
    """Found by the fuzzed import on PostgreSQL: a fiscal year of 2,147,483,648 reached the
    database as a query parameter (out of an INTEGER's range) instead of being refused in its cell."""
    db = any_db
    assert import_file(db, "programs", _sheet(tmp_path / "p.xlsx", ["사업명", "회계연도", "주관부처"],
                                              ["바이오 육성", 2026, "motie"])).ok
    huge = 2_147_483_648
    cases = [("programs", ["사업명", "회계연도", "주관부처"], ["Other", huge, "motie"], "회계연도"),
             ("programs", ["사업명", "회계연도", "주관부처", "마지막 회계연도"], ["Other", 2026, "motie", 20260],
              "마지막 회계연도"),
             ("budget_lines", ["사업명", "회계연도", "재원", "비목", "예산액"], ["바이오 육성", huge, "국비", "인건비", 0],
              "회계연도"),
             ("kpi_targets", ["연도", "분기", "지표", "목표값"], [huge, None, "Companies supported", 40], "연도"),
             ("kpis", ["기관명", "연도", "분기", "고용인원"], ["Nobody", 0, 1, 3], "연도")]
    for n, (kind, headers, row, column) in enumerate(cases):
        result = import_file(db, kind, _sheet(tmp_path / f"y{n}.xlsx", headers, row))
        assert [(p.row, p.column) for p in result.problems][:1] == [(2, column)], (kind, result.problems)
        assert "is not a plausible year" in result.problems[0].message
    assert _counts(db)["program"] == 1 and _counts(db)["budget_line"] == 0
