"""Milestones of a program: add, edit (title, start, due date, owner), remove, mark done or open
again; their derived status (done, late, at risk, on track) and the on-time rate of a period.

Rules: a title is required and unique within its program (spreadsheets refer to a milestone by
program and title); a start date is not after the due date; a completion date is not in the
future and not before the start.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import TypedDict

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from hubdesk.domain import clock
from hubdesk.db.ids import get_row
from hubdesk.db.schema import Milestone
from hubdesk.domain.inputs import optional_text, require_date, required_text
from hubdesk.errors import DomainError
from hubdesk.i18n import N_, _

AT_RISK_DAYS = 14


class MilestoneStatus(enum.StrEnum):
    DONE = "done"
    LATE = "late"
    AT_RISK = "at_risk"
    ON_TRACK = "on_track"

    @property
    def label(self) -> str:
        return _(_STATUS_LABELS[self])


_STATUS_LABELS = {
    MilestoneStatus.DONE: N_("Done"),
    MilestoneStatus.LATE: N_("Late"),
    MilestoneStatus.AT_RISK: N_("At risk"),
    MilestoneStatus.ON_TRACK: N_("On track"),
}


@dataclass(frozen=True)
class MilestoneInput:
    title: str
    due_on: dt.date
    started_on: dt.date | None = None
    owner: str | None = None


def milestone_status(milestone: Milestone, today: dt.date | None = None) -> MilestoneStatus:
    """done if done_on; late if due_on < today; at risk if due within 14 days and not started;
    else on track. (A milestone due today and not done is not late yet.)"""
    today = today or clock.today()
    if milestone.done_on is not None:
        return MilestoneStatus.DONE
    if milestone.due_on < today:
        return MilestoneStatus.LATE
    if milestone.started_on is None and (milestone.due_on - today).days <= AT_RISK_DAYS:
        return MilestoneStatus.AT_RISK
    return MilestoneStatus.ON_TRACK


def get_milestone(session: Session, milestone_id: int) -> Milestone:
    milestone = get_row(session, Milestone, milestone_id)
    if milestone is None:
        raise DomainError(_("This milestone no longer exists. Refresh the list."), code="not_found")
    return milestone


class _MilestoneValues(TypedDict):
    title: str
    due_on: dt.date
    started_on: dt.date | None
    owner: str | None


def _values(session: Session, program_id: int, data: MilestoneInput,
            milestone: Milestone | None) -> _MilestoneValues:
    values: _MilestoneValues = {
        "title": required_text(Milestone, "title", data.title, _("The milestone has no title. Enter what is to "
                                                                 "be reached.")),
        "due_on": require_date(data.due_on, "due_on"),
        "started_on": require_date(data.started_on, "started_on", required=False),
        "owner": optional_text(Milestone, "owner", data.owner),
    }
    if values["started_on"] and values["started_on"] > values["due_on"]:
        raise DomainError(_("The start date {start} is after the due date {due}. Correct one of the two.")
                          .format(start=values["started_on"].isoformat(), due=values["due_on"].isoformat()),
                          field="started_on", code="dates_order")
    done_on = milestone.done_on if milestone is not None else None
    if done_on and values["started_on"] and values["started_on"] > done_on:
        raise DomainError(_("The start date {start} is after the milestone was done on {done}. Correct the "
                            "start date.").format(start=values["started_on"].isoformat(), done=done_on.isoformat()),
                          field="started_on", code="dates_order")
    key = values["title"].casefold()
    for other_id, title in session.execute(select(Milestone.id, Milestone.title)
                                           .where(Milestone.program_id == program_id)):
        if title.strip().casefold() == key and (milestone is None or other_id != milestone.id):
            raise DomainError(_("This program already has a milestone “{title}”. Give this one another title, "
                                "or edit that milestone.").format(title=values["title"]),
                              field="title", code="duplicate")
    return values


def add_milestone(session: Session, program_id: int, data: MilestoneInput) -> Milestone:
    from hubdesk.domain.programs import get_program

    program = get_program(session, program_id)
    milestone = Milestone(program_id=program.id, **_values(session, program.id, data, None))
    session.add(milestone)
    session.flush()
    return milestone


def update_milestone(session: Session, milestone_id: int, data: MilestoneInput) -> Milestone:
    """Change the title, due date, start date or owner (the completion date: mark_milestone_done)."""
    milestone = get_milestone(session, milestone_id)
    for key, value in _values(session, milestone.program_id, data, milestone).items():
        setattr(milestone, key, value)
    session.flush()
    return milestone


def remove_milestone(session: Session, milestone_id: int) -> None:
    session.delete(get_milestone(session, milestone_id))
    session.flush()


def mark_milestone_done(session: Session, milestone_id: int, done_on: dt.date | None = None, *,
                        today: dt.date | None = None) -> Milestone:
    """Record that a milestone was reached on `done_on` (default today); not in the future."""
    today = today or clock.today()
    done_on = done_on or today
    milestone = get_milestone(session, milestone_id)
    if done_on > today:
        raise DomainError(_("The completion date {date} is in the future. Mark the milestone done on "
                            "or after the day it is reached.").format(date=done_on.isoformat()),
                          field="done_on", code="future")
    if milestone.started_on is not None and done_on < milestone.started_on:
        raise DomainError(_("The completion date {done} is before the milestone started on {started}. "
                            "Correct the date.").format(done=done_on.isoformat(),
                                                        started=milestone.started_on.isoformat()),
                          field="done_on", code="dates")
    milestone.done_on = done_on
    session.flush()
    return milestone


def reopen_milestone(session: Session, milestone_id: int) -> Milestone:
    """Clear the completion date (it was marked done by mistake)."""
    milestone = get_milestone(session, milestone_id)
    milestone.done_on = None
    session.flush()
    return milestone


def milestone_on_time_rate(session: Session, start: dt.date, end: dt.date, *,
                           today: dt.date | None = None) -> float | None:
    """Share of the milestones due between `start` and `end` (inclusive) that were done on or
    before their due date. Milestones not done whose due date is still ahead (on or after
    `today`) are left out: they can still be on time. None when no milestone counts."""
    today = today or clock.today()
    counted = (Milestone.done_on.is_not(None)) | (Milestone.due_on < today)
    on_time = case((Milestone.done_on <= Milestone.due_on, 1), else_=0)
    total, good = session.execute(
        select(func.count(), func.coalesce(func.sum(on_time), 0))
        .where(Milestone.due_on >= start, Milestone.due_on <= end, counted)).one()
    return int(good) / int(total) if total else None


__all__ = ["AT_RISK_DAYS", "MilestoneInput", "MilestoneStatus", "add_milestone", "get_milestone",
           "mark_milestone_done", "milestone_on_time_rate", "milestone_status", "remove_milestone",
           "reopen_milestone", "update_milestone"]
