"""The quarterly KPIs of docs/ARCHITECTURE.md ("Quarterly KPIs", items 1–11): stable codes, labels, units.

The codes are stored in `KpiTarget.kpi` and in issued reports' figures: never rename one.
Units: ``count``, ``krw`` (whole won), ``ratio`` (0.25 = 25 %; targets of ratio KPIs are ratios
too), ``days``, ``hours``, ``krw_per_100m`` (won of sales per ₩100m of national funding).
`additive` says whether targets of several programs add up (counts, won) or are averaged (rates).
"""

from __future__ import annotations

from dataclasses import dataclass

from hubdesk.i18n import N_, _


@dataclass(frozen=True)
class KpiDef:
    code: str
    group: int          # the item of docs/ARCHITECTURE.md's list (1–11)
    label_msgid: str    # English source, translated by `label`
    unit: str

    @property
    def label(self) -> str:
        return _(self.label_msgid)

    @property
    def additive(self) -> bool:
        return self.unit in ("count", "krw", "hours")


_DEFS = (
    KpiDef("companies_supported", 1, N_("Companies supported"), "count"),
    KpiDef("support_equipment_use", 2, N_("Support given: equipment use"), "count"),
    KpiDef("support_prototype", 2, N_("Support given: prototypes"), "count"),
    KpiDef("support_testing", 2, N_("Support given: testing"), "count"),
    KpiDef("support_consulting", 2, N_("Support given: consulting"), "count"),
    KpiDef("support_certification", 2, N_("Support given: certification"), "count"),
    KpiDef("support_marketing", 2, N_("Support given: marketing"), "count"),
    KpiDef("agreements_signed", 3, N_("Attraction agreements signed"), "count"),
    KpiDef("tenants_moved_in", 3, N_("Tenants moved in"), "count"),
    KpiDef("investment_agreed_krw", 4, N_("Investment attracted, agreed"), "krw"),
    KpiDef("investment_executed_krw", 4, N_("Investment attracted, executed"), "krw"),
    KpiDef("new_jobs", 5, N_("New jobs"), "count"),
    KpiDef("permanent_share", 5, N_("Share of permanent positions"), "ratio"),
    KpiDef("sales_krw", 6, N_("Commercialisation sales"), "krw"),
    KpiDef("exports_krw", 6, N_("Exports"), "krw"),
    KpiDef("export_consultations", 6, N_("Export consultations"), "count"),
    KpiDef("export_consultation_krw", 6, N_("Export consultation value"), "krw"),
    KpiDef("export_contracts", 6, N_("Export contracts"), "count"),
    KpiDef("export_contracts_krw", 6, N_("Export contract value"), "krw"),
    KpiDef("patents_filed", 7, N_("Patents filed"), "count"),
    KpiDef("patents_registered", 7, N_("Patents registered"), "count"),
    KpiDef("certifications_new", 7, N_("New certifications"), "count"),
    KpiDef("utilisation_rate", 8, N_("Facility utilisation"), "ratio"),
    KpiDef("equipment_hours", 8, N_("Equipment hours booked"), "hours"),
    KpiDef("facility_user_companies", 8, N_("Facility user companies"), "count"),
    KpiDef("fee_revenue_krw", 8, N_("Facility fee revenue"), "krw"),
    KpiDef("case_submissions", 9, N_("Clinical-entry submissions"), "count"),
    KpiDef("case_approvals", 9, N_("Clinical-entry approvals"), "count"),
    KpiDef("median_review_days", 9, N_("Median review days (supplement time excluded)"), "days"),
    KpiDef("events", 10, N_("Events held"), "count"),
    KpiDef("event_participants", 10, N_("Event participants"), "count"),
    KpiDef("buyer_meetings", 10, N_("Buyer meetings"), "count"),
    KpiDef("budget_execution_national", 11, N_("Budget execution, national funds"), "ratio"),
    KpiDef("budget_execution_local", 11, N_("Budget execution, local funds"), "ratio"),
    KpiDef("budget_execution_private", 11, N_("Budget execution, private funds"), "ratio"),
    KpiDef("target_achievement", 11, N_("Target achievement"), "ratio"),
    KpiDef("milestone_on_time_rate", 11, N_("Milestones on time"), "ratio"),
    KpiDef("sales_per_100m_national", 11, N_("Sales per ₩100m of national funding"), "krw_per_100m"),
)

KPI_DEFS: dict[str, KpiDef] = {d.code: d for d in _DEFS}
KPI_CODES: tuple[str, ...] = tuple(d.code for d in _DEFS)

GROUP_TITLES = {
    1: N_("Companies supported"),
    2: N_("Support given by type"),
    3: N_("Companies attracted"),
    4: N_("Investment attracted"),
    5: N_("New jobs"),
    6: N_("Sales and exports"),
    7: N_("Patents and certifications"),
    8: N_("Facility utilisation"),
    9: N_("Clinical entry"),
    10: N_("Events"),
    11: N_("Budget and targets"),
}


def kpi_label(code: str) -> str:
    """The translated label of a KPI code (the code itself when unknown, e.g. an old target)."""
    kpi = KPI_DEFS.get(code)
    return kpi.label if kpi else code


def group_title(group: int) -> str:
    return _(GROUP_TITLES[group])


__all__ = ["GROUP_TITLES", "KPI_CODES", "KPI_DEFS", "KpiDef", "group_title", "kpi_label"]
