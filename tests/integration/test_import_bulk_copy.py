"""Many new organizations at once (more than `copy_rows.WORTH_IT`): on PostgreSQL they, their
contacts and their audit events go in with COPY, on SQLite with executemany. Same rows, same ids
order, same audit trail, the COPY counted as a statement; a row the database refuses is the
SQLAlchemy error an INSERT raises, and nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, func, select

from hubdesk.db import copy_rows
from hubdesk.db.database import open_database
from hubdesk.db.enums import AuditAction, OrgKind
from hubdesk.db.schema import AuditEvent, Contact, Organization, new_uid
from hubdesk.interchange.exporter import export_rows
from hubdesk.interchange.importer import import_file

ROWS = 2 * copy_rows.WORTH_IT + 7
HEADERS = ["고유ID", "기업명", "기관유형", "지역", "회원가입일", "비고", "담당자", "담당자 이메일"]


def _workbook(tmp_path, uids):
    path = tmp_path / "orgs.xlsx"
    export_rows(path, HEADERS, [
        [uids[n], f"Bulk 기업 {n:03d}", "대학" if n % 3 == 0 else "기업", "청주" if n % 2 else None,
         dt.date(2020, 1, 1) + dt.timedelta(days=n), "줄\n바꿈 \\ 탭\t끝" if n == 5 else None,
         f"담당 {n}", f"person{n}@example.org"]
        for n in range(ROWS)])
    return path


def test_many_new_organizations_with_contacts_and_their_audit_trail(any_db, tmp_path):
    uids = [new_uid() if n % 10 == 0 else None for n in range(ROWS)]
    path = _workbook(tmp_path, uids)
    statements = []
    listener = lambda _c, _cur, statement, *_a: statements.append(statement)   # noqa: E731
    event.listen(any_db.engine, "before_cursor_execute", listener)
    try:
        result = import_file(any_db, "organizations", path, actor="importer", role="admin")
    finally:
        event.remove(any_db.engine, "before_cursor_execute", listener)

    assert result.problems == [] and result.written and result.created == ROWS
    if any_db.engine.dialect.name == "postgresql":
        assert sum(s.startswith("COPY") for s in statements) == 2 + 2   # the rows and their audit events
    with any_db.read() as s:
        orgs = list(s.scalars(select(Organization).order_by(Organization.id)))
        contacts = {c.organization_id: c for c in s.scalars(select(Contact))}
        events = list(s.scalars(select(AuditEvent).order_by(AuditEvent.id)))
        assert [o.name for o in orgs] == [f"Bulk 기업 {n:03d}" for n in range(ROWS)]   # ids in file order
        assert [o.kind for o in orgs[:3]] == [OrgKind.UNIVERSITY, OrgKind.COMPANY, OrgKind.COMPANY]
        assert (orgs[1].region, orgs[2].region) == ("청주", None)
        assert orgs[7].member_since == dt.date(2020, 1, 8)
        assert orgs[5].notes == "줄\n바꿈 \\ 탭\t끝"
        assert [o.uid for o in orgs if uids[int(o.name[-3:])]] == [u for u in uids if u]
        assert len({o.uid for o in orgs}) == ROWS and orgs[0].version == 1 and orgs[0].created_at is not None
        assert all(contacts[o.id].name == f"담당 {n}" and contacts[o.id].is_primary for n, o in enumerate(orgs))

        # One INSERT event per row, the importer's, naming the row; on PostgreSQL the server's
        # deferred audit trigger saw them at commit and wrote no second one.
        by_entity = {}
        for e in events:
            by_entity.setdefault(e.entity, []).append(e)
        assert {k: len(v) for k, v in by_entity.items()} == {"organization": ROWS, "contact": ROWS}
        first = by_entity["organization"][0]
        assert (first.action, first.actor, first.entity_id, first.entity_uid) == (
            AuditAction.INSERT, "importer", orgs[0].id, orgs[0].uid)
        assert first.after["name"] == "Bulk 기업 000" and first.after["member_since"] == "2020-01-01"
        assert first.at.tzinfo is not None
        assert [e.entity_id for e in by_entity["contact"]] == sorted(c.id for c in contacts.values())


def test_a_row_the_database_refuses_in_a_copy_is_an_integrity_error_and_nothing_is_written(pg_migrated_url):
    from sqlalchemy.exc import IntegrityError

    db = open_database(pg_migrated_url)
    try:
        table = Organization.__table__
        now = dt.datetime.now(dt.timezone.utc)
        rows = [{c.key: None for c in table.columns if c.key != "id"}
                | dict(name=f"Org {n}", kind=OrgKind.COMPANY, uid="same-uid" if n in (3, 9) else new_uid(),
                       created_at=now, updated_at=now, version=1)
                for n in range(copy_rows.WORTH_IT)]
        with pytest.raises(IntegrityError, match="uid"):
            with db.write() as s:
                ids = copy_rows.reserve_ids(s, table, len(rows))
                assert ids == sorted(ids) and len(set(ids)) == len(rows)
                copy_rows.copy_rows(s, table, [{"id": i} | row for i, row in zip(ids, rows)])
        with db.read() as s:
            assert s.scalar(select(func.count()).select_from(Organization)) == 0
    finally:
        db.dispose()
