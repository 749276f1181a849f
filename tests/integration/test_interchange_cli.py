"""`hubdesk import`, `export` and `calendar` through the real command-line entry point."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hubdesk import cli
from hubdesk.db.database import open_database
from hubdesk.db.schema import Organization
from hubdesk.domain.identifiers import business_no_check_digit
from hubdesk.interchange.exporter import export_rows
from tests.factories import booking_world, kst

INTERCHANGE_COMMANDS = ["import_data", "export_data", "calendar_ics"]


def test_interchange_commands_are_registered():
    assert set(INTERCHANGE_COMMANDS) <= set(cli.COMMAND_MODULES)


@pytest.fixture
def hubdesk(capsys):
    """Run `hubdesk ARGS` in-process through the real entry point."""

    def run(*args: str) -> tuple[int, str, str]:
        code = cli.main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err
    return run


def brn(n: int) -> str:
    first9 = f"{101 + n // 10000:03d}81{n % 10000:04d}"
    return first9 + str(business_no_check_digit(first9))


def orgs_in(path) -> int:
    db = open_database(path)
    try:
        with db.read() as s:
            return s.scalar(select(func.count()).select_from(Organization))
    finally:
        db.dispose()


def test_import_dry_run_then_import_then_export(hubdesk, tmp_path):
    db_path, src = tmp_path / "hub.db", tmp_path / "members.csv"
    export_rows(src, ["기업명", "사업자등록번호"], [["한빛생약", brn(1)], ["세포와사람", brn(2)]])

    code, out, err = hubdesk("--db", db_path, "import", "organizations", src, "--dry-run")
    assert (code, err) == (0, "")
    assert "would create 2 and update 0" in out and "Nothing was written" in out
    assert orgs_in(db_path) == 0

    code, out, _err = hubdesk("--db", db_path, "import", "organizations", src)
    assert code == 0 and "2 created, 0 updated" in out
    assert orgs_in(db_path) == 2

    target = tmp_path / "out.xlsx"
    code, out, _err = hubdesk("--db", db_path, "export", "organizations", target, "--korean-headers")
    assert code == 0 and out.strip() == f"2 rows written to {target}."
    code, out, _err = hubdesk("--db", db_path, "import", "organizations", target)
    assert code == 0 and "2 unchanged" in out


def test_problems_are_printed_one_per_line_and_exit_1(hubdesk, tmp_path):
    db_path, src = tmp_path / "hub.db", tmp_path / "members.csv"
    rows = [[f"Company {i}", brn(i)] for i in range(2500)]
    rows[1200][1] = "123-45-6789"
    rows[2100][0] = None
    export_rows(src, ["name", "business_no"], rows)

    code, out, err = hubdesk("--db", db_path, "import", "organizations", src)

    assert code == 1 and out == ""
    lines = err.splitlines()
    assert "of 2500 rows checked" in lines[0]            # progress for a big file
    problems = [line for line in lines if line.startswith("row ")]
    assert problems[0].startswith("row 1202, column business_no: The business registration number “123-45-6789”")
    assert problems[1].startswith("row 2102, column name: This cell is empty")
    assert len(problems) == 2
    assert lines[-1] == "members.csv has 2 problems, so nothing was imported. Correct them and import the file again."
    assert orgs_in(db_path) == 0


def test_a_damaged_file_is_one_sentence(hubdesk, tmp_path):
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"PK\x03\x04 this is not really a workbook")
    code, out, err = hubdesk("--db", tmp_path / "hub.db", "import", "contacts", bad)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "broken.xlsx" in err and "Traceback" not in err


def test_calendar_command(hubdesk, tmp_path):
    db_path = tmp_path / "hub.db"
    db = open_database(db_path)
    try:
        with db.write() as s:
            w = booking_world(s, code="B1")
            from hubdesk.db.schema import Booking
            s.add(Booking(resource=w.resource, organization=w.org, starts_at=kst(2026, 3, 3, 9),
                          ends_at=kst(2026, 3, 3, 10), units=1))
    finally:
        db.dispose()
    out_file = tmp_path / "b1.ics"
    code, out, err = hubdesk("--db", db_path, "calendar", "--resource", "B1", "--out", out_file)
    assert (code, err) == (0, "") and "1 booking written" in out
    assert b"BEGIN:VEVENT" in out_file.read_bytes()
    code, out, err = hubdesk("--db", db_path, "calendar", "--org", "Hanbit Bio", "--out", out_file)
    assert code == 0 and "1 booking written" in out
    with pytest.raises(SystemExit) as exit_info:   # argparse: wrong usage exits 2
        hubdesk("--db", db_path, "calendar", "--out", out_file)
    assert exit_info.value.code == 2


@pytest.mark.parametrize("korean", [False, True])
def test_template_writes_the_import_headers_and_a_filled_template_imports(hubdesk, tmp_path, korean):
    import csv

    from hubdesk.interchange.exporter import template_columns

    target = tmp_path / "orgs.csv"
    args = ["template", "organizations", target] + (["--korean-headers"] if korean else [])
    code, out, _err = hubdesk(*args)
    assert code == 0 and str(target) in out
    assert ("기업명" if korean else "name") in out                     # the required column, named
    with target.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    columns = template_columns("organizations")
    assert rows == [[c.ko if korean else c.key for c in columns]]
    with target.open("a", encoding="utf-8", newline="") as fh:
        row = {"name": "한빛생약", "kind": "기업" if korean else "company", "business_no": brn(7)}
        csv.writer(fh).writerow([row.get(c.key, "") for c in columns])
    db_path = tmp_path / "hub.db"
    code, out, err = hubdesk("--db", db_path, "import", "organizations", target, "--dry-run")
    assert code == 0, err
    assert "1" in out


def test_template_refuses_an_unknown_kind_and_a_bad_name(hubdesk, tmp_path):
    with pytest.raises(SystemExit) as usage:
        hubdesk("template", "spaceships", tmp_path / "t.xlsx")
    assert usage.value.code == 2
    code, _out, err = hubdesk("template", "kpis", tmp_path / "t.txt")
    assert code == 1 and "t.txt" in err and ".xlsx or .csv" in err
    assert not (tmp_path / "t.txt").exists()
