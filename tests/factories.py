"""Small helpers that create test data through the ORM on a given session (no commit; use them
inside `with db.write() as s:`). Each returns the flushed row, so ids are set.

Add helpers for your own area below; keep defaults plain and override with keyword arguments.
"""

from __future__ import annotations

import datetime as dt
import itertools
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Iterator
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from hubdesk.db.enums import (BookingUnit, FacilityKind, OrgKind, ResourceKind, ResourceStatus,
                              WindowKind)
from hubdesk.db.schema import (ClosureDay, Contact, Facility, MaintenanceWindow, Organization,
                               Qualification, Resource, ResourceRate, UserClass)

KST = ZoneInfo("Asia/Seoul")
_seq = itertools.count(1)


def kst(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """An aware datetime in Korean time (the facilities' default zone)."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=KST)


def _add(session: Session, row):
    session.add(row)
    session.flush()
    return row


def make_user_class(session: Session, code: str | None = None, name: str | None = None) -> UserClass:
    n = next(_seq)
    return _add(session, UserClass(code=code or f"class-{n}", name=name or f"User class {n}"))


def make_org(session: Session, name: str | None = None, *, user_class: UserClass | None = None,
             kind: OrgKind = OrgKind.COMPANY, **fields) -> Organization:
    return _add(session, Organization(name=name or f"Company {next(_seq)}", kind=kind,
                                      user_class=user_class, **fields))


def make_contact(session: Session, organization: Organization, name: str | None = None, **fields) -> Contact:
    return _add(session, Contact(organization=organization, name=name or f"Person {next(_seq)}", **fields))


def make_facility(session: Session, name: str | None = None, *, kind: FacilityKind = FacilityKind.GMP_PLANT,
                  timezone: str = "Asia/Seoul", **fields) -> Facility:
    return _add(session, Facility(name=name or f"Facility {next(_seq)}", kind=kind, timezone=timezone, **fields))


def make_resource(session: Session, facility: Facility | None = None, name: str | None = None, *,
                  booking_unit: BookingUnit = BookingUnit.HOUR, changeover_hours: float = 0.0,
                  min_units: int = 1, max_units: int = 24, kind: ResourceKind = ResourceKind.SUITE,
                  status: ResourceStatus = ResourceStatus.AVAILABLE, requires_qualification: bool = False,
                  requalification_days: int | None = None, last_qualified_on: dt.date | None = None,
                  **fields) -> Resource:
    facility = facility or make_facility(session)
    return _add(session, Resource(
        facility=facility, name=name or f"Suite {next(_seq)}", kind=kind, booking_unit=booking_unit,
        changeover_hours=changeover_hours, min_units=min_units, max_units=max_units, status=status,
        requires_qualification=requires_qualification, requalification_days=requalification_days,
        last_qualified_on=last_qualified_on, **fields))


def make_rate(session: Session, resource: Resource, user_class: UserClass, fee_per_unit_krw: int) -> ResourceRate:
    return _add(session, ResourceRate(resource=resource, user_class=user_class,
                                      fee_per_unit_krw=fee_per_unit_krw))


def make_qualification(session: Session, resource: Resource, *, contact: Contact | None = None,
                       organization: Organization | None = None,
                       granted_on: dt.date = dt.date(2025, 1, 1),
                       valid_until: dt.date = dt.date(2030, 12, 31)) -> Qualification:
    return _add(session, Qualification(resource=resource, contact=contact, organization=organization,
                                       granted_on=granted_on, valid_until=valid_until))


def make_window(session: Session, resource: Resource, starts_at: dt.datetime, ends_at: dt.datetime, *,
                kind: WindowKind = WindowKind.MAINTENANCE, note: str | None = None) -> MaintenanceWindow:
    return _add(session, MaintenanceWindow(resource=resource, starts_at=starts_at, ends_at=ends_at,
                                           kind=kind, note=note))


def make_closure_day(session: Session, day: dt.date, name: str = "Foundation day") -> ClosureDay:
    return _add(session, ClosureDay(day=day, name=name))


def booking_world(session: Session, *, fee_per_unit_krw: int = 50_000, **resource_fields) -> SimpleNamespace:
    """A facility with one resource, a user class with a rate on it, an organization of that
    class with two contacts: the usual starting point of a booking test. Returns ids and rows."""
    user_class = make_user_class(session, name="Member company")
    org = make_org(session, "Hanbit Bio", user_class=user_class)
    facility = make_facility(session, "GMP Plant 1")
    resource = make_resource(session, facility, resource_fields.pop("name", "Suite B-1"), **resource_fields)
    rate = make_rate(session, resource, user_class, fee_per_unit_krw)
    alice = make_contact(session, org, "Alice Kim")
    bob = make_contact(session, org, "Bob Lee")
    return SimpleNamespace(user_class=user_class, org=org, facility=facility, resource=resource,
                           rate=rate, alice=alice, bob=bob, resource_id=resource.id, org_id=org.id)


def make_program(session: Session, name: str = "Herbal cluster", *, funder: str = "motie", fiscal_year: int = 2026,
                 budgets: dict | None = None, category: str = "unassigned", **fields):
    """A program (plain rows, no rules) with one budget line per source given in `budgets`
    ({"national": 1_000_000_000, ...}); returns the program with `.lines` keyed by source."""
    from hubdesk.db.schema import BudgetLine, Program

    program = _add(session, Program(name=name, funder=funder, fiscal_year=fiscal_year, **fields))
    program_lines = {}
    for source, amount in (budgets or {}).items():
        program_lines[source] = _add(session, BudgetLine(program_id=program.id, fiscal_year=fiscal_year, source=source,
                                                         category=category, amount_krw=amount))
    program.__dict__["lines"] = program_lines
    return program


def make_expenditure(session: Session, line, spent_on: dt.date, amount_krw: int, description: str | None = None):
    """A plain expenditure row against `line` (its program, source and cost item)."""
    from hubdesk.db.schema import Expenditure

    return _add(session, Expenditure(program_id=line.program_id, budget_line_id=line.id, source=line.source,
                                     category=line.category, spent_on=spent_on, amount_krw=amount_krw,
                                     description=description))


@contextmanager
def demo_database(path, seed: int, today: dt.date) -> Iterator:
    """A database file at `path` holding the `small` demo data of `seed`, disposed afterwards."""
    from hubdesk.db.database import open_database
    from hubdesk.demo.generate import generate

    db = open_database(path)
    try:
        generate(db, "small", seed, today=today)
        yield db
    finally:
        db.dispose()
