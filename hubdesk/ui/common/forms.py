"""What the small record forms share: the sentence label under the form, the Save/Cancel buttons,
showing a refused save without closing the form, QDate <-> date, and whole won typed in a field."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateTimeEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from hubdesk.errors import DomainError
from hubdesk.i18n import _


def problem_label(parent: QWidget, *, hidden: bool = True) -> QLabel:
    """The label under a form where a refused save's sentence appears (hidden until then, unless
    the form keeps its place for it)."""
    label = QLabel(parent)
    label.setObjectName("fieldProblem")
    label.setWordWrap(True)
    if hidden:
        label.hide()
    return label


def grow_to_fit(dialog: QDialog) -> None:
    """Make `dialog` tall enough for what its layout now holds at its width (call it when a
    sentence appeared under the form). A dialog given a minimum width does not get its layout's
    minimum size from Qt, so without this the fields were squeezed onto each other: the booking
    form's list of people shrank to one row when rule messages appeared."""
    layout = dialog.layout()
    layout.activate()
    width = dialog.width()
    needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
    if dialog.height() < needed:
        dialog.resize(width, needed)


def save_cancel_buttons(dialog: QDialog) -> QDialogButtonBox:
    """Save and Cancel, wired to the dialog's `save` and `reject`."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                               dialog)
    buttons.accepted.connect(dialog.save)
    buttons.rejected.connect(dialog.reject)
    return buttons


def ok_cancel_buttons(dialog: QDialog) -> QDialogButtonBox:
    """OK and Cancel, wired to the dialog's `accept` and `reject`."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def stack_form(dialog: QDialog, form: QFormLayout, problem: QLabel, buttons: QDialogButtonBox) -> None:
    """Lay the dialog out: the form, the sentence label under it, the buttons at the bottom."""
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(problem)
    layout.addWidget(buttons)


def show_refusal(dialog: QWidget, problem: QLabel, exc: Exception) -> None:
    """A save that failed, shown as `operations.show_refusal` shows it (write_op does this itself)."""
    from hubdesk.ui.common import operations

    operations.show_refusal(dialog, exc, problem)


def datetime_edit(parent: QWidget) -> QDateTimeEdit:
    """A date and time field with a calendar, shown as 2026-06-01 09:00."""
    edit = QDateTimeEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    return edit


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(d: QDate) -> dt.date:
    return dt.date(d.year(), d.month(), d.day())


def parse_amount(text: str, field: str = "amount_krw") -> int:
    """Whole won typed with or without thousands separators (the comma, or the language's own:
    "." in Vietnamese), ₩, 원 or spaces; '' is 0."""
    from babel.numbers import get_group_symbol

    from hubdesk.i18n import babel_locale

    cleaned = (text or "").strip()
    for junk in {",", get_group_symbol(babel_locale()), " ", "\u00a0", "₩", "원"}:
        cleaned = cleaned.replace(junk, "")
    if not cleaned:
        return 0
    try:
        return int(cleaned)
    except ValueError:
        raise DomainError(_("The amount “{value}” is not a whole number of won. Enter it with digits, without "
                            "decimals.").format(value=text.strip()), field=field, code="not_whole") from None


def amount_text(value: int | None) -> str:
    """An amount in an entry field: digits grouped the language's way (hubdesk.formatting)."""
    from hubdesk.formatting import format_decimal_grouped

    return format_decimal_grouped(value) if value else ""
