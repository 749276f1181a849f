"""Quarterly KPIs on a small hand-built data set where every expected number is worked out below.

Quarter: 2026Q2 (1 April – 30 June, 91 days); year to date: 1 January – 30 June (181 days).
Korean public holidays (the `holidays` package): Q1 Jan 1, Feb 16–18, Mar 1, Mar 2 (6 days);
Q2 May 1, May 5, May 24, May 25, Jun 3 (local election), Jun 6 (6 days). Closure day: Apr 15.
"""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from hubdesk.db.enums import (BookingStatus, BookingUnit, CaseStage, CertificationType, EventKind,
                              FacilityKind, Funder, FundingSource, InteractionKind, Modality, OrgKind,
                              Pathway, ResourceKind, ResourceStatus, RiskLevel, SupportType)
from hubdesk.db.schema import (Booking, Certification, ClinicalCase, ClosureDay, Event, Expenditure,
                               Facility, Interaction, KpiTarget, KpiValue, MaintenanceWindow, Milestone,
                               Organization, Program, Resource, ReviewClockStop)
from hubdesk.domain import kpis
from hubdesk.domain.calendar import closed_days
from hubdesk.domain.kpi_codes import KPI_CODES, KPI_DEFS, kpi_label
from hubdesk.domain.quarters import Quarter
from hubdesk.domain.utilisation import combine, facility_figures

Q2 = Quarter(2026, 2)
TODAY = dt.date(2026, 7, 10)
KST = ZoneInfo("Asia/Seoul")
M = 1_000_000


def kst(y, mo, d, h=0, mi=0) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, tzinfo=KST).astimezone(dt.timezone.utc)


def build(s) -> dict[str, int]:
    orgs = {k: Organization(name=n, kind=OrgKind.COMPANY) for k, n in
            [("A", "Hanbang Bio"), ("B", "Cheongju Cosmetics"), ("C", "Herb Farm"), ("D", "Cell Lab"),
             ("E", "Late Co.")]}
    orgs["A"].agreement_signed_on, orgs["A"].moved_in_on = dt.date(2026, 4, 2), dt.date(2026, 4, 20)
    orgs["B"].agreement_signed_on, orgs["B"].moved_in_on = dt.date(2026, 2, 1), dt.date(2026, 5, 3)
    A, B, C, D, E = (orgs[k] for k in "ABCDE")
    s.add_all(orgs.values())
    s.add(ClosureDay(day=dt.date(2026, 4, 15), name="Foundation day"))

    # --- facility: R1 suite (days), R2 equipment (hours), R3 retired ----------------------------
    fac = Facility(name="Bio GMP centre", kind=FacilityKind.GMP_PLANT, timezone="Asia/Seoul")
    r1 = Resource(facility=fac, name="Suite 1", kind=ResourceKind.SUITE, booking_unit=BookingUnit.DAY)
    r2 = Resource(facility=fac, name="Flow cytometer", kind=ResourceKind.EQUIPMENT, booking_unit=BookingUnit.HOUR)
    r3 = Resource(facility=fac, name="Old room", kind=ResourceKind.ROOM, booking_unit=BookingUnit.DAY,
                  status=ResourceStatus.RETIRED)
    s.add_all([fac, r1, r2, r3])
    # maintenance on R1: Apr 20, 21, 22 (local)
    s.add(MaintenanceWindow(resource=r1, starts_at=kst(2026, 4, 20), ends_at=kst(2026, 4, 23)))

    def book(res, org, start, end, status, fee=None, units=1):
        s.add(Booking(resource=res, organization=org, starts_at=start, ends_at=end, units=units,
                      status=status, fee_krw=fee))

    S = BookingStatus
    book(r1, A, kst(2026, 4, 6), kst(2026, 4, 11), S.APPROVED, 5 * M)        # 5 days, fee not yet earned
    book(r1, B, kst(2026, 4, 14), kst(2026, 4, 17), S.COMPLETED, 3 * M)      # 14, (15 closed), 16 → 2
    book(r1, E, kst(2026, 5, 11), kst(2026, 5, 13), S.CANCELLED, 2 * M)      # not counted
    book(r1, E, kst(2026, 6, 1), kst(2026, 6, 3), S.REQUESTED)               # not counted
    book(r1, A, kst(2026, 6, 29), kst(2026, 7, 3), S.CONFIRMED, 4 * M)       # Jun 29, 30 in Q2 → 2
    book(r1, C, kst(2026, 3, 30), kst(2026, 4, 2), S.COMPLETED, 1 * M)       # Q1: 2 days, Q2: Apr 1 → 1
    book(r2, B, kst(2026, 4, 6, 10), kst(2026, 4, 6, 14), S.COMPLETED, 200_000)   # 4 h, Apr 6
    book(r2, B, kst(2026, 4, 6, 15), kst(2026, 4, 6, 17), S.COMPLETED, 100_000)   # 2 h, same day
    book(r2, D, kst(2026, 4, 30, 23), kst(2026, 5, 1, 1), S.IN_USE, 100_000)      # 2 h, Apr 30 (+May 1 closed)
    book(r2, A, kst(2026, 5, 5, 10), kst(2026, 5, 5, 12), S.APPROVED, 50_000)     # 2 h on a holiday: 0 days
    book(r2, E, kst(2026, 5, 6, 10), kst(2026, 5, 6, 12), S.NO_SHOW, 50_000)      # not counted
    book(r2, B, kst(2026, 7, 1, 9), kst(2026, 7, 1, 11), S.COMPLETED, 100_000)    # Q3
    book(r2, B, kst(2026, 4, 1, 0, 30), kst(2026, 4, 1, 2, 30), S.COMPLETED, 100_000)  # March in UTC, April locally

    # --- interactions -----------------------------------------------------------------------------
    def support(org, day, stype=None, kind=InteractionKind.SUPPORT):
        s.add(Interaction(organization=org, kind=kind, support_type=stype, occurred_on=day))

    support(A, dt.date(2026, 4, 10), SupportType.TESTING)
    support(A, dt.date(2026, 5, 10), SupportType.TESTING)
    support(B, dt.date(2026, 5, 20), SupportType.CONSULTING)
    support(C, dt.date(2026, 4, 3), kind=InteractionKind.MEETING)
    support(D, dt.date(2026, 6, 30), SupportType.EQUIPMENT_USE)
    support(C, dt.date(2026, 2, 2), SupportType.MARKETING)
    support(B, dt.date(2026, 7, 2), SupportType.TESTING)

    # --- company growth ---------------------------------------------------------------------------
    s.add_all([
        KpiValue(organization=A, year=2026, quarter=1, new_hires=2, permanent_hires=1, sales_krw=100 * M,
                 exports_krw=0, investment_agreed_krw=500 * M, investment_executed_krw=0, patents_filed=1,
                 patents_registered=0),
        KpiValue(organization=A, year=2026, quarter=2, new_hires=3, permanent_hires=3, sales_krw=200 * M,
                 exports_krw=50 * M, investment_agreed_krw=0, investment_executed_krw=300 * M, patents_filed=2,
                 patents_registered=1),
        KpiValue(organization=B, year=2026, quarter=2, new_hires=5, sales_krw=300 * M, patents_registered=1),
        KpiValue(organization=A, year=2025, quarter=2, sales_krw=999),
    ])
    s.add_all([Certification(organization=A, type=CertificationType.HACCP, issued_on=dt.date(2026, 4, 5)),
               Certification(organization=B, type=CertificationType.ISO9001, issued_on=dt.date(2026, 6, 1)),
               Certification(organization=B, type=CertificationType.HACCP, issued_on=dt.date(2026, 1, 10))])

    # --- events -----------------------------------------------------------------------------------
    s.add_all([
        Event(name="K-Herb buyers", kind=EventKind.BUYER_MEETING, held_on=dt.date(2026, 5, 12), participants=40,
              buyer_meetings=12, export_consultations=5, export_consultation_krw=800 * M, export_contracts=2,
              export_contract_krw=150 * M),
        Event(name="GMP seminar", kind=EventKind.SEMINAR, held_on=dt.date(2026, 6, 20), participants=60),
        Event(name="New year networking", kind=EventKind.NETWORKING, held_on=dt.date(2026, 3, 3), participants=25),
    ])

    # --- programs ---------------------------------------------------------------------------------
    from tests.factories import make_expenditure, make_program

    p1 = make_program(s, "Herbal cluster", funder=Funder.MOTIE, fiscal_year=2026,
                      budgets={"national": 1000 * M, "provincial": 300 * M, "city": 200 * M})
    p2 = make_program(s, "Regenerative hub", funder=Funder.MAFRA, fiscal_year=2026,
                      budgets={"national": 1000 * M, "private": 100 * M})
    p0 = make_program(s, "Last year", funder=Funder.CITY, fiscal_year=2025, budgets={"national": 9000 * M})
    for prog, day, src, amount in [(p1, dt.date(2026, 3, 15), FundingSource.NATIONAL, 300 * M),
                                   (p1, dt.date(2026, 5, 10), FundingSource.NATIONAL, 200 * M),
                                   (p2, dt.date(2026, 6, 30), FundingSource.NATIONAL, 100 * M),
                                   (p1, dt.date(2026, 4, 1), FundingSource.PROVINCIAL, 100 * M),
                                   (p2, dt.date(2026, 7, 5), FundingSource.PRIVATE, 50 * M),
                                   (p0, dt.date(2025, 6, 1), FundingSource.NATIONAL, 5000 * M)]:
        make_expenditure(s, prog.lines[src.value], day, amount)
    s.add_all([Milestone(program=p1, title="M1", due_on=dt.date(2026, 4, 30), done_on=dt.date(2026, 4, 28)),
               Milestone(program=p1, title="M2", due_on=dt.date(2026, 5, 31), done_on=dt.date(2026, 6, 5)),
               Milestone(program=p2, title="M3", due_on=dt.date(2026, 6, 15)),
               Milestone(program=p2, title="M4", due_on=dt.date(2026, 2, 10), done_on=dt.date(2026, 2, 10))])
    s.add_all([KpiTarget(program_id=p1.id, year=2026, kpi="new_jobs", target_value=20),
               KpiTarget(program_id=p2.id, year=2026, kpi="new_jobs", target_value=5),
               KpiTarget(year=2026, kpi="utilisation_rate", target_value=0.5),
               KpiTarget(year=2026, kpi="utilisation_rate", target_value=0.3),
               KpiTarget(year=2026, quarter=2, kpi="companies_supported", target_value=6),
               KpiTarget(year=2026, quarter=1, kpi="events", target_value=3),
               KpiTarget(year=2025, kpi="sales_krw", target_value=1)])

    # --- clinical-entry cases ---------------------------------------------------------------------
    common = dict(organization=D, modality=Modality.CELL_THERAPY, risk_level=RiskLevel.MEDIUM, product="MSC")
    c1 = ClinicalCase(pathway=Pathway.ARM_RESEARCH, stage=CaseStage.APPROVED, opened_on=dt.date(2026, 1, 5),
                      submitted_on=dt.date(2026, 4, 10), approved_on=dt.date(2026, 6, 9), **common)
    c2 = ClinicalCase(pathway=Pathway.IND, stage=CaseStage.IN_CONDUCT, opened_on=dt.date(2025, 11, 1),
                      submitted_on=dt.date(2026, 2, 1), approved_on=dt.date(2026, 5, 2), **common)
    c3 = ClinicalCase(pathway=Pathway.ARM_TREATMENT, stage=CaseStage.UNDER_REVIEW, opened_on=dt.date(2026, 3, 1),
                      submitted_on=dt.date(2026, 5, 20), **common)
    s.add_all([c1, c2, c3])
    s.add(ReviewClockStop(case=c1, stopped_on=dt.date(2026, 5, 1), due_on=dt.date(2026, 5, 31),
                          resumed_on=dt.date(2026, 5, 11)))
    s.flush()
    return {"r1": r1.id, "r2": r2.id, "r3": r3.id, "C": C.id}


# Expected numbers ---------------------------------------------------------------------------------
# R1 bookable: 91 − 7 closed − 3 maintenance = 81; booked 5 + 2 + 2 + 1 = 10.
# R2 bookable: 91 − 7 = 84; booked Apr 1, Apr 6, Apr 30 = 3.   YTD: 181 − 13 (−3) → 165 / 168.
EXPECTED_Q = {
    "companies_supported": 3, "support_equipment_use": 1, "support_prototype": 0, "support_testing": 2,
    "support_consulting": 1, "support_certification": 0, "support_marketing": 0,
    "agreements_signed": 1, "tenants_moved_in": 2,
    "investment_agreed_krw": 0, "investment_executed_krw": 300 * M,
    "new_jobs": 8, "permanent_share": 1.0,
    "sales_krw": 500 * M, "exports_krw": 50 * M, "export_consultations": 5, "export_consultation_krw": 800 * M,
    "export_contracts": 2, "export_contracts_krw": 150 * M,
    "patents_filed": 2, "patents_registered": 2, "certifications_new": 2,
    "utilisation_rate": 13 / 165, "equipment_hours": 12.0, "facility_user_companies": 4,
    "fee_revenue_krw": 7_500_000,
    "case_submissions": 2, "case_approvals": 2, "median_review_days": 70.0,
    "events": 2, "event_participants": 100, "buyer_meetings": 12,
    "budget_execution_national": 0.3, "budget_execution_local": 0.2, "budget_execution_private": 0.0,
    "target_achievement": 0.5, "milestone_on_time_rate": 1 / 3, "sales_per_100m_national": 25 * M,
}
EXPECTED_YTD = dict(
    EXPECTED_Q, companies_supported=4, support_marketing=1, agreements_signed=2, investment_agreed_krw=500 * M,
    new_jobs=10, permanent_share=0.8, sales_krw=600 * M, patents_filed=3, certifications_new=3,
    utilisation_rate=15 / 333, fee_revenue_krw=8_500_000, case_submissions=3, events=3, event_participants=125,
    milestone_on_time_rate=0.5, sales_per_100m_national=30 * M,
    target_achievement=(10 / 25 + (15 / 333) / 0.4) / 2,
)


def _assert_values(actual: dict, expected: dict):
    assert set(actual) == set(KPI_CODES)
    for code in KPI_CODES:
        if isinstance(expected[code], float):
            assert actual[code] == pytest.approx(expected[code]), code
        else:
            assert actual[code] == expected[code], code


def test_calendar_precondition(db):
    with db.write() as s:
        build(s)
        assert len(closed_days(s, Q2.start, Q2.end)) == 7
        assert len(closed_days(s, dt.date(2026, 1, 1), Q2.end)) == 13


def test_every_kpi_of_the_quarter_and_year_to_date(any_db):
    with any_db.write() as s:
        build(s)
    with any_db.read() as s:
        figures = kpis.quarter_figures(s, Q2, today=TODAY)
    _assert_values(figures.quarter_values, EXPECTED_Q)
    _assert_values(figures.ytd_values, EXPECTED_YTD)


def test_utilisation_per_resource_with_holiday_closure_and_maintenance(db):
    with db.write() as s:
        ids = build(s)
    with db.read() as s:
        q = facility_figures(s, Q2.start, Q2.end)
        ytd = facility_figures(s, dt.date(2026, 1, 1), Q2.end)
        q1 = facility_figures(s, dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    # the year to date is the sum of its quarters (what quarter_figures uses)
    assert combine([q1, q]) == ytd
    assert q1.users == frozenset({ids["C"]}) and ytd.user_companies == 4
    per = {r.resource_id: (r.bookable_days, r.booked_days) for r in q.resources}
    assert per == {ids["r1"]: (81, 10), ids["r2"]: (84, 3)}       # retired R3 left out
    assert {r.resource_id: (r.bookable_days, r.booked_days) for r in ytd.resources} == {
        ids["r1"]: (165, 12), ids["r2"]: (168, 3)}
    assert q.utilisation_rate == pytest.approx(13 / 165)
    assert (q.equipment_hours, q.user_companies, q.fee_revenue_krw) == (12.0, 4, 7_500_000)


def test_breakdowns_and_achievement(db):
    with db.write() as s:
        build(s)
    with db.read() as s:
        figures = kpis.quarter_figures(s, Q2, today=TODAY)
        again = kpis.achievement(s, Q2, today=TODAY)
    b = figures.breakdowns
    assert b["support_by_type"]["quarter"]["testing"] == 2
    assert b["certifications_by_type"] == {"quarter": {"haccp": 1, "iso9001": 1},
                                           "ytd": {"haccp": 2, "iso9001": 1}}
    assert b["events_by_kind"]["quarter"] == {"buyer_meeting": 1, "seminar": 1}
    assert b["approvals_by_pathway"]["quarter"] == {"arm_research": 1, "arm_treatment": 0, "ind": 1}
    assert b["submissions_by_pathway"]["ytd"] == {"arm_research": 1, "arm_treatment": 1, "ind": 1}
    assert b["cases_by_stage"]["approved"] == 1 and b["cases_by_stage"]["under_review"] == 1
    assert b["budget_by_source"]["quarter"]["national"] == {"budget": 2000 * M, "spent": 600 * M, "rate": 0.3}
    # "local funds" = provincial + city: (100) / (300 + 200)
    assert b["budget_by_source"]["quarter"]["provincial"] == {"budget": 300 * M, "spent": 100 * M, "rate": 1 / 3}
    assert b["budget_by_source"]["quarter"]["city"] == {"budget": 200 * M, "spent": 0, "rate": 0.0}
    assert "other" not in b["budget_by_source"]["quarter"]   # no budget, no spend: not listed
    assert b["utilisation_days"]["quarter"] == {"bookable": 165, "booked": 13}
    assert [r["resource"] for r in b["utilisation_by_resource"]["quarter"]] == ["Flow cytometer", "Suite 1"]

    by_key = {(a.kpi, a.scope): a for a in again}
    assert set(by_key) == {("new_jobs", "year"), ("utilisation_rate", "year"), ("companies_supported", "quarter")}
    assert (by_key["new_jobs", "year"].actual, by_key["new_jobs", "year"].target) == (10, 25.0)
    assert by_key["new_jobs", "year"].pct == pytest.approx(0.4)
    assert by_key["utilisation_rate", "year"].target == pytest.approx(0.4)      # rates are averaged
    assert by_key["companies_supported", "quarter"].pct == pytest.approx(0.5)
    assert [a.as_dict() for a in again] == figures.achievement


def test_figures_are_json_and_round_trip(db):
    with db.write() as s:
        build(s)
    with db.read() as s:
        figures = kpis.quarter_figures(s, Q2, today=TODAY)
    text = json.dumps(figures.to_dict(), ensure_ascii=False)
    back = kpis.QuarterFigures.from_dict(json.loads(text))
    assert back == figures
    assert back.period == Q2
    assert [a.as_dict() for a in back.achievements()] == figures.achievement


def test_empty_database_gives_zeros_and_nones(any_db):
    with any_db.read() as s:
        figures = kpis.quarter_figures(s, Q2, today=TODAY)
    v = figures.quarter_values
    assert v["companies_supported"] == 0 and v["sales_krw"] == 0 and v["fee_revenue_krw"] == 0
    for code in ("utilisation_rate", "permanent_share", "median_review_days", "budget_execution_national",
                 "target_achievement", "milestone_on_time_rate", "sales_per_100m_national"):
        assert v[code] is None, code


def test_kpi_codes_have_labels_and_units():
    assert len(set(KPI_CODES)) == len(KPI_CODES)
    for code in KPI_CODES:
        assert kpi_label(code) and KPI_DEFS[code].unit in {"count", "krw", "ratio", "days", "hours", "krw_per_100m"}
    assert kpi_label("unknown_code") == "unknown_code"


def test_local_days_follow_each_facility_zone_across_a_clock_change(any_db):
    """Two zones (CASE over offsets) and Europe's 2026 clock change on 29 March: a booking from
    23:30 to 00:30 local that night uses 29 and 30 March, though in UTC it lies within 29 March."""
    berlin = ZoneInfo("Europe/Berlin")
    with any_db.write() as s:
        org = Organization(name="Partner GmbH", kind=OrgKind.FOREIGN_PARTNER, country="DE")
        seoul_fac = Facility(name="Seoul lab", kind=FacilityKind.QC_LAB, timezone="Asia/Seoul")
        berlin_fac = Facility(name="Berlin lab", kind=FacilityKind.QC_LAB, timezone="Europe/Berlin")
        rs = Resource(facility=seoul_fac, name="HPLC", kind=ResourceKind.EQUIPMENT, booking_unit=BookingUnit.HOUR)
        rb = Resource(facility=berlin_fac, name="Sequencer", kind=ResourceKind.EQUIPMENT,
                      booking_unit=BookingUnit.HOUR)
        s.add_all([org, seoul_fac, berlin_fac, rs, rb])

        def book(res, tz, a, b):
            s.add(Booking(resource=res, organization=org, units=1, status=BookingStatus.COMPLETED, fee_krw=1000,
                          starts_at=a.replace(tzinfo=tz).astimezone(dt.timezone.utc),
                          ends_at=b.replace(tzinfo=tz).astimezone(dt.timezone.utc)))

        book(rb, berlin, dt.datetime(2026, 3, 29, 23, 30), dt.datetime(2026, 3, 30, 0, 30))
        book(rb, berlin, dt.datetime(2026, 1, 10, 23, 0), dt.datetime(2026, 1, 11, 0, 0))  # ends at midnight
        book(rs, KST, dt.datetime(2026, 3, 31, 23, 0), dt.datetime(2026, 4, 1, 1, 0))
        s.flush()
        ids = rs.id, rb.id
    with any_db.read() as s:
        q1 = facility_figures(s, dt.date(2026, 1, 1), dt.date(2026, 3, 31))
        q2 = facility_figures(s, dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    rs_id, rb_id = ids
    assert {r.resource_id: (r.bookable_days, r.booked_days) for r in q1.resources} == {rs_id: (84, 1), rb_id: (84, 3)}
    # hours and fees go to the period of the first local day: all three bookings start in Q1
    assert q1.equipment_hours == 4.0 and q1.fee_revenue_krw == 3000
    assert q2.equipment_hours == 0.0 and q2.fee_revenue_krw == 0
    assert {r.resource_id: r.booked_days for r in q2.resources} == {rs_id: 1, rb_id: 0}


def _assert_tiles_match_the_report(s, quarter, today, codes):
    """`tile_figures` gives, for every code asked, what `quarter_figures` gives (quarter and year
    to date), and the same achievement of the targets set for those codes."""
    figures = kpis.quarter_figures(s, quarter, today=today)
    tiles = kpis.tile_figures(s, quarter, codes, today=today, year_to_date=codes)
    assert tiles.quarter_values == {c: figures.quarter_values[c] for c in codes}
    assert tiles.ytd_values == {c: figures.ytd_values[c] for c in codes}
    # the achievement of the target each code is held to: the quarter's if set, else the year's
    held = {a["kpi"]: a for a in figures.achievement if a["kpi"] in codes and a["scope"] == "year"}
    held.update({a["kpi"]: a for a in figures.achievement if a["kpi"] in codes and a["scope"] == "quarter"})
    assert [a.as_dict() for a in tiles.achievement] == [held[c] for c in codes if c in held]
    # by default, the year to date only of the codes held to an annual target
    shown = kpis.tile_figures(s, quarter, codes, today=today)
    yearly = {c for c, a in held.items() if a["scope"] == "year"}
    assert set(shown.ytd_values) == yearly and shown.quarter_values == tiles.quarter_values
    assert shown.achievement == tiles.achievement
    return tiles


def test_tile_figures_are_the_report_figures_of_their_codes(any_db):
    from hubdesk.ui.dashboard.queries import TILE_KPIS

    with any_db.write() as s:
        build(s)
    with any_db.read() as s:
        tiles = _assert_tiles_match_the_report(s, Q2, TODAY, TILE_KPIS)
        assert {(a.kpi, a.scope) for a in tiles.achievement} == {
            ("new_jobs", "year"), ("utilisation_rate", "year"), ("companies_supported", "quarter")}
        assert tiles.quarter_values["utilisation_rate"] == pytest.approx(13 / 165)
        assert tiles.ytd_values["new_jobs"] == 10
        # every code computed by family, one at a time and all together; and one of the whole quarter
        for code in KPI_CODES:
            _assert_tiles_match_the_report(s, Q2, TODAY, (code,))
        _assert_tiles_match_the_report(s, Q2, TODAY, KPI_CODES)


def test_tile_figures_on_the_demo_data(any_db):
    from hubdesk.demo.generate import generate
    from hubdesk.ui.dashboard.queries import TILE_KPIS

    today = dt.date(2026, 11, 24)
    generate(any_db, "small", 1, today=today)
    with any_db.read() as s:
        for quarter in (Quarter(2026, 4), Quarter(2026, 3), Quarter(2026, 1)):
            tiles = _assert_tiles_match_the_report(s, quarter, today, TILE_KPIS)
            assert any(v for v in tiles.quarter_values.values())
            # the demo sets a quarterly and an annual utilisation target: the tile is held to the quarter's
            # and needs no year to date (nor the facility figures of the earlier quarters)
            scopes = {a.kpi: a.scope for a in tiles.achievement}
            assert scopes["utilisation_rate"] == "quarter" and scopes["new_jobs"] == "year"
            assert "utilisation_rate" not in kpis.tile_figures(s, quarter, TILE_KPIS, today=today).ytd_values
