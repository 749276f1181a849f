"""A live language switch (Settings → interface language, no restart) says everything again
(issue 13): the Reports status line, the timeline's day/week/month box measured for its new
words, and an open file dialog — its labels, its column header and its dates — in Korean, then
Vietnamese, then English."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt


@pytest.fixture
def english_afterwards():
    from hubdesk import i18n

    yield
    i18n.set_language("en")


def _switch(qtbot, window, lang: str) -> None:
    """As a person does it: Settings, the language box (the window retranslates at once)."""
    from hubdesk import i18n

    current = window.current_view()
    settings = window.show_area("settings")
    combo = settings.foundation.language_combo
    combo.setCurrentIndex(combo.findData(lang))
    assert i18n.get_language() == lang
    window.show_area(current.objectName().removeprefix("view_"))
    qtbot.wait(50)  # Qt's LanguageChange events are posted: let them arrive, and layouts settle


def _in(lang: str, fn):
    from hubdesk import i18n

    with i18n.language(lang):
        return fn()


def _edit_field_width(combo) -> int:
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    return combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                        QStyle.SubControl.SC_ComboBoxEditField, combo).width()


def test_a_live_switch_says_everything_again(qtbot, main_window, tmp_path, english_afterwards):
    from PySide6.QtWidgets import QFileDialog, QFileSystemModel, QLabel, QListView, QStyleOptionViewItem

    from hubdesk import i18n
    from hubdesk.formatting import format_datetime, format_file_size
    from hubdesk.i18n import ngettext, pgettext
    from hubdesk.ui.common.file_dialogs import DATE_COLUMN, SIZE_COLUMN, FileDialog

    main_window.resize(1280, 800)
    _switch(qtbot, main_window, "ko")

    # Reports: a document generated in the Korean interface
    reports = main_window.show_area("reports")
    reports.choose("organization", organization_id=reports.org_combo.itemData(1), lang="ko")
    assert reports.generate() and reports.wait_idle(90000) and reports.last_error is None
    pages = len(reports.page_images)

    def ready() -> str:
        return ngettext("Ready: {count} page.", "Ready: {count} pages.", pages).format(count=pages)

    assert reports.status_label.text() == _in("ko", ready) == f"준비됨: {pages}쪽."

    # the timeline's scale box, first shown in Korean (일, 주, 월: short words)
    bookings = main_window.show_area("bookings")
    bookings.tabs.setCurrentIndex(bookings.TIMELINE_TAB)
    qtbot.waitUntil(lambda: bookings.scale_combo.isVisible())

    # a file dialog left open while the language changes
    kept = tmp_path / "quarter.pdf"
    kept.write_bytes(b"%PDF-1.4\n")
    dialog = FileDialog(main_window, "x", str(tmp_path), "PDF (*.pdf)", save=True)
    qtbot.addWidget(dialog)
    dialog.setModal(False)
    dialog.show()
    model = dialog.findChild(QFileSystemModel)
    index = model.index(str(kept)).siblingAtColumn(DATE_COLUMN)
    qtbot.waitUntil(lambda: model.lastModified(index).isValid())
    modified = dt.datetime.fromtimestamp(kept.stat().st_mtime, tz=dt.timezone.utc)

    said: dict[str, tuple] = {}
    for lang in ("ko", "vi", "en"):
        if lang != "ko":
            _switch(qtbot, main_window, lang)
        main_window.show_area("reports")
        assert reports.status_label.text() == _in(lang, ready), lang

        main_window.show_area("bookings")
        qtbot.wait(20)
        combo = bookings.scale_combo
        room = _edit_field_width(combo)
        for i in range(combo.count()):
            text = combo.itemText(i)
            assert text == _in(lang, lambda i=i: i18n._(["Day", "Week", "Month"][i])) or lang == "ko"
            assert combo.fontMetrics().horizontalAdvance(text) <= room, (lang, text, room)

        look_in = _in(lang, lambda: pgettext("QFileDialog", "&Look in:"))
        assert dialog.labelText(QFileDialog.DialogLabel.LookIn) == look_in
        assert dialog.findChild(QLabel, "lookInLabel").text() == look_in
        assert dialog.labelText(QFileDialog.DialogLabel.FileType) == _in(
            lang, lambda: pgettext("QFileDialog", "Files of &type:"))
        assert dialog.labelText(QFileDialog.DialogLabel.Accept) == _in(lang, lambda: pgettext("QFileDialog", "&Save"))
        assert model.headerData(DATE_COLUMN, Qt.Orientation.Horizontal) == _in(
            lang, lambda: pgettext("QFileSystemModel", "Date Modified"))
        option = QStyleOptionViewItem()
        dialog.dates.initStyleOption(option, index)
        assert option.text == _in(lang, lambda: format_datetime(modified, modified.astimezone().tzinfo))
        size = QStyleOptionViewItem()
        dialog.sizes.initStyleOption(size, index.siblingAtColumn(SIZE_COLUMN))
        assert size.text == _in(lang, lambda: format_file_size(kept.stat().st_size))
        places = dialog.findChild(QListView, "sidebar")
        assert places.model().index(0, 0).data() == _in(lang, lambda: pgettext("QFileSystemModel", "Computer"))
        said[lang] = (reports.status_label.text(), combo.itemText(1), look_in, option.text)

    assert said["en"][2] == "&Look in:" and said["en"][0] == ready()
    assert said["ko"][2] == "찾는 위치(&L):" and said["vi"][2] == "Tì&m trong:"
    for a, b in (("ko", "vi"), ("vi", "en"), ("ko", "en")):
        assert all(x != y for x, y in zip(said[a], said[b])), (a, b)
    dialog.close()
