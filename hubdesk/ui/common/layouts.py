"""Building a screen's widgets and layouts in one call each, instead of one line per call:

    top = hbox(self.title, STRETCH, self.new_button, self.edit_button)
    vbox(self, top, self.note, (self.table, 1), self.count_label, margins=PAGE_MARGINS)

An item of a box is a widget, a layout, a `(widget or layout, stretch)` pair, or an int: a
stretch of that factor (STRETCH is 1)."""

from __future__ import annotations

from typing import Callable, TypeVar, Union

from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QLayout, QPushButton, QVBoxLayout, QWidget

Item = Union[QWidget, QLayout, int, tuple]
B = TypeVar("B", QHBoxLayout, QVBoxLayout)
STRETCH = 1
PAGE_MARGINS = (16, 12, 16, 8)   # a whole-window page (its title at the top)


def fill(layout: QBoxLayout, *items: Item) -> QBoxLayout:
    for item in items:
        stretch = 0
        if isinstance(item, tuple):
            item, stretch = item
        if isinstance(item, int):
            layout.addStretch(item)
        elif isinstance(item, QLayout):
            layout.addLayout(item, stretch)
        else:
            layout.addWidget(item, stretch)
    return layout


def _box(layout_class: type[B], parent: QWidget | None, items: tuple[Item, ...],
         margins: tuple[int, int, int, int] | None) -> B:
    layout = layout_class() if parent is None else layout_class(parent)
    if margins is not None:
        layout.setContentsMargins(*margins)
    fill(layout, *items)
    return layout


def hbox(*items: Item, parent: QWidget | None = None,
         margins: tuple[int, int, int, int] | None = None) -> QHBoxLayout:
    """A row of `items`, set on `parent` when one is given."""
    return _box(QHBoxLayout, parent, items, margins)


def vbox(parent: QWidget | None, *items: Item,
         margins: tuple[int, int, int, int] | None = None) -> QVBoxLayout:
    """A column of `items`, set on `parent` when one is given."""
    return _box(QVBoxLayout, parent, items, margins)


def styled_label(parent: QWidget, object_name: str, *, wrap: bool = False) -> QLabel:
    """A label the style sheet knows by `object_name` (pageTitle, muted, cardTitle, …)."""
    label = QLabel(parent)
    label.setObjectName(object_name)
    label.setWordWrap(wrap)
    return label


def page_title(parent: QWidget) -> QLabel:
    return styled_label(parent, "pageTitle")


def muted_label(parent: QWidget, *, wrap: bool = False) -> QLabel:
    """A secondary line of text: a count, a note, a hint."""
    return styled_label(parent, "muted", wrap=wrap)


def push_button(parent: QWidget, clicked: Callable[..., object] | None = None) -> QPushButton:
    """A push button (its text set in retranslate_ui), connected to `clicked`."""
    widget = QPushButton(parent)
    if clicked is not None:
        widget.clicked.connect(clicked)
    return widget
