"""The Reports screen driven as a person would: generate the quarterly report in the background,
wait for the worker, see one preview image per PDF page, save it, print it (Qt's printer writing a
PDF), cancel a run, issue a quarter (asked first; afterwards the quarter's data is locked), and
print an organization profile and a usage statement."""

from __future__ import annotations

import time

import pytest


@pytest.fixture
def view(qtbot, small_db):
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.reports.view import ReportsView

    v = ReportsView(AppContext(db=small_db, user_name="Tester"))
    qtbot.addWidget(v)
    v.resize(1200, 800)
    v.show()
    return v


def _generate(view) -> None:
    assert view.generate()
    assert view.is_busy() and not view.generate_button.isEnabled() and view.cancel_button.isEnabled()
    assert view.wait_idle(90000)


def test_generate_preview_save_and_print(monkeypatch, tmp_path, view, shown_messages):
    from hubdesk.ui.reports import dialog
    from hubdesk.ui.reports.preview import page_count

    assert not view.save_button.isEnabled() and not view.print_button.isEnabled()
    assert not view.org_combo.isEnabled()  # the quarterly report is not about one organization
    view.choose("quarterly", lang="en")
    _generate(view)
    assert view.last_error is None
    pages = page_count(view.pdf_path)
    assert pages >= 5
    assert len(view.page_images) == pages == len(view.preview.page_labels)
    assert all(not label.pixmap().isNull() for label in view.preview.page_labels)
    assert view.page_images[0].width() == 640
    assert view.status_label.text() == f"Ready: {pages} pages."
    assert view.save_button.isEnabled() and view.print_button.isEnabled()

    target = tmp_path / "q.pdf"
    monkeypatch.setattr(dialog, "ask_save_path", lambda parent, suggested: str(target))
    assert view.save_as() == target
    assert target.read_bytes()[:5] == b"%PDF-" and page_count(target) == pages
    database = view.context.db.path                     # Save as… onto the open database: refused
    before = database.read_bytes()
    monkeypatch.setattr(dialog, "ask_save_path", lambda parent, suggested: str(database))
    assert view.save_as() is None
    assert "is the database hubdesk has open" in shown_messages[-1][1]
    assert database.read_bytes() == before

    printed = tmp_path / "printed.pdf"

    def to_file(parent, printer):
        from PySide6.QtPrintSupport import QPrinter

        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        printer.setResolution(100)
        return True

    monkeypatch.setattr(dialog, "ask_printer", to_file)
    assert view.print_current() == pages
    assert page_count(printed) == pages

    monkeypatch.setattr(dialog, "ask_printer", lambda parent, printer: False)
    assert view.print_current() == 0


def test_cancel_a_running_report(monkeypatch, view):
    from hubdesk.ui.reports import view as reports_view

    def slow(db, kind, quarter, lang, org_id, out, progress, **kw):
        for i in range(2000):
            progress(i, 2000, "working")
            time.sleep(0.005)
        raise AssertionError("not cancelled")

    monkeypatch.setattr(reports_view, "generate_document", slow)
    assert view.generate()
    view.cancel()
    assert view.wait_idle(20000)
    assert view.status_label.text() == "Cancelled: nothing was generated."
    assert view.pdf_path is None and view.last_error is None
    assert view.generate_button.isEnabled()


def test_issue_a_quarter_locks_it(monkeypatch, view, small_db, shown_messages):
    from hubdesk.db.schema import KpiValue, Organization
    from hubdesk.domain.quarters import Quarter
    from hubdesk.errors import DomainError
    from hubdesk.ui.reports import dialog

    q = view.quarter()
    assert q.end < view.today and view.issue_button.isEnabled()
    assert "Not issued yet" in view.lock_label.text()
    asked = []
    monkeypatch.setattr(dialog, "confirm_issue", lambda parent, text: asked.append(text) or False)
    assert not view.issue_report()
    assert asked == [f"{q.year} Q{q.quarter}"] and not view.is_busy()
    assert "changes to data dated inside" in dialog.issue_explanation("2026 Q3")

    monkeypatch.setattr(dialog, "confirm_issue", lambda parent, text: True)
    assert view.issue_report()
    assert view.wait_idle(90000)
    assert view.last_error is None, view.last_error
    assert "issued and the quarter is locked" in view.status_label.text()
    assert "was issued on" in view.lock_label.text() and not view.issue_button.isEnabled()
    # the lock: a figure dated inside the issued quarter is refused
    with pytest.raises(DomainError):
        with small_db.write() as s:
            org = s.query(Organization).first()
            s.add(KpiValue(organization_id=org.id, year=q.year, quarter=q.quarter, headcount=3))
    # issuing again is refused with the domain's sentence
    assert view.generate(issue=True) and view.wait_idle(90000)
    assert "already issued" in shown_messages[-1][1]
    # the current quarter has not ended: it cannot be issued
    view.choose(quarter=str(Quarter.of(view.today)))
    assert not view.issue_button.isEnabled()


def test_profile_and_statement_need_an_organization(view, small_db, shown_messages):
    from hubdesk.db.schema import Organization

    with small_db.read() as s:
        org_id = s.query(Organization).filter_by(name="한방바이오 주식회사").one().id
    view.choose("organization", organization_id=org_id, lang="ko")
    assert view.org_combo.isEnabled() and not view.quarter_combo.isEnabled() and not view.issue_box.isVisibleTo(view)
    _generate(view)
    assert view.last_error is None and len(view.page_images) >= 1

    view.choose("statement")
    view.org_combo.setEditText("no such company")
    assert not view.generate()
    assert "Choose the organization" in shown_messages[-1][1]
    view.choose(organization_id=org_id)
    _generate(view)
    assert view.last_error is None and len(view.page_images) >= 1
    # the organization's name leads the file name, so a folder of statements sorts by organization
    assert view.suggested_name() == f"한방바이오 주식회사-usage-statement-{view.quarter()}.pdf"


def test_switching_language_retranslates(view):
    try:
        view.context.set_language("ko")
        assert view.title.text() != "Reports"
        assert view.kind_combo.itemText(0) != "Quarterly status report"
        assert "분기" in view.quarter_combo.currentText()
    finally:
        view.context.set_language("en")
    assert view.kind_combo.itemText(0) == "Quarterly status report"
    assert view.quarter_combo.currentText().startswith("20") and " Q" in view.quarter_combo.currentText()


def test_the_toolbar_save_and_print_wait_for_a_generated_report(qtbot, main_window):
    view = main_window.show_area("reports")
    save, print_ = main_window.actions_by_name["save"], main_window.actions_by_name["print"]
    assert not save.isEnabled() and not print_.isEnabled()     # nothing to save or print yet
    view.choose("quarterly", lang="en")
    assert view.generate()
    assert not save.isEnabled() and not print_.isEnabled()     # still laying out
    assert view.wait_idle(90000) and view.pdf_path is not None
    assert save.isEnabled() and print_.isEnabled()


def test_the_organization_box_lists_what_is_typed(qtbot, view, small_db):
    """The box opens on the organizations booked most recently, not on every one; typing part of a
    name (Korean and Vietnamese as an input method commits them, Latin letters in either case)
    lists the matches, archived organizations too (a profile of a former tenant is still printed)."""
    import datetime as dt

    from hubdesk.db.schema import Organization
    from tests.factories import make_org
    from tests.ui.views import choose_organization

    with small_db.write() as s:
        vietnamese = make_org(s, "Công ty TNHH Sài Gòn Bio").id
        saigon = s.query(Organization).filter_by(name="Saigon Herbal JSC").one()
        saigon.archived_on = dt.date(2025, 12, 31)
        saigon_id = saigon.id
        hanbang = s.query(Organization).filter_by(name="한방바이오 주식회사").one().id
    assert [view.org_combo.itemText(i) for i in range(view.org_combo.count())] == ["", "한방바이오 주식회사"]
    view.choose("statement")
    assert view.org_combo.isEnabled() and view.organization_id() is None

    choose_organization(qtbot, view.org_combo, "sài gòn", "Công ty TNHH Sài Gòn Bio")
    assert view.organization_id() == vietnamese
    choose_organization(qtbot, view.org_combo, "HERBAL", "Saigon Herbal JSC")
    assert view.organization_id() == saigon_id
    assert view.suggested_name().startswith("Saigon Herbal JSC-usage-statement-")
    choose_organization(qtbot, view.org_combo, "방바이", "한방바이오 주식회사")
    assert view.organization_id() == hanbang
    # an organization the box does not list yet is chosen by id (the organization page's Print)
    view.choose(organization_id=vietnamese)
    assert view.org_combo.currentText() == "Công ty TNHH Sài Gòn Bio" and view.organization_id() == vietnamese


def test_the_reports_language_follows_a_live_switch_until_a_person_picks_one(view):
    combo = view.language_combo
    assert view.language() == "en"
    view.context.set_language("vi")
    assert view.language() == "vi" and combo.currentText() == "Tiếng Việt"
    combo.setCurrentIndex(combo.findData("en"))         # a person picks English for the report
    combo.activated.emit(combo.currentIndex())
    view.context.set_language("ko")
    assert view.language() == "en"                      # the pick stays
    view.context.set_language("en")
