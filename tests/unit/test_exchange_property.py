"""Three installations from one start, random edits on each, packages written and delivered in
random orders and routes (through a third PC, late, twice): once every package has reached every
installation and the conflicts are resolved, all three hold the same data, record for record
(hypothesis; HUBDESK_FUZZ_SCALE runs more examples). Small documents are attached and given new
versions among the edits: every PC ends with every attachment's content, intact."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from hubdesk.db.database import open_database
from hubdesk.db.enums import ACTIVE_BOOKING_STATUSES, BookingStatus, DocumentOwner
from hubdesk.db.schema import Attachment, Booking, Contact, Organization, Resource
from hubdesk.domain import documents
from hubdesk.domain.booking_rules import BookingRequest
from hubdesk.domain.bookings import change_status, create_booking
from hubdesk.domain.exchange_conflicts import resolve
from hubdesk.errors import DomainError
from tests.exchange_sites import Site, join, send
from tests.factories import booking_world, kst, make_contact, make_org
from tests.fuzzing import examples

NAMES = ["Alpha", "Beta", "Gamma", "Delta"]
SITE = st.integers(0, 2)
EDIT = st.one_of(
    st.tuples(st.just("org"), SITE, st.sampled_from(NAMES)),
    st.tuples(st.just("rename"), SITE, st.integers(0, 5), st.sampled_from(NAMES)),
    st.tuples(st.just("website"), SITE, st.integers(0, 5), st.sampled_from(["https://a.kr", "https://b.vn"])),
    st.tuples(st.just("remove"), SITE, st.integers(0, 5)),
    st.tuples(st.just("contact"), SITE, st.integers(0, 5)),
    st.tuples(st.just("book"), SITE, st.integers(0, 3)),
    st.tuples(st.just("cancel"), SITE, st.integers(0, 5)),
    # small documents: the same content attached on two PCs is one blob; a new version of one
    st.tuples(st.just("attach"), SITE, st.integers(0, 5), st.sampled_from([b"MOU v1", b"GMP certificate"])),
    st.tuples(st.just("new version"), SITE, st.integers(0, 5), st.sampled_from([b"MOU v2", b"letter"])),
)
ROUTE = st.tuples(st.just("send"), SITE, SITE)
LATE = st.tuples(st.just("deliver"), SITE, st.integers(0, 10))
STEPS = st.lists(st.one_of(EDIT, ROUTE, LATE), min_size=4, max_size=18)


def _orgs(s):
    return s.scalars(select(Organization).order_by(Organization.uid)).all()


def edit(site: Site, step: tuple) -> None:
    kind = step[0]
    try:
        with site.db.write() as s:
            orgs = _orgs(s)
            pick = orgs[step[2] % len(orgs)] if orgs and kind not in ("org", "book") else None
            if kind == "org":
                make_org(s, f"{step[2]} of {site.name}")
            elif kind == "rename" and pick is not None:
                pick.name = step[3]
            elif kind == "website" and pick is not None:
                pick.website = step[3]
            elif kind == "remove" and pick is not None:
                if not s.scalars(select(Contact.id).where(Contact.organization_id == pick.id)).first() and \
                        not s.scalars(select(Booking.id).where(Booking.organization_id == pick.id)).first() and \
                        not s.scalars(select(Attachment.id).where(Attachment.organization_id == pick.id)).first():
                    s.delete(pick)
            elif kind == "attach" and pick is not None:
                documents.attach(s, DocumentOwner.ORGANIZATION, pick.id, io.BytesIO(step[3]), name="MOU.txt")
            elif kind == "new version":
                current = s.scalars(select(Attachment).order_by(Attachment.uid)).all()
                current = [a for a in current if not s.scalars(select(Attachment.id).where(
                    Attachment.replaces_id == a.id)).first()]
                if current:
                    documents.replace(s, current[step[2] % len(current)].id, io.BytesIO(step[3] + site.name.encode()))
            elif kind == "contact" and pick is not None:
                make_contact(s, pick, f"Person of {site.name}")
            elif kind == "book":
                resource = s.scalars(select(Resource)).first()
                org = s.scalars(select(Organization).where(Organization.name == "Hanbit Bio")).first()
                if resource is not None and org is not None:
                    start = kst(2027, 5, 3 + step[2], 9)
                    create_booking(s, BookingRequest(resource_id=resource.id, organization_id=org.id,
                                                     starts_at=start, ends_at=start + dt.timedelta(hours=2)))
            elif kind == "cancel":
                bookings = s.scalars(select(Booking).where(Booking.status.in_(ACTIVE_BOOKING_STATUSES))
                                     .order_by(Booking.uid)).all()
                if bookings:
                    change_status(s, bookings[step[2] % len(bookings)].id, BookingStatus.CANCELLED)
    except DomainError:
        pass            # refused by a rule on that PC (a slot taken there): nothing written


def resolve_all(site: Site, prefer: str) -> None:
    for conflict in site.conflicts():
        for take in (prefer, "theirs" if prefer == "mine" else "mine"):
            try:
                with site.db.write() as s:
                    resolve(s, conflict.id, take)
                break
            except DomainError:
                continue


def documents_whole(site: Site) -> None:
    """Every attachment's content is here, intact."""
    with site.db.read() as s:
        for attachment_id in s.scalars(select(Attachment.id)):
            out = io.BytesIO()
            documents.read_into(s, attachment_id, out)
            assert out.getvalue()
        assert documents.verify(s) == []


def full_round(sites: list[Site]) -> None:
    for src in sites:
        for dst in sites:
            if src is not dst:
                send(src, dst)


def no_double_booking(site: Site) -> None:
    with site.db.read() as s:
        active = s.execute(select(Booking.resource_id, Booking.starts_at, Booking.ends_at)
                           .where(Booking.status.in_(ACTIVE_BOOKING_STATUSES))).all()
    for i, (r1, s1, e1) in enumerate(active):
        for r2, s2, e2 in active[i + 1:]:
            assert not (r1 == r2 and s1 < e2 and s2 < e1), "two valid bookings of one slot"


@settings(max_examples=examples(12), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=STEPS, prefer=st.sampled_from(["mine", "theirs"]), order=st.randoms(use_true_random=False))
def test_three_installations_converge_whatever_the_order_and_route(_migrated_sqlite_template, steps, prefer, order):
    folder = Path(tempfile.mkdtemp(prefix="exchange-"))
    dbs = []
    try:
        def new_db(name):
            path = folder / f"{name}.db"
            shutil.copyfile(_migrated_sqlite_template, path)
            dbs.append(open_database(path))
            return dbs[-1]

        first = Site("PC-0", new_db("pc0"), folder)
        with first.db.write() as s:
            booking_world(s)
        sites = [first, join(first, new_db("pc1"), "PC-1", folder), join(first, new_db("pc2"), "PC-2", folder)]
        mailbox: list[list[Path]] = [[], [], []]
        for step in steps:
            if step[0] == "send":
                src, dst = step[1], step[2]
                if src != dst:
                    mailbox[dst].append(sites[src].export(full=True) if order.random() < 0.2 else
                                        _package_for(sites[src], sites[dst]))
            elif step[0] == "deliver":
                box = mailbox[step[1]]
                if box:
                    sites[step[1]].apply(box.pop(step[2] % len(box)))
            else:
                edit(sites[step[1]], step)
        for i, box in enumerate(mailbox):          # every package still on its way arrives, in any order
            order.shuffle(box)
            for package in box:
                sites[i].apply(package)
        for site in sites:
            no_double_booking(site)
        for _round in range(8):
            full_round(sites)
            waiting = [site for site in sites if site.conflicts()]
            if not waiting:
                break
            resolve_all(waiting[0], prefer)
        full_round(sites)
        assert [site.conflicts() for site in sites] == [[], [], []]
        snapshots = [site.snapshot() for site in sites]
        assert snapshots[0] == snapshots[1] == snapshots[2]
        for site in sites:
            no_double_booking(site)
            documents_whole(site)
    finally:
        for db in dbs:
            db.dispose()
        shutil.rmtree(folder, ignore_errors=True)


def _package_for(src: Site, dst: Site) -> Path:
    from hubdesk.db.schema import Installation

    with src.db.read() as s:
        known = s.scalar(select(Installation.id).where(Installation.name == dst.name)) is not None
    return src.export(to=dst) if known else src.export(full=True)
