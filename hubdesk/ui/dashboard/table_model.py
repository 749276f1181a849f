"""Table models of the dashboard's lists. Each row keeps the id of the record it opens; each cell's
text is made once (`keep_texts`): it depends on the row and the language only."""

from __future__ import annotations

from typing import Any, Mapping

from PySide6.QtCore import Qt

from hubdesk.i18n import N_, _, ngettext
from hubdesk.ui.common.display import format_date, format_datetime, format_krw
from hubdesk.ui.common.lazy_table_model import LazyColumn
from hubdesk.ui.common.rows_table_model import RowsTableModel


def _days_left(days: int | None) -> str:
    if days is None:
        return ""
    if days < 0:
        return ngettext("{n} day overdue", "{n} days overdue", -days).format(n=-days)
    if days == 0:
        return _("today")
    return ngettext("in {n} day", "in {n} days", days).format(n=days)


_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FILE_ROLES = frozenset((_DECORATION, _TOOLTIP))


class BookingsListTableModel(RowsTableModel):
    """Bookings of today, of this week, or waiting for approval (they open in Bookings)."""

    COL_START, COL_RESOURCE, COL_ORGANIZATION, COL_STATUS = range(4)
    record_kind = "booking"
    keep_texts = True
    columns = (
        LazyColumn("starts_at", N_("Starts")),
        LazyColumn("resource", N_("Resource")),
        LazyColumn("organization", N_("Organization")),
        LazyColumn("status", N_("Status")),
    )

    def display(self, column: LazyColumn, value: Any, row: Mapping[str, Any]) -> str:
        if column.key == "starts_at":
            return format_datetime(value, row.get("tz")) if value else ""
        return super().display(column, value, row)


class MilestonesTableModel(RowsTableModel):
    COL_DUE, COL_TITLE, COL_PROGRAM, COL_STATUS = range(4)
    record_kind = "milestone"
    keep_texts = True
    columns = (
        LazyColumn("due_on", N_("Due"), render=format_date),
        LazyColumn("title", N_("Milestone")),
        LazyColumn("program", N_("Program")),
        LazyColumn("status", N_("Status")),
    )

    def display(self, column: LazyColumn, value: Any, row: Mapping[str, Any]) -> str:
        if column.key == "status":
            return f"{value.label} ({_days_left(row.get('days_left'))})"
        return super().display(column, value, row)


class DeadlinesTableModel(RowsTableModel):
    COL_DUE, COL_PRODUCT, COL_ORGANIZATION, COL_WHAT, COL_CLOCK = range(5)
    record_kind = "case"
    keep_texts = True
    columns = (
        LazyColumn("due_on", N_("Due")),
        LazyColumn("product", N_("Product")),
        LazyColumn("organization", N_("Organization")),
        LazyColumn("note", N_("Deadline")),
        LazyColumn("days_used", N_("Review clock")),
    )

    def display(self, column: LazyColumn, value: Any, row: Mapping[str, Any]) -> str:
        if column.key == "due_on":
            return f"{format_date(value)} · {_days_left(row.get('days_left'))}"
        if column.key == "note":
            from hubdesk.domain.case_templates import deadline_title
            from hubdesk.ui.common.labels import label

            return deadline_title(value) or label(row.get("stage"))
        if column.key == "days_used":
            if value is None:
                return ""
            return _("{used} days used, {stopped} stopped").format(used=value, stopped=row.get("days_stopped") or 0)
        return super().display(column, value, row)


class OverdueInvoicesTableModel(RowsTableModel):
    """Invoices past their due date; a row opens the organization's page (its Invoices tab)."""

    COL_DUE, COL_NUMBER, COL_ORGANIZATION, COL_OWED = range(4)
    record_kind = "organization"
    keep_texts = True
    columns = (
        LazyColumn("due_on", N_("Due on")),
        LazyColumn("number", N_("Invoice")),
        LazyColumn("organization", N_("Organization")),
        LazyColumn("outstanding_krw", N_("Still owed"), render=format_krw, align_right=True),
    )

    def display(self, column: LazyColumn, value: Any, row: Mapping[str, Any]) -> str:
        if column.key == "due_on":
            days = int(row.get("days_overdue") or 0)
            return f"{format_date(value)} · " + ngettext("{n} day late", "{n} days late", days).format(n=days)
        return super().display(column, value, row)


class LicencesTableModel(RowsTableModel):
    COL_EXPIRES, COL_FACILITY, COL_LICENCE, COL_RENEWAL = range(4)
    record_kind = "facility"
    keep_texts = True
    columns = (
        LazyColumn("expires_on", N_("Expires")),
        LazyColumn("facility", N_("Facility")),
        LazyColumn("licence_no", N_("Licence no.")),
        LazyColumn("renewal_due_on", N_("File renewal by"), render=format_date),
    )

    def display(self, column: LazyColumn, value: Any, row: Mapping[str, Any]) -> str:
        if column.key == "expires_on":
            return f"{format_date(value)} · {_days_left(row.get('days_left'))}"
        return super().display(column, value, row)


class CertificationsExpiryTableModel(RowsTableModel):
    """Certifications of organizations near or past expiry; a row opens the organization. A
    certification whose certificate is attached shows a paperclip, names the file in its tooltip,
    and its cell opens the file."""

    COL_EXPIRES, COL_ORGANIZATION, COL_CERTIFICATION, COL_NUMBER = range(4)
    COL_FILE = COL_CERTIFICATION
    record_kind = "organization"
    keep_texts = True
    columns = (
        LazyColumn("expires_on", N_("Expires")),
        LazyColumn("organization", N_("Organization")),
        LazyColumn("type", N_("Certification")),
        LazyColumn("number", N_("Number")),
    )

    def data(self, index, role: int = 0) -> Any:
        # the role first: a painting view asks each cell for a dozen roles, and this list has
        # the most rows of the dashboard (a thousand certifications on a huge database)
        if role in _FILE_ROLES and index.isValid() and index.column() == self.COL_FILE and index.row() < len(self._rows):
            row = self._rows[index.row()]
            if row.get("attachment_id") is not None:
                if role == _DECORATION:
                    from hubdesk.ui.common.icons import icon

                    return icon("documents")
                if role == _TOOLTIP:
                    return _("Certificate file: {name}. Double-click to open it.").format(name=row.get("file_name"))
        return super().data(index, role)

    def display(self, column: LazyColumn, value: Any, row: Mapping[str, Any]) -> str:
        if column.key == "expires_on":
            return f"{format_date(value)} · {_days_left(row.get('days_left'))}"
        return super().display(column, value, row)
