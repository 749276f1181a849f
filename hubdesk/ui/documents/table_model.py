"""The document lists: a record's documents (the panel) and the search results (with the record)."""

from __future__ import annotations

from hubdesk.formatting import format_file_size
from hubdesk.i18n import N_
from hubdesk.ui.common.display import format_date, format_datetime, person
from hubdesk.ui.common.lazy_table_model import LazyColumn
from hubdesk.ui.common.rows_table_model import RowsTableModel


WIDEST_COLUMN = 340   # px; a longer name is elided, its tooltip carries it whole


def fit_columns(table) -> None:
    """Columns as wide as what they show (and their headers), none but the last wider than WIDEST_COLUMN."""
    table.resizeColumnsToContents()
    for column in range(table.model().columnCount() - 1):
        if table.columnWidth(column) > WIDEST_COLUMN:
            table.setColumnWidth(column, WIDEST_COLUMN)


def _size(value) -> str:
    return format_file_size(value) if value is not None else ""


class DocumentsTableModel(RowsTableModel):
    COL_NAME, COL_KIND, COL_DATE, COL_SIZE, COL_ADDED_BY, COL_ADDED_AT, COL_VALID = range(7)
    columns = (
        LazyColumn("name", N_("Name")),
        LazyColumn("kind", N_("Kind")),
        LazyColumn("dated_on", N_("Letter date"), render=format_date),
        LazyColumn("size", N_("Size"), render=_size, align_right=True),
        LazyColumn("added_by", N_("Added by"), render=person),
        LazyColumn("added_at", N_("Added at"), render=lambda v: format_datetime(v) if v else ""),
        LazyColumn("valid_until", N_("Certificate valid until"), render=format_date),
    )


class DocumentSearchTableModel(RowsTableModel):
    COL_NAME, COL_KIND, COL_RECORD_KIND, COL_RECORD, COL_DATE, COL_SIZE, COL_ADDED_BY, COL_ADDED_AT = range(8)
    columns = (
        LazyColumn("name", N_("Name")),
        LazyColumn("kind", N_("Kind")),
        LazyColumn("owner", N_("Attached to")),
        LazyColumn("owner_name", N_("Record")),
        LazyColumn("dated_on", N_("Letter date"), render=format_date),
        LazyColumn("size", N_("Size"), render=_size, align_right=True),
        LazyColumn("added_by", N_("Added by"), render=person),
        LazyColumn("added_at", N_("Added at"), render=lambda v: format_datetime(v) if v else ""),
    )
