"""What this database keeps to exchange changes with other installations (issue 16,
hubdesk.domain.exchange*): which installation it is, a change clock per travelling row, the
removals (tombstones), what each peer is known to hold, and the conflicts waiting for a person.

None of these is a main row, and none travels: they describe this database's own exchange.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hubdesk.db.schema.base import Base, UTCDateTime, new_uid, utcnow


class Installation(Base):
    """An installation (one database) of the foundation: this one (`is_self`) and every one this
    database has heard of through a package. `foundation_uid` is the set of installations this one
    belongs to, made by the first installation and taken over by one that joins with an `--all`
    package; a package of another set is refused."""

    __tablename__ = "installation"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    name: Mapped[str | None] = mapped_column(String(200))
    is_self: Mapped[bool] = mapped_column(Boolean, default=False)
    foundation_uid: Mapped[str | None] = mapped_column(String(36))
    # this installation's change counter (is_self only): the last one given to a local change
    counter: Mapped[int] = mapped_column(Integer, default=0)
    # what this database knows the installation holds: {installation uid: counter} (for a peer:
    # what its last package said it holds; for itself: everything it holds)
    knows: Mapped[dict] = mapped_column(JSON, default=dict)
    last_sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    last_received_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ExchangeClock(Base):
    """The change clock of one travelling row: its version vector ({installation uid: counter} of
    the latest change of each installation the row's state includes), and the row `version` the
    clock last saw (a different one means a local change not clocked yet)."""

    __tablename__ = "exchange_clock"
    __table_args__ = (UniqueConstraint("table_name", "row_uid"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    table_name: Mapped[str] = mapped_column(String(60))
    row_uid: Mapped[str] = mapped_column(String(36))
    seen_version: Mapped[int] = mapped_column(Integer)
    origin: Mapped[str] = mapped_column(String(36))       # the installation of the latest change
    vector: Mapped[dict] = mapped_column(JSON)
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ExchangeTombstone(Base):
    """A travelling row removed (here or by a package), with the version vector of its removal."""

    __tablename__ = "exchange_tombstone"
    __table_args__ = (UniqueConstraint("table_name", "row_uid"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    table_name: Mapped[str] = mapped_column(String(60))
    row_uid: Mapped[str] = mapped_column(String(36))
    origin: Mapped[str] = mapped_column(String(36))
    vector: Mapped[dict] = mapped_column(JSON)
    removed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ExchangeConflict(Base):
    """A change a package brought that a person must decide on: `kind` says why (`fields`: the same
    record changed on both sides; `removed_here` / `removed_there`; `booking`: two bookings that
    together break the booking rules; `locked`: inside a quarter issued here; `duplicate`: the same
    natural key as another record here). `theirs` is the incoming state (None for a removal) with its
    vector; `other_uid` the local booking or record it collides with."""

    __tablename__ = "exchange_conflict"
    __table_args__ = (Index("ix_exchange_conflict_row", "table_name", "row_uid"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    table_name: Mapped[str] = mapped_column(String(60))
    row_uid: Mapped[str] = mapped_column(String(36))
    other_uid: Mapped[str | None] = mapped_column(String(36))
    theirs: Mapped[dict | None] = mapped_column(JSON)
    their_vector: Mapped[dict] = mapped_column(JSON)
    package_uid: Mapped[str] = mapped_column(String(36))
    sender_uid: Mapped[str] = mapped_column(String(36))
    detail: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
