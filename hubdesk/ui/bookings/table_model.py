"""Table models of the Bookings area: every booking (lazy over SQL: ids in display order, rows
fetched in pages, filters and sorting in the database), the approvals queue (requested bookings,
oldest request first), and a booking's status history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hubdesk.db.enums import BookingStatus
from hubdesk.domain import clock
from hubdesk.i18n import N_, _
from hubdesk.ui.common.display import format_datetime, format_krw, person
from hubdesk.ui.common.lazy_table_model import LazyColumn, LazyTableModel
from hubdesk.ui.common.list_filters import EqualityFilters
from hubdesk.ui.common.rows_table_model import RowsTableModel


class BookingsTableModel(EqualityFilters, LazyTableModel):
    """Bookings matching the filters (status, resource, organization, local date range), sorted in SQL."""

    COL_NUMBER, COL_STARTS, COL_ENDS, COL_RESOURCE, COL_ORGANIZATION, COL_STATUS, COL_PURPOSE, COL_FEE = range(8)
    FILTERS = ("status", "resource_id", "organization_id")

    def __init__(self, db, parent=None, *, zone: str | None = None):
        from hubdesk.db.schema import Booking, Facility, Organization, Resource

        self._booking = Booking.__table__
        self._resource = Resource.__table__
        self._facility = Facility.__table__
        self._organization = Organization.__table__
        b, r, o = self._booking.c, self._resource.c, self._organization.c
        self.columns = (
            LazyColumn("id", N_("No."), b.id, render=lambda v: str(v), align_right=True),
            LazyColumn("starts_at", N_("Starts"), b.starts_at),
            LazyColumn("ends_at", N_("Ends"), b.ends_at),
            LazyColumn("resource", N_("Resource"), r.name),
            LazyColumn("organization", N_("Organization"), o.name),
            LazyColumn("status", N_("Status"), b.status),
            LazyColumn("purpose", N_("Purpose"), b.purpose),
            LazyColumn("fee_krw", N_("Fee"), b.fee_krw, render=format_krw, align_right=True),
        )
        super().__init__(db, parent)
        self._zone = zone
        self._init_filters()
        self._date_from: dt.date | None = None
        self._date_to: dt.date | None = None

    # --- SQL ---------------------------------------------------------------------------------------
    def from_clause(self):
        b, r, f, o = self._booking, self._resource, self._facility, self._organization
        return (b.join(r, r.c.id == b.c.resource_id).join(f, f.c.id == r.c.facility_id)
                .join(o, o.c.id == b.c.organization_id))

    def id_from_clause(self):
        # Only sorting by resource or organization name needs the joins; the filters are on booking.
        b, r, o = self._booking, self._resource, self._organization
        column = self.sort_state[0]
        if column == self.COL_RESOURCE:
            return b.join(r, r.c.id == b.c.resource_id)
        if column == self.COL_ORGANIZATION:
            return b.join(o, o.c.id == b.c.organization_id)
        return b

    def id_column(self):
        return self._booking.c.id

    def row_columns(self) -> list:
        from hubdesk.domain.fees import fee_estimate_sql

        b, r, f, o = self._booking.c, self._resource.c, self._facility.c, self._organization.c
        return [fee_estimate_sql(b.units, b.resource_id, o.user_class_id).label("fee_estimate"), b.id.label("id"), b.starts_at.label("starts_at"), b.ends_at.label("ends_at"),
                b.resource_id.label("resource_id"), r.name.label("resource"),
                b.organization_id.label("organization_id"), o.name.label("organization"),
                b.status.label("status"), b.purpose.label("purpose"), b.campaign.label("campaign"),
                b.fee_krw.label("fee_krw"), b.units.label("units"), b.created_at.label("created_at"),
                f.timezone.label("timezone")]

    def default_order(self) -> list:
        return [self._booking.c.starts_at.desc()]

    def _bounds(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        tz = clock.zone(self._zone)
        lo = dt.datetime.combine(self._date_from, dt.time(0), tz) if self._date_from else None
        hi = (dt.datetime.combine(self._date_to + dt.timedelta(days=1), dt.time(0), tz)
              if self._date_to else None)
        return lo, hi

    def where_clauses(self) -> list:
        b = self._booking.c
        clauses = []
        for key, value in self._filters.items():
            if value is not None:
                clauses.append(b[key] == value)
        lo, hi = self._bounds()
        if lo is not None:
            clauses.append(b.starts_at >= lo)
        if hi is not None:
            clauses.append(b.starts_at < hi)
        return clauses

    # --- filters (status, resource, organization: EqualityFilters) ------------------------------------
    def set_date_range(self, date_from: dt.date | None, date_to: dt.date | None) -> None:
        if (date_from, date_to) != (self._date_from, self._date_to):
            self._date_from, self._date_to = date_from, date_to
            self.request_reload()

    def filters(self) -> dict[str, Any]:
        result = super().filters()
        if self._date_from:
            result["date_from"] = self._date_from
        if self._date_to:
            result["date_to"] = self._date_to
        return result

    # --- display -------------------------------------------------------------------------------------
    def display(self, column: LazyColumn, value: Any, row) -> str:
        if column.key in ("starts_at", "ends_at"):
            return format_datetime(value, row.get("timezone") or self._zone) if value else ""
        if column.key == "fee_krw" and value is None and row.get("status") == BookingStatus.REQUESTED \
                and row.get("fee_estimate") is not None:
            # not approved yet: what it would cost at today's rate (frozen on approval)
            return _("{fee} (estimate)").format(fee=format_krw(row["fee_estimate"]))
        return super().display(column, value, row)


class ApprovalsTableModel(BookingsTableModel):
    """Requested bookings waiting for a decision, the oldest request first."""

    def where_clauses(self) -> list:
        return [self._booking.c.status == BookingStatus.REQUESTED, *super().where_clauses()]

    def default_order(self) -> list:
        return [self._booking.c.created_at.asc()]


class StatusHistoryTableModel(RowsTableModel):
    COL_WHEN, COL_FROM, COL_TO, COL_BY, COL_NOTE = range(5)
    columns = (
        LazyColumn("changed_at", N_("When"), render=lambda v: format_datetime(v) if v else ""),
        LazyColumn("from_status", N_("From")),
        LazyColumn("to_status", N_("To")),
        LazyColumn("changed_by", N_("By"), render=person),
        LazyColumn("note", N_("Note")),
    )


__all__ = ["ApprovalsTableModel", "BookingsTableModel", "StatusHistoryTableModel"]
