"""One clock (hubdesk.domain.clock): "today" is the foundation's day whatever zone the PC's clock is
on; the Settings zone drives it; each facility books in its own zone; no other module names a zone
or reads the PC's clock.

The PC is put on Los Angeles time (TZ + time.tzset) and the clock is held at 00:30 on 3 December in
Seoul, which is still 2 December in Los Angeles (and in Ho Chi Minh City)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from hubdesk.db.enums import BookingUnit, CaseStage, FacilityKind, Modality, OrgKind, Pathway, RiskLevel
from hubdesk.db.schema import CaseStageChange, Organization
from hubdesk.domain import clock
from hubdesk.domain.quarters import Quarter

NEAR_MIDNIGHT = dt.datetime(2026, 12, 2, 15, 30, tzinfo=dt.timezone.utc)   # 00:30 of 12-03 in Seoul
SEOUL_DAY = dt.date(2026, 12, 3)
PC_DAY = dt.date(2026, 12, 2)                                               # 07:30 of 12-02 in Los Angeles
PACKAGE = Path(__file__).resolve().parents[2] / "hubdesk"


@pytest.fixture
def pc_in_los_angeles(monkeypatch):
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(autouse=True)
def _foundation_zone_restored():
    yield
    clock.set_zone(None)


def test_today_is_the_foundations_day_not_the_pcs(pc_in_los_angeles):
    with clock.fixed(NEAR_MIDNIGHT):
        assert dt.datetime.fromtimestamp(NEAR_MIDNIGHT.timestamp()).date() == PC_DAY   # the PC's own day
        assert clock.zone_name() == "Asia/Seoul"          # no setting: the default zone
        assert clock.today() == SEOUL_DAY
        assert clock.now().hour == 0 and clock.now().utcoffset() == dt.timedelta(hours=9)
        assert clock.current_quarter() == Quarter(2026, 4)
        assert clock.today("America/Los_Angeles") == PC_DAY        # a facility's own day
        assert clock.utc_now() == NEAR_MIDNIGHT


def test_the_settings_zone_drives_today_and_is_loaded_when_a_database_opens(any_db, pc_in_los_angeles):
    from hubdesk.db.database import open_database
    from hubdesk.domain.settings import save_foundation

    with clock.fixed(NEAR_MIDNIGHT):
        with any_db.write() as s:
            save_foundation(s, "Vietnam Herbal Foundation", None, "Asia/Ho_Chi_Minh")
            assert clock.zone_name() == "Asia/Seoul", "the zone changes only once the change is committed"
        assert clock.zone_name() == "Asia/Ho_Chi_Minh"
        assert clock.today() == dt.date(2026, 12, 2)       # 22:30 of 12-02 in Ho Chi Minh City
        clock.set_zone(None)
        again = open_database(any_db.url)
        try:
            assert clock.zone_name() == "Asia/Ho_Chi_Minh"
        finally:
            again.dispose()


def test_a_rolled_back_settings_change_leaves_the_clock_alone(db):
    from hubdesk.domain.settings import save_foundation

    with pytest.raises(RuntimeError):
        with db.write() as s:
            save_foundation(s, "Foundation", None, "Europe/Berlin")
            raise RuntimeError("the transaction fails")
    assert clock.zone_name() == "Asia/Seoul"


def test_stage_history_and_issued_reports_are_dated_on_the_foundations_day(any_db, pc_in_los_angeles):
    from hubdesk.domain import cases, report_lock

    with clock.fixed(NEAR_MIDNIGHT):
        with any_db.write() as s:
            org = Organization(name="셀바이오 주식회사", kind=OrgKind.COMPANY)
            s.add(org)
            s.flush()
            case = cases.open_case(s, organization_id=org.id, product="CB-101", pathway=Pathway.ARM_RESEARCH,
                                   modality=Modality.CELL_THERAPY, risk_level=RiskLevel.MEDIUM)
            cases.move_case(s, case.id, CaseStage.PRE_CONSULTATION)
            issued = report_lock.issue_quarter(s, Quarter(2026, 3), actor="tester")
        with any_db.read() as s:
            days = {c.changed_on for c in s.query(CaseStageChange).filter_by(case_id=case.id)}
            assert case.opened_on == SEOUL_DAY
            assert days == {SEOUL_DAY}
            assert report_lock.issued_date(issued) == SEOUL_DAY


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_the_report_cover_is_dated_on_the_foundations_day(db, tmp_path, pc_in_los_angeles):
    from hubdesk.formatting import format_date
    from hubdesk.reports.quarterly import render_quarterly

    with clock.fixed(NEAR_MIDNIGHT):
        out = render_quarterly(db, Quarter(2026, 4), "en", tmp_path / "q4.pdf")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-l", "1", str(out), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert f"Draft generated on {format_date(SEOUL_DAY, lang='en')}" in " ".join(text.split())
    assert format_date(PC_DAY, lang="en") not in text


def test_a_facility_in_another_zone_books_in_its_own_zone(any_db):
    from hubdesk.domain import facilities
    from hubdesk.domain.booking_rules import BookingRequest
    from hubdesk.domain.bookings import BookingRefused, create_booking
    from tests.factories import make_org, make_user_class

    berlin = clock.zone("Europe/Berlin")
    with any_db.write() as s:
        org = make_org(s, "Berlin Biotech GmbH", user_class=make_user_class(s))
        fac = facilities.save_facility(s, None, name="Berlin QC", kind=FacilityKind.QC_LAB, timezone="Europe/Berlin")
        home = facilities.save_facility(s, None, name="Osong QC", kind=FacilityKind.QC_LAB)
        assert home.timezone == clock.zone_name()          # no zone given: the foundation's
        res = facilities.save_resource(s, fac.id, None, name="Stability chamber", kind="equipment",
                                       booking_unit=BookingUnit.DAY, max_units=10)
        s.flush()
        first = dt.datetime(2026, 12, 10, tzinfo=berlin)
        booking = create_booking(s, BookingRequest(res.id, org.id, first, first + dt.timedelta(days=2)))
        assert booking.units == 2
        seoul_midnight = dt.datetime(2026, 12, 20, tzinfo=clock.zone())
        with pytest.raises(BookingRefused) as refused:
            create_booking(s, BookingRequest(res.id, org.id, seoul_midnight, seoul_midnight + dt.timedelta(days=1)))
        assert [p.code for p in refused.value.problems] == ["whole_units"]   # not a whole day in Berlin


def test_no_module_but_the_clock_names_a_zone():
    """Only the clock knows the foundation's zone. Allowed besides: the migrations and the ORM
    column default, which store the default value for rows written without the domain."""
    allowed = {PACKAGE / "domain" / "clock.py", PACKAGE / "db" / "schema" / "facilities.py"}
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if p not in allowed and "migrations" not in p.parts and "Asia/Seoul" in p.read_text("utf-8")]
    assert offenders == []


def test_no_module_but_the_clock_reads_the_pcs_clock_for_a_day():
    """`date.today()` and `datetime.now()` give the PC's day, not the foundation's: the domain, the
    documents, the exchange, the demo, the commands and the interface ask the clock."""
    pattern = re.compile(r"\bdate\.today\(|\bdatetime\.now\(|\bdatetime\.utcnow\(")
    offenders = []
    for p in PACKAGE.rglob("*.py"):
        if p == PACKAGE / "domain" / "clock.py" or p.relative_to(PACKAGE).parts[0] == "db":
            continue   # the database layer stamps rows in UTC and names files; it is below the domain
        offenders += [f"{p.relative_to(PACKAGE)}:{n}" for n, line in enumerate(p.read_text("utf-8").splitlines(), 1)
                      if pattern.search(line)]
    assert offenders == []
