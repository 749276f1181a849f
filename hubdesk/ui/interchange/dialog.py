"""The import wizard: choose what to import and the file, see how its columns map to fields, check
every row (a dry run in the background, with progress and Cancel, listing every problem), then
import — enabled only when the check found no problem. The headless importer writes in one
transaction, so a cancel or any problem leaves the database as it was.

    dialog = ImportWizardDialog(ctx, "organizations", parent)
    dialog.open()

`choose_file(parent)` asks for the file; tests replace it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QFileDialog, QFormLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QProgressBar, QPushButton, QStackedWidget,
                               QTableView, QVBoxLayout, QWidget)

from hubdesk.errors import DomainError, HubdeskError
from hubdesk.i18n import N_, _, ngettext
from hubdesk.ui.common import errors
from hubdesk.ui.interchange.table_model import FileRowsTableModel, MappingTableModel, ProblemsTableModel

KINDS = (
    ("organizations", N_("Organizations (with their primary contact)")),
    ("contacts", N_("Contacts")),
    ("bookings", N_("Bookings")),
    ("kpis", N_("Quarterly KPI values")),
    ("programs", N_("Programs")),
    ("budget_lines", N_("Program budget lines")),
    ("expenditures", N_("Program expenditures")),
    ("participants", N_("Program participants")),
    ("milestones", N_("Program milestones")),
    ("events", N_("Events")),
    ("kpi_targets", N_("KPI targets")),
)
# what lists reload after an import of each kind (AppContext.data_changed)
CHANGED = {"organizations": ("organization", "contact"), "contacts": ("contact",), "bookings": ("booking",),
           "kpis": ("kpi_value",), "milestones": ("milestone",), "programs": ("program",),
           "budget_lines": ("budget_line",), "expenditures": ("expenditure",), "participants": ("participant",),
           "events": ("event", "event_participant"), "kpi_targets": ("kpi_target",)}


def _choose_file(parent: QWidget | None) -> str | None:
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Choose the file to import"), str(Path.home()),
        _("Spreadsheets (*.xlsx *.csv *.tsv *.txt);;All files (*)"))
    return path or None


choose_file = _choose_file  # tests replace it


def read_preview(kind: str, path: str):
    """preview_file, or — when the file lacks a required column — the same preview with the
    required columns left unmapped, so the wizard can show which ones to add. Returns (preview,
    sentence about the missing columns or None)."""
    from hubdesk.interchange.importer import FilePreview, importer_for, locate_header, preview_file

    try:
        return preview_file(kind, path), None
    except DomainError as exc:
        if exc.code != "missing_columns":
            raise
        missing = exc.message
    from hubdesk.interchange.columns import match_headers
    from hubdesk.interchange.readers import read_sheet

    columns = importer_for(kind).columns
    sheet = locate_header(read_sheet(path), columns)
    headers = match_headers(sheet.headers, [dataclasses.replace(c, required=False) for c in columns],
                            file_name=sheet.file_name)
    preview = FilePreview(kind=kind, file_name=sheet.file_name,
                          headers=["" if h is None else str(h) for h in sheet.headers],
                          columns=dict(headers.written), ignored_columns=headers.ignored,
                          absent_columns=[c.key for c in columns if c.key not in headers.index],
                          rows=sheet.rows[:20], total_rows=len(sheet.rows), encoding=sheet.encoding,
                          delimiter=sheet.delimiter)
    return preview, missing


def _table(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setHighlightSections(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    return view


def _note_label(*, error: bool = False) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if error:
        label.setStyleSheet("color: #b3261e;")
    label.hide()
    return label


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
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_choose_page(kind))
        self.pages.addWidget(self._build_mapping_page())
        self.pages.addWidget(self._build_check_page())
        self.pages.addWidget(self._build_done_page())

        self.busy_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(True)
        busy = QHBoxLayout()
        busy.addWidget(self.busy_label, 1)
        busy.addWidget(self.progress_bar, 2)
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

        layout = QVBoxLayout(self)
        layout.addWidget(self.step_label)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.busy_row)
        layout.addLayout(buttons)
        self.retranslate_ui()
        self._update_buttons()
        ctx.bus.language_changed.connect(self.retranslate_ui)

    # --- pages ----------------------------------------------------------------------------------
    def _build_choose_page(self, kind: str | None) -> QWidget:
        page = QWidget()
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kindCombo")
        for key, _title in KINDS:
            self.kind_combo.addItem("", key)
        if kind is not None:
            self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        self.file_edit = QLineEdit()
        self.file_edit.setObjectName("fileEdit")
        self.file_edit.textChanged.connect(self._update_buttons)
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self.browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse_button)
        self.kind_label, self.file_label = QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.kind_label, self.kind_combo)
        form.addRow(self.file_label, file_row)
        self.choose_help = QLabel()
        self.choose_help.setWordWrap(True)
        self.choose_error = _note_label(error=True)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(self.choose_help)
        layout.addWidget(self.choose_error)
        layout.addStretch(1)
        return page

    def _build_mapping_page(self) -> QWidget:
        page = QWidget()
        self.file_info = QLabel()
        self.file_info.setWordWrap(True)
        self.mapping_error = _note_label(error=True)
        self.mapping_model = MappingTableModel(self)
        self.mapping_view = _table(self.mapping_model)
        self.mapping_view.verticalHeader().setVisible(False)
        self.first_rows_label = QLabel()
        self.rows_model = FileRowsTableModel(self)
        self.rows_view = _table(self.rows_model)
        layout = QVBoxLayout(page)
        layout.addWidget(self.file_info)
        layout.addWidget(self.mapping_error)
        layout.addWidget(self.mapping_view, 3)
        layout.addWidget(self.first_rows_label)
        layout.addWidget(self.rows_view, 2)
        return page

    def _build_check_page(self) -> QWidget:
        page = QWidget()
        self.check_summary = QLabel()
        self.check_summary.setObjectName("checkSummary")
        self.check_summary.setWordWrap(True)
        self.check_counts = QLabel()
        self.check_counts.setObjectName("checkCounts")
        self.check_error = _note_label(error=True)
        self.check_note = _note_label()
        self.check_note.setObjectName("checkNote")
        self.problems_model = ProblemsTableModel(self)
        self.problems_view = _table(self.problems_model)
        self.problems_view.verticalHeader().setVisible(False)
        self.problems_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(page)
        layout.addWidget(self.check_summary)
        layout.addWidget(self.check_counts)
        layout.addWidget(self.check_error)
        layout.addWidget(self.check_note)
        layout.addWidget(self.problems_view, 1)
        return page

    def _build_done_page(self) -> QWidget:
        page = QWidget()
        self.done_summary = QLabel()
        self.done_summary.setObjectName("doneSummary")
        self.done_summary.setWordWrap(True)
        self.done_ignored = _note_label()
        layout = QVBoxLayout(page)
        layout.addWidget(self.done_summary)
        layout.addWidget(self.done_ignored)
        layout.addStretch(1)
        return page

    # --- state ----------------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return self.kind_combo.currentData()

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
        self.kind_combo.setEnabled(not busy)
        self.file_edit.setEnabled(not busy)
        self.browse_button.setEnabled(not busy)

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
            self._fill_mapping()
            self._show_step(self.MAPPING)

        self._run(_("Reading {file}…").format(file=Path(path).name),
                  lambda _progress, _cancelled: read_preview(kind, path), done, self.choose_error)

    def _fill_mapping(self) -> None:
        from hubdesk.interchange.importer import importer_for

        p = self.preview
        self.mapping_model.set_mapping(importer_for(p.kind).columns, p.headers, p.columns, p.ignored_columns)
        self.rows_model.set_rows(p.headers, p.rows, p.ignored_columns)
        self.mapping_view.resizeColumnToContents(MappingTableModel.HEADER)
        self.mapping_view.resizeColumnToContents(MappingTableModel.FIELD)
        for column in range(self.rows_model.columnCount()):
            self.rows_view.setColumnWidth(column, min(220, max(80, self.rows_view.sizeHintForColumn(column))))
        self.mapping_error.setText(self.missing_columns or "")
        self.mapping_error.setVisible(bool(self.missing_columns))

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
                               progress=lambda done, total: progress(
                                   done, total, _("Checking row {done} of {total}…").format(done=done, total=total)))

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
                               progress=lambda done, total: progress(
                                   done, total, _("Importing row {done} of {total}…").format(done=done, total=total)))

        def done(result) -> None:
            if not result.ok:      # the data changed since the check: show what is wrong now
                self.check_result = result
                self.problems_model.set_problems(result.problems)
                self._fill_check()
                return
            self.import_result = result
            for changed in CHANGED.get(kind, ("",)):
                self.ctx.notify_changed(changed)
            self.ctx.bus.status_message.emit(result.summary())
            self._show_step(self.DONE)

        self._run(_("Importing {file}…").format(file=Path(path).name), work, done, self.check_error)

    def _path(self) -> str:
        return self.file_edit.text().strip()

    def _fill_check(self) -> None:
        result = self.check_result
        self.check_note.setText(self._cancelled_note)
        self.check_note.setVisible(bool(self._cancelled_note))
        if result is None:
            self.check_summary.setText("")
            self.check_counts.setText("")
            return
        self.check_summary.setText(result.summary())
        self.check_summary.setStyleSheet("" if result.ok else "color: #b3261e;")
        self.check_counts.setText(
            _("Rows checked: {rows} · to create: {created} · to update: {updated} · unchanged: {unchanged} · "
              "problems: {problems}").format(rows=result.rows, created=result.created, updated=result.updated,
                                             unchanged=result.unchanged, problems=len(result.problems)))
        self.problems_view.setVisible(not result.ok)

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
            if self._worker is worker and total > 0:
                self.progress_bar.setRange(0, total)
                self.progress_bar.setValue(min(done, total))
                if what:
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
        for i, (_key, title) in enumerate(KINDS):
            self.kind_combo.setItemText(i, _(title))
        self.kind_label.setText(_("Import:"))
        self.file_label.setText(_("File:"))
        self.file_edit.setPlaceholderText(_("An .xlsx or .csv file"))
        self.browse_button.setText(_("Browse…"))
        self.choose_help.setText(_(
            "The first row must hold the column headers, in English or Korean (for example name or 기업명). "
            "CSV files may be UTF-8 or CP949 (what Korean Excel writes), separated by commas, semicolons "
            "or tabs. Nothing is written until every row has been checked and you press Import."))
        if self.preview is not None:
            p = self.preview
            rows = ngettext("{file}: {count} data row.", "{file}: {count} data rows.",
                            p.total_rows).format(file=p.file_name, count=p.total_rows)
            if p.encoding:
                delimiter = {",": _("comma"), ";": _("semicolon"), "\t": _("tab")}.get(p.delimiter or ",",
                                                                                      p.delimiter or "")
                kind = _("A CSV file in {encoding}, separated by {delimiter}.").format(
                    encoding=_encoding_name(p.encoding), delimiter=delimiter)
            else:
                kind = _("An Excel workbook.")
            self.file_info.setText(f"{rows} {kind}")
            self.first_rows_label.setText(ngettext("The first row as it is in the file:",
                                                   "The first {count} rows as they are in the file:",
                                                   len(p.rows)).format(count=len(p.rows)))
        self.back_button.setText(_("< Back"))
        self.next_button.setText(_("Check all rows >") if self.step == self.MAPPING else _("Next >"))
        self.import_button.setText(_("Import"))
        self.cancel_button.setText(_("Cancel"))
        self.close_button.setText(_("Close"))
        if self.busy:
            self.busy_label.setText(self._busy_text)
        self._fill_check()
        if self.import_result is not None:
            r = self.import_result
            self.done_summary.setText(r.summary())
            self.done_ignored.setText(_("These columns of the file were not imported: {columns}.")
                                      .format(columns=", ".join(r.ignored_columns)))
            self.done_ignored.setVisible(bool(r.ignored_columns))
        for model in (self.mapping_model, self.problems_model):
            model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, model.columnCount() - 1))


def _encoding_name(encoding: str) -> str:
    return {"utf-8": "UTF-8", "utf-8-sig": _("UTF-8 with BOM"), "cp949": _("CP949 (Korean Excel)")}.get(
        encoding.lower(), encoding)
