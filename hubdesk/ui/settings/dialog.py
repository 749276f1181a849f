"""The questions the Settings area asks: confirm a removal, choose a logo file. Tests replace these
module-level functions."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from hubdesk.i18n import _
from hubdesk.ui.common import file_dialogs


def _ask_confirmation(parent: QWidget, question: str) -> bool:
    answer = QMessageBox.question(parent, _("Please confirm"), question,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def _choose_logo_file(parent: QWidget) -> str | None:
    path, _filter = file_dialogs.get_open_file_name(parent, _("Choose the foundation's logo"), "",
                                                _("Images (*.png *.jpg *.jpeg)"))
    return path or None


ask_confirmation: Callable[[QWidget, str], bool] = _ask_confirmation
choose_logo_file: Callable[[QWidget], str | None] = _choose_logo_file
