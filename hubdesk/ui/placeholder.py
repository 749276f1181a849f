"""The page an area shows until its screen is built."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from hubdesk.i18n import _


class PlaceholderView(QWidget):
    def __init__(self, context, title: str, parent=None):
        super().__init__(parent)
        self._title = title
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("pageTitle")
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
        self.message.setText(_("This part of hubdesk is not ready yet. Its screen will appear here in a "
                               "coming version; the command line can already do some of its work."))
