"""On PostgreSQL the server enforces the roles (issue 15, item 4): after `hubdesk server-setup`,
each account logs in as a role of its own whose grants come from the rule table, so plain SQL
(psycopg, not the app) can do no more than the app allows; the audit table is append-only for every
login, the owner's included; direct SQL is audited by the server, naming the login; and an app
write still gives exactly one audit row.

Roles are cluster-wide: each test takes prefixes of its own and drops its roles afterwards."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from psycopg import errors
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from hubdesk.cli import main as cli_main
from hubdesk.db import pg_roles, table_rules
from hubdesk.db.audit import acting_as
from hubdesk.db.database import open_database
from hubdesk.db.enums import AuditAction, Role
from hubdesk.db.schema import AuditEvent, Base, Organization
from hubdesk.db.schema.base import MainRow
from hubdesk.domain import accounts
from hubdesk.errors import DomainError
from tests.factories import make_org

PASSWORD = "correct horse battery"


def _conninfo(url: str, user: str | None = None) -> dict:
    u = make_url(url)
    return dict(host=u.host or "127.0.0.1", port=u.port or 5432, user=user or u.username,
                password=u.password or None, dbname=u.database)


@pytest.fixture
def server(pg_migrated_url):
    """A migrated PostgreSQL database with four accounts (one per role) and an organization,
    set up with server-setup under prefixes of its own; its roles are dropped afterwards."""
    tag = "t" + uuid.uuid4().hex[:8]
    names = pg_roles.RoleNames(group_prefix=f"{tag}_g_", login_prefix=f"{tag}_u_")
    db = open_database(pg_migrated_url)
    people = {role: f"{role.value}{tag}" for role in pg_roles.ROLES}
    try:
        with db.write() as s:
            for role, username in people.items():
                accounts.create_user(s, username=username, display_name=username, role=role, password=PASSWORD)
            org_id = make_org(s, "Roles Bio").id
        summary = pg_roles.setup_server(db.engine, names)
        yield type("Server", (), dict(url=pg_migrated_url, db=db, names=names, people=people, org_id=org_id,
                                      summary=summary))
    finally:
        db.dispose()
        _drop_roles(pg_migrated_url, tag)


def _drop_roles(url: str, tag: str) -> None:
    with psycopg.connect(**_conninfo(url), autocommit=True) as conn:
        roles = [r for (r,) in conn.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (tag + "%",))]
        for role in roles:
            conn.execute(f'DROP OWNED BY "{role}"')
        for role in roles:
            conn.execute(f'DROP ROLE "{role}"')


def _login(server, role: Role) -> psycopg.Connection:
    return psycopg.connect(**_conninfo(server.url, server.names.login(server.people[role])))


def _tables(server) -> list[str]:
    with psycopg.connect(**_conninfo(server.url)) as conn:
        return [t for (t,) in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]


def _first_column(conn, table: str) -> str:
    return conn.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
                        "AND table_name = %s ORDER BY ordinal_position LIMIT 1", (table,)).fetchone()[0]


def _try(conn, sql: str, params=()) -> bool:
    """Whether `sql` is allowed for this login (run in a savepoint, rolled back either way)."""
    try:
        with conn.transaction(force_rollback=True):
            conn.execute(sql, params)
        return True
    except (errors.InsufficientPrivilege, errors.RaiseException):
        return False


def _writes(conn, table: str) -> dict[str, bool]:
    col = _first_column(conn, table)
    return {
        "insert": _try(conn, f'INSERT INTO "{table}" SELECT * FROM "{table}" WHERE false'),
        "update": _try(conn, f'UPDATE "{table}" SET "{col}" = "{col}" WHERE false'),
        "delete": _try(conn, f'DELETE FROM "{table}" WHERE false'),
        "truncate": _try(conn, f'TRUNCATE "{table}" CASCADE'),
    }


def test_a_viewer_login_cannot_change_any_table_with_plain_sql(server):
    tables = _tables(server)
    assert "organization" in tables and "app_user" in tables and len(tables) > 30
    with _login(server, Role.VIEWER) as conn:
        assert conn.execute("SELECT count(*) FROM organization").fetchone()[0] == 1   # reading is allowed
        for table in tables:
            allowed = _writes(conn, table)
            if table == table_rules.AUDIT_TABLE:
                # the app records a viewer's own changes (their password, their language): inserts only
                assert allowed == {"insert": True, "update": False, "delete": False, "truncate": False}
            else:
                assert allowed == dict.fromkeys(allowed, False), table
        # the rows themselves: nothing changes, whatever the statement
        for sql in ("UPDATE organization SET name = 'taken over'",
                    "DELETE FROM organization",
                    "UPDATE app_user SET role = 'admin'"):
            assert not _try(conn, sql), sql
        # another person's account is out of reach even in the self-service fields (row security)
        with conn.transaction(force_rollback=True):
            cur = conn.execute("UPDATE app_user SET language = 'vi' WHERE username <> %s",
                               (server.people[Role.VIEWER],))
            assert cur.rowcount == 0
        # an audit row a viewer inserts names the viewer, whatever actor it claims
        conn.execute("INSERT INTO audit_event (at, actor, action, entity) VALUES (now() - interval '9 days', "
                     "'someone-else', 'update', 'organization')")
        conn.commit()
    with psycopg.connect(**_conninfo(server.url)) as conn:
        actor, age = conn.execute("SELECT actor, now() - at FROM audit_event "
                                  "WHERE entity = 'organization' AND entity_id IS NULL").fetchone()
        assert actor == server.people[Role.VIEWER] and age.days == 0   # and dated now, not 9 days ago
        assert conn.execute("SELECT name FROM organization").fetchone()[0] == "Roles Bio"


def test_each_login_writes_what_the_rules_allow_and_no_more(server):
    tables = [t for t in _tables(server) if t not in (table_rules.AUDIT_TABLE, "alembic_version")]
    for role in (Role.STAFF, Role.MANAGER, Role.ADMIN):
        with _login(server, role) as conn:
            for table in tables:
                allowed = _writes(conn, table)
                may = role in table_rules.writers(table)
                expected = {"insert": may, "update": may, "delete": may, "truncate": False}
                if table == "app_user" and not may:
                    expected["update"] = False   # the first column (id) is not a self-service field
                assert allowed == expected, (role, table)
    with _login(server, Role.STAFF) as conn:
        assert not _try(conn, "UPDATE app_user SET role = 'admin' WHERE username = %s",
                        (server.people[Role.STAFF],))
        assert not _try(conn, "UPDATE program SET name = 'x'")
        with conn.transaction(force_rollback=True):   # their own language is theirs to change
            assert conn.execute("UPDATE app_user SET language = 'en' WHERE username = %s",
                                (server.people[Role.STAFF],)).rowcount == 1


@pytest.mark.parametrize("who", ["viewer", "staff", "manager", "admin", "owner"])
def test_no_login_can_delete_update_or_truncate_an_audit_row(server, who):
    with server.db.write() as s:   # the app writes an audit row
        s.get(Organization, server.org_id).name_en = "Roles Bio Ltd"
    count_sql = "SELECT count(*) FROM audit_event"
    with psycopg.connect(**_conninfo(server.url)) as owner:
        before = owner.execute(count_sql).fetchone()[0]
    assert before >= 1
    conn = psycopg.connect(**_conninfo(server.url)) if who == "owner" else _login(server, Role(who))
    with conn:
        for sql in ("DELETE FROM audit_event", "UPDATE audit_event SET actor = 'nobody'",
                    "TRUNCATE audit_event"):
            try:
                with conn.transaction():
                    conn.execute(sql)
            except (errors.InsufficientPrivilege, errors.RaiseException) as exc:
                assert "audit" in str(exc) or "permission denied" in str(exc)
            else:
                pytest.fail(f"{who} ran {sql}")
    with psycopg.connect(**_conninfo(server.url)) as owner:
        assert owner.execute(count_sql).fetchone()[0] == before
        assert owner.execute("SELECT count(*) FROM audit_event WHERE actor = 'nobody'").fetchone()[0] == 0


def _audit_rows(db, *where) -> list:
    with db.read() as s:
        rows = s.scalars(select(AuditEvent).where(*where).order_by(AuditEvent.id)).all()
        s.expunge_all()
    return list(rows)


def test_a_direct_sql_update_by_a_staff_login_is_audited_naming_that_login(server):
    staff = server.people[Role.STAFF]
    with _login(server, Role.STAFF) as conn:
        conn.execute("SET LOCAL hubdesk.row_audit = 'off'")   # honoured for the tables' owner only
        conn.execute("UPDATE organization SET name = 'Renamed by SQL' WHERE id = %s", (server.org_id,))
        conn.execute("INSERT INTO organization (uid, name, kind, status, country, created_at, updated_at) "
                     "VALUES (gen_random_uuid()::text, 'Inserted by SQL', 'company', 'member', 'KR', now(), now())")
        conn.commit()
    with psycopg.connect(**_conninfo(server.url)) as conn:   # the owner's login, as a shared app login would
        conn.execute("DELETE FROM organization WHERE name = 'Inserted by SQL'")
        conn.commit()
    rows = _audit_rows(server.db, AuditEvent.entity == "organization")
    update = [r for r in rows if r.action is AuditAction.UPDATE]
    assert len(update) == 1
    assert update[0].actor == staff and update[0].entity_id == server.org_id
    assert update[0].before == {"name": "Roles Bio"} and update[0].after == {"name": "Renamed by SQL"}
    insert = [r for r in rows if r.action is AuditAction.INSERT and r.after["name"] == "Inserted by SQL"]
    assert len(insert) == 1 and insert[0].actor == staff
    delete = [r for r in rows if r.action is AuditAction.DELETE]
    assert len(delete) == 1 and delete[0].before["name"] == "Inserted by SQL"
    assert delete[0].actor == "db:" + make_url(server.url).username


def test_an_app_write_gives_exactly_one_audit_row_on_a_persons_own_login(server):
    staff = server.people[Role.STAFF]
    url = make_url(server.url).set(username=server.names.login(staff), password=PASSWORD)
    db = open_database(url.render_as_string(hide_password=False))
    try:
        with acting_as(staff, Role.STAFF):
            with db.write() as s:
                org = make_org(s, "Own Login Bio")
            with db.write() as s:
                s.get(Organization, org.id).name_en = "Own Login Bio Ltd"
            with db.write() as s:
                s.delete(s.get(Organization, org.id))
        rows = _audit_rows(db, AuditEvent.entity == "organization", AuditEvent.entity_id == org.id)
    finally:
        db.dispose()
    assert [r.action for r in rows] == [AuditAction.INSERT, AuditAction.UPDATE, AuditAction.DELETE]
    assert {r.actor for r in rows} == {staff}
    assert rows[1].after == {"name_en": "Own Login Bio Ltd"}   # the hook's row, not a second one


def test_an_app_write_on_the_shared_login_gives_exactly_one_audit_row(server):
    with acting_as("kim", Role.ADMIN):
        with server.db.write() as s:
            org = make_org(s, "Shared Login Bio")
        with server.db.write() as s:
            s.get(Organization, org.id).name = "Shared Login Bio 2"
    rows = _audit_rows(server.db, AuditEvent.entity == "organization", AuditEvent.entity_id == org.id)
    assert sorted(r.action.value for r in rows) == ["insert", "update"]
    assert {r.actor for r in rows} == {"kim"}


def _login_state(server, username: str) -> tuple[bool, set[str]] | None:
    with psycopg.connect(**_conninfo(server.url)) as conn:
        row = conn.execute("SELECT rolcanlogin, oid FROM pg_roles WHERE rolname = %s",
                           (server.names.login(username),)).fetchone()
        if row is None:
            return None
        groups = {g for (g,) in conn.execute(
            "SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid WHERE m.member = %s",
            (row[1],))}
        return row[0], groups


def test_account_changes_follow_on_the_server(server):
    names = server.names
    assert sorted(server.summary.logins) == sorted(names.login(u) for u in server.people.values())
    assert _login_state(server, server.people[Role.STAFF]) == (True, {names.group(Role.STAFF)})
    # an account older than server-setup has a login without a password until its first sign-in
    manager = server.people[Role.MANAGER]
    with server.db.write() as s:
        assert pg_roles.login_needs_password(s, manager)
        accounts.authenticate(s, manager, PASSWORD)
    with server.db.read() as s:
        assert not pg_roles.login_needs_password(s, manager)
    with server.db.write() as s:
        accounts.create_user(s, username="lan", display_name="Lan", role=Role.STAFF, password=PASSWORD)
    assert _login_state(server, "lan") == (True, {names.group(Role.STAFF)})
    with server.db.write() as s:
        accounts.update_user(s, "lan", display_name="Lan", role=Role.MANAGER, language=None, active=True)
    assert _login_state(server, "lan") == (True, {names.group(Role.MANAGER)})
    with server.db.write() as s:
        accounts.update_user(s, "lan", display_name="Lan", role=Role.MANAGER, language=None, active=False)
    assert _login_state(server, "lan") == (False, {names.group(Role.MANAGER)})
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        psycopg.connect(**_conninfo(server.url, names.login("lan")))
    with server.db.write() as s:
        accounts.reset_password(s, server.people[Role.VIEWER], "another password")
    with psycopg.connect(**_conninfo(server.url)) as conn:   # the server keeps a SCRAM verifier, no password
        stored = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s",
                              (names.login(server.people[Role.VIEWER]),)).fetchone()[0]
    assert stored.startswith("SCRAM-SHA-256$4096:") and "another password" not in stored
    # a viewer cannot give anyone a password through the server's function
    with _login(server, Role.VIEWER) as conn:
        with pytest.raises(errors.InsufficientPrivilege, match="Only an administrator"):
            conn.execute("SELECT hubdesk_server.set_login_password(%s, %s)",
                         (server.people[Role.ADMIN], pg_roles.scram_verifier("x" * 10)))


def test_server_setup_is_idempotent_and_speaks_sentences(server, capsys, tmp_path):
    args = ["--db", server.url, "server-setup", "--group-prefix", server.names.group_prefix,
            "--login-prefix", server.names.login_prefix]
    assert cli_main(args) == 0
    assert cli_main(args) == 0
    out = capsys.readouterr().out
    assert server.names.group(Role.STAFF) in out and server.names.login(server.people[Role.ADMIN]) in out
    # the grants hold after the second run
    with _login(server, Role.VIEWER) as conn:
        assert not _try(conn, "DELETE FROM organization")
    assert cli_main(["--db", server.url, "server-setup"]) == 1          # other prefixes than the first run
    assert "same prefixes" in capsys.readouterr().err
    assert cli_main(["--db", server.url, "server-setup", "--group-prefix", "x; DROP ROLE y"]) == 1
    assert "only letters, digits and _" in capsys.readouterr().err
    assert cli_main(["--db", server.url, "server-setup", "--group-prefix", "hd", "--login-prefix", "hd_"]) == 1
    assert "must differ" in capsys.readouterr().err
    assert cli_main(["--db", str(tmp_path / "t.db"), "server-setup"]) == 1
    assert "PostgreSQL" in capsys.readouterr().err


def test_scram_verifier_matches_rfc_7677_example():
    # RFC 7677, section 3: user "user", password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 rounds
    import base64

    verifier = pg_roles.scram_verifier("pencil", salt=base64.b64decode("W22ZaJ0SNY7soEsUEjb6gQ=="))
    salted = verifier.split("$")[2]
    assert verifier.startswith("SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$")
    # ServerSignature in the RFC is derived from ServerKey; check the keys against a direct derivation
    import hashlib
    import hmac

    key = hashlib.pbkdf2_hmac("sha256", b"pencil", base64.b64decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096)
    stored = hashlib.sha256(hmac.new(key, b"Client Key", hashlib.sha256).digest()).digest()
    assert salted.split(":")[0] == base64.b64encode(stored).decode()


def test_every_main_row_table_has_the_servers_audit_trigger(pg_migrated_url):
    audited = {m.class_.__tablename__ for m in Base.registry.mappers if issubclass(m.class_, MainRow)}
    with psycopg.connect(**_conninfo(pg_migrated_url)) as conn:
        with_trigger = {t for (t,) in conn.execute(
            "SELECT c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid WHERE g.tgname = 'audit_row'")}
        audit_triggers = {t for (t,) in conn.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_event'::regclass AND NOT tgisinternal")}
    assert with_trigger == audited
    assert audit_triggers == {"audit_event_append_only", "audit_event_no_truncate", "audit_event_actor"}


def _own_login_url(server, username: str, password: str = PASSWORD) -> str:
    return make_url(server.url).set(username=server.names.login(username), password=password) \
        .render_as_string(hide_password=False)


def test_the_app_on_a_persons_own_login_signs_that_person_in_without_asking(server, qtbot, monkeypatch):
    from hubdesk.db import audit
    from hubdesk.ui.accounts import dialog as accounts_dialog
    from hubdesk.ui.accounts import signin

    staff = server.people[Role.STAFF]
    monkeypatch.setattr(accounts_dialog, "ask_sign_in",
                        lambda *a: pytest.fail("the server checked the password; no dialog"))
    db = open_database(_own_login_url(server, staff))
    try:
        signed = accounts_dialog.sign_in(db)
        assert signed is not None and (signed.username, signed.role) == (staff, Role.STAFF)
        assert audit.current_actor() == staff and audit.current_role() is Role.STAFF
        # a write through the app on the person's own login
        with db.write() as s:
            s.get(Organization, server.org_id).phone = "043-1"
    finally:
        audit.set_actor(None)
        db.dispose()
    # the shared (owner's) login is no account's: the usual sign-in is asked
    assert signin.server_sign_in(server.db) is None
    # a closed account's login cannot even connect
    with server.db.write() as s:
        accounts.update_user(s, staff, display_name=staff, role=Role.STAFF, language=None, active=False)
    with pytest.raises(Exception, match="not permitted to log in|Cannot reach"):
        open_database(_own_login_url(server, staff)).dispose()


def test_the_command_line_on_a_persons_own_login_acts_as_that_person(server, tmp_path):
    """The command line asks nobody on a person's own login (the server checked the password):
    the staff member's export works with no --user and no terminal, and the viewer's import is
    refused by the app's rules with a sentence, exit 1 or 2, nothing written."""
    from tests.integration.test_cli import run

    staff, viewer = server.people[Role.STAFF], server.people[Role.VIEWER]
    out = tmp_path / "orgs.xlsx"
    exported = run("--db", _own_login_url(server, staff), "export", "organizations", str(out), tmp_path=tmp_path)
    assert exported.returncode == 0, exported.stderr
    import openpyxl

    book = openpyxl.load_workbook(out)
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    name_column = next(i for i, h in enumerate(headers, 1) if str(h).lower().startswith("name"))
    sheet.cell(row=2, column=name_column).value = "Roles Bio (renamed by a viewer)"
    book.save(out)
    refused = run("--db", _own_login_url(server, viewer), "import", "organizations", str(out), tmp_path=tmp_path)
    assert refused.returncode in (1, 2)
    assert "role" in refused.stderr.lower() or "may not" in refused.stderr, refused.stderr
    with server.db.read() as s:
        assert [o.name for o in s.query(Organization)] == ["Roles Bio"]


def test_a_change_the_server_refuses_is_a_sentence_not_a_traceback(server):
    from hubdesk.errors import DatabaseProblem

    viewer = server.people[Role.VIEWER]
    db = open_database(_own_login_url(server, viewer))
    try:
        # no one signed in: the command line's actor, whom the app takes for an administrator;
        # the server knows better
        with pytest.raises(DatabaseProblem, match=f"the login {server.names.login(viewer)} may not make it"):
            with db.write() as s:
                make_org(s, "Sneaked in")
        with pytest.raises(DatabaseProblem, match="the audit trail cannot be changed"):
            with db.write() as s:
                s.execute(text("DELETE FROM audit_event"))
    finally:
        db.dispose()
    with server.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Organization)) == 1


def test_accounts_are_managed_from_the_administrators_own_login(server):
    admin, staff = server.people[Role.ADMIN], server.people[Role.STAFF]
    db = open_database(_own_login_url(server, admin))
    try:
        with acting_as(admin, Role.ADMIN):
            with db.write() as s:
                accounts.create_user(s, username="thu", display_name="Thu", role=Role.VIEWER, password=PASSWORD)
            with db.write() as s:
                accounts.reset_password(s, staff, "a new password")
    finally:
        db.dispose()
    assert _login_state(server, "thu") == (True, {server.names.group(Role.VIEWER)})
    db = open_database(_own_login_url(server, staff))
    try:
        with acting_as(staff, Role.STAFF), db.write() as s:
            accounts.change_own_password(s, staff, "a new password", "my own password")
        with acting_as(staff, Role.STAFF), pytest.raises(DomainError, match="does not allow"):
            with db.write() as s:   # the app refuses (and the server would: see the grants test)
                accounts.update_user(s, staff, display_name=staff, role=Role.ADMIN, language=None, active=True)
    finally:
        db.dispose()
    with server.db.read() as s:
        user = accounts.find_user(s, staff)
        assert user.role is Role.STAFF and accounts.verify_password("my own password", user.password_hash)
        assert s.execute(text("SELECT has_password FROM hubdesk_server.login WHERE username = :u"),
                         {"u": "thu"}).scalar()
