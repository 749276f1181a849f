"""Bookings an exchange left in conflict, said where people look (issue 16): the banner over the
Bookings area's approvals and in the Dashboard's approvals panel, and the link to the exchange
window that resolves them. The timeline's own mark is in `ui/bookings/timeline_paint.py`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QWidget

from hubdesk.i18n import _, ngettext

if TYPE_CHECKING:
    from hubdesk.ui.context import AppContext

BANNER_STYLE = ("QLabel { background: #fef2f2; color: #991b1b; border: 1px solid #fca5a5; border-radius: 4px;"
                " padding: 6px; }")


def conflict_banner(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(BANNER_STYLE)
    label.hide()
    return label


def show_conflict_count(label: QLabel, count: int) -> None:
    """Show how many bookings are in conflict after an exchange, with the link; hidden when none."""
    label.setVisible(count > 0)
    if count:
        label.setText(
            ngettext("{count} booking is in conflict after an exchange: move or cancel one of the two bookings "
                     "(marked in red on the timeline).",
                     "{count} bookings are in conflict after an exchange: move or cancel one of each pair "
                     "(marked in red on the timeline).", count).format(count=count)
            + ' <a href="exchange">' + _("Open the exchange conflicts…") + "</a>")


def open_conflicts(context: "AppContext", parent: QWidget) -> None:
    """File ▸ Exchange with other PCs…, where the conflicts are listed and resolved."""
    from hubdesk.ui.exchange.dialog import ExchangeDialog

    ExchangeDialog(context, parent).exec()
