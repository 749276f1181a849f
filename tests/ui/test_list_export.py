"""Exporting exactly what a list shows: a filtered, sorted lazy SQL list with more rows than its
loaded pages (fetched through the model in the background), a sort/filter proxy over in-memory
rows, hidden and moved columns, and files read back with openpyxl and csv."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QTableView


def read_xlsx(path) -> list[list]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def as_shown(value) -> str:
    """A cell read back, as the list would show it (dates ISO, numbers with separators)."""
    if value is None:
        return ""
    from hubdesk.ui.common.display import format_date, format_number

    if isinstance(value, dt.datetime):
        return format_date(value.date())
    if isinstance(value, int):
        return format_number(value)
    return str(value)


def answer_path_question(monkeypatch, module, name: str) -> dict:
    """Replace the dialog `module.name(parent, suggested)` that asks where to save: it records
    the suggested name in the returned dict and answers its "path" (None: the person cancels)."""
    chosen: dict = {}

    def ask(parent, suggested):
        chosen["suggested"] = suggested
        return None if chosen.get("path") is None else str(chosen["path"])

    monkeypatch.setattr(module, name, ask)
    return chosen


@pytest.fixture
def save_to(monkeypatch):
    from hubdesk.ui.interchange import export

    return answer_path_question(monkeypatch, export, "choose_save_path")


@pytest.fixture
def many_companies(small_db, tmp_path):
    """450 more companies (more than two pages of a lazy list) and 50 universities."""
    from hubdesk.interchange.importer import import_file

    path = tmp_path / "companies.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["name", "kind", "region", "member_since"])
        for i in range(500):
            writer.writerow([f"Company {i:04d}", "company" if i % 10 else "university", f"Region {i % 7}",
                             f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"])
    result = import_file(small_db, "organizations", path)
    assert result.written and result.created == 500
    return small_db


def test_a_filtered_sorted_lazy_list_is_written_whole_and_in_order(qtbot, many_companies, save_to, tmp_path):
    from hubdesk.db.enums import OrgKind
    from hubdesk.ui.interchange.export import export_model
    from hubdesk.ui.organizations.table_model import OrganizationsTableModel

    model = OrganizationsTableModel(many_companies)
    model.set_filter("kind", OrgKind.COMPANY)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    model.sort(model.COL_REGION, Qt.SortOrder.DescendingOrder)
    model.ensure_loaded()
    view.setColumnHidden(model.COL_SECTOR, True)
    view.setColumnHidden(model.COL_STAGE, True)
    view.horizontalHeader().moveSection(model.COL_MEMBER_SINCE, 1)    # shown second on screen
    view.resize(800, 300)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(50)                       # the view has fetched the page it shows
    assert model.rowCount() == 452 > 2 * model.PAGE_SIZE
    pages_before = model.stats["page_queries"]
    save_to["path"] = tmp_path / "companies.xlsx"

    written = export_model(view, model, "organizations", view=view)

    assert written == tmp_path / "companies.xlsx"
    assert save_to["suggested"] == "organizations.xlsx"
    assert model.stats["page_queries"] == pages_before       # all rows came through iter_rows, not pages
    rows = read_xlsx(written)
    columns = [model.COL_NAME, model.COL_MEMBER_SINCE, model.COL_KIND, model.COL_STATUS, model.COL_REGION,
               model.COL_BUSINESS_NO]
    assert rows[0] == [model.headerData(c, Qt.Orientation.Horizontal) for c in columns]
    assert rows[0][:2] == ["Name", "Member since"]
    expected = [[model.index(r, c).data() for c in columns] for r in range(model.rowCount())]
    assert [[as_shown(v) for v in row] for row in rows[1:]] == expected
    regions = [row[4] for row in rows[1:]]
    assert regions == sorted(regions, reverse=True) and len(rows) == 453
    assert "Chungbuk University" not in {row[0] for row in rows}
    assert isinstance(rows[1][1], dt.datetime)                # a date column stays a date in Excel


def test_a_proxy_over_in_memory_rows_is_written_as_filtered_and_sorted(qtbot, save_to, tmp_path):
    from hubdesk.ui.interchange.export import export_model
    from hubdesk.ui.organizations.table_model import ContactsTableModel

    source = ContactsTableModel([
        {"id": 1, "name": "Kim Minji", "title": "CEO", "email": "=HYPERLINK(\"x\")", "is_primary": True},
        {"id": 2, "name": "Lee Jun", "title": "CTO", "email": "jun@example.kr", "is_primary": False},
        {"id": 3, "name": "Park Sora", "title": "CFO", "email": "sora@example.kr", "is_primary": False},
        {"id": 4, "name": "Nguyen Van An", "title": "Export manager", "email": "an@example.vn", "is_primary": False},
    ])
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(source)
    proxy.setFilterKeyColumn(1)
    proxy.setFilterRegularExpression("^C")          # CEO, CTO, CFO
    proxy.sort(0, Qt.SortOrder.DescendingOrder)
    save_to["path"] = tmp_path / "contacts.csv"

    written = export_model(None, proxy, "contacts.csv")

    with written.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["Name", "Title", "Department", "E-mail", "Phone", "Primary contact"]
    assert [r[0] for r in rows[1:]] == ["Park Sora", "Lee Jun", "Kim Minji"]
    assert rows[3][3] == "'=HYPERLINK(\"x\")"      # never a formula in a spreadsheet
    assert rows[3][5] == "Yes"


def test_nothing_is_written_when_no_file_is_chosen(qtbot, context, save_to, tmp_path):
    from hubdesk.ui.interchange.export import export_model
    from hubdesk.ui.organizations.table_model import OrganizationsTableModel

    model = OrganizationsTableModel(context.db)
    model.ensure_loaded()
    assert export_model(None, model, "organizations") is None
    assert list(tmp_path.glob("*.xlsx")) == []


def test_an_unwritable_name_is_a_sentence(qtbot, context, save_to, tmp_path, shown_messages):
    from hubdesk.ui.interchange.export import export_model
    from hubdesk.ui.organizations.table_model import OrganizationsTableModel

    model = OrganizationsTableModel(context.db)
    model.ensure_loaded()
    save_to["path"] = tmp_path / "no such folder" / "list.xlsx"
    assert export_model(None, model, "organizations") is None
    assert len(shown_messages) == 1 and "does not exist" in shown_messages[0][1]


def test_typed_values_only_where_the_cell_shows_just_the_value():
    from hubdesk.ui.common.display import format_date, format_datetime
    from hubdesk.ui.interchange.export import typed_value

    assert typed_value("1,250,000,000", 1_250_000_000) == 1_250_000_000
    assert typed_value("₩1,250,000,000", 1_250_000_000) == "₩1,250,000,000"
    assert typed_value("2025 Q1", 1) == "2025 Q1"
    assert typed_value("2024-05-01", dt.date(2024, 5, 1)) == dt.date(2024, 5, 1)
    assert typed_value(format_date(dt.date(2024, 5, 1)), dt.date(2024, 5, 1)) == dt.date(2024, 5, 1)
    assert typed_value("2024 spring", dt.date(2024, 5, 1)) == "2024 spring"
    start = dt.datetime(2025, 3, 4, 0, 30, tzinfo=dt.timezone.utc)
    assert typed_value(format_datetime(start), start) == dt.datetime(2025, 3, 4, 9, 30)   # Seoul wall clock
    assert typed_value("Yes", True) == "Yes"
    assert typed_value(None, 3) is None


def test_a_screen_without_its_own_export_gives_its_largest_table(qtbot, save_to, tmp_path):
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from hubdesk.ui.interchange.export import export_shown_list
    from hubdesk.ui.organizations.table_model import CertificationsTableModel, ContactsTableModel

    screen = QWidget()
    qtbot.addWidget(screen)
    small, big = QTableView(), QTableView()
    small.setModel(CertificationsTableModel([{"id": 1, "type": "kgmp", "number": "K-1"}]))
    big.setModel(ContactsTableModel([{"id": 1, "name": "Kim Minji"}, {"id": 2, "name": "Lee Jun"}]))
    big.setColumnHidden(1, True)
    layout = QVBoxLayout(screen)
    layout.addWidget(small, 1)
    layout.addWidget(big, 3)
    screen.resize(600, 500)
    screen.show()
    qtbot.waitExposed(screen)
    save_to["path"] = tmp_path / "list.csv"
    written = export_shown_list(screen, "contacts")
    with written.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows == [["Name", "Department", "E-mail", "Phone", "Primary contact"],
                    ["Kim Minji", "", "", "", ""], ["Lee Jun", "", "", "", ""]]


def test_the_import_tool_proposes_the_kind_of_the_area(qtbot, main_window):
    from hubdesk.ui.interchange.export import import_tool

    main_window.show_area("programs")
    dialog = import_tool(main_window.context, main_window)
    assert dialog.isVisible() and dialog.kind == "milestones"
    dialog.reject()


def test_a_short_lazy_list_done_at_once_is_still_written_and_reported(qtbot, context, save_to, tmp_path):
    from hubdesk.ui.interchange.export import export_model
    from hubdesk.ui.organizations.table_model import OrganizationsTableModel

    model = OrganizationsTableModel(context.db)
    model.sort(model.COL_NAME, Qt.SortOrder.AscendingOrder)
    messages: list[str] = []
    context.bus.status_message.connect(messages.append)

    class Screen(QTableView):
        pass

    screen = Screen()
    screen.context = context
    qtbot.addWidget(screen)
    for attempt in range(5):        # work that ends before the wait starts must not be lost
        save_to["path"] = tmp_path / f"orgs{attempt}.csv"
        assert export_model(screen, model, "organizations") == save_to["path"]
        with save_to["path"].open(encoding="utf-8-sig") as fh:
            names = [row[0] for row in csv.reader(fh)][1:]
        assert names == sorted(names) and len(names) == 5
    assert messages[-1] == f"5 rows written to {tmp_path / 'orgs4.csv'}"


# --- Ctrl+E in every list area: the main window's export action on the real views ---------------

def read_back(path) -> list[list]:
    if str(path).endswith(".csv"):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return list(csv.reader(fh))
    return [["" if v is None else v for v in row] for row in read_xlsx(path)]


def export_with_ctrl_e(qtbot, main_window, module, monkeypatch, path) -> list[list]:
    """Trigger the main window's Export action (Ctrl+E) with the area's file question answered."""
    monkeypatch.setattr(module, "ask_export_path", lambda parent: str(path))
    action = main_window.actions_by_name["export"]
    assert action.isEnabled()
    action.trigger()
    assert path.exists()
    return read_back(path)


def test_bookings_list_exports_its_filter_sort_and_shown_columns(qtbot, main_window, monkeypatch, tmp_path):
    from hubdesk.db.enums import BookingStatus
    from hubdesk.ui.bookings import view as bookings_view

    view = main_window.show_area("bookings")
    model = view.model
    view.status_filter.set_value(BookingStatus.CONFIRMED)
    qtbot.waitUntil(lambda: not model.is_loading and model.rowCount() == 1)
    view.status_filter.set_value(None)
    qtbot.waitUntil(lambda: not model.is_loading and model.rowCount() == 3)
    view.list.table.setColumnHidden(model.COL_FEE, True)
    view.list.table.sortByColumn(model.COL_STARTS, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: not model.is_loading)

    rows = export_with_ctrl_e(qtbot, main_window, bookings_view, monkeypatch, tmp_path / "bookings.xlsx")

    assert rows[0] == ["No.", "Starts", "Ends", "Resource", "Organization", "Status", "Purpose"]   # no Fee
    assert [r[5] for r in rows[1:]] == ["Requested", "Approved", "Confirmed"]                      # by start
    assert rows[1][1] == model.index(0, model.COL_STARTS).data()
    assert {r[3] for r in rows[1:]} == {"Cleanroom suite A"}
    assert main_window.statusBar().currentMessage() == f"3 bookings written to {tmp_path / 'bookings.xlsx'}"


def test_the_approvals_tab_exports_the_queue(qtbot, main_window, monkeypatch, tmp_path):
    from hubdesk.ui.bookings import view as bookings_view

    view = main_window.show_area("bookings")
    view.tabs.setCurrentIndex(view.APPROVALS_TAB)
    qtbot.waitUntil(lambda: not view.approvals_model.is_loading and view.approvals_model.rowCount() == 1)
    rows = export_with_ctrl_e(qtbot, main_window, bookings_view, monkeypatch, tmp_path / "queue.csv")
    assert len(rows) == 2 and rows[1][5] == "Requested"


def test_the_timeline_exports_the_bookings_of_its_window(qtbot, main_window, monkeypatch, tmp_path):
    from sqlalchemy import select

    from hubdesk.db.schema import Booking
    from hubdesk.ui.bookings import view as bookings_view
    from hubdesk.ui.common.display import format_datetime

    view = main_window.show_area("bookings")
    view.tabs.setCurrentIndex(view.TIMELINE_TAB)
    qtbot.waitUntil(lambda: not view.timeline_loading)
    start, end = view.timeline.start, view.timeline.end
    with main_window.context.db.read() as s:
        inside = s.execute(select(Booking.id, Booking.starts_at).where(Booking.starts_at < end, Booking.ends_at > start)
                           .order_by(Booking.starts_at)).all()
    assert inside

    rows = export_with_ctrl_e(qtbot, main_window, bookings_view, monkeypatch, tmp_path / "week.csv")

    assert rows[0] == ["No.", "Starts", "Ends", "Resource", "Facility", "Organization", "Status", "Purpose",
                       "Campaign"]
    assert [int(r[0]) for r in rows[1:]] == [bid for bid, _s in inside]
    assert [r[1] for r in rows[1:]] == [format_datetime(starts) for _b, starts in inside]
    assert rows[1][4] == "Osong Cell Processing Center" and rows[1][5] == "한방바이오 주식회사"
    # the next window holds none of them
    view.move_timeline(+1)
    qtbot.waitUntil(lambda: not view.timeline_loading)
    later = [b for b in view.timeline.data.bookings if b.starts_at >= view.timeline.start]
    rows = export_with_ctrl_e(qtbot, main_window, bookings_view, monkeypatch, tmp_path / "next.csv")
    assert len(rows) == 1 + len(later) and not {int(r[0]) for r in rows[1:]} & {bid for bid, _s in inside}


def test_headers_follow_the_interface_language(qtbot, main_window, monkeypatch, tmp_path):
    from hubdesk.ui.bookings import view as bookings_view

    view = main_window.show_area("bookings")
    qtbot.waitUntil(lambda: not view.model.is_loading)
    main_window.context.set_language("ko")
    try:
        rows = export_with_ctrl_e(qtbot, main_window, bookings_view, monkeypatch, tmp_path / "예약.xlsx")
        message = main_window.statusBar().currentMessage()
    finally:
        main_window.context.set_language("en")
    assert rows[0][:5] == ["번호", "시작", "종료", "자원", "기관"] and len(rows) == 4
    assert "예약.xlsx" in message and "3" in message and "written" not in message


def test_cases_export_the_list_and_the_board(qtbot, main_window, monkeypatch, tmp_path):
    from hubdesk.ui.cases import view as cases_view

    view = main_window.show_area("cases")
    view.tabs.setCurrentIndex(view.LIST_TAB)
    qtbot.waitUntil(lambda: not view.model.is_loading)
    rows = export_with_ctrl_e(qtbot, main_window, cases_view, monkeypatch, tmp_path / "cases.csv")
    assert rows[0][:3] == ["Organization", "Product", "Pathway"]
    assert rows[1][:2] == ["Cellgen Therapeutics", "CG-101 autologous chondrocytes"]
    assert main_window.statusBar().currentMessage() == f"1 case written to {tmp_path / 'cases.csv'}"

    view.search_edit.setText("no such product")
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=3000)
    rows = export_with_ctrl_e(qtbot, main_window, cases_view, monkeypatch, tmp_path / "none.csv")
    assert rows == [["Organization", "Product", "Pathway", "Risk", "Stage", "Opened on", "Submitted on",
                     "Next deadline"]]

    view.tabs.setCurrentIndex(view.BOARD_TAB)
    rows = export_with_ctrl_e(qtbot, main_window, cases_view, monkeypatch, tmp_path / "board.xlsx")
    assert rows[0] == ["Stage", "Organization", "Product", "Pathway", "Risk", "Days in stage", "Next deadline"]
    assert len(rows) == 2 and rows[1][1] == "Cellgen Therapeutics" and isinstance(rows[1][5], int)
    assert "1 case of the board written to" in main_window.statusBar().currentMessage()


def test_facilities_export_the_resources_shown(qtbot, main_window, monkeypatch, tmp_path):
    from hubdesk.ui.facilities import view as facilities_view

    view = main_window.show_area("facilities")
    view.resources_table.setColumnHidden(view.resources_model.columnCount() - 1, True)   # rates
    rows = export_with_ctrl_e(qtbot, main_window, facilities_view, monkeypatch, tmp_path / "resources.xlsx")
    shown = [view.resources_model.headerData(c, Qt.Orientation.Horizontal)
             for c in range(view.resources_model.columnCount() - 1)]
    assert rows[0] == shown and rows[0][0] == "Resource" and "Rates" not in rows[0]
    assert [r[0] for r in rows[1:]] == ["Cleanroom suite A"]
    assert main_window.statusBar().currentMessage() == f"1 resource written to {tmp_path / 'resources.xlsx'}"


def test_a_cancelled_question_writes_nothing_and_a_bad_folder_is_a_sentence(qtbot, main_window, monkeypatch,
                                                                            tmp_path, shown_messages):
    from hubdesk.ui.cases import view as cases_view

    view = main_window.show_area("cases")
    monkeypatch.setattr(cases_view, "ask_export_path", lambda parent: None)
    before = set(tmp_path.rglob("*"))
    view.export_current()
    assert set(tmp_path.rglob("*")) == before and shown_messages == []
    monkeypatch.setattr(cases_view, "ask_export_path", lambda parent: str(tmp_path / "missing" / "c.xlsx"))
    view.export_current()
    assert len(shown_messages) == 1 and "does not exist" in shown_messages[0][1]


# --- .ics from the app: a timeline resource, an organization's page --------------------------------

@pytest.fixture
def ics_to(monkeypatch):
    from hubdesk.ui.interchange import calendar

    return answer_path_question(monkeypatch, calendar, "ask_calendar_path")


def ics_events(path) -> list:
    from icalendar import Calendar

    calendar = Calendar.from_ical(path.read_bytes())
    return [e for e in calendar.walk("VEVENT")]


def test_the_timeline_saves_a_resources_calendar_from_its_menu(qtbot, main_window, ics_to, tmp_path):
    from sqlalchemy import select

    from hubdesk.db.schema import Booking, Resource

    view = main_window.show_area("bookings")
    view.tabs.setCurrentIndex(view.TIMELINE_TAB)
    qtbot.waitUntil(lambda: not view.timeline_loading)
    with main_window.context.db.read() as s:
        resource_id = s.scalar(select(Resource.id).where(Resource.name == "Cleanroom suite A"))
        expected = {f"{uid}@hubdesk": (starts, status) for uid, starts, status in s.execute(
            select(Booking.uid, Booking.starts_at, Booking.status).where(Booking.resource_id == resource_id,
                                                                        Booking.ends_at > view.timeline.start))}
    assert len(expected) == 3
    ics_to["path"] = tmp_path / "suite-a.ics"

    menu = view.resource_menu(resource_id)       # right-click on the resource's row
    [action] = menu.actions()
    assert action.text() == "Save the calendar of Cleanroom suite A (.ics)…"
    action.trigger()

    assert ics_to["suggested"] == "Cleanroom-suite-A.ics"
    events = ics_events(tmp_path / "suite-a.ics")
    assert {str(e["uid"]) for e in events} == set(expected)
    for event in events:
        starts, status = expected[str(event["uid"])]
        assert event.decoded("dtstart") == starts
        assert str(event["summary"]) == "Cleanroom suite A – 한방바이오 주식회사"
        assert str(event["status"]) == ("TENTATIVE" if status.value == "requested" else "CONFIRMED")
    assert main_window.statusBar().currentMessage() == (
        f"3 bookings of Cleanroom suite A saved as a calendar in {tmp_path / 'suite-a.ics'}")

    # the bar's button lists the shown resources: the same file again
    view.calendar_button.menu().aboutToShow.emit()
    entries = view.calendar_button.menu().actions()
    assert [a.text() for a in entries] == ["Cleanroom suite A — Osong Cell Processing Center"]
    ics_to["path"] = tmp_path / "again.ics"
    entries[0].trigger()
    assert len(ics_events(tmp_path / "again.ics")) == 3


def test_a_right_click_on_a_resource_row_offers_its_calendar(qtbot, main_window, ics_to):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication

    view = main_window.show_area("bookings")
    view.tabs.setCurrentIndex(view.TIMELINE_TAB)
    qtbot.waitUntil(lambda: not view.timeline_loading)
    timeline = view.timeline
    asked: list = []
    timeline.resource_menu_requested.connect(lambda rid, pos: asked.append(rid))
    point = QPoint(20, int(timeline.row_top(0) + timeline.ROW_HEIGHT / 2))     # on the row's label
    QApplication.sendEvent(timeline, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point,
                                                       timeline.mapToGlobal(point)))
    assert asked == [timeline.data.resources[0].id]
    view._menu.close()


def test_the_organization_page_saves_its_bookings_as_a_calendar(qtbot, context, ics_to, tmp_path):
    from sqlalchemy import select

    from hubdesk.db.schema import Organization
    from hubdesk.ui.organizations.dialog import OrganizationDialog

    with context.db.read() as s:
        org_id = s.scalar(select(Organization.id).where(Organization.name == "한방바이오 주식회사"))
        other_id = s.scalar(select(Organization.id).where(Organization.name == "Chungbuk University"))
    page = OrganizationDialog(context, org_id)
    qtbot.addWidget(page)
    button = page.calendar_button
    assert button.isEnabled() and button.text() == "Save calendar (.ics)…"
    assert button in page.buttons.buttons()          # beside the print buttons
    ics_to["path"] = tmp_path / "hanbang.ics"
    button.click()
    assert ics_to["suggested"] == "한방바이오-주식회사.ics"
    events = ics_events(tmp_path / "hanbang.ics")
    assert len(events) == 3 and all("한방바이오 주식회사" in str(e["summary"]) for e in events)

    empty = OrganizationDialog(context, other_id)     # no bookings: an empty calendar, said so
    qtbot.addWidget(empty)
    ics_to["path"] = tmp_path / "none.ics"
    empty.calendar_button.click()
    assert ics_events(tmp_path / "none.ics") == []
    assert not OrganizationDialog(context, None).calendar_button.isEnabled()   # not saved yet
