"""A walk through every area of the main window (each tab of it) and every dialog, calling
`visit(name, window)` at each stop with the window to look at: tests/ui/test_fit.py measures the
texts there, tests/ui/shots_areas.py takes pictures.

Dialogs are opened the way the areas open them (their buttons' methods), found as the new
top-level dialogs on screen, visited on each of their tabs, and closed again without saving.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication, QDialog, QTabWidget, QWidget

from hubdesk.domain import clock

SIZE = (1280, 800)
Visit = Callable[[str, QWidget], None]


def settle(ms: int = 150) -> None:
    """Let queued events, timers and short background work run for `ms` milliseconds."""
    app = QApplication.instance()
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    QThreadPool.globalInstance().waitForDone(10000)
    app.processEvents()


def open_dialogs() -> set[QWidget]:
    return {w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()}


def top_tab_widgets(window: QWidget) -> list[QTabWidget]:
    """The visible tab widgets of `window` that are not inside another one."""
    tabs = [t for t in window.findChildren(QTabWidget) if t.isVisible() and t.window() is window]
    return [t for t in tabs if not any(other is not t and other.isAncestorOf(t) for other in tabs)]


def visit_tabs(name: str, window: QWidget, visit: Visit) -> None:
    """`visit` the window on each tab of its outer tab widgets (the first tab widget's tabs as
    "<name>/<tab>", then the others'), coming back to the tab it was on."""
    tab_widgets = top_tab_widgets(window)
    if not tab_widgets:
        visit(name, window)
        return
    for tabs in tab_widgets:
        was = tabs.currentIndex()
        for i in range(tabs.count()):
            if not tabs.isTabEnabled(i) or not tabs.isTabVisible(i):
                continue
            tabs.setCurrentIndex(i)
            settle()
            visit(f"{name}/{i}", window)
        tabs.setCurrentIndex(was)
        settle(50)


def visit_dialog(name: str, opener: Callable[[], object], visit: Visit, *,
                 prepare: Callable[[QDialog], object] | None = None) -> None:
    """Call `opener`, visit each dialog it put on screen (on each tab), then close them."""
    before = open_dialogs()
    opener()
    settle(250)
    new = [d for d in open_dialogs() - before]
    if not new:
        raise AssertionError(f"{name}: no dialog opened")
    for dialog in new:
        _fit_screen(dialog)
        if prepare is not None:
            prepare(dialog)
            settle()
        visit_tabs(name, dialog, visit)
    for dialog in new:
        close_dialog(dialog)


def close_dialog(dialog: QDialog) -> None:
    for child in dialog.findChildren(QDialog):
        if child.isVisible():
            child.done(0)
    dialog.done(0)
    settle(50)


def _fit_screen(dialog: QWidget) -> None:
    """Where the dialog is larger than the 1280×800 screen, a person sees it at the screen's size."""
    if dialog.width() > SIZE[0] or dialog.height() > SIZE[1]:
        dialog.resize(min(dialog.width(), SIZE[0]), min(dialog.height(), SIZE[1]))


# --- the areas ---------------------------------------------------------------------------------------
def show_area(window, key: str):
    view = window.show_area(key)
    if hasattr(view, "wait_idle"):
        view.wait_idle()
    settle(300)
    return view


def areas(window, visit: Visit) -> None:
    """Every area of the sidebar, on each of its tabs."""
    from hubdesk.ui import navigation

    for area in navigation.AREAS:
        show_area(window, area.key)
        if area.key == "programs":
            view = window.current_view()
            visit_tabs(area.key, window, visit)
            view.detail_scroll.verticalScrollBar().setValue(0)
        else:
            visit_tabs(area.key, window, visit)


# --- the dialogs of each area -----------------------------------------------------------------------
def organization_dialogs(window, visit: Visit) -> None:
    view = show_area(window, "organizations")
    visit_dialog("organization-new", view.new_record, visit)
    view.open_row(0)
    settle(300)
    page = view._dialog
    _fit_screen(page)
    visit_tabs("organization", page, visit)
    for key in ("contacts", "certifications", "interactions"):
        visit_dialog(f"organization-{key}", lambda key=key: page.add_record(key), visit)
    close_dialog(page)
    invoice_dialogs(window, visit)


def invoice_dialogs(window, visit: Visit) -> None:
    """An issued invoice's payment and credit-note dialogs, on the invoice with the most lines
    (the organization page opens them from its Invoices tab)."""
    from hubdesk.domain import invoices as INV
    from hubdesk.ui.organizations.credit_dialog import CreditNoteDialog
    from hubdesk.ui.organizations.payment_dialog import PaymentDialog

    context = window.context
    with context.db.read() as s:
        rows = [r for r in INV.invoices(s) if r["kind"] == "invoice" and r["status"] == "issued"
                and r["outstanding_krw"] > 0]
        if not rows:
            raise AssertionError("invoice dialogs: the demo data has no issued invoice with something owed")
        row = max(rows, key=lambda r: len(INV.get_invoice(s, r["id"]).lines))
    visit_dialog("invoice-payment", lambda: PaymentDialog(context, row, window).open(), visit)

    def credit_note() -> None:
        dialog = CreditNoteDialog(context, row, window)
        dialog.open()
        dialog.check_line(dialog.invoice["lines"][0]["id"])
    visit_dialog("invoice-credit", credit_note, visit)


def facility_dialogs(window, visit: Visit) -> None:
    view = show_area(window, "facilities")
    view.facilities_table.selectRow(0)
    settle()
    view.resources_table.selectRow(0)
    settle()
    visit_dialog("facility", lambda: view.edit_facility(view.selected_facility_id()), visit)
    visit_dialog("facility-new", lambda: view.edit_facility(None), visit)
    visit_dialog("resource", lambda: view.edit_resource(view.selected_resource_id()), visit)
    visit_dialog("resource-new", lambda: view.edit_resource(None), visit)
    visit_dialog("maintenance-window", view.add_window, visit)
    visit_dialog("maintenance-series", view.add_recurring_windows, visit)
    visit_dialog("qualification", view.add_qualification, visit)


def booking_dialogs(window, visit: Visit) -> None:
    from hubdesk.ui.bookings.dialog import BookingDialog

    view = show_area(window, "bookings")
    visit_dialog("booking-new", view.new_record, visit)
    view.list.table.selectRow(0)
    settle()
    booking_id = view.list.selected_id()
    seen: dict = {}

    def remember(dialog: QDialog) -> None:
        if isinstance(dialog, BookingDialog):
            seen.update(resource_id=dialog.resource_combo.currentData(), span=dialog.span())
    visit_dialog("booking", lambda: view.open_dialog(booking_id), visit, prepare=remember)

    def with_problems(dialog: QDialog) -> None:
        """The new booking overlaps the one above, for the organization with the most people: rule
        messages above a list of several people."""
        if isinstance(dialog, BookingDialog):
            counts = []
            for i in range(dialog.org_combo.count()):
                dialog.org_combo.setCurrentIndex(i)
                counts.append((dialog.people_list.count(), i))
            dialog.org_combo.setCurrentIndex(max(counts)[1])
            dialog.check_now()
    def new_series() -> None:
        """A new booking for the first organization, then Repeat…: the series dialog over it."""
        view.new_record()
        dialog = view._dialog
        dialog.org_combo.setCurrentIndex(1)
        dialog.repeat()
    visit_dialog("booking-series", new_series, visit)
    series_booking = _a_series_booking(view.context.db)
    visit_dialog("booking-of-series", lambda: view.open_dialog(series_booking), visit)
    visit_dialog("booking-series-change", lambda: (view.open_dialog(series_booking), view._dialog.change_series()),
                 visit)
    starts, ends = seen["span"]
    visit_dialog("booking-problems", lambda: view.open_dialog(resource_id=seen["resource_id"], starts_at=starts,
                                                              ends_at=ends + dt.timedelta(minutes=17)),
                 visit, prepare=with_problems)


def _a_series_booking(db) -> int:
    """An open booking of the demo's booking series (its editor offers Change / Cancel from this date)."""
    from sqlalchemy import select

    from hubdesk.db.enums import BookingStatus
    from hubdesk.db.schema import Booking

    with db.read() as s:
        return s.scalars(select(Booking.id).where(Booking.series_id.is_not(None), Booking.status.in_(
            (BookingStatus.REQUESTED, BookingStatus.APPROVED, BookingStatus.CONFIRMED))).order_by(Booking.starts_at)
            .limit(1)).one()


def case_dialogs(window, visit: Visit) -> None:
    import datetime as dt

    from hubdesk.ui.cases.dialog import SupplementRequestDialog

    view = show_area(window, "cases")
    visit_dialog("case-new", view.new_record, visit)
    view.open_row(0)
    settle(300)
    case = view._dialog
    _fit_screen(case)
    case.documents_table.selectRow(0)       # the documents panel of the first checklist item
    settle()
    visit_tabs("case", case, visit)
    from hubdesk.db.enums import DocumentKind
    from hubdesk.ui.documents.panel import DocumentDetailsDialog

    details = DocumentDetailsDialog(["임상연구계획서 v1.pdf", "Giấy chứng nhận GMP.pdf"], DocumentKind.CERTIFICATE,
                                    case, [(1, "Cosmetic GMP · KR-COS-2024-00017 · 2028. 2. 29.")])
    visit_dialog("document-details", details.open, visit)
    visit_dialog("case-parties", case.edit_parties, visit)
    supplement = SupplementRequestDialog(clock.today(), case)
    visit_dialog("supplement", supplement.open, visit)
    close_dialog(case)


def program_dialogs(window, visit: Visit) -> None:
    view = show_area(window, "programs")
    view.programs_table.selectRow(0)
    settle(300)
    visit_dialog("program", view.edit_program, visit)
    visit_dialog("program-new", view.new_record, visit)
    visit_dialog("budget-line", view.new_budget_line, visit)
    visit_dialog("expenditure", view.add_expenditure, visit)
    visit_dialog("participant", view.add_participant, visit)
    visit_dialog("milestone", view.new_milestone, visit)
    visit_dialog("event-new", view.new_event, visit)
    events = view.events_model.rows()
    if events:
        visit_dialog("event", lambda: view.edit_event(events[0]["id"]), visit)
    visit_dialog("kpi-target", view.targets_tab.new_target, visit)
    visit_dialog("foundation-targets", view.foundation_targets, visit)
    visit_dialog("subsidy-new", view.new_subsidy, visit)
    subsidies = view.subsidies_model.rows()
    if subsidies:
        visit_dialog("subsidy", lambda: view.edit_subsidy(subsidies[0]["id"]), visit)


def report_dialogs(window, visit: Visit) -> None:
    from hubdesk.domain.quarters import Quarter
    from hubdesk.ui.common.display import format_quarter
    from hubdesk.ui.reports.dialog import reopen_reason_dialog

    view = show_area(window, "reports")
    q = Quarter.of(clock.today()).previous()
    dialog = reopen_reason_dialog(view, format_quarter(q.year, q.quarter))
    visit_dialog("report-reopen", dialog.open, visit)


def tool_dialogs(window, visit: Visit) -> None:
    """Users, the audit trail and backups (the Tools menu), a user's forms, the import wizard."""
    from hubdesk.ui import navigation

    for key in ("users", "audit", "backups"):
        tool = next(t for t in navigation.TOOLS if t.key == key)
        before = open_dialogs()
        window.run_tool(tool)
        settle(300)
        admin = next(iter(open_dialogs() - before), None) or window._administration_dialog
        _fit_screen(admin)
        visit(f"tool-{key}", admin)
        if key == "users":
            users = admin.view.page("users")
            if not users.model.rowCount():      # the demo data has no accounts: one to edit
                from hubdesk.domain.accounts import create_user

                with window.context.db.write() as s:
                    create_user(s, username="minji", display_name="김민지", role="admin", password="fit-test-1234")
                users.refresh()
            visit_dialog("user-new", users.new_user, visit)
            users.table.setCurrentIndex(users.model.index(0, 0))
            settle()
            visit_dialog("user-edit", users.edit_user, visit)
            visit_dialog("user-reset-password", users.reset_password, visit)
            visit_dialog("user-own-password", users.change_own_password, visit)
            from hubdesk.ui.accounts.dialog import SignInDialog

            sign_in = SignInDialog(window.context.db, window, username="minji")
            visit_dialog("sign-in", sign_in.open, visit)
        close_dialog(admin)
    tool = next(t for t in navigation.TOOLS if t.key == "documents")
    visit_dialog("tool-documents", lambda: window.run_tool(tool), visit)
    import_wizard(window, visit)


def import_wizard(window, visit: Visit) -> None:
    """The wizard's four steps on a small CSV file (one row with a problem, then without it)."""
    import csv
    import tempfile
    from pathlib import Path

    from hubdesk.ui.interchange.dialog import ImportWizardDialog

    folder = Path(tempfile.mkdtemp(prefix="hubdesk-fit-"))
    rows = [["Fit test company 1", "company", "Osong"], ["Fit test company 2", "no such kind", "Osong"]]
    for name, body in (("problem", rows), ("good", rows[:1])):
        path = folder / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows([["name", "kind", "region"], *body])
        wizard = ImportWizardDialog(window.context, "organizations", window)
        wizard.file_edit.setText(str(path))
        wizard.open()
        settle()
        _fit_screen(wizard)
        steps = [wizard.next_button, wizard.next_button] + ([wizard.import_button] if name == "good" else [])
        if name == "good":
            visit("import/choose", wizard)
        for n, button in enumerate(steps, start=1):
            if not button.isEnabled():
                raise AssertionError(f"import wizard ({name}): step {n} cannot go on")
            button.click()
            _wait_idle(wizard)
            if name == "good" or n == 2:
                visit(f"import-{name}/{n}", wizard)
        close_dialog(wizard)


def _wait_idle(wizard, timeout_s: float = 60) -> None:
    end = time.monotonic() + timeout_s
    while wizard.busy and time.monotonic() < end:
        settle(50)
    settle(100)


def exchange_dialogs(window, visit: Visit) -> None:
    """File ▸ Exchange with other PCs…, and the preview of a package with new, changed and removed
    records and conflicts of every kind."""
    from collections import Counter

    from hubdesk.domain.exchange_apply import ApplySummary
    from hubdesk.ui.exchange.dialog import ExchangeDialog, PreviewDialog

    exchange = ExchangeDialog(window.context, window)
    visit_dialog("exchange", exchange.open, visit)
    kinds = ("fields", "removed_here", "removed_there", "booking", "locked", "duplicate", "missing")
    summary = ApplySummary("0" * 36, "1" * 36, "GMP centre PC", new=Counter(booking=120, contact=3),
                           changed=Counter(organization=14), removed=Counter(case_document=1),
                           conflicts=[dict(kind=k, table="booking", uid="2" * 36, other=None,
                                           detail="name, website", label="Hanbit Bio") for k in kinds])
    preview = PreviewDialog(summary, window)
    visit_dialog("exchange-preview", preview.open, visit)


def every_dialog(window, visit: Visit) -> None:
    organization_dialogs(window, visit)
    facility_dialogs(window, visit)
    booking_dialogs(window, visit)
    case_dialogs(window, visit)
    program_dialogs(window, visit)
    report_dialogs(window, visit)
    tool_dialogs(window, visit)
    exchange_dialogs(window, visit)


def first_run_dialog(lang: str, visit: Visit) -> None:
    from hubdesk.ui.first_run.dialog import FirstRunDialog

    dialog = FirstRunDialog(lang, demo_available=True)
    visit_dialog("first-run", dialog.show, visit)
