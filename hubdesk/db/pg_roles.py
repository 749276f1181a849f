"""PostgreSQL: the server enforces the roles (`hubdesk server-setup`).

On a shared server, people could reach the tables with plain SQL past the app. So each hubdesk role
is a group role (NOLOGIN) whose GRANTs come from the same rule table the app checks
(`hubdesk.db.table_rules`), each account is a login role of its own in its role's group, and the
audit table is append-only for every login (migration 0006 installs its triggers, and the triggers
that audit direct SQL).

Role names are cluster-wide: groups are `<group prefix><role>` (`hubdesk_viewer` ...) and the
person `kim` logs in as `<login prefix>kim` (`hd_kim`). Two hubdesk databases on one server take
different prefixes. The names chosen are kept in `hubdesk_server.setting`, and which login is which
account in `hubdesk_server.login`.

The login that runs `server-setup` must own the tables (the login that created the database and
ran its migrations) and may create roles (CREATEROLE). Login roles are then kept in step with the
accounts by a trigger on `app_user` (role, may sign in, user name), running as that login, so that
an administrator needs no CREATEROLE of their own; passwords go to the server as SCRAM verifiers
(`set_login_password`), never in plain text.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from hubdesk.db import table_rules
from hubdesk.db.enums import Role
from hubdesk.errors import DatabaseProblem
from hubdesk.i18n import _

GROUP_PREFIX = "hubdesk_"
LOGIN_PREFIX = "hd_"
MAX_ROLE_NAME_BYTES = 63      # PostgreSQL's NAMEDATALEN - 1: longer names are cut silently
ROLES = (Role.VIEWER, Role.STAFF, Role.MANAGER, Role.ADMIN)
SCRAM_ITERATIONS = 4096       # PostgreSQL's own default (scram_iterations)


@dataclass(frozen=True)
class RoleNames:
    group_prefix: str = GROUP_PREFIX
    login_prefix: str = LOGIN_PREFIX

    def group(self, role: Role) -> str:
        return self.group_prefix + role.value

    def login(self, username: str) -> str:
        return self.login_prefix + username

    @property
    def groups(self) -> list[str]:
        return [self.group(r) for r in ROLES]


@dataclass
class SetupSummary:
    names: RoleNames
    tables: int = 0
    logins: list[str] = field(default_factory=list)


def _q(name: str) -> str:
    """A quoted identifier."""
    return '"' + name.replace('"', '""') + '"'


def scram_verifier(password: str, *, salt: bytes | None = None, iterations: int = SCRAM_ITERATIONS) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (RFC 5802 / 7677), so that
    `ALTER ROLE ... PASSWORD` never carries the password itself. PostgreSQL prepares the password
    with SASLprep; NFKC is its normalisation step."""
    salt = salt if salt is not None else os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", unicodedata.normalize("NFKC", password).encode("utf-8"), salt,
                                 iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    b64 = lambda b: base64.b64encode(b).decode("ascii")  # noqa: E731
    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def grant_statements(tables: list[str], names: RoleNames) -> list[str]:
    """GRANT and REVOKE statements for `tables`, from the table rules: every group reads every
    table; a group writes a table when the rules let its role write it; the audit table takes
    inserts only; other people's accounts are the administrators' (row security, see
    `_APP_USER_POLICIES`)."""
    groups = ", ".join(_q(g) for g in names.groups)
    statements = []
    for table in sorted(tables):
        t = "public." + _q(table)
        statements.append(f"REVOKE ALL ON {t} FROM PUBLIC, {groups}")
        statements.append(f"GRANT SELECT ON {t} TO {groups}")
        if table == "alembic_version":
            continue
        if table == table_rules.AUDIT_TABLE:
            statements.append(f"GRANT INSERT ON {t} TO {groups}")
            continue
        writers = table_rules.writers(table)
        for role in ROLES:
            if role in writers:
                statements.append(f"GRANT INSERT, UPDATE, DELETE ON {t} TO {_q(names.group(role))}")
        if table == "app_user":
            columns = ", ".join(_q(c) for c in sorted(table_rules.SELF_FIELDS | {"version"}))
            others = ", ".join(_q(names.group(r)) for r in ROLES if r not in writers)
            statements.append(f"GRANT UPDATE ({columns}) ON {t} TO {others}")
    statements.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {groups}")
    return statements


# Row security on app_user: everyone reads the accounts; administrators change any; the others
# only their own row (and, by the column grants above, only its self-service fields).
_APP_USER_POLICIES = """
ALTER TABLE public.app_user ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS hubdesk_read ON public.app_user;
DROP POLICY IF EXISTS hubdesk_admin ON public.app_user;
DROP POLICY IF EXISTS hubdesk_own_row ON public.app_user;
CREATE POLICY hubdesk_read ON public.app_user FOR SELECT USING (true);
CREATE POLICY hubdesk_admin ON public.app_user FOR ALL TO {admin} USING (true) WITH CHECK (true);
CREATE POLICY hubdesk_own_row ON public.app_user FOR UPDATE TO {others}
    USING (username = hubdesk_server.login_username())
    WITH CHECK (username = hubdesk_server.login_username());
"""

# Keeps a login role in step with its account; runs as the login that ran server-setup.
_SYNC_FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION hubdesk_server.sync_login(p_username text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    group_prefix text := (SELECT value FROM hubdesk_server.setting WHERE key = 'group_prefix');
    login_prefix text := (SELECT value FROM hubdesk_server.setting WHERE key = 'login_prefix');
    account record;
    login_role text;
    member_of text;
    wanted text;
BEGIN
    SELECT username, role, active INTO account FROM public.app_user WHERE username = p_username;
    login_role := login_prefix || p_username;
    IF octet_length(login_role) > 63 THEN
        RAISE EXCEPTION 'The database login for % would be longer than 63 bytes.', p_username
            USING ERRCODE = 'name_too_long';
    END IF;
    IF account IS NULL THEN   -- the account was removed or renamed: its login may not sign in
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login_role) THEN
            EXECUTE format('ALTER ROLE %I NOLOGIN', login_role);
        END IF;
        DELETE FROM hubdesk_server.login WHERE role_name = login_role;
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login_role) THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN', login_role);
    END IF;
    FOREACH wanted IN ARRAY ARRAY['viewer', 'staff', 'manager', 'admin'] LOOP
        member_of := group_prefix || wanted;
        IF wanted = account.role THEN
            EXECUTE format('GRANT %I TO %I', member_of, login_role);
        ELSIF EXISTS (SELECT 1 FROM pg_auth_members m
                      WHERE m.roleid = (SELECT oid FROM pg_roles WHERE rolname = member_of)
                        AND m.member = (SELECT oid FROM pg_roles WHERE rolname = login_role)) THEN
            EXECUTE format('REVOKE %I FROM %I', member_of, login_role);
        END IF;
    END LOOP;
    EXECUTE format('ALTER ROLE %I %s', login_role, CASE WHEN account.active THEN 'LOGIN' ELSE 'NOLOGIN' END);
    INSERT INTO hubdesk_server.login (role_name, username) VALUES (login_role, p_username)
        ON CONFLICT (role_name) DO UPDATE SET username = EXCLUDED.username;
END $$;

CREATE OR REPLACE FUNCTION hubdesk_server.app_user_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF TG_OP = 'DELETE' OR OLD.username <> NEW.username THEN
            PERFORM hubdesk_server.sync_login(OLD.username);
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM hubdesk_server.sync_login(NEW.username);
    END IF;
    RETURN NULL;
END $$;

-- An administrator sets anyone's password, a person their own; only SCRAM verifiers.
CREATE OR REPLACE FUNCTION hubdesk_server.set_login_password(p_username text, p_verifier text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    login_role text := (SELECT role_name FROM hubdesk_server.login WHERE username = p_username);
    admins text := (SELECT value FROM hubdesk_server.setting WHERE key = 'group_prefix') || 'admin';
BEGIN
    IF login_role IS NULL THEN
        RAISE EXCEPTION 'No database login for %: run hubdesk server-setup.', p_username;
    END IF;
    IF p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
        RAISE EXCEPTION 'Only a SCRAM-SHA-256 verifier is accepted, never a password.';
    END IF;
    IF session_user <> login_role AND NOT pg_has_role(session_user, admins, 'MEMBER')
       AND NOT pg_has_role(session_user, (SELECT nspowner FROM pg_namespace WHERE nspname = 'hubdesk_server'),
                           'MEMBER') THEN
        RAISE EXCEPTION 'Only an administrator can set the password of %.', p_username
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', login_role, p_verifier);
    UPDATE hubdesk_server.login SET has_password = true WHERE role_name = login_role;
END $$;

CREATE OR REPLACE FUNCTION hubdesk_server.login_has_password(p_username text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$ SELECT coalesce((SELECT has_password FROM hubdesk_server.login WHERE username = p_username), true) $$;

REVOKE ALL ON FUNCTION hubdesk_server.sync_login(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION hubdesk_server.app_user_changed() FROM PUBLIC;
REVOKE ALL ON FUNCTION hubdesk_server.set_login_password(text, text) FROM PUBLIC;
DROP TRIGGER IF EXISTS app_user_login ON public.app_user;
CREATE TRIGGER app_user_login AFTER INSERT OR DELETE OR UPDATE OF username, role, active ON public.app_user
    FOR EACH ROW EXECUTE FUNCTION hubdesk_server.app_user_changed();
"""


def _check_names(names: RoleNames) -> None:
    for prefix in (names.group_prefix, names.login_prefix):
        if not prefix or not all(c.isascii() and (c.isalnum() or c == "_") for c in prefix):
            raise DatabaseProblem(_("The role prefix {prefix} may hold only letters, digits and _. "
                                    "Choose another one.").format(prefix=prefix or "''"))
    if names.login_prefix.startswith(names.group_prefix) or names.group_prefix.startswith(names.login_prefix):
        raise DatabaseProblem(_("The login prefix {login} and the group prefix {group} must differ from the "
                                "start, or a person's login could take a group's name. Choose other prefixes.")
                              .format(login=names.login_prefix, group=names.group_prefix))


def _may_set_up(conn: Connection) -> None:
    me, creates_roles, owner = conn.execute(text(
        "SELECT current_user, r.rolcreaterole OR r.rolsuper, "
        "       pg_has_role(current_user, c.relowner, 'USAGE') "
        "FROM pg_roles r, pg_class c WHERE r.rolname = current_user AND c.oid = 'public.app_user'::regclass"
    )).one()
    if not owner:
        raise DatabaseProblem(_("The login {login} does not own hubdesk's tables. Run server-setup with the "
                                "login that created the database and ran its migrations.").format(login=me))
    if not creates_roles:
        raise DatabaseProblem(_("The login {login} may not create roles. Give it CREATEROLE (ALTER ROLE "
                                "{login} CREATEROLE, as a superuser), then run server-setup again.")
                              .format(login=me))


def setup_server(engine: Engine, names: RoleNames = RoleNames()) -> SetupSummary:
    """Create the group roles, grant them what the rules allow, protect the accounts table, install
    the trigger that keeps login roles in step with the accounts, and make the login roles of the
    accounts there are. Idempotent; one transaction."""
    if engine.dialect.name != "postgresql":
        raise DatabaseProblem(_("server-setup is for a PostgreSQL database; a SQLite file is protected by "
                                "its file permissions. Give a postgresql+psycopg:// URL."))
    _check_names(names)
    summary = SetupSummary(names)
    with engine.begin() as conn:
        _may_set_up(conn)
        stored = {k: v for k, v in conn.execute(text("SELECT key, value FROM hubdesk_server.setting"))}
        if stored and (stored.get("group_prefix"), stored.get("login_prefix")) != (names.group_prefix,
                                                                                   names.login_prefix):
            raise DatabaseProblem(_("This database was set up with the prefixes {group} and {login}. Run "
                                    "server-setup with the same prefixes.")
                                  .format(group=stored.get("group_prefix"), login=stored.get("login_prefix")))
        for group in names.groups:
            exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": group}).first()
            if not exists:
                conn.exec_driver_sql(f"CREATE ROLE {_q(group)} NOLOGIN")
        groups = ", ".join(_q(g) for g in names.groups)
        database = conn.execute(text("SELECT current_database()")).scalar_one()
        conn.exec_driver_sql(f"GRANT CONNECT ON DATABASE {_q(database)} TO {groups}")
        conn.exec_driver_sql("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public, hubdesk_server TO {groups}")
        tables = inspect(conn).get_table_names(schema="public")
        summary.tables = len(tables)
        for statement in grant_statements(tables, names):
            conn.exec_driver_sql(statement)
        conn.exec_driver_sql(_APP_USER_POLICIES.format(
            admin=_q(names.group(Role.ADMIN)),
            others=", ".join(_q(names.group(r)) for r in ROLES if r is not Role.ADMIN)))
        for key, value in (("group_prefix", names.group_prefix), ("login_prefix", names.login_prefix)):
            conn.execute(text("INSERT INTO hubdesk_server.setting (key, value) VALUES (:k, :v) "
                              "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"), {"k": key, "v": value})
        conn.execute(text(_SYNC_FUNCTIONS))   # text(): its % are doubled for the driver
        conn.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION hubdesk_server.set_login_password(text, text) TO {groups}")
        for (username,) in conn.execute(text("SELECT username FROM public.app_user ORDER BY username")):
            conn.execute(text("SELECT hubdesk_server.sync_login(:u)"), {"u": username})
            summary.logins.append(names.login(username))
    return summary


def server_is_set_up(session: Session) -> bool:
    """Whether `server-setup` ran on this PostgreSQL database (never on SQLite)."""
    if session.get_bind().dialect.name != "postgresql":
        return False
    return session.execute(text("SELECT 1 FROM hubdesk_server.setting WHERE key = 'login_prefix'")).first() \
        is not None


def login_name(session: Session, username: str) -> str | None:
    """The database login of the account `username`, once the server is set up."""
    if not server_is_set_up(session):
        return None
    prefix = session.execute(text("SELECT value FROM hubdesk_server.setting WHERE key = 'login_prefix'")).scalar()
    return f"{prefix}{username}"


def set_login_password(session: Session, username: str, password: str) -> None:
    """Give the account's database login this password (as a SCRAM verifier), in the caller's
    transaction. Nothing to do on SQLite or before server-setup."""
    if not server_is_set_up(session):
        return
    session.flush()   # the account's row (and so its login role) exists before its password
    session.execute(text("SELECT hubdesk_server.set_login_password(:u, :v)"),
                    {"u": username, "v": scram_verifier(password)})


def login_needs_password(session: Session, username: str) -> bool:
    """Whether the account's login was made (by server-setup, from an account that existed) without
    a password yet: the app gives it the one the person signs in with."""
    if not server_is_set_up(session):
        return False
    return not session.execute(text("SELECT hubdesk_server.login_has_password(:u)"), {"u": username}).scalar()


def connected_account(session: Session) -> str | None:
    """The account whose own login this connection uses (the server checked its password), or None:
    SQLite, or a login that is no account's (the owner, a shared login)."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    return session.execute(text("SELECT hubdesk_server.login_username()")).scalar()
