"""Saving a KPI request workbook from a screen: one organization's (its Quarterly KPIs tab) or the
companies taking part in a program (Programs › Participants). The workbook itself is
hubdesk.interchange.kpis.write_kpi_request, the same as `hubdesk export kpi-request`; this module
asks where to save it (and, for a program, for which quarter) and says what happened."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QWidget

from hubdesk.domain.quarters import Quarter
from hubdesk.i18n import _, ngettext


def _ask_request_path(parent: QWidget, suggested: str) -> str | None:
    from hubdesk.ui.common import file_dialogs

    path, _filter = file_dialogs.get_save_file_name(parent, _("Save the KPI request"), str(Path.home() / suggested),
                                                    _("Excel workbook (*.xlsx)"))
    if path and not path.lower().endswith(".xlsx"):
        path += ".xlsx"
    return path or None


def _ask_quarter(parent: QWidget, today: dt.date) -> Quarter | None:
    """The quarter to ask figures for: the one just ended is offered first, then the current one and
    the three before."""
    current = Quarter.of(today)
    choices = [current.previous(), current]
    q = current.previous()
    for _i in range(3):
        q = q.previous()
        choices.append(q)
    text, ok = QInputDialog.getItem(parent, _("KPI request"), _("Ask for the figures of which quarter?"),
                                    [str(c) for c in choices], 0, False)
    return Quarter.parse(text) if ok and text else None


ask_request_path = _ask_request_path   # tests replace these two
ask_quarter = _ask_quarter


def save_kpi_request(context, parent: QWidget, quarter: Quarter, suggested: str, *, org_id: int | None = None,
                     program_id: int | None = None) -> str | None:
    """Ask where, write the workbook, say so on the status bar; the path, or None when the user
    cancelled or the request was refused (the sentence is shown)."""
    from hubdesk.interchange.kpis import write_kpi_request
    from hubdesk.ui.common import errors

    path = ask_request_path(parent, suggested)
    if not path:
        return None
    try:
        count = write_kpi_request(context.db, quarter, path, org_id, program_id)
    except Exception as exc:  # noqa: BLE001 - shown as a sentence
        errors.show_error(parent, exc)
        return None
    context.bus.status_message.emit(ngettext("The KPI request for {quarter} ({count} organization) is saved to {path}.",
                                             "The KPI request for {quarter} ({count} organizations) is saved to "
                                             "{path}.", count).format(quarter=str(quarter), count=count, path=path))
    return path
