"""Issue 12's end-to-end proof: from an empty install to an issued quarterly report, driven through
the real windows as a person would. The first-run setup (no demo data) creates the database; the
user classes of a new database are listed in Settings; a facility and a resource are added through
their dialogs and given a fee in Settings; two organizations are created through the
new-organization dialog and their quarterly figures typed on their KPI tabs; a booking is requested
through the booking dialog, approved and confirmed from the list; a program is built in the
Programs area (two budget lines by source, two participants, a milestone, an event with an
organization and its outcomes, KPI targets for the quarter and its year); the quarter's report is
issued from the Reports area, and the PDF, read back, shows every target and the achievement
computed here from what was entered, with no "–" in those rows; last, the quarter is reopened
through the real reason dialog.

Nothing here writes through the domain: every record comes from a screen."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from sqlalchemy import select

from hubdesk.domain import clock

FOUNDATION = "Chungbuk Bio Foundation"
ADMIN = "Kim Minji"
FEE_PER_HOUR = 50_000
FIRST = {"name": "Hanbit Herbal Co", "headcount": "12", "new_hires": "3", "sales_krw": "400,000,000"}
SECOND = {"name": "Osong Cell Labs", "headcount": "8", "new_hires": "2", "sales_krw": "150,000,000",
          "exports_krw": "50,000,000"}


def click(qtbot, button) -> None:
    assert button.isEnabled() and button.isVisible(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def report_quarter(today: dt.date):
    from hubdesk.domain.quarters import Quarter

    return Quarter.of(today).previous()          # the last quarter that has ended: the one reported


def booking_day(quarter) -> dt.date:
    """A Wednesday in the middle of the quarter's second month (no public holiday falls on it in the
    quarters this test reports)."""
    day = dt.date(quarter.year, 3 * quarter.quarter - 1, 14)
    return day + dt.timedelta(days=(2 - day.weekday()) % 7)


def pdf_lines(path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.splitlines()


def summary_row(lines: list[str], label: str) -> list[str]:
    """The cells of the summary table's row for `label` (split on runs of two or more spaces)."""
    rows = [line for line in lines if line.strip().startswith(label + "  ")]
    assert rows, f"no row {label!r} in the report:\n" + "\n".join(
        line for line in lines if label.split()[0] in line)
    return re.split(r"\s{2,}", rows[0].strip())[1:]


# the program's KPI targets, for the reported quarter and for its year: (kpi, quarter target, annual target)
TARGETS = (("companies_supported", "2", "4"), ("new_jobs", "4", "10"), ("sales_krw", "500,000,000", "2,000,000,000"),
           ("buyer_meetings", "10", "20"), ("equipment_hours", "4", "10"))


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def enter_a_program(qtbot, window, db, quarter, org_ids: dict[str, int]) -> int:
    """A program built through the Programs area's dialogs: two budget lines (national and
    provincial), both organizations as participants, a milestone, an event with an organization
    and its outcomes, and KPI targets for the reported quarter and its year."""
    from hubdesk.db.enums import (
        EventKind,
        ExpenseCategory,
        Funder,
        FundingSource,
        ParticipantRole,
    )
    from hubdesk.db.schema import (
        BudgetLine,
        Event,
        KpiTarget,
        Milestone,
        Participant,
        Program,
    )

    view = window.show_area("programs")
    click(qtbot, view.new_button)
    d = view._dialog
    qtbot.keyClicks(d.name_edit, "Bio-health export support")
    d.funder_combo.setCurrentIndex(d.funder_combo.findData(Funder.MOTIE))
    d.first_year.setValue(quarter.year)
    d.last_year.setValue(quarter.year)
    d.starts_edit.setDate(QDate(quarter.year, 1, 1))
    click(qtbot, d.buttons.button(QDialogButtonBox.StandardButton.Save))
    assert not d.isVisible(), d.problem.text()
    with db.read() as s:
        program_id = s.scalar(select(Program.id))
    assert view.page.program_id == program_id

    view.tabs.setCurrentIndex(view.BUDGET_TAB)
    for source, category, amount in ((FundingSource.NATIONAL, ExpenseCategory.PERSONNEL, "800,000,000"),
                                     (FundingSource.PROVINCIAL, ExpenseCategory.COMPANY_SUPPORT, "200,000,000")):
        click(qtbot, view.budget_tab.lines.new_button)
        d = view._dialog
        d.year_combo.setCurrentIndex(d.year_combo.findData(quarter.year))
        d.source_combo.setCurrentIndex(d.source_combo.findData(source))
        d.category_combo.setCurrentIndex(d.category_combo.findData(category))
        qtbot.keyClicks(d.amount_edit, amount)
        click(qtbot, d.buttons.button(QDialogButtonBox.StandardButton.Save))
        assert not d.isVisible(), d.problem.text()
    assert view.budget_tab.lines.model.rowCount() == 2

    view.tabs.setCurrentIndex(view.PARTICIPANTS_TAB)
    for name in (FIRST["name"], SECOND["name"]):
        click(qtbot, view.participants_tab.new_button)
        d = view._dialog
        d.org_combo.setEditText(name)
        d.role_combo.setCurrentIndex(d.role_combo.findData(ParticipantRole.BENEFICIARY))
        d.joined_edit.setDate(qdate(quarter.start))
        click(qtbot, d.buttons.button(QDialogButtonBox.StandardButton.Save))
        assert not d.isVisible(), d.problem.text()
    assert view.participants_model.rowCount() == 2

    view.tabs.setCurrentIndex(view.MILESTONES_TAB)
    click(qtbot, view.milestones_tab.new_button)
    d = view._dialog
    qtbot.keyClicks(d.title_edit, "Buyer meeting in Hanoi")
    d.due_edit.setDate(qdate(quarter.end))
    click(qtbot, d.buttons.button(QDialogButtonBox.StandardButton.Save))
    assert not d.isVisible(), d.problem.text()

    view.tabs.setCurrentIndex(view.EVENTS_TAB)
    click(qtbot, view.events_tab.new_button)
    d = view._dialog
    qtbot.keyClicks(d.name_edit, "Hanoi buyer meeting")
    d.kind_combo.setCurrentIndex(d.kind_combo.findData(EventKind.BUYER_MEETING))
    d.date_edit.setDate(qdate(booking_day(quarter) + dt.timedelta(days=7)))
    qtbot.keyClicks(d.location_edit, "Hanoi")
    item = next(d.org_list.item(i) for i in range(d.org_list.count())
                if d.org_list.item(i).text() == FIRST["name"])
    item.setCheckState(Qt.CheckState.Checked)                 # ticked in the list
    d.counts["participants"].setValue(40)
    d.counts["buyer_meetings"].setValue(12)
    d.counts["export_consultations"].setValue(5)
    d.counts["export_contracts"].setValue(2)
    qtbot.keyClicks(d.amounts["export_contract_krw"], "90,000,000")
    click(qtbot, d.buttons.button(QDialogButtonBox.StandardButton.Save))
    assert not d.isVisible(), d.problem.text()

    view.tabs.setCurrentIndex(view.TARGETS_TAB)
    for kpi, quarter_target, annual_target in TARGETS:
        for period, value in ((quarter.quarter, quarter_target), (None, annual_target)):
            click(qtbot, view.targets_tab.new_button)
            d = view.targets_tab._dialog
            d.year_spin.setValue(quarter.year)
            d.period_combo.setCurrentIndex(d.period_combo.findData(period))
            d.kpi_combo.setCurrentIndex(d.kpi_combo.findData(kpi))
            qtbot.keyClicks(d.value_edit, value)
            click(qtbot, d.buttons.button(QDialogButtonBox.StandardButton.Save))
            assert not d.isVisible(), d.problem.text()
    assert view.targets_model.rowCount() == 2 * len(TARGETS)

    with db.read() as s:
        lines = {l.source: l.amount_krw for l in s.scalars(select(BudgetLine))}
        assert lines == {FundingSource.NATIONAL: 800_000_000, FundingSource.PROVINCIAL: 200_000_000}
        assert set(s.scalars(select(Participant.organization_id))) == set(org_ids.values())
        assert s.scalar(select(Milestone.due_on)) == quarter.end
        event = s.scalar(select(Event))
        assert [a.organization_id for a in event.attendees] == [org_ids[FIRST["name"]]]
        assert (event.buyer_meetings, event.export_contract_krw) == (12, 90_000_000)
        assert s.scalar(select(KpiTarget.target_value).where(KpiTarget.kpi == "sales_krw",
                                                             KpiTarget.quarter == quarter.quarter)) == 500_000_000
    return program_id


@pytest.fixture
def first_run(qtbot, monkeypatch):
    """The program's own first start: no database yet, so the setup dialog is shown (filled here
    the way a person fills it) and the database is created from its answers."""
    from hubdesk.db import audit
    from hubdesk.ui import app
    from hubdesk.ui.first_run import dialog as first_run_dialog

    assert app.needs_first_run(None)
    shown = []

    def fill_in_setup(language, demo_available):
        dialog = first_run_dialog.FirstRunDialog(language, demo_available)
        qtbot.addWidget(dialog)
        dialog.show()
        shown.append(dialog)
        qtbot.keyClicks(dialog.foundation_edit, FOUNDATION)
        qtbot.keyClicks(dialog.admin_edit, ADMIN)
        dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
        assert not dialog.demo_check.isChecked()                 # an empty install: no demonstration data
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
        assert dialog.result() == QDialog.DialogCode.Accepted
        return dialog.choices()

    monkeypatch.setattr(first_run_dialog, "ask_first_run", fill_in_setup)
    db, user_name = app._open(None, None, None)
    assert shown and user_name == ADMIN
    yield db
    audit.set_actor(None)
    db.dispose()


@pytest.fixture
def window(qtbot, first_run):
    from PySide6.QtCore import QThreadPool

    from hubdesk.db import audit
    from hubdesk.ui.accounts.permissions_ui import apply_role
    from hubdesk.ui.app import open_main_window

    w = open_main_window(first_run, user_name=ADMIN)
    apply_role(w, audit.current_role())
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()
    QThreadPool.globalInstance().waitForDone(30000)


def test_an_empty_install_to_an_issued_quarterly_report(qtbot, monkeypatch, window, first_run, shown_messages):
    from hubdesk.db.enums import (
        BookingStatus,
        BookingUnit,
        FacilityKind,
        InteractionKind,
        OrgKind,
        ResourceKind,
        SupportType,
    )
    from hubdesk.db.schema import Booking, KpiValue, Organization, Program, UserClass

    db = first_run
    today = clock.today()
    quarter = report_quarter(today)
    with db.read() as s:                              # the install is empty: no demo data came with it
        assert s.scalar(select(Organization.id)) is None and s.scalar(select(Program.id)) is None

    # --- Settings: the standard user classes of a new database are listed -----------------------
    settings = window.show_area("settings")
    classes = settings.classes
    settings.tabs.setCurrentWidget(classes)
    codes = {classes.classes_model.index(r, classes.classes_model.COL_CODE).data()
             for r in range(classes.classes_model.rowCount())}
    assert {"member", "non_member", "academic", "public", "startup", "hospital"} <= codes
    assert settings.foundation.name_edit.text() == FOUNDATION

    # --- Facilities: a facility and an hourly resource through their dialogs ----------------------
    facilities = window.show_area("facilities")
    click(qtbot, facilities.new_facility_button)
    dialog = facilities._dialog
    qtbot.keyClicks(dialog.name_edit, "Osong Cell Processing Center")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(FacilityKind.CELL_PROCESSING))
    qtbot.keyClicks(dialog.licence_no_edit, "CPF-2026-01")
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    assert not dialog.isVisible(), dialog.problem_label.text()
    assert [r["name"] for r in facilities.facilities_model.rows()] == ["Osong Cell Processing Center"]

    click(qtbot, facilities.new_resource_button)
    dialog = facilities._dialog
    qtbot.keyClicks(dialog.name_edit, "Freeze dryer FD-1")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(ResourceKind.EQUIPMENT))
    dialog.unit_combo.setCurrentIndex(dialog.unit_combo.findData(BookingUnit.HOUR))
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    assert not dialog.isVisible(), dialog.problem_label.text()
    assert [r["name"] for r in facilities.resources_model.rows()] == ["Freeze dryer FD-1"]

    # --- Settings: the resource's fee per hour for member companies -------------------------------
    settings = window.show_area("settings")
    settings.tabs.setCurrentWidget(classes)
    classes.resource_combo.setCurrentIndex(classes.resource_combo.findText("Freeze dryer FD-1",
                                                                           Qt.MatchFlag.MatchContains))
    assert classes.resource_combo.currentIndex() >= 0
    with db.read() as s:
        member = s.scalar(select(UserClass).where(UserClass.code == "member"))
        member_id = member.id
    classes.class_combo.setCurrentIndex(classes.class_combo.findData(member_id))
    classes.fee_spin.setValue(FEE_PER_HOUR)
    click(qtbot, classes.set_rate_button)
    assert classes.rates_model.rowCount() == 1
    assert classes.rates_model.index(0, classes.rates_model.COL_FEE).data() == "₩50,000"

    # --- Organizations: two companies through the new-organization dialog -------------------------
    organizations = window.show_area("organizations")
    org_ids = {}
    for org in (FIRST, SECOND):
        click(qtbot, organizations.new_button)
        dialog = organizations._dialog
        profile = dialog.profile
        qtbot.keyClicks(profile.name_edit, org["name"])
        profile.kind_combo.setCurrentIndex(profile.kind_combo.findData(OrgKind.COMPANY))
        assert profile.user_class_combo.currentData() == member_id     # a new company is a member company
        with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
            click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
        org_ids[org["name"]] = saved.args[0]
        assert not dialog.isVisible()
    qtbot.waitUntil(lambda: organizations.model.rowCount() == 2, timeout=10000)

    # --- each organization's page: the quarter's figures typed on its KPI tab ----------------------
    for org in (FIRST, SECOND):
        window.context.open("organization", org_ids[org["name"]])
        page = organizations._dialog
        assert page.profile.name_edit.text() == org["name"]
        kpi_tab = page.tabs.indexOf(page.kpi_entry.parentWidget())
        assert page.tabs.isTabEnabled(kpi_tab)
        page.tabs.setCurrentIndex(kpi_tab)
        entry = page.kpi_entry
        assert entry.quarter() == quarter                           # the last ended quarter is offered
        for name, value in org.items():
            if name != "name":
                qtbot.keyClicks(entry.edits[name], value)
        click(qtbot, entry.save_button)
        assert entry.problem_label.isHidden(), entry.problem_label.text()
        assert page.detail_models["kpis"].rowCount() == 1
        # and the support given in that quarter, recorded on the page's Interactions tab
        page.tabs.setCurrentIndex(page.tabs.indexOf(page.add_buttons["interactions"].parentWidget()))
        click(qtbot, page.add_buttons["interactions"])
        form = page._add_dialog
        form.kind_combo.setCurrentIndex(form.kind_combo.findData(InteractionKind.SUPPORT))
        form.support_combo.setCurrentIndex(form.support_combo.findData(SupportType.TESTING))
        form.date_edit.set_value(booking_day(quarter) - dt.timedelta(days=7))
        qtbot.keyClicks(form.summary_edit, "Stability testing of the extract")
        click(qtbot, form.buttons.button(QDialogButtonBox.StandardButton.Save))
        assert not form.isVisible()
        assert page.detail_models["interactions"].rowCount() == 1
        page.close()
    with db.read() as s:
        assert s.scalar(select(KpiValue.sales_krw).where(
            KpiValue.organization_id == org_ids[SECOND["name"]])) == 150_000_000

    # --- Bookings: a request through the booking dialog, approved from the list --------------------
    from hubdesk.ui.facilities.dialog import to_qdatetime
    from tests.ui.views import choose_organization

    bookings = window.show_area("bookings")
    click(qtbot, bookings.new_button)
    dialog = bookings._dialog
    day = booking_day(quarter)
    starts = dt.datetime(day.year, day.month, day.day, 9, 0)
    dialog.resource_combo.setCurrentIndex(dialog.resource_combo.findText("Freeze dryer FD-1",
                                                                         Qt.MatchFlag.MatchContains))
    choose_organization(qtbot, dialog.org_combo, "herbal", FIRST["name"])
    assert dialog.org_combo.currentData() == org_ids[FIRST["name"]]
    dialog.starts_edit.setDateTime(to_qdatetime(starts, dialog.timezone))
    dialog.ends_edit.setDateTime(to_qdatetime(starts + dt.timedelta(hours=3), dialog.timezone))
    qtbot.keyClicks(dialog.purpose_edit, "Freeze-drying of extract")
    dialog.check_now()
    assert dialog.problem_texts == [], dialog.problem_texts
    assert dialog.fee_label.text() == "₩150,000 (estimate)"
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    assert not dialog.isVisible()
    with db.read() as s:
        booking_id = s.scalar(select(Booking.id))
    assert bookings.list.select_id(booking_id)
    click(qtbot, bookings.list.status_buttons.buttons[BookingStatus.APPROVED])
    with db.read() as s:
        booking = s.get(Booking, booking_id)
        assert (booking.status, booking.fee_krw) == (BookingStatus.APPROVED, 150_000)
    # the fee counts as revenue once the booking is confirmed (approved bookings count as use only)
    assert bookings.list.select_id(booking_id)
    click(qtbot, bookings.list.status_buttons.buttons[BookingStatus.CONFIRMED])
    with db.read() as s:
        assert s.get(Booking, booking_id).status == BookingStatus.CONFIRMED

    # --- Programs: a program with its budget, participants, milestone, event and targets ----------------
    enter_a_program(qtbot, window, db, quarter, org_ids)

    # --- Reports: the quarter issued; the PDF read back ------------------------------------------
    from hubdesk.ui.reports import dialog as report_dialogs

    asked = []
    monkeypatch.setattr(report_dialogs, "confirm_issue", lambda parent, text: asked.append(text) or True)
    reports = window.show_area("reports")
    reports.kind_combo.setCurrentIndex(reports.kind_combo.findData("quarterly"))
    reports.quarter_combo.setCurrentIndex(reports.quarter_combo.findData(str(quarter)))
    reports.language_combo.setCurrentIndex(reports.language_combo.findData("en"))
    click(qtbot, reports.issue_button)
    assert asked == [f"{quarter.year} Q{quarter.quarter}"]
    assert reports.wait_idle(120000) and reports.last_error is None, reports.last_error
    assert not reports.issue_button.isEnabled() and "was issued on" in reports.lock_label.text()

    lines = pdf_lines(reports.pdf_path)
    text = "\n".join(lines)
    assert FOUNDATION in text
    # quarter, quarter target, achieved, year to date, annual target, achieved
    assert summary_row(lines, "Companies supported")[0] == "2"
    assert summary_row(lines, "New jobs")[0] == "5"                                  # 3 + 2
    assert summary_row(lines, "Commercialisation sales")[0] == "₩550,000,000"        # 400m + 150m
    assert summary_row(lines, "Exports")[0] == "₩50,000,000"
    assert summary_row(lines, "Equipment hours booked")[0] == "3.0"
    assert summary_row(lines, "Facility user companies")[0] == "1"
    assert summary_row(lines, "Facility fee revenue")[0] == "₩150,000"

    # the targets entered on the program and the achievement computed here from what was entered
    from hubdesk.domain.kpi_codes import KPI_DEFS, kpi_label
    from hubdesk.reports import fmt

    entered = {"companies_supported": 2, "new_jobs": 3 + 2, "sales_krw": 400_000_000 + 150_000_000,
               "buyer_meetings": 12, "equipment_hours": 3.0}      # only this quarter has figures: quarter = year
    quarter_ratios, year_ratios = [], []
    for kpi, quarter_target, annual_target in TARGETS:
        actual, unit = entered[kpi], KPI_DEFS[kpi].unit
        q_target, y_target = (float(t.replace(",", "")) for t in (quarter_target, annual_target))
        quarter_ratios.append(actual / q_target)
        year_ratios.append(actual / y_target)
        row = summary_row(lines, kpi_label(kpi))
        assert row == [fmt.value(actual, unit), fmt.value(q_target, unit), f"{100 * actual / q_target:.1f}%",
                       fmt.value(actual, unit), fmt.value(y_target, unit), f"{100 * actual / y_target:.1f}%"], row
        assert "–" not in row
    overall = summary_row(lines, "Target achievement")
    assert overall[0] == f"{100 * sum(quarter_ratios) / len(quarter_ratios):.1f}%"     # the mean over the targets
    assert overall[3] == f"{100 * sum(year_ratios) / len(year_ratios):.1f}%"
    assert summary_row(lines, "Events held")[0] == "1"
    assert summary_row(lines, "Event participants")[0] == "40"
    assert summary_row(lines, "Export contract value")[0] == "₩90,000,000"
    assert summary_row(lines, "Budget execution, local")[0] == "0.0%"                 # nothing spent yet
    assert "₩800,000,000" in text and "₩200,000,000" in text                        # the budget by source
    assert any("Held on" in line and "Participants" in line for line in lines)        # its heading unbroken
    event_row = summary_row(lines, "Hanoi buyer meeting")                              # the program's event
    assert event_row[-3:] == ["12", "₩0", "₩90,000,000"], event_row
    assert summary_row(lines, "At risk") == ["1"]             # the milestone, due on the quarter's last day
    assert summary_row(lines, "Hanbit Herbal Co")[-1] == "₩150,000"                   # the appendix's booking

    # --- and reopened by the administrator through the real question, with a reason -------------
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog

    answered = []

    def answer_the_question():
        question = QApplication.activeModalWidget()
        assert isinstance(question, QInputDialog)
        answered.append(question.labelText())
        question.setTextValue("Osong Cell Labs' sales were corrected")
        question.accept()

    QTimer.singleShot(0, answer_the_question)
    click(qtbot, reports.reopen_button)
    assert answered and answered[0].startswith(f"Reopening {quarter.year} Q{quarter.quarter} unlocks its data")
    assert "Not issued yet" in reports.lock_label.text() and reports.issue_button.isEnabled()
