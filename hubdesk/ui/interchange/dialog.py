"""The import wizard: choose what to import and the file, see how its columns map to fields, check
every row (a dry run in the background, with progress and Cancel, listing every problem), then
import — enabled only when the check found no problem. The headless importer writes in one
transaction, so a cancel or any problem leaves the database as it was.

    dialog = ImportWizardDialog(ctx, "organizations", parent)
    dialog.open()

This module moves between the pages (hubdesk.ui.interchange.pages: one module per step) and runs
their work in the background. `choose_file(parent)` asks for the file; tests replace it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton,
                               QStackedWidget, QWidget)

from hubdesk.errors import HubdeskError
from hubdesk.i18n import _
from hubdesk.ui.common import errors, file_dialogs
from hubdesk.ui.common.layouts import hbox, vbox
from hubdesk.ui.common.operations import Change, announce
from hubdesk.ui.interchange.pages.check_page import CheckPage
from hubdesk.ui.interchange.pages.choose_page import KINDS, ChoosePage
from hubdesk.ui.interchange.pages.done_page import DonePage
from hubdesk.ui.interchange.pages.mapping_page import MappingPage, read_preview

__all__ = ["CHANGED", "KINDS", "ImportWizardDialog", "choose_file", "read_preview"]

# what lists reload after an import of each kind (AppContext.data_changed)
CHANGED = {"organizations": (Change.ORGANIZATION, Change.CONTACT), "contacts": (Change.CONTACT,),
           "booking_series": (Change.BOOKING_SERIES,), "bookings": (Change.BOOKING,), "incidents": (Change.RESOURCE_INCIDENT,), "kpis": (Change.KPI_VALUE,), "milestones": (Change.MILESTONE,),
           "programs": (Change.PROGRAM,), "budget_lines": (Change.BUDGET_LINE,),
           "expenditures": (Change.EXPENDITURE,), "participants": (Change.PARTICIPANT,),
           "events": (Change.EVENT,), "kpi_targets": (Change.KPI_TARGET,),
           "subsidies": (Change.FACILITY_SUBSIDY,), "booking_quotas": (Change.BOOKING_QUOTA,),
           "maintenance_series": (Change.MAINTENANCE_SERIES,), "maintenance": (Change.MAINTENANCE_WINDOW,),
           "payments": (Change.INVOICE,)}


def _choose_file(parent: QWidget | None) -> str | None:
    path, _filter = file_dialogs.get_open_file_name(
        parent, _("Choose the file to import"), str(Path.home()),
        _("Spreadsheets (*.xlsx *.csv *.tsv *.txt);;All files (*)"))
    return path or None


choose_file = _choose_file  # tests replace it



def _reading(done: int, total: int) -> str | None:
    """The progress line while the file is still being read (its row count not known yet)."""
    return _("Reading row {done} of the file…").format(done=done) if total == 0 else None

class ImportWizardDialog(QDialog):
    CHOOSE, MAPPING, CHECK, DONE = range(4)

    def __init__(self, ctx, kind: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("ImportWizardDialog")
        self.setModal(True)
        self.resize(960, 640)
        self.preview = None           # FilePreview of the chosen file
        self.missing_columns: str | None = None
        self.check_result = None      # ImportResult of the dry run
        self.import_result = None     # ImportResult of the import
        self._worker = None
        self._busy_text = ""
        self._cancelled_note = ""
        self._close_when_idle = False

        self.step_label = QLabel()
        self.step_label.setObjectName("stepLabel")
        font = self.step_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.step_label.setFont(font)
        self.choose_page = ChoosePage(kind)
        self.mapping_page = MappingPage()
        self.check_page = CheckPage()
        self.done_page = DonePage()
        self.pages = QStackedWidget()
        for page in (self.choose_page, self.mapping_page, self.check_page, self.done_page):
            self.pages.addWidget(page)
        self._expose_page_widgets()
        self.choose_page.file_changed.connect(self._update_buttons)
        self.choose_page.browse_button.clicked.connect(self.browse)

        self.busy_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(True)
        busy = hbox((self.busy_label, 1), (self.progress_bar, 2))
        self.busy_row = QWidget()
        self.busy_row.setLayout(busy)
        self.busy_row.hide()

        self.back_button = QPushButton()
        self.next_button = QPushButton()
        self.import_button = QPushButton()
        self.cancel_button = QPushButton()
        self.close_button = QPushButton()
        self.next_button.setDefault(True)
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self.cancel_or_close)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.import_button, self.cancel_button,
                       self.close_button):
            buttons.addWidget(button)

        vbox(self, self.step_label, (self.pages, 1), self.busy_row, buttons)
        self.retranslate_ui()
        self._update_buttons()
        ctx.bus.language_changed.connect(self.retranslate_ui)

    def _expose_page_widgets(self) -> None:
        """The pages' widgets and models under the wizard's own names (callers and tests use them)."""
        c, m, k, d = self.choose_page, self.mapping_page, self.check_page, self.done_page
        self.kind_combo, self.file_edit, self.browse_button = c.kind_combo, c.file_edit, c.browse_button
        self.choose_error = c.choose_error
        self.file_info, self.mapping_error = m.file_info, m.mapping_error
        self.mapping_model, self.mapping_view, self.rows_model, self.rows_view = (
            m.mapping_model, m.mapping_view, m.rows_model, m.rows_view)
        self.check_summary, self.check_counts, self.check_error, self.check_note = (
            k.check_summary, k.check_counts, k.check_error, k.check_note)
        self.problems_model, self.problems_view = k.problems_model, k.problems_view
        self.done_summary, self.done_ignored = d.done_summary, d.done_ignored

    # --- state ----------------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return self.choose_page.kind

    @property
    def step(self) -> int:
        return self.pages.currentIndex()

    @property
    def busy(self) -> bool:
        return self._worker is not None

    def _show_step(self, step: int) -> None:
        self.pages.setCurrentIndex(step)
        self.retranslate_ui()
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        step, busy = self.step, self.busy
        self.back_button.setVisible(step in (self.MAPPING, self.CHECK))
        self.back_button.setEnabled(not busy)
        self.next_button.setVisible(step in (self.CHOOSE, self.MAPPING))
        if step == self.CHOOSE:
            self.next_button.setEnabled(not busy and bool(self.file_edit.text().strip()))
        else:
            self.next_button.setEnabled(not busy and self.preview is not None and not self.missing_columns)
        self.import_button.setVisible(step == self.CHECK)
        self.import_button.setEnabled(not busy and self.check_result is not None and self.check_result.ok)
        self.cancel_button.setVisible(step != self.DONE)
        self.cancel_button.setEnabled(not (busy and self._worker.is_cancelled))
        self.close_button.setVisible(step == self.DONE)
        self.choose_page.set_enabled_while_idle(not busy)

    # --- steps ----------------------------------------------------------------------------------
    def browse(self) -> None:
        path = choose_file(self)
        if path:
            self.file_edit.setText(path)

    def go_back(self) -> None:
        if not self.busy and self.step > self.CHOOSE:
            self._show_step(self.step - 1)

    def go_next(self) -> None:
        if self.busy:
            return
        if self.step == self.CHOOSE:
            self.read_file()
        elif self.step == self.MAPPING:
            self.start_check()

    def read_file(self) -> None:
        """Read the file and map its columns (in the background: a large workbook takes a moment)."""
        kind, path = self.kind, self.file_edit.text().strip()
        self.choose_error.hide()
        self.preview = self.check_result = None

        def done(outcome) -> None:
            self.preview, self.missing_columns = outcome
            self.mapping_page.fill(self.preview, self.missing_columns)
            self._show_step(self.MAPPING)

        self._run(_("Reading {file}…").format(file=Path(path).name),
                  lambda _progress, _cancelled: read_preview(kind, path), done, self.choose_error)

    def start_check(self) -> None:
        """The dry run: every row checked with the domain's rules; nothing is written."""
        from hubdesk.interchange.importer import import_file

        db, kind, path = self.ctx.db, self.preview.kind, self._path()
        self.check_result = None
        self.problems_model.set_problems([])
        self.check_error.hide()
        self._show_step(self.CHECK)

        def work(progress, cancelled):
            return import_file(db, kind, path, dry_run=True, cancel=cancelled,
                               progress=lambda done, total: progress(done, total, _reading(done, total) or _(
                                   "Checking row {done} of {total}…").format(done=done, total=total)))

        def done(result) -> None:
            self.check_result = result
            self.problems_model.set_problems(result.problems)
            self._fill_check()

        self._run(_("Checking every row of {file}…").format(file=Path(path).name), work, done, self.check_error)

    def start_import(self) -> None:
        """Import for real, in one transaction (only after a check without problems)."""
        if self.busy or self.check_result is None or not self.check_result.ok:
            return
        from hubdesk.interchange.importer import import_file

        db, kind, path = self.ctx.db, self.preview.kind, self._path()
        self.check_error.hide()

        def work(progress, cancelled):
            return import_file(db, kind, path, cancel=cancelled,
                               progress=lambda done, total: progress(done, total, _reading(done, total) or _(
                                   "Importing row {done} of {total}…").format(done=done, total=total)))

        def done(result) -> None:
            if not result.ok:      # the data changed since the check: show what is wrong now
                self.check_result = result
                self.problems_model.set_problems(result.problems)
                self._fill_check()
                return
            self.import_result = result
            self.done_page.fill(result)
            announce(self.ctx, CHANGED.get(kind, Change.ANY))
            self.ctx.bus.status_message.emit(result.summary())
            self._show_step(self.DONE)

        self._run(_("Importing {file}…").format(file=Path(path).name), work, done, self.check_error)

    def _path(self) -> str:
        return self.file_edit.text().strip()

    def _fill_check(self) -> None:
        self.check_page.fill(self.check_result, self._cancelled_note,
                             kind=self.choose_page.kind_combo.currentText(),
                             target=self.ctx.db.display_name if self.ctx.db is not None else "")

    # --- background work ------------------------------------------------------------------------
    def _run(self, text: str, fn: Callable, on_done: Callable[[Any], None], error_label: QLabel) -> None:
        from hubdesk.interchange.importer import ImportCancelled
        from hubdesk.ui.common.worker import Worker

        worker = Worker(fn)
        self._worker = worker
        self._busy_text = text
        self._cancelled_note = ""
        self.check_note.hide()
        self.busy_label.setText(text)
        self.progress_bar.setRange(0, 0)
        self.busy_row.show()

        def finish() -> bool:
            if self._worker is not worker:
                return False
            self._worker = None
            self.busy_row.hide()
            self._update_buttons()
            if self._close_when_idle:
                super(ImportWizardDialog, self).reject()
                return False
            return True

        def on_progress(done: int, total: int, what: str) -> None:
            if self._worker is not worker:
                return
            if total > 0:
                self.progress_bar.setRange(0, total)
                self.progress_bar.setValue(min(done, total))
            if what:                                 # while the file is read the bar stays busy
                self.busy_label.setText(what)

        def on_finished(result) -> None:
            if finish():
                on_done(result)
                self._update_buttons()

        def on_cancelled() -> None:
            if finish():
                self._cancelled_note = _("Cancelled: nothing was written.")
                self._fill_check()

        def on_failed(exc) -> None:
            if isinstance(exc, ImportCancelled):
                on_cancelled()
                return
            if not finish():
                return
            if isinstance(exc, HubdeskError):
                error_label.setText(exc.message)
                error_label.show()
            else:
                errors.show_error(self, exc)

        worker.signals.progress.connect(on_progress)
        worker.signals.finished.connect(on_finished)
        worker.signals.cancelled.connect(on_cancelled)
        worker.signals.failed.connect(on_failed)
        self._update_buttons()
        worker.start()

    def cancel_or_close(self) -> None:
        """Cancel: stop the work under way (nothing is written), or close the wizard when idle."""
        if self.busy:
            self._worker.cancel()
            self.busy_label.setText(_("Cancelling…"))
            self._update_buttons()
        else:
            self.reject()

    def reject(self) -> None:
        if self.busy:     # Esc or the window's close button while working: cancel, close when stopped
            self._close_when_idle = True
            self._worker.cancel()
            return
        super().reject()

    def wait_idle(self, timeout_s: float = 60.0) -> None:
        """Block until background work has finished (tests; its result arrives through the event loop)."""
        worker = self._worker
        if worker is not None:
            worker.done.wait(timeout_s)

    # --- language -------------------------------------------------------------------------------
    def retranslate_ui(self, *_args) -> None:
        self.setWindowTitle(_("Import from Excel or CSV"))
        steps = {
            self.CHOOSE: _("Step 1 of 4: what to import, and from which file"),
            self.MAPPING: _("Step 2 of 4: how the file's columns are read"),
            self.CHECK: _("Step 3 of 4: check every row"),
            self.DONE: _("Step 4 of 4: done"),
        }
        self.step_label.setText(steps[self.step])
        self.choose_page.retranslate_ui()
        self.mapping_page.retranslate_ui()
        self.back_button.setText(_("< Back"))
        self.next_button.setText(_("Check all rows >") if self.step == self.MAPPING else _("Next >"))
        self.import_button.setText(_("Import"))
        self.cancel_button.setText(_("Cancel"))
        self.close_button.setText(_("Close"))
        if self.busy:
            self.busy_label.setText(self._busy_text)
        self._fill_check()
        self.check_page.retranslate_ui()
        self.done_page.retranslate_ui()
