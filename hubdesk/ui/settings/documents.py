"""The largest file that may be attached as a document (a foundation setting, kept by
hubdesk.domain.settings): beside the lead time in the Settings page's alerts group, saved by its Save
button with the lead time in one write."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QSpinBox, QWidget

from hubdesk.i18n import _


class DocumentLimitRow:
    """The label and the field; `add_to(alerts)` puts them in the alerts group and its save."""

    def __init__(self, context, parent: QWidget):
        from hubdesk.domain.settings import MAX_DOCUMENT_LIMIT_MB

        self.context = context
        self.limit_spin = QSpinBox(parent)
        self.limit_spin.setRange(1, MAX_DOCUMENT_LIMIT_MB)
        self.limit_spin.setSuffix(" MB")
        self.limit_label = QLabel(parent)
        context.bus.language_changed.connect(self.retranslate_ui)
        self.retranslate_ui()
        self.load()

    def add_to(self, alerts) -> None:
        """Beside the lead time, before the group's Save button (a row of its own made the page, and
        so the window's smallest height, taller)."""
        from PySide6.QtWidgets import QFormLayout

        row = alerts.layout().itemAt(0, QFormLayout.ItemRole.FieldRole).layout()
        row.insertSpacing(1, 16)
        row.insertWidget(2, self.limit_label)
        row.insertWidget(3, self.limit_spin)
        alerts.extra_saves.append(self.save_in)

    def load(self) -> None:
        from hubdesk.domain.settings import document_size_limit_mb

        with self.context.db.read() as session:
            self.limit_spin.setValue(document_size_limit_mb(session))

    def save_in(self, session) -> None:
        from hubdesk.domain.settings import set_document_size_limit_mb

        set_document_size_limit_mb(session, self.limit_spin.value())

    def retranslate_ui(self, *_args) -> None:
        self.limit_label.setText(_("Largest file that may be attached:"))
