"""Does every text fit its space? The checker behind tests/ui/test_fit.py.

`misfits(top, lang)` walks the visible widgets of a window and measures, with the widget's own
font metrics against its geometry:

- a QLabel's text: without word wrap its text size (sizeHint) against its size; with word wrap
  the height it needs for its width (heightForWidth) against its height;
- a button's text (push, tool, check and radio buttons) and icon against its width;
- each QTabBar tab's text against the tab's rectangle, and tabs pushed out of the bar;
- each QHeaderView section's text (bold, with the stylesheet's padding and the sort arrow)
  against the section's size;
- a combo box's current text against its edit field, and the popup's widest item against the
  popup's width (the popup is opened to measure it);
- a list of several rows squeezed below MIN_ROWS rows;
- a page laid out wider than the scroll area that shows it (the board and the timeline excepted);
- the window itself pushed past the screen by what it holds;
- visible sibling widgets that overlap.

Each failure is a `Misfit` (widget path, language, text, needed and available pixels);
`report(misfits)` writes them all as one message.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (QAbstractButton, QAbstractScrollArea, QApplication, QCheckBox, QComboBox,
                               QFocusFrame, QHeaderView, QLabel, QListView, QPushButton, QRadioButton, QRubberBand,
                               QScrollArea, QScrollBar, QSizeGrip, QStyle, QStyleOptionButton, QStyleOptionComboBox,
                               QTabBar, QToolButton, QWidget)

SLACK = 1                   # pixels of rounding forgiven
HEADER_PADDING = 2 * 6 + 1  # the stylesheet's `QHeaderView::section { padding: 4px 6px; border-right: 1px }`
SORT_ARROW = 16             # what the sort indicator takes beside a header's text
# Fusion paints a combo box's list item as a menu item without its check column: 5 px before the
# text (item frame and margin) and 15 after it (the right border kept for a submenu arrow)
POPUP_ITEM_MARGINS = 20


@dataclass(frozen=True)
class Misfit:
    path: str
    lang: str
    what: str
    text: str
    needed: int
    available: int

    def __str__(self) -> str:
        return (f"[{self.lang}] {self.path}: {self.what} {self.text!r} needs {self.needed} px, "
                f"has {self.available} px")


def report(found: list[Misfit]) -> str:
    lines = [f"{len(found)} text(s) do not fit:"] + [f"  {m}" for m in found]
    return "\n".join(lines)


def widget_path(widget: QWidget) -> str:
    parts = []
    w: QWidget | None = widget
    while w is not None:
        name = w.objectName()
        parts.append(f"{type(w).__name__}#{name}" if name and not name.startswith("qt_") else type(w).__name__)
        if w.isWindow():
            break
        w = w.parentWidget()
    return "/".join(reversed(parts))


def shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def visible_widgets(top: QWidget) -> list[QWidget]:
    return [top] + [w for w in top.findChildren(QWidget) if shown(w) and w.window() is top]


def _plain(text: str) -> str:
    return text.replace("&&", "\x00").replace("&", "").replace("\x00", "&")


# --- labels ----------------------------------------------------------------------------------------
def label_misfits(label: QLabel, lang: str) -> list[Misfit]:
    text = label.text()
    if not text.strip() or label.pixmap() is not None and not label.pixmap().isNull():
        return []
    path = widget_path(label)
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height() + SLACK:
            return [Misfit(path, lang, "wrapped label (height)", text, needed, label.height())]
        return []
    hint = label.sizeHint()
    found = []
    if hint.width() > label.width() + SLACK:
        found.append(Misfit(path, lang, "label", text, hint.width(), label.width()))
    if hint.height() > label.height() + SLACK:
        found.append(Misfit(path, lang, "label (height)", text, hint.height(), label.height()))
    return found


# --- buttons ---------------------------------------------------------------------------------------
def button_misfits(button: QAbstractButton, lang: str) -> list[Misfit]:
    text = button.text()
    if not text.strip():
        return []
    if isinstance(button, QToolButton) and button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly:
        return []
    fm = button.fontMetrics()
    text_width = fm.size(Qt.TextFlag.TextShowMnemonic, text).width()
    icon = 0 if button.icon().isNull() else button.iconSize().width() + 4
    style = button.style()
    if isinstance(button, QPushButton):
        option = QStyleOptionButton()
        option.initFrom(button)
        frame = 0 if button.isFlat() else style.pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, option, button)
        needed = text_width + icon + 2 * style.pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, option, button) + 2 * frame
        if button.menu() is not None:
            needed += style.pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, option, button)
    elif isinstance(button, (QCheckBox, QRadioButton, QToolButton)):
        needed = button.sizeHint().width()
    else:
        needed = text_width + icon
    if needed > button.width() + SLACK:
        return [Misfit(widget_path(button), lang, "button", _plain(text), needed, button.width())]
    return []


# --- tab bars --------------------------------------------------------------------------------------
def tab_misfits(bar: QTabBar, lang: str) -> list[Misfit]:
    found = []
    fm = bar.fontMetrics()
    space = bar.style().pixelMetric(QStyle.PixelMetric.PM_TabBarTabHSpace, None, bar)
    bar_rect = bar.rect()
    for i in range(bar.count()):
        if not bar.isTabVisible(i):
            continue
        text = bar.tabText(i)
        rect = bar.tabRect(i)
        icon = 0 if bar.tabIcon(i).isNull() else bar.iconSize().width() + 4
        needed = fm.size(Qt.TextFlag.TextShowMnemonic, text).width() + space + icon
        if needed > rect.width() + SLACK:
            found.append(Misfit(widget_path(bar), lang, f"tab {i}", _plain(text), needed, rect.width()))
        elif not bar_rect.contains(rect):
            found.append(Misfit(widget_path(bar), lang, f"tab {i} (outside the bar)", _plain(text),
                                rect.right() + 1, bar_rect.width()))
    return found


# --- header sections -------------------------------------------------------------------------------
def header_misfits(header: QHeaderView, lang: str) -> list[Misfit]:
    model = header.model()
    if model is None:
        return []
    font = QFont(header.font())
    font.setWeight(QFont.Weight.DemiBold)         # the stylesheet's font-weight: 600
    fm = QFontMetrics(font)
    horizontal = header.orientation() == Qt.Orientation.Horizontal
    found = []
    count = model.columnCount() if horizontal else model.rowCount()
    for logical in range(count):
        if header.isSectionHidden(logical) or header.sectionSize(logical) <= 0:
            continue
        text = model.headerData(logical, header.orientation(), Qt.ItemDataRole.DisplayRole)
        if text is None or not str(text).strip():
            continue
        text = str(text)
        size = fm.size(0, text)
        icon = model.headerData(logical, header.orientation(), Qt.ItemDataRole.DecorationRole)
        extra = HEADER_PADDING + (header.iconSize().width() + 4 if icon is not None else 0)
        if header.isSortIndicatorShown() and header.sortIndicatorSection() == logical:
            extra += SORT_ARROW
        if horizontal:
            needed, available = size.width() + extra, header.sectionSize(logical)
        else:
            needed, available = size.height() + 8, header.sectionSize(logical)
        if needed > available + SLACK:
            found.append(Misfit(widget_path(header), lang, f"header section {logical}", text, needed, available))
    return found


# --- combo boxes -----------------------------------------------------------------------------------
def combo_misfits(combo: QComboBox, lang: str, *, popup: bool = True) -> list[Misfit]:
    found = []
    path = widget_path(combo)
    fm = combo.fontMetrics()
    if not combo.isEditable() and combo.currentText():
        option = QStyleOptionComboBox()
        option.initFrom(combo)
        option.editable = False
        option.currentText = combo.currentText()
        field: QRect = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                                     QStyle.SubControl.SC_ComboBoxEditField, combo)
        icon = 0 if combo.itemIcon(combo.currentIndex()).isNull() else combo.iconSize().width() + 4
        needed = fm.horizontalAdvance(combo.currentText()) + icon
        if needed > field.width() + SLACK:
            found.append(Misfit(path, lang, "combo box text", combo.currentText(), needed, field.width()))
    if popup and combo.count():
        view = combo.view()
        combo.showPopup()
        QApplication.processEvents()
        try:
            available = view.viewport().width()
            overhead = POPUP_ITEM_MARGINS
            item_fm = view.fontMetrics()
            widths = [item_fm.horizontalAdvance(combo.itemText(i))
                      + (0 if combo.itemIcon(i).isNull() else combo.iconSize().width() + 4) for i in range(combo.count())]
            widest = max(range(combo.count()), key=widths.__getitem__)
            needed = widths[widest] + overhead
            if needed > available + SLACK:
                found.append(Misfit(path, lang, "combo box popup", combo.itemText(widest), needed, available))
        finally:
            combo.hidePopup()
            QApplication.processEvents()
    return found


# --- overlaps --------------------------------------------------------------------------------------
IGNORED_SIBLINGS = (QFocusFrame, QRubberBand, QSizeGrip, QScrollBar)


def overlap_misfits(parent: QWidget, lang: str) -> list[Misfit]:
    if isinstance(parent, QAbstractScrollArea):
        return []     # its viewport, scroll bars and corner are Qt's own business
    children = [c for c in parent.children()
                if isinstance(c, QWidget) and shown(c) and not c.isWindow() and not isinstance(c, IGNORED_SIBLINGS)
                and not c.objectName().startswith("qt_")]
    found = []
    for i, a in enumerate(children):
        for b in children[i + 1:]:
            common = a.geometry().intersected(b.geometry())
            if common.width() > SLACK and common.height() > SLACK:
                found.append(Misfit(f"{widget_path(a)} and {type(b).__name__}#{b.objectName()}", lang, "overlap",
                                    _text_of(a) + " / " + _text_of(b), common.width() * common.height(), 0))
    return found


def _text_of(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    if callable(text):
        try:
            return str(text())
        except TypeError:
            return ""
    return ""


# --- lists --------------------------------------------------------------------------------------
MIN_ROWS = 3


def list_misfits(view: QListView, lang: str) -> list[Misfit]:
    """A list of several rows squeezed so that it shows fewer than MIN_ROWS of them."""
    model = view.model()
    rows = model.rowCount() if model is not None else 0
    if rows < 2:
        return []
    row_height = max(view.sizeHintForRow(0), 1)
    needed = min(rows, MIN_ROWS) * row_height
    available = view.viewport().height()
    if needed > available + SLACK:
        text = str(model.index(0, view.modelColumn()).data() or "")
        return [Misfit(widget_path(view), lang, f"list of {rows} rows", text, needed, available)]
    return []


# --- pages that scroll sideways -------------------------------------------------------------------
SIDEWAYS = ("CasePipelineBoardWidget", "BookingTimelineWidget")   # made to scroll sideways


def scroll_misfits(area: QScrollArea, lang: str) -> list[Misfit]:
    """A page laid out wider than the scroll area showing it: its right part is hidden until the
    person scrolls sideways (the board and the timeline are made to; a page is not)."""
    page = area.widget()
    if page is None or type(area).__name__ in SIDEWAYS or type(page).__name__ in SIDEWAYS:
        return []
    needed, available = page.minimumSizeHint().width(), area.viewport().width()
    if area.horizontalScrollBar().isVisible() and needed > available + SLACK:
        return [Misfit(widget_path(area), lang, "page wider than its scroll area", "", needed, available)]
    return []


# --- a whole window --------------------------------------------------------------------------------
def misfits(top: QWidget, lang: str, *, popups: bool = True, screen: tuple[int, int] = (1280, 800)) -> list[Misfit]:
    """Everything of `top` that does not fit, `top` itself included when it is larger than the screen
    (its content asks for more room than the screen has)."""
    found: list[Misfit] = []
    for size, limit, side in ((top.width(), screen[0], "width"), (top.height(), screen[1], "height")):
        if size > limit:
            found.append(Misfit(widget_path(top), lang, f"window {side} (its minimum is "
                                f"{top.minimumSizeHint().width()}×{top.minimumSizeHint().height()})",
                                top.windowTitle(), size, limit))
    for widget in visible_widgets(top):
        if isinstance(widget, QLabel):
            found += label_misfits(widget, lang)
        elif isinstance(widget, QAbstractButton):
            found += button_misfits(widget, lang)
        elif isinstance(widget, QTabBar):
            found += tab_misfits(widget, lang)
        elif isinstance(widget, QHeaderView):
            found += header_misfits(widget, lang)
        elif isinstance(widget, QComboBox):
            found += combo_misfits(widget, lang, popup=popups)
        if isinstance(widget, QScrollArea):
            found += scroll_misfits(widget, lang)
        if isinstance(widget, QListView) and type(widget.window()).__name__ != "QComboBoxPrivateContainer":
            found += list_misfits(widget, lang)
        found += overlap_misfits(widget, lang)
    return found
