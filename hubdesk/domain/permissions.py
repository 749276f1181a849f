"""Who may change what. Checked in one session hook, so a forbidden change fails the same way
from the app, the command line and the tests, whatever function made it.

admin: everything (users, settings, facilities and rates, plus all below);
manager: programs, reports, approvals, facility operations (maintenance, qualifications), plus staff's;
staff: organizations and their records, bookings (not approving them), clinical-entry cases;
viewer: nothing (read only).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker

from hubdesk.db.audit import SIGN_IN_ACTOR_NAME as SIGN_IN_ACTOR
from hubdesk.db.audit import HOOK_WRITING, WRITTEN_BY_HOOK, current_actor, current_role
from hubdesk.db import table_rules
from hubdesk.db.enums import BookingStatus, Role
from hubdesk.errors import DomainError
from hubdesk.i18n import N_, _

_STAFF = table_rules.STAFF
_MANAGER = table_rules.MANAGER
_ADMIN = table_rules.ADMIN

# The rule table itself lives in hubdesk.db.table_rules, where the PostgreSQL grants read it too.
TABLE_POLICY = table_rules.TABLE_POLICY

ROLE_NAMES = {Role.ADMIN: N_("administrator"), Role.MANAGER: N_("manager"), Role.STAFF: N_("staff"),
              Role.VIEWER: N_("viewer")}

_SELF_FIELDS = table_rules.SELF_FIELDS
_SIGN_IN_TABLE = table_rules.SIGN_IN_TABLE


def can_write(role: Role, table: str) -> bool:
    return role in table_rules.writers(table)


def may_approve(role: Role) -> bool:
    return role in _MANAGER


def _refuse(role: Role, what: str) -> DomainError:
    return DomainError(_("Your role ({role}) does not allow changing {what}. Ask an administrator "
                         "or a user with the right role.").format(role=_(ROLE_NAMES[role]), what=_(what)),
                       code="permission")


def _changed_fields(obj: Any) -> set[str]:
    state = inspect(obj)
    return {a.key for a in state.attrs if a.history.has_changes()}


def check_flush(session: Session) -> None:
    role = current_role()
    actor = current_actor()
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        table = getattr(obj, "__tablename__", None)
        if table is None:
            continue
        if table == "audit_event":
            if obj in session.new and obj in WRITTEN_BY_HOOK:
                continue  # written by the audit hook itself
            raise DomainError(_("The audit trail cannot be changed."), code="permission")
        if obj in session.dirty and not session.is_modified(obj, include_collections=False):
            continue
        if table == _SIGN_IN_TABLE and actor == SIGN_IN_ACTOR:
            continue
        if table == "app_user" and obj in session.dirty and role not in _ADMIN:
            fields = _changed_fields(obj)
            own = getattr(obj, "username", None) == actor
            if fields <= _SELF_FIELDS and (own or actor == SIGN_IN_ACTOR):
                continue
        if not can_write(role, table):
            raise _refuse(role, TABLE_POLICY.get(table, (None, N_("this record")))[1])
        if table == "booking" and role not in _MANAGER:
            if obj in session.new:
                # a new booking is a request: any other status is a decision (approved, already in use...)
                if obj.status not in (None, BookingStatus.REQUESTED, BookingStatus.CANCELLED):
                    raise DomainError(_("Only a manager or an administrator can approve or reject bookings."),
                                      code="permission")
            else:
                hist = inspect(obj).attrs["status"].history
                if hist.added and hist.added[0] in (BookingStatus.APPROVED, BookingStatus.REJECTED):
                    raise DomainError(_("Only a manager or an administrator can approve or reject bookings."),
                                      code="permission")


def check_statement(session: Session, statement: Any) -> None:
    """SQL statements run through the session (`session.execute(update(...))`, a Core insert or
    delete) pass the same table rules as changed objects: they bypassed them before, and a viewer
    made itself an administrator with one `update()`. Only the audit hook writes audit rows."""
    table = getattr(getattr(statement, "table", None), "name", None)
    if table is None:
        return
    role = current_role()
    if table == "audit_event":
        if session.info.get(HOOK_WRITING):
            return
        raise DomainError(_("The audit trail cannot be changed."), code="permission")
    if table == _SIGN_IN_TABLE and current_actor() == SIGN_IN_ACTOR:
        return
    if table == "app_user" and role not in _ADMIN:
        raise _refuse(role, TABLE_POLICY.get(table, (None, N_("this record")))[1])
    if not can_write(role, table):
        raise _refuse(role, TABLE_POLICY.get(table, (None, N_("this record")))[1])


def _before_execute(state: Any) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        check_statement(state.session, state.statement)


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    check_flush(session)


def install(factory: sessionmaker) -> None:
    # Marked on the factory itself: event.contains() goes by id(), and a new factory can get
    # the id of a collected one, which would leave this one without the hook.
    installed = factory.__dict__.setdefault("_hubdesk_hooks", set())
    if "permissions" not in installed:
        installed.add("permissions")
        event.listen(factory, "before_flush", _before_flush)
        event.listen(factory, "do_orm_execute", _before_execute)
