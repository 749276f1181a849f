"""Small widgets every list screen uses: a debounced search field, a filter combo box over an
enum (or plain values) with "All" first, and a configured table view for lazy models."""

from __future__ import annotations

import enum
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHeaderView, QLineEdit, QStyle, QStyleOptionComboBox,
                               QTableView, QWidget)

from hubdesk.i18n import _
from hubdesk.ui.common.labels import label

SEARCH_DELAY_MS = 150
# Fusion paints a combo box's list item as a menu item without its check column: 5 px before the
# text (item frame and margin) and 15 after it (the right border kept for a submenu arrow)
POPUP_ITEM_MARGINS = 20


class SearchLineEdit(QLineEdit):
    """Emits `search_changed(text)` once typing pauses for SEARCH_DELAY_MS."""

    search_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, delay_ms: int = SEARCH_DELAY_MS):
        super().__init__(parent)
        self.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(lambda: self.search_changed.emit(self.text().strip()))
        self.textChanged.connect(lambda _text: self._timer.start())

    def flush(self) -> None:
        """Emit now (Enter pressed, or a test that does not want to wait)."""
        if self._timer.isActive():
            self._timer.stop()
        self.search_changed.emit(self.text().strip())

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.flush()
        super().keyPressEvent(event)


def widen_popup(combo: QComboBox) -> None:
    """Let the combo box's list open as wide as its longest item (the list is otherwise as wide as
    the box, and cuts a long organization or budget line name)."""
    view = combo.view()
    fm = view.fontMetrics()
    icon = combo.iconSize().width() + 4
    texts = max((fm.horizontalAdvance(combo.itemText(i)) + (0 if combo.itemIcon(i).isNull() else icon)
                 for i in range(min(combo.count(), 500))), default=0)
    width = texts + POPUP_ITEM_MARGINS
    if combo.count() > combo.maxVisibleItems():
        width += view.verticalScrollBar().sizeHint().width()
    view.setMinimumWidth(width + 2 * view.frameWidth())
    container = view.parentWidget()      # the popup frame: Qt sets its geometry to the box's width
    if container is not None:
        margins = container.contentsMargins()
        container.setMinimumWidth(view.minimumWidth() + margins.left() + margins.right())


class FittingComboBox(QComboBox):
    """A combo box whose list opens wide enough for its longest item (see widen_popup)."""

    def showPopup(self) -> None:  # noqa: N802 - Qt's name
        widen_popup(self)
        super().showPopup()


class FilterComboBox(FittingComboBox):
    """"All <what>" then the members of an enum (translated) or plain values; `value()` is None
    for All. `retranslate_ui()` renames the items in place and keeps the selection.

    The box is as wide as the choice it shows (its list opens as wide as the longest one): a row
    of filters each as wide as its longest choice made list areas wider than a 1280 px screen in
    Vietnamese."""

    value_changed = Signal(object)

    def __init__(self, all_text: str, enum_cls: type[enum.Enum] | None = None,
                 values: list[Any] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._all_text = all_text
        self._enum_cls = enum_cls
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.addItem("", None)
        for member in (list(enum_cls) if enum_cls is not None else values or []):
            self.addItem("", member)
        self.retranslate_ui()
        self.currentIndexChanged.connect(lambda _i: self.updateGeometry())
        self.currentIndexChanged.connect(lambda _i: self.value_changed.emit(self.value()))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        text = QSize(self.fontMetrics().horizontalAdvance(self.currentText()), hint.height())
        size = self.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option, text, self)
        return QSize(size.width(), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.sizeHint()

    def set_values(self, values: list[Any]) -> None:
        current = self.value()
        self.blockSignals(True)
        while self.count() > 1:
            self.removeItem(1)
        for v in values:
            self.addItem("", v)
        self.retranslate_ui()
        index = self.findData(current) if current is not None else 0
        self.setCurrentIndex(max(0, index))
        self.blockSignals(False)

    def value(self) -> Any:
        data = self.currentData()
        # Qt hands a StrEnum member back as a plain str: turn it into the member again
        if data is not None and self._enum_cls is not None:
            return self._enum_cls(data)
        return data

    def set_value(self, value: Any) -> None:
        index = 0 if value is None else self.findData(value)
        self.setCurrentIndex(max(0, index))

    def retranslate_ui(self) -> None:
        self.setItemText(0, _(self._all_text))
        for i in range(1, self.count()):
            data = self.itemData(i)
            self.setItemText(i, label(data, self._enum_cls) if self._enum_cls is not None else str(data))
        self.updateGeometry()


def configure_table_view(view: QTableView, *, sortable: bool = True) -> None:
    """The settings a list needs to stay fast with a lazy model and look tidy."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setSortingEnabled(sortable)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 12)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setShowGrid(False)
    keep_header_texts_whole(view)


def resize_section(header: QHeaderView, column: int, size: int) -> None:
    """Resize a section, the stretched last one too: that one never gets narrower than the size it
    had when stretching was turned on (Qt's default, 100 px, unless set this way)."""
    last = header.count() - 1
    if column == last and header.stretchLastSection():
        header.setStretchLastSection(False)
        header.resizeSection(column, size)
        header.setStretchLastSection(True)
    else:
        header.resizeSection(column, size)


def keep_header_texts_whole(view: QTableView) -> None:
    """Widen each column (of those sized by hand) that is narrower than its header's text, now and
    whenever the headers change (a language switch): a width chosen for one language must not cut
    the header of another. Runs after the current event, so widths the screen sets after
    configuring the view are seen first."""
    header = view.horizontalHeader()
    timer = QTimer(view)
    timer.setSingleShot(True)
    timer.setInterval(0)

    def widen() -> None:
        model = view.model()
        if model is None:
            return
        header.ensurePolished()
        for column in range(model.columnCount()):
            if header.isSectionHidden(column) or header.sectionResizeMode(column) != QHeaderView.ResizeMode.Interactive:
                continue
            needed = header.sectionSizeHint(column)
            if header.sectionSize(column) < needed:
                resize_section(header, column, needed)

    timer.timeout.connect(widen)
    model = view.model()
    if model is not None:
        model.headerDataChanged.connect(lambda *_a: timer.start())
        model.modelReset.connect(timer.start)
    header.sectionCountChanged.connect(lambda *_a: timer.start())
    timer.start()


def current_row(view: QTableView, model: Any) -> Any:
    """The row (a mapping) behind the view's current row, for an in-memory model with `rows()`;
    None when no row is current."""
    index = view.currentIndex()
    rows = model.rows()
    return rows[index.row()] if index.isValid() and index.row() < len(rows) else None


def current_id(view: QTableView, model: Any) -> int | None:
    """The id of the view's current row, for a model with `id_at(row)` (lazy or in-memory)."""
    index = view.currentIndex()
    return model.id_at(index.row()) if index.isValid() else None


def show_id(view: QTableView, model: Any, record_id: int) -> bool:
    """Make the row holding `record_id` current and scroll to it; False when it is not listed."""
    row = model.row_of_id(record_id)
    if row < 0:
        return False
    index = model.index(row, 0)
    view.setCurrentIndex(index)
    view.scrollTo(index)
    return True


def main_windows() -> list[QWidget]:
    """The app's main windows on screen or being built: top-level windows with a sidebar and an
    AppContext (also the frame whose database is still being opened: its `context.db` is None)."""
    from PySide6.QtWidgets import QApplication

    return [w for w in QApplication.topLevelWidgets()
            if hasattr(w, "sidebar") and hasattr(getattr(w, "context", None), "set_language")]


def refit_combo_boxes() -> None:
    """Make every combo box measure its items again. A QComboBox measures them once (its size
    hint on first show, its minimum size hint on first layout) and keeps both: after a live
    language switch its items say other, often longer, words ("Ngày" for "일") and a crowded row
    squeezed it to the old minimum ("Tu"). A StyleChange event is what makes Qt drop both kept
    measures (what it does when the style changes); the next layout measures the new words."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.allWidgets():
        if isinstance(widget, QComboBox):
            QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.StyleChange))
            widget.updateGeometry()
