"""pg_audit_triggers: on PostgreSQL the server keeps the audit trail itself

On a shared PostgreSQL server people can reach the tables with plain SQL, past the app's audit
hook. This revision makes the server keep the trail (nothing changes on SQLite, where the file's
permissions are the boundary):

- `audit_event` is append-only for every login: UPDATE and DELETE raise, TRUNCATE raises (a
  statement trigger). Only the table's owner could take the triggers off (ALTER TABLE ... DISABLE
  TRIGGER), which is why people do not use the owner's login (see `hubdesk server-setup`).
- every main-row table has a deferred row trigger that, at commit, writes the audit row of any
  change the app's audit hook did not write in the same transaction (direct SQL), naming the login
  that made it. The app's own changes come with their audit row, so nothing is written twice.
- the table's owner (who could take the triggers off anyway) may say that its bulk write is not
  audited row by row (`SET LOCAL hubdesk.row_audit = 'off'`: the demo data); no other login can.
- an audit row inserted by a person's own login (`hubdesk server-setup` maps logins to accounts
  in `hubdesk_server.login`) always names that person, whatever actor the insert gave, and is
  dated by the server's clock.

Revision ID: 0007_pg_audit_triggers
Revises: 0006_sign_in_throttle
Create Date: 2026-12-03
"""
from alembic import op


revision = '0007_pg_audit_triggers'
down_revision = '0006_sign_in_throttle'
branch_labels = None
depends_on = None

# The main-row tables at this revision (hubdesk.db.schema.base.MainRow: the ones the app's audit
# hook records), written out so that this migration does the same whatever later schemas add. A
# later revision that adds a main-row table adds its trigger (tests/integration/
# test_pg_server_roles.py checks that every main-row table has one).
AUDITED_TABLES = (
    'app_user', 'booking', 'budget_line', 'case_document', 'certification', 'clinical_case',
    'closure_day', 'contact', 'event', 'event_participant', 'expenditure', 'facility', 'interaction',
    'issued_report', 'kpi_target', 'kpi_value', 'maintenance_window', 'milestone', 'organization',
    'participant', 'program', 'qualification', 'report_reopening', 'resource', 'resource_rate',
    'review_clock_stop', 'user_class',
)

SERVER_SCHEMA = r"""
CREATE SCHEMA IF NOT EXISTS hubdesk_server;
REVOKE ALL ON SCHEMA hubdesk_server FROM PUBLIC;
GRANT USAGE ON SCHEMA hubdesk_server TO PUBLIC;

-- Which database login is which hubdesk account (filled by `hubdesk server-setup` and kept up to
-- date by its trigger on app_user), and the role names server-setup chose.
CREATE TABLE hubdesk_server.login (
    role_name text PRIMARY KEY,
    username text NOT NULL UNIQUE,
    has_password boolean NOT NULL DEFAULT false
);
CREATE TABLE hubdesk_server.setting (key text PRIMARY KEY, value text NOT NULL);
REVOKE ALL ON hubdesk_server.login, hubdesk_server.setting FROM PUBLIC;
GRANT SELECT ON hubdesk_server.setting TO PUBLIC;   -- the prefixes: the app reads them on any login

-- The account of the person logged in (NULL for any other login: the owner, a shared login).
CREATE FUNCTION hubdesk_server.login_username() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$ SELECT username FROM hubdesk_server.login WHERE role_name = session_user $$;

-- Who acted, for a row the server writes: the person, or the login itself ("db:<login>").
CREATE FUNCTION hubdesk_server.actor() RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS
$$ SELECT coalesce(hubdesk_server.login_username(), 'db:' || session_user) $$;

CREATE FUNCTION hubdesk_server.audit_event_append_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'The audit trail is append-only: % on audit_event is refused.', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE FUNCTION hubdesk_server.audit_event_actor() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    person text := hubdesk_server.login_username();
BEGIN
    IF person IS NOT NULL THEN
        NEW.actor := person;
        NEW.at := clock_timestamp();   -- nor can it be dated back
    END IF;
    RETURN NEW;
END $$;

-- Runs at commit for each changed main row: writes the audit row the app's hook did not.
-- Its lookup goes by the (entity, entity_id) index: the table's name compared as text in the
-- default collation (TG_TABLE_NAME is a `name`, collation "C", which the index cannot serve), and no
-- sequential scan even when, at commit, the statistics still say audit_event is empty.
CREATE FUNCTION hubdesk_server.audit_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET enable_seqscan = off AS $$
DECLARE
    skipped text[] := ARRAY['created_at', 'updated_at', 'version', 'password_hash'];
    verb text := lower(TG_OP);
    entity_name text COLLATE "default" := TG_TABLE_NAME;
    row_id integer;
    row_uid text;
    old_values jsonb;
    new_values jsonb;
    before_values jsonb;
    after_values jsonb;
    field text;
BEGIN
    IF current_setting('hubdesk.row_audit', true) = 'off'
       AND pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
        RETURN NULL;   -- the owner's bulk write, deliberately not audited row by row (the demo)
    END IF;
    IF TG_OP = 'DELETE' THEN
        row_id := OLD.id; row_uid := OLD.uid;
    ELSE
        row_id := NEW.id; row_uid := NEW.uid;
    END IF;
    IF EXISTS (SELECT 1 FROM public.audit_event a
               WHERE a.entity = entity_name AND a.entity_id = row_id AND a.action = verb
                 AND a.xmin = pg_current_xact_id()::xid) THEN
        RETURN NULL;   -- the app's audit hook recorded this change in this transaction
    END IF;
    IF TG_OP <> 'INSERT' THEN old_values := to_jsonb(OLD) - skipped; END IF;
    IF TG_OP <> 'DELETE' THEN new_values := to_jsonb(NEW) - skipped; END IF;
    IF TG_OP = 'UPDATE' THEN
        before_values := '{}'; after_values := '{}';
        FOR field IN SELECT jsonb_object_keys(new_values) LOOP
            IF new_values -> field IS DISTINCT FROM old_values -> field THEN
                before_values := before_values || jsonb_build_object(field, old_values -> field);
                after_values := after_values || jsonb_build_object(field, new_values -> field);
            END IF;
        END LOOP;
        IF after_values = '{}' THEN
            RETURN NULL;   -- only the bookkeeping columns moved
        END IF;
    ELSIF TG_OP = 'INSERT' THEN
        after_values := new_values;
    ELSE
        before_values := old_values;
    END IF;
    INSERT INTO public.audit_event (at, actor, action, entity, entity_id, entity_uid, before, after)
    VALUES (clock_timestamp(), hubdesk_server.actor(), verb, entity_name, row_id, row_uid,
            before_values::json, after_values::json);
    RETURN NULL;
END $$;

CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON public.audit_event
    FOR EACH ROW EXECUTE FUNCTION hubdesk_server.audit_event_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON public.audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION hubdesk_server.audit_event_append_only();
CREATE TRIGGER audit_event_actor BEFORE INSERT ON public.audit_event
    FOR EACH ROW EXECUTE FUNCTION hubdesk_server.audit_event_actor();
REVOKE TRUNCATE ON public.audit_event FROM PUBLIC;
"""

ROW_TRIGGER = """
CREATE CONSTRAINT TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.{table}
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION hubdesk_server.audit_row();
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return   # SQLite: one file, one person at a time; the app's audit hook is the trail
    op.execute(SERVER_SCHEMA)
    for table in AUDITED_TABLES:
        op.execute(ROW_TRIGGER.format(table=table))


def downgrade() -> None:
    raise NotImplementedError("hubdesk does not migrate databases back; restore the backup made before "
                              "the migration instead")
