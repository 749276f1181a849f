"""The event form of the Programs area: what the event was (name, kind, date, place, description),
the organizations that took part (ticked in a list that filters as you type), and its outcomes
(participants, buyer meetings, export consultations and contracts with their amounts), which the
quarterly KPIs count, and its documents (the programme, a list of participants...: the documents panel,
disabled with a sentence until the event is saved). Saved through `write_op` to hubdesk.domain.events."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QSpinBox, QVBoxLayout, QWidget)

from hubdesk.domain import clock
from hubdesk.db.enums import EventKind
from hubdesk.i18n import _, ngettext
from hubdesk.ui.common.forms import grow_to_fit, pydate, qdate
from hubdesk.ui.common.operations import Change
from hubdesk.ui.common.widgets import SearchLineEdit
from hubdesk.ui.programs.dialog import (RecordDialog, amount_text, date_edit, enum_combo, parse_amount,
                                        retranslate_enum_combo, select_data)

COUNT_FIELDS = ("participants", "buyer_meetings", "export_consultations", "export_contracts")
AMOUNT_FIELDS = ("export_consultation_krw", "export_contract_krw")


class EventDialog(RecordDialog):
    """New (event_id None) or edit an event of a program."""

    CHANGES = (Change.EVENT,)

    def __init__(self, context, program_id: int | None, event_id: int | None = None, parent: QWidget | None = None,
                 *, today: dt.date | None = None):
        super().__init__(context, parent)
        from hubdesk.ui.programs.queries import load_event, load_organization_choices

        self.program_id, self.event_id = program_id, event_id
        self.name_edit = QLineEdit(self)
        self.kind_combo = enum_combo(self, EventKind)
        self.date_edit = date_edit(self)
        self.date_edit.setDate(qdate(today or clock.today()))
        self.location_edit = QLineEdit(self)
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(64)
        self.add_rows(self.name_edit, self.kind_combo, self.date_edit, self.location_edit, self.description_edit)

        # the organizations that took part
        self.orgs_box = QGroupBox(self)
        self.org_filter = SearchLineEdit(self.orgs_box, delay_ms=0)
        self.org_filter.textChanged.connect(self._filter_organizations)
        self.org_list = QListWidget(self.orgs_box)
        self.org_list.setMinimumHeight(150)
        for oid, name in load_organization_choices(context.db):
            item = QListWidgetItem(name, self.org_list)
            item.setData(Qt.ItemDataRole.UserRole, oid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.org_list.itemChanged.connect(lambda _item: self._update_chosen())
        self.chosen_label = QLabel(self.orgs_box)
        self.chosen_label.setObjectName("muted")
        orgs_layout = QVBoxLayout(self.orgs_box)
        orgs_layout.addWidget(self.org_filter)
        orgs_layout.addWidget(self.org_list, 1)
        orgs_layout.addWidget(self.chosen_label)

        # the outcomes
        self.outcomes_box = QGroupBox(self)
        self.counts = {name: QSpinBox(self.outcomes_box) for name in COUNT_FIELDS}
        for spin in self.counts.values():
            spin.setRange(0, 2**31 - 1)
            spin.setGroupSeparatorShown(True)
            spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.amounts = {name: QLineEdit(self.outcomes_box) for name in AMOUNT_FIELDS}
        for edit in self.amounts.values():
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.outcome_captions = {name: QLabel(self.outcomes_box) for name in COUNT_FIELDS + AMOUNT_FIELDS}
        grid = QGridLayout(self.outcomes_box)
        grid.setColumnStretch(1, 1)
        for row, name in enumerate(COUNT_FIELDS + AMOUNT_FIELDS):
            widget = self.counts.get(name) or self.amounts[name]
            self.outcome_captions[name].setBuddy(widget)
            grid.addWidget(self.outcome_captions[name], row, 0)
            grid.addWidget(widget, row, 1)
        grid.setRowStretch(len(COUNT_FIELDS + AMOUNT_FIELDS), 1)

        boxes = QHBoxLayout()
        boxes.addWidget(self.orgs_box, 1)
        boxes.addWidget(self.outcomes_box, 1)
        self.layout().insertLayout(1, boxes, 1)

        # its documents (the programme, the list of participants...), read when the dialog is shown
        from hubdesk.db.enums import DocumentOwner
        from hubdesk.ui.documents.panel import DocumentsPanel

        self.documents_box = QGroupBox(self)
        self.documents = DocumentsPanel(context, DocumentOwner.EVENT, event_id, self.documents_box,
                                        unsaved=lambda: _("Save the event first to attach documents."))
        self.documents.setMinimumHeight(150)
        QVBoxLayout(self.documents_box).addWidget(self.documents)
        self.layout().insertWidget(2, self.documents_box, 1)

        if event_id is not None:
            ev = self.remember("event", load_event(context.db, event_id))
            self.name_edit.setText(ev["name"])
            select_data(self.kind_combo, ev["kind"])
            self.date_edit.setDate(qdate(ev["held_on"]))
            self.location_edit.setText(ev["location"] or "")
            self.description_edit.setPlainText(ev["description"] or "")
            for name, spin in self.counts.items():
                spin.setValue(ev[name] or 0)
            for name, edit in self.amounts.items():
                edit.setText(amount_text(ev[name]))
            self.set_organizations(ev["attendees"])
        self.retranslate_ui()
        self.resize(820, 0)
        grow_to_fit(self)    # the wrapped sentence over a new event's documents needs its height

    # --- the organizations that took part --------------------------------------------------------
    def _items(self) -> list[QListWidgetItem]:
        return [self.org_list.item(i) for i in range(self.org_list.count())]

    def set_organizations(self, organization_ids) -> None:
        wanted = set(organization_ids)
        for item in self._items():
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in wanted
                               else Qt.CheckState.Unchecked)
        self._update_chosen()

    def organization_ids(self) -> list[int]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self._items()
                if item.checkState() == Qt.CheckState.Checked]

    def _filter_organizations(self, text: str) -> None:
        key = text.strip().casefold()
        for item in self._items():
            item.setHidden(bool(key) and key not in item.text().casefold()
                           and item.checkState() != Qt.CheckState.Checked)

    def _update_chosen(self) -> None:
        n = len(self.organization_ids())
        self.chosen_label.setText(ngettext("{count} organization ticked", "{count} organizations ticked", n)
                                  .format(count=n))

    # --- texts and saving --------------------------------------------------------------------------
    def retranslate_ui(self, *_args) -> None:
        self.setWindowTitle(_("New event") if self.event_id is None else _("Edit event"))
        self.set_captions(_("Name"), _("Kind"), _("Date"), _("Place"), _("Description"))
        retranslate_enum_combo(self.kind_combo)
        self.orgs_box.setTitle(_("Participating organizations"))
        self.org_filter.setPlaceholderText(_("Find an organization"))
        self.outcomes_box.setTitle(_("Outcomes"))
        self.documents_box.setTitle(_("Documents"))
        texts = {"participants": _("Participants"), "buyer_meetings": _("Buyer meetings"),
                 "export_consultations": _("Export consultations"),
                 "export_contracts": _("Export contracts"),
                 "export_consultation_krw": _("Consultation value (KRW)"),
                 "export_contract_krw": _("Contract value (KRW)")}
        for name, text in texts.items():
            self.outcome_captions[name].setText(text)
        for edit in self.amounts.values():
            edit.setPlaceholderText(_("whole won"))
        self._update_chosen()

    def write(self, session):
        from hubdesk.domain.events import AttendeeInput, EventInput, create_event, update_event

        data = EventInput(name=self.name_edit.text(), kind=self.kind_combo.currentData(),
                          held_on=pydate(self.date_edit.date()), program_id=self.program_id,
                          location=self.location_edit.text().strip() or None,
                          description=self.description_edit.toPlainText().strip() or None,
                          **{name: spin.value() for name, spin in self.counts.items()},
                          **{name: parse_amount(edit.text(), name) for name, edit in self.amounts.items()},
                          attendees=tuple(AttendeeInput(oid) for oid in self.organization_ids()))
        if self.event_id is None:
            return create_event(session, data)
        return update_event(session, self.event_id, data)
