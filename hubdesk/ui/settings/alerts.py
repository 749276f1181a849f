"""The lead time of the certification-expiry alert on the dashboard (a foundation setting, kept by
hubdesk.domain.certifications), on the Settings page's first tab."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QSpinBox, QWidget

from hubdesk.i18n import _
from hubdesk.ui.common.forms import problem_label
from hubdesk.ui.common.layouts import STRETCH, hbox, push_button


class CertificationAlertWidget(QGroupBox):
    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        from hubdesk.domain.certifications import MAX_LEAD_DAYS

        self.context = context
        self.extra_saves: list = []   # more settings of the group, written in the same transaction
        self.days_spin = QSpinBox(self)
        self.days_spin.setRange(1, MAX_LEAD_DAYS)
        self.save_button = push_button(self, self.save)
        self.days_label = QLabel(self)
        self.problem_label = problem_label(self)
        row = hbox(self.days_spin, STRETCH, self.save_button)
        form = QFormLayout(self)
        form.addRow(self.days_label, row)
        form.addRow("", self.problem_label)
        self.setMaximumWidth(820)
        context.bus.language_changed.connect(self.retranslate_ui)
        self.retranslate_ui()
        self.load()

    def load(self) -> None:
        from hubdesk.domain.certifications import expiry_lead_days

        with self.context.db.read() as session:
            self.days_spin.setValue(expiry_lead_days(session))

    def save(self) -> bool:
        from hubdesk.domain.certifications import set_expiry_lead_days
        from hubdesk.ui.common.operations import Change, write_op

        def save_all(session, days: int) -> None:
            set_expiry_lead_days(session, days)
            for save in self.extra_saves:
                save(session)

        return write_op(self.context, self, save_all, self.days_spin.value(), changes=Change.SETTINGS,
                        problem=self.problem_label, done=_("Settings saved.")).ok

    def retranslate_ui(self, *_args) -> None:
        self.setTitle(_("Alerts"))
        self.days_label.setText(_("List certifications on the dashboard this many days before they expire:"))
        self.days_spin.setSuffix(_(" days"))
        self.save_button.setText(_("Save"))
