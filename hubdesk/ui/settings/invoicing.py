"""The invoicing policy (a foundation setting, kept by hubdesk.domain.invoices), on the Settings
page's Invoicing tab: invoices per month or per quarter, the days until an invoice is due, and what
a late cancellation and a no-show are charged."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QSpinBox, QWidget

from hubdesk.i18n import _
from hubdesk.ui.common.forms import problem_label
from hubdesk.ui.common.layouts import STRETCH, hbox, push_button, vbox


class InvoicingPolicyWidget(QWidget):
    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.box = QGroupBox(self)
        self.period_combo = QComboBox(self)
        self.period_combo.addItem("", "month")
        self.period_combo.addItem("", "quarter")
        self.due_spin = QSpinBox(self)
        self.due_spin.setRange(0, 365)
        self.late_hours_spin = QSpinBox(self)
        self.late_hours_spin.setRange(0, 24 * 60)
        self.late_share_spin = QSpinBox(self)
        self.late_share_spin.setRange(0, 100)
        self.no_show_spin = QSpinBox(self)
        self.no_show_spin.setRange(0, 100)
        for spin in (self.late_share_spin, self.no_show_spin):
            spin.setSuffix(" %")
        self.save_button = push_button(self, self.save)
        self.problem_label = problem_label(self)
        self.labels = [QLabel(self) for _i in range(5)]
        form = QFormLayout(self.box)
        for caption, field in zip(self.labels, (self.period_combo, self.due_spin, self.late_hours_spin,
                                                self.late_share_spin, self.no_show_spin)):
            form.addRow(caption, field)
        form.addRow("", self.problem_label)
        form.addRow(hbox(STRETCH, self.save_button))
        self.box.setMaximumWidth(820)
        self.note = QLabel(self)
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        self.note.setMaximumWidth(820)
        vbox(self, self.box, self.note, STRETCH)
        self.retranslate_ui()
        self.loaded = False     # read when the tab is first shown (SettingsView)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self.loaded:
            self.load()

    def load(self) -> None:
        self.loaded = True
        from hubdesk.domain.invoices import policy

        with self.context.db.read() as session:
            rules = policy(session)
        self.period_combo.setCurrentIndex(self.period_combo.findData(rules.period))
        self.due_spin.setValue(rules.due_days)
        self.late_hours_spin.setValue(rules.late_hours)
        self.late_share_spin.setValue(rules.late_share)
        self.no_show_spin.setValue(rules.no_show_share)

    def save(self) -> bool:
        from hubdesk.domain.invoices import save_policy
        from hubdesk.ui.common.operations import Change, write_op

        return write_op(self.context, self, lambda s: save_policy(
            s, period=self.period_combo.currentData(), due_days=self.due_spin.value(),
            late_hours=self.late_hours_spin.value(), late_share=self.late_share_spin.value(),
            no_show_share=self.no_show_spin.value()), changes=Change.SETTINGS, problem=self.problem_label,
            done=_("Settings saved.")).ok

    def retranslate_ui(self, *_args) -> None:
        self.box.setTitle(_("Invoices"))
        self.period_combo.setItemText(0, _("Per month"))
        self.period_combo.setItemText(1, _("Per quarter"))
        for caption, text in zip(self.labels, (_("An invoice covers:"), _("Due this many days after issue:"),
                                               _("A cancellation is late fewer than this many hours before the start:"),
                                               _("A late cancellation is charged:"), _("A no-show is charged:"))):
            caption.setText(text)
        for spin in (self.due_spin, self.late_hours_spin):
            spin.setSuffix(_(" days") if spin is self.due_spin else _(" hours"))
        self.save_button.setText(_("Save"))
        self.note.setText(_("The charges are shares of the fee frozen when the booking was approved. Invoices "
                            "already issued keep what they charged."))
