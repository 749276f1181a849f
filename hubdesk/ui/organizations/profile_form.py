"""The organization profile form: the editable fields of an organization, each with a line under it
for its problem; identifier numbers are checked as you type. The detail page (dialog.py) loads it,
reads its values and saves them through hubdesk.domain.organizations."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QSizePolicy, QVBoxLayout, QWidget)

from hubdesk.db.enums import GrowthStage, OrgKind, OrgStatus, Sector
from hubdesk.errors import DomainError
from hubdesk.i18n import _
from hubdesk.ui.common.date_edit import OptionalDateEdit
from hubdesk.ui.common.labels import label


def enum_combo(enum_cls, optional: bool, parent: QWidget) -> QComboBox:
    """A combo box of the members of `enum_cls` (a blank first item when `optional`); the texts are
    set by the form's retranslate_ui."""
    combo = QComboBox(parent)
    combo.setProperty("enum_class", enum_cls.__name__)
    combo.enum_cls = enum_cls
    if optional:
        combo.addItem("", None)
    for member in enum_cls:
        combo.addItem("", member)
    return combo


class OrganizationProfileWidget(QWidget):
    """The editable fields, each with a line under it for its problem."""

    IDENTIFIERS = ("business_no", "corporate_no", "vn_tax_code")

    def __init__(self, user_classes: list[tuple[int, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.name_edit = QLineEdit(self)
        self.name_en_edit = QLineEdit(self)
        self.kind_combo = enum_combo(OrgKind, False, self)
        self.sector_combo = enum_combo(Sector, True, self)
        self.stage_combo = enum_combo(GrowthStage, True, self)
        self.status_combo = enum_combo(OrgStatus, False, self)
        self.status_combo.setCurrentIndex(self.status_combo.findData(OrgStatus.MEMBER))
        self.region_edit = QLineEdit(self)
        self.country_edit = QLineEdit("KR", self)
        self.country_edit.setMaxLength(2)
        self.business_no_edit = QLineEdit(self)
        self.corporate_no_edit = QLineEdit(self)
        self.vn_tax_code_edit = QLineEdit(self)
        self.user_class_combo = QComboBox(self)
        self.user_class_combo.addItem("", None)
        for uc_id, name in user_classes:
            self.user_class_combo.addItem(name, uc_id)
        self.address_edit = QLineEdit(self)
        self.phone_edit = QLineEdit(self)
        self.email_edit = QLineEdit(self)
        self.website_edit = QLineEdit(self)
        self.member_since_edit = OptionalDateEdit(self)
        self.agreement_edit = OptionalDateEdit(self)
        self.moved_in_edit = OptionalDateEdit(self)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setMinimumHeight(70)

        self.fields: dict[str, QWidget] = {
            "name": self.name_edit, "name_en": self.name_en_edit, "kind": self.kind_combo,
            "sector": self.sector_combo, "growth_stage": self.stage_combo, "status": self.status_combo,
            "region": self.region_edit, "country": self.country_edit, "business_no": self.business_no_edit,
            "corporate_no": self.corporate_no_edit, "vn_tax_code": self.vn_tax_code_edit,
            "user_class_id": self.user_class_combo, "address": self.address_edit, "phone": self.phone_edit,
            "email": self.email_edit, "website": self.website_edit, "member_since": self.member_since_edit,
            "agreement_signed_on": self.agreement_edit, "moved_in_on": self.moved_in_edit,
            "notes": self.notes_edit,
        }
        self.problem_labels: dict[str, QLabel] = {}

        # two columns: who the organization is | its numbers, contacts and dates; notes below
        left, right, bottom = QFormLayout(), QFormLayout(), QFormLayout()
        for form in (left, right, bottom):
            form.setVerticalSpacing(6)   # (a nested layout would inherit the columns' 24 px)
            form.setHorizontalSpacing(8)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        right_keys = {"business_no", "corporate_no", "vn_tax_code", "address", "phone", "email", "website",
                      "member_since", "agreement_signed_on", "moved_in_on"}
        self.row_labels: dict[str, QLabel] = {}
        for key, widget in self.fields.items():
            holder = QWidget(self)
            holder.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
            box = QVBoxLayout(holder)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(1)
            box.addWidget(widget)
            problem = QLabel(holder)
            problem.setObjectName("fieldProblem")
            problem.hide()
            box.addWidget(problem)
            self.problem_labels[key] = problem
            row_label = QLabel(self)
            self.row_labels[key] = row_label
            form = bottom if key == "notes" else right if key in right_keys else left
            form.addRow(row_label, holder)
        columns = QHBoxLayout()
        columns.setSpacing(24)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        columns.setAlignment(left, Qt.AlignmentFlag.AlignTop)
        columns.setAlignment(right, Qt.AlignmentFlag.AlignTop)
        top = QWidget(self)
        top.setLayout(columns)
        top.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        columns.setContentsMargins(0, 0, 0, 0)
        outer = QVBoxLayout(self)
        outer.addWidget(top)
        outer.addLayout(bottom, 1)

        from hubdesk.domain import identifiers as ids

        checks = {"business_no": ids.validate_business_no, "corporate_no": ids.validate_corporate_no,
                  "vn_tax_code": ids.validate_vn_tax_code}
        for key, check in checks.items():
            edit: QLineEdit = self.fields[key]  # type: ignore[assignment]
            edit.textChanged.connect(lambda text, key=key, check=check: self._check_identifier(key, check, text))
        self.retranslate_ui()

    def _check_identifier(self, key: str, check, text: str) -> None:
        if not text.strip():
            self.set_problem(key, None)
            return
        try:
            check(text)
        except DomainError as exc:
            self.set_problem(key, exc.message)
        else:
            self.set_problem(key, None)

    def set_problem(self, key: str, message: str | None) -> None:
        label_ = self.problem_labels.get(key)
        if label_ is None:
            return
        widget = self.fields[key]
        label_.setText(message or "")
        # word wrap only while shown: a hidden wrapping label still makes the form reserve its height
        label_.setWordWrap(bool(message))
        label_.setVisible(bool(message))
        widget.setProperty("problem", bool(message))
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def problem(self, key: str) -> str:
        label_ = self.problem_labels[key]
        return label_.text() if label_.isVisible() or label_.text() else ""

    def clear_problems(self) -> None:
        for key in self.problem_labels:
            self.set_problem(key, None)

    def retranslate_ui(self, *_args) -> None:
        titles = {
            "name": _("Name:"), "name_en": _("English name:"), "kind": _("Kind:"), "sector": _("Sector:"),
            "growth_stage": _("Growth stage:"), "status": _("Status:"), "region": _("Region:"),
            "country": _("Country:"), "business_no": _("Business registration no.:"),
            "corporate_no": _("Corporate registration no.:"), "vn_tax_code": _("Vietnamese tax code:"),
            "user_class_id": _("User class (fees):"), "address": _("Address:"), "phone": _("Phone:"),
            "email": _("E-mail:"), "website": _("Website:"), "member_since": _("Member since:"),
            "agreement_signed_on": _("Agreement signed on:"), "moved_in_on": _("Moved in on:"),
            "notes": _("Notes:"),
        }
        for key, text in titles.items():
            self.row_labels[key].setText(text)
        for combo in (self.kind_combo, self.sector_combo, self.stage_combo, self.status_combo):
            for i in range(combo.count()):
                data = combo.itemData(i)
                combo.setItemText(i, label(data, combo.enum_cls) if data is not None else _("(not set)"))
        self.user_class_combo.setItemText(0, _("(not set)"))
        self.business_no_edit.setPlaceholderText("123-45-67890")
        self.corporate_no_edit.setPlaceholderText("110111-1234567")
        self.vn_tax_code_edit.setPlaceholderText("0101234567")
        # problems already shown were produced in the previous language: check again
        for key in ("business_no", "corporate_no", "vn_tax_code"):
            edit: QLineEdit = self.fields[key]  # type: ignore[assignment]
            edit.textChanged.emit(edit.text())

    # --- values ------------------------------------------------------------------------------
    def load(self, values: dict) -> None:
        for key, widget in self.fields.items():
            value = values.get(key)
            if isinstance(widget, QLineEdit):
                widget.setText("" if value is None else str(value))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value or "")
            elif isinstance(widget, OptionalDateEdit):
                widget.set_value(value)
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)))

    def values(self) -> dict:
        out: dict = {}
        for key, widget in self.fields.items():
            if isinstance(widget, QLineEdit):
                out[key] = widget.text().strip() or None
            elif isinstance(widget, QPlainTextEdit):
                out[key] = widget.toPlainText().strip() or None
            elif isinstance(widget, OptionalDateEdit):
                out[key] = widget.value()
            elif isinstance(widget, QComboBox):
                data = widget.currentData()
                enum_cls = getattr(widget, "enum_cls", None)
                out[key] = enum_cls(data) if enum_cls is not None and data is not None else data
        out["country"] = (out.get("country") or "KR").upper()
        return out
