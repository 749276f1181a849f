"""The form of a booking quota on a resource: which organization, how many hours per year or
quarter, and a note. A booking past the quota is refused by the booking rules
(`hubdesk.domain.subsidies`); the form saves through `write_op`."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QWidget

from hubdesk.db.enums import SubsidyPeriod
from hubdesk.domain import subsidies
from hubdesk.i18n import _
from hubdesk.ui.common.labels import label
from hubdesk.ui.common.operations import Change
from hubdesk.ui.facilities.dialog import _RecordDialog


class QuotaDialog(_RecordDialog):
    RECORD_KIND = "booking_quota"
    """Add (quota_id None) or edit an organization's booking quota on a resource."""

    def __init__(self, context, resource_id: int, quota_id: int | None = None, parent: QWidget | None = None):
        super().__init__(context, parent)
        from hubdesk.ui.facilities.queries import organization_choices, quota

        self.resource_id, self.quota_id = resource_id, quota_id
        self.org_combo = QComboBox(self)
        self.org_combo.setEditable(True)
        self.org_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for org_id, name in organization_choices(context.db):
            self.org_combo.addItem(name, org_id)
        self.hours_spin = QSpinBox(self)
        self.hours_spin.setRange(0, 100_000)
        self.hours_spin.setValue(40)
        self.period_combo = QComboBox(self)
        for period in SubsidyPeriod:
            self.period_combo.addItem("", period)
        self.note_edit = QLineEdit(self)
        self.captions = []
        from PySide6.QtWidgets import QLabel

        for field in (self.org_combo, self.hours_spin, self.period_combo, self.note_edit):
            caption = QLabel(self)
            caption.setBuddy(field)
            self.captions.append(caption)
            self.form.addRow(caption, field)
        if quota_id is not None:
            row = quota(context.db, quota_id)
            self.based_on[("booking_quota", quota_id)] = row["version"]
            self.org_combo.setCurrentIndex(max(0, self.org_combo.findData(row["organization_id"])))
            self.hours_spin.setValue(row["hours"])
            self.period_combo.setCurrentIndex(max(0, self.period_combo.findData(row["period"])))
            self.note_edit.setText(row["note"] or "")
        self.resize(480, 0)
        context.bus.language_changed.connect(self.retranslate_ui)
        self.retranslate_ui()

    def retranslate_ui(self, *_args) -> None:
        self.setWindowTitle(_("Add a booking quota") if self.quota_id is None else _("Edit booking quota"))
        for caption, text in zip(self.captions, (_("Organization"), _("At most"), _("Counted per"), _("Note"))):
            caption.setText(text)
        self.hours_spin.setSuffix(_(" hours"))
        for i in range(self.period_combo.count()):
            self.period_combo.setItemText(i, label(self.period_combo.itemData(i)))

    def operation(self):
        return (subsidies.save_quota, (self.quota_id,),
                dict(organization_id=self.org_combo.currentData() or 0, resource_id=self.resource_id,
                     hours=self.hours_spin.value(), period=self.period_combo.currentData(),
                     note=self.note_edit.text().strip() or None), Change.BOOKING_QUOTA)
