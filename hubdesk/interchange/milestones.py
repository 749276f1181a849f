"""Program milestones, in and out.

A row names its program (uid, or name with the fiscal year when names repeat). It updates the
milestone with the same uid, else the program's milestone with the same title, else creates one,
through `hubdesk.domain.milestones` (add_milestone / update_milestone: title, due date, start
date, owner; a blank cell keeps the value). A completion date goes through
`mark_milestone_done` (not in the future, not before the start). The status is derived, so it is exported for reading but never imported.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubdesk.domain import clock
from hubdesk.db.schema import Milestone, Program
from hubdesk.domain import milestones
from hubdesk.i18n import _
from hubdesk.interchange.cells import parse_date, parse_year, text
from hubdesk.interchange.columns import Column, HeaderMap
from hubdesk.interchange.importer import Outcome, RowProblems
from hubdesk.interchange.lookups import ProgramLookup

C = Column
COLUMNS = [
    C("uid", "고유ID", text(36)),
    C("program", "사업명", text(), aliases=("program name", "사업", "과제명")),
    C("program_uid", "사업 고유ID", text(36)),
    C("fiscal_year", "회계연도", parse_year, aliases=("연도", "사업연도")),
    C("title", "마일스톤", text(300), required=True, aliases=("마일스톤명", "milestone", "내용", "추진내용")),
    C("due_on", "마감일", parse_date, required=True, aliases=("기한", "목표일", "due", "due date")),
    C("started_on", "착수일", parse_date, aliases=("시작일", "started")),
    C("done_on", "완료일", parse_date, aliases=("done", "완료")),
    C("owner", "담당자", text(200), aliases=("책임자",)),
    C("status", "상태", text(), aliases=("진행상태",)),   # derived: exported, ignored on import
]
_FIELDS = ("title", "due_on", "started_on", "owner")


class Importer:
    columns = COLUMNS
    field_columns: dict[str, str] = {}

    def __init__(self, session: Session, headers: HeaderMap, *, today: dt.date | None = None):
        self.session = session
        self.today = today or clock.today()
        self.programs = ProgramLookup(session)
        self.by_uid = dict(session.execute(select(Milestone.uid, Milestone.id)).all())
        self.by_title = {(p, t.strip().casefold()): mid for mid, p, t in session.execute(
            select(Milestone.id, Milestone.program_id, Milestone.title))}
        self.seen: dict[tuple, int] = {}

    def import_row(self, row: int, values: dict[str, Any]) -> Outcome:
        pid = self.programs.require(values)
        title = values["title"]
        key = (pid, title.strip().casefold())
        earlier = self.seen.setdefault(key, row)
        if earlier != row:
            raise RowProblems([("title", _("The milestone “{title}” of this program is already on row {row}. "
                                           "Keep one row per milestone.").format(title=title, row=earlier))])
        mid = self.by_uid.get(values.get("uid") or "") or self.by_title.get(key)
        milestone = self.session.get(Milestone, mid) if mid is not None else None
        if milestone is not None and milestone.program_id != pid:
            raise RowProblems([("program", _("This milestone belongs to another program in the database. "
                                             "Correct the program, or clear the uid."))])
        done_on = values.get("done_on") or (milestone.done_on if milestone else None)
        if milestone is None:
            data = milestones.MilestoneInput(title, values["due_on"], values.get("started_on"), values.get("owner"))
            milestone = milestones.add_milestone(self.session, pid, data)
            uid = values.get("uid")
            if uid and uid not in self.by_uid:
                milestone.uid = uid
                self.session.flush()
            outcome: Outcome = "created"
        else:
            merged = {f: values[f] if values.get(f) is not None else getattr(milestone, f)   # blank keeps
                      for f in _FIELDS}
            if all(getattr(milestone, f) == v for f, v in merged.items()) and milestone.done_on == done_on:
                return "unchanged"
            if any(getattr(milestone, f) != v for f, v in merged.items()):
                self.by_title.pop((pid, milestone.title.strip().casefold()), None)
                milestones.update_milestone(self.session, milestone.id, milestones.MilestoneInput(**merged))
            outcome = "updated"
        self.by_uid[milestone.uid] = milestone.id
        self.by_title[key] = milestone.id
        if done_on is not None and milestone.done_on != done_on:
            milestones.mark_milestone_done(self.session, milestone.id, done_on, today=self.today)
        return outcome


def export_records(session: Session, *, today: dt.date | None = None) -> Iterator[list[Any]]:
    stmt = (select(Milestone, Program.name, Program.uid, Program.fiscal_year)
            .join(Program, Milestone.program_id == Program.id)
            .order_by(Program.fiscal_year, Program.name, Milestone.due_on, Milestone.id)
            .execution_options(yield_per=1000))
    for m, name, program_uid, year in session.execute(stmt):
        yield [m.uid, name, program_uid, year, m.title, m.due_on, m.started_on, m.done_on, m.owner,
               milestones.milestone_status(m, today).value]
