"""An organization's detail page: the profile form (identifier numbers checked as you type, with
the sentence under the field) and tabs with its contacts, certifications, interactions, quarterly
KPI values, bookings and clinical-entry cases.

Saving goes through hubdesk.domain.organizations; a refused save shows every problem under its
field and the first one in a message box, and the form keeps what was typed.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QPushButton, QSizePolicy,
                               QTableView, QTabWidget, QVBoxLayout, QWidget)

from hubdesk.db.enums import GrowthStage, OrgKind, OrgStatus, Sector
from hubdesk.errors import DomainError
from hubdesk.i18n import _
from hubdesk.ui.common import errors
from hubdesk.ui.common.date_edit import OptionalDateEdit
from hubdesk.ui.common.forms import problem_label, save_cancel_buttons, stack_form
from hubdesk.ui.common.labels import label
from hubdesk.ui.common.operations import Change, write_op
from hubdesk.ui.common.widgets import configure_table_view
from hubdesk.ui.organizations import queries
from hubdesk.ui.organizations.calendar import add_calendar_button
from hubdesk.ui.organizations.table_model import (CertificationsTableModel, ContactsTableModel,
                                                  InteractionsTableModel, KpiValuesTableModel,
                                                  OrganizationBookingsTableModel, OrganizationCasesTableModel)


def _ask_discard_changes(parent: QWidget) -> bool:
    answer = QMessageBox.question(parent, _("Unsaved changes"),
                                  _("This organization has changes that are not saved. Close it and "
                                    "lose them?"),
                                  QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                                  QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Discard


ask_discard_changes: Callable[[QWidget], bool] = _ask_discard_changes  # tests replace it


def _ask_confirmation(parent: QWidget, title: str, question: str) -> bool:
    answer = QMessageBox.question(parent, title, question,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                  QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes


ask_confirmation: Callable[[QWidget, str, str], bool] = _ask_confirmation  # tests replace it


def _enum_combo(enum_cls, optional: bool, parent: QWidget) -> QComboBox:
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
        self.kind_combo = _enum_combo(OrgKind, False, self)
        self.sector_combo = _enum_combo(Sector, True, self)
        self.stage_combo = _enum_combo(GrowthStage, True, self)
        self.status_combo = _enum_combo(OrgStatus, False, self)
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


class OrganizationDialog(QDialog):
    """Create (org_id None) or view and edit one organization."""

    saved = Signal(int)

    def __init__(self, context, org_id: int | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("OrganizationDialog")
        self.context = context
        self.org_id = org_id
        self.resize(1040, 600)
        self._loaded_values: dict = {}

        self.heading = QLabel(self)
        self.heading.setObjectName("pageTitle")
        self.general_problem = QLabel(self)
        self.general_problem.setObjectName("fieldProblem")
        self.general_problem.setWordWrap(True)
        self.general_problem.hide()
        self.tabs = QTabWidget(self)
        self.profile = OrganizationProfileWidget(self._user_classes(), self)
        self.tabs.addTab(self.profile, "")
        self.detail_models = {
            "contacts": ContactsTableModel(parent=self),
            "certifications": CertificationsTableModel(parent=self),
            "interactions": InteractionsTableModel(parent=self),
            "kpis": KpiValuesTableModel(parent=self),
            "bookings": OrganizationBookingsTableModel(parent=self),
            "cases": OrganizationCasesTableModel(parent=self),
        }
        self.detail_tables: dict[str, QTableView] = {}
        self.add_buttons: dict[str, QPushButton] = {}
        self.edit_buttons: dict[str, QPushButton] = {}
        self.remove_buttons: dict[str, QPushButton] = {}
        self.kpi_entry = None
        for key, model in self.detail_models.items():
            table = QTableView(self)
            table.setModel(model)
            configure_table_view(table, sortable=False)
            self.detail_tables[key] = table
            page: QWidget = table
            if key in ADD_DIALOGS:
                page = QWidget(self)
                box = QVBoxLayout(page)
                row = QHBoxLayout()
                button = QPushButton(page)
                button.clicked.connect(lambda _checked=False, key=key: self.add_record(key))
                self.add_buttons[key] = button
                row.addWidget(button)
                if key in EDITABLE:
                    for store, slot in ((self.edit_buttons, self.edit_record), (self.remove_buttons, self.remove_record)):
                        other = QPushButton(page)
                        other.clicked.connect(lambda _checked=False, key=key, slot=slot: slot(key))
                        store[key] = other
                        row.addWidget(other)
                    table.doubleClicked.connect(lambda _index, key=key: self.edit_record(key))
                row.addStretch(1)
                box.addLayout(row)
                box.addWidget(table, 1)
            elif key == "kpis" and org_id is not None:
                from hubdesk.ui.organizations.kpi_entry import KpiEntryWidget

                page = QWidget(self)
                box = QVBoxLayout(page)
                self.kpi_entry = KpiEntryWidget(context, org_id, page)
                self.kpi_entry.saved.connect(self._load_details)
                table.clicked.connect(lambda index: self._choose_kpi_quarter(index.row()))
                # ten figure columns: each keeps the width of its heading, and the table scrolls when
                # they do not fit (a stretched last column was cut short in Vietnamese)
                table.horizontalHeader().setStretchLastSection(False)
                box.addWidget(self.kpi_entry)
                box.addWidget(table, 1)
            self.tabs.addTab(page, "")
            self.tabs.setTabEnabled(self.tabs.count() - 1, org_id is not None)
        self.detail_tables["bookings"].doubleClicked.connect(
            lambda index: self._open_related("booking", self.detail_models["bookings"], index.row()))
        self.detail_tables["cases"].doubleClicked.connect(
            lambda index: self._open_related("case", self.detail_models["cases"], index.row()))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.archive_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.archive_button.setEnabled(org_id is not None)
        self.archive_button.clicked.connect(self.toggle_archived)
        self.archived_on: dt.date | None = None
        self.archived_label = QLabel(self)
        self.archived_label.setObjectName("muted")
        self.archived_label.hide()
        self.document_buttons: dict[str, QPushButton] = {}
        for kind in ("organization", "statement"):
            button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
            button.setEnabled(org_id is not None)
            button.clicked.connect(lambda _checked=False, kind=kind: self.print_document(kind))
            self.document_buttons[kind] = button
        self.calendar_button = add_calendar_button(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.archived_label)
        layout.addWidget(self.general_problem)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)

        if org_id is not None:
            self._load(org_id)
        else:
            self._default_user_class()
        self._loaded_values = self.profile.values()
        context.bus.language_changed.connect(self.retranslate_ui)
        self.retranslate_ui()

    # --- loading ------------------------------------------------------------------------------
    def _user_classes(self) -> list[tuple[int, str]]:
        from hubdesk.domain.organizations import user_class_label

        rows = queries.user_classes(self.context.db)
        self._class_codes = {r.id: r.code for r in rows}
        self._class_names = {r.id: (r.name, r.name_en) for r in rows}
        return [(r.id, user_class_label(r.name, r.name_en)) for r in rows]

    def _default_user_class(self) -> None:
        """A new organization is a member company unless the person chooses otherwise (its fees
        depend on it, and a booking needs it)."""
        member = next((cid for cid, code in self._class_codes.items() if code == "member"), None)
        if member is not None:
            combo = self.profile.user_class_combo
            combo.setCurrentIndex(max(0, combo.findData(member)))

    def _load(self, org_id: int) -> None:
        values, self._name, self.archived_on = queries.organization_profile(self.context.db, org_id,
                                                                            self.profile.fields)
        self.profile.load(values)
        self._load_details()

    def _load_details(self) -> None:
        """Reload the tabs' lists (not the profile form, which may hold unsaved edits)."""
        for key, rows in queries.organization_details(self.context.db, self.org_id).items():
            self.detail_models[key].set_rows(rows)
            self.detail_tables[key].resizeColumnsToContents()

    def add_record(self, key: str) -> None:
        """Open the small form that adds a contact, certification or interaction; reload after."""
        dialog = ADD_DIALOGS[key](self.context, self.org_id, self)
        dialog.accepted.connect(self._load_details)
        dialog.open()
        self._add_dialog = dialog

    def _selected_id(self, key: str) -> int | None:
        index = self.detail_tables[key].currentIndex()
        return self.detail_models[key].id_at(index.row()) if index.isValid() else None

    def edit_record(self, key: str) -> None:
        """Open the selected certification or interaction in its form to correct it."""
        record_id = self._selected_id(key)
        if record_id is None:
            errors.show_error(self, DomainError(_("Select a line in the list first.")))
            return
        dialog = ADD_DIALOGS[key](self.context, self.org_id, self, record_id=record_id)
        dialog.accepted.connect(self._load_details)
        dialog.open()
        self._add_dialog = dialog

    def remove_record(self, key: str) -> bool:
        """Remove the selected certification or interaction after asking."""
        from hubdesk.domain.certifications import remove_certification
        from hubdesk.domain.interactions import remove_interaction
        record_id = self._selected_id(key)
        if record_id is None:
            errors.show_error(self, DomainError(_("Select a line in the list first.")))
            return False
        if key == "certifications":
            question, fn, change = (_("Remove this certification? Remove only one that was recorded by mistake; "
                                      "an expired certification stays in the history."),
                                    remove_certification, Change.CERTIFICATION)
        else:
            question, fn, change = (_("Remove this interaction? It no longer counts in the quarterly figures."),
                                    remove_interaction, Change.INTERACTION)
        if not ask_confirmation(self, _("Remove"), question):
            return False
        result = write_op(self.context, self, fn, record_id, changes=change)
        if result.ok:
            self._load_details()
        return result.ok

    def _choose_kpi_quarter(self, row: int) -> None:
        from hubdesk.domain.quarters import Quarter

        values = self.detail_models["kpis"].rows()[row]
        self.kpi_entry.set_quarter(Quarter(values["year"], values["quarter"]))

    def toggle_archived(self) -> bool:
        """Archive the organization (or bring it back) after asking."""
        from hubdesk.domain.organizations import archive_organization, unarchive_organization
        if self.org_id is None:
            return False
        if self.archived_on is None:
            question = _("Archive {name}? It will no longer be offered for new bookings and is hidden from the "
                         "organization list unless archived ones are shown. Its history and reports stay.") \
                .format(name=self._name)
            fn, done = archive_organization, _("{name} is archived.").format(name=self._name)
        else:
            question = _("Bring {name} back from the archive? It can be booked again.").format(name=self._name)
            fn, done = unarchive_organization, _("{name} is no longer archived.").format(name=self._name)
        if not ask_confirmation(self, _("Archive") if self.archived_on is None else _("Unarchive"), question):
            return False
        result = write_op(self.context, self, fn, self.org_id, changes=Change.ORGANIZATION, done=done)
        if result.ok:
            self.archived_on = result.value.archived_on
            self.retranslate_ui()
        return result.ok

    def print_document(self, kind: str):
        """Open the profile ("organization") or usage statement ("statement") of this organization,
        generated at once, to preview, save or print. Documents print what is saved, so unsaved edits
        are pointed out first. Returns the documents dialog (None when not opened)."""
        from hubdesk.ui.organizations.documents import OrganizationDocumentsDialog

        if self.org_id is None:
            return None
        if self.is_modified():
            errors.show_error(self, DomainError(_("This organization has unsaved changes, and documents print "
                                                  "what is saved. Save the changes first, then print.")))
            return None
        dialog = OrganizationDocumentsDialog(self.context, self.org_id, self._name, kind, self)
        dialog.open()
        self._documents_dialog = dialog
        return dialog

    def _open_related(self, kind: str, model, row: int) -> None:
        record_id = model.id_at(row)
        if record_id is not None:
            self.context.open(kind, record_id)

    # --- texts -------------------------------------------------------------------------------------
    def retranslate_ui(self, *_args) -> None:
        if self.org_id is None:
            self.setWindowTitle(_("New organization"))
            self.heading.setText(_("New organization"))
        else:
            self.setWindowTitle(_("Organization: {name}").format(name=self._name))
            self.heading.setText(self._name)
        titles = [_("Profile"), _("Contacts"), _("Certifications"), _("Interactions"), _("Quarterly KPIs"),
                  _("Bookings"), _("Clinical-entry cases")]
        for i, text in enumerate(titles):
            self.tabs.setTabText(i, text)
        self.profile.retranslate_ui()
        from hubdesk.domain.organizations import user_class_label

        combo = self.profile.user_class_combo
        for i in range(1, combo.count()):        # the English name outside Korean
            names = self._class_names.get(combo.itemData(i))
            if names is not None:
                combo.setItemText(i, user_class_label(*names))
        add_texts = {"contacts": _("Add contact…"), "certifications": _("Add certification…"),
                     "interactions": _("Record interaction…")}
        for key, button in self.add_buttons.items():
            button.setText(add_texts[key])
        for button in self.edit_buttons.values():
            button.setText(_("Edit…"))
        for button in self.remove_buttons.values():
            button.setText(_("Remove…"))
        if self.kpi_entry is not None:
            self.kpi_entry.retranslate_ui()
        self.archive_button.setText(_("Archive…") if self.archived_on is None else _("Unarchive…"))
        self.archived_label.setVisible(self.archived_on is not None)
        if self.archived_on is not None:
            from hubdesk.ui.common.display import format_date

            self.archived_label.setText(_("Archived on {date}: not offered for new bookings; its history is kept.")
                                        .format(date=format_date(self.archived_on)))
        self.document_buttons["organization"].setText(_("Print profile…"))
        self.document_buttons["statement"].setText(_("Usage statement…"))
        self.document_buttons["organization"].setToolTip(_("The organization profile as a PDF: preview, save "
                                                           "or print it."))
        self.document_buttons["statement"].setToolTip(_("The facility usage statement of a quarter as a PDF: "
                                                        "bookings, units, rates and fees."))
        for model in self.detail_models.values():
            model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, model.columnCount() - 1)
            if model.rowCount():
                model.dataChanged.emit(model.index(0, 0), model.index(model.rowCount() - 1, model.columnCount() - 1))

    # --- saving ------------------------------------------------------------------------------------
    def is_modified(self) -> bool:
        return self.profile.values() != self._loaded_values

    def organization_input(self):
        from hubdesk.domain.organizations import OrganizationInput

        values = self.profile.values()
        return OrganizationInput(**values)

    def save(self) -> bool:
        """Save; on a refused save show the problems and keep the form as typed. True when saved."""
        from hubdesk.domain.organizations import (InvalidOrganization, create_organization,
                                                  update_organization)

        self.profile.clear_problems()
        self.general_problem.hide()
        data = self.organization_input()
        if self.org_id is None:
            result = write_op(self.context, self, lambda s: _saved(create_organization(s, data)),
                              changes=Change.ORGANIZATION)
        else:
            result = write_op(self.context, self, lambda s: _saved(update_organization(s, self.org_id, data)),
                              changes=Change.ORGANIZATION)
        if not result.ok:
            if isinstance(result.error, InvalidOrganization):
                self._show_problems(result.error.problems)
                self.tabs.setCurrentWidget(self.profile)
            return False
        saved_id, self._name = result.value
        self.org_id = saved_id
        self._loaded_values = self.profile.values()
        self.context.bus.status_message.emit(_("{name} saved.").format(name=self._name))
        self.saved.emit(saved_id)
        self.accept()
        return True

    def _show_problems(self, problems) -> None:
        general = []
        first_widget = None
        for problem in problems:
            if problem.field in self.profile.problem_labels:
                self.profile.set_problem(problem.field, problem.message)
                first_widget = first_widget or self.profile.fields[problem.field]
            else:
                general.append(problem.message)
        if general:
            self.general_problem.setText("\n".join(general))
            self.general_problem.show()
        if first_widget is not None:
            first_widget.setFocus()

    def reject(self) -> None:
        if self.is_modified() and not ask_discard_changes(self):
            return
        super().reject()


def _saved(org) -> tuple[int, str]:
    return org.id, org.name


class _RecordFormDialog(QDialog):
    """A small form that adds one thing to an organization; a refused save shows the sentence
    under the form and keeps what was typed."""

    change = Change.ORGANIZATION   # the kind of record the form writes

    def __init__(self, context, org_id: int, parent: QWidget | None = None, *, record_id: int | None = None):
        super().__init__(parent)
        self.context = context
        self.org_id = org_id
        self.record_id = record_id
        self.form = QFormLayout()
        self.row_labels: list[tuple[QLabel, Callable[[], str]]] = []
        self.problem_label = problem_label(self)
        self.buttons = save_cancel_buttons(self)
        stack_form(self, self.form, self.problem_label, self.buttons)
        self.setMinimumWidth(460)

    def add_row(self, title: Callable[[], str], widget: QWidget) -> None:
        row_label = QLabel(self)
        self.row_labels.append((row_label, title))
        self.form.addRow(row_label, widget)

    def retranslate_ui(self, *_args) -> None:
        for row_label, title in self.row_labels:
            row_label.setText(title())

    def write(self, session) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def save(self) -> bool:
        result = write_op(self.context, self, self.write, changes=self.change,
                          problem=self.problem_label)
        if result.ok:
            self.accept()
        return result.ok


class ContactDialog(_RecordFormDialog):
    change = Change.CONTACT

    def __init__(self, context, org_id: int, parent: QWidget | None = None, *, record_id: int | None = None):
        super().__init__(context, org_id, parent)
        from PySide6.QtWidgets import QCheckBox

        self.name_edit, self.title_edit = QLineEdit(self), QLineEdit(self)
        self.department_edit, self.email_edit, self.phone_edit = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.primary_check = QCheckBox(self)
        self.add_row(lambda: _("Name:"), self.name_edit)
        self.add_row(lambda: _("Title:"), self.title_edit)
        self.add_row(lambda: _("Department:"), self.department_edit)
        self.add_row(lambda: _("E-mail:"), self.email_edit)
        self.add_row(lambda: _("Phone:"), self.phone_edit)
        self.add_row(lambda: "", self.primary_check)
        self.retranslate_ui()

    def retranslate_ui(self, *_args) -> None:
        super().retranslate_ui()
        self.setWindowTitle(_("Add contact"))
        self.primary_check.setText(_("Primary contact"))

    def write(self, session) -> None:
        from hubdesk.domain.organizations import ContactInput, add_contact

        add_contact(session, self.org_id, ContactInput(
            self.name_edit.text(), self.title_edit.text() or None, self.department_edit.text() or None,
            self.email_edit.text() or None, self.phone_edit.text() or None), primary=self.primary_check.isChecked())


class CertificationDialog(_RecordFormDialog):
    """Add a certification, or correct one (`record_id`)."""

    change = Change.CERTIFICATION

    def __init__(self, context, org_id: int, parent: QWidget | None = None, *, record_id: int | None = None):
        super().__init__(context, org_id, parent, record_id=record_id)
        from hubdesk.db.enums import CertificationType

        self.type_combo = _enum_combo(CertificationType, False, self)
        self.number_edit, self.issuer_edit = QLineEdit(self), QLineEdit(self)
        self.issued_edit = OptionalDateEdit(self)
        self.issued_edit.set_value(dt.date.today())
        self.expires_edit = OptionalDateEdit(self)
        self.add_row(lambda: _("Certification:"), self.type_combo)
        self.add_row(lambda: _("Number:"), self.number_edit)
        self.add_row(lambda: _("Issuer:"), self.issuer_edit)
        self.add_row(lambda: _("Issued on:"), self.issued_edit)
        self.add_row(lambda: _("Expires on:"), self.expires_edit)
        if record_id is not None:
            cert = queries.certification(context.db, record_id)
            self.type_combo.setCurrentIndex(max(0, self.type_combo.findData(cert["type"])))
            self.number_edit.setText(cert["number"] or "")
            self.issuer_edit.setText(cert["issuer"] or "")
            self.issued_edit.set_value(cert["issued_on"])
            self.expires_edit.set_value(cert["expires_on"])
        self.retranslate_ui()

    def retranslate_ui(self, *_args) -> None:
        super().retranslate_ui()
        self.setWindowTitle(_("Add certification") if self.record_id is None else _("Edit certification"))
        for i in range(self.type_combo.count()):
            self.type_combo.setItemText(i, label(self.type_combo.itemData(i), self.type_combo.enum_cls))

    def write(self, session) -> None:
        from hubdesk.domain.certifications import create_certification, update_certification

        values = dict(number=self.number_edit.text() or None, issuer=self.issuer_edit.text() or None,
                      expires_on=self.expires_edit.value())
        if self.record_id is None:
            create_certification(session, self.org_id, self.type_combo.currentData(), self.issued_edit.value(),
                                 **values)
        else:
            update_certification(session, self.record_id, self.type_combo.currentData(), self.issued_edit.value(),
                                 **values)


class InteractionDialog(_RecordFormDialog):
    """Record an interaction, or correct one (`record_id`)."""

    change = Change.INTERACTION

    def __init__(self, context, org_id: int, parent: QWidget | None = None, *, record_id: int | None = None):
        super().__init__(context, org_id, parent, record_id=record_id)
        from hubdesk.db.enums import InteractionKind, SupportType

        self.kind_combo = _enum_combo(InteractionKind, False, self)
        self.support_combo = _enum_combo(SupportType, True, self)
        self.date_edit = OptionalDateEdit(self)
        self.date_edit.set_value(dt.date.today())
        self.summary_edit = QPlainTextEdit(self)
        self.summary_edit.setFixedHeight(80)
        self.staff_edit = QLineEdit(context.user_name, self)
        self.add_row(lambda: _("Kind:"), self.kind_combo)
        self.add_row(lambda: _("Support type:"), self.support_combo)
        self.add_row(lambda: _("Date:"), self.date_edit)
        self.add_row(lambda: _("Summary:"), self.summary_edit)
        self.add_row(lambda: _("Staff:"), self.staff_edit)
        self.event_id = None
        if record_id is not None:
            row = queries.interaction(context.db, record_id)
            self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(row["kind"])))
            self.support_combo.setCurrentIndex(max(0, self.support_combo.findData(row["support_type"])))
            self.date_edit.set_value(row["occurred_on"])
            self.summary_edit.setPlainText(row["summary"] or "")
            self.staff_edit.setText(row["staff"] or "")
            self.event_id = row["event_id"]
        self.retranslate_ui()

    def retranslate_ui(self, *_args) -> None:
        super().retranslate_ui()
        self.setWindowTitle(_("Record interaction") if self.record_id is None else _("Edit interaction"))
        for combo in (self.kind_combo, self.support_combo):
            for i in range(combo.count()):
                data = combo.itemData(i)
                combo.setItemText(i, label(data, combo.enum_cls) if data is not None else _("(not set)"))

    def write(self, session) -> None:
        from hubdesk.domain.interactions import record_interaction, update_interaction

        values = dict(support_type=self.support_combo.currentData(),
                      summary=self.summary_edit.toPlainText() or None, staff=self.staff_edit.text() or None)
        if self.record_id is None:
            record_interaction(session, self.org_id, self.kind_combo.currentData(), self.date_edit.value(), **values)
        else:
            update_interaction(session, self.record_id, self.kind_combo.currentData(), self.date_edit.value(),
                               event_id=self.event_id, **values)


ADD_DIALOGS = {"contacts": ContactDialog, "certifications": CertificationDialog, "interactions": InteractionDialog}
EDITABLE = ("certifications", "interactions")
