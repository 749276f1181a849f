"""Role matrix: each role × each kind of change, through the domain layer (the session hook)."""

import datetime as dt

import pytest

from hubdesk.db.audit import acting_as
from hubdesk.db.enums import (BookingStatus, BookingUnit, FacilityKind, Funder, OrgKind, ResourceKind, Role)
from hubdesk.db.schema import (AuditEvent, Booking, Facility, Organization, Program, Resource, Setting)
from hubdesk.errors import DomainError

UTC = dt.timezone.utc


def _seed(db):
    with db.write() as s:
        org = Organization(name="한빛바이오", kind=OrgKind.COMPANY)
        fac = Facility(name="GMP 1", kind=FacilityKind.GMP_PLANT)
        res = Resource(facility=fac, name="Suite B1", kind=ResourceKind.SUITE, booking_unit=BookingUnit.DAY)
        s.add_all([org, fac, res])
        s.flush()
        b = Booking(resource_id=res.id, organization_id=org.id, units=1,
                    starts_at=dt.datetime(2026, 12, 1, tzinfo=UTC), ends_at=dt.datetime(2026, 12, 2, tzinfo=UTC))
        s.add(b)
        s.flush()
        return org.id, b.id


CHANGES = {
    "organization": lambda s, ids: s.add(Organization(name="New Co", kind=OrgKind.COMPANY)),
    "booking_cancel": lambda s, ids: setattr(s.get(Booking, ids[1]), "status", BookingStatus.CANCELLED),
    "booking_approve": lambda s, ids: setattr(s.get(Booking, ids[1]), "status", BookingStatus.APPROVED),
    "program": lambda s, ids: s.add(Program(name="지역혁신", funder=Funder.MOTIE, fiscal_year=2026)),
    "facility": lambda s, ids: s.add(Facility(name="QC lab", kind=FacilityKind.QC_LAB)),
    "setting": lambda s, ids: s.add(Setting(key="foundation_name", value="재단")),
}

ALLOWED = {
    Role.ADMIN: set(CHANGES),
    Role.MANAGER: {"organization", "booking_cancel", "booking_approve", "program"},
    Role.STAFF: {"organization", "booking_cancel"},
    Role.VIEWER: set(),
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("change", list(CHANGES))
def test_role_matrix(db, role, change):
    ids = _seed(db)
    with acting_as("someone", role):
        if change in ALLOWED[role]:
            with db.write() as s:
                CHANGES[change](s, ids)
        else:
            with pytest.raises(DomainError) as err, db.write() as s:
                CHANGES[change](s, ids)
            assert err.value.code == "permission"
            assert "role" in err.value.message or "manager" in err.value.message


def test_audit_trail_cannot_be_edited_even_by_admin(db):
    _seed(db)
    with pytest.raises(DomainError, match="audit trail"), db.write() as s:
        s.query(AuditEvent).first().actor = "forged"
    with pytest.raises(DomainError, match="audit trail"), db.write() as s:
        s.delete(s.query(AuditEvent).first())
    with db.read() as s:
        assert s.query(AuditEvent).filter_by(actor="forged").count() == 0


def test_command_line_writes_are_recorded_as_os_user(db):
    _seed(db)
    with db.read() as s:
        actors = {a.actor for a in s.query(AuditEvent)}
    assert actors and all(a.startswith("os:") for a in actors)
