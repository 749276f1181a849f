"""Step 3 of the import wizard: the dry run's summary and counts, and every problem it found (by
row and column); a note when the work was cancelled."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QLabel, QWidget

from hubdesk.i18n import _
from hubdesk.ui.common.layouts import vbox
from hubdesk.ui.interchange.pages.widgets import note_label, table_view
from hubdesk.ui.interchange.table_model import ProblemsTableModel


class CheckPage(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
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
        vbox(self, self.check_summary, self.check_counts, self.check_error, self.check_note, (self.problems_view, 1))

    def fill(self, result, cancelled_note: str = "") -> None:
        """Show an ImportResult (None: nothing checked yet) and the note about a cancel, if any."""
        self.check_note.setText(cancelled_note)
        self.check_note.setVisible(bool(cancelled_note))
        if result is None:
            self.check_summary.setText("")
            self.check_counts.setText("")
            return
        self.check_summary.setText(result.summary())
        self.check_summary.setStyleSheet("" if result.ok else "color: #b3261e;")
        self.check_counts.setText(
            _("Rows checked: {rows} · to create: {created} · to update: {updated} · unchanged: {unchanged} · "
              "problems: {problems}").format(rows=result.rows, created=result.created, updated=result.updated,
                                             unchanged=result.unchanged, problems=result.problem_count)
            + ("\n" + _("The list shows the first {count}.").format(count=len(result.problems))
               if result.problems_not_listed else ""))
        self.problems_view.setVisible(not result.ok)

    def retranslate_ui(self) -> None:
        self.problems_model.retranslate()
