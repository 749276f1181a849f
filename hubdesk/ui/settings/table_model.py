"""Table models of the Settings area: closure days, user classes and resource rates."""

from __future__ import annotations

from hubdesk.i18n import N_
from hubdesk.ui.common.display import format_date, format_krw, format_number
from hubdesk.ui.common.lazy_table_model import LazyColumn
from hubdesk.ui.common.rows_table_model import RowsTableModel


class ClosureDaysTableModel(RowsTableModel):
    COL_DAY, COL_NAME = range(2)
    columns = (
        LazyColumn("day", N_("Day"), render=format_date),
        LazyColumn("name", N_("Name")),
    )


class PublicHolidaysTableModel(RowsTableModel):
    COL_DAY, COL_NAME = range(2)
    columns = (
        LazyColumn("day", N_("Day"), render=format_date),
        LazyColumn("name", N_("Public holiday")),
    )


class UserClassesTableModel(RowsTableModel):
    COL_CODE, COL_NAME, COL_ORGANIZATIONS = range(3)
    columns = (
        LazyColumn("code", N_("Code")),
        LazyColumn("name", N_("Name")),
        LazyColumn("organizations", N_("Organizations"), render=format_number, align_right=True),
    )


class ResourceRatesTableModel(RowsTableModel):
    COL_FACILITY, COL_RESOURCE, COL_UNIT, COL_USER_CLASS, COL_FEE = range(5)
    columns = (
        LazyColumn("facility", N_("Facility")),
        LazyColumn("resource", N_("Resource")),
        LazyColumn("unit", N_("Booking unit")),
        LazyColumn("user_class", N_("User class")),
        LazyColumn("fee_krw", N_("Fee per unit"), render=format_krw, align_right=True),
    )
