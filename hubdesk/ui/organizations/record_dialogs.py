"""The small forms of an organization's detail page that add or correct one record: a contact, a
certification, an interaction. Each writes through `write_op`; a refused save shows the sentence
under the form and keeps what was typed."""

from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from hubdesk.domain import clock
from hubdesk.i18n import _
from hubdesk.ui.common.date_edit import OptionalDateEdit
from hubdesk.ui.common.forms import problem_label, save_cancel_buttons, stack_form
from hubdesk.ui.common.labels import label
from hubdesk.ui.common.operations import Change, write_op
from hubdesk.ui.organizations import queries
from hubdesk.ui.organizations.profile_form import enum_combo


class _RecordFormDialog(QDialog):
    """A small form that adds one thing to an organization; a refused save shows the sentence
    under the form and keeps what was typed."""

    change = Change.ORGANIZATION   # the kind of record the form writes

    def __init__(self, context, org_id: int, parent: QWidget | None = None, *, record_id: int | None = None):
        super().__init__(parent)
        self.context = context
        self.org_id = org_id
        self.record_id = record_id
        # the version of the record the form was filled from: a save based on an older one is
        # refused (hubdesk.domain.versions)
        self.based_on: dict[tuple[str, int], int] = {}
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

    def load(self) -> None:
        """Fill the form from the stored record (`record_id`); forms that correct one give it."""

    def save(self) -> bool:
        result = write_op(self.context, self, self.write, changes=self.change,
                          problem=self.problem_label, based_on=self.based_on,
                          reload=self.load if self.record_id is not None else None)
        if result.ok:
            self.accept()
        return result.ok


class ContactDialog(_RecordFormDialog):
    """Add a contact, or correct one (`record_id`)."""

    change = Change.CONTACT

    def __init__(self, context, org_id: int, parent: QWidget | None = None, *, record_id: int | None = None):
        super().__init__(context, org_id, parent, record_id=record_id)
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
        if record_id is not None:
            self.load()
        self.retranslate_ui()

    def load(self) -> None:
        row = queries.contact(self.context.db, self.record_id)
        self.based_on = {("contact", self.record_id): row["version"]}
        for edit, key in ((self.name_edit, "name"), (self.title_edit, "title"),
                          (self.department_edit, "department"), (self.email_edit, "email"),
                          (self.phone_edit, "phone")):
            edit.setText(row[key] or "")
        self.primary_check.setChecked(row["is_primary"])

    def retranslate_ui(self, *_args) -> None:
        super().retranslate_ui()
        self.setWindowTitle(_("Add contact") if self.record_id is None else _("Edit contact"))
        self.primary_check.setText(_("Primary contact"))

    def write(self, session) -> None:
        from hubdesk.domain.organizations import ContactInput, add_contact, update_contact

        data = ContactInput(self.name_edit.text(), self.title_edit.text() or None, self.department_edit.text() or None,
                            self.email_edit.text() or None, self.phone_edit.text() or None)
        if self.record_id is None:
            add_contact(session, self.org_id, data, primary=self.primary_check.isChecked())
        else:
            update_contact(session, self.record_id, data, primary=self.primary_check.isChecked())


class CertificationDialog(_RecordFormDialog):
    """Add a certification, or correct one (`record_id`)."""

    change = Change.CERTIFICATION

    def __init__(self, context, org_id: int, parent: QWidget | None = None, *, record_id: int | None = None):
        super().__init__(context, org_id, parent, record_id=record_id)
        from hubdesk.db.enums import CertificationType

        self.type_combo = enum_combo(CertificationType, False, self)
        self.number_edit, self.issuer_edit = QLineEdit(self), QLineEdit(self)
        self.issued_edit = OptionalDateEdit(self)
        self.issued_edit.set_value(clock.today())
        self.expires_edit = OptionalDateEdit(self)
        self.add_row(lambda: _("Certification:"), self.type_combo)
        self.add_row(lambda: _("Number:"), self.number_edit)
        self.add_row(lambda: _("Issuer:"), self.issuer_edit)
        self.add_row(lambda: _("Issued on:"), self.issued_edit)
        self.add_row(lambda: _("Expires on:"), self.expires_edit)
        if record_id is not None:
            self.load()
        self.retranslate_ui()

    def load(self) -> None:
        cert = queries.certification(self.context.db, self.record_id)
        self.based_on = {("certification", self.record_id): cert["version"]}
        self.type_combo.setCurrentIndex(max(0, self.type_combo.findData(cert["type"])))
        self.number_edit.setText(cert["number"] or "")
        self.issuer_edit.setText(cert["issuer"] or "")
        self.issued_edit.set_value(cert["issued_on"])
        self.expires_edit.set_value(cert["expires_on"])

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

        self.kind_combo = enum_combo(InteractionKind, False, self)
        self.support_combo = enum_combo(SupportType, True, self)
        self.date_edit = OptionalDateEdit(self)
        self.date_edit.set_value(clock.today())
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
            self.load()
        self.retranslate_ui()

    def load(self) -> None:
        row = queries.interaction(self.context.db, self.record_id)
        self.based_on = {("interaction", self.record_id): row["version"]}
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(row["kind"])))
        self.support_combo.setCurrentIndex(max(0, self.support_combo.findData(row["support_type"])))
        self.date_edit.set_value(row["occurred_on"])
        self.summary_edit.setPlainText(row["summary"] or "")
        self.staff_edit.setText(row["staff"] or "")
        self.event_id = row["event_id"]

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
EDITABLE = ("contacts", "certifications", "interactions")
