"""The questions the Reports screen asks, each a small module-level function tests replace:
where to save the PDF, which printer (Qt's print dialog), and whether to issue a quarter."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from hubdesk.i18n import _
from hubdesk.ui.common import file_dialogs


def _ask_save_path(parent: QWidget, suggested: str) -> str | None:
    path, _filter = file_dialogs.get_save_file_name(parent, _("Save the report"), str(Path.home() / suggested),
                                                _("PDF document (*.pdf)"))
    if path and not path.lower().endswith(".pdf"):
        path += ".pdf"
    return path or None


def _ask_printer(parent: QWidget, printer) -> bool:
    """Qt's print dialog on `printer`; True when the person chose to print."""
    from PySide6.QtPrintSupport import QPrintDialog

    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print the report"))
    return dialog.exec() == QDialog.DialogCode.Accepted


def issue_explanation(quarter_text: str) -> str:
    return _("Issuing the report of {quarter} stores its figures and locks the quarter: from then on, changes "
             "to data dated inside {quarter} (KPI values, bookings, expenditures, events, interactions, "
             "certifications) are refused, and the report prints the same figures whenever it is printed "
             "again. Only an administrator can reopen the quarter. Issue it now?").format(quarter=quarter_text)


def _confirm_issue(parent: QWidget, quarter_text: str) -> bool:
    answer = QMessageBox.question(parent, _("Issue the report"), issue_explanation(quarter_text),
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                  QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes


def reopen_reason_dialog(parent: QWidget | None, quarter_text: str):
    """The dialog that asks why an issued quarter is reopened (a multi-line reason)."""
    from PySide6.QtWidgets import QInputDialog

    dialog = QInputDialog(parent)
    dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
    dialog.setWindowTitle(_("Reopen quarter"))
    dialog.setLabelText(_("Reopening {quarter} unlocks its data and withdraws the issued report; issuing it again "
                          "makes the next revision. Why is it reopened? The reason is kept in the audit trail.")
                        .format(quarter=quarter_text))
    from PySide6.QtWidgets import QLabel

    for label in dialog.findChildren(QLabel):   # the long sentence wraps instead of widening the dialog
        label.setWordWrap(True)
    dialog.resize(560, 320)
    return dialog


def _ask_reopen_reason(parent: QWidget, quarter_text: str) -> str | None:
    """The reason for reopening an issued quarter (None when cancelled)."""
    from PySide6.QtWidgets import QDialog

    dialog = reopen_reason_dialog(parent, quarter_text)
    return dialog.textValue() if dialog.exec() == QDialog.DialogCode.Accepted else None


# tests replace these
ask_save_path: Callable[[QWidget, str], str | None] = _ask_save_path
ask_printer: Callable[[QWidget, object], bool] = _ask_printer
confirm_issue: Callable[[QWidget, str], bool] = _confirm_issue
ask_reopen_reason: Callable[[QWidget, str], str | None] = _ask_reopen_reason
