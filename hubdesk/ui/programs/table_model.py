"""Table models of the Programs area. Programs are few (a dozen a year), so these are in-memory
row models: the program list, and a program's budget lines, execution by cost item, expenditures,
participants, milestones, KPI targets and events."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from hubdesk.domain.programs import MilestoneStatus
from hubdesk.i18n import N_, _
from hubdesk.ui.common.display import format_date, format_krw, format_number, format_percent
from hubdesk.ui.common.lazy_table_model import LazyColumn
from hubdesk.ui.common.rows_table_model import AnyIndex, RowsTableModel

StatusRole = Qt.ItemDataRole.UserRole + 20   # a milestone's derived MilestoneStatus (its str value through Qt)


def _percent(value) -> str:
    return format_percent(value) if value is not None else "—"


def _count(value) -> str:
    return format_number(value) if value is not None else ""


def kpi_value_text(value, unit: str) -> str:
    """A KPI figure as shown: won, ratio as percent, days with one decimal, counts."""
    if value is None:
        return "—"
    if unit in ("krw", "krw_per_100m"):
        return format_krw(round(value))
    if unit == "ratio":
        return format_percent(value)
    if unit == "days":
        return format_number(value, decimals=1)
    return format_number(round(value, 1) if isinstance(value, float) and not value.is_integer() else int(value))


class _Rows(RowsTableModel):
    def row_of_id(self, record_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.get("id") == record_id), -1)


class ProgramsTableModel(_Rows):
    COL_NAME, COL_FUNDER, COL_YEAR, COL_BUDGET, COL_SPENT, COL_RATE, COL_STATUS, COL_MANAGER, COL_NAME_EN = range(9)
    columns = (
        LazyColumn("name", N_("Program")),
        LazyColumn("funder", N_("Funder")),
        LazyColumn("years", N_("Fiscal year")),
        LazyColumn("budget_krw", N_("Budget"), render=format_krw, align_right=True),
        LazyColumn("spent_krw", N_("Spent"), render=format_krw, align_right=True),
        LazyColumn("rate", N_("Execution"), render=_percent, align_right=True),
        LazyColumn("status", N_("Status")),
        LazyColumn("manager", N_("Manager")),
        LazyColumn("name_en", N_("English name")),
    )


class BudgetLinesTableModel(_Rows):
    COL_YEAR, COL_SOURCE, COL_CATEGORY, COL_AMOUNT, COL_SPENT, COL_RATE, COL_NOTE = range(7)
    columns = (
        LazyColumn("fiscal_year", N_("Fiscal year")),
        LazyColumn("source", N_("Funding source")),
        LazyColumn("category", N_("Cost item")),
        LazyColumn("amount_krw", N_("Budget"), render=format_krw, align_right=True),
        LazyColumn("spent_krw", N_("Spent"), render=format_krw, align_right=True),
        LazyColumn("rate", N_("Execution"), render=_percent, align_right=True),
        LazyColumn("note", N_("Note")),
    )


class CategoryExecutionTableModel(_Rows):
    COL_CATEGORY, COL_BUDGET, COL_SPENT, COL_RATE = range(4)
    columns = (
        LazyColumn("category", N_("Cost item")),
        LazyColumn("budget_krw", N_("Budget"), render=format_krw, align_right=True),
        LazyColumn("spent_krw", N_("Spent"), render=format_krw, align_right=True),
        LazyColumn("rate", N_("Execution"), render=_percent, align_right=True),
    )


class ParticipantsTableModel(_Rows):
    COL_ORGANIZATION, COL_ROLE, COL_JOINED, COL_LEFT, COL_NOTE = range(5)
    columns = (
        LazyColumn("organization", N_("Organization")),
        LazyColumn("role", N_("Role")),
        LazyColumn("joined_on", N_("Joined on"), render=format_date),
        LazyColumn("left_on", N_("Left on"), render=format_date),
        LazyColumn("note", N_("Note")),
    )


class SubsidiesTableModel(_Rows):
    COL_WHAT, COL_FROM, COL_TO, COL_RESOURCES, COL_NOTE = range(5)
    columns = (
        LazyColumn("what", N_("Subsidy")),
        LazyColumn("valid_from", N_("Valid from"), render=format_date),
        LazyColumn("valid_to", N_("Valid to"), render=format_date),
        LazyColumn("resources", N_("Resources"), render=lambda v: v or _("All resources")),
        LazyColumn("note", N_("Note")),
    )


class MilestonesTableModel(_Rows):
    COL_STATUS, COL_TITLE, COL_DUE, COL_STARTED, COL_DONE, COL_OWNER = range(6)
    columns = (
        LazyColumn("status", N_("Status"), render=lambda v: MilestoneStatus(v).label if v else ""),
        LazyColumn("title", N_("Milestone")),
        LazyColumn("due_on", N_("Due on"), render=format_date),
        LazyColumn("started_on", N_("Started on"), render=format_date),
        LazyColumn("done_on", N_("Done on"), render=format_date),
        LazyColumn("owner", N_("Owner")),
    )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.columns):
            return None
        status = self._rows[index.row()].get("status")
        if role == StatusRole:
            return status
        if index.column() == self.COL_STATUS and status is not None:
            if role == Qt.ItemDataRole.DecorationRole:
                from hubdesk.ui.programs.timeline import status_icon

                return status_icon(MilestoneStatus(status))
            if role == Qt.ItemDataRole.ForegroundRole:
                from PySide6.QtGui import QBrush

                from hubdesk.ui.programs.timeline import STATUS_COLOURS

                return QBrush(STATUS_COLOURS[MilestoneStatus(status)])
        return super().data(index, role)


class ExpendituresTableModel(_Rows):
    COL_DATE, COL_SOURCE, COL_AMOUNT, COL_CATEGORY, COL_DESCRIPTION = range(5)
    columns = (
        LazyColumn("spent_on", N_("Date"), render=format_date),
        LazyColumn("source", N_("Funding source")),
        LazyColumn("amount_krw", N_("Amount"), render=format_krw, align_right=True),
        LazyColumn("category", N_("Cost item")),
        LazyColumn("description", N_("Description")),
    )


class KpiTargetsTableModel(_Rows):
    COL_KPI, COL_PERIOD, COL_TARGET, COL_ACTUAL, COL_ACHIEVEMENT = range(5)

    columns = (
        LazyColumn("kpi", N_("KPI")),
        LazyColumn("quarter", N_("Period")),
        LazyColumn("target", N_("Target"), align_right=True),
        LazyColumn("actual", N_("Actual"), align_right=True),
        LazyColumn("achievement", N_("Achievement"), render=_percent, align_right=True),
    )

    def display(self, column: LazyColumn, value: Any, row) -> str:
        from hubdesk.domain.kpi_codes import kpi_label
        from hubdesk.ui.common.display import format_quarter

        if column.key == "kpi":
            return kpi_label(value)
        if column.key == "quarter":
            return (format_quarter(row["year"], value) if value else
                    _("Year {year}").format(year=row["year"]))
        if column.key in ("target", "actual"):
            return kpi_value_text(value, row.get("unit", "count"))
        return super().display(column, value, row)


class EventsTableModel(_Rows):
    (COL_DATE, COL_NAME, COL_KIND, COL_LOCATION, COL_PARTICIPANTS, COL_ORGANIZATIONS, COL_BUYER_MEETINGS,
     COL_CONTRACTS) = range(8)
    columns = (
        LazyColumn("held_on", N_("Date"), render=format_date),
        LazyColumn("name", N_("Event")),
        LazyColumn("kind", N_("Kind")),
        LazyColumn("location", N_("Location")),
        LazyColumn("participants", N_("Participants"), render=_count, align_right=True),
        LazyColumn("organizations", N_("Organizations"), render=_count, align_right=True),
        LazyColumn("buyer_meetings", N_("Buyer meetings"), render=_count, align_right=True),
        LazyColumn("export_contract_krw", N_("Export contract value"), render=format_krw, align_right=True),
    )
