"""KPI targets: what a program, or the foundation as a whole (no program), aims at for a KPI in
a year or in one quarter. The quarterly report compares them with the actual figures
(`hubdesk.domain.kpis.achievement`).

Rules: the KPI is one of `hubdesk.domain.kpi_codes.KPI_CODES` (not the derived "target
achievement"); the value is a number 0 or more (a ratio for rate KPIs: 0.65 = 65 %); the quarter
is 1–4 or none (a yearly target); a program's target is for one of its fiscal years; one target
per program (or foundation), year, quarter and KPI — checked here, since databases let NULL
program or quarter repeat in a unique key. A quarterly target of an issued quarter is locked.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubdesk.db.ids import get_row
from hubdesk.db.schema import KpiTarget
from hubdesk.domain.inputs import require_finite, require_year
from hubdesk.domain.kpi_codes import KPI_DEFS, kpi_label
from hubdesk.domain.records import assign
from hubdesk.errors import DomainError
from hubdesk.i18n import _

NOT_TARGETS = ("target_achievement",)


@dataclass(frozen=True)
class KpiTargetInput:
    year: int
    kpi: str
    target_value: float
    quarter: int | None = None          # None: a target for the whole year
    program_id: int | None = None       # None: a target of the foundation as a whole


def get_kpi_target(session: Session, target_id: int) -> KpiTarget:
    row = get_row(session, KpiTarget, target_id)
    if row is None:
        raise DomainError(_("This KPI target no longer exists. Refresh the list."), code="not_found")
    return row


def require_kpi_code(code: str, field: str = "kpi") -> str:
    """A KPI code from its code or its label in the current language."""
    text = str(code or "").strip()
    if text in KPI_DEFS and text not in NOT_TARGETS:
        return text
    for known in KPI_DEFS:
        if known not in NOT_TARGETS and text and text.casefold() == kpi_label(known).casefold():
            return known
    raise DomainError(_("“{value}” is not a KPI a target can be set for. Choose one of the KPIs of the quarterly "
                        "report, for example companies_supported.").format(value=text),
                      field=field, code="invalid_kpi")


def find_kpi_target(session: Session, program_id: int | None, year: int, quarter: int | None,
                    kpi: str) -> KpiTarget | None:
    query = select(KpiTarget).where(KpiTarget.year == year, KpiTarget.kpi == kpi)
    query = query.where(KpiTarget.program_id.is_(None) if program_id is None else KpiTarget.program_id == program_id)
    query = query.where(KpiTarget.quarter.is_(None) if quarter is None else KpiTarget.quarter == quarter)
    return session.scalars(query.order_by(KpiTarget.id)).first()


def _values(session: Session, data: KpiTargetInput) -> dict:
    year = require_year(data.year, "year")
    quarter = data.quarter
    if quarter is not None and (isinstance(quarter, bool) or quarter not in (1, 2, 3, 4)):
        raise DomainError(_("“{value}” is not a quarter. Enter 1, 2, 3 or 4, or leave it empty for a yearly "
                            "target.").format(value=quarter), field="quarter", code="invalid_quarter")
    program_id = None
    if data.program_id is not None:
        from hubdesk.domain.programs import get_program, require_program_year

        program = get_program(session, data.program_id)
        require_program_year(program, year, "year")
        program_id = program.id
    return {"program_id": program_id, "year": year, "quarter": int(quarter) if quarter is not None else None,
            "kpi": require_kpi_code(data.kpi), "target_value": require_finite(data.target_value, "target_value")}


def set_kpi_target(session: Session, data: KpiTargetInput) -> KpiTarget:
    """Create the target, or change the value of the one already set for the same program (or
    foundation), year, quarter and KPI."""
    values = _values(session, data)
    row = find_kpi_target(session, values["program_id"], values["year"], values["quarter"], values["kpi"])
    if row is None:
        row = KpiTarget(**values)
        session.add(row)
    elif row.target_value != values["target_value"]:
        row.target_value = values["target_value"]
    session.flush()
    return row


def update_kpi_target(session: Session, target_id: int, data: KpiTargetInput) -> KpiTarget:
    """Change any part of a target; refused when another target has the new key."""
    row = get_kpi_target(session, target_id)
    values = _values(session, data)
    other = find_kpi_target(session, values["program_id"], values["year"], values["quarter"], values["kpi"])
    if other is not None and other.id != row.id:
        raise DomainError(_("A target for {kpi} is already set for this period. Change that target instead.")
                          .format(kpi=kpi_label(values["kpi"])), field="kpi", code="duplicate")
    return assign(session, row, values)


def remove_kpi_target(session: Session, target_id: int) -> None:
    session.delete(get_kpi_target(session, target_id))
    session.flush()


def targets_of(session: Session, *, program_id: int | None = None, foundation: bool = False,
               year: int | None = None) -> list[KpiTarget]:
    """A program's targets (or the foundation's with `foundation=True`), yearly before quarterly."""
    query = select(KpiTarget)
    if foundation:
        query = query.where(KpiTarget.program_id.is_(None))
    elif program_id is not None:
        query = query.where(KpiTarget.program_id == program_id)
    if year is not None:
        query = query.where(KpiTarget.year == year)
    return list(session.scalars(query.order_by(KpiTarget.year, KpiTarget.quarter.is_not(None), KpiTarget.quarter,
                                               KpiTarget.kpi, KpiTarget.id)))


__all__ = ["KpiTargetInput", "find_kpi_target", "get_kpi_target", "remove_kpi_target", "require_kpi_code",
           "set_kpi_target", "targets_of", "update_kpi_target"]
