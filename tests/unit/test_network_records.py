"""Certifications, interactions, archiving, KPI values entered by hand and the booking request of
an organization without a user class: the domain rules, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from hubdesk.db.enums import CertificationType, InteractionKind, SupportType
from hubdesk.db.schema import Certification, Interaction, KpiValue, Organization
from hubdesk.domain import certifications as certs
from hubdesk.domain import interactions, kpi_values
from hubdesk.domain import organizations as orgs
from hubdesk.domain.booking_rules import BookingRequest
from hubdesk.domain.bookings import create_booking
from hubdesk.domain.quarters import Quarter
from hubdesk.domain.report_lock import issue_quarter
from hubdesk.errors import DomainError
from tests.factories import booking_world, kst, make_org

TODAY = dt.date(2026, 11, 23)


def _org(db, name="Hanbit Bio") -> int:
    with db.write() as s:
        return make_org(s, name).id


# --- certifications --------------------------------------------------------------------------------

def test_certification_is_corrected_and_removed(any_db):
    org_id = _org(any_db)
    with any_db.write() as s:
        cert_id = certs.create_certification(s, org_id, "haccp", dt.date(2026, 2, 1), number="H-1").id
    with any_db.write() as s:
        certs.update_certification(s, cert_id, CertificationType.GMP, dt.date(2026, 3, 1), number=" G-7 ",
                                   issuer="MFDS", expires_on=dt.date(2029, 2, 28))
    with any_db.read() as s:
        c = s.get(Certification, cert_id)
        assert (c.type, c.number, c.issuer, c.expires_on) == (CertificationType.GMP, "G-7", "MFDS",
                                                               dt.date(2029, 2, 28))
    with pytest.raises(DomainError) as caught, any_db.write() as s:
        certs.update_certification(s, cert_id, "gmp", dt.date(2026, 3, 1), expires_on=dt.date(2026, 1, 1))
    assert caught.value.field == "expires_on" and "2026-01-01" in caught.value.message
    with any_db.write() as s:
        certs.remove_certification(s, cert_id)
    with pytest.raises(DomainError, match="no longer exists"), any_db.write() as s:
        certs.remove_certification(s, cert_id)


def test_certification_of_an_issued_quarter_cannot_be_removed(any_db):
    org_id = _org(any_db)
    with any_db.write() as s:
        cert_id = certs.create_certification(s, org_id, "iso9001", dt.date(2026, 2, 1)).id
    with any_db.write() as s:
        issue_quarter(s, "2026Q1", today=TODAY, figures={"q": 1})
    with pytest.raises(DomainError) as caught, any_db.write() as s:
        certs.remove_certification(s, cert_id)
    assert caught.value.code == "quarter_locked" and "2026Q1" in caught.value.message


@pytest.mark.parametrize("days_left, listed", [(31, False), (30, True), (0, True), (-30, True), (-31, False)])
def test_expiry_alert_boundaries(any_db, days_left, listed):
    org_id = _org(any_db)
    with any_db.write() as s:
        cert = certs.create_certification(s, org_id, "kgmp", dt.date(2024, 1, 1), number="K-1",
                                          expires_on=TODAY + dt.timedelta(days=days_left))
        alerts = certs.expiring_certifications(s, TODAY, 30)
    assert [a.certification_id for a in alerts] == ([cert.id] if listed else [])
    if listed:
        a = alerts[0]
        assert a.days_left == days_left and a.organization_id == org_id and a.number == "K-1"
        assert "Hanbit Bio" in a.message and "KGMP" in a.message


def test_renewed_and_archived_certifications_are_not_listed_and_the_lead_time_is_a_setting(any_db):
    renewed, archived, plain = _org(any_db, "Renewed"), _org(any_db, "Archived"), _org(any_db, "Plain")
    with any_db.write() as s:
        soon = TODAY + dt.timedelta(days=20)
        certs.create_certification(s, renewed, "haccp", dt.date(2023, 1, 1), expires_on=soon)
        certs.create_certification(s, renewed, "haccp", dt.date(2026, 10, 1), expires_on=dt.date(2029, 9, 30))
        certs.create_certification(s, archived, "haccp", dt.date(2023, 1, 1), expires_on=soon)
        orgs.archive_organization(s, archived, today=TODAY)
        later = certs.create_certification(s, plain, "gmp", dt.date(2023, 1, 1),
                                           expires_on=TODAY + dt.timedelta(days=100)).id
        assert certs.expiry_lead_days(s) == 90                       # a new database's setting
        assert certs.expiring_certifications(s, TODAY) == []
        certs.set_expiry_lead_days(s, 120)
    with any_db.read() as s:
        assert certs.expiry_lead_days(s) == 120
        assert [a.certification_id for a in certs.expiring_certifications(s, TODAY)] == [later]
    with pytest.raises(DomainError) as caught, any_db.write() as s:
        certs.set_expiry_lead_days(s, 0)
    assert caught.value.field == "lead_days" and "1 to 730" in caught.value.message


def test_the_first_expiring_certifications_are_the_earliest_with_the_count_of_all(any_db):
    """What the Dashboard lists: the first `limit` of the alerts, in their order, and how many there
    are; renewed and archived ones counted as little as they are listed."""
    org_ids = [_org(any_db, f"Company {i:02d}") for i in range(6)]
    with any_db.write() as s:
        for i, org_id in enumerate(org_ids):
            for kind, days in (("kgmp", 25 - 4 * i), ("haccp", -3 * i)):
                certs.create_certification(s, org_id, kind, dt.date(2024, 1, 1),
                                           expires_on=TODAY + dt.timedelta(days=days))
        certs.create_certification(s, org_ids[0], "kgmp", dt.date(2026, 6, 1), expires_on=dt.date(2029, 5, 31))
        orgs.archive_organization(s, org_ids[5], today=TODAY)
    with any_db.read() as s:
        every = certs.expiring_certifications(s, TODAY, 30)
        assert len(every) == 9                 # 12, less the renewed one and the archived company's two
        for limit in (1, 4, 9, 50):
            count, first = certs.first_expiring_certifications(s, TODAY, 30, limit)
            assert (count, first) == (len(every), every[:limit])
        assert certs.first_expiring_certifications(s, TODAY, 1, 5) == (1, [a for a in every if abs(a.days_left) <= 1])


# --- interactions ----------------------------------------------------------------------------------

def test_interaction_is_corrected_with_the_same_checks_and_removed(any_db):
    org_id = _org(any_db)
    with any_db.write() as s:
        iid = interactions.record_interaction(s, org_id, InteractionKind.MEETING, dt.date(2026, 5, 1),
                                              summary="Kick-off", today=TODAY).id
    with any_db.write() as s:
        interactions.update_interaction(s, iid, "support", dt.date(2026, 5, 2), support_type=SupportType.TESTING,
                                        summary="Stability test", staff="Lee", today=TODAY)
    with any_db.read() as s:
        row = s.get(Interaction, iid)
        assert (row.kind, row.support_type, row.summary, row.staff) == (
            InteractionKind.SUPPORT, SupportType.TESTING, "Stability test", "Lee")
    with pytest.raises(DomainError) as caught, any_db.write() as s:
        interactions.update_interaction(s, iid, "support", dt.date(2026, 5, 2), today=TODAY)
    assert caught.value.code == "required" and caught.value.field == "support_type"
    with pytest.raises(DomainError) as caught, any_db.write() as s:
        interactions.update_interaction(s, iid, "meeting", TODAY + dt.timedelta(days=1), today=TODAY)
    assert caught.value.code == "future"
    with any_db.write() as s:
        interactions.remove_interaction(s, iid)
    with any_db.read() as s:
        assert s.get(Interaction, iid) is None


# --- archiving and booking requests ----------------------------------------------------------------

def test_archived_organization_cannot_be_booked_and_is_kept(any_db):
    with any_db.write() as s:
        w = booking_world(s)
    request = BookingRequest(resource_id=w.resource_id, organization_id=w.org_id,
                             starts_at=kst(2026, 11, 24, 9), ends_at=kst(2026, 11, 24, 12))
    with any_db.write() as s:
        orgs.archive_organization(s, w.org_id, today=TODAY)
    with pytest.raises(DomainError) as caught, any_db.write() as s:
        orgs.archive_organization(s, w.org_id, today=TODAY)
    assert caught.value.code == "archived"
    with pytest.raises(DomainError) as caught, any_db.write() as s:
        create_booking(s, request)
    assert caught.value.code == "archived" and "Unarchive" in caught.value.message
    with any_db.read() as s:
        assert s.get(Organization, w.org_id).archived_on == TODAY
        active = s.scalar(select(func.count()).select_from(Organization).where(orgs.active_organizations()))
        assert active == 0
    with any_db.write() as s:
        orgs.unarchive_organization(s, w.org_id)
        booking = create_booking(s, request)
    assert booking.id is not None
    with pytest.raises(DomainError) as caught, any_db.write() as s:
        orgs.delete_organization(s, w.org_id)
    assert "Archive it instead" in caught.value.message


def test_booking_request_without_a_user_class_is_refused_when_requested(any_db):
    with any_db.write() as s:
        w = booking_world(s)
        plain = make_org(s, "No Class Co").id
    with pytest.raises(DomainError) as caught, any_db.write() as s:
        create_booking(s, BookingRequest(resource_id=w.resource_id, organization_id=plain,
                                         starts_at=kst(2026, 11, 24, 9), ends_at=kst(2026, 11, 24, 12)))
    assert caught.value.code == "no_user_class" and caught.value.field == "organization_id"
    assert "No Class Co" in caught.value.message and "user class" in caught.value.message


def test_user_class_label_follows_the_language():
    from hubdesk.i18n import language

    with language("ko"):
        assert orgs.user_class_label("회원기업", "Member company") == "회원기업"
    with language("vi"):
        assert orgs.user_class_label("회원기업", "Member company") == "Member company"
    assert orgs.user_class_label("회원기업", None) == "회원기업"


# --- KPI values -----------------------------------------------------------------------------------

def test_kpi_values_are_entered_changed_and_cleared(any_db):
    org_id = _org(any_db)
    q = Quarter(2026, 3)
    figures = dict(headcount=40, new_hires=5, permanent_hires=3, sales_krw=1_200_000_000)
    with any_db.write() as s:
        row, outcome = kpi_values.set_kpi_values(s, org_id, q, figures)
    assert outcome == "created" and row.permanent_hires == 3
    with any_db.write() as s:
        assert kpi_values.set_kpi_values(s, org_id, "2026Q3", figures)[1] == "unchanged"
        row, outcome = kpi_values.set_kpi_values(s, org_id, q, figures | {"new_hires": 6, "sales_krw": None})
    assert outcome == "updated" and (row.new_hires, row.sales_krw) == (6, None)
    with any_db.write() as s:
        assert kpi_values.set_kpi_values(s, org_id, q, {}) == (None, "removed")
    with any_db.read() as s:
        assert s.scalar(select(func.count()).select_from(KpiValue)) == 0


@pytest.mark.parametrize("figures, field, words", [
    (dict(new_hires=2, permanent_hires=3), "permanent_hires", "3 permanent hires is more than the 2 new hires"),
    (dict(headcount=-1), "headcount", "negative"),
    (dict(patents_filed=2**31), "patents_filed", "too large"),
    (dict(sales_krw="12억"), "sales_krw", "not a whole number"),
])
def test_kpi_values_are_checked_like_the_import(any_db, figures, field, words):
    org_id = _org(any_db)
    with pytest.raises(DomainError) as caught, any_db.write() as s:
        kpi_values.set_kpi_values(s, org_id, Quarter(2026, 3), figures)
    assert caught.value.field == field and words in caught.value.message


def test_kpi_values_of_an_issued_quarter_are_locked(any_db):
    org_id = _org(any_db)
    with any_db.write() as s:
        issue_quarter(s, "2026Q2", today=TODAY, figures={"q": 2})
    with pytest.raises(DomainError) as caught, any_db.write() as s:
        kpi_values.set_kpi_values(s, org_id, Quarter(2026, 2), {"headcount": 4})
    assert caught.value.code == "quarter_locked"
    assert "Ask an administrator to reopen the quarter" in caught.value.message


# --- reopening an issued quarter -------------------------------------------------------------------

def test_reopening_needs_an_administrator_and_a_reason_and_makes_the_next_revision(any_db):
    from hubdesk.db.audit import acting_as
    from hubdesk.db.schema import AuditEvent, IssuedReport
    from hubdesk.domain import report_lock

    with any_db.write() as s:
        assert report_lock.issue_quarter(s, "2026Q2", today=TODAY, figures={"q": 2}).revision == 1
    with pytest.raises(DomainError) as caught, acting_as("mina", "manager"), any_db.write() as s:
        report_lock.reopen_quarter(s, "2026Q2", "a figure was wrong")
    assert caught.value.code == "permission"
    with pytest.raises(DomainError) as caught, any_db.write() as s:
        report_lock.reopen_quarter(s, "2026Q2", " ")
    assert caught.value.code == "reason_required" and caught.value.field == "reason"
    with pytest.raises(DomainError) as caught, any_db.write() as s:
        report_lock.reopen_quarter(s, "2026Q1", "nothing there")
    assert caught.value.code == "not_issued"
    with acting_as("admin-kim", "admin"), any_db.write() as s:
        reopening = report_lock.reopen_quarter(s, "2026Q2", "Exports of one company were in USD")
        assert (reopening.revision, reopening.reopened_by) == (1, "admin-kim")
    with any_db.write() as s:
        assert report_lock.next_revision(s, "2026Q2") == 2
        assert report_lock.issue_quarter(s, "2026Q2", today=TODAY, figures={"q": 2}).revision == 2
        report_lock.reopen_quarter(s, "2026Q2", "Again")
        assert report_lock.issue_quarter(s, "2026Q2", today=TODAY, figures={"q": 2}).revision == 3
    with any_db.read() as s:
        assert [r.reason for r in report_lock.reopenings(s, "2026Q2")] == ["Exports of one company were in USD",
                                                                           "Again"]
        assert s.scalar(select(IssuedReport.revision)) == 3
        actors = {e.actor for e in s.scalars(select(AuditEvent).where(AuditEvent.entity == "report_reopening"))}
        assert "admin-kim" in actors
