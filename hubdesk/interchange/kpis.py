"""Quarterly KPI values of organizations, in and out.

A row is one organization in one quarter; it updates the existing figures of that quarter or
creates them. A quarter whose report was issued is locked: its figures cannot change.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubdesk.db.schema import IssuedReport, KpiValue, Organization
from hubdesk.domain import kpi_values
from hubdesk.domain.quarters import Quarter
from hubdesk.errors import DomainError
from hubdesk.i18n import N_, _
from hubdesk.interchange.cells import (CellError, is_blank, parse_non_negative_int, parse_year, takes,
                                      text)
from hubdesk.interchange.columns import Column, HeaderMap
from hubdesk.interchange.importer import Outcome, RowProblems
from hubdesk.interchange.lookups import OrganizationLookup

_QUARTER = re.compile(r"^\s*(?:(\d{4})\s*-?\s*)?(?:Q\s*([1-4])|([1-4])\s*(?:분기|Q)?)\s*$", re.IGNORECASE)


@takes(N_("A quarter: 1, 2, 3 or 4, or a whole quarter such as 2026Q3"))
def parse_quarter(value: Any) -> Quarter | int | None:
    """1–4, Q3, 3분기, or a whole quarter such as 2026Q3."""
    if is_blank(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value in (1, 2, 3, 4):
        return int(value)
    m = _QUARTER.match(str(value))
    if not m:
        raise CellError(_("“{value}” is not a quarter. Write 1, 2, 3 or 4, or a quarter such as 2026Q3.")
                        .format(value=value))
    number = int(m.group(2) or m.group(3))
    return Quarter(_plausible_year(int(m.group(1))), number) if m.group(1) else number


def _plausible_year(year: int) -> int:
    """The year of a KPI row, also when written in the quarter (2026Q3): "0000Q1" is no quarter."""
    try:
        return kpi_values.check_year(year)
    except DomainError as exc:
        raise CellError(exc.message) from None


MAX_COUNT = kpi_values.MAX_COUNT


@takes(N_("A number of people or patents: zero or a positive whole number"))
def parse_count(value: Any) -> int | None:
    """A number of people or patents: zero or more, and at most what an INTEGER column holds."""
    number = parse_non_negative_int(value)
    if number is not None and number > MAX_COUNT:
        raise CellError(_("{value} is too large a number to keep. Check the number of digits.")
                        .format(value=number))
    return number


FIGURES = kpi_values.FIGURES

C = Column
COLUMNS = [
    C("uid", "고유ID", text(36)),
    C("organization", "기업명", text(), aliases=("기관명", "회사명", "organization name")),
    C("organization_uid", "기업 고유ID", text(36)),
    C("business_no", "사업자등록번호", text(), aliases=("사업자번호",)),
    C("year", "연도", parse_year, aliases=("년도", "기준연도")),
    C("quarter", "분기", parse_quarter, required=True, aliases=("period", "기간")),
    C("headcount", "고용인원", parse_count, aliases=("임직원수", "종업원수", "직원수")),
    C("new_hires", "신규채용", parse_count, aliases=("신규 고용", "신규채용 인원")),
    C("permanent_hires", "정규직 채용", parse_count, aliases=("정규직", "정규직 신규채용")),
    C("sales_krw", "매출액", parse_non_negative_int, aliases=("매출", "sales", "매출액(원)")),
    C("exports_krw", "수출액", parse_non_negative_int, aliases=("수출", "exports", "수출액(원)")),
    C("investment_agreed_krw", "투자유치 약정액", parse_non_negative_int, aliases=("투자 약정",)),
    C("investment_executed_krw", "투자유치 집행액", parse_non_negative_int, aliases=("투자 집행",)),
    C("patents_filed", "특허 출원", parse_count, aliases=("특허출원",)),
    C("patents_registered", "특허 등록", parse_count, aliases=("특허등록",)),
]


class Importer:
    columns = COLUMNS
    field_columns: dict[str, str] = {}

    def __init__(self, session: Session, headers: HeaderMap):
        self.session = session
        self.headers = headers
        self.changes: list[str] = []     # what each row changes, for a dry run to show before writing
        self.orgs = OrganizationLookup(session)
        self.locked = {(y, q) for y, q in session.execute(select(IssuedReport.year, IssuedReport.quarter))}
        self.existing = {(o, y, q): kid for kid, o, y, q in session.execute(
            select(KpiValue.id, KpiValue.organization_id, KpiValue.year, KpiValue.quarter))}
        self.uids = set(session.scalars(select(KpiValue.uid)))
        self.seen: dict[tuple, int] = {}

    def import_row(self, row: int, values: dict[str, Any]) -> Outcome:
        quarter = values["quarter"]
        if isinstance(quarter, Quarter):
            if values.get("year") not in (None, quarter.year):
                raise RowProblems([("year", _("The year {year} does not match the quarter {quarter}. "
                                              "Correct one of the two cells.")
                                    .format(year=values["year"], quarter=quarter))])
            year, number = quarter.year, quarter.quarter
        else:
            year, number = values.get("year"), quarter
            if year is None:
                raise RowProblems([("year", _("The year is missing. Fill it in, for example 2026."))])
        oid = self.orgs.require(values)
        key = (oid, year, number)
        earlier = self.seen.setdefault(key, row)
        if earlier != row:
            raise RowProblems([("quarter", _("The figures of this organization for {quarter} are already "
                                             "on row {row}. Keep one row per organization and quarter.")
                                .format(quarter=Quarter(year, number), row=earlier))])
        figures = {f: values[f] for f in FIGURES if values.get(f) is not None}   # blank keeps the figure
        kid = self.existing.get(key)
        kpi = self.session.get(KpiValue, kid) if kid is not None else None
        merged = {f: figures.get(f, getattr(kpi, f) if kpi else None) for f in FIGURES}
        kpi_values.check_figures(merged)          # the same checks as the organization page
        if kpi is not None and all(getattr(kpi, f) == v for f, v in merged.items()):
            return "unchanged"
        if (year, number) in self.locked:
            raise RowProblems([("quarter", _("The report for {quarter} was issued, so its figures are locked. "
                                             "Leave this row out, or ask an administrator to reopen the "
                                             "quarter.").format(quarter=Quarter(year, number)))])
        self._describe(row, oid, Quarter(year, number), kpi, merged)
        uid = values.get("uid")
        uid = uid if kpi is None and uid and uid not in self.uids else None
        row, outcome = kpi_values.set_kpi_values(self.session, oid, Quarter(year, number), merged, uid=uid)
        if uid:
            self.uids.add(uid)
        if row is not None:
            self.existing[key] = row.id
        return outcome


    def _describe(self, row: int, oid: int, quarter: Quarter, kpi: KpiValue | None, merged: dict) -> None:
        from hubdesk.formatting import format_number

        def shown(value: Any) -> str:
            return "–" if value is None else format_number(value)

        parts = [_("{figure}: {old} → {new}").format(figure=self.headers.header_for(f) or f,
                                                     old=shown(getattr(kpi, f) if kpi else None), new=shown(v))
                 for f, v in merged.items() if (getattr(kpi, f) if kpi else None) != v]
        name = self.session.get(Organization, oid).name
        self.changes.append(_("Row {row}, {organization}, {quarter}: {changes}").format(
            row=row, organization=name, quarter=str(quarter), changes="; ".join(parts)))


def export_records(session: Session) -> Iterator[list[Any]]:
    stmt = (select(KpiValue, Organization.name, Organization.uid, Organization.business_no)
            .join(Organization, KpiValue.organization_id == Organization.id)
            .order_by(KpiValue.year, KpiValue.quarter, Organization.name, KpiValue.id)
            .execution_options(yield_per=1000))
    for kpi, name, org_uid, bno in session.execute(stmt):
        yield [kpi.uid, name, org_uid, bno, kpi.year, kpi.quarter, *(getattr(kpi, f) for f in FIGURES)]


# --- the KPI request: a workbook a company fills in ---------------------------------------------------

def request_records(session: Session, quarter: Quarter, org_id: int | None = None,
                    program_id: int | None = None) -> list[list[Any]]:
    """Rows of a KPI request for `quarter`: one organization (`org_id`), the companies taking part in
    a program during the quarter (`program_id`: its beneficiaries and cohort members, see
    `participants.reporting_organizations`), or every active member (status member or tenant, not
    archived). Each row is pre-filled with the figures already kept
    for `quarter`, else with the previous quarter's, for the company to correct; importing the
    filled file with `import kpis` updates `quarter` (a dry run shows what would change)."""
    from hubdesk.db.enums import OrgStatus
    from hubdesk.domain.organizations import get_organization

    if org_id is not None:
        get_organization(session, org_id)
        orgs = session.execute(select(Organization.id, Organization.name, Organization.uid, Organization.business_no)
                               .where(Organization.id == org_id)).all()
    elif program_id is not None:
        from hubdesk.domain.participants import reporting_organizations
        from hubdesk.domain.programs import get_program

        program = get_program(session, program_id)
        ids = reporting_organizations(session, program_id, quarter.start, quarter.end)
        if not ids:
            raise DomainError(_("No company takes part in {program} during {quarter} (beneficiaries and cohort "
                                "members count; partners are not asked), so there is nobody to ask for figures. "
                                "Add its participants under Programs › Participants first.")
                              .format(program=program.name, quarter=str(quarter)), code="no_participants")
        found = {row.id: row for row in session.execute(
            select(Organization.id, Organization.name, Organization.uid, Organization.business_no)
            .where(Organization.id.in_(ids)))}
        orgs = [found[i] for i in ids]
    else:
        orgs = session.execute(select(Organization.id, Organization.name, Organization.uid, Organization.business_no)
                               .where(Organization.status.in_((OrgStatus.MEMBER, OrgStatus.TENANT)),
                                      Organization.archived_on.is_(None))
                               .order_by(Organization.name, Organization.id)).all()
        if not orgs:
            raise DomainError(_("No active member organization was found, so there is nobody to ask for figures. "
                                "Check the members' status, or ask one organization from its page."),
                              code="no_members")
    previous = quarter.previous()
    kept: dict[tuple[int, Quarter], KpiValue] = {}
    ids = [o.id for o in orgs]
    for chunk in range(0, len(ids), 500):
        for kpi in session.scalars(select(KpiValue).where(
                KpiValue.organization_id.in_(ids[chunk:chunk + 500]),
                ((KpiValue.year == quarter.year) & (KpiValue.quarter == quarter.quarter))
                | ((KpiValue.year == previous.year) & (KpiValue.quarter == previous.quarter)))):
            kept[(kpi.organization_id, Quarter(kpi.year, kpi.quarter))] = kpi
    rows = []
    for org in orgs:
        kpi = kept.get((org.id, quarter)) or kept.get((org.id, previous))
        rows.append([None, org.name, org.uid, org.business_no, quarter.year, quarter.quarter,
                     *(getattr(kpi, f) if kpi is not None else None for f in FIGURES)])
    return rows


def write_kpi_request(db: Any, quarter: Quarter | str, path: Any, org_id: int | None = None,
                      program_id: int | None = None) -> int:
    """Write the KPI request workbook (Korean headers, which import back) to `path`; the number of
    organizations asked. One organization, one program's participants, or all active members."""
    from hubdesk.interchange.writers import write_table

    q = quarter if isinstance(quarter, Quarter) else Quarter.parse(quarter)
    kpi_values.check_year(q.year)
    with db.read() as session:
        rows = request_records(session, q, org_id, program_id)
    return write_table(path, [c.ko for c in COLUMNS], rows)
