"""Importing facility subsidies from a CSV file into a real database: every row goes through the
domain's checks (a bad row writes nothing and is named with its column), Korean kind and period
labels are read, the resources a subsidy is limited to are named by code or name, and an exported
workbook imports again unchanged."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from hubdesk.db.enums import SubsidyKind, SubsidyPeriod
from hubdesk.db.schema import FacilitySubsidy
from hubdesk.interchange.exporter import export_table
from hubdesk.interchange.importer import import_file
from tests.factories import booking_world, make_program

HEADER = "program,program_year,kind,value,period,valid_from,valid_to,resources,note\n"


def test_subsidies_import_checks_every_row_and_round_trips(db, tmp_path):
    with db.write() as s:
        booking_world(s, name="Bioreactor 50 L")
        make_program(s, "Bio voucher", fiscal_year=2026)
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER
                   + "Bio voucher,2026,시간,40,분기,2026-01-01,2026-12-31,Bioreactor 50 L,바우처\n"
                   + "Bio voucher,2026,비율,130,,,,,\n"
                   + "Bio voucher,2026,금액,5000000,연,,,Fermenter 9,\n", encoding="utf-8")
    result = import_file(db, "subsidies", bad)
    problems = [str(p) for p in result.problems]
    assert len(problems) == 2, problems
    assert problems[0].startswith("row 3") and "value" in problems[0] and "at most 100%" in problems[0]
    assert problems[1].startswith("row 4") and "resources" in problems[1]
    with db.read() as s:
        assert s.scalars(select(FacilitySubsidy)).all() == []             # nothing written

    good = tmp_path / "good.csv"
    good.write_text(HEADER
                    + "Bio voucher,2026,시간,40,분기,2026-01-01,2026-12-31,Bioreactor 50 L,바우처\n"
                    + "Bio voucher,2026,share,30,,,,,\n", encoding="utf-8")
    result = import_file(db, "subsidies", good)
    assert result.problems == [] and result.created == 2
    with db.read() as s:
        rows = s.scalars(select(FacilitySubsidy).order_by(FacilitySubsidy.id)).all()
        assert [(r.kind, r.value, r.period, r.valid_to, len(r.resources)) for r in rows] == [
            (SubsidyKind.HOURS, 40, SubsidyPeriod.QUARTER, dt.date(2026, 12, 31), 1),
            (SubsidyKind.SHARE, 30, SubsidyPeriod.YEAR, None, 0)]
    exported = tmp_path / "out.xlsx"
    assert export_table(db, "subsidies", exported) == 2
    again = import_file(db, "subsidies", exported, dry_run=True)
    assert again.problems == [] and (again.created, again.updated, again.unchanged) == (0, 0, 2)
