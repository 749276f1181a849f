"""The main window driven as a person would: areas, actions, records opened from elsewhere,
remembered geometry, the language switched to Korean and back, errors as sentences."""

from __future__ import annotations

from PySide6.QtCore import Qt

from hubdesk.ui.context import AppContext
from PySide6.QtWidgets import QDialogButtonBox


def test_every_area_opens_and_unbuilt_ones_show_a_placeholder(qtbot, main_window):
    from hubdesk.ui import navigation
    from hubdesk.ui.placeholder import PlaceholderView

    assert list(main_window.loaded_views()) == ["dashboard"]       # created on first visit only
    for row, area in enumerate(navigation.AREAS):
        main_window.sidebar.setCurrentRow(row)
        view = main_window.current_view()
        assert main_window.stack.currentWidget() is view
        assert view.objectName() == f"view_{area.key}"
        if navigation.load_view_class(area.target) is None:
            assert isinstance(view, PlaceholderView)
    assert set(main_window.loaded_views()) == {a.key for a in navigation.AREAS}
    main_window.view("dashboard").wait_idle()


def test_toolbar_actions_follow_the_area(qtbot, main_window):
    main_window.show_area("organizations")
    actions = main_window.actions_by_name
    assert actions["new"].isEnabled() and actions["find"].isEnabled() and actions["export"].isEnabled()
    assert actions["new"].shortcut().toString() == "Ctrl+N"
    assert actions["refresh"].shortcut().toString() == "F5"
    view = main_window.current_view()
    actions["find"].trigger()
    assert view.search_edit.hasFocus() or main_window.focusWidget() is view.search_edit
    main_window.show_area("settings")
    assert not actions["new"].isEnabled() and actions["save"].isEnabled()
    main_window.view("dashboard").wait_idle()


def test_open_record_switches_area_and_opens_the_organization(qtbot, main_window, small_db):
    from sqlalchemy import select

    from hubdesk.db.schema import Organization
    from hubdesk.ui.organizations.dialog import OrganizationDialog

    with small_db.read() as s:
        org_id = s.scalar(select(Organization.id).where(Organization.name == "Cellgen Therapeutics"))
    main_window.context.open("organization", org_id)
    assert main_window.current_view().objectName() == "view_organizations"
    dialog = main_window.current_view()._dialog
    assert isinstance(dialog, OrganizationDialog)
    assert dialog.profile.name_edit.text() == "Cellgen Therapeutics"
    assert main_window.current_view().selected_id() == org_id
    dialog.close()
    main_window.view("dashboard").wait_idle()


def test_window_geometry_is_remembered(qtbot, small_db):
    from hubdesk.ui.app import open_main_window

    window = open_main_window(small_db, start_area="settings")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.resize(window.minimumSizeHint().width() + 10, 520)
    size = window.size()
    assert size.height() == 520
    window.close()
    assert AppContext.settings().value("main_window/area") == "settings"
    again = open_main_window(small_db)
    qtbot.addWidget(again)
    assert again.current_view().objectName() == "view_settings"
    assert again.height() == size.height() == 520   # (the width is clamped to the small offscreen screen)


def test_switching_to_korean_retranslates_open_windows_and_back(qtbot, main_window):
    from hubdesk import i18n

    main_window.show_area("organizations")
    orgs = main_window.current_view()
    english = (main_window.sidebar.item(1).text(), orgs.title.text(), orgs.new_button.text(),
               orgs.model.headerData(0, Qt.Orientation.Horizontal), main_window.file_menu.title())
    assert english[0] == "Organizations"
    main_window.show_area("settings")
    settings = main_window.current_view()
    settings.foundation.language_combo.setCurrentIndex(settings.foundation.language_combo.findData("ko"))
    assert i18n.get_language() == "ko"
    korean = (main_window.sidebar.item(1).text(), orgs.title.text(), orgs.new_button.text(),
              orgs.model.headerData(0, Qt.Orientation.Horizontal), main_window.file_menu.title())
    assert korean != english
    assert all(a != b for a, b in zip(korean, english)), korean
    assert AppContext.settings().value("language") == "ko"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert [b.text() for b in box.buttons()] == ["확인", "취소"]          # Qt's own strings too
    settings.foundation.language_combo.setCurrentIndex(settings.foundation.language_combo.findData("en"))
    assert (main_window.sidebar.item(1).text(), orgs.title.text(), orgs.new_button.text(),
            orgs.model.headerData(0, Qt.Orientation.Horizontal), main_window.file_menu.title()) == english
    main_window.view("dashboard").wait_idle()


def test_vietnamese_qt_strings_come_from_our_catalog(qtbot):
    from hubdesk import i18n
    from hubdesk.ui.common.i18n_qt import CatalogTranslator, install_qt_translators, qt_strings

    translator = CatalogTranslator()
    assert translator.translate("QPlatformTheme", "Cancel") is None          # English: Qt's own text
    i18n.set_language("vi")
    install_qt_translators("vi")
    for context, source in qt_strings():
        answer = translator.translate(context, source)
        assert answer == (None if i18n.pgettext(context, source) == source else i18n.pgettext(context, source))
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    expected = i18n.pgettext("QPlatformTheme", "Cancel")
    assert box.buttons()[0].text() == expected


def test_a_database_problem_is_a_sentence_not_a_traceback(qtbot, main_window, shown_messages):
    from hubdesk.errors import DatabaseProblem
    from hubdesk.ui.common import errors

    with errors.guard(main_window):
        raise DatabaseProblem("The database x is locked by another program. Wait until it finishes.")
    with errors.guard(main_window):
        raise KeyError("bug")
    assert shown_messages[0] == ("Database problem",
                                 "The database x is locked by another program. Wait until it finishes.")
    assert "KeyError" in shown_messages[1][1] and "Traceback" not in shown_messages[1][1]
    main_window.view("dashboard").wait_idle()


def test_first_run_stores_the_foundation_and_the_administrator(qtbot, db):
    from sqlalchemy import select

    from hubdesk.db.enums import Role
    from hubdesk.db.schema import Setting, User
    from hubdesk.ui.app import apply_first_run, current_user_name
    from hubdesk.ui.first_run.dialog import FirstRunDialog

    dialog = FirstRunDialog("en", demo_available=True)
    qtbot.addWidget(dialog)
    assert dialog.admin_label.text() == "Administrator name:"
    dialog.accept()                                   # nothing typed: refused with a sentence
    assert dialog.problem_label.text() and dialog.result() == 0
    dialog.foundation_edit.setText("Jecheon Bio Foundation")
    dialog.admin_edit.setText("Kim Minji")
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("vi"))
    choices = dialog.choices()
    assert choices.language == "vi" and not choices.load_demo
    apply_first_run(db, choices)
    with db.read() as s:
        assert s.get(Setting, "foundation_name").value == "Jecheon Bio Foundation"
        user = s.scalar(select(User))
        assert (user.username, user.role, user.password_hash) == ("Kim Minji", Role.ADMIN, None)
    assert current_user_name(db) == "Kim Minji"


def test_worker_reports_progress_and_can_be_cancelled(qtbot):
    import threading

    from hubdesk.ui.common.worker import Worker

    gate = threading.Event()

    def work(progress, cancelled):
        progress(1, 3, "one")
        gate.wait(5)
        progress(2, 3, "two")           # raises: Cancel was pressed meanwhile
        return "too late"

    worker = Worker(work)
    seen = []
    worker.signals.progress.connect(lambda d, t, text: seen.append((d, t, text)))
    finished = []
    worker.signals.finished.connect(finished.append)
    with qtbot.waitSignal(worker.signals.progress, timeout=5000):
        worker.start()
    with qtbot.waitSignal(worker.signals.cancelled, timeout=5000):
        worker.cancel()
        gate.set()
    assert seen == [(1, 3, "one")] and finished == []
    done = Worker(lambda progress, cancelled: 42)
    with qtbot.waitSignal(done.signals.finished, timeout=5000) as blocker:
        done.start()
    assert blocker.args == [42]


def test_worker_whose_work_ends_after_a_late_cancel_reports_it_finished(qtbot):
    """Cancel pressed after the function's last progress (an import already committing): the
    work is done, so the worker says finished with its result, never "cancelled"."""
    import threading

    from hubdesk.ui.common.worker import Worker

    gate = threading.Event()

    def work(progress, cancelled):
        progress(1, 1, "last row")
        gate.wait(5)                    # committing: no more progress calls
        return "3000 rows written"

    worker = Worker(work)
    cancelled = []
    worker.signals.cancelled.connect(lambda: cancelled.append(True))
    with qtbot.waitSignal(worker.signals.progress, timeout=5000):
        worker.start()
    with qtbot.waitSignal(worker.signals.finished, timeout=5000) as blocker:
        worker.cancel()
        gate.set()
    assert blocker.args == ["3000 rows written"] and cancelled == []


def test_first_start_without_a_database_asks_and_creates_it(qtbot, monkeypatch):
    from hubdesk import paths
    from hubdesk.ui import app
    from hubdesk.ui.first_run import dialog as first_run
    from hubdesk.ui.first_run.dialog import SetupChoices

    assert app.needs_first_run(None)
    asked = []
    monkeypatch.setattr(first_run, "ask_first_run", lambda lang, demo: asked.append(lang) or SetupChoices(
        "Jecheon Bio Foundation", "ko", "Kim Minji", False))
    db, name = app._open(None, None, None)
    try:
        assert asked and name == "Kim Minji"
        assert paths.default_database_path().exists() and not app.needs_first_run(None)
        assert AppContext.settings().value("language") == "ko"
        from hubdesk.ui.common.settings_store import get_setting

        assert get_setting(db, "foundation_name") == "Jecheon Bio Foundation"
    finally:
        db.dispose()
        from hubdesk.db import audit

        audit.set_actor(None)


def test_cancelling_the_first_start_creates_nothing(qtbot, monkeypatch):
    from hubdesk import paths
    from hubdesk.ui import app
    from hubdesk.ui.first_run import dialog as first_run

    monkeypatch.setattr(first_run, "ask_first_run", lambda lang, demo: None)
    assert app._open(None, None, None) == (None, "")
    assert not paths.default_database_path().exists()


PROBE_CALLS: list = []


def probe_tool(context, parent) -> None:
    PROBE_CALLS.append(parent)


def test_tools_registered_in_navigation_appear_in_the_tools_menu(qtbot, small_db, monkeypatch):
    from hubdesk.ui import navigation
    from hubdesk.ui.app import open_main_window

    called = PROBE_CALLS
    called.clear()
    monkeypatch.setattr(navigation, "TOOLS", [
        navigation.Tool("probe", "Settings", "tests.ui.test_main_window:probe_tool"),
        navigation.Tool("later", "Settings", "hubdesk.ui.not_written_yet.dialog:open"),
    ])
    window = open_main_window(small_db, start_area="settings")
    qtbot.addWidget(window)
    assert list(window.tool_actions) == ["probe"]               # the unwritten one is not offered
    assert window.tools_menu.menuAction().isVisible()
    window.tool_actions["probe"].trigger()
    assert called == [window]


def test_slow_work_shows_its_progress_dialog_and_quick_work_none(qtbot):
    """run_with_progress: past 300 ms the dialog is on screen (with Cancel unless told otherwise);
    work done sooner shows nothing."""
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

    from hubdesk.ui.common.worker import run_with_progress

    def shown_dialogs() -> list:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]

    seen: list = []
    QTimer.singleShot(700, lambda: seen.extend(
        (d.labelText(), bool(d.findChildren(QPushButton))) for d in shown_dialogs()))
    assert run_with_progress(None, "Copying…", lambda _p, _c: (time.sleep(1.2), 42)[1], cancellable=False) == 42
    assert seen == [("Copying…", False)]                      # shown, and no Cancel button
    assert shown_dialogs() == []

    seen.clear()
    QTimer.singleShot(700, lambda: seen.extend(
        (d.labelText(), bool(d.findChildren(QPushButton))) for d in shown_dialogs()))
    assert run_with_progress(None, "Exporting…", lambda _p, _c: (time.sleep(1.2), 7)[1]) == 7
    assert seen == [("Exporting…", True)]
    assert run_with_progress(None, "Quick", lambda _p, _c: 1) == 1   # too quick to be seen
    assert shown_dialogs() == []
