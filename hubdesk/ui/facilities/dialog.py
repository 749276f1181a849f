"""Dialogs of the Facilities area: a facility, a resource, a maintenance / requalification window,
a qualification, and the question before removing one. The rules and writes are
hubdesk.domain.facilities, run through `write_op` (so the permission and audit hooks apply); a
refusal is shown as its sentence and the dialog stays open."""

from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QFormLayout, QGroupBox,
                               QLabel, QLineEdit, QMessageBox, QVBoxLayout, QWidget)

from hubdesk.db.enums import DocumentKind, DocumentOwner, FacilityKind, WindowKind
from hubdesk.domain import clock
from hubdesk.domain import facilities, incidents, subsidies
from hubdesk.i18n import _
from hubdesk.ui.common.date_edit import OptionalDateEdit
from hubdesk.ui.common.operations import Change, write_op
from hubdesk.ui.common.forms import (datetime_edit, grow_to_fit, problem_label, pydate, qdate, save_cancel_buttons,
                                    stack_form)
from hubdesk.ui.common.labels import label
from hubdesk.ui.common.widgets import FittingComboBox
from hubdesk.ui.documents.panel import DocumentsPanel


def _ask_remove(parent: QWidget, what: str) -> bool:
    answer = QMessageBox.question(parent, _("Remove"), what,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


ask_remove: Callable[[QWidget, str], bool] = _ask_remove  # tests replace it


def to_qdatetime(value: dt.datetime, tz: str) -> QDateTime:
    local = value.astimezone(clock.zone(tz))
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


def from_qdatetime(value: QDateTime, tz: str) -> dt.datetime:
    d, t = value.date(), value.time()
    return dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=clock.zone(tz))


class _RecordDialog(QDialog):
    saved = Signal(int)
    RECORD_KIND = ""   # the table it edits, the key of its editor (`context.editors`)

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        # the versions of the records loaded: a save based on an older one is refused (domain.versions)
        self.based_on: dict[tuple[str, int], int] = {}
        self.form = QFormLayout()
        self.problem_label = problem_label(self)
        self.buttons = save_cancel_buttons(self)
        stack_form(self, self.form, self.problem_label, self.buttons)

    def show_problem(self, text: str | None) -> None:
        self.problem_label.setText(text or "")
        self.problem_label.setVisible(bool(text))

    def save(self) -> None:
        """Write through the domain; on success tell who listens which record was saved and close."""
        fn, args, kwargs, change = self.operation()
        result = write_op(self.context, self, lambda s: fn(s, *args, **kwargs).id, changes=change,
                          problem=self.problem_label, based_on=self.based_on,
                          reload=self.reload if self.context.editors.can_reopen(self) else None)
        if result.ok:
            self.saved.emit(result.value)
            self.accept()

    def reload(self) -> None:
        """A fresh editor of the stored record in this one's place (after a save refused because
        someone changed the record)."""
        self.context.editors.reopen(self)

    def operation(self) -> tuple[Callable, tuple, dict, Change]:  # pragma: no cover - abstract
        """The domain function, its arguments (after the session) and the kind of record it writes."""
        raise NotImplementedError


class MaintenanceWindowDialog(_RecordDialog):
    RECORD_KIND = "maintenance_window"
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
            self.timezone = clock.check_zone(resource.facility.timezone)
            w = s.get(MaintenanceWindow, window_id) if window_id else None
            window = (dict(kind=w.kind, starts_at=w.starts_at, ends_at=w.ends_at, note=w.note)
                      if w is not None else None)
            if w is not None:
                self.based_on[("maintenance_window", w.id)] = w.version
        self.kind_combo = QComboBox(self)
        for kind in WindowKind:
            self.kind_combo.addItem("", kind)
        self.starts_edit, self.ends_edit = datetime_edit(self), datetime_edit(self)
        self.note_edit = QLineEdit(self)
        if window is not None:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(window["kind"]))
            self.starts_edit.setDateTime(to_qdatetime(window["starts_at"], self.timezone))
            self.ends_edit.setDateTime(to_qdatetime(window["ends_at"], self.timezone))
            self.note_edit.setText(window["note"] or "")
        else:
            start = clock.now(self.timezone).replace(hour=9, minute=0, second=0, microsecond=0)
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
        for i in range(self.kind_combo.count()):     # Qt hands the str value back, not the member
            self.kind_combo.setItemText(i, label(self.kind_combo.itemData(i), WindowKind))
        texts = (_("Kind"), _("Starts ({zone})").format(zone=self.timezone),
                 _("Ends ({zone})").format(zone=self.timezone), _("Note"))
        for lab, text in zip(self.row_labels, texts):
            lab.setText(text)

    def values(self) -> dict:
        return dict(kind=self.kind_combo.currentData(),
                    starts_at=from_qdatetime(self.starts_edit.dateTime(), self.timezone),
                    ends_at=from_qdatetime(self.ends_edit.dateTime(), self.timezone),
                    note=self.note_edit.text().strip() or None)

    def operation(self):
        return (facilities.save_window, (self.resource_id, self.window_id), self.values(),
                Change.MAINTENANCE_WINDOW)


class QualificationDialog(_RecordDialog):
    RECORD_KIND = "qualification"
    """Add or edit who is cleared to use a resource, until when: an organization, and one of its
    people (or the whole organization)."""

    def __init__(self, context, resource_id: int, qualification_id: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(context, parent)
        from hubdesk.db.schema import Contact, Qualification, Resource
        from hubdesk.ui.facilities import queries

        self.resource_id = resource_id
        self.qualification_id = qualification_id
        with context.db.read() as s:
            self.resource_name = s.get(Resource, resource_id).name
            q = s.get(Qualification, qualification_id) if qualification_id else None
            existing = None
            if q is not None:
                org_id = q.organization_id
                if org_id is None and q.contact_id is not None:
                    org_id = s.get(Contact, q.contact_id).organization_id
                existing = (q.contact_id, org_id, q.granted_on, q.valid_until)
                self.based_on[("qualification", q.id)] = q.version
        self.org_combo = FittingComboBox(self)     # long organization names open whole
        self.org_combo.setEditable(True)
        self.org_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.org_combo.addItem("", None)
        for oid, name in queries.organizations(context.db):
            self.org_combo.addItem(name, oid)
        self.person_combo = QComboBox(self)
        self.org_combo.currentIndexChanged.connect(lambda _i: self._load_people())
        today = clock.today()
        self.granted_edit = QDateEdit(qdate(today), self)
        self.valid_edit = QDateEdit(qdate(today + dt.timedelta(days=365)), self)
        for edit in (self.granted_edit, self.valid_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        if existing:
            contact_id, org_id, granted, valid = existing
            self.org_combo.setCurrentIndex(max(0, self.org_combo.findData(org_id)))
            self._load_people()
            self.person_combo.setCurrentIndex(max(0, self.person_combo.findData(contact_id)))
            self.granted_edit.setDate(qdate(granted))
            self.valid_edit.setDate(qdate(valid))
        else:
            self._load_people()
        self.row_labels = [QLabel(self) for _i in range(4)]
        for lab, widget in zip(self.row_labels, (self.org_combo, self.person_combo, self.granted_edit,
                                                 self.valid_edit)):
            self.form.addRow(lab, widget)
        self.retranslate_ui()

    def _load_people(self) -> None:
        from sqlalchemy import select

        from hubdesk.db.schema import Contact

        org_id = self.org_combo.currentData()
        self.person_combo.clear()
        self.person_combo.addItem("", None)       # the whole organization
        if org_id is not None:
            with self.context.db.read() as s:
                for cid, name in s.execute(select(Contact.id, Contact.name)
                                           .where(Contact.organization_id == org_id).order_by(Contact.name)):
                    self.person_combo.addItem(name, cid)
        self.person_combo.setItemText(0, _("The whole organization"))

    def retranslate_ui(self, *_args) -> None:
        self.setWindowTitle((_("New qualification for {resource}") if self.qualification_id is None
                             else _("Qualification for {resource}")).format(resource=self.resource_name))
        self.person_combo.setItemText(0, _("The whole organization"))
        for lab, text in zip(self.row_labels, (_("Organization"), _("Person"), _("Granted on"), _("Valid until"))):
            lab.setText(text)

    def operation(self):
        return (facilities.save_qualification, (self.resource_id, self.qualification_id),
                dict(organization_id=self.org_combo.currentData(), contact_id=self.person_combo.currentData(),
                     granted_on=pydate(self.granted_edit.date()), valid_until=pydate(self.valid_edit.date())),
                Change.QUALIFICATION)


_REMOVE = {Change.MAINTENANCE_WINDOW: facilities.remove_window, Change.QUALIFICATION: facilities.remove_qualification,
           Change.RESOURCE_INCIDENT: incidents.remove_incident, Change.BOOKING_QUOTA: subsidies.remove_quota,
           Change.RESOURCE: facilities.remove_resource, Change.FACILITY: facilities.remove_facility}


def documents_box(dialog: _RecordDialog, owner: DocumentOwner, owner_id: int | None, *,
                  default_kind: DocumentKind = DocumentKind.OTHER, unsaved: Callable[[], str] | None = None,
                  note: Callable[[], str] | None = None) -> tuple[QGroupBox, DocumentsPanel]:
    """A "Documents" box holding the documents panel of one record, for a dialog's layout (the
    caller sets the box's title in its `retranslate_ui`)."""
    box = QGroupBox(dialog)
    panel = DocumentsPanel(dialog.context, owner, owner_id, box, default_kind=default_kind, unsaved=unsaved,
                           note=note)
    panel.setMinimumHeight(150)
    QVBoxLayout(box).addWidget(panel)
    return box, panel


def remove_record(context, parent: QWidget, change: Change, record_id: int, question: str) -> bool:
    """Ask, then remove one record of the kind `change` (a window, a qualification, an incident, a
    resource or a facility) through the domain. True when it was removed."""
    if not ask_remove(parent, question):
        return False
    return write_op(context, parent, _REMOVE[change], record_id, changes=change).ok


class FacilityDialog(_RecordDialog):
    """Add or edit a facility: its name, kind, licence (number, authority, expiry) and time zone,
    and its documents (the licence, inspection reports: the documents panel, disabled with a
    sentence until the facility is saved). Only an administrator may save (the permission hook
    refuses others with a sentence)."""

    def __init__(self, context, facility_id: int | None = None, parent: QWidget | None = None):
        super().__init__(context, parent)
        from hubdesk.db.schema import Facility

        self.facility_id = facility_id
        with context.db.read() as s:
            f = s.get(Facility, facility_id) if facility_id else None
            values = (dict(name=f.name, kind=f.kind, licence_no=f.licence_no, licence_authority=f.licence_authority,
                           licence_expires_on=f.licence_expires_on, timezone=f.timezone) if f else None)
            if f is not None:
                self.based_on[("facility", f.id)] = f.version
        self.name_edit = QLineEdit(self)
        self.kind_combo = QComboBox(self)
        for kind in FacilityKind:
            self.kind_combo.addItem("", kind)
        self.licence_no_edit = QLineEdit(self)
        self.authority_edit = QLineEdit(self)
        self.expiry_edit = OptionalDateEdit(self)
        self.timezone_edit = QLineEdit(clock.zone_name(), self)
        if values:
            self.name_edit.setText(values["name"])
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(values["kind"]))
            self.licence_no_edit.setText(values["licence_no"] or "")
            self.authority_edit.setText(values["licence_authority"] or "")
            self.expiry_edit.set_value(values["licence_expires_on"])
            self.timezone_edit.setText(values["timezone"] or clock.zone_name())
        self.row_labels = [QLabel(self) for _i in range(6)]
        for lab, widget in zip(self.row_labels, (self.name_edit, self.kind_combo, self.licence_no_edit,
                                                 self.authority_edit, self.expiry_edit, self.timezone_edit)):
            self.form.addRow(lab, widget)
        self.documents_box, self.documents = documents_box(
            self, DocumentOwner.FACILITY, facility_id,
            unsaved=lambda: _("Save the facility first to attach documents."))
        self.layout().insertWidget(1, self.documents_box, 1)
        self.retranslate_ui()
        self.resize(max(self.width(), 720), 0)
        grow_to_fit(self)    # the wrapped sentence over a new facility's documents needs its height

    def retranslate_ui(self, *_args) -> None:
        self.setWindowTitle(_("New facility") if self.facility_id is None else _("Facility"))
        self.documents_box.setTitle(_("Documents"))
        for i in range(self.kind_combo.count()):     # Qt hands the str value back, not the member
            self.kind_combo.setItemText(i, label(self.kind_combo.itemData(i), FacilityKind))
        for lab, text in zip(self.row_labels, (_("Name"), _("Kind"), _("Licence no."), _("Licence authority"),
                                               _("Licence expires"), _("Time zone"))):
            lab.setText(text)

    def operation(self):
        return (facilities.save_facility, (self.facility_id,),
                dict(name=self.name_edit.text(), kind=self.kind_combo.currentData(),
                     licence_no=self.licence_no_edit.text(), licence_authority=self.authority_edit.text(),
                     licence_expires_on=self.expiry_edit.value(), timezone=self.timezone_edit.text()),
                Change.FACILITY)


class ResourceDialog(_RecordDialog):
    """Add or edit a bookable resource of a facility, and record its requalification."""

    def __init__(self, context, facility_id: int, resource_id: int | None = None, parent: QWidget | None = None):
        super().__init__(context, parent)
        from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QSpinBox

        from hubdesk.db.enums import BookingUnit, CleanroomGrade, ResourceKind, ResourceStatus
        from hubdesk.db.schema import Resource

        self.facility_id = facility_id
        self.resource_id = resource_id
        with context.db.read() as s:
            r = s.get(Resource, resource_id) if resource_id else None
            values = ({c: getattr(r, c) for c in ("name", "code", "kind", "cleanroom_grade", "booking_unit",
                                                  "changeover_hours", "min_units", "max_units",
                                                  "requalification_days", "last_qualified_on",
                                                  "requires_qualification", "status")} if r else None)
            if r is not None:
                self.based_on[("resource", r.id)] = r.version
        self.name_edit = QLineEdit(self)
        self.code_edit = QLineEdit(self)
        self.kind_combo = QComboBox(self)
        for kind in ResourceKind:
            self.kind_combo.addItem("", kind)
        self.grade_combo = QComboBox(self)
        self.grade_combo.addItem("", None)
        for grade in CleanroomGrade:
            self.grade_combo.addItem(grade.value, grade)
        self.unit_combo = QComboBox(self)
        for unit in BookingUnit:
            self.unit_combo.addItem("", unit)
        self.changeover_spin = QDoubleSpinBox(self)
        self.changeover_spin.setRange(0, 240)
        self.changeover_spin.setDecimals(1)
        self.min_spin = QSpinBox(self)
        self.min_spin.setRange(1, 1000)
        self.max_spin = QSpinBox(self)
        self.max_spin.setRange(1, 1000)
        self.max_spin.setValue(24)
        self.requalify_spin = QSpinBox(self)
        self.requalify_spin.setRange(0, 3650)
        self.qualified_edit = OptionalDateEdit(self)
        self.requires_check = QCheckBox(self)
        self.status_combo = QComboBox(self)
        for status in ResourceStatus:
            self.status_combo.addItem("", status)
        if values:
            self.name_edit.setText(values["name"])
            self.code_edit.setText(values["code"] or "")
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(values["kind"]))
            self.grade_combo.setCurrentIndex(max(0, self.grade_combo.findData(values["cleanroom_grade"])))
            self.unit_combo.setCurrentIndex(self.unit_combo.findData(values["booking_unit"]))
            self.changeover_spin.setValue(float(values["changeover_hours"] or 0))
            self.min_spin.setValue(values["min_units"])
            self.max_spin.setValue(values["max_units"])
            self.requalify_spin.setValue(values["requalification_days"] or 0)
            self.qualified_edit.set_value(values["last_qualified_on"])
            self.requires_check.setChecked(bool(values["requires_qualification"]))
            self.status_combo.setCurrentIndex(self.status_combo.findData(values["status"]))
        self.widgets = (self.name_edit, self.code_edit, self.kind_combo, self.grade_combo, self.unit_combo,
                        self.changeover_spin, self.min_spin, self.max_spin, self.requalify_spin,
                        self.qualified_edit, self.requires_check, self.status_combo)
        self.row_labels = [QLabel(self) for _w in self.widgets]
        for lab, widget in zip(self.row_labels, self.widgets):
            self.form.addRow(lab, widget)
        self.retranslate_ui()

    def retranslate_ui(self, *_args) -> None:
        self.setWindowTitle(_("New resource") if self.resource_id is None else _("Resource"))
        from hubdesk.db.enums import BookingUnit, ResourceKind, ResourceStatus

        for combo, enum_cls in ((self.kind_combo, ResourceKind), (self.unit_combo, BookingUnit),
                                (self.status_combo, ResourceStatus)):
            for i in range(combo.count()):     # Qt hands the str value back, not the member
                combo.setItemText(i, label(combo.itemData(i), enum_cls))
        self.requalify_spin.setSpecialValueText(_("Not required"))
        self.requires_check.setText(_("Only qualified people may use it"))
        texts = (_("Name"), _("Code"), _("Kind"), _("Cleanroom grade"), _("Booking unit"), _("Changeover (hours)"),
                 _("Minimum units"), _("Maximum units"), _("Requalify every (days)"), _("Last qualified on"),
                 _("Qualification"), _("Status"))
        for lab, text in zip(self.row_labels, texts):
            lab.setText(text)

    def operation(self):
        return (facilities.save_resource, (self.facility_id, self.resource_id),
                dict(name=self.name_edit.text(), code=self.code_edit.text(), kind=self.kind_combo.currentData(),
                     cleanroom_grade=self.grade_combo.currentData(), booking_unit=self.unit_combo.currentData(),
                     changeover_hours=self.changeover_spin.value(), min_units=self.min_spin.value(),
                     max_units=self.max_spin.value(), requalification_days=self.requalify_spin.value() or None,
                     last_qualified_on=self.qualified_edit.value(),
                     requires_qualification=self.requires_check.isChecked(),
                     status=self.status_combo.currentData()),
                Change.RESOURCE)
