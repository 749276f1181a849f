"""What the importers of records with a uid share: the session, the uids already in the database
(a row naming one updates that record), the rows seen so far by their natural key, and giving a
new record the uid its row names."""

from __future__ import annotations

from functools import cached_property
from typing import Any, ClassVar, Hashable

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubdesk.interchange.columns import Column, HeaderMap
from hubdesk.interchange.lookups import OrganizationLookup, ProgramLookup


class RowImporter:
    columns: ClassVar[list[Column]]
    field_columns: ClassVar[dict[str, str]] = {}

    def __init__(self, session: Session, headers: HeaderMap):
        self.session = session
        self.seen: dict[Hashable, int] = {}

    @cached_property
    def orgs(self) -> OrganizationLookup:
        """The organizations a row may name, loaded when a row first names one."""
        return OrganizationLookup(self.session)

    @cached_property
    def programs(self) -> ProgramLookup:
        """The programs a row may name, loaded when a row first names one."""
        return ProgramLookup(self.session)

    def earlier_row(self, key: Hashable, row: int) -> int | None:
        """The row an earlier line of the file with the same key was on, or None for the first."""
        earlier = self.seen.setdefault(key, row)
        return None if earlier == row else earlier


class UidImporter(RowImporter):
    model: ClassVar[Any]                      # the ORM class a row is one record of

    def __init__(self, session: Session, headers: HeaderMap):
        super().__init__(session, headers)
        self.by_uid: dict[str, int] = dict(session.execute(select(self.model.uid, self.model.id)).all())

    def adopt_uid(self, record: Any, values: dict[str, Any]) -> None:
        """Give a record just created the row's uid when no other record has it, and remember it."""
        uid = values.get("uid")
        if uid and uid not in self.by_uid:
            record.uid = uid
            self.session.flush()
        self.by_uid[record.uid] = record.id


class ProgramRecordImporter(UidImporter):
    """An importer of records that name their program (`PROGRAM_REFERENCE` columns)."""

    field_columns: ClassVar[dict[str, str]] = {"program_id": "program"}
