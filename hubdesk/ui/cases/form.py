"""Opening a case, and designating its partner hospital and manufacturing facility.

Both dialogs write hubdesk.domain.cases (open_case, set_partner_hospital,
set_manufacturing_facility) through `write_op`; a refused save shows the rule's sentence under the form and in a
message box, and the form keeps what was chosen."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QWidget

from hubdesk.db.enums import Modality, Pathway, RiskLevel
from hubdesk.errors import DomainError
from hubdesk.i18n import _
from hubdesk.ui.common.forms import problem_label, save_cancel_buttons, stack_form
from hubdesk.ui.common.labels import label
from hubdesk.ui.common.operations import Change, write_op


def _choices(db) -> dict[str, list[tuple[int, str]]]:
    """Organizations, hospitals and facilities to choose from, by name."""
    from sqlalchemy import select

    from hubdesk.db.enums import OrgKind
    from hubdesk.db.schema import Facility, Organization

    with db.read() as s:
        orgs = s.execute(select(Organization.id, Organization.name, Organization.kind)
                         .order_by(Organization.name)).all()
        facilities = s.execute(select(Facility.id, Facility.name).order_by(Facility.name)).all()
    return {"organizations": [(o.id, o.name) for o in orgs if o.kind is not OrgKind.HOSPITAL],
            "hospitals": [(o.id, o.name) for o in orgs if o.kind is OrgKind.HOSPITAL],
            "facilities": [(f.id, f.name) for f in facilities]}


def _combo(items: list[tuple[int, str]], parent: QWidget, *, optional: bool) -> QComboBox:
    combo = QComboBox(parent)
    if optional:
        combo.addItem("", None)
    for item_id, name in items:
        combo.addItem(name, item_id)
    combo.setMinimumWidth(320)
    return combo


class _CaseFormDialog(QDialog):
    saved = Signal(int)

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.choices = _choices(context.db)
        self.form = QFormLayout()
        self.captions: dict[str, QLabel] = {}
        self.hospital_combo = _combo(self.choices["hospitals"], self, optional=True)
        self.pending_check = QCheckBox(self)
        self.hospital_combo.currentIndexChanged.connect(
            lambda _i: self.pending_check.setEnabled(self.hospital_combo.currentData() is None))
        self.facility_combo = _combo(self.choices["facilities"], self, optional=True)
        self.problem = problem_label(self)
        self.buttons = save_cancel_buttons(self)

    def _row(self, key: str, field: QWidget) -> None:
        caption = QLabel(self)
        self.captions[key] = caption
        self.form.addRow(caption, field)

    def _finish_layout(self) -> None:
        self._row("hospital", self.hospital_combo)
        self.form.addRow("", self.pending_check)
        self._row("facility", self.facility_combo)
        stack_form(self, self.form, self.problem, self.buttons)

    def retranslate_ui(self) -> None:
        self.captions["hospital"].setText(_("Partner hospital"))
        self.captions["facility"].setText(_("Manufacturing facility"))
        self.pending_check.setText(_("Designation pending"))
        self.hospital_combo.setItemText(0, _("Not designated"))
        self.facility_combo.setItemText(0, _("Not chosen"))

    def _write(self, session) -> int:  # pragma: no cover - abstract
        raise NotImplementedError

    def save(self) -> bool:
        result = write_op(self.context, self, self._write, changes=Change.CASE, problem=self.problem,
                          based_on=getattr(self, "based_on", None))
        if not result.ok:  # shown; the form stays filled
            return False
        self.saved.emit(result.value)
        self.accept()
        return True


class NewCaseDialog(_CaseFormDialog):
    """Open a case at intake; its document checklist comes from its pathway."""

    def __init__(self, context, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(context, parent)
        self.today = today
        self.org_combo = _combo(self.choices["organizations"], self, optional=False)
        self.org_combo.setEditable(True)
        self.org_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.org_combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.product_edit = QLineEdit(self)
        self.pathway_combo = QComboBox(self)
        self.modality_combo = QComboBox(self)
        self.risk_combo = QComboBox(self)
        for combo, enum_cls in ((self.pathway_combo, Pathway), (self.modality_combo, Modality),
                                (self.risk_combo, RiskLevel)):
            for member in enum_cls:
                combo.addItem("", member)
        self.risk_combo.setCurrentIndex(self.risk_combo.findData(RiskLevel.MEDIUM))
        for key, field in (("organization", self.org_combo), ("product", self.product_edit),
                           ("pathway", self.pathway_combo), ("modality", self.modality_combo),
                           ("risk", self.risk_combo)):
            self._row(key, field)
        self._finish_layout()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        from hubdesk.domain.case_templates import pathway_title

        super().retranslate_ui()
        self.setWindowTitle(_("New clinical-entry case"))
        for key, text in (("organization", _("Organization")), ("product", _("Product")),
                          ("pathway", _("Pathway")), ("modality", _("Modality")), ("risk", _("Risk"))):
            self.captions[key].setText(text)
        for i in range(self.pathway_combo.count()):
            self.pathway_combo.setItemText(i, pathway_title(Pathway(self.pathway_combo.itemData(i))))
        for combo, enum_cls in ((self.modality_combo, Modality), (self.risk_combo, RiskLevel)):
            for i in range(combo.count()):
                combo.setItemText(i, label(enum_cls(combo.itemData(i))))

    def organization_id(self) -> int | None:
        index = self.org_combo.findText(self.org_combo.currentText(), Qt.MatchFlag.MatchExactly)
        return self.org_combo.itemData(index) if index >= 0 else None

    def _write(self, session) -> int:
        from hubdesk.domain.cases import open_case

        org_id = self.organization_id()
        if org_id is None:
            raise DomainError(_("Choose the organization of the case from the list."), field="organization_id")
        case = open_case(session, organization_id=org_id, product=self.product_edit.text(),
                         pathway=Pathway(self.pathway_combo.currentData()),
                         modality=Modality(self.modality_combo.currentData()),
                         risk_level=RiskLevel(self.risk_combo.currentData()), opened_on=self.today,
                         partner_hospital_id=self.hospital_combo.currentData(),
                         manufacturing_facility_id=self.facility_combo.currentData(),
                         hospital_designation_pending=self.pending_check.isChecked(),
                         actor=self.context.user_name or None)
        return case.id


class CasePartiesDialog(_CaseFormDialog):
    """Designate the partner hospital (or mark the designation pending) and the manufacturing
    facility of an existing case."""

    def __init__(self, context, case_id: int, *, hospital_id: int | None, pending: bool,
                 facility_id: int | None, parent: QWidget | None = None, version: int | None = None):
        super().__init__(context, parent)
        self.case_id = case_id
        # the version of the case the page showed: a save based on an older one is refused
        self.based_on = {("clinical_case", case_id): version} if version is not None else None
        self.hospital_combo.setCurrentIndex(max(0, self.hospital_combo.findData(hospital_id))
                                            if hospital_id is not None else 0)
        self.pending_check.setChecked(pending)
        self.pending_check.setEnabled(hospital_id is None)
        self.facility_combo.setCurrentIndex(max(0, self.facility_combo.findData(facility_id))
                                            if facility_id is not None else 0)
        self._finish_layout()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.setWindowTitle(_("Partner hospital and manufacturing facility"))

    def _write(self, session) -> int:
        from hubdesk.domain.cases import set_manufacturing_facility, set_partner_hospital

        set_partner_hospital(session, self.case_id, self.hospital_combo.currentData(),
                             pending=self.pending_check.isChecked())
        set_manufacturing_facility(session, self.case_id, self.facility_combo.currentData())
        return self.case_id
