"""The file dialogs every "open" and "save as" question uses (`ui/common/file_dialogs.py`): Qt's
own dialog, in the interface language, suggesting the folder and name it was given, and the
modification dates written as the interface language writes them."""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture
def korean():
    from hubdesk import i18n
    from hubdesk.ui.common.i18n_qt import install_qt_translators

    i18n.set_language("ko")
    install_qt_translators("ko")
    yield
    i18n.set_language("en")
    install_qt_translators("en")


def _answer_with(qtbot, check):
    """Answer the modal dialog that is about to open: `check(dialog)`, then accept it.

    The dialog is closed whatever happens: where `check` fails, or the dialog does not take the
    answer (an open dialog whose file name box is empty stays up), it is cancelled and the error is
    kept in the list for the test to raise (`_seen`), instead of being left up for a click."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLineEdit

    seen = []

    def answer():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, answer)
            return
        try:
            seen.append(check(dialog))
            dialog.accept()
            if dialog.isVisible():
                name_box = dialog.findChild(QLineEdit, "fileNameEdit")
                raise AssertionError(f"{type(dialog).__name__} did not take the answer; its file name box "
                                     f"says {name_box.text() if name_box is not None else None!r}")
        except BaseException as error:  # noqa: BLE001 - handed to the test, which raises it
            seen.append(error)
            dialog.reject()

    QTimer.singleShot(20, answer)
    return seen


def _seen(seen):
    """What the checks returned, raising the error of one that failed."""
    for item in seen:
        if isinstance(item, BaseException):
            raise item
    return seen


def test_save_as_suggests_the_name_in_the_interface_language(qtbot, tmp_path, korean):
    from PySide6.QtWidgets import QFileDialog

    from hubdesk.ui.common.file_dialogs import FileDialog, get_save_file_name

    def check(dialog):
        assert isinstance(dialog, FileDialog)
        assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
        assert dialog.labelText(QFileDialog.DialogLabel.LookIn) == "찾는 위치(&L):"
        assert dialog.labelText(QFileDialog.DialogLabel.FileType) == "파일 형식(&T):"
        return dialog.directory().absolutePath()

    seen = _answer_with(qtbot, check)
    path, chosen = get_save_file_name(None, "보고서 저장", str(tmp_path / "report.pdf"), "PDF (*.pdf)")
    assert _seen(seen) == [str(tmp_path)]
    assert path == str(tmp_path / "report.pdf") and chosen == "PDF (*.pdf)"


def test_open_returns_the_chosen_file_and_dates_read_as_the_language_writes_them(qtbot, tmp_path, korean):
    from PySide6.QtWidgets import QFileSystemModel, QLineEdit

    from hubdesk.formatting import format_datetime
    from hubdesk.ui.common.file_dialogs import DATE_COLUMN, get_open_file_name, modified_text

    backup = tmp_path / "hubdesk-2026.db"
    backup.write_bytes(b"SQLite format 3\0")

    def check(dialog):
        # the name, as a person types it: selectFile() leaves the box as it is while the box has
        # the focus, which it may already have (then "Open" does nothing: CI's run at stop 31)
        dialog.findChild(QLineEdit, "fileNameEdit").setText(backup.name)
        model = dialog.findChild(QFileSystemModel)
        index = model.index(str(backup)).siblingAtColumn(DATE_COLUMN)
        qtbot.waitUntil(lambda: model.lastModified(index).isValid())
        return modified_text(index)

    seen = _answer_with(qtbot, check)
    path, _chosen = get_open_file_name(None, "백업 고르기", str(tmp_path), "백업 (*.db)")
    _seen(seen)
    assert path == str(backup)
    modified = dt.datetime.fromtimestamp(backup.stat().st_mtime, tz=dt.timezone.utc)
    assert seen == [format_datetime(modified, modified.astimezone().tzinfo, "ko")]
    assert seen[0].startswith(f"{modified.astimezone().year}. ")  # 2026. 12. 3. 15:42, not "3 12 2026 15:42"
