"""Step 4 of the import wizard: what the import created and updated, and the file's columns it
did not use."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from hubdesk.i18n import _
from hubdesk.ui.common.layouts import STRETCH, vbox
from hubdesk.ui.interchange.pages.widgets import note_label


class DonePage(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.result = None
        self.done_summary = QLabel()
        self.done_summary.setObjectName("doneSummary")
        self.done_summary.setWordWrap(True)
        self.done_ignored = note_label()
        vbox(self, self.done_summary, self.done_ignored, STRETCH)

    def fill(self, result) -> None:
        self.result = result
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        r = self.result
        if r is None:
            return
        self.done_summary.setText(r.summary())
        self.done_ignored.setText(_("These columns of the file were not imported: {columns}.")
                                  .format(columns=", ".join(r.ignored_columns)))
        self.done_ignored.setVisible(bool(r.ignored_columns))
