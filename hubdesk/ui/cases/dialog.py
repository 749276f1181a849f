"""A case's page: who and what, the review clock (days used, days stopped), the deadlines, the moves
the rules allow (forbidden ones disabled, with the rule's sentence beside them), the stage history,
the document checklist with who ticked what and when, the documents attached to each item (which may be
required before submission: what is missing is said above the checklist), the correspondence with
the authority, and the supplement requests.

Every move is a hubdesk.domain.cases function run through `write_op`; a refusal is shown as the
domain's sentence and the page is read again.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QFrame, QGridLayout,
                               QGroupBox, QLabel, QLineEdit, QMessageBox, QPushButton,
                               QScrollArea, QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget)

from hubdesk.domain import clock
from hubdesk.db.enums import CaseStage
from hubdesk.domain.cases import SUPPLEMENT_MAX_COUNT, SUPPLEMENT_MAX_DAYS
from hubdesk.i18n import _, ngettext
from hubdesk.ui.cases.queries import CasePage, TransitionChoice, load_case
from hubdesk.ui.cases.table_model import CaseDocumentsTableModel, CaseHistoryTableModel, ClockStopsTableModel
from hubdesk.ui.common import errors
from hubdesk.ui.common.display import format_date
from hubdesk.ui.common.labels import label
from hubdesk.ui.common.layouts import STRETCH, hbox, muted_label, page_title, styled_label, vbox
from hubdesk.ui.common.operations import Change, write_op
from hubdesk.ui.common.widgets import configure_table_view


class SupplementRequestDialog(QDialog):
    """Asks the date the supplement is due (and an optional note)."""

    def __init__(self, today: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.due_edit = QDateEdit(self)
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat("yyyy-MM-dd")
        default = today + dt.timedelta(days=SUPPLEMENT_MAX_DAYS)
        self.due_edit.setDate(QDate(default.year, default.month, default.day))
        self.note_edit = QLineEdit(self)
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.explain.setObjectName("muted")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form = QFormLayout()
        self.due_label = QLabel(self)
        self.note_label = QLabel(self)
        self.form.addRow(self.due_label, self.due_edit)
        self.form.addRow(self.note_label, self.note_edit)
        vbox(self, self.explain, self.form, self.buttons)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Request a supplement"))
        self.explain.setText(_("The review clock stops until the supplement is answered. A supplement "
                               "extension lasts at most {days} days, and a case gets at most {count}.")
                             .format(days=SUPPLEMENT_MAX_DAYS, count=SUPPLEMENT_MAX_COUNT))
        self.due_label.setText(_("Supplement due on"))
        self.note_label.setText(_("Note"))

    def value(self) -> tuple[dt.date, str]:
        d = self.due_edit.date()
        return dt.date(d.year(), d.month(), d.day()), self.note_edit.text().strip()


def _ask_supplement_due(parent: QWidget, today: dt.date) -> tuple[dt.date, str] | None:
    dialog = SupplementRequestDialog(today, parent)
    return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


def _confirm_close(parent: QWidget, text: str) -> bool:
    answer = QMessageBox.question(parent, _("Close the case"),
                                  _("“{action}”: a closed case cannot move any more. Go on?").format(action=text),
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                  QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes


# tests replace these
ask_supplement_due: Callable[[QWidget, dt.date], tuple[dt.date, str] | None] = _ask_supplement_due
confirm_close: Callable[[QWidget, str], bool] = _confirm_close


class CaseMovesWidget(QScrollArea):
    """One row per move of the case's template: a button, enabled only when the rules allow the
    move, and the rule's sentence beside a forbidden one (also its tooltip). Forbidden moves that
    share a sentence stand together with the sentence written once beside them; `reasons[i]` is
    the label beside `buttons[i]` (the same label for the buttons of one sentence)."""

    move_requested = Signal(object)   # TransitionChoice

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.buttons: list[QPushButton] = []
        self.reasons: list[QLabel] = []
        self._inner = QWidget()
        self._grid = QGridLayout(self._inner)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setColumnStretch(1, 1)
        self.setWidget(self._inner)

    def set_transitions(self, transitions: list[TransitionChoice]) -> None:
        for w in self.buttons + list(dict.fromkeys(self.reasons)):
            self._grid.removeWidget(w)
            w.deleteLater()
        self.buttons, self.reasons = [], []
        groups: list[list[TransitionChoice]] = [[t] for t in transitions if t.allowed]
        by_reason: dict[str, list[TransitionChoice]] = {}
        for t in transitions:
            if not t.allowed:
                by_reason.setdefault(t.reason or "", []).append(t)
        groups += list(by_reason.values())
        row = 0
        for group in groups:
            reason = QLabel(group[0].reason or "", self._inner)
            reason.setObjectName("muted")
            reason.setWordWrap(True)
            self._grid.addWidget(reason, row, 1, len(group), 1, Qt.AlignmentFlag.AlignTop)
            for t in group:
                button = QPushButton(t.label, self._inner)
                button.setEnabled(t.allowed)
                button.setProperty("to_stage", str(t.to_stage))
                button.setProperty("outcome", str(t.outcome) if t.outcome else "")
                button.clicked.connect(lambda _checked=False, t=t: self.move_requested.emit(t))
                if t.reason:
                    button.setToolTip(t.reason)
                self._grid.addWidget(button, row, 0, Qt.AlignmentFlag.AlignTop)
                self.buttons.append(button)
                self.reasons.append(reason)
                row += 1
        self._grid.setRowStretch(row, 1)

    def button_for(self, stage: CaseStage, outcome=None) -> QPushButton | None:
        for b in self.buttons:
            if b.property("to_stage") == str(stage) and b.property("outcome") == (str(outcome) if outcome else ""):
                return b
        return None


class CaseDialog(QDialog):
    """The case page (non-modal). `changed` is emitted after a move or a ticked document."""

    changed = Signal(int)

    def __init__(self, context, case_id: int, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.context = context
        self.case_id = case_id
        self._today = today
        self.page: CasePage | None = None
        self.parties_dialog = None
        self.setSizeGripEnabled(True)
        self.resize(1040, 760)

        self.title = page_title(self)
        self.title.setWordWrap(True)
        self.subtitle = muted_label(self, wrap=True)
        self.stage_label = styled_label(self, "sectionTitle")

        self.facts_box = QGroupBox(self)
        self.facts = QFormLayout(self.facts_box)
        self.fact_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for key in ("opened", "submitted", "approved", "hospital", "facility", "authority_ref", "supplements",
                    "deadline"):
            caption, value = QLabel(self.facts_box), QLabel(self.facts_box)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts.addRow(caption, value)
            self.fact_labels[key] = (caption, value)
        self.parties_button = QPushButton(self.facts_box)
        self.parties_button.clicked.connect(self.edit_parties)
        parties_row = hbox(self.parties_button, STRETCH)
        self.facts.addRow("", parties_row)

        self.clock_box = QGroupBox(self)
        clock_layout = QGridLayout(self.clock_box)
        self.clock_used = QLabel(self.clock_box)
        self.clock_used.setObjectName("tileValue")
        self.clock_stopped = QLabel(self.clock_box)
        self.clock_stopped.setObjectName("tileValue")
        self.clock_used_caption = QLabel(self.clock_box)
        self.clock_used_caption.setObjectName("tileCaption")
        self.clock_stopped_caption = QLabel(self.clock_box)
        self.clock_stopped_caption.setObjectName("tileCaption")
        self.clock_state = QLabel(self.clock_box)
        self.clock_state.setWordWrap(True)
        clock_layout.addWidget(self.clock_used, 0, 0)
        clock_layout.addWidget(self.clock_stopped, 0, 1)
        clock_layout.addWidget(self.clock_used_caption, 1, 0)
        clock_layout.addWidget(self.clock_stopped_caption, 1, 1)
        clock_layout.addWidget(self.clock_state, 2, 0, 1, 2)

        self.moves_box = QGroupBox(self)
        self.moves = CaseMovesWidget(self.moves_box)
        self.moves.move_requested.connect(self.request_move)
        moves_layout = QVBoxLayout(self.moves_box)
        moves_layout.addWidget(self.moves)

        self.history_model = CaseHistoryTableModel(parent=self)
        self.documents_model = CaseDocumentsTableModel(parent=self, on_toggle=self.toggle_document,
                                                       on_require=self.require_document)
        self.stops_model = ClockStopsTableModel(parent=self)
        self.history_table = self._table(self.history_model)
        self.documents_table = self._table(self.documents_model)
        self.stops_table = self._table(self.stops_model)
        # the checklist, and under it the documents of the item chosen in it
        from hubdesk.db.enums import DocumentKind, DocumentOwner
        from hubdesk.ui.documents.panel import DocumentsPanel

        self.missing_label = styled_label(self, "fieldProblem", wrap=True)
        self.missing_label.hide()
        self.item_panel = DocumentsPanel(context, DocumentOwner.CASE_ITEM, None, self,
                                         default_kind=DocumentKind.CHECKLIST_EVIDENCE)
        self.item_panel.changed.connect(self._documents_changed)
        self.item_caption = muted_label(self, wrap=True)
        self.documents_table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_item_documents())
        self.checklist_page = QSplitter(Qt.Orientation.Vertical, self)
        checklist_top = QWidget(self.checklist_page)
        vbox(checklist_top, self.missing_label, (self.documents_table, 1), margins=(0, 0, 0, 0))
        item_bottom = QWidget(self.checklist_page)
        vbox(item_bottom, self.item_caption, (self.item_panel, 1), margins=(0, 0, 0, 0))
        self.checklist_page.addWidget(checklist_top)
        self.checklist_page.addWidget(item_bottom)
        self.correspondence = DocumentsPanel(context, DocumentOwner.CASE, case_id, self,
                                             default_kind=DocumentKind.CORRESPONDENCE_IN)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.checklist_page, "")
        self.tabs.addTab(self.correspondence, "")
        self.tabs.addTab(self.history_table, "")
        self.tabs.addTab(self.stops_table, "")
        self.documents_table.setColumnWidth(CaseDocumentsTableModel.COL_DOCUMENT, 440)
        self.documents_table.setColumnWidth(CaseDocumentsTableModel.COL_DONE_BY, 150)
        self.history_table.setColumnWidth(CaseHistoryTableModel.COL_FROM, 190)
        self.history_table.setColumnWidth(CaseHistoryTableModel.COL_TO, 190)

        self.close_button = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.close_button.rejected.connect(self.reject)

        left = vbox(None, self.facts_box, self.clock_box, STRETCH)
        top = hbox((left, 2), (self.moves_box, 3))
        vbox(self, self.title, self.subtitle, self.stage_label, (top, 3), (self.tabs, 2), self.close_button)

        context.bus.language_changed.connect(self.retranslate_ui)
        self.reload()

    def _table(self, model) -> QTableView:
        table = QTableView(self)
        table.setModel(model)
        configure_table_view(table, sortable=False)
        return table

    @property
    def today(self) -> dt.date:
        return self._today or clock.today()

    # --- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        with errors.guard(self):
            self.page = load_case(self.context.db, self.case_id, today=self.today)
            self.history_model.set_rows(list(reversed(self.page.history)))
            current = self.documents_table.currentIndex().row()
            self.documents_model.set_rows(self.page.documents)
            if 0 <= current < len(self.page.documents):
                self.documents_table.selectRow(current)
            self.missing_label.setText(self.page.missing_evidence or "")
            self.missing_label.setVisible(bool(self.page.missing_evidence))
            self.stops_model.set_rows(self.page.stops)
            self.moves.set_transitions(self.page.transitions)
        self.retranslate_ui()

    def retranslate_ui(self, *_args) -> None:
        from hubdesk.domain.case_templates import (deadline_title, modality_title,
                                                   pathway_title, stage_title)

        self.setWindowTitle(_("Clinical-entry case"))
        self.facts_box.setTitle(_("Case"))
        self.clock_box.setTitle(_("Review clock"))
        self.moves_box.setTitle(_("Moves"))
        self.parties_button.setText(_("Partner hospital and facility…"))
        self.tabs.setTabText(0, _("Document checklist"))
        self.tabs.setTabText(1, _("Correspondence"))
        self.tabs.setTabText(2, _("Stage history"))
        self.tabs.setTabText(3, _("Review clock stops"))
        self._show_item_documents()
        captions = {"opened": _("Opened on"), "submitted": _("Submitted on"), "approved": _("Approved on"),
                    "hospital": _("Partner hospital"), "facility": _("Manufacturing facility"),
                    "authority_ref": _("Authority reference"), "supplements": _("Supplement requests"),
                    "deadline": _("Next deadline")}
        for key, (caption, _value) in self.fact_labels.items():
            caption.setText(captions[key])
        self.clock_used_caption.setText(_("Review days used"))
        self.clock_stopped_caption.setText(_("Days stopped for supplements"))
        for model in (self.history_model, self.documents_model, self.stops_model):
            model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, model.columnCount() - 1)
        p = self.page
        if p is None:
            return
        self.title.setText(p.product)
        self.subtitle.setText(_("{organization} · {pathway} · {modality} · {risk}").format(
            organization=p.organization, pathway=pathway_title(p.pathway), modality=modality_title(p.modality),
            risk=label(p.risk_level)))
        if p.stage is CaseStage.CLOSED and p.outcome is not None:
            from hubdesk.domain.case_templates import outcome_title

            self.stage_label.setText(_("Stage: {stage} ({outcome})").format(stage=stage_title(p.stage),
                                                                           outcome=outcome_title(p.outcome)))
        else:
            self.stage_label.setText(_("Stage: {stage}").format(stage=stage_title(p.stage)))
        hospital = p.partner_hospital or (_("Designation pending") if p.hospital_pending else _("Not designated"))
        deadline = (_("{date} — {what}").format(date=format_date(p.next_deadline),
                                                what=deadline_title(p.next_deadline_note))
                    if p.next_deadline and p.next_deadline_note else format_date(p.next_deadline) or _("None"))
        values = {"opened": format_date(p.opened_on), "submitted": format_date(p.submitted_on) or "—",
                  "approved": format_date(p.approved_on) or "—", "hospital": hospital,
                  "facility": p.facility or _("Not chosen"), "authority_ref": p.authority_ref or "—",
                  "supplements": _("{count} of {most}").format(count=p.supplement_count, most=SUPPLEMENT_MAX_COUNT), "deadline": deadline}
        for key, (_caption, value) in self.fact_labels.items():
            value.setText(values[key])
        self.clock_used.setText(str(p.clock_used))
        self.clock_stopped.setText(str(p.clock_stopped))
        if p.submitted_on is None:
            state = _("The review clock starts when the case is submitted.")
        elif p.clock_stopped_now:
            due = next((s["due_on"] for s in reversed(p.stops) if s["resumed_on"] is None), None)
            state = _("The clock is stopped for a supplement due on {date}.").format(date=format_date(due))
        elif p.approved_on is not None or p.stage is CaseStage.CLOSED:
            state = ngettext("The review took {days} day in all, supplement time included.",
                             "The review took {days} days in all, supplement time included.",
                             p.clock_total).format(days=p.clock_total)
        else:
            state = ngettext("The clock is running: {days} day since submission.",
                             "The clock is running: {days} days since submission.",
                             p.clock_total).format(days=p.clock_total)
        self.clock_state.setText(state)

    # --- actions -------------------------------------------------------------------------------
    def _based_on(self) -> dict[tuple[str, int], int] | None:
        """The version of the case the page shows: a move based on an older one is refused."""
        return {("clinical_case", self.case_id): self.page.version} if self.page is not None else None

    def request_move(self, transition: TransitionChoice) -> bool:
        """Make the move (asking what it needs first); True when it was written."""
        from hubdesk.domain import cases as domain

        if not transition.allowed:
            return False
        due_on, note = None, None
        if transition.to_stage is CaseStage.SUPPLEMENT_REQUESTED:
            answer = ask_supplement_due(self, self.today)
            if answer is None:
                return False
            due_on, note = answer
        elif transition.outcome is not None and not confirm_close(self, transition.label):
            return False
        result = write_op(self.context, self, domain.move_case, self.case_id, transition.to_stage, on=self.today,
                          outcome=transition.outcome, due_on=due_on, note=note or None,
                          actor=self.context.user_name or None, changes=Change.CASE,
                          based_on=self._based_on())
        self.reload()      # refused or not, the page shows the stored case (someone may have moved it)
        if result.ok:
            self.changed.emit(self.case_id)
        return result.ok

    def edit_parties(self) -> None:
        """Designate the partner hospital (or mark it pending) and the manufacturing facility."""
        from hubdesk.ui.cases.form import CasePartiesDialog

        if self.page is None:
            return
        dialog = CasePartiesDialog(self.context, self.case_id, hospital_id=self.page.partner_hospital_id,
                                   pending=self.page.hospital_pending, facility_id=self.page.facility_id,
                                   parent=self, version=self.page.version)
        dialog.saved.connect(lambda _id: (self.reload(), self.changed.emit(self.case_id)))
        dialog.open()
        self.parties_dialog = dialog

    def move_to(self, stage: CaseStage, outcome=None) -> bool:
        """Press the button of the move to `stage` (tests and shortcuts)."""
        button = self.moves.button_for(stage, outcome)
        if button is None or not button.isEnabled():
            return False
        before = self.page.stage if self.page else None
        button.click()
        return self.page is not None and self.page.stage is not before

    def toggle_document(self, code: str, done: bool) -> dict | None:
        from hubdesk.domain import cases as domain
        from hubdesk.ui.cases.queries import attachment_counts, checklist_row

        def toggle(session) -> dict:
            doc = domain.toggle_document(session, self.case_id, code, done, actor=self.context.user_name or None)
            return checklist_row(doc, attachment_counts(session, [doc.id]).get(doc.id, 0))

        result = write_op(self.context, self, toggle, changes=Change.CASE)
        if result.ok:
            self.changed.emit(self.case_id)
        return result.value

    def require_document(self, code: str, required: bool) -> dict | None:
        """Say whether the item needs a file before the case is submitted; the page is read again
        (the moves and the missing-documents sentence follow)."""
        from hubdesk.domain import cases as domain
        from hubdesk.ui.cases.queries import attachment_counts, checklist_row

        def require(session) -> dict:
            doc = domain.require_document(session, self.case_id, code, required)
            return checklist_row(doc, attachment_counts(session, [doc.id]).get(doc.id, 0))

        result = write_op(self.context, self, require, changes=Change.CASE)
        if result.ok:
            self.changed.emit(self.case_id)
            QTimer.singleShot(0, self.reload)
        return result.value

    def _show_item_documents(self) -> None:
        """Point the documents panel at the checklist item chosen (none: nothing to attach to)."""
        row = self.documents_table.currentIndex().row()
        rows = self.documents_model.rows()
        item = rows[row] if 0 <= row < len(rows) else None
        if item is None:
            self.item_caption.setText(_("Choose an item of the checklist to see and attach its documents."))
        else:
            self.item_caption.setText(_("Documents of “{item}”").format(item=item["title"]))
        item_id = item["id"] if item else None
        if item_id != self.item_panel.owner_id:
            self.item_panel.set_owner(item_id)

    def _documents_changed(self) -> None:
        self.reload()
        self.changed.emit(self.case_id)
