"""An organization's growth figures for one quarter (KpiValue): the one place they are checked and
written, by the organization page and by the KPI import alike.

Figures are whole numbers, zero or more (KRW in whole won); people and patents fit an INTEGER
column; permanent hires are part of the new hires. A quarter whose report was issued is locked
(hubdesk.domain.report_lock refuses the write with its sentence).
"""

from __future__ import annotations

from typing import Any, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubdesk.db.schema import KpiValue
from hubdesk.domain.inputs import require_year
from hubdesk.domain.quarters import Quarter
from hubdesk.errors import DomainError
from hubdesk.i18n import _

FIGURES = ("headcount", "new_hires", "permanent_hires", "sales_krw", "exports_krw", "investment_agreed_krw",
           "investment_executed_krw", "patents_filed", "patents_registered")
COUNT_FIGURES = ("headcount", "new_hires", "permanent_hires", "patents_filed", "patents_registered")
MAX_COUNT = 2**31 - 1   # headcount, hires and patents are INTEGER columns (32 bits on PostgreSQL)
MAX_KRW = 2**63 - 1     # amounts are BIGINT columns

__all__ = ["COUNT_FIGURES", "FIGURES", "MAX_COUNT", "check_figures", "check_year", "kpi_values_of",
           "set_kpi_values"]


def check_year(year: int) -> int:
    """A year KPI figures can belong to (refuses "0000Q1" and the like): the one year rule."""
    return require_year(year, "year")


def check_figures(figures: Mapping[str, Any]) -> None:
    """Raise DomainError (with the figure as its field) for the first figure that cannot be kept."""
    for name in FIGURES:
        value = figures.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise DomainError(_("“{value}” is not a whole number. Enter digits only, for example 1200.")
                              .format(value=value), field=name, code="not_a_number")
        if value < 0:
            raise DomainError(_("{value} is negative. Write zero or a positive number.").format(value=value),
                              field=name, code="negative")
        if value > (MAX_COUNT if name in COUNT_FIGURES else MAX_KRW):
            raise DomainError(_("{value} is too large a number to keep. Check the number of digits.")
                              .format(value=value), field=name, code="too_large")
    permanent, hires = figures.get("permanent_hires"), figures.get("new_hires")
    if permanent is not None and hires is not None and permanent > hires:
        raise DomainError(_("{permanent} permanent hires is more than the {hires} new hires. Correct one of "
                            "the two figures.").format(permanent=permanent, hires=hires),
                          field="permanent_hires", code="permanent_over_hires")


def kpi_values_of(session: Session, org_id: int, quarter: Quarter) -> KpiValue | None:
    return session.scalars(select(KpiValue).where(KpiValue.organization_id == org_id,
                                                  KpiValue.year == quarter.year,
                                                  KpiValue.quarter == quarter.quarter)).first()


def set_kpi_values(session: Session, org_id: int, quarter: Quarter | str, figures: Mapping[str, Any], *,
                   uid: str | None = None) -> tuple[KpiValue | None, str]:
    """Make the figures of `org_id` for `quarter` exactly `figures` (a missing or None figure is
    blank). Returns the row (None when nothing is kept) and what happened: "created", "updated",
    "unchanged" or "removed" (every figure blank)."""
    from hubdesk.domain.organizations import get_organization

    q = quarter if isinstance(quarter, Quarter) else Quarter.parse(quarter)
    check_year(q.year)
    get_organization(session, org_id)
    unknown = set(figures) - set(FIGURES)
    if unknown:
        raise DomainError(_("“{value}” is not a KPI figure. Use one of: {choices}.")
                          .format(value=sorted(unknown)[0], choices=", ".join(FIGURES)), code="unknown_figure")
    values = {name: figures.get(name) for name in FIGURES}
    check_figures(values)
    kpi = kpi_values_of(session, org_id, q)
    if kpi is None:
        if all(v is None for v in values.values()):
            return None, "unchanged"
        kpi = KpiValue(organization_id=org_id, year=q.year, quarter=q.quarter, **values)
        if uid:
            kpi.uid = uid
        session.add(kpi)
        session.flush()
        return kpi, "created"
    if all(getattr(kpi, name) == value for name, value in values.items()):
        return kpi, "unchanged"
    if all(v is None for v in values.values()):
        session.delete(kpi)
        session.flush()
        return None, "removed"
    for name, value in values.items():
        setattr(kpi, name, value)
    session.flush()
    return kpi, "updated"
