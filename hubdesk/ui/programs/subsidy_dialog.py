"""The form of a program's facility subsidy: how it pays (a share of the fee, hours or an amount
per period), how much, the period its hours or amount count over, when it is valid, the resources
it is limited to (none ticked: every resource) and a note. It saves through `write_op` to
`hubdesk.domain.subsidies.save_subsidy`; a refusal shows its sentence under the form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QSpinBox, QWidget

from hubdesk.db.enums import SubsidyKind, SubsidyPeriod
from hubdesk.i18n import _
from hubdesk.ui.common.operations import Change
from hubdesk.ui.programs.dialog import (RecordDialog, date_edit, date_value, enum_combo, retranslate_enum_combo,
                                        select_data, set_date)


class SubsidyDialog(RecordDialog):
    CHANGES = (Change.FACILITY_SUBSIDY,)

    def __init__(self, context, program_id: int, subsidy_id: int | None = None, parent: QWidget | None = None):
        super().__init__(context, parent)
        from hubdesk.ui.programs.queries import load_resource_choices, load_subsidy

        self.program_id, self.subsidy_id = program_id, subsidy_id
        self.kind_combo = enum_combo(self, SubsidyKind)
        self.value_spin = QSpinBox(self)
        self.value_spin.setRange(0, 2_000_000_000)
        self.value_spin.setGroupSeparatorShown(True)
        self.period_combo = enum_combo(self, SubsidyPeriod)
        self.from_edit = date_edit(self, optional=True)
        self.to_edit = date_edit(self, optional=True)
        self.resources_list = QListWidget(self)
        self.resources_list.setObjectName("subsidyResources")
        self.resources_list.setMinimumHeight(120)
        for rid, name in load_resource_choices(context.db):
            item = QListWidgetItem(name, self.resources_list)
            item.setData(Qt.ItemDataRole.UserRole, rid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.note_edit = QLineEdit(self)
        self.add_rows(self.kind_combo, self.value_spin, self.period_combo, self.from_edit, self.to_edit,
                      self.resources_list, self.note_edit)
        self.kind_combo.currentIndexChanged.connect(self._update_value_suffix)
        if subsidy_id is not None:
            row = self.remember("facility_subsidy", load_subsidy(context.db, subsidy_id))
            select_data(self.kind_combo, row["kind"])
            self.value_spin.setValue(int(row["value"]))
            select_data(self.period_combo, row["period"])
            set_date(self.from_edit, row["valid_from"])
            set_date(self.to_edit, row["valid_to"])
            for i in range(self.resources_list.count()):
                item = self.resources_list.item(i)
                if item.data(Qt.ItemDataRole.UserRole) in row["resource_ids"]:
                    item.setCheckState(Qt.CheckState.Checked)
            self.note_edit.setText(row["note"] or "")
        self.resize(520, 0)
        self.retranslate_ui()

    def _update_value_suffix(self, *_args) -> None:
        kind = self.kind_combo.currentData()
        self.value_spin.setSuffix({SubsidyKind.SHARE: " %", SubsidyKind.HOURS: " " + _("hours"),
                                   SubsidyKind.AMOUNT: " " + _("won")}.get(kind, ""))
        self.period_combo.setEnabled(kind != SubsidyKind.SHARE)

    def retranslate_ui(self, *_args) -> None:
        self.setWindowTitle(_("Add a facility subsidy") if self.subsidy_id is None else _("Edit facility subsidy"))
        self.set_captions(_("Subsidy"), _("How much"), _("Counted per"), _("Valid from"), _("Valid to"),
                          _("Resources (none ticked: all)"), _("Note"))
        retranslate_enum_combo(self.kind_combo)
        retranslate_enum_combo(self.period_combo)
        self._update_value_suffix()

    def resource_ids(self) -> list[int]:
        return [self.resources_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.resources_list.count())
                if self.resources_list.item(i).checkState() == Qt.CheckState.Checked]

    def write(self, session):
        from hubdesk.domain.subsidies import save_subsidy

        return save_subsidy(session, self.program_id, self.subsidy_id, kind=self.kind_combo.currentData(),
                            value=self.value_spin.value(), period=self.period_combo.currentData(),
                            valid_from=date_value(self.from_edit), valid_to=date_value(self.to_edit),
                            resource_ids=self.resource_ids(), note=self.note_edit.text().strip() or None)
