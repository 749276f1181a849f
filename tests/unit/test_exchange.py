"""Change packages between offline installations (issue 16), on real databases and real package
files: joining, deltas, idempotence, refusals, conflicts (fields, removal, double booking, issued
quarter) and their resolution converging on every PC."""

from __future__ import annotations

import datetime as dt
import gzip
import shutil

import pytest
from sqlalchemy import select

from hubdesk.db.database import open_database
from hubdesk.db.enums import ACTIVE_BOOKING_STATUSES, BookingStatus
from hubdesk.db.schema import AuditEvent, Booking, Contact, ExchangeConflict, Organization
from hubdesk.domain.bookings import change_status, create_booking
from hubdesk.domain.booking_rules import BookingRequest
from hubdesk.domain.exchange_conflicts import resolve
from hubdesk.errors import DomainError
from tests.exchange_sites import Site, join, send, table_counts
from tests.factories import booking_world, kst, make_contact, make_org


@pytest.fixture
def new_db(tmp_path, _migrated_sqlite_template):
    made = []

    def make(name: str):
        path = tmp_path / f"{name}.db"
        shutil.copyfile(_migrated_sqlite_template, path)
        db = open_database(path)
        made.append(db)
        return db

    yield make
    for db in made:
        db.dispose()


@pytest.fixture
def pair(new_db, tmp_path):
    """Two installations from one start: A with a booking world, B joined from A's --all package,
    and A knowing B (B sent A its first package)."""
    a = Site("Cluster office", new_db("a"), tmp_path)
    with a.db.write() as s:
        world = booking_world(s)
        ids = dict(org=world.org.id, resource=world.resource.id)
    b = join(a, new_db("b"), "GMP centre PC", tmp_path)
    a.apply(b.export(full=True))
    a.ids = ids
    return a, b


def test_a_joined_pc_holds_the_same_records_and_deltas_travel_both_ways(pair):
    a, b = pair
    assert a.snapshot() == b.snapshot()
    assert any(t == "organization" for t, _u in a.snapshot())
    with a.db.write() as s:
        s.get(Organization, a.ids["org"]).name = "Hanbit Bio (renamed on A)"
    with b.db.write() as s:
        org_b = s.scalars(select(Organization).where(Organization.name == "Hanbit Bio")).one()
        make_contact(s, org_b, "Chris Park")
    summary = send(a, b)
    assert summary.changed["organization"] == 1 and not summary.conflicts
    send(b, a)
    assert a.snapshot() == b.snapshot()
    with a.db.read() as s:
        assert s.scalar(select(Contact.id).where(Contact.name == "Chris Park")) is not None
        # the audit trail says which package brought the change
        actors = [e.actor for e in s.scalars(select(AuditEvent).where(AuditEvent.entity == "contact",
                                                                      AuditEvent.entity_uid.is_not(None)))]
        assert any("change package" in actor for actor in actors)


def test_the_same_package_twice_or_an_old_one_after_a_newer_changes_nothing(pair):
    a, b = pair
    with a.db.write() as s:
        s.get(Organization, a.ids["org"]).name = "First name"
    first = a.export(to=b)
    with a.db.write() as s:
        s.get(Organization, a.ids["org"]).name = "Second name"
    second = a.export(to=b)
    b.apply(second)
    before = table_counts(b.db), b.snapshot()
    again = b.apply(second)
    old = b.apply(first)
    assert again.written == 0 and old.written == 0
    assert b.snapshot() == before[1]
    assert b.snapshot() == a.snapshot()
    with b.db.read() as s:
        assert s.scalars(select(Organization.name).where(Organization.name.like("%name"))).all() == ["Second name"]


def _bad_copies(package, tmp_path):
    data = bytearray(package.read_bytes())
    flipped = tmp_path / "flipped.hdx"
    data[len(data) // 2] ^= 0x01
    flipped.write_bytes(bytes(data))
    cut = tmp_path / "cut.hdx"
    cut.write_bytes(package.read_bytes()[: len(data) - 40])
    # a package whose gzip is intact but whose content was edited (the checksum must catch it)
    edited = tmp_path / "edited.hdx"
    text = gzip.decompress(package.read_bytes()).replace(b"Hanbit Bio", b"Hanbit Biz")
    edited.write_bytes(gzip.compress(text))
    return [flipped, cut, edited]


def test_a_changed_cut_or_foreign_package_is_refused_and_nothing_is_written(pair, new_db, tmp_path):
    a, b = pair
    with a.db.write() as s:
        s.get(Organization, a.ids["org"]).name = "Hanbit Bio (renamed on A)"
    package = a.export(to=b)
    other = Site("Other foundation PC", new_db("other"), tmp_path)
    with other.db.write() as s:
        make_org(s, "Someone else's company")
    foreign = other.export(full=True)
    before = table_counts(b.db)
    for bad in _bad_copies(package, tmp_path) + [foreign]:
        with pytest.raises(DomainError) as refused:
            b.apply(bad)
        assert "nothing was changed" in str(refused.value)
        assert table_counts(b.db) == before
    b.apply(package)
    assert b.snapshot() == a.snapshot()


def test_the_same_record_changed_on_both_pcs_is_a_conflict_resolved_field_by_field(pair):
    a, b = pair
    with a.db.write() as s:
        org = s.get(Organization, a.ids["org"])
        org.name, org.website = "Name from A", "https://a.example"
    with b.db.write() as s:
        org = s.scalars(select(Organization).where(Organization.name == "Hanbit Bio")).one()
        org.name, org.website = "Name from B", "https://b.example"
    assert send(a, b).conflicts[0]["kind"] == "fields"
    assert send(b, a).conflicts[0]["kind"] == "fields"
    shown = a.conflicts()
    assert len(shown) == 1 and len(b.conflicts()) == 1
    sides = {name: (mine, theirs) for name, mine, theirs in shown[0].fields}
    assert sides["name"] == ("Name from A", "Name from B")
    assert sides["website"] == ("https://a.example", "https://b.example")
    with a.db.write() as s:
        resolve(s, shown[0].id, "mine", {"name": "theirs"})
    send(a, b)
    send(b, a)
    assert a.conflicts() == [] and b.conflicts() == []
    assert a.snapshot() == b.snapshot()
    with b.db.read() as s:
        org = s.scalars(select(Organization).where(Organization.name == "Name from B")).one()
        assert org.website == "https://a.example"
        # the decision is in the audit trail
        decided = [e for e in s.scalars(select(AuditEvent).where(AuditEvent.entity == "organization"))]
        assert decided
    with a.db.read() as s:
        assert any((e.after or {}).get("exchange_resolution") for e in
                   s.scalars(select(AuditEvent).where(AuditEvent.entity == "organization")))


def test_removed_on_one_pc_and_changed_on_the_other_is_shown_and_resolved(pair):
    a, b = pair
    with a.db.write() as s:
        org = make_org(s, "Short-lived Ltd")
    send(a, b)
    with a.db.write() as s:
        s.delete(s.scalars(select(Organization).where(Organization.name == "Short-lived Ltd")).one())
    with b.db.write() as s:
        s.scalars(select(Organization).where(Organization.name == "Short-lived Ltd")).one().website = "https://x.example"
    assert [c["kind"] for c in send(a, b).conflicts] == ["removed_there"]
    assert [c["kind"] for c in send(b, a).conflicts] == ["removed_here"]
    [shown] = b.conflicts()
    with b.db.write() as s:
        resolve(s, shown.id, "theirs")               # the removal wins
    send(b, a)
    send(a, b)
    assert a.conflicts() == [] and b.conflicts() == []
    assert a.snapshot() == b.snapshot()
    assert not any(state.get("name") == "Short-lived Ltd" for state in a.snapshot().values())
    del org


def _active_in_slot(site, start):
    with site.db.read() as s:
        return s.scalars(select(Booking.uid).where(Booking.starts_at == start,
                                                   Booking.status.in_(ACTIVE_BOOKING_STATUSES))).all()


def test_two_pcs_booking_the_same_slot_offline_both_show_the_conflict_never_two_valid_bookings(pair):
    a, b = pair
    start, end = kst(2027, 3, 2, 9), kst(2027, 3, 2, 12)
    for site in (a, b):
        with site.db.write() as s:
            org = s.scalars(select(Organization).where(Organization.name == "Hanbit Bio")).one()
            resource_id = s.scalars(select(Booking.resource_id)).first() or a.ids["resource"]
            create_booking(s, BookingRequest(resource_id=resource_id, organization_id=org.id, starts_at=start,
                                             ends_at=end, purpose=f"run of {site.name}"))
    assert [c["kind"] for c in send(a, b).conflicts] == ["booking"]
    assert [c["kind"] for c in send(b, a).conflicts] == ["booking"]
    for site in (a, b):
        assert len(_active_in_slot(site, start)) == 1
        assert [c.kind for c in site.conflicts()] == ["booking"]
    [shown] = a.conflicts()
    with a.db.write() as s:
        resolve(s, shown.id, "mine")                 # A's booking stays, B's is cancelled
    send(a, b)
    send(b, a)
    assert a.conflicts() == [] and b.conflicts() == []
    assert a.snapshot() == b.snapshot()
    for site in (a, b):
        [kept] = _active_in_slot(site, start)
        with site.db.read() as s:
            assert s.scalar(select(Booking.purpose).where(Booking.uid == kept)) == "run of Cluster office"
            assert s.scalar(select(Booking.status).where(Booking.purpose == "run of GMP centre PC")) \
                == BookingStatus.CANCELLED


def test_a_change_inside_a_quarter_issued_on_the_receiving_pc_is_held_until_reopened(pair):
    from hubdesk.domain.report_lock import issue_quarter, reopen_quarter

    a, b = pair
    with b.db.write() as s:
        issue_quarter(s, "2026-Q1", figures={}, today=dt.date(2026, 5, 1))
    with a.db.write() as s:
        org = s.get(Organization, a.ids["org"])
        request = BookingRequest(resource_id=a.ids["resource"], organization_id=org.id,
                                 starts_at=kst(2026, 2, 3, 9), ends_at=kst(2026, 2, 3, 11))
        booking = create_booking(s, request)
        change_status(s, booking.id, BookingStatus.CANCELLED)
    summary = send(a, b)
    assert [c["kind"] for c in summary.conflicts] == ["locked"]
    assert "issued" in summary.conflicts[0]["detail"]
    with b.db.read() as s:
        assert s.scalars(select(Booking)).all() == []
    [held] = b.conflicts()
    with pytest.raises(DomainError), b.db.write() as s:
        resolve(s, held.id, "theirs")                # still locked: refused with the lock's sentence
    with b.db.write() as s:
        reopen_quarter(s, "2026-Q1", "a booking arrived from the cluster office")
    with b.db.write() as s:
        resolve(s, held.id, "theirs")
    send(b, a)
    send(a, b)
    assert a.snapshot() == b.snapshot() and b.conflicts() == []


def test_people_on_a_booking_travel_with_it(pair):
    a, b = pair
    with a.db.write() as s:
        org = s.get(Organization, a.ids["org"])
        alice = s.scalars(select(Contact).where(Contact.name == "Alice Kim")).one()
        booking = create_booking(s, BookingRequest(resource_id=a.ids["resource"], organization_id=org.id,
                                                   starts_at=kst(2027, 4, 6, 9), ends_at=kst(2027, 4, 6, 11),
                                                   people=[alice.id]))
        booking_id = booking.id
    send(a, b)
    assert a.snapshot() == b.snapshot()
    with a.db.write() as s:                           # only the people change: the row's version moves on
        bob = s.scalars(select(Contact).where(Contact.name == "Bob Lee")).one()
        held = s.get(Booking, booking_id)
        held.people.append(bob)
    assert send(a, b).changed["booking"] == 1
    assert a.snapshot() == b.snapshot()
    with b.db.read() as s:
        booking = s.scalars(select(Booking)).one()
        assert sorted(p.name for p in booking.people) == ["Alice Kim", "Bob Lee"]


def test_an_account_travels_without_its_password(pair):
    from hubdesk.db.schema import User
    from hubdesk.domain.accounts import authenticate, create_user

    a, b = pair
    with a.db.write() as s:
        create_user(s, username="minji", display_name="Kim Minji", role="manager", password="a long enough password 1")
    send(a, b)
    with b.db.read() as s:
        user = s.scalars(select(User).where(User.username == "minji")).one()
        assert user.password_hash is None and user.display_name == "Kim Minji"
    with pytest.raises(DomainError), b.db.write() as s:
        authenticate(s, "minji", "a long enough password 1")


def test_conflicts_are_listed_with_a_number_a_person_can_resolve(pair):
    a, b = pair
    with a.db.write() as s:
        s.get(Organization, a.ids["org"]).name = "A"
    with b.db.write() as s:
        s.scalars(select(Organization).where(Organization.name == "Hanbit Bio")).one().name = "B"
    send(a, b)
    with b.db.read() as s:
        ids = s.scalars(select(ExchangeConflict.id)).all()
    with pytest.raises(DomainError), b.db.write() as s:
        resolve(s, max(ids) + 100, "mine")
    with pytest.raises(DomainError), b.db.write() as s:
        resolve(s, ids[0], "mine", {"nonexistent": "theirs"})


def test_a_booking_moved_away_and_another_put_in_its_slot_arrive_together_without_a_conflict(pair):
    from hubdesk.domain.bookings import update_booking_times

    a, b = pair
    slot = (kst(2027, 7, 5, 9), kst(2027, 7, 5, 11))
    later = (kst(2027, 7, 6, 9), kst(2027, 7, 6, 11))
    with a.db.write() as s:
        org = s.get(Organization, a.ids["org"])
        first = create_booking(s, BookingRequest(resource_id=a.ids["resource"], organization_id=org.id,
                                                 starts_at=slot[0], ends_at=slot[1], purpose="first"))
        first_id = first.id
    send(a, b)
    with a.db.write() as s:
        update_booking_times(s, first_id, *later)
        create_booking(s, BookingRequest(resource_id=a.ids["resource"], organization_id=a.ids["org"],
                                         starts_at=slot[0], ends_at=slot[1], purpose="second"))
    from hubdesk.domain.exchange_apply import apply_package
    from hubdesk.interchange.exchange_package import read_package

    header, records = read_package(a.export(to=b))
    records.sort(key=lambda r: r.get("state", {}).get("purpose") != "second")   # the newcomer before the move
    assert [r["state"]["purpose"] for r in records if r["table"] == "booking"] == ["second", "first"]
    with b.db.write() as s:
        summary = apply_package(s, header, records)
    assert summary.conflicts == [] and b.conflicts() == []
    assert summary.new["booking"] == 1 and summary.changed["booking"] == 1
    assert a.snapshot() == b.snapshot()


def test_a_restored_backup_exchanges_as_a_new_installation_so_no_change_is_numbered_twice(pair, tmp_path):
    from hubdesk.db.backup import backup_database, restore_database
    from hubdesk.db.schema import Installation

    a, b = pair
    backup = backup_database(b.db, tmp_path / "b-backup.db")
    with b.db.write() as s:
        s.scalars(select(Organization).where(Organization.name == "Hanbit Bio")).one().name = "Lost with the restore"
    send(b, a)                                        # A holds B's change numbered n
    path = b.db.path
    b.db.dispose()
    restore_database(path, backup)
    b.db = open_database(path)
    with b.db.read() as s:
        me = s.scalars(select(Installation).where(Installation.is_self.is_(True))).one()
        assert me.counter == 0 and me.uid not in {i.uid for i in s.scalars(select(Installation)) if not i.is_self}
    with b.db.write() as s:
        s.scalars(select(Organization).where(Organization.name == "Hanbit Bio")).one().website = "https://after.example"
    summary = send(b, a)                              # a new number under the new identity: A sees it
    assert summary.conflicts and summary.conflicts[0]["kind"] == "fields"


def test_a_booking_arriving_inside_a_maintenance_window_set_here_is_held(pair):
    from hubdesk.db.schema import Resource
    from tests.factories import make_window

    a, b = pair
    start, end = kst(2027, 8, 2, 9), kst(2027, 8, 2, 11)
    with b.db.write() as s:
        resource = s.scalars(select(Resource)).one()
        make_window(s, resource, kst(2027, 8, 2, 0), kst(2027, 8, 3, 0))
    with a.db.write() as s:
        create_booking(s, BookingRequest(resource_id=a.ids["resource"], organization_id=a.ids["org"],
                                         starts_at=start, ends_at=end))
    summary = send(a, b)
    assert [c["kind"] for c in summary.conflicts] == ["booking"]
    assert "maintenance" in summary.conflicts[0]["detail"]
    assert _active_in_slot(b, start) == []
    [held] = b.conflicts()
    with b.db.write() as s:
        resolve(s, held.id, "mine")                  # the window stays: the booking is cancelled everywhere
    send(b, a)
    send(a, b)
    assert a.snapshot() == b.snapshot() and _active_in_slot(a, start) == []


def test_a_package_since_a_date_carries_what_changed_since_then_and_only_that(pair):
    import datetime as dt

    from hubdesk.domain import clock
    from hubdesk.domain.exchange_apply import collect

    a, b = pair
    with a.db.write() as s:
        s.get(Organization, a.ids["org"]).name = "Renamed today"
    with a.db.write() as s:
        _header, tomorrow = collect(s, since=clock.today() + dt.timedelta(days=1))
        header, records = collect(s, since=clock.today())
    assert tomorrow == []
    assert header["kind"] == "since" and header["low"] is None
    # everything of this test was made today: the rename is among it
    assert ("organization", "Renamed today") in [(r["table"], r["state"].get("name")) for r in records]
    from hubdesk.domain.exchange_apply import apply_package

    with b.db.write() as s:
        assert apply_package(s, header, records).changed["organization"] == 1
    assert a.snapshot() == b.snapshot()
