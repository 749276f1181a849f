"""The import wizard on real files (CSV and xlsx written here) and a real SQLite database: the column
mapping, a dry run listing every problem by row and column, Import enabled only without problems,
Cancel leaving the database as it was, and the wizard's table models under qtmodeltester."""

from __future__ import annotations

import csv

import pytest
from sqlalchemy import func, select

from hubdesk.db.schema import Organization


def organization_count(db) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(Organization))


def write_csv(path, header, rows, *, encoding="utf-8", delimiter=","):
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def org_rows(n, prefix="Imported company"):
    return [[f"{prefix} {i:05d}", "company", "Osong", f"note {i}"] for i in range(n)]


@pytest.fixture
def wizard(qtbot, context, monkeypatch):
    from hubdesk.ui.interchange import dialog as dialog_module

    chosen: dict[str, str] = {}
    monkeypatch.setattr(dialog_module, "choose_file", lambda parent: chosen.get("path"))

    def make(path, kind="organizations"):
        chosen["path"] = str(path)
        dlg = dialog_module.ImportWizardDialog(context, kind)
        qtbot.addWidget(dlg)
        dlg.show()
        dlg.browse()
        return dlg

    return make


def wait_idle(qtbot, dlg, timeout=60_000):
    qtbot.waitUntil(lambda: not dlg.busy, timeout=timeout)


def read_and_check(qtbot, dlg):
    """Step 1 → 2 (read the file) → 3 (dry run), waiting for each."""
    assert dlg.next_button.isEnabled()
    dlg.next_button.click()
    wait_idle(qtbot, dlg)
    assert dlg.step == dlg.MAPPING, dlg.choose_error.text()
    dlg.next_button.click()
    assert dlg.step == dlg.CHECK
    wait_idle(qtbot, dlg)


def test_a_good_csv_is_mapped_checked_and_imported(qtbot, wizard, context, tmp_path):
    before = organization_count(context.db)
    path = write_csv(tmp_path / "members.csv", ["기업명", "Kind", "region", "Remarks for the office"],
                     org_rows(30), encoding="cp949", delimiter=";")
    dlg = wizard(path)
    assert dlg.file_edit.text() == str(path)
    dlg.next_button.click()
    wait_idle(qtbot, dlg)
    assert dlg.step == dlg.MAPPING
    # the mapping: file header -> field, the unknown header ignored, absent optional fields listed
    model = dlg.mapping_model
    shown = {model.index(r, 0).data(): (model.index(r, 1).data(), model.state_at(r)) for r in range(model.rowCount())}
    assert shown["기업명"] == ("name", "used")
    assert shown["Kind"] == ("kind", "used")
    assert shown["Remarks for the office"][1] == "ignored"
    assert "" in shown and model.missing_required() == []
    assert "CP949" in dlg.file_info.text() and "semicolon" in dlg.file_info.text()
    assert "30 data rows" in dlg.file_info.text()
    assert dlg.rows_model.rowCount() == 20 and dlg.rows_model.index(0, 0).data() == "Imported company 00000"
    dlg.next_button.click()
    wait_idle(qtbot, dlg)
    assert dlg.check_result is not None and dlg.check_result.ok
    assert dlg.check_result.created == 30 and dlg.check_result.updated == 0
    assert "would create 30" in dlg.check_summary.text()
    # step 3 says what Import will write, not an empty page
    plan = dlg.check_page
    assert plan.plan_box.isVisibleTo(dlg) and not dlg.problems_view.isVisibleTo(dlg)
    assert plan.plan_values["create"].text() == "30" and plan.plan_values["update"].text() == "0"
    assert plan.plan_values["into"].text() == context.db.display_name
    assert plan.plan_values["what"].text() == dlg.kind_combo.currentText()
    assert "기업명 → name" in plan.plan_values["columns"].text()
    assert plan.plan_values["ignored"].text() == "Remarks for the office"
    assert "Nothing has been written yet" in plan.plan_note.text()
    assert organization_count(context.db) == before          # the dry run wrote nothing
    assert dlg.import_button.isVisible() and dlg.import_button.isEnabled()
    changed: list[str] = []
    context.bus.data_changed.connect(changed.append)
    dlg.import_button.click()
    wait_idle(qtbot, dlg)
    assert dlg.step == dlg.DONE
    assert organization_count(context.db) == before + 30
    assert dlg.done_summary.text() == "Imported 30 rows from members.csv: 30 created, 0 updated, 0 unchanged."
    assert "Remarks for the office" in dlg.done_ignored.text()
    assert "organization" in changed
    assert dlg.close_button.isVisible() and not dlg.cancel_button.isVisible()


def test_one_bad_row_among_2000_is_named_and_import_stays_disabled(qtbot, wizard, context, tmp_path):
    from openpyxl import Workbook

    before = organization_count(context.db)
    book = Workbook()
    ws = book.active
    ws.append(["기업명", "기관유형", "지역", "비고"])
    rows = org_rows(2000)
    rows[1499][1] = "spaceship"       # spreadsheet row 1501 (the header is row 1)
    for row in rows:
        ws.append(row)
    path = tmp_path / "members.xlsx"
    book.save(path)
    dlg = wizard(path)
    read_and_check(qtbot, dlg)
    result = dlg.check_result
    assert result is not None and not result.ok
    texts = dlg.problems_model.problem_texts()
    assert len(texts) == 1 and texts[0].startswith("row 1501, column 기관유형: ")
    assert dlg.problems_model.index(0, 1).data() == texts[0]
    assert dlg.problems_model.index(0, 0).data() == 1501
    assert dlg.problems_view.isVisible()
    assert "1 problem" in dlg.check_summary.text()
    assert not dlg.import_button.isEnabled()
    dlg.start_import()                      # even when called directly: no import after problems
    assert not dlg.busy and dlg.step == dlg.CHECK
    assert organization_count(context.db) == before


def test_every_problem_is_listed(qtbot, wizard, context, tmp_path):
    rows = org_rows(10)
    rows[2][1] = "spaceship"
    rows[5][0] = ""
    path = write_csv(tmp_path / "bad.csv", ["name", "kind", "region", "notes"], rows)
    dlg = wizard(path)
    read_and_check(qtbot, dlg)
    texts = dlg.problems_model.problem_texts()
    assert [t.split(":")[0] for t in texts] == ["row 4, column kind", "row 7, column name"]
    assert not dlg.import_button.isEnabled()


def test_cancel_during_a_large_import_writes_nothing(qtbot, wizard, context, tmp_path, monkeypatch):
    import time

    from hubdesk.interchange import importer

    before = organization_count(context.db)
    path = write_csv(tmp_path / "many.csv", ["name", "kind", "region", "notes"], org_rows(3000))
    dlg = wizard(path)
    read_and_check(qtbot, dlg)
    real_import = importer.import_file
    held_at = []

    def import_until_cancelled(*args, progress=None, cancel=None, **kwargs):
        """The real import, held after its first progress until Cancel is pressed: on a busy
        machine 3,000 rows could otherwise be written before the click arrives."""
        def held(done, total):
            progress(done, total)
            if total == 0:           # still reading the file (it may be cancelled there too)
                return
            held_at.append(done)
            deadline = time.monotonic() + 30
            while not cancel() and time.monotonic() < deadline:
                time.sleep(0.01)
        return real_import(*args, progress=held, cancel=cancel, **kwargs)

    monkeypatch.setattr(importer, "import_file", import_until_cancelled)
    assert dlg.import_button.isEnabled()
    dlg.import_button.click()
    assert dlg.busy and dlg.busy_row.isVisible()
    assert not dlg.import_button.isEnabled() and not dlg.back_button.isEnabled()
    qtbot.waitUntil(lambda: dlg.progress_bar.value() > 0, timeout=30_000)   # rows are being written
    assert dlg.progress_bar.maximum() == 3000
    dlg.cancel_button.click()
    wait_idle(qtbot, dlg)
    assert dlg.import_result is None and dlg.step == dlg.CHECK
    assert dlg.check_note.isVisible() and dlg.check_note.text() == "Cancelled: nothing was written."
    assert organization_count(context.db) == before
    assert held_at and held_at[0] < 3000     # cancelled while rows were being written
    assert dlg.import_button.isEnabled()     # it may be tried again
    assert dlg.isVisible()


def test_a_file_without_a_required_column_says_which_to_add(qtbot, wizard, context, tmp_path):
    path = write_csv(tmp_path / "nonames.csv", ["kind", "region"], [["company", "Osong"]])
    dlg = wizard(path)
    dlg.next_button.click()
    wait_idle(qtbot, dlg)
    assert dlg.step == dlg.MAPPING
    assert dlg.mapping_model.missing_required() == ["name"]
    assert "name (기업명)" in dlg.mapping_error.text()
    assert not dlg.next_button.isEnabled()


def test_an_unreadable_file_is_a_sentence_on_the_first_step(qtbot, wizard, context, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a workbook")
    dlg = wizard(path)
    dlg.next_button.click()
    wait_idle(qtbot, dlg)
    assert dlg.step == dlg.CHOOSE
    assert dlg.choose_error.isVisible() and "broken.xlsx" in dlg.choose_error.text()


def test_wizard_speaks_korean(qtbot, wizard, context, tmp_path):
    path = write_csv(tmp_path / "members.csv", ["name", "kind"], [["A", "company"]])
    dlg = wizard(path)
    from hubdesk.i18n import _

    context.set_language("ko")
    try:
        assert dlg.kind_combo.itemText(1) == _("Contacts") != "Contacts"
        assert dlg.windowTitle() == _("Import from Excel or CSV")
    finally:
        context.set_language("en")
    assert dlg.kind_combo.itemText(1) == "Contacts"
    assert dlg.windowTitle() == "Import from Excel or CSV"


def test_models_pass_qtmodeltester(qtmodeltester, tmp_path):
    from PySide6.QtCore import Qt

    from hubdesk.interchange.importer import Problem, importer_for
    from hubdesk.ui.interchange.table_model import FileRowsTableModel, MappingTableModel, ProblemsTableModel

    mapping = MappingTableModel()
    mapping.set_mapping(importer_for("organizations").columns, ["기업명", "Remarks", ""], {"name": "기업명"},
                        ["Remarks"])
    qtmodeltester.check(mapping)
    rows = FileRowsTableModel()
    rows.set_rows(["기업명", "Remarks"], [(2, ["A", None]), (3, ["B"])], ["Remarks"])
    qtmodeltester.check(rows)
    assert rows.headerData(1, Qt.Orientation.Vertical) == 3
    problems = ProblemsTableModel()
    problems.set_problems([Problem(4, "kind", "“spaceship” is not a kind."), Problem(None, None, "File-wide.")])
    qtmodeltester.check(problems)
    assert problems.problem_texts()[0] == "row 4, column kind: “spaceship” is not a kind."


def test_closing_while_checking_stops_the_work_first(qtbot, wizard, context, tmp_path):
    path = write_csv(tmp_path / "many.csv", ["name", "kind", "region", "notes"], org_rows(3000))
    dlg = wizard(path)
    dlg.next_button.click()
    wait_idle(qtbot, dlg)
    dlg.next_button.click()
    assert dlg.busy and dlg.step == dlg.CHECK
    dlg.reject()                              # Esc or the window's close button
    assert dlg.isVisible()                    # not before the check has stopped
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=30_000)
    assert not dlg.busy and dlg.check_result is None


def test_back_returns_to_the_mapping_and_a_new_check_replaces_the_old(qtbot, wizard, context, tmp_path):
    rows = org_rows(5)
    rows[1][1] = "spaceship"
    path = write_csv(tmp_path / "fix.csv", ["name", "kind", "region", "notes"], rows)
    dlg = wizard(path)
    read_and_check(qtbot, dlg)
    assert not dlg.import_button.isEnabled()
    rows[1][1] = "company"                    # corrected in the spreadsheet meanwhile
    write_csv(path, ["name", "kind", "region", "notes"], rows)
    dlg.back_button.click()
    assert dlg.step == dlg.MAPPING
    dlg.next_button.click()
    wait_idle(qtbot, dlg)
    assert dlg.check_result.ok and dlg.problems_model.rowCount() == 0 and dlg.import_button.isEnabled()


# --- what each kind takes, and templates ---------------------------------------------------------

IMPORT_KINDS = ("organizations", "contacts", "bookings", "kpis", "milestones")


def choose_kind(dlg, kind):
    dlg.kind_combo.setCurrentIndex(dlg.kind_combo.findData(kind))
    assert dlg.kind == kind


def shown_columns(dlg) -> list[tuple[str, str, str]]:
    model = dlg.choose_page.columns_model
    return [tuple(model.index(r, c).data() for c in range(3)) for r in range(model.rowCount())]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_first_step_shows_the_columns_of_each_kind(qtbot, context, lang):
    from hubdesk.i18n import _
    from hubdesk.interchange.exporter import template_columns
    from hubdesk.ui.interchange.dialog import KINDS, ImportWizardDialog

    dlg = ImportWizardDialog(context, "organizations")
    qtbot.addWidget(dlg)
    dlg.show()
    context.set_language(lang)
    try:
        assert dlg.choose_page.columns_view.isVisible()
        for kind in IMPORT_KINDS:
            choose_kind(dlg, kind)
            columns = template_columns(kind)
            required = [c for c in columns if c.required]
            rows = shown_columns(dlg)
            assert len(rows) == len(columns) and required
            names = [(c.ko, c.key) if lang == "ko" else (c.key, c.ko) for c in required + [
                c for c in columns if not c.required]]
            assert [r[0] for r in rows] == [f"{a} ({b})" for a, b in names]        # the required ones first
            assert [r[1] for r in rows] == (["필수"] * len(required) + ["선택"] * (len(columns) - len(required))
                                            if lang == "ko" else
                                            ["Required"] * len(required) + ["Optional"] * (len(columns) - len(required)))
            assert all(r[2] for r in rows)                                          # every column says what it takes
            assert _(dict(KINDS)[kind]) in dlg.choose_page.columns_caption.text()
        choose_kind(dlg, "organizations")
        takes = {r[0]: r[2] for r in shown_columns(dlg)}
        if lang == "ko":
            assert takes["기관유형 (kind)"].startswith("다음 중 하나: company (기업), university (대학)")
            assert takes["회원가입일 (member_since)"] != "A date, such as 2026-03-14 (2026.3.14 and 2026년 3월 14일 work too)"
            assert dlg.choose_page.template_button.text() == "양식 저장…"
        else:
            assert takes["kind (기관유형)"] == ("One of: company, university, research_institute, government, "
                                              "hospital, foreign_partner")
            assert takes["region (지역)"] == "Text, at most 100 characters"
            assert dlg.choose_page.template_button.text() == "Save a template…"
    finally:
        context.set_language("en")


def valid_row(kind: str, korean: bool) -> dict:
    """One row that imports into the small test database, by column key."""
    import datetime as dt
    from hubdesk.domain import clock

    import holidays

    day = clock.today() + dt.timedelta(days=14)
    closed = holidays.country_holidays("KR", years=[day.year, day.year + 1])
    while day.weekday() >= 5 or day in closed:
        day += dt.timedelta(days=1)
    return {
        "organizations": {"name": "새봄바이오 주식회사", "kind": "기업" if korean else "company",
                          "member_since": dt.datetime(2025, 4, 1)},
        "contacts": {"organization": "Cellgen Therapeutics", "name": "Park Sora",
                     "is_primary": "예" if korean else "yes"},
        # (an organization with a user class: a request for one without is refused up front)
        "bookings": {"resource": "Cleanroom suite A", "organization": "한방바이오 주식회사",
                     "starts_at": f"{day.isoformat()} 10:00", "ends_at": f"{day.isoformat()} 12:00"},
        "kpis": {"organization": "Cellgen Therapeutics", "year": 2025, "quarter": "2분기" if korean else "Q2",
                 "headcount": 14, "sales_krw": "₩120,000,000"},
        "milestones": {"program": "Regional herbal cluster support", "title": "Catalogue printed",
                       "due_on": "2026-11-30"},
    }[kind]


@pytest.mark.parametrize("korean", [True, False], ids=["korean-headers", "english-headers"])
@pytest.mark.parametrize("kind", IMPORT_KINDS)
def test_a_template_filled_with_one_valid_row_checks_without_a_problem(qtbot, wizard, context, tmp_path,
                                                                      monkeypatch, kind, korean):
    from openpyxl import load_workbook

    from hubdesk.interchange.exporter import template_columns
    from hubdesk.ui.interchange.pages import choose_page

    path = tmp_path / f"{kind}.xlsx"
    asked: list[str] = []
    monkeypatch.setattr(choose_page, "choose_template_path", lambda parent, suggested: asked.append(suggested)
                        or str(path))
    dlg = wizard(path, kind)
    page = dlg.choose_page
    page.template_language.setCurrentIndex(page.template_language.findData(korean))
    page.template_button.click()

    assert asked == [f"{kind}-template.xlsx"]
    assert page.template_note.isVisible() and str(path) in page.template_note.text()
    columns = template_columns(kind)
    book = load_workbook(path)
    sheet = book.active
    headers = [cell.value for cell in sheet[1]]
    assert headers == [c.ko if korean else c.key for c in columns] and sheet.max_row == 1
    notes = {c.value: c.comment.text for c in sheet[1]}
    required = next(c for c in columns if c.required)
    assert notes[required.ko if korean else required.key].startswith("Required.")
    values = valid_row(kind, korean)
    sheet.append([values.get(c.key) for c in columns])
    book.save(path)

    read_and_check(qtbot, dlg)

    assert dlg.check_result.ok, dlg.problems_model.problem_texts()
    assert dlg.check_result.rows == 1 and dlg.check_result.created + dlg.check_result.updated == 1
    assert dlg.mapping_model.missing_required() == []


def test_a_template_in_a_missing_folder_is_a_sentence(qtbot, context, tmp_path, monkeypatch, shown_messages):
    from hubdesk.ui.interchange.dialog import ImportWizardDialog
    from hubdesk.ui.interchange.pages import choose_page

    monkeypatch.setattr(choose_page, "choose_template_path", lambda parent, s: str(tmp_path / "gone" / "t.csv"))
    dlg = ImportWizardDialog(context, "kpis")
    qtbot.addWidget(dlg)
    assert dlg.choose_page.save_template() is None
    assert len(shown_messages) == 1 and "does not exist" in shown_messages[0][1]
    assert not dlg.choose_page.template_note.isVisible()


def test_the_kind_columns_model_passes_qtmodeltester(qtmodeltester):
    from hubdesk.ui.interchange.table_model import KindColumnsTableModel

    model = KindColumnsTableModel()
    model.set_kind("bookings")
    qtmodeltester.check(model)
    assert model.column_keys()[:3] == ["resource", "starts_at", "ends_at"]
