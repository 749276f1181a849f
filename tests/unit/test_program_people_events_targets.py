"""Participants, events (with their participants and outcomes) and KPI targets through their
domain functions; the quarter lock and the permission rules cover the new tables. SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from hubdesk.db.enums import EventKind, ParticipantRole, Role
from hubdesk.db.schema import AuditEvent, EventParticipant, KpiTarget
from hubdesk.domain import events as ev
from hubdesk.domain import kpi_targets as kt
from hubdesk.domain import participants as pa
from hubdesk.domain import programs as pg
from hubdesk.domain.budgets import BudgetLineInput, add_budget_line
from hubdesk.domain.events import AttendeeInput, EventInput
from hubdesk.domain.kpi_targets import KpiTargetInput
from hubdesk.domain.participants import ParticipantInput
from hubdesk.domain.programs import ProgramInput
from hubdesk.errors import DomainError
from tests.checks import refused
from tests.factories import make_org

M = 1_000_000


def _program(s, **kw):
    return pg.create_program(s, ProgramInput(**(dict(name="Export support", funder="province", fiscal_year=2026) | kw)))


# --- participants ---------------------------------------------------------------------------------

def test_participants_add_edit_list_remove(any_db):
    with any_db.write() as s:
        p = _program(s)
        a, b = make_org(s, "한방바이오(주)"), make_org(s, "Alpha Bio")
        first = pa.add_participant(s, p.id, ParticipantInput(a.id, "beneficiary", dt.date(2026, 3, 2)))
        pa.add_participant(s, p.id, ParticipantInput(a.id, ParticipantRole.PARTNER, dt.date(2026, 3, 2)))
        pa.add_participant(s, p.id, ParticipantInput(b.id, "cohort_member", dt.date(2026, 4, 1), note="2기"))
        err = refused(pa.add_participant, s, p.id, ParticipantInput(a.id, "beneficiary", dt.date(2026, 5, 1)),
                       field="organization_id", code="duplicate")
        assert "한방바이오(주)" in err.message
        refused(pa.add_participant, s, p.id, ParticipantInput(b.id, "sponsor", dt.date(2026, 5, 1)), field="role")
        refused(pa.add_participant, s, p.id, ParticipantInput(b.id + 999, "partner", dt.date(2026, 5, 1)),
                 field="organization_id", code="not_found")
        refused(pa.update_participant, s, first.id, ParticipantInput(a.id, "beneficiary", dt.date(2026, 3, 2),
                                                                      left_on=dt.date(2026, 3, 1)), field="left_on")
        pa.update_participant(s, first.id, ParticipantInput(a.id, "beneficiary", dt.date(2026, 3, 2),
                                                            left_on=dt.date(2026, 12, 31), note="졸업"))
        assert (first.left_on, first.note) == (dt.date(2026, 12, 31), "졸업")
        listed = [(row.role, org.name) for row, org in pa.participants_of(s, p.id)]
        assert listed == [(ParticipantRole.BENEFICIARY, "한방바이오(주)"), (ParticipantRole.COHORT_MEMBER, "Alpha Bio"),
                          (ParticipantRole.PARTNER, "한방바이오(주)")]
        pa.remove_participant(s, first.id)
        refused(pa.get_participant, s, first.id, code="not_found")
        assert len(pa.participants_of(s, p.id)) == 2


# --- events ---------------------------------------------------------------------------------------

def _event(**kw) -> EventInput:
    return EventInput(**(dict(name="Hanoi export consultation", kind="export_consultation",
                              held_on=dt.date(2026, 5, 12)) | kw))


def test_events_with_outcomes_and_participants(any_db):
    with any_db.write() as s:
        p = _program(s)
        a, b, c = make_org(s, "A"), make_org(s, "B"), make_org(s, "C")
        e = ev.create_event(s, _event(program_id=p.id, location="Hà Nội", description="Buyers from Vietnam",
                                      participants=40, buyer_meetings=12, export_consultations=5,
                                      export_consultation_krw=800 * M, export_contracts=2, export_contract_krw=150 * M,
                                      attendees=(AttendeeInput(a.id, "booth 3"), AttendeeInput(b.id))))
        eid = e.id
        assert {(x.organization_id, x.note) for x in e.attendees} == {(a.id, "booth 3"), (b.id, None)}
        # Editing without attendees keeps them; with attendees replaces them.
        ev.update_event(s, eid, _event(kind=EventKind.BUYER_MEETING, participants=41))
        assert len(e.attendees) == 2 and e.program_id is None and e.kind is EventKind.BUYER_MEETING
        ev.update_event(s, eid, _event(attendees=(AttendeeInput(b.id, "signed"), AttendeeInput(c.id))))
        assert {(x.organization_id, x.note) for x in e.attendees} == {(b.id, "signed"), (c.id, None)}
        refused(ev.update_event, s, eid, _event(attendees=(AttendeeInput(c.id), AttendeeInput(c.id))),
                 field="attendees", code="duplicate")
    with any_db.read() as s:
        assert s.scalar(select(func.count()).select_from(EventParticipant)) == 2
    with any_db.write() as s:
        ev.remove_event(s, eid)
        refused(ev.get_event, s, eid, code="not_found")
        assert s.scalar(select(func.count()).select_from(EventParticipant)) == 0


@pytest.mark.parametrize("kw, field", [
    (dict(name=" "), "name"),
    (dict(kind="party"), "kind"),
    (dict(held_on=None), "held_on"),
    (dict(participants=-1), "participants"),
    (dict(buyer_meetings=2.5), "buyer_meetings"),
    (dict(participants=2**31), "participants"),
    (dict(export_consultation_krw=10**15, export_consultations=1), "export_consultation_krw"),
    (dict(export_consultations=1, export_contracts=2), "export_contracts"),
    (dict(export_consultation_krw=5), "export_consultations"),
    (dict(export_consultations=3, export_contract_krw=5), "export_contracts"),
    (dict(program_id=987654), "program_id"),
])
def test_create_event_refuses(any_db, kw, field):
    with any_db.write() as s:
        refused(ev.create_event, s, _event(**kw), field=field)


# --- KPI targets ----------------------------------------------------------------------------------

def test_kpi_targets_set_update_remove(any_db):
    with any_db.write() as s:
        p = _program(s, last_fiscal_year=2027)
        year = kt.set_kpi_target(s, KpiTargetInput(2026, "new_jobs", 20, program_id=p.id))
        again = kt.set_kpi_target(s, KpiTargetInput(2026, "new_jobs", 25, program_id=p.id))
        assert again.id == year.id and year.target_value == 25.0
        # The foundation's target (no program) and a quarterly one are other targets; NULLs do not repeat.
        foundation = kt.set_kpi_target(s, KpiTargetInput(2026, "utilisation_rate", 0.6))
        assert kt.set_kpi_target(s, KpiTargetInput(2026, "utilisation_rate", 0.65)).id == foundation.id
        q2 = kt.set_kpi_target(s, KpiTargetInput(2026, "Companies supported", 6, quarter=2))
        assert q2.kpi == "companies_supported"
        assert s.scalar(select(func.count()).select_from(KpiTarget)) == 3
        refused(kt.update_kpi_target, s, q2.id, KpiTargetInput(2026, "utilisation_rate", 0.5), code="duplicate")
        kt.update_kpi_target(s, q2.id, KpiTargetInput(2027, "events", 3, quarter=1, program_id=p.id))
        assert (q2.year, q2.quarter, q2.kpi, q2.program_id) == (2027, 1, "events", p.id)
        assert [t.kpi for t in kt.targets_of(s, program_id=p.id)] == ["new_jobs", "events"]
        assert [t.kpi for t in kt.targets_of(s, foundation=True, year=2026)] == ["utilisation_rate"]
        kt.remove_kpi_target(s, q2.id)
        refused(kt.get_kpi_target, s, q2.id, code="not_found")


@pytest.mark.parametrize("kw, field", [
    (dict(kpi="happiness"), "kpi"),
    (dict(kpi="target_achievement"), "kpi"),
    (dict(target_value=-1), "target_value"),
    (dict(target_value=float("nan")), "target_value"),
    (dict(quarter=5), "quarter"),
    (dict(year=20260), "year"),
    (dict(year=2030, program_id="program"), "year"),
    (dict(program_id=987654), "program_id"),
])
def test_set_kpi_target_refuses(any_db, kw, field):
    with any_db.write() as s:
        p = _program(s)
        if kw.get("program_id") == "program":
            kw["program_id"] = p.id
        refused(kt.set_kpi_target, s, KpiTargetInput(**(dict(year=2026, kpi="events", target_value=3) | kw)),
                 field=field)


# --- lock, permissions, audit ---------------------------------------------------------------------

def test_issued_quarter_locks_event_participants_and_quarterly_targets(any_db):
    from hubdesk.domain.report_lock import issue_quarter

    with any_db.write() as s:
        a, b = make_org(s, "A"), make_org(s, "B")
        e = ev.create_event(s, _event(held_on=dt.date(2026, 2, 10), attendees=(AttendeeInput(a.id),)))
        kt.set_kpi_target(s, KpiTargetInput(2026, "events", 2, quarter=1))
        yearly = kt.set_kpi_target(s, KpiTargetInput(2026, "events", 8))
        issue_quarter(s, "2026Q1", today=dt.date(2026, 4, 2), figures={"test": True})
        eid, aid, bid, yid = e.id, a.id, b.id, yearly.id
    with pytest.raises(DomainError) as err:
        with any_db.write() as s:
            ev.update_event(s, eid, _event(held_on=dt.date(2026, 2, 10),
                                           attendees=(AttendeeInput(aid), AttendeeInput(bid))))
    assert err.value.code == "quarter_locked"
    with pytest.raises(DomainError) as err:
        with any_db.write() as s:
            kt.set_kpi_target(s, KpiTargetInput(2026, "events", 5, quarter=1))
    assert err.value.code == "quarter_locked"
    with any_db.write() as s:
        kt.set_kpi_target(s, KpiTargetInput(2026, "events", 5, quarter=2))   # another quarter: open
        kt.update_kpi_target(s, yid, KpiTargetInput(2026, "events", 9))     # a yearly target: open


def test_viewers_cannot_change_the_new_tables_and_changes_are_audited(any_db):
    from hubdesk.db.audit import acting_as

    with any_db.write() as s:
        p = _program(s)
        org = make_org(s, "A")
        pid, oid = p.id, org.id
    with acting_as("viewer1", Role.VIEWER):
        for write in (lambda s: add_budget_line(s, pid, BudgetLineInput(2026, "provincial", "operating", 1)),
                      lambda s: pa.add_participant(s, pid, ParticipantInput(oid, "beneficiary", dt.date(2026, 3, 1)))):
            with pytest.raises(DomainError) as err:
                with any_db.write() as s:
                    write(s)
            assert err.value.code == "permission"
    with acting_as("manager1", Role.MANAGER):
        with any_db.write() as s:
            add_budget_line(s, pid, BudgetLineInput(2026, "provincial", "operating", 1))
            pa.add_participant(s, pid, ParticipantInput(oid, "beneficiary", dt.date(2026, 3, 1)))
    with any_db.read() as s:
        tables = set(s.scalars(select(AuditEvent.entity).where(AuditEvent.actor == "manager1")))
    assert {"budget_line", "participant"} <= tables


def test_quarterly_report_reads_targets_set_through_the_domain(any_db):
    """Programs' targets add up; a foundation-wide target for the same KPI and period stands alone."""
    from hubdesk.domain.kpis import achievement
    from hubdesk.domain.quarters import Quarter

    with any_db.write() as s:
        a, b = _program(s, name="A"), _program(s, name="B")
        kt.set_kpi_target(s, KpiTargetInput(2026, "new_jobs", 20, program_id=a.id))
        kt.set_kpi_target(s, KpiTargetInput(2026, "new_jobs", 5, program_id=b.id))
        kt.set_kpi_target(s, KpiTargetInput(2026, "events", 2, quarter=2, program_id=a.id))
        kt.set_kpi_target(s, KpiTargetInput(2026, "events", 3, quarter=2))
    with any_db.read() as s:
        got = {(x.kpi, x.scope): x.target for x in achievement(s, Quarter(2026, 2), today=dt.date(2026, 7, 1))}
    assert got == {("new_jobs", "year"): 25.0, ("events", "quarter"): 3.0}
