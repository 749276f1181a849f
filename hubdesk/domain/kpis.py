"""Quarterly KPIs (docs/ARCHITECTURE.md, "Quarterly KPIs", items 1–11) for a quarter and the year to date.

`quarter_figures(session, quarter)` returns a :class:`QuarterFigures`: plain, JSON-serialisable
data (`to_dict()` / `from_dict()`) used by the PDF report and the dashboard and stored in
`IssuedReport.figures` when a report is issued. Every figure is aggregated in the database
(COUNT / SUM / GROUP BY); Python only combines the aggregates.

Definitions (period = the quarter, or 1 January to the quarter's end for the year to date):
- companies supported: distinct organizations with a support interaction in the period;
  support by type: support interactions per support type;
- agreements signed / tenants moved in: organizations whose `agreement_signed_on` /
  `moved_in_on` falls in the period;
- investment, new jobs, sales, exports, patents: sums of the organizations' `KpiValue` rows of the
  period's quarters; permanent share = permanent hires ÷ new hires over rows giving both;
- export consultations / contracts, events, participants, buyer meetings: from `Event` rows held in
  the period; new certifications: certifications issued in the period, by type;
- facility figures: see `hubdesk.domain.utilisation`;
- clinical entry: `hubdesk.domain.cases` (cases by stage is a snapshot of today);
- budget execution: the budget lines of the fiscal year (all programs), cumulative spend to the
  quarter's end ÷ annual budget, by source; "local funds" adds provincial and city money
  (`hubdesk.domain.budgets.KPI_SOURCE_GROUPS`); the same figure in both columns;
- milestone on-time rate: `hubdesk.domain.milestones.milestone_on_time_rate`;
- sales per ₩100m of national funding: sales ÷ (national budget of the year's programs ÷ 100,000,000);
- target achievement: per target (`hubdesk.domain.kpi_targets`; a foundation-wide target stands
  alone, else the programs' targets combine), actual ÷ target (`achievement`); the KPI is the mean over the
  annual targets (year-to-date column) or the quarter's targets (quarter column).
Rates are ratios (0.25 = 25 %); a figure that cannot be computed (nothing to divide by) is None.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import Session

from hubdesk.db.enums import FundingSource, InteractionKind, SupportType
from hubdesk.db.schema import Certification, Event, Interaction, KpiTarget, KpiValue, Organization
from hubdesk.domain.kpi_codes import KPI_CODES, KPI_DEFS, KpiDef, kpi_label
from hubdesk.domain.quarters import Quarter

if TYPE_CHECKING:
    from hubdesk.domain.utilisation import FacilityFigures

FORMAT_VERSION = 1
HUNDRED_MILLION = 100_000_000

Number = int | float | None


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    year: int
    first_quarter: int
    last_quarter: int

    @classmethod
    def quarter(cls, q: Quarter) -> "Period":
        return cls(q.start, q.end, q.year, q.quarter, q.quarter)

    @classmethod
    def year_to_date(cls, q: Quarter) -> "Period":
        return cls(q.year_start(), q.end, q.year, 1, q.quarter)


@dataclass
class QuarterFigures:
    """Everything a quarterly report shows. Values are int, float or None; keys are strings."""

    quarter: str
    quarter_values: dict[str, Number]
    ytd_values: dict[str, Number]
    breakdowns: dict[str, object] = field(default_factory=dict)
    achievement: list[dict] = field(default_factory=list)
    version: int = FORMAT_VERSION

    def to_dict(self) -> dict:
        return {"version": self.version, "quarter": self.quarter, "quarter_values": dict(self.quarter_values),
                "ytd_values": dict(self.ytd_values), "breakdowns": self.breakdowns,
                "achievement": list(self.achievement)}

    @classmethod
    def from_dict(cls, data: dict) -> "QuarterFigures":
        return cls(quarter=data["quarter"], quarter_values=dict(data["quarter_values"]),
                   ytd_values=dict(data["ytd_values"]), breakdowns=dict(data.get("breakdowns", {})),
                   achievement=list(data.get("achievement", [])), version=int(data.get("version", 1)))

    @property
    def period(self) -> Quarter:
        return Quarter.parse(self.quarter)

    def achievements(self) -> list["Achievement"]:
        """The stored target achievement as objects (no database needed)."""
        return [Achievement(**a) for a in self.achievement]


def _ratio(num: Number, den: Number) -> float | None:
    if num is None or not den:
        return None
    return num / den


def _in(col, p: Period):
    return col.between(p.start, p.end)


# --- items 1–2: support --------------------------------------------------------------------------

def companies_supported(session: Session, periods: list[Period]) -> list[int]:
    """The companies given support in each period (an organization once a period), for several
    periods in one statement (the Dashboard's trend)."""
    if not periods:
        return []
    counts = [func.count(distinct(case((_in(Interaction.occurred_on, p), Interaction.organization_id))))
              for p in periods]
    row = session.execute(select(*counts).where(Interaction.kind == InteractionKind.SUPPORT,
                                                Interaction.occurred_on.between(min(p.start for p in periods),
                                                                                max(p.end for p in periods)))).one()
    return [int(v or 0) for v in row]


def support_figures(session: Session, p: Period) -> tuple[int, dict[str, int]]:
    is_support = (Interaction.kind == InteractionKind.SUPPORT) & _in(Interaction.occurred_on, p)
    companies = companies_supported(session, [p])[0]
    by_type = dict(session.execute(select(Interaction.support_type, func.count())
                                   .where(is_support).group_by(Interaction.support_type)).all())
    return int(companies or 0), {t.value: int(by_type.get(t, 0)) for t in SupportType}


# --- item 3: attraction --------------------------------------------------------------------------

def attraction_figures(session: Session, p: Period) -> dict[str, int]:
    row = session.execute(select(
        func.coalesce(func.sum(case((_in(Organization.agreement_signed_on, p), 1), else_=0)), 0),
        func.coalesce(func.sum(case((_in(Organization.moved_in_on, p), 1), else_=0)), 0))
        .where(_in(Organization.agreement_signed_on, p) | _in(Organization.moved_in_on, p))).one()
    return {"agreements_signed": int(row[0]), "tenants_moved_in": int(row[1])}


# --- items 4–7: company growth -------------------------------------------------------------------

_SUMMED = ("investment_agreed_krw", "investment_executed_krw", "new_hires", "sales_krw", "exports_krw",
           "patents_filed", "patents_registered")


def growth_figures(session: Session, p: Period) -> dict[str, Number]:
    sums = [func.coalesce(func.sum(getattr(KpiValue, name)), 0) for name in _SUMMED]
    perm = func.sum(KpiValue.permanent_hires)
    perm_base = func.sum(case((KpiValue.permanent_hires.is_not(None), KpiValue.new_hires), else_=None))
    row = session.execute(select(*sums, perm, perm_base).where(
        KpiValue.year == p.year, KpiValue.quarter.between(p.first_quarter, p.last_quarter))).one()
    values: dict[str, Number] = dict(zip(_SUMMED, (int(v) for v in row[:len(_SUMMED)])))
    values["new_jobs"] = values.pop("new_hires")
    values["permanent_share"] = _ratio(row[-2], row[-1])
    return values


def certification_figures(session: Session, p: Period) -> dict[str, int]:
    return {str(t): int(n) for t, n in session.execute(
        select(Certification.type, func.count()).where(_in(Certification.issued_on, p))
        .group_by(Certification.type).order_by(Certification.type))}


# --- items 6 and 10: events ----------------------------------------------------------------------

def event_figures(session: Session, p: Period) -> tuple[dict[str, int], dict[str, int]]:
    row = session.execute(select(
        func.count(), func.coalesce(func.sum(Event.participants), 0),
        func.coalesce(func.sum(Event.buyer_meetings), 0), func.coalesce(func.sum(Event.export_consultations), 0),
        func.coalesce(func.sum(Event.export_consultation_krw), 0),
        func.coalesce(func.sum(Event.export_contracts), 0), func.coalesce(func.sum(Event.export_contract_krw), 0))
        .where(_in(Event.held_on, p))).one()
    totals = dict(zip(("events", "event_participants", "buyer_meetings", "export_consultations",
                       "export_consultation_krw", "export_contracts", "export_contracts_krw"),
                      (int(v) for v in row)))
    by_kind = {str(k): int(n) for k, n in session.execute(
        select(Event.kind, func.count()).where(_in(Event.held_on, p)).group_by(Event.kind).order_by(Event.kind))}
    return totals, by_kind


# --- item 9: clinical entry ----------------------------------------------------------------------

def clinical_figures(session: Session, p: Period, today: dt.date | None) -> dict[str, object]:
    from hubdesk.domain import cases

    submissions = cases.submissions_in(session, p.start, p.end)
    approvals = cases.approvals_in(session, p.start, p.end)
    return {
        "case_submissions": sum(submissions.values()),
        "case_approvals": sum(approvals.values()),
        "median_review_days": cases.median_review_days(session, p.start, p.end, today=today),
        "submissions_by_pathway": {str(k): int(v) for k, v in submissions.items()},
        "approvals_by_pathway": {str(k): int(v) for k, v in approvals.items()},
    }


# --- one period ----------------------------------------------------------------------------------

def period_values(session: Session, p: Period, *, today: dt.date | None = None,
                  facility: "FacilityFigures | None" = None) -> tuple[dict[str, Number], dict[str, object]]:
    """(kpi code -> value, breakdowns) for one period; target_achievement is left to the caller.
    `facility` passes facility figures already computed for the period."""
    from hubdesk.domain.budgets import execution_for_year, kpi_execution
    from hubdesk.domain.milestones import milestone_on_time_rate
    from hubdesk.domain.utilisation import facility_figures

    v: dict[str, Number] = {}
    b: dict[str, object] = {}
    v["companies_supported"], by_type = support_figures(session, p)
    for t, n in by_type.items():
        v[f"support_{t}"] = n
    b["support_by_type"] = by_type
    v.update(attraction_figures(session, p))
    v.update(growth_figures(session, p))
    events, by_kind = event_figures(session, p)
    v.update(events)
    b["events_by_kind"] = by_kind
    certs = certification_figures(session, p)
    v["certifications_new"] = sum(certs.values())
    b["certifications_by_type"] = certs

    fac = facility if facility is not None else facility_figures(session, p.start, p.end)
    v["utilisation_rate"] = fac.utilisation_rate
    v["equipment_hours"] = fac.equipment_hours
    v["facility_user_companies"] = fac.user_companies
    v["fee_revenue_krw"] = fac.fee_revenue_krw
    b["utilisation_by_resource"] = [r.as_dict() for r in fac.resources]
    b["utilisation_days"] = {"bookable": fac.bookable_days, "booked": fac.booked_days}

    clinical = clinical_figures(session, p, today)
    for key in ("case_submissions", "case_approvals", "median_review_days"):
        v[key] = cast(Number, clinical[key])
    b["submissions_by_pathway"] = clinical["submissions_by_pathway"]
    b["approvals_by_pathway"] = clinical["approvals_by_pathway"]

    execution = execution_for_year(session, p.year, as_of=p.end)
    for group, combined in kpi_execution(execution).items():
        v[f"budget_execution_{group}"] = combined.rate
    # sources without budget or spend (often "other") are left out of the report's table
    b["budget_by_source"] = {s.value: e.as_dict() for s, e in execution.items() if e.budget or e.spent}
    v["milestone_on_time_rate"] = milestone_on_time_rate(session, p.start, p.end, today=today)
    national = execution[FundingSource.NATIONAL].budget
    v["sales_per_100m_national"] = _ratio(v["sales_krw"], national / HUNDRED_MILLION if national else 0)
    v["target_achievement"] = None
    return v, b


# --- targets -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Achievement:
    kpi: str
    scope: str              # "year" (annual target vs year to date) or "quarter"
    actual: Number
    target: float
    pct: float | None       # actual ÷ target (1.0 = 100 %); None when it cannot be computed

    @property
    def label(self) -> str:
        return kpi_label(self.kpi)

    def as_dict(self) -> dict:
        return {"kpi": self.kpi, "scope": self.scope, "actual": self.actual, "target": self.target,
                "pct": self.pct}


def _targets(session: Session, quarter: Quarter) -> list[tuple[str, str, float]]:
    """(kpi, scope, target) for the year and the quarter. A foundation-wide target (no program,
    `hubdesk.domain.kpi_targets`) is the foundation's own aim and stands alone; without one, the
    targets of the programs are added (counts, won) or averaged (rates, days)."""
    rows: Any = session.execute(
        select(KpiTarget.kpi, KpiTarget.quarter, KpiTarget.program_id.is_(None),
               func.sum(KpiTarget.target_value), func.avg(KpiTarget.target_value))
        .where(KpiTarget.year == quarter.year,
               KpiTarget.quarter.is_(None) | (KpiTarget.quarter == quarter.quarter))
        .group_by(KpiTarget.kpi, KpiTarget.quarter, KpiTarget.program_id.is_(None)))
    chosen: dict[tuple[str, int | None], tuple[bool, float, float]] = {}
    for kpi, q, foundation, total, mean in rows:
        if (kpi, q) not in chosen or foundation:
            chosen[(kpi, q)] = (bool(foundation), float(total), float(mean))
    result = []
    for (kpi, q), (_foundation, total, mean) in sorted(chosen.items(), key=lambda i: (i[0][0], i[0][1] or 0)):
        kdef: KpiDef | None = KPI_DEFS.get(kpi)
        additive = kdef.additive if kdef else True
        result.append((kpi, "year" if q is None else "quarter", total if additive else mean))
    return result


def _achievements(targets, quarter_values, ytd_values) -> list[Achievement]:
    out = []
    for kpi, scope, target in targets:
        if kpi == "target_achievement":
            continue
        actual = (ytd_values if scope == "year" else quarter_values).get(kpi)
        out.append(Achievement(kpi, scope, actual, target, _ratio(actual, target)))
    return out


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def achievement(session: Session, quarter: Quarter, *, today: dt.date | None = None,
                figures: QuarterFigures | None = None) -> list[Achievement]:
    """Per KPI target of the year: actual, target and actual ÷ target. Annual targets are compared
    with the year to date, quarterly targets with the quarter."""
    figures = figures or quarter_figures(session, quarter, today=today)
    return _achievements(_targets(session, quarter), figures.quarter_values, figures.ytd_values)


# --- the whole quarter ---------------------------------------------------------------------------

def quarter_figures(session: Session, quarter: Quarter, *, today: dt.date | None = None) -> QuarterFigures:
    """Every KPI for `quarter` and for the year to date, with breakdowns and target achievement."""
    from hubdesk.domain import cases
    from hubdesk.domain.utilisation import combine, facility_figures_per_period

    # Facility figures add up over quarters: every quarter of the year to date in one pass over
    # the bookings, and the year to date as their combination (the bookings are read once).
    quarters = [Quarter(quarter.year, n) for n in range(1, quarter.quarter + 1)]
    facility = facility_figures_per_period(session, [(q.start, q.end) for q in quarters])
    qv, qb = period_values(session, Period.quarter(quarter), today=today, facility=facility[-1])
    yv, yb = period_values(session, Period.year_to_date(quarter), today=today, facility=combine(facility))
    achieved = _achievements(_targets(session, quarter), qv, yv)
    qv["target_achievement"] = _mean([a.pct for a in achieved if a.scope == "quarter" and a.pct is not None])
    yv["target_achievement"] = _mean([a.pct for a in achieved if a.scope == "year" and a.pct is not None])
    breakdowns: dict[str, object] = {name: {"quarter": qb[name], "ytd": yb[name]} for name in qb}
    breakdowns["cases_by_stage"] = {str(k): int(n) for k, n in cases.cases_by_stage(session).items()}
    return QuarterFigures(
        quarter=str(quarter),
        quarter_values={code: qv.get(code) for code in KPI_CODES},
        ytd_values={code: yv.get(code) for code in KPI_CODES},
        breakdowns=breakdowns,
        achievement=[a.as_dict() for a in achieved],
    )


# --- a few KPIs (the Dashboard's tiles) ----------------------------------------------------------

# the codes each family of figures gives; a code of no family here (budget execution, milestones,
# sales per national funding, target achievement) is computed with the whole quarter
_SUPPORT = frozenset({"companies_supported", *(f"support_{t.value}" for t in SupportType)})
_ATTRACTION = frozenset({"agreements_signed", "tenants_moved_in"})
_GROWTH = frozenset({"investment_agreed_krw", "investment_executed_krw", "new_jobs", "permanent_share", "sales_krw",
                     "exports_krw", "patents_filed", "patents_registered"})
_EVENTS = frozenset({"events", "event_participants", "buyer_meetings", "export_consultations",
                     "export_consultation_krw", "export_contracts", "export_contracts_krw"})
_FACILITY = frozenset({"utilisation_rate", "equipment_hours", "facility_user_companies", "fee_revenue_krw"})
_CLINICAL = frozenset({"case_submissions", "case_approvals", "median_review_days"})
_BY_FAMILY = _SUPPORT | _ATTRACTION | _GROWTH | _EVENTS | _FACILITY | _CLINICAL | {"certifications_new"}


@dataclass
class TileFigures:
    """Some KPIs of a quarter: the quarter's value of every code asked, the year to date's of the
    codes asked for it, and the achievement of the targets set for the codes asked."""

    quarter: str
    quarter_values: dict[str, Number]
    ytd_values: dict[str, Number]
    achievement: list[Achievement]


def _family_values(session: Session, p: Period, wanted: set[str], today: dt.date | None) -> dict[str, Number]:
    """The values of `wanted` codes for one period, each family computed as `period_values` does,
    the facility figures and companies supported left to the caller (several periods at once)."""
    from hubdesk.domain import cases

    v: dict[str, Number] = {}
    if wanted & (_SUPPORT - {"companies_supported"}):
        _companies, by_type = support_figures(session, p)
        v.update({f"support_{t}": n for t, n in by_type.items()})
    if wanted & _ATTRACTION:
        v.update(attraction_figures(session, p))
    if wanted & _GROWTH:
        v.update(growth_figures(session, p))
    if wanted & _EVENTS:
        v.update(event_figures(session, p)[0])
    if "certifications_new" in wanted:
        v["certifications_new"] = sum(certification_figures(session, p).values())
    if "case_submissions" in wanted:
        v["case_submissions"] = sum(cases.submissions_in(session, p.start, p.end).values())
    if "case_approvals" in wanted:
        v["case_approvals"] = sum(cases.approvals_in(session, p.start, p.end).values())
    if "median_review_days" in wanted:
        v["median_review_days"] = cases.median_review_days(session, p.start, p.end, today=today)
    return {code: v[code] for code in wanted if code in v}


def _facility_values(fac: "FacilityFigures") -> dict[str, Number]:
    return {"utilisation_rate": fac.utilisation_rate, "equipment_hours": fac.equipment_hours,
            "facility_user_companies": fac.user_companies, "fee_revenue_krw": fac.fee_revenue_krw}


def tile_figures(session: Session, quarter: Quarter, codes, *, today: dt.date | None = None,
                 year_to_date=None) -> TileFigures:
    """The figures of a few KPI `codes` (the Dashboard's tiles), computing only the families of
    figures they need; the same numbers as `quarter_figures` gives for them. The achievement is
    that of the target each code is held to: the quarter's target where one is set, else the
    annual one. Year-to-date values are computed for the codes held to an annual target and those
    in `year_to_date`; the facility figures of the earlier quarters only then."""
    from hubdesk.domain.utilisation import combine, facility_figures_per_period

    codes = tuple(codes)
    # the target a tile is held to: the quarter's where one is set, else the year's
    held: dict[str, tuple[str, str, float]] = {}
    for kpi, scope, target in _targets(session, quarter):
        if kpi in codes and (kpi not in held or scope == "quarter"):
            held[kpi] = (kpi, scope, target)
    targets = [held[code] for code in codes if code in held]
    ytd_codes = {kpi for kpi, scope, _target in targets if scope == "year"} | (set(year_to_date or ()) & set(codes))
    if not set(codes) <= _BY_FAMILY:
        # a figure of the whole quarter (budget execution, target achievement…): as the report computes it
        figures = quarter_figures(session, quarter, today=today)
        qv = {code: figures.quarter_values.get(code) for code in codes}
        yv = {code: figures.ytd_values.get(code) for code in ytd_codes}
    else:
        qp, yp = Period.quarter(quarter), Period.year_to_date(quarter)
        qv = _family_values(session, qp, set(codes), today)
        yv = _family_values(session, yp, ytd_codes, today) if ytd_codes else {}
        if "companies_supported" in codes:      # both periods in one statement
            periods = [qp, yp] if "companies_supported" in ytd_codes else [qp]
            counts = companies_supported(session, periods)
            qv["companies_supported"] = counts[0]
            if len(counts) > 1:
                yv["companies_supported"] = counts[1]
        if set(codes) & _FACILITY:
            # the year to date as the combination of its quarters, as quarter_figures has it
            quarters = ([Quarter(quarter.year, n) for n in range(1, quarter.quarter + 1)]
                        if ytd_codes & _FACILITY else [quarter])
            facility = facility_figures_per_period(session, [(q.start, q.end) for q in quarters])
            qv.update({c: v for c, v in _facility_values(facility[-1]).items() if c in codes})
            if ytd_codes & _FACILITY:
                yv.update({c: v for c, v in _facility_values(combine(facility)).items() if c in ytd_codes})
    qv = {code: qv.get(code) for code in codes}
    yv = {code: yv.get(code) for code in codes if code in ytd_codes}
    return TileFigures(str(quarter), qv, yv, _achievements(targets, qv, yv))


__all__ = [
    "Achievement", "FORMAT_VERSION", "KPI_CODES", "KPI_DEFS", "KpiDef", "Period", "QuarterFigures", "TileFigures",
    "achievement", "kpi_label", "period_values", "quarter_figures", "tile_figures",
]
