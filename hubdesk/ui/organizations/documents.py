"""The organization page's printed documents: its profile and its facility usage statement, in a
dialog that holds the Reports screen fixed on that organization (quarter, language, background
generation with progress and Cancel, page preview, Save as…, Print…)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from hubdesk.i18n import _
from hubdesk.ui.reports.view import PROFILE, STATEMENT, ReportsView

DOCUMENT_KINDS = (PROFILE, STATEMENT)


class OrganizationDocumentsDialog(QDialog):
    """Generates `kind` (PROFILE or STATEMENT) for one organization as soon as it opens."""

    def __init__(self, context, org_id: int, name: str, kind: str, parent: QWidget | None = None, *,
                 today: dt.date | None = None, generate: bool = True):
        super().__init__(parent)
        if kind not in DOCUMENT_KINDS:
            raise ValueError(f"not an organization document: {kind!r}")
        self.setObjectName("OrganizationDocumentsDialog")
        self.context = context
        self.view = ReportsView(context, self, today=today, organization=(org_id, name))
        self.view.choose(kind, organization_id=org_id)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 8)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)
        self.resize(1120, 780)
        context.bus.language_changed.connect(self.retranslate_ui)
        self.retranslate_ui()
        if generate:
            QTimer.singleShot(0, self.view.generate)

    def retranslate_ui(self, *_args) -> None:
        name = self.view.fixed_organization[1]
        self.setWindowTitle(_("Documents of {name}").format(name=name))

    def done(self, result: int) -> None:
        # stops a generation still running and waits for its thread before the dialog goes
        self.view.close()
        super().done(result)
