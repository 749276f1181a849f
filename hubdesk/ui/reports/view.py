"""The Reports screen: choose the document (quarterly status report, organization profile, facility
usage statement), the quarter, the language and — when needed — the organization; generate it in a
background worker with progress and Cancel; preview its pages as images (pypdfium2); save it, print
it, or issue the quarter's report (which locks the quarter: changes to its data are refused)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QComboBox, QFormLayout, QFrame, QGroupBox, QHBoxLayout, QLabel, QProgressBar,
                               QPushButton, QScrollArea, QVBoxLayout, QWidget)

from hubdesk import i18n
from hubdesk.domain import clock
from hubdesk.i18n import N_, _, ngettext
from hubdesk.ui.common import errors
from hubdesk.ui.common.display import format_date, format_quarter
from hubdesk.ui.common.live_text import LiveLabel
from hubdesk.ui.common.operations import Change
from hubdesk.ui.common.organization_box import OrganizationBox
from hubdesk.ui.common.worker import Worker
from hubdesk.ui.reports import dialog

QUARTERLY, PROFILE, STATEMENT = "quarterly", "organization", "statement"
REPORT_KINDS = (
    (QUARTERLY, N_("Quarterly status report")),
    (PROFILE, N_("Organization profile")),
    (STATEMENT, N_("Facility usage statement")),
)
QUARTERS_SHOWN = 12
_UNSAFE_IN_FILE_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
PREVIEW_WIDTH = 640


def generate_document(db, kind: str, quarter, lang: str, organization_id: int | None, out: Path,
                      progress, *, issue: bool = False, actor: str | None = None, today=None,
                      preview_width: int = PREVIEW_WIDTH) -> dict:
    """The worker's job: render the PDF with the report module, then its pages as images.
    `progress(done, total, text)` is the worker's (it ends the job once Cancel was pressed)."""
    from hubdesk.ui.reports.preview import page_images

    def step(fraction: float, message: str) -> None:
        progress(int(fraction * 80), 100, message)

    if kind == QUARTERLY:
        from hubdesk.reports.quarterly import render_quarterly

        render_quarterly(db, quarter, lang, out, step, issue=issue, actor=actor, today=today)
    elif kind == PROFILE:
        from hubdesk.reports.profile import render_profile

        render_profile(db, organization_id, lang, out, step, today=today)
    else:
        from hubdesk.reports.statement import render_statement

        render_statement(db, organization_id, quarter, lang, out, step)
    with i18n.language(lang):
        text = _("Preparing the preview…")
    images = page_images(out, preview_width, lambda done, total: progress(80 + 20 * done // max(total, 1), 100, text))
    return {"path": out, "images": images}


class PagePreviewWidget(QScrollArea):
    """The document's pages, one image under the other."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reportPreview")
        self.setWidgetResizable(True)
        self._inner = QWidget()
        self._inner.setStyleSheet("background: #d1d5db;")
        self._layout = QVBoxLayout(self._inner)
        self._layout.setSpacing(14)
        self._layout.setContentsMargins(16, 16, 16, 16)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.placeholder = QLabel(self._inner)
        self.placeholder.setObjectName("muted")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self._layout.addWidget(self.placeholder)
        self.page_labels: list[QLabel] = []
        self.setWidget(self._inner)

    def set_images(self, images) -> None:
        for w in self.page_labels:
            self._layout.removeWidget(w)
            w.deleteLater()
        self.page_labels = []
        for image in images:
            page = QLabel(self._inner)
            page.setPixmap(QPixmap.fromImage(image))
            page.setFrameShape(QFrame.Shape.Box)
            page.setStyleSheet("background: white; border: 1px solid #9ca3af;")
            self._layout.addWidget(page, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(page)
        self.placeholder.setVisible(not images)
        self.verticalScrollBar().setValue(0)


class ReportsView(QWidget):
    """The Reports area. With `organization=(id, name)` it serves one organization's documents
    (the organization page's Print buttons): only the profile and the usage statement are offered
    and the organization is fixed."""

    actions_changed = Signal()   # Save and Print become available once a document is generated

    def __init__(self, context, parent: QWidget | None = None, *, today: dt.date | None = None,
                 organization: tuple[int, str] | None = None):
        super().__init__(parent)
        self.context = context
        self._today = today
        self.fixed_organization = organization
        self._worker: Worker | None = None
        self._tmpdir = tempfile.TemporaryDirectory(prefix="hubdesk-report-")
        self._run = 0
        self.pdf_path: Path | None = None
        self.page_images: list = []
        self.last_error: BaseException | None = None

        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.kind_combo = QComboBox(self)
        self.kinds = [(key, text) for key, text in REPORT_KINDS if organization is None or key != QUARTERLY]
        for key, _text in self.kinds:
            self.kind_combo.addItem("", key)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._update_state())
        self.quarter_combo = QComboBox(self)
        self.quarter_combo.currentIndexChanged.connect(lambda _i: self._update_state())
        self.language_combo = QComboBox(self)
        for code in i18n.LANGUAGES:
            self.language_combo.addItem(i18n.LANGUAGE_NAMES[code], code)
        # the report's language is the interface's (set by retranslate_ui, also on a live switch)
        # until a person picks one
        self._language_picked = False
        self.language_combo.activated.connect(self._pick_language)
        # the organization is typed (part of its name lists the matches) or chosen from the ones booked
        # most recently: not a box filled with every organization (10,000 names to read and lay out)
        self.org_combo = OrganizationBox(self._organizations_matching, self, empty_choice=organization is None)
        self.org_combo.setMinimumWidth(280)
        self.captions = {key: QLabel(self) for key in ("kind", "quarter", "language", "organization")}

        self.generate_button = QPushButton(self)
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.generate)
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 100)
        self.status_label = LiveLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setObjectName("muted")
        self.lock_label = QLabel(self)
        self.lock_label.setWordWrap(True)
        self.save_button = QPushButton(self)
        self.save_button.clicked.connect(self.save_as)
        self.print_button = QPushButton(self)
        self.print_button.clicked.connect(self.print_current)
        self.issue_button = QPushButton(self)
        self.issue_button.clicked.connect(self.issue_report)
        self.reopen_button = QPushButton(self)
        self.reopen_button.clicked.connect(self.reopen_quarter)

        self.form_box = QGroupBox(self)
        form = QFormLayout(self.form_box)
        form.addRow(self.captions["kind"], self.kind_combo)
        form.addRow(self.captions["quarter"], self.quarter_combo)
        form.addRow(self.captions["language"], self.language_combo)
        form.addRow(self.captions["organization"], self.org_combo)
        form.setRowVisible(self.org_combo, organization is None)
        run_row = QHBoxLayout()
        run_row.addWidget(self.generate_button)
        run_row.addWidget(self.cancel_button)
        run_row.addStretch(1)
        form.addRow(run_row)
        form.addRow(self.progress_bar)
        form.addRow(self.status_label)

        self.issue_box = QGroupBox(self)
        issue_layout = QVBoxLayout(self.issue_box)
        issue_layout.addWidget(self.lock_label)
        issue_buttons = QHBoxLayout()
        issue_buttons.addWidget(self.issue_button)
        issue_buttons.addWidget(self.reopen_button)
        issue_buttons.addStretch(1)
        issue_layout.addLayout(issue_buttons)

        self.output_box = QGroupBox(self)
        output_layout = QHBoxLayout(self.output_box)
        output_layout.addWidget(self.save_button)
        output_layout.addWidget(self.print_button)
        output_layout.addStretch(1)

        side = QVBoxLayout()
        side.addWidget(self.form_box)
        side.addWidget(self.output_box)
        side.addWidget(self.issue_box)
        side.addStretch(1)
        side_widget = QWidget(self)
        side_widget.setLayout(side)
        side_widget.setFixedWidth(420)
        side.setContentsMargins(0, 0, 0, 0)

        self.preview = PagePreviewWidget(self)
        body = QHBoxLayout()
        body.addWidget(side_widget)
        body.addWidget(self.preview, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(self.title)
        layout.addLayout(body, 1)

        context.bus.language_changed.connect(self.retranslate_ui)
        context.bus.data_changed.connect(self._on_data_changed)
        self._fill_quarters()
        self._load_organizations()
        self.retranslate_ui()

    @property
    def today(self) -> dt.date:
        return self._today or clock.today()

    # --- choices ---------------------------------------------------------------------------------
    def _fill_quarters(self) -> None:
        from hubdesk.domain.quarters import Quarter

        q = Quarter.of(self.today)
        self.quarter_combo.blockSignals(True)
        self.quarter_combo.clear()
        for _i in range(QUARTERS_SHOWN):
            self.quarter_combo.addItem("", str(q))
            q = q.previous()
        # the last quarter that has ended: the one usually reported
        self.quarter_combo.setCurrentIndex(1)
        self.quarter_combo.blockSignals(False)

    def _load_organizations(self) -> None:
        """The box's short list (the organizations booked most recently) with the chosen one, or the
        fixed organization alone: one statement (their names read again after a change)."""
        from hubdesk.ui.reports.queries import organization_to_report, organizations_to_report

        current = self.org_combo.currentData()
        with errors.guard(self):
            with self.context.db.read() as s:
                if self.fixed_organization is not None:
                    fixed = organization_to_report(s, self.fixed_organization[0])
                    choices = [fixed] if fixed is not None else []
                    chosen = fixed
                else:
                    choices = organizations_to_report(s)
                    chosen = next((c for c in choices if c[0] == current), None)
                    if current is not None and chosen is None:
                        chosen = organization_to_report(s, current)
            if self.fixed_organization is not None and chosen is not None:
                self.fixed_organization = chosen
                self.title.setText(chosen[1])
            self.org_combo.reset(choices)
            if chosen is not None:
                self.org_combo.blockSignals(True)
                self.org_combo.choose(*chosen)
                self.org_combo.blockSignals(False)

    def _organizations_matching(self, text: str) -> list[tuple[int, str]]:
        from hubdesk.ui.reports.queries import organizations_to_report

        with self.context.db.read() as s:
            return organizations_to_report(s, text)

    def kind(self) -> str:
        return self.kind_combo.currentData()

    def quarter(self):
        from hubdesk.domain.quarters import Quarter

        return Quarter.parse(self.quarter_combo.currentData())

    def language(self) -> str:
        return self.language_combo.currentData()

    def organization_id(self) -> int | None:
        """The chosen organization; None when the box holds a text that names none it lists."""
        box, text = self.org_combo, self.org_combo.currentText()
        if text and text == box.itemText(box.currentIndex()):
            return box.currentData()
        index = box.findText(text, Qt.MatchFlag.MatchExactly)
        return box.itemData(index) if index >= 0 and text else None

    def choose(self, kind: str | None = None, *, quarter: str | None = None, lang: str | None = None,
               organization_id: int | None = None) -> None:
        """Set the choices (the organization page and the tests use it)."""
        if kind is not None:
            self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        if quarter is not None:
            index = self.quarter_combo.findData(str(quarter))
            if index < 0:
                self.quarter_combo.addItem(format_quarter(*map(int, str(quarter).split("Q"))), str(quarter))
                index = self.quarter_combo.count() - 1
            self.quarter_combo.setCurrentIndex(index)
        if lang is not None:
            self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(lang)))
            self._language_picked = True
        if organization_id is not None:
            self._choose_organization(organization_id)
        self._update_state()

    def _choose_organization(self, organization_id: int) -> None:
        """Make the organization the chosen one (its name read when the box does not list it)."""
        from hubdesk.ui.reports.queries import organization_to_report

        index = self.org_combo.findData(organization_id)
        if index >= 0:
            self.org_combo.setCurrentIndex(index)
            return
        with errors.guard(self):
            with self.context.db.read() as s:
                chosen = organization_to_report(s, organization_id)
            if chosen is not None:
                self.org_combo.choose(*chosen)

    # --- state ---------------------------------------------------------------------------------
    def is_busy(self) -> bool:
        return self._worker is not None

    def _issued_on(self):
        from hubdesk.domain import report_lock

        try:
            with self.context.db.read() as s:
                issued = report_lock.issued_report(s, self.quarter())
                return report_lock.issued_date(issued) if issued else None
        except Exception:  # noqa: BLE001 - the label is only a hint; generating shows real errors
            return None

    def _update_state(self) -> None:
        busy = self.is_busy()
        kind = self.kind()
        self.quarter_combo.setEnabled(not busy and kind != PROFILE)
        self.captions["quarter"].setEnabled(kind != PROFILE)
        self.org_combo.setEnabled(not busy and kind != QUARTERLY)
        self.captions["organization"].setEnabled(kind != QUARTERLY)
        self.kind_combo.setEnabled(not busy)
        self.language_combo.setEnabled(not busy)
        self.generate_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.progress_bar.setVisible(busy)
        has_pdf = self.pdf_path is not None and not busy
        self.save_button.setEnabled(has_pdf)
        self.print_button.setEnabled(has_pdf)
        self.actions_changed.emit()
        self.issue_box.setVisible(kind == QUARTERLY)
        q = self.quarter()
        issued_on = self._issued_on() if kind == QUARTERLY else None
        quarter_text = format_quarter(q.year, q.quarter)
        if issued_on is not None:
            self.lock_label.setText(_("The report of {quarter} was issued on {date}. Its figures are stored and the "
                                      "quarter is locked: changes to data dated inside it are refused, and the "
                                      "report prints the issued figures.").format(quarter=quarter_text,
                                                                                  date=format_date(issued_on)))
            self.issue_button.setEnabled(False)
            from hubdesk.db.audit import current_role
            from hubdesk.db.enums import Role

            admin = current_role() is Role.ADMIN
            self.reopen_button.setEnabled(not busy and admin)
            self.reopen_button.setToolTip("" if admin else _("Only an administrator can reopen an issued quarter."))
        else:
            self.reopen_button.setEnabled(False)
            self.lock_label.setText(_("Not issued yet: the report of {quarter} prints as a draft with today's figures. "
                                      "Issuing it stores the figures and locks the quarter against changes.")
                                    .format(quarter=quarter_text))
            self.issue_button.setEnabled(not busy and q.end < self.today)

    def _pick_language(self, _index: int) -> None:
        self._language_picked = True

    def retranslate_ui(self, *_args) -> None:
        self.title.setText(_("Reports"))
        if not self._language_picked:
            self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(i18n.get_language())))
        for i, (_key, text) in enumerate(self.kinds):
            self.kind_combo.setItemText(i, _(text))
        from hubdesk.domain.quarters import Quarter

        for i in range(self.quarter_combo.count()):
            q = Quarter.parse(self.quarter_combo.itemData(i))
            self.quarter_combo.setItemText(i, format_quarter(q.year, q.quarter))
        if self.fixed_organization is not None:
            self.title.setText(self.fixed_organization[1])
        self.captions["kind"].setText(_("Document"))
        self.captions["quarter"].setText(_("Quarter"))
        self.captions["language"].setText(_("Language"))
        self.captions["organization"].setText(_("Organization"))
        self.form_box.setTitle(_("What to print"))
        self.output_box.setTitle(_("The generated document"))
        self.issue_box.setTitle(_("Issue the quarter's report"))
        self.generate_button.setText(_("Generate"))
        self.cancel_button.setText(_("Cancel"))
        self.save_button.setText(_("Save as…"))
        self.print_button.setText(_("Print…"))
        self.issue_button.setText(_("Issue report…"))
        self.reopen_button.setText(_("Reopen quarter…"))
        self.preview.placeholder.setText(_("Choose a document and press Generate: its pages appear here."))
        self.org_combo.retranslate_ui()
        self.status_label.retranslate_ui()
        self._update_state()

    def _on_data_changed(self, kind: str) -> None:
        if kind in (Change.ANY, Change.ORGANIZATION):
            self._load_organizations()
        if not self.is_busy():
            self._update_state()

    # --- generating ------------------------------------------------------------------------------
    def generate(self, *, issue: bool = False) -> bool:
        """Start the worker; False when something needed is missing (a sentence is shown)."""
        from hubdesk.errors import DomainError

        if self.is_busy():
            return False
        kind = self.kind()
        org_id = self.organization_id() if kind != QUARTERLY else None
        if kind != QUARTERLY and org_id is None:
            errors.show_error(self, DomainError(_("Choose the organization from the list, then generate the "
                                                  "document again."), field="organization"))
            return False
        self._run += 1
        out = Path(self._tmpdir.name) / f"{kind}-{self._run}.pdf"
        quarter, lang, db = self.quarter(), self.language(), self.context.db
        actor, today = self.context.user_name or None, self._today

        def job(progress, _cancelled):
            return generate_document(db, kind, quarter, lang, org_id, out, progress, issue=issue, actor=actor,
                                     today=today)

        # drawing a report only reads; issuing writes the quarter's lock: that one is never interrupted
        worker = Worker(job, interruptible=not issue)
        worker.signals.progress.connect(self._on_progress)
        worker.signals.finished.connect(self._on_finished)
        worker.signals.failed.connect(self._on_failed)
        worker.signals.cancelled.connect(self._on_cancelled)
        self._worker = worker
        self._issuing = issue
        self.last_error = None
        self.progress_bar.setValue(0)
        self.status_label.say(lambda: _("Generating…"))
        self._update_state()
        worker.start()
        return True

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            self.status_label.say(lambda: _("Cancelling…"))

    def _on_progress(self, done: int, total: int, text: str) -> None:
        if total:
            self.progress_bar.setValue(int(100 * done / total))
        if text:
            self.status_label.say_as_is(text)

    def _done(self) -> None:
        self._worker = None
        self._update_state()

    def _on_finished(self, result: dict) -> None:
        self.pdf_path = Path(result["path"])
        self.page_images = list(result["images"])
        self.preview.set_images(self.page_images)
        n = len(self.page_images)
        if self._issuing:
            self.status_label.say(lambda: ngettext(
                "The report was issued and the quarter is locked. The issued report has {count} page.",
                "The report was issued and the quarter is locked. The issued report has {count} pages.",
                n).format(count=n))
            self.context.notify_changed(Change.REPORT)
        else:
            self.status_label.say(lambda: ngettext("Ready: {count} page.", "Ready: {count} pages.", n).format(count=n))
        self._done()

    def _on_failed(self, exc: BaseException) -> None:
        self.last_error = exc
        self.status_label.say(None)
        self._done()
        errors.show_error(self, exc)

    def _on_cancelled(self) -> None:
        self.status_label.say(lambda: _("Cancelled: nothing was generated."))
        self._done()

    def wait_idle(self, timeout_ms: int = 60000) -> bool:
        """Wait (events keep flowing) until the worker is done (screenshots and tests)."""
        import time

        from PySide6.QtWidgets import QApplication

        end = time.monotonic() + timeout_ms / 1000
        while self.is_busy() and time.monotonic() < end:
            QApplication.processEvents()
            time.sleep(0.01)
        return not self.is_busy()

    # --- output ----------------------------------------------------------------------------------
    def suggested_name(self) -> str:
        """The file name offered by Save as…; an organization's documents start with its name."""
        kind = self.kind()
        if kind == QUARTERLY:
            return _("quarterly-report-{quarter}.pdf").format(quarter=self.quarter_combo.currentData())
        if kind == PROFILE:
            name = _("organization-profile.pdf")
        else:
            name = _("usage-statement-{quarter}.pdf").format(quarter=self.quarter_combo.currentData())
        org_name = _UNSAFE_IN_FILE_NAMES.sub("", self.org_combo.currentText()).strip(" .")[:80]
        return f"{org_name}-{name}" if org_name and self.organization_id() is not None else name

    def save_as(self) -> Path | None:
        if self.pdf_path is None:
            return None
        path = dialog.ask_save_path(self, self.suggested_name())
        if not path:
            return None
        target = Path(path)
        with errors.guard(self):
            from hubdesk.output_files import replacing

            try:
                with replacing(target, suffix=".pdf.part") as tmp:   # never over the open database
                    shutil.copyfile(self.pdf_path, tmp)
            except OSError as exc:
                from hubdesk.errors import DomainError

                raise DomainError(_("The report could not be written to {path} ({problem}). Choose another "
                                    "folder.").format(path=target, problem=exc.strerror or exc)) from exc
            self.context.bus.status_message.emit(_("Saved the report to {path}.").format(path=target))
            return target
        return None

    def action_available(self, name: str) -> bool:
        """The main window's Save and Print need a generated document; the rest are always there."""
        return name not in ("save", "print") or (self.pdf_path is not None and not self.is_busy())

    def save(self) -> Path | None:
        """The main window's Save: save the generated document as a PDF file."""
        return self.save_as()

    def print_current(self) -> int:
        """Print the generated document through the print dialog; returns the pages sent."""
        if self.pdf_path is None:
            return 0
        from PySide6.QtPrintSupport import QPrinter

        from hubdesk.ui.reports.preview import print_pdf

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.pdf_path.stem)
        if not dialog.ask_printer(self, printer):
            return 0
        sent = 0
        with errors.guard(self):
            sent = print_pdf(printer, self.pdf_path)
            self.context.bus.status_message.emit(
                ngettext("Sent {count} page to the printer.", "Sent {count} pages to the printer.", sent)
                .format(count=sent))
        return sent

    def issue_report(self) -> bool:
        if self.kind() != QUARTERLY or self.is_busy():
            return False
        q = self.quarter()
        if not dialog.confirm_issue(self, format_quarter(q.year, q.quarter)):
            return False
        return self.generate(issue=True)

    def reopen_quarter(self) -> bool:
        """Reopen the chosen issued quarter (administrators), with the reason asked for."""
        from hubdesk.domain import report_lock
        from hubdesk.ui.common.operations import Change, write_op

        if self.kind() != QUARTERLY or self.is_busy():
            return False
        q = self.quarter()
        quarter_text = format_quarter(q.year, q.quarter)
        reason = dialog.ask_reopen_reason(self, quarter_text)
        if reason is None:
            return False
        result = write_op(self.context, self, report_lock.reopen_quarter, q, reason, changes=Change.REPORT,
                          done=lambda r: _("{quarter} is reopened. Its next issue will be revision {number}.")
                          .format(quarter=quarter_text, number=r.revision + 1))
        self._update_state()
        return result.ok

    def open_record(self, kind: str, record_id: int) -> bool:
        if kind == "organization":
            self.choose(PROFILE, organization_id=record_id)
            return True
        return False

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._worker is not None:
            self._worker.cancel()
            self._worker.done.wait(10)
        super().closeEvent(event)
