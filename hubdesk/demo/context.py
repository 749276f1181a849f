"""What every part of the demo generator shares: the size, the clock, the random streams, and the
ids of rows that later parts refer to."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from hubdesk.demo.writer import Writer
from hubdesk.domain.quarters import Quarter

KST = dt.timezone(dt.timedelta(hours=9))  # the demo foundation's zone, clock.DEFAULT_ZONE: no daylight saving
UTC = dt.timezone.utc


@dataclass(frozen=True)
class Size:
    name: str
    organizations: int
    bookings: int          # about this many bookings over the five quarters
    cases_per_stage: int   # clinical cases per (pathway, stage)
    labs: int              # extra analysis labs full of hour-bookable instruments (0 for small)


SIZES: dict[str, Size] = {
    "small": Size("small", 60, 2_500, 1, 0),
    "large": Size("large", 1_000, 100_000, 3, 3),
    "huge": Size("huge", 10_000, 1_000_000, 8, 30),
}


@dataclass
class OrgRef:
    id: int
    kind: str
    sector: str | None
    user_class: str
    country: str
    name: str
    language: str
    contacts: list[tuple[int, str]] = field(default_factory=list)  # (contact id, name)
    since: dt.date | None = None


@dataclass
class Context:
    size: Size
    seed: int
    today: dt.date
    writer: Writer
    orgs: list[OrgRef] = field(default_factory=list)
    user_classes: dict[str, int] = field(default_factory=dict)
    special: dict[str, int] = field(default_factory=dict)    # named organizations (foundation, mfds...)
    facilities: dict[str, int] = field(default_factory=dict)  # named facilities (cpf, cpf2...)
    programs: list[tuple[int, int, str]] = field(default_factory=list)  # (id, fiscal year, funder)
    events: list[tuple[int, dt.date, int]] = field(default_factory=list)  # (id, day, participants)

    def rng(self, part: str) -> random.Random:
        """An independent random stream per part, so a change in one part leaves the others alone."""
        return random.Random(f"hubdesk-demo:{self.seed}:{part}")

    @property
    def now(self) -> dt.datetime:
        """Noon (Seoul) of `today`: bookings ending before it are in the past."""
        return dt.datetime.combine(self.today, dt.time(12), KST).astimezone(UTC)

    @property
    def stamp(self) -> dt.datetime:
        """created/updated instant of rows that have no better one (deterministic, before `now`)."""
        return dt.datetime.combine(self.today, dt.time(8), KST).astimezone(UTC)

    def stamp_on(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(10), KST).astimezone(UTC)

    @property
    def quarters(self) -> list[Quarter]:
        """The five quarters up to and including the current one, oldest first."""
        q = Quarter.of(self.today)
        out = [q]
        for _ in range(4):
            q = q.previous()
            out.append(q)
        return out[::-1]

    @property
    def horizon(self) -> tuple[dt.date, dt.date]:
        """First and last day (inclusive) of the five quarters."""
        qs = self.quarters
        return qs[0].start, qs[-1].end

    def companies(self) -> list[OrgRef]:
        return [o for o in self.orgs if o.kind == "company"]

    def kind(self, kind: str) -> list[OrgRef]:
        return [o for o in self.orgs if o.kind == kind]
