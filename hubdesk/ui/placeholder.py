"""A page of a title and one line under it: what an area shows until its screen is built, and
what the main window shows while it opens its database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from hubdesk.i18n import N_, _
from hubdesk.ui.common.layouts import page_title

NOT_READY = N_("This part of hubdesk is not ready yet. Its screen will appear here in a coming version; the "
               "command line can already do some of its work.")


class PlaceholderView(QWidget):
    """`title` and `message` are English texts marked with N_, translated here (and again on a
    language switch)."""

    def __init__(self, context, title: str, parent=None, *, message: str = NOT_READY):
        super().__init__(parent)
        self._title = title
        self._message = message
        layout = QVBoxLayout(self)
        self.heading = page_title(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.heading)
        layout.addWidget(self.message)
        layout.addStretch(1)
        context.bus.language_changed.connect(self.retranslate_ui)
        self.retranslate_ui()

    def retranslate_ui(self, *_args) -> None:
        self.heading.setText(_(self._title))
        self.message.setText(_(self._message))
