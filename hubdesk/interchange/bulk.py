"""Inserting many new rows at once inside the import's one transaction, with what the ORM hooks
would have done for them: the permission check and one audit event per row.

A flush per row costs milliseconds (unit of work, audit and permission hooks); 10,000 new
organizations must import in seconds, so validated rows are inserted with one executemany from
plain dicts (no ORM instances to instrument); on PostgreSQL with COPY (`hubdesk.db.copy_rows`: the
insertmanyvalues statements cost seconds of psycopg's own parsing there).
"""

from __future__ import annotations

from typing import Any, Sequence

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from hubdesk.db import audit, copy_rows
from hubdesk.db.enums import AuditAction
from hubdesk.db.schema import new_uid, utcnow
from hubdesk.domain import permissions

BATCH = 2000
_NOT_AUDITED = {"created_at", "updated_at", "version", "password_hash"}   # as the audit hook


def require_write(table: Table) -> None:
    """The permission rule of a flush, for rows that do not go through one."""
    role = audit.current_role()
    if not permissions.can_write(role, table.name):
        what = permissions.TABLE_POLICY.get(table.name, (None, "this record"))[1]
        raise permissions._refuse(role, what)


def bulk_insert(session: Session, table: Table, rows: Sequence[dict[str, Any]], *,
                audited: bool = True) -> list[int]:
    """INSERT `rows` (dicts by column key) into `table`; returns their new ids in order. Main rows
    get a uid (unless given), created/updated instants and version 1; each gets its audit event."""
    if not rows:
        return []
    require_write(table)
    now = utcnow()
    columns = [c.key for c in table.columns if c.key != "id"]
    main_row = "uid" in table.c
    full = []
    for row in rows:
        values = {key: row.get(key) for key in columns}
        if main_row:
            values["uid"] = values["uid"] or new_uid()
            values["created_at"] = values["created_at"] or now
            values["updated_at"] = values["updated_at"] or now
            values["version"] = values["version"] or 1     # a new row's first version
        full.append(values)
    if copy_rows.worth_it(session, len(full)):
        ids = copy_rows.reserve_ids(session, table, len(full))
        copy_rows.copy_rows(session, table, [{"id": new_id} | values for new_id, values in zip(ids, full)])
    else:
        ids = []
        stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        for start in range(0, len(full), BATCH):
            ids.extend(session.execute(stmt, full[start:start + BATCH]).scalars())
    if audited:
        actor = audit.current_actor()
        events = [dict(at=now, actor=actor, action=AuditAction.INSERT, entity=table.name, entity_id=new_id,
                       entity_uid=values.get("uid"), before=None,
                       after={"id": new_id} | {k: audit._jsonable(v) for k, v in values.items()
                                               if k not in _NOT_AUDITED})
                  for new_id, values in zip(ids, full)]
        for start in range(0, len(events), BATCH):
            audit.write_events(session, events[start:start + BATCH])
    return ids
