"""Dialogs of the Facilities area: a maintenance / requalification window, a qualification, and
the question before removing one. Writes go through the ORM inside `ctx.db.write()`, so the
permission and audit hooks apply; a refusal is shown as its sentence and the dialog stays open."""

from __future__ import annotations

import datetime as dt
from typing import Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDateTimeEdit, QDialog, QDialogButtonBox, QFormLayout,
                               QLabel, QLineEdit, QMessageBox, QVBoxLayout, QWidget)

from hubdesk.db.enums import WindowKind
from hubdesk.errors import DomainError
from hubdesk.i18n import _
from hubdesk.ui.common import errors
from hubdesk.ui.common.labels import label


def _ask_remove(parent: QWidget, what: str) -> bool:
    answer = QMessageBox.question(parent, _("Remove"), what,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


ask_remove: Callable[[QWidget, str], bool] = _ask_remove  # tests replace it


def to_qdatetime(value: dt.datetime, tz: str) -> QDateTime:
    local = value.astimezone(ZoneInfo(tz))
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


def from_qdatetime(value: QDateTime, tz: str) -> dt.datetime:
    d, t = value.date(), value.time()
    return dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=ZoneInfo(tz))


def _qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class _RecordDialog(QDialog):
    saved = Signal(int)

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.form = QFormLayout()
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("fieldProblem")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)

    def show_problem(self, text: str | None) -> None:
        self.problem_label.setText(text or "")
        self.problem_label.setVisible(bool(text))

    def save(self) -> None:
        try:
            record_id = self.write()
        except DomainError as exc:
            self.show_problem(exc.message)
            errors.show_error(self, exc)
            return
        except Exception as exc:  # noqa: BLE001 - shown, the form stays filled
            errors.show_error(self, exc)
            return
        self.saved.emit(record_id)
        self.accept()

    def write(self) -> int:  # pragma: no cover - abstract
        raise NotImplementedError


class MaintenanceWindowDialog(_RecordDialog):
    """Add (window_id None) or edit a maintenance or requalification window of a resource, in the
    facility's time zone."""

    def __init__(self, context, resource_id: int, window_id: int | None = None, parent: QWidget | None = None):
        super().__init__(context, parent)
        from hubdesk.db.schema import MaintenanceWindow, Resource

        self.resource_id = resource_id
        self.window_id = window_id
        with context.db.read() as s:
            resource = s.get(Resource, resource_id)
            self.resource_name = resource.name
            self.timezone = resource.facility.timezone or "Asia/Seoul"
            w = s.get(MaintenanceWindow, window_id) if window_id else None
            window = (dict(kind=w.kind, starts_at=w.starts_at, ends_at=w.ends_at, note=w.note)
                      if w is not None else None)
        self.kind_combo = QComboBox(self)
        for kind in WindowKind:
            self.kind_combo.addItem("", kind)
        self.starts_edit = QDateTimeEdit(self)
        self.ends_edit = QDateTimeEdit(self)
        for edit in (self.starts_edit, self.ends_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.note_edit = QLineEdit(self)
        if window is not None:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(window["kind"]))
            self.starts_edit.setDateTime(to_qdatetime(window["starts_at"], self.timezone))
            self.ends_edit.setDateTime(to_qdatetime(window["ends_at"], self.timezone))
            self.note_edit.setText(window["note"] or "")
        else:
            start = dt.datetime.now(ZoneInfo(self.timezone)).replace(hour=9, minute=0, second=0, microsecond=0)
            start += dt.timedelta(days=1)
            self.starts_edit.setDateTime(to_qdatetime(start, self.timezone))
            self.ends_edit.setDateTime(to_qdatetime(start + dt.timedelta(hours=8), self.timezone))
        self.row_labels = [QLabel(self) for _i in range(4)]
        for lab, widget in zip(self.row_labels, (self.kind_combo, self.starts_edit, self.ends_edit, self.note_edit)):
            self.form.addRow(lab, widget)
        self.retranslate_ui()

    def retranslate_ui(self, *_args) -> None:
        self.setWindowTitle((_("New maintenance window for {resource}") if self.window_id is None
                             else _("Maintenance window of {resource}")).format(resource=self.resource_name))
        for i in range(self.kind_combo.count()):
            self.kind_combo.setItemText(i, label(self.kind_combo.itemData(i)))
        texts = (_("Kind"), _("Starts ({zone})").format(zone=self.timezone),
                 _("Ends ({zone})").format(zone=self.timezone), _("Note"))
        for lab, text in zip(self.row_labels, texts):
            lab.setText(text)

    def values(self) -> dict:
        return dict(kind=self.kind_combo.currentData(),
                    starts_at=from_qdatetime(self.starts_edit.dateTime(), self.timezone),
                    ends_at=from_qdatetime(self.ends_edit.dateTime(), self.timezone),
                    note=self.note_edit.text().strip() or None)

    def write(self) -> int:
        from hubdesk.db.schema import MaintenanceWindow

        values = self.values()
        if values["ends_at"] <= values["starts_at"]:
            raise DomainError(_("The window must end after it starts. Check the start and end times."),
                              field="ends_at")
        with self.context.db.write() as s:
            window = s.get(MaintenanceWindow, self.window_id) if self.window_id else None
            if window is None:
                window = MaintenanceWindow(resource_id=self.resource_id)
                s.add(window)
            for key, value in values.items():
                setattr(window, key, value)
            s.flush()
            window_id = window.id
        self.context.notify_changed("maintenance_window")
        return window_id


class QualificationDialog(_RecordDialog):
    """Add or edit who is cleared to use a resource (a person, or a whole organization), until when."""

    def __init__(self, context, resource_id: int, qualification_id: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(context, parent)
        from hubdesk.db.schema import Qualification, Resource
        from hubdesk.ui.facilities import queries

        self.resource_id = resource_id
        self.qualification_id = qualification_id
        with context.db.read() as s:
            self.resource_name = s.get(Resource, resource_id).name
            q = s.get(Qualification, qualification_id) if qualification_id else None
            existing = (q.contact_id, q.organization_id, q.granted_on, q.valid_until) if q else None
        self.person_combo = QComboBox(self)
        self.person_combo.setEditable(True)
        self.person_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.person_combo.addItem("", None)
        for cid, text in queries.contacts(context.db):
            self.person_combo.addItem(text, cid)
        self.org_combo = QComboBox(self)
        self.org_combo.setEditable(True)
        self.org_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.org_combo.addItem("", None)
        for oid, name in queries.organizations(context.db):
            self.org_combo.addItem(name, oid)
        today = dt.date.today()
        self.granted_edit = QDateEdit(_qdate(today), self)
        self.valid_edit = QDateEdit(_qdate(today.replace(year=today.year + 1)
                                           if not (today.month == 2 and today.day == 29)
                                           else today + dt.timedelta(days=365)), self)
        for edit in (self.granted_edit, self.valid_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        if existing:
            contact_id, org_id, granted, valid = existing
            self.person_combo.setCurrentIndex(max(0, self.person_combo.findData(contact_id)))
            self.org_combo.setCurrentIndex(max(0, self.org_combo.findData(org_id)))
            self.granted_edit.setDate(_qdate(granted))
            self.valid_edit.setDate(_qdate(valid))
        self.row_labels = [QLabel(self) for _i in range(4)]
        for lab, widget in zip(self.row_labels, (self.person_combo, self.org_combo, self.granted_edit,
                                                 self.valid_edit)):
            self.form.addRow(lab, widget)
        self.retranslate_ui()

    def retranslate_ui(self, *_args) -> None:
        self.setWindowTitle((_("New qualification for {resource}") if self.qualification_id is None
                             else _("Qualification for {resource}")).format(resource=self.resource_name))
        for lab, text in zip(self.row_labels, (_("Person"), _("Or a whole organization"), _("Granted on"),
                                               _("Valid until"))):
            lab.setText(text)

    def write(self) -> int:
        from hubdesk.db.schema import Qualification

        contact_id = self.person_combo.currentData()
        org_id = self.org_combo.currentData() if contact_id is None else None
        granted, valid = _pydate(self.granted_edit.date()), _pydate(self.valid_edit.date())
        if contact_id is None and org_id is None:
            raise DomainError(_("Choose the person or the organization that is qualified."), field="contact_id")
        if valid < granted:
            raise DomainError(_("The qualification must be valid until a day on or after the day it was "
                                "granted. Check the dates."), field="valid_until")
        with self.context.db.write() as s:
            q = s.get(Qualification, self.qualification_id) if self.qualification_id else None
            if q is None:
                q = Qualification(resource_id=self.resource_id)
                s.add(q)
            q.contact_id, q.organization_id, q.granted_on, q.valid_until = contact_id, org_id, granted, valid
            s.flush()
            qid = q.id
        self.context.notify_changed("qualification")
        return qid


def remove_record(context, parent: QWidget, model_cls, record_id: int, question: str) -> bool:
    """Ask, then delete one maintenance window or qualification. True when it was removed."""
    if not ask_remove(parent, question):
        return False
    with errors.guard(parent):
        with context.db.write() as s:
            row = s.get(model_cls, record_id)
            if row is not None:
                s.delete(row)
        context.notify_changed(model_cls.__tablename__)
        return True
    return False
