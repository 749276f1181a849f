"""UI test fixtures: an offscreen QApplication set up like the real one (style, font, translators),
QSettings in a temporary folder, a small hand-built database, an AppContext and the main window."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from hubdesk.domain import clock

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_qsettings(tmp_path, qapp):
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    yield


@pytest.fixture(scope="session")
def qapp_args():
    return ["hubdesk-tests"]


@pytest.fixture(autouse=True)
def _hubdesk_look(qapp):
    from hubdesk.ui.common.fonts import apply_interface_font
    from hubdesk.ui.common.i18n_qt import install_qt_translators
    from hubdesk.ui.common.style import apply_style

    if not qapp.property("hubdesk_styled"):
        apply_style(qapp)
        apply_interface_font(qapp)
        qapp.setProperty("hubdesk_styled", True)
    install_qt_translators("en", qapp)
    yield
    install_qt_translators("en", qapp)


@pytest.fixture
def small_db(db):
    """A few organizations of different kinds, one facility and resource, bookings, a case, a
    program with milestones, KPI values: enough for every screen to show something."""
    from hubdesk.db.enums import (BookingStatus, BookingUnit, CaseStage, FacilityKind, Funder, GrowthStage,
                                  InteractionKind, Modality, OrgKind, OrgStatus, Pathway, ResourceKind,
                                  RiskLevel, Sector, SupportType)
    from hubdesk.db.schema import (Booking, Certification, ClinicalCase, Contact, Facility, Interaction,
                                   KpiValue, Milestone, Organization, Program, Resource, UserClass)

    today = clock.today()
    now = dt.datetime.now(dt.timezone.utc).replace(minute=0, second=0, microsecond=0)
    with db.write() as s:
        member = UserClass(code="test_member", name="Member company")
        s.add(member)
        orgs = [
            Organization(name="한방바이오 주식회사", name_en="Hanbang Bio", kind=OrgKind.COMPANY,
                         sector=Sector.HERBAL_MEDICINE, growth_stage=GrowthStage.GROWTH,
                         status=OrgStatus.TENANT, region="Jecheon", business_no="220-81-62517",
                         member_since=dt.date(2021, 3, 1), user_class=member),
            Organization(name="Cellgen Therapeutics", kind=OrgKind.COMPANY, sector=Sector.REGENERATIVE_MEDICINE,
                         growth_stage=GrowthStage.STARTUP, status=OrgStatus.MEMBER, region="Osong"),
            Organization(name="Chungbuk University", kind=OrgKind.UNIVERSITY, status=OrgStatus.PARTNER,
                         region="Cheongju"),
            Organization(name="Osong General Hospital", kind=OrgKind.HOSPITAL, status=OrgStatus.PARTNER,
                         region="Osong"),
            Organization(name="Saigon Herbal JSC", kind=OrgKind.FOREIGN_PARTNER, country="VN",
                         sector=Sector.COSMETICS, status=OrgStatus.PROSPECT, region="Ho Chi Minh City"),
        ]
        s.add_all(orgs)
        s.flush()
        company = orgs[0]
        s.add(Contact(organization_id=company.id, name="Kim Minji", title="CEO", email="minji@hanbang.kr",
                      is_primary=True))
        s.add(Certification(organization_id=company.id, type="kgmp", number="K-123", issued_on=dt.date(2024, 5, 1),
                            expires_on=dt.date(2027, 4, 30)))
        s.add(Interaction(organization_id=company.id, kind=InteractionKind.SUPPORT,
                          support_type=SupportType.TESTING, occurred_on=today - dt.timedelta(days=3),
                          summary="Stability testing of extract"))
        s.add(KpiValue(organization_id=company.id, year=today.year, quarter=(today.month - 1) // 3 + 1,
                       headcount=42, new_hires=3, sales_krw=1_250_000_000, exports_krw=300_000_000))
        facility = Facility(name="Osong Cell Processing Center", kind=FacilityKind.CELL_PROCESSING,
                            licence_no="CPF-2020-01", licence_expires_on=today + dt.timedelta(days=60))
        s.add(facility)
        s.flush()
        resource = Resource(facility_id=facility.id, name="Cleanroom suite A", kind=ResourceKind.SUITE,
                            booking_unit=BookingUnit.HOUR, changeover_hours=2)
        s.add(resource)
        s.flush()
        for i, status in enumerate([BookingStatus.REQUESTED, BookingStatus.APPROVED, BookingStatus.CONFIRMED]):
            start = now + dt.timedelta(hours=4 * i)
            s.add(Booking(resource_id=resource.id, organization_id=company.id, starts_at=start,
                          ends_at=start + dt.timedelta(hours=2), units=2, status=status,
                          purpose="Extract pilot batch"))
        s.add(ClinicalCase(organization_id=orgs[1].id, product="CG-101 autologous chondrocytes",
                           pathway=Pathway.ARM_RESEARCH, modality=Modality.CELL_THERAPY, risk_level=RiskLevel.MEDIUM,
                           stage=CaseStage.PLAN_DRAFTING, opened_on=today - dt.timedelta(days=90),
                           next_deadline=today + dt.timedelta(days=5), next_deadline_note="Submit plan"))
        from tests.factories import make_program

        program = make_program(s, "Regional herbal cluster support", funder=Funder.MOTIE, fiscal_year=today.year,
                               budgets={"national": 800_000_000, "provincial": 200_000_000})
        s.add(Milestone(program_id=program.id, title="Buyer meeting in Hanoi", due_on=today - dt.timedelta(days=2)))
        s.add(Milestone(program_id=program.id, title="Brand catalogue", due_on=today + dt.timedelta(days=7)))
    return db


@pytest.fixture
def context(small_db):
    from hubdesk.ui.context import AppContext

    return AppContext(db=small_db, user_name="Tester")


@pytest.fixture
def main_window(qtbot, small_db):
    from hubdesk.ui.app import open_main_window

    from PySide6.QtCore import QThreadPool

    window = open_main_window(small_db, user_name="Tester", start_area="dashboard")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    QThreadPool.globalInstance().waitForDone(30000)   # no worker outlives the test database


@pytest.fixture
def shown_messages(monkeypatch):
    """What the error dialogs would have said (instead of blocking on a message box)."""
    from hubdesk.ui.common import errors

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(errors, "show_message", lambda parent, title, text, icon: shown.append((title, text)))
    return shown
