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


# --- below the ORM (issue 15, finding 4) ---------------------------------------------------------------------

def test_a_new_booking_already_approved_is_a_decision_staff_may_not_make(any_db):
    ids = _seed(any_db)
    with any_db.read() as s:
        res_id = s.get(Booking, ids[1]).resource_id
    for status in (BookingStatus.APPROVED, BookingStatus.CONFIRMED, BookingStatus.COMPLETED):
        with pytest.raises(DomainError) as caught, acting_as("kim", Role.STAFF), any_db.write() as s:
            s.add(Booking(resource_id=res_id, organization_id=ids[0], units=1, status=status, fee_krw=0,
                          starts_at=dt.datetime(2026, 12, 3, tzinfo=UTC), ends_at=dt.datetime(2026, 12, 4, tzinfo=UTC)))
        assert caught.value.code == "permission"
    with acting_as("lee", Role.MANAGER), any_db.write() as s:       # a manager may
        s.add(Booking(resource_id=res_id, organization_id=ids[0], units=1, status=BookingStatus.APPROVED,
                      starts_at=dt.datetime(2026, 12, 3, tzinfo=UTC), ends_at=dt.datetime(2026, 12, 4, tzinfo=UTC)))


def test_statements_pass_the_same_rules_as_objects(any_db):
    """A viewer made itself administrator with one Core update(); staff deleted audit rows; any role
    could insert an audit row naming someone else. Each is refused now, and nothing changed."""
    from sqlalchemy import delete, func, insert, select, update

    from hubdesk.db.schema import User
    from hubdesk.domain.accounts import create_user

    _seed(any_db)
    with acting_as("admin", Role.ADMIN), any_db.write() as s:
        create_user(s, username="viewer1", display_name="Viewer", role=Role.VIEWER, password="long enough 1")
    with any_db.read() as s:
        audit_rows = s.scalar(select(func.count()).select_from(AuditEvent))
    attempts = [
        (Role.VIEWER, lambda s: s.execute(update(User).where(User.username == "viewer1").values(role=Role.ADMIN))),
        (Role.VIEWER, lambda s: s.execute(update(Organization.__table__).values(name="x"))),
        (Role.STAFF, lambda s: s.execute(delete(AuditEvent))),
        (Role.STAFF, lambda s: s.execute(insert(AuditEvent.__table__).values(
            at=dt.datetime.now(UTC), actor="someone else", action="delete", entity="organization", entity_id=1))),
        (Role.ADMIN, lambda s: s.execute(delete(AuditEvent.__table__))),
        (Role.STAFF, lambda s: s.add(AuditEvent(at=dt.datetime.now(UTC), actor="forged", action="delete",
                                                 entity="organization", entity_id=1))),
    ]
    for role, attempt in attempts:
        with pytest.raises(DomainError) as caught, acting_as("someone", role), any_db.write() as s:
            attempt(s)
            s.flush()
        assert caught.value.code == "permission"
    with any_db.read() as s:
        assert s.scalar(select(User.role).where(User.username == "viewer1")) is Role.VIEWER
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == audit_rows
        assert "x" not in s.scalars(select(Organization.name)).all()
    with acting_as("kim", Role.STAFF), any_db.write() as s:      # what staff may write, a statement may too
        s.execute(update(Organization).values(region="Osong"))
