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


@pytest.fixture
def save_to(monkeypatch):
    from hubdesk.ui.interchange import export

    chosen: dict = {}

    def choose(parent, suggested):
        chosen["suggested"] = suggested
        return None if chosen.get("path") is None else str(chosen["path"])

    monkeypatch.setattr(export, "choose_save_path", choose)
    return chosen


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
