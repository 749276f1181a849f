from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from hubdesk.db.enums import (BookingUnit, CertificationType, InteractionKind, OrgKind, OrgStatus,
                              Pathway, Modality, ResourceKind, RiskLevel, SupportType)
from hubdesk.db.schema import (Booking, ClinicalCase, Contact, Facility, Interaction, Organization,
                               Resource)
from hubdesk.domain import organizations as orgs
from hubdesk.errors import DomainError

TODAY = dt.date(2026, 5, 15)
UTC = dt.timezone.utc


def _input(**kw) -> orgs.OrganizationInput:
    base = dict(name="Hanbang Bio Co.", kind=OrgKind.COMPANY, business_no="1248100998")
    base.update(kw)
    return orgs.OrganizationInput(**base)


def test_create_stores_canonical_numbers_and_primary_contact(db):
    with db.write() as s:
        org = orgs.create_organization(s, _input(
            corporate_no="1301110006246", vn_tax_code="0300588569001", country="kr",
            email=" info@hanbang.kr ", member_since=dt.date(2024, 1, 2),
            primary_contact=orgs.ContactInput("Kim Minji", email="minji@hanbang.kr")), today=TODAY)
        org_id = org.id
    with db.read() as s:
        org = s.get(Organization, org_id)
        assert (org.business_no, org.corporate_no, org.vn_tax_code) == (
            "124-81-00998", "130111-0006246", "0300588569-001")
        assert org.country == "KR" and org.email == "info@hanbang.kr"
        assert [(c.name, c.is_primary) for c in org.contacts] == [("Kim Minji", True)]


def test_validate_reports_every_problem_with_its_field(db):
    with db.read() as s:
        problems = orgs.validate_organization(s, orgs.OrganizationInput(
            name=" ", kind="laboratory", business_no="1248100997", corporate_no="123",
            email="not-an-address", country="Korea", agreement_signed_on=dt.date(2026, 3, 1),
            moved_in_on=dt.date(2026, 2, 1), member_since=dt.date(2027, 1, 1),
            primary_contact=orgs.ContactInput(name="", email="x@")), today=TODAY)
    fields = {p.field for p in problems}
    assert fields == {"name", "kind", "business_no", "corporate_no", "email", "country", "moved_in_on",
                      "member_since", "primary_contact.name", "primary_contact.email"}
    assert all(p.message.endswith(".") for p in problems)
    by_field = {p.field: p.message for p in problems}
    assert "check digit" in by_field["business_no"]
    assert "company" in by_field["kind"]  # the sentence lists the choices


def test_duplicate_business_number_names_the_existing_organization(db):
    with db.write() as s:
        first = orgs.create_organization(s, _input(name="Samsung Electronics"), today=TODAY)
        first_id = first.id
    with db.write() as s:
        with pytest.raises(orgs.InvalidOrganization) as err:
            orgs.create_organization(s, _input(name="Copy", business_no="124-81-00998"), today=TODAY)
        assert err.value.field == "business_no"
        assert "Samsung Electronics" in err.value.message
        # editing the same organization keeps its own number
        assert orgs.validate_organization(s, _input(name="Samsung Electronics Co., Ltd."),
                                          org_id=first_id, today=TODAY) == []


def test_update_changes_fields_and_keeps_one_primary_contact(db):
    with db.write() as s:
        org_id = orgs.create_organization(s, _input(primary_contact=orgs.ContactInput("Lee")),
                                          today=TODAY).id
    with db.write() as s:
        data = orgs.OrganizationInput.from_organization(s.get(Organization, org_id))
        assert data.primary_contact.name == "Lee"
        data.status = OrgStatus.TENANT
        data.moved_in_on = dt.date(2026, 4, 1)
        data.primary_contact.name = "Lee Seojun"
        orgs.update_organization(s, org_id, data, today=TODAY)
    with db.read() as s:
        org = s.get(Organization, org_id)
        assert org.status is OrgStatus.TENANT and org.moved_in_on == dt.date(2026, 4, 1)
        assert [c.name for c in org.contacts] == ["Lee Seojun"]


def _facility_resource(s) -> Resource:
    fac = Facility(name="GMP", kind="gmp_plant")
    res = Resource(facility=fac, name="Suite 1", kind=ResourceKind.SUITE, booking_unit=BookingUnit.DAY)
    s.add_all([fac, res])
    s.flush()
    return res


def test_delete_refused_while_bookings_or_cases_refer_to_it(db):
    with db.write() as s:
        booked = orgs.create_organization(s, _input(name="Booked Co."), today=TODAY)
        hospital = orgs.create_organization(s, _input(name="Cheongju Hospital", kind=OrgKind.HOSPITAL,
                                                      business_no=None), today=TODAY)
        free = orgs.create_organization(s, _input(name="Free Co.", business_no=None), today=TODAY)
        orgs.add_contact(s, free.id, orgs.ContactInput("Park"))
        res = _facility_resource(s)
        s.add(Booking(resource=res, organization=booked, units=1,
                      starts_at=dt.datetime(2026, 5, 1, tzinfo=UTC), ends_at=dt.datetime(2026, 5, 2, tzinfo=UTC)))
        s.add(ClinicalCase(organization=free, partner_hospital=hospital, product="MSC",
                           pathway=Pathway.ARM_RESEARCH, modality=Modality.CELL_THERAPY,
                           risk_level=RiskLevel.LOW, opened_on=TODAY))
        ids = booked.id, hospital.id, free.id
    booked_id, hospital_id, free_id = ids
    with db.write() as s:
        with pytest.raises(DomainError) as err:
            orgs.delete_organization(s, booked_id)
        assert err.value.message == ("Booked Co. cannot be deleted because 1 booking refers to it. "
                                     "Archive it instead.")
        with pytest.raises(DomainError) as err:
            orgs.delete_organization(s, hospital_id)
        assert "1 clinical-entry case refers" in err.value.message
    with db.write() as s:
        s.execute(ClinicalCase.__table__.delete())
        orgs.delete_organization(s, free_id)
    with db.read() as s:
        assert s.get(Organization, free_id) is None
        assert s.scalars(select(Contact).where(Contact.organization_id == free_id)).all() == []


def test_add_contact_primary_moves_the_flag(db):
    with db.write() as s:
        org_id = orgs.create_organization(s, _input(primary_contact=orgs.ContactInput("A")), today=TODAY).id
        orgs.add_contact(s, org_id, orgs.ContactInput("B", email="b@example.com"), primary=True)
        with pytest.raises(DomainError) as err:
            orgs.add_contact(s, org_id, orgs.ContactInput("C", email="c@"))
        assert err.value.field == "email"
    with db.read() as s:
        assert {c.name: c.is_primary for c in s.get(Organization, org_id).contacts} == {"A": False, "B": True}


def test_add_certification_checks_type_and_dates(db):
    with db.write() as s:
        org_id = orgs.create_organization(s, _input(), today=TODAY).id
        cert = orgs.add_certification(s, org_id, "haccp", dt.date(2026, 2, 1), expires_on=dt.date(2029, 1, 31))
        assert cert.type is CertificationType.HACCP
        with pytest.raises(DomainError) as err:
            orgs.add_certification(s, org_id, "iso9999", dt.date(2026, 2, 1))
        assert err.value.field == "type"
        with pytest.raises(DomainError) as err:
            orgs.add_certification(s, org_id, CertificationType.GMP, dt.date(2026, 2, 1),
                                   expires_on=dt.date(2025, 1, 1))
        assert err.value.field == "expires_on"


def test_support_interaction_needs_a_support_type(db):
    with db.write() as s:
        org_id = orgs.create_organization(s, _input(), today=TODAY).id
        with pytest.raises(DomainError) as err:
            orgs.record_interaction(s, org_id, InteractionKind.SUPPORT, dt.date(2026, 5, 1), today=TODAY)
        assert err.value.field == "support_type" and err.value.code == "required"
        with pytest.raises(DomainError) as err:
            orgs.record_interaction(s, org_id, "meeting", dt.date(2026, 5, 1), support_type="testing",
                                    today=TODAY)
        assert err.value.code == "not_support"
        with pytest.raises(DomainError) as err:
            orgs.record_interaction(s, org_id, "meeting", dt.date(2026, 6, 1), today=TODAY)
        assert err.value.field == "occurred_on"
        orgs.record_interaction(s, org_id, "support", dt.date(2026, 5, 1), support_type="testing",
                                today=TODAY)
    with db.read() as s:
        row = s.scalars(select(Interaction)).one()
        assert (row.kind, row.support_type) == (InteractionKind.SUPPORT, SupportType.TESTING)


def test_delete_refused_while_programs_events_or_kpi_figures_keep_it(db):
    """An organization taking part in a program or an event, or with quarterly KPI figures, is not
    deleted (the cascade would have taken those rows with it, and the reports' history); each refusal
    says what holds it and to archive instead. Once none is left, it is deleted."""
    from hubdesk.db.enums import EventKind, ParticipantRole
    from hubdesk.db.schema import Event, EventParticipant, KpiValue, Participant
    from hubdesk.domain import kpi_values
    from hubdesk.domain.participants import ParticipantInput, add_participant
    from hubdesk.domain.quarters import Quarter
    from tests.factories import make_program

    with db.write() as s:
        org = orgs.create_organization(s, _input(name="Kept Co."), today=TODAY)
        program = make_program(s, "Export voucher")
        add_participant(s, program.id, ParticipantInput(organization_id=org.id, role=ParticipantRole.BENEFICIARY,
                                                        joined_on=TODAY))
        event = Event(name="Buyer day", kind=EventKind.BUYER_MEETING, held_on=TODAY)
        s.add(event)
        s.flush()
        s.add(EventParticipant(event_id=event.id, organization_id=org.id))
        kpi_values.set_kpi_values(s, org.id, Quarter(2026, 1), dict(headcount=12))
        org_id = org.id

    def refusal() -> str:
        with pytest.raises(DomainError) as err, db.write() as s:
            orgs.delete_organization(s, org_id)
        assert err.value.code == "in_use"
        return err.value.message

    assert refusal() == ("Kept Co. cannot be deleted because it takes part in 1 program. Archive it instead, so "
                         "the program keeps its participant.")
    with db.write() as s:
        s.execute(Participant.__table__.delete())
    assert refusal() == ("Kept Co. cannot be deleted because it took part in 1 event. Archive it instead, so the "
                         "event keeps its participant.")
    with db.write() as s:
        s.execute(EventParticipant.__table__.delete())
    assert refusal() == ("Kept Co. cannot be deleted because it has KPI figures for 1 quarter, which the "
                         "quarterly reports count. Archive it instead.")
    with db.write() as s:
        s.execute(KpiValue.__table__.delete())
        orgs.delete_organization(s, org_id)
    with db.read() as s:
        assert s.get(Organization, org_id) is None
