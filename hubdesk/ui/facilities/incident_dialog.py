"""The form of one incident of a resource's log: what happened, when, who reported it, the
downtime (its end left open while the resource is still down) and whether it voids the resource's
qualification. Rules and writes are hubdesk.domain.incidents, through `write_op`; after a save the
active bookings inside the downtime are named, for the person to move or cancel.

An incident's report is a document of its resource (kind "report"): documents have no incident
owner, so the dialog shows the resource's documents panel and says so."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from hubdesk.db.enums import DocumentKind, DocumentOwner, IncidentKind
from hubdesk.domain import clock
from hubdesk.domain import incidents
from hubdesk.i18n import _, ngettext
from hubdesk.ui.common import errors
from hubdesk.ui.common.display import format_datetime
from hubdesk.ui.common.forms import datetime_edit, grow_to_fit
from hubdesk.ui.common.labels import label
from hubdesk.ui.common.layouts import STRETCH, hbox
from hubdesk.ui.common.operations import Change
from hubdesk.ui.facilities.dialog import _RecordDialog, documents_box, from_qdatetime, to_qdatetime

SHOWN_BOOKINGS = 10


class IncidentDialog(_RecordDialog):
    RECORD_KIND = "resource_incident"
    """Add (incident_id None) or edit an incident of a resource, in the facility's time zone."""

    def __init__(self, context, resource_id: int, incident_id: int | None = None, parent: QWidget | None = None):
        super().__init__(context, parent)
        from hubdesk.db.schema import Resource, ResourceIncident

        self.resource_id = resource_id
        self.incident_id = incident_id
        with context.db.read() as s:
            resource = s.get(Resource, resource_id)
            self.resource_name = resource.name
            self.timezone = clock.check_zone(resource.facility.timezone)
            i = s.get(ResourceIncident, incident_id) if incident_id else None
            existing = (dict(kind=i.kind, occurred_at=i.occurred_at, description=i.description,
                             reported_by=i.reported_by, down_from=i.down_from, down_until=i.down_until,
                             voids_qualification=i.voids_qualification) if i is not None else None)
            if i is not None:
                self.based_on[("resource_incident", i.id)] = i.version
        self.kind_combo = QComboBox(self)
        self.kind_combo.addItem("", None)
        for kind in IncidentKind:
            self.kind_combo.addItem("", kind)
        self.occurred_edit = datetime_edit(self)
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.reported_edit = QLineEdit(self)
        self.down_check = QCheckBox(self)
        self.down_from_edit = datetime_edit(self)
        self.ended_check = QCheckBox(self)
        self.down_until_edit = datetime_edit(self)
        self.voids_check = QCheckBox(self)
        now = clock.now(self.timezone).replace(second=0, microsecond=0)
        if existing is not None:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(existing["kind"]))
            self.occurred_edit.setDateTime(to_qdatetime(existing["occurred_at"], self.timezone))
            self.description_edit.setPlainText(existing["description"])
            self.reported_edit.setText(existing["reported_by"] or "")
            self.down_check.setChecked(existing["down_from"] is not None)
            self.down_from_edit.setDateTime(to_qdatetime(existing["down_from"] or existing["occurred_at"],
                                                         self.timezone))
            self.ended_check.setChecked(existing["down_until"] is not None)
            self.down_until_edit.setDateTime(to_qdatetime(existing["down_until"] or now, self.timezone))
            self.voids_check.setChecked(existing["voids_qualification"])
        else:
            for edit in (self.occurred_edit, self.down_from_edit, self.down_until_edit):
                edit.setDateTime(to_qdatetime(now, self.timezone))
            self.reported_edit.setText(context.user_name)
        self.down_check.toggled.connect(lambda _on: self._update_enabled())
        self.ended_check.toggled.connect(lambda _on: self._update_enabled())
        self._update_enabled()
        until_row = QWidget(self)
        hbox(self.ended_check, self.down_until_edit, STRETCH, parent=until_row, margins=(0, 0, 0, 0))
        self.widgets = (self.kind_combo, self.occurred_edit, self.description_edit, self.reported_edit,
                        self.down_check, self.down_from_edit, until_row, self.voids_check)
        self.row_labels = [QLabel(self) for _w in self.widgets]
        for lab, widget in zip(self.row_labels, self.widgets):
            self.form.addRow(lab, widget)
        self.documents_box, self.documents = documents_box(
            self, DocumentOwner.RESOURCE, resource_id, default_kind=DocumentKind.REPORT,
            note=lambda: _("Incident reports are kept with the resource {resource}: attach them here, of the kind "
                           "“Report”.").format(resource=self.resource_name))
        self.layout().insertWidget(1, self.documents_box, 1)
        self.saved.connect(self._flag_bookings)
        self.retranslate_ui()
        self.resize(max(self.width(), 760), 0)   # the resource's documents list reads whole
        grow_to_fit(self)

    def _update_enabled(self) -> None:
        down = self.down_check.isChecked()
        self.down_from_edit.setEnabled(down)
        self.ended_check.setEnabled(down)
        self.down_until_edit.setEnabled(down and self.ended_check.isChecked())

    def retranslate_ui(self, *_args) -> None:
        self.setWindowTitle((_("New incident for {resource}") if self.incident_id is None
                             else _("Incident of {resource}")).format(resource=self.resource_name))
        self.documents_box.setTitle(_("Documents of {resource}").format(resource=self.resource_name))
        self.kind_combo.setItemText(0, _("Choose…"))
        for i in range(1, self.kind_combo.count()):     # Qt hands the str value back, not the member
            self.kind_combo.setItemText(i, label(self.kind_combo.itemData(i), IncidentKind))
        self.down_check.setText(_("The resource is or was down"))
        self.ended_check.setText(_("Back in service at"))
        self.voids_check.setText(_("Voids the resource's qualification (requalify before the next booking)"))
        texts = (_("Kind"), _("Occurred ({zone})").format(zone=self.timezone), _("Description"), _("Reported by"),
                 _("Downtime"), _("Down from ({zone})").format(zone=self.timezone),
                 _("Down until ({zone})").format(zone=self.timezone), _("Qualification"))
        for lab, text in zip(self.row_labels, texts):
            lab.setText(text)

    def values(self) -> dict:
        down = self.down_check.isChecked()
        return dict(kind=self.kind_combo.currentData(),
                    occurred_at=from_qdatetime(self.occurred_edit.dateTime(), self.timezone),
                    description=self.description_edit.toPlainText(), reported_by=self.reported_edit.text(),
                    down_from=from_qdatetime(self.down_from_edit.dateTime(), self.timezone) if down else None,
                    down_until=(from_qdatetime(self.down_until_edit.dateTime(), self.timezone)
                                if down and self.ended_check.isChecked() else None),
                    voids_qualification=self.voids_check.isChecked())

    def operation(self):
        return (incidents.save_incident, (self.resource_id, self.incident_id), self.values(),
                Change.RESOURCE_INCIDENT)

    def _flag_bookings(self, incident_id: int) -> None:
        """Name the active bookings inside the saved downtime: they stay as they are until someone
        moves or cancels them."""
        from hubdesk.ui.facilities import queries

        found = queries.bookings_in_downtime(self.context.db, incident_id)
        self.flagged_bookings = found
        if not found:
            return
        lines = [f"• {format_datetime(b['starts_at'], self.timezone)} – {format_datetime(b['ends_at'], self.timezone)}"
                 f"  {b['organization']} ({label(b['status'])})" for b in found[:SHOWN_BOOKINGS]]
        if len(found) > SHOWN_BOOKINGS:
            lines.append("…")
        text = ngettext("{count} booking falls inside this downtime: move or cancel it.",
                        "{count} bookings fall inside this downtime: move or cancel them.",
                        len(found)).format(count=len(found))
        errors.show_message(self.parentWidget() or self, _("Bookings inside the downtime"),
                            text + "\n\n" + "\n".join(lines), "warning")

