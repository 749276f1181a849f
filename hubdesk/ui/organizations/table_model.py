"""Table models of the Organizations area: the lazy list over SQL, and the small lists on an
organization's detail page (contacts, certifications, interactions, KPI values, bookings, cases)."""

from __future__ import annotations

from typing import Any

from hubdesk.db.enums import GrowthStage, OrgKind, OrgStatus, Sector
from hubdesk.i18n import N_, _
from hubdesk.ui.common.display import format_date, format_datetime, format_krw, format_number, format_quarter
from hubdesk.ui.common.lazy_table_model import LazyColumn, LazyTableModel
from hubdesk.ui.common.list_filters import SearchAndFilters, escape_like
from hubdesk.ui.common.rows_table_model import RowsTableModel


class OrganizationsTableModel(SearchAndFilters, LazyTableModel):
    """Every organization matching the search and filters, sorted in SQL."""

    COL_NAME, COL_KIND, COL_SECTOR, COL_STAGE, COL_STATUS, COL_REGION, COL_BUSINESS_NO, COL_MEMBER_SINCE = range(8)
    FILTERS = ("kind", "sector", "growth_stage", "status", "region")

    def __init__(self, db, parent=None):
        from hubdesk.db.schema import Organization

        self.sql_table = Organization.__table__
        t = self.sql_table.c
        self.columns = (
            LazyColumn("name", N_("Name"), t.name),
            LazyColumn("kind", N_("Kind"), t.kind),
            LazyColumn("sector", N_("Sector"), t.sector),
            LazyColumn("growth_stage", N_("Growth stage"), t.growth_stage),
            LazyColumn("status", N_("Status"), t.status),
            LazyColumn("region", N_("Region"), t.region),
            LazyColumn("business_no", N_("Business no."), t.business_no),
            LazyColumn("member_since", N_("Member since"), t.member_since, render=format_date),
        )
        super().__init__(db, parent)
        self._init_search_and_filters()
        self.show_archived = False

    def set_show_archived(self, show: bool) -> None:
        """Archived organizations are left out of the list unless asked for."""
        if show != self.show_archived:
            self.show_archived = show
            self.request_reload()

    def row_columns(self) -> list:
        t = self.sql_table.c
        return [t.id, t.name, t.name_en, t.kind, t.sector, t.growth_stage, t.status, t.region,
                t.business_no, t.member_since]

    def default_order(self) -> list:
        return [self.sql_table.c.name]

    def where_clauses(self) -> list:
        from sqlalchemy import or_

        t = self.sql_table.c
        clauses = [] if self.show_archived else [t.archived_on.is_(None)]
        for key, value in self._filters.items():
            if value is not None:
                clauses.append(t[key] == value)
        if self._search:
            pattern = f"%{escape_like(self._search)}%"
            # ilike: LIKE ignores case on SQLite but not on PostgreSQL ("saigon" found nothing there)
            matches = [t.name.ilike(pattern, escape="\\"), t.name_en.ilike(pattern, escape="\\"),
                       t.business_no.ilike(pattern, escape="\\")]
            digits = "".join(c for c in self._search if c.isascii() and c.isdigit())
            if len(digits) >= 3 and len(digits) >= len(self._search.replace("-", "").replace(" ", "")):
                # a number typed without its hyphens still finds 220-81-62517
                from sqlalchemy import func

                matches.append(func.replace(t.business_no, "-", "").like(f"%{digits}%"))
            clauses.append(or_(*matches))
        return clauses

    def regions(self) -> list[str]:
        from sqlalchemy import select

        t = self.sql_table.c
        with self._db.engine.connect() as conn:
            return [r[0] for r in conn.execute(select(t.region).where(t.region.is_not(None))
                                               .distinct().order_by(t.region))]


ENUM_FILTERS = {"kind": OrgKind, "sector": Sector, "growth_stage": GrowthStage, "status": OrgStatus}


class ContactsTableModel(RowsTableModel):
    COL_NAME, COL_TITLE, COL_DEPARTMENT, COL_EMAIL, COL_PHONE, COL_PRIMARY = range(6)
    columns = (
        LazyColumn("name", N_("Name")),
        LazyColumn("title", N_("Title")),
        LazyColumn("department", N_("Department")),
        LazyColumn("email", N_("E-mail")),
        LazyColumn("phone", N_("Phone")),
        LazyColumn("is_primary", N_("Primary contact"), render=lambda v: _("Yes") if v else ""),
    )


class CertificationsTableModel(RowsTableModel):
    COL_TYPE, COL_NUMBER, COL_ISSUER, COL_ISSUED, COL_EXPIRES = range(5)
    columns = (
        LazyColumn("type", N_("Certification")),
        LazyColumn("number", N_("Number")),
        LazyColumn("issuer", N_("Issuer")),
        LazyColumn("issued_on", N_("Issued on"), render=format_date),
        LazyColumn("expires_on", N_("Expires on"), render=format_date),
    )


class InteractionsTableModel(RowsTableModel):
    COL_DATE, COL_KIND, COL_SUPPORT, COL_SUMMARY, COL_STAFF = range(5)
    columns = (
        LazyColumn("occurred_on", N_("Date"), render=format_date),
        LazyColumn("kind", N_("Kind")),
        LazyColumn("support_type", N_("Support type")),
        LazyColumn("summary", N_("Summary")),
        LazyColumn("staff", N_("Staff")),
    )


class KpiValuesTableModel(RowsTableModel):
    (COL_QUARTER, COL_HEADCOUNT, COL_NEW_HIRES, COL_PERMANENT_HIRES, COL_SALES, COL_EXPORTS, COL_INVEST_AGREED,
     COL_INVEST_EXECUTED, COL_PATENTS_FILED, COL_PATENTS_REGISTERED) = range(10)
    columns = (
        LazyColumn("year", N_("Quarter")),
        LazyColumn("headcount", N_("Headcount"), render=format_number, align_right=True),
        LazyColumn("new_hires", N_("New hires"), render=format_number, align_right=True),
        LazyColumn("permanent_hires", N_("Permanent hires"), render=format_number, align_right=True),
        LazyColumn("sales_krw", N_("Sales"), render=format_krw, align_right=True),
        LazyColumn("exports_krw", N_("Exports"), render=format_krw, align_right=True),
        LazyColumn("investment_agreed_krw", N_("Investment agreed"), render=format_krw, align_right=True),
        LazyColumn("investment_executed_krw", N_("Investment executed"), render=format_krw, align_right=True),
        LazyColumn("patents_filed", N_("Patents filed"), render=format_number, align_right=True),
        LazyColumn("patents_registered", N_("Patents registered"), render=format_number, align_right=True),
    )


    def display(self, column: LazyColumn, value: Any, row) -> str:
        if column.key == "year":
            return format_quarter(row["year"], row["quarter"])
        return super().display(column, value, row)


class OrganizationBookingsTableModel(RowsTableModel):
    COL_START, COL_RESOURCE, COL_STATUS, COL_PURPOSE, COL_FEE = range(5)
    columns = (
        LazyColumn("starts_at", N_("Starts"), render=lambda v: format_datetime(v) if v else ""),
        LazyColumn("resource", N_("Resource")),
        LazyColumn("status", N_("Status")),
        LazyColumn("purpose", N_("Purpose")),
        LazyColumn("fee_krw", N_("Fee"), render=format_krw, align_right=True),
    )


class OrganizationCasesTableModel(RowsTableModel):
    COL_PRODUCT, COL_PATHWAY, COL_STAGE, COL_OPENED, COL_DEADLINE = range(5)
    columns = (
        LazyColumn("product", N_("Product")),
        LazyColumn("pathway", N_("Pathway")),
        LazyColumn("stage", N_("Stage")),
        LazyColumn("opened_on", N_("Opened on"), render=format_date),
        LazyColumn("next_deadline", N_("Next deadline"), render=format_date),
    )
