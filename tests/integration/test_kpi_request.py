"""The KPI request round trip on the command line: a workbook pre-filled with last quarter's figures
for one organization or every active member, filled in, checked with a dry run (nothing written),
then imported all or nothing."""

from __future__ import annotations

import datetime as dt

import openpyxl
from sqlalchemy import select

from hubdesk.db.database import open_database
from hubdesk.db.enums import OrgStatus
from hubdesk.db.schema import KpiValue, Organization
from hubdesk.domain import kpi_values
from hubdesk.domain.organizations import archive_organization
from hubdesk.domain.quarters import Quarter
from tests.factories import make_org
from tests.integration.test_cli import run


def _office(path):
    db = open_database(path)
    with db.write() as s:
        hanbit = make_org(s, "Hanbit Bio", status=OrgStatus.MEMBER, business_no="220-81-62517").id
        cellgen = make_org(s, "Cellgen", status=OrgStatus.TENANT).id
        gone = make_org(s, "Closed Co", status=OrgStatus.MEMBER).id
        make_org(s, "Chungbuk University", status=OrgStatus.PARTNER)
        kpi_values.set_kpi_values(s, hanbit, Quarter(2026, 2), dict(headcount=40, new_hires=4, permanent_hires=2,
                                                                    sales_krw=900_000_000))
        archive_organization(s, gone, today=dt.date(2026, 5, 1))
    db.dispose()
    return hanbit, cellgen


def _sheet(path):
    ws = openpyxl.load_workbook(path).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    return rows[0], rows[1:]


def test_kpi_request_round_trip(tmp_path):
    db_path = tmp_path / "office.db"
    hanbit, cellgen = _office(db_path)

    everyone = tmp_path / "request-all.xlsx"
    result = run("--db", str(db_path), "export", "kpi-request", "--quarter", "2026Q3", str(everyone),
                 tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "2 organizations" in result.stdout
    headers, rows = _sheet(everyone)
    assert [r[headers.index("기업명")] for r in rows] == ["Cellgen", "Hanbit Bio"]   # members, not archived
    hanbit_row = rows[1]
    assert hanbit_row[headers.index("분기")] == 3 and hanbit_row[headers.index("연도")] == 2026
    assert hanbit_row[headers.index("고용인원")] == 40 and hanbit_row[headers.index("정규직 채용")] == 2

    one = tmp_path / "request-hanbit.xlsx"
    assert run("--db", str(db_path), "export", "kpi-request", "--quarter", "2026Q3", "--org", "220-81-62517",
               str(one), tmp_path=tmp_path).returncode == 0
    headers, rows = _sheet(one)
    assert len(rows) == 1 and rows[0][headers.index("기업명")] == "Hanbit Bio"

    # the company fills it in: more people, more sales
    wb = openpyxl.load_workbook(one)
    ws = wb.active
    ws.cell(row=2, column=headers.index("고용인원") + 1, value=44)
    ws.cell(row=2, column=headers.index("매출액") + 1, value=1_100_000_000)
    wb.save(one)
    dry = run("--db", str(db_path), "import", "kpis", str(one), "--dry-run", tmp_path=tmp_path)
    assert dry.returncode == 0 and "Nothing was written" in dry.stdout and "create 1" in dry.stdout
    assert "Row 2, Hanbit Bio, 2026Q3: 고용인원: – → 44; 신규채용: – → 4; 정규직 채용: – → 2; " \
           "매출액: – → 1,100,000,000" in dry.stdout
    db = open_database(db_path)
    try:
        with db.read() as s:
            assert s.scalar(select(KpiValue).where(KpiValue.quarter == 3)) is None
    finally:
        db.dispose()
    assert run("--db", str(db_path), "import", "kpis", str(one), tmp_path=tmp_path).returncode == 0
    db = open_database(db_path)
    try:
        with db.read() as s:
            q3 = s.scalar(select(KpiValue).where(KpiValue.quarter == 3))
            assert (q3.organization_id, q3.headcount, q3.permanent_hires, q3.sales_krw) == (hanbit, 44, 2,
                                                                                           1_100_000_000)
    finally:
        db.dispose()

    # a filled file with a bad figure writes nothing at all
    ws.cell(row=2, column=headers.index("신규채용") + 1, value=1)       # fewer new hires than permanent ones
    wb.save(one)
    bad = run("--db", str(db_path), "import", "kpis", str(one), tmp_path=tmp_path)
    assert bad.returncode == 1 and "2 permanent hires is more than the 1 new hires" in bad.stderr

    assert run("--db", str(db_path), "export", "kpi-request", str(one), tmp_path=tmp_path).returncode == 2


def test_kpi_request_for_a_programs_participants(tmp_path):
    """`--program` asks the companies taking part in the program during the quarter: beneficiaries and
    cohort members whose participation overlaps it, not partners, not those who left before it, not
    archived ones; a program with nobody to ask, or an unknown name, is refused with a sentence."""
    from hubdesk.db.enums import ParticipantRole
    from hubdesk.domain.participants import ParticipantInput, add_participant
    from tests.factories import make_program

    db_path = tmp_path / "office.db"
    hanbit, cellgen = _office(db_path)
    db = open_database(db_path)
    with db.write() as s:
        program = make_program(s, "Export voucher", fiscal_year=2026)
        empty = make_program(s, "Empty program", fiscal_year=2026)
        late = make_org(s, "Late Joiner", status=OrgStatus.MEMBER).id
        gone_early = make_org(s, "Left Early", status=OrgStatus.MEMBER).id
        university = s.scalar(select(Organization.id).where(Organization.name == "Chungbuk University"))
        for org, role, joined, left in [
                (hanbit, ParticipantRole.BENEFICIARY, dt.date(2026, 1, 5), None),
                (cellgen, ParticipantRole.COHORT_MEMBER, dt.date(2026, 9, 30), None),   # last day of Q3
                (late, ParticipantRole.BENEFICIARY, dt.date(2026, 10, 1), None),        # after Q3
                (gone_early, ParticipantRole.COHORT_MEMBER, dt.date(2026, 1, 5), dt.date(2026, 6, 30)),
                (university, ParticipantRole.PARTNER, dt.date(2026, 1, 5), None)]:
            add_participant(s, program.id, ParticipantInput(organization_id=org, role=role, joined_on=joined,
                                                            left_on=left))
        program_id, empty_id = program.id, empty.id
    db.dispose()

    out = tmp_path / "request-program.xlsx"
    by_name = run("--db", str(db_path), "export", "kpi-request", "--quarter", "2026Q3", "--program",
                  "export VOUCHER", str(out), tmp_path=tmp_path)
    assert by_name.returncode == 0, by_name.stderr
    assert "2 organizations" in by_name.stdout
    headers, rows = _sheet(out)
    assert [r[headers.index("기업명")] for r in rows] == ["Cellgen", "Hanbit Bio"]
    assert rows[1][headers.index("고용인원")] == 40        # pre-filled from Q2

    by_number = run("--db", str(db_path), "export", "kpi-request", "--quarter", "2026Q3", "--program",
                    str(program_id), str(out), tmp_path=tmp_path)
    assert by_number.returncode == 0 and "2 organizations" in by_number.stdout

    nobody = run("--db", str(db_path), "export", "kpi-request", "--quarter", "2026Q3", "--program",
                 str(empty_id), str(tmp_path / "nobody.xlsx"), tmp_path=tmp_path)
    assert nobody.returncode != 0 and "No company takes part in Empty program during 2026Q3" in nobody.stderr
    assert not (tmp_path / "nobody.xlsx").exists()

    unknown = run("--db", str(db_path), "export", "kpi-request", "--quarter", "2026Q3", "--program",
                  "No such program", str(tmp_path / "x.xlsx"), tmp_path=tmp_path)
    assert unknown.returncode == 2 and 'No program is called "No such program"' in unknown.stderr

    both = run("--db", str(db_path), "export", "kpi-request", "--quarter", "2026Q3", "--program", "1",
               "--org", "1", str(tmp_path / "y.xlsx"), tmp_path=tmp_path)
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
