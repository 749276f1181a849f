"""A save refused because someone changed the record after the editor loaded it
(`hubdesk.domain.versions`): the sentence under the form, and a question, Reload or Keep editing.

Reload reads the record again (the other person's values replace the form's); Keep editing leaves
the form as typed, so the person can copy what they need before reloading. `ask_reload` is the
one function that puts the question on screen; tests replace it."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from hubdesk.i18n import _


def _ask_reload(parent: QWidget | None, sentence: str) -> bool:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Changed by someone else"))
    box.setText(sentence)
    reload_button = box.addButton(_("Reload"), QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton(_("Keep editing"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(reload_button)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is reload_button


ask_reload: Callable[[QWidget | None, str], bool] = _ask_reload  # tests replace it


def offer_reload(parent: QWidget | None, exc: BaseException, problem: QLabel | None,
                 reload: Callable[[], Any]) -> bool:
    """Show the refusal's sentence under the form and ask whether to reload; reload when the
    person says so (the sentence then goes: the form shows the stored record). True when reloaded."""
    sentence = getattr(exc, "message", str(exc))
    if problem is not None:
        problem.setText(sentence)
        problem.show()
    if not ask_reload(parent, sentence):
        return False
    reload()
    if problem is not None:
        problem.hide()
    return True
