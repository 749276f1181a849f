"""Series: a booking series and a maintenance series, each a recurrence rule and what every
occurrence books (hubdesk.domain.booking_series turns the rule into dates and rows).

Two tables rather than one with a target: a booking series is the staff's to write and names an
organization, a maintenance series the managers' (as their bookings and maintenance windows are,
`db/table_rules.py`) and names a kind of window; each occurrence row points back to its own table
with an ordinary foreign key. The rule's columns are the same in both (`RecurrenceColumns`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hubdesk.db.enums import RecurFrequency, WindowKind
from hubdesk.db.schema.base import Base, MainRow, enum_column
from hubdesk.db.schema.facilities import Resource
from hubdesk.db.schema.network import Organization

# The most occurrences one series may have (a year of daily bookings).
MAX_OCCURRENCES = 366


def _rule_checks() -> tuple[CheckConstraint, ...]:
    return (
        CheckConstraint("repeat_interval >= 1", name="interval_positive"),
        CheckConstraint("(until_on IS NULL) <> (occurrence_count IS NULL)", name="until_or_count"),
        CheckConstraint(f"occurrence_count IS NULL OR occurrence_count BETWEEN 1 AND {MAX_OCCURRENCES}",
                        name="count_range"),
    )


class RecurrenceColumns:
    """A recurrence rule in local time: every `repeat_interval` days, weeks (on `weekdays`, Monday = 0,
    written "0,2,4"), months (on the day of `starts_on`) or years, from `starts_on` until `until_on`
    or for `occurrence_count` times; each occurrence from `start_time` to `end_time` of the day in
    `timezone` (an end at or before the start is on the next day: 00:00–00:00 is one whole day)."""

    frequency: Mapped[RecurFrequency] = mapped_column(enum_column(RecurFrequency, "recur_frequency"))
    repeat_interval: Mapped[int] = mapped_column(Integer, default=1)
    weekdays: Mapped[str | None] = mapped_column(String(20))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    until_on: Mapped[dt.date | None] = mapped_column(Date)
    occurrence_count: Mapped[int | None] = mapped_column(Integer)
    start_time: Mapped[dt.time] = mapped_column(Time)
    end_time: Mapped[dt.time] = mapped_column(Time)
    timezone: Mapped[str] = mapped_column(String(64))


class BookingSeries(RecurrenceColumns, MainRow, Base):
    """A repeated booking: the template every occurrence's booking is made from. The people on the
    bookings are on each booking (booking_person), not on the series."""

    __tablename__ = "booking_series"
    __table_args__ = _rule_checks()
    resource_id: Mapped[int] = mapped_column(ForeignKey("resource.id", ondelete="RESTRICT"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="RESTRICT"))
    purpose: Mapped[str | None] = mapped_column(Text)
    campaign: Mapped[str | None] = mapped_column(String(100))
    holiday_override: Mapped[bool] = mapped_column(Boolean, default=False)
    requested_by: Mapped[str | None] = mapped_column(String(200))

    resource: Mapped[Resource] = relationship()
    organization: Mapped[Organization] = relationship()


class MaintenanceSeries(RecurrenceColumns, MainRow, Base):
    """Recurring maintenance or requalification of a resource (weekly cleaning, monthly
    calibration, yearly requalification): one maintenance window per occurrence."""

    __tablename__ = "maintenance_series"
    __table_args__ = _rule_checks()
    resource_id: Mapped[int] = mapped_column(ForeignKey("resource.id", ondelete="CASCADE"), index=True)
    kind: Mapped[WindowKind] = mapped_column(enum_column(WindowKind, "series_window_kind"),
                                             default=WindowKind.MAINTENANCE)
    note: Mapped[str | None] = mapped_column(Text)

    resource: Mapped[Resource] = relationship()
