"""Importing resource incidents from a CSV file into a real database: every row goes through the
domain's checks, a file with a bad row writes nothing and names the row and column, Korean kind
labels are read, the facility's wall-clock times are kept, and a re-import changes nothing."""

from __future__ import annotations

from sqlalchemy import select

from hubdesk.db.enums import IncidentKind
from hubdesk.db.schema import ResourceIncident
from hubdesk.interchange.exporter import export_table
from hubdesk.interchange.importer import import_file
from tests.factories import booking_world, kst

HEADER = "resource,occurred_at,kind,description,reported_by,down_from,down_until,voids_qualification\n"


def test_incidents_import_checks_every_row_and_round_trips(db, tmp_path):
    with db.write() as s:
        booking_world(s, name="Bioreactor 50 L")
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER
                   + "Bioreactor 50 L,2026-05-04 08:00,고장,Motor stopped,Park,2026-05-04 08:00,,yes\n"
                   + "Bioreactor 50 L,2026-05-06 09:00,explosion,Smoke,,,,\n"
                   + "Bioreactor 50 L,2026-05-07 09:00,repair,Motor replaced,,2026-05-07 12:00,2026-05-07 09:00,\n",
                   encoding="utf-8")
    result = import_file(db, "incidents", bad)
    problems = [str(p) for p in result.problems]
    assert len(problems) == 2, problems
    assert problems[0].startswith("row 3") and "kind" in problems[0]
    assert problems[1].startswith("row 4") and "down_until" in problems[1] and "must end after it starts" in problems[1]
    with db.read() as s:
        assert s.scalars(select(ResourceIncident)).all() == []            # nothing written

    good = tmp_path / "good.csv"
    good.write_text(HEADER
                    + "Bioreactor 50 L,2026-05-04 08:00,고장,Motor stopped,Park,2026-05-04 08:00,,yes\n"
                    + "Bioreactor 50 L,2026-05-07 09:00,repair,Motor replaced,,2026-05-07 09:00,2026-05-07 12:00,\n",
                    encoding="utf-8")
    result = import_file(db, "incidents", good)
    assert result.problems == [] and result.created == 2
    with db.read() as s:
        rows = s.scalars(select(ResourceIncident).order_by(ResourceIncident.occurred_at)).all()
        assert [(r.kind, r.down_from, r.down_until, r.voids_qualification) for r in rows] == [
            (IncidentKind.BREAKDOWN, kst(2026, 5, 4, 8), None, True),
            (IncidentKind.REPAIR, kst(2026, 5, 7, 9), kst(2026, 5, 7, 12), False)]
    exported = tmp_path / "out.xlsx"
    assert export_table(db, "incidents", exported) == 2
    again = import_file(db, "incidents", exported, dry_run=True)
    assert again.problems == [] and (again.created, again.updated, again.unchanged) == (0, 0, 2)
