"""Step 3 of the import wizard: the dry run's summary and counts, and every problem it found (by
row and column); when every row is valid, what Import will write: how many records it creates and
updates, into which database, from which columns, and row by row when the kind describes it; a
note when the work was cancelled."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QHeaderView, QLabel, QListWidget, QWidget

from hubdesk.i18n import _
from hubdesk.ui.common.layouts import STRETCH, vbox
from hubdesk.ui.interchange.pages.widgets import note_label, table_view
from hubdesk.ui.interchange.table_model import ProblemsTableModel


class CheckPage(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.result = None
        self.kind_text, self.target = "", ""
        self.check_summary = QLabel()
        self.check_summary.setObjectName("checkSummary")
        self.check_summary.setWordWrap(True)
        self.check_counts = QLabel()
        self.check_counts.setObjectName("checkCounts")
        self.check_error = note_label(error=True)
        self.check_note = note_label()
        self.check_note.setObjectName("checkNote")
        self.problems_model = ProblemsTableModel(self)
        self.problems_view = table_view(self.problems_model)
        self.problems_view.verticalHeader().setVisible(False)
        self.problems_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)

        # what Import will write (shown when every row is valid)
        self.plan_box = QGroupBox()
        self.plan_box.setObjectName("importPlan")
        form = QFormLayout(self.plan_box)
        self.plan_captions = {key: QLabel() for key in ("what", "into", "create", "update", "unchanged", "columns",
                                                        "ignored")}
        self.plan_values = {key: QLabel() for key in self.plan_captions}
        for key, caption in self.plan_captions.items():
            value = self.plan_values[key]
            value.setWordWrap(True)
            value.setObjectName(f"plan_{key}")
            form.addRow(caption, value)
        self.plan_note = QLabel()
        self.plan_note.setObjectName("muted")
        self.plan_note.setWordWrap(True)
        form.addRow(self.plan_note)
        self.changes_list = QListWidget()
        self.changes_list.setObjectName("importChanges")
        self.plan_box.hide()
        self.changes_list.hide()
        vbox(self, self.check_summary, self.check_counts, self.check_error, self.check_note, (self.problems_view, 1),
             self.plan_box, (self.changes_list, 1), STRETCH)

    def fill(self, result, cancelled_note: str = "", *, kind: str = "", target: str = "") -> None:
        """Show an ImportResult (None: nothing checked yet), the note about a cancel if any, and
        for a valid file what Import will write: `kind` as the first step names it, into `target`."""
        self.result, self.kind_text, self.target = result, kind, target
        self.check_note.setText(cancelled_note)
        self.check_note.setVisible(bool(cancelled_note))
        if result is None:
            self.check_summary.setText("")
            self.check_counts.setText("")
            self.plan_box.hide()
            self.changes_list.hide()
            return
        self.check_summary.setStyleSheet("" if result.ok else "color: #b3261e;")
        self.problems_view.setVisible(not result.ok)
        self.check_counts.setVisible(not result.ok)     # a valid file: the plan below gives the counts
        self.plan_box.setVisible(result.ok)
        self.changes_list.clear()
        self.changes_list.addItems(result.changes if result.ok else [])
        self.changes_list.setVisible(result.ok and bool(result.changes))
        self._texts()

    def _texts(self) -> None:
        result = self.result
        if result is None:
            return
        self.check_summary.setText(result.summary())
        self.check_counts.setText(
            _("Rows checked: {rows} · to create: {created} · to update: {updated} · unchanged: {unchanged} · "
              "problems: {problems}").format(rows=result.rows, created=result.created, updated=result.updated,
                                             unchanged=result.unchanged, problems=result.problem_count)
            + ("\n" + _("The list shows the first {count}.").format(count=len(result.problems))
               if result.problems_not_listed else ""))
        self.plan_box.setTitle(_("What Import will write"))
        captions = {"what": _("Records:"), "into": _("Into the database:"), "create": _("New records:"),
                    "update": _("Records changed:"), "unchanged": _("Records already as in the file:"),
                    "columns": _("Columns read:"), "ignored": _("Columns not imported:")}
        columns = ", ".join(f"{header} → {key}" for key, header in result.columns.items())
        values = {"what": self.kind_text, "into": self.target, "create": str(result.created),
                  "update": str(result.updated), "unchanged": str(result.unchanged), "columns": columns,
                  "ignored": ", ".join(result.ignored_columns)}
        for key, caption in self.plan_captions.items():
            caption.setText(captions[key])
            self.plan_values[key].setText(values[key])
            shown = bool(values[key])
            caption.setVisible(shown)
            self.plan_values[key].setVisible(shown)
        self.plan_note.setText(_("Nothing has been written yet. Import writes all these rows at once: if one of "
                                 "them cannot be written, none is."))

    def retranslate_ui(self) -> None:
        self.problems_model.retranslate()
        self._texts()
