"""After a live switch from Korean, no widget of any area or open editor still speaks Korean, and
after a switch from Vietnamese none speaks Vietnamese (issue 13): a sweep of every text, tab,
combo item, header and tool tip on screen."""

from __future__ import annotations

import re

HANGUL = re.compile(r"[\uac00-\ud7a3]")
# letters only Vietnamese writes (ă â đ ê ô ơ ư and the tone marks on vowels)
VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ]|[\u1ea0-\u1ef9]|[àáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]")


def _texts(root):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QComboBox, QGroupBox, QLabel, QLineEdit,
                                   QTabWidget)

    for w in [root, *root.findChildren(object)]:
        if not hasattr(w, "isVisibleTo"):
            continue
        name = f"{type(w).__name__}:{w.objectName()}"
        if isinstance(w, QLabel):
            yield name, w.text()
        elif isinstance(w, QAbstractButton):
            yield name, w.text()
        elif isinstance(w, QGroupBox):
            yield name, w.title()
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                yield name, w.tabText(i)
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                yield name + f"[{i}]", w.itemText(i)
        elif isinstance(w, QLineEdit):
            yield name + ".placeholder", w.placeholderText()
        if isinstance(w, QAbstractItemView) and w.model() is not None and hasattr(w, "horizontalHeader"):
            m = w.model()
            for c in range(w.horizontalHeader().count()):
                yield name + f".header{c}", str(m.headerData(c, Qt.Orientation.Horizontal) or "")
        if hasattr(w, "toolTip"):
            yield name + ".tip", w.toolTip()


def _visit_every_area(qtbot, window) -> None:
    from hubdesk.ui import navigation

    for area in navigation.AREAS:
        view = window.show_area(area.key)
        if hasattr(view, "wait_idle"):
            view.wait_idle()
        qtbot.wait(30)


def _switch(qtbot, window, lang: str) -> None:
    settings = window.show_area("settings")
    combo = settings.foundation.language_combo
    combo.setCurrentIndex(combo.findData(lang))
    qtbot.wait(100)


def _left(window, letters) -> set[tuple[str, str]]:
    """Texts holding `letters` in every window on screen (the main window and open editors)."""
    from PySide6.QtWidgets import QApplication

    windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert window in windows
    return {(name, text) for w in windows for name, text in _texts(w) if text and letters.search(text)}


def test_no_widget_keeps_the_previous_language(qtbot, main_window):
    """ko → vi → en with every area open: what still holds Korean (or Vietnamese) letters after the
    switch is data (an organization's name, the language names), already there in English."""
    from PySide6.QtWidgets import QApplication

    main_window.resize(1280, 800)
    _visit_every_area(qtbot, main_window)
    before = set(QApplication.topLevelWidgets())
    for kind in ("organization", "booking", "facility", "program"):  # editors left open meanwhile
        main_window.context.open(kind, 1)
        qtbot.wait(50)
    opened = [w for w in QApplication.topLevelWidgets() if w not in before and w.isVisible()]
    assert len(opened) >= 2, opened
    data_ko, data_vi = _left(main_window, HANGUL), _left(main_window, VIETNAMESE)
    assert any("한국어" in text for _name, text in data_ko)  # the sweep sees the widgets
    _switch(qtbot, main_window, "ko")
    _visit_every_area(qtbot, main_window)
    assert len(_left(main_window, HANGUL)) > 100  # it did speak Korean everywhere
    _switch(qtbot, main_window, "vi")
    _visit_every_area(qtbot, main_window)
    assert {text for _n, text in _left(main_window, HANGUL)} <= {text for _n, text in data_ko}, \
        sorted(_left(main_window, HANGUL) - data_ko)
    assert len(_left(main_window, VIETNAMESE)) > 100
    _switch(qtbot, main_window, "en")
    _visit_every_area(qtbot, main_window)
    assert {text for _n, text in _left(main_window, VIETNAMESE)} <= {text for _n, text in data_vi}, \
        sorted(_left(main_window, VIETNAMESE) - data_vi)
