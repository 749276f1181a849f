"""An organization's records driven as a person would: quarterly KPI figures typed on its page,
certifications and interactions corrected and removed, archiving, the user class of a new
organization, the certification alert on the dashboard and its lead time in Settings."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from hubdesk.domain import clock


def _company_id(context) -> int:
    from hubdesk.db.schema import Organization

    with context.db.read() as s:
        return s.scalar(select(Organization.id).where(Organization.business_no == "220-81-62517"))


@pytest.fixture
def page(qtbot, context):
    from hubdesk.ui.organizations.dialog import OrganizationDialog

    dialog = OrganizationDialog(context, _company_id(context))
    qtbot.addWidget(dialog)
    return dialog


@pytest.fixture
def confirm(monkeypatch):
    import hubdesk.ui.organizations.dialog as dialog_module

    asked: list[str] = []
    monkeypatch.setattr(dialog_module, "ask_confirmation", lambda parent, title, question: asked.append(question)
                        or True)
    return asked


def test_quarterly_figures_are_typed_on_the_page_with_permanent_hires(qtbot, page, context, shown_messages):
    from hubdesk.db.schema import KpiValue
    from hubdesk.domain.quarters import Quarter

    entry = page.kpi_entry
    today = clock.today()
    page._choose_kpi_quarter(0)                                  # a row of the table picks its quarter
    assert entry.quarter() == Quarter.of(today)
    assert entry.edits["headcount"].text() == "42" and entry.edits["permanent_hires"].text() == ""
    entry.edits["permanent_hires"].setText("4")                  # more than the 3 new hires
    assert entry.save() is False
    assert "4 permanent hires is more than the 3 new hires" in entry.problem_label.text()
    assert shown_messages[-1][1] == entry.problem_label.text()
    assert entry.edits["permanent_hires"].text() == "4"          # what was typed stays
    entry.edits["permanent_hires"].setText("2")
    entry.edits["sales_krw"].setText("1,300,000,000")
    assert entry.save() is True
    with context.db.read() as s:
        row = s.scalar(select(KpiValue))
        assert (row.permanent_hires, row.sales_krw) == (2, 1_300_000_000)
    model = page.detail_models["kpis"]
    assert model.index(0, model.COL_PERMANENT_HIRES).data() == "2"

    previous = Quarter.of(today).previous()
    entry.set_quarter(previous)
    assert entry.edits["headcount"].text() == "" and "No figures" in entry.state_label.text()
    entry.edits["headcount"].setText("twelve")
    assert entry.save() is False and "“twelve” is not a whole number" in entry.problem_label.text()
    entry.edits["headcount"].setText("38")
    assert entry.save() is True and model.rowCount() == 2


def test_an_issued_quarter_refuses_new_figures_with_the_lock_sentence(qtbot, page, context, shown_messages):
    from hubdesk.domain.quarters import Quarter
    from hubdesk.domain.report_lock import issue_quarter

    q = Quarter.of(clock.today()).previous()
    with context.db.write() as s:
        issue_quarter(s, q, figures={"q": q.quarter})
    entry = page.kpi_entry
    entry.set_quarter(q)
    assert "locked" in entry.state_label.text()
    entry.edits["headcount"].setText("12")
    assert entry.save() is False
    assert "Ask an administrator to reopen the quarter" in entry.problem_label.text()


def test_certifications_and_interactions_are_corrected_and_removed(qtbot, page, context, confirm,
                                                                   shown_messages):
    from hubdesk.db.enums import SupportType

    certs = page.detail_models["certifications"]
    page.detail_tables["certifications"].setCurrentIndex(certs.index(0, 0))
    page.edit_record("certifications")
    form = page._add_dialog
    assert form.number_edit.text() == "K-123" and form.windowTitle() == "Edit certification"
    form.expires_edit.set_value(dt.date(2020, 1, 1))
    assert form.save() is False and "2020-01-01" in form.problem_label.text()
    form.expires_edit.set_value(dt.date(2028, 4, 30))
    form.number_edit.setText("K-124")
    assert form.save() is True
    assert certs.index(0, certs.COL_NUMBER).data() == "K-124" and certs.rowCount() == 1

    interactions = page.detail_models["interactions"]
    page.detail_tables["interactions"].setCurrentIndex(interactions.index(0, 0))
    page.edit_record("interactions")
    form = page._add_dialog
    assert form.summary_edit.toPlainText() == "Stability testing of extract"
    form.support_combo.setCurrentIndex(form.support_combo.findData(SupportType.CONSULTING))
    assert form.save() is True
    assert interactions.index(0, interactions.COL_SUPPORT).data() == "Consulting"

    page.detail_tables["interactions"].setCurrentIndex(interactions.index(0, 0))
    assert page.remove_record("interactions") is True and interactions.rowCount() == 0
    page.detail_tables["certifications"].setCurrentIndex(certs.index(0, 0))
    assert page.remove_record("certifications") is True and certs.rowCount() == 0
    assert len(confirm) == 2
    assert page.remove_record("certifications") is False                # nothing selected: a sentence
    assert "Select a line" in shown_messages[-1][1]


def test_archive_hides_the_organization_from_new_bookings_and_the_list(qtbot, page, context, confirm):
    from hubdesk.ui.bookings.queries import organizations_to_book
    from hubdesk.ui.organizations.view import OrganizationsView

    def organizations(db):
        """What a new booking's organization box finds when the organization's name is typed."""
        with db.read() as s:
            return organizations_to_book(s, page.heading.text())

    org_id = page.org_id
    assert page.archive_button.text() == "Archive…" and page.archived_label.isHidden()
    assert page.toggle_archived() is True
    assert "new bookings" in confirm[-1]
    assert page.archive_button.text() == "Unarchive…" and not page.archived_label.isHidden()
    assert org_id not in [oid for oid, _name in organizations(context.db)]

    view = OrganizationsView(context)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: not view.model.is_loading)
    assert view.model.rowCount() == 4
    view.archived_check.setChecked(True)
    qtbot.waitUntil(lambda: view.model.rowCount() == 5, timeout=3000)

    assert page.toggle_archived() is True
    assert page.archive_button.text() == "Archive…"
    assert org_id in [oid for oid, _name in organizations(context.db)]


def test_a_new_organization_is_a_member_company_unless_chosen_otherwise(qtbot, context):
    from hubdesk.db.schema import UserClass
    from hubdesk.ui.organizations.dialog import OrganizationDialog

    with context.db.read() as s:
        member = s.scalar(select(UserClass.id).where(UserClass.code == "member"))
    dialog = OrganizationDialog(context, None)
    qtbot.addWidget(dialog)
    combo = dialog.profile.user_class_combo
    assert combo.currentData() == member and combo.currentText() == "Member company"
    assert combo.findText("Hospital") > 0 and not dialog.is_modified()


def test_dashboard_lists_certifications_near_expiry_within_the_lead_time_of_settings(qtbot, context,
                                                                                  shown_messages):
    from hubdesk.db.schema import Certification
    from hubdesk.ui.dashboard.queries import local_today
    from hubdesk.ui.dashboard.view import DashboardView
    from hubdesk.ui.settings.view import SettingsView

    org_id = _company_id(context)
    today = local_today()                                  # the dashboard's day (the foundation's zone)
    with context.db.write() as s:
        s.add(Certification(organization_id=org_id, type="haccp", number="H-9", issued_on=dt.date(2023, 1, 1),
                            expires_on=today + dt.timedelta(days=10)))
    view = DashboardView(context)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.is_loaded, timeout=20000)
    panel = view.panels["certifications"]
    assert panel.model.rowCount() == 1                   # the KGMP one expires in ~5 months: not yet
    assert panel.model.index(0, 1).data() == "한방바이오 주식회사"
    assert panel.model.index(0, 2).data() == "HACCP" and "in 10 days" in panel.model.index(0, 0).data()
    opened = []
    context.bus.open_record.connect(lambda kind, rid: opened.append((kind, rid)))
    view.open_row(panel, 0)
    assert opened == [("organization", org_id)]

    settings = SettingsView(context)
    qtbot.addWidget(settings)
    assert settings.alerts.days_spin.value() == 90
    days = (dt.date(2027, 4, 30) - today).days + 1
    settings.alerts.days_spin.setValue(days)
    assert settings.alerts.save() is True
    view.refresh()
    qtbot.waitUntil(lambda: view.is_loaded and panel.model.rowCount() == 2, timeout=20000)
    assert [panel.model.index(r, 2).data() for r in range(2)] == ["HACCP", "KGMP"]


def test_a_booking_request_for_an_organization_without_a_user_class_says_what_to_do(qtbot, db, shown_messages):
    from hubdesk.db.schema import Booking
    from tests.factories import booking_world, kst, make_org
    from tests.ui.test_bookings import _fill
    from tests.ui.views import shown_bookings_view

    with db.write() as s:
        w = booking_world(s)
        plain = make_org(s, "No Class Co").id
    view = shown_bookings_view(qtbot, db)
    dialog = view.open_dialog(resource_id=w.resource_id, starts_at=kst(2026, 11, 24, 9), ends_at=kst(2026, 11, 24, 12),
                              organization_id=plain)
    assert dialog.org_combo.currentText() == "No Class Co"          # the organization it was opened for
    _fill(qtbot, dialog, "No Class Co", kst(2026, 11, 24, 9), kst(2026, 11, 24, 12))
    dialog.check_now()
    assert "No Class Co has no user class" in dialog.fee_label.text() and dialog.fee_label.wordWrap()
    dialog.save()
    assert "Set the organization's user class on its page first" in shown_messages[-1][1]
    assert dialog.isVisible()
    with db.read() as s:
        assert s.scalar(select(Booking.id)) is None


def test_a_kpi_request_is_saved_from_the_page(qtbot, page, tmp_path, monkeypatch):
    import openpyxl

    from hubdesk.domain.quarters import Quarter
    from hubdesk.ui.common import kpi_request

    target = tmp_path / "request.xlsx"
    monkeypatch.setattr(kpi_request, "ask_request_path", lambda parent, suggested: str(target))
    entry = page.kpi_entry
    current = Quarter.of(clock.today())
    entry.set_quarter(current.next())                    # nothing kept yet: last quarter's figures are offered
    assert entry.write_request() == str(target)
    ws = openpyxl.load_workbook(target).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    headers, row = rows[0], rows[1]
    assert len(rows) == 2 and row[headers.index("기업명")] == "한방바이오 주식회사"
    assert row[headers.index("분기")] == current.next().quarter and row[headers.index("고용인원")] == 42


def test_user_class_names_follow_the_language(qtbot, context):
    from hubdesk.ui.organizations.dialog import OrganizationDialog

    dialog = OrganizationDialog(context, None)
    qtbot.addWidget(dialog)
    combo = dialog.profile.user_class_combo
    context.set_language("ko")
    assert combo.currentText() == "회원기업"
    context.set_language("vi")
    assert combo.currentText() == "Member company"
    context.set_language("en")


def test_contacts_are_added_corrected_and_removed(qtbot, page, context, confirm, shown_messages):
    """Contacts are no longer add-only: a second contact is added, corrected into the primary one (the
    first stops being primary), a bad e-mail is refused under the form with the typing kept, and a contact
    named on a booking is kept for the booking's history while one who is not is removed."""
    from hubdesk.db.schema import Booking, Contact, booking_person

    contacts = page.detail_models["contacts"]
    assert contacts.rowCount() == 1 and page.edit_buttons["contacts"].text() == "Edit…"
    page.add_record("contacts")
    form = page._add_dialog
    assert form.windowTitle() == "Add contact"
    form.name_edit.setText("Lee Jun")
    form.email_edit.setText("jun@hanbang.kr")
    assert form.save() is True and contacts.rowCount() == 2
    row = next(r for r in range(contacts.rowCount())
               if contacts.index(r, contacts.COL_NAME).data() == "Lee Jun")
    page.detail_tables["contacts"].setCurrentIndex(contacts.index(row, 0))
    page.edit_record("contacts")
    form = page._add_dialog
    assert form.windowTitle() == "Edit contact" and form.email_edit.text() == "jun@hanbang.kr"
    assert not form.primary_check.isChecked()
    form.title_edit.setText("Head of QA")
    form.email_edit.setText("jun at hanbang")
    assert form.save() is False and form.problem_label.text()
    assert form.title_edit.text() == "Head of QA"                        # what was typed stays
    form.email_edit.setText("jun@hanbang.kr")
    form.primary_check.setChecked(True)
    assert form.save() is True
    with context.db.read() as s:
        people = {c.name: (c.title, c.is_primary) for c in s.scalars(select(Contact))}
    assert people == {"Kim Minji": ("CEO", False), "Lee Jun": ("Head of QA", True)}

    with context.db.write() as s:                                       # Kim is on a booking
        kim = s.scalar(select(Contact.id).where(Contact.name == "Kim Minji"))
        s.execute(booking_person.insert().values(booking_id=s.scalar(select(Booking.id).limit(1)), contact_id=kim))
    page._load_details()
    names = [contacts.index(r, contacts.COL_NAME).data() for r in range(contacts.rowCount())]
    page.detail_tables["contacts"].setCurrentIndex(contacts.index(names.index("Kim Minji"), 0))
    assert page.remove_record("contacts") is False
    assert "Kim Minji is one of the people on 1 booking" in shown_messages[-1][1]
    page.detail_tables["contacts"].setCurrentIndex(contacts.index(names.index("Lee Jun"), 0))
    assert page.remove_record("contacts") is True
    assert [contacts.index(r, contacts.COL_NAME).data() for r in range(contacts.rowCount())] == ["Kim Minji"]
    assert len(confirm) == 2
