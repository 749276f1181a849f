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
from hubdesk.db.enums import BookingStatus, Role
from hubdesk.errors import DomainError
from hubdesk.i18n import N_, _

_STAFF = {Role.ADMIN, Role.MANAGER, Role.STAFF}
_MANAGER = {Role.ADMIN, Role.MANAGER}
_ADMIN = {Role.ADMIN}

# table -> (roles that may write it, translatable name of what it holds)
TABLE_POLICY: dict[str, tuple[set[Role], str]] = {
    "organization": (_STAFF, N_("organizations")),
    "contact": (_STAFF, N_("contacts")),
    "certification": (_STAFF, N_("certifications")),
    "interaction": (_STAFF, N_("interactions")),
    "kpi_value": (_STAFF, N_("company KPI values")),
    "booking": (_STAFF, N_("bookings")),
    "booking_status_change": (_STAFF, N_("bookings")),
    "booking_person": (_STAFF, N_("bookings")),
    "clinical_case": (_STAFF, N_("clinical-entry cases")),
    "case_stage_change": (_STAFF, N_("clinical-entry cases")),
    "review_clock_stop": (_STAFF, N_("clinical-entry cases")),
    "case_document": (_STAFF, N_("clinical-entry cases")),
    "program": (_MANAGER, N_("programs")),
    "milestone": (_MANAGER, N_("milestones")),
    "budget_line": (_MANAGER, N_("budget lines")),
    "expenditure": (_MANAGER, N_("expenditures")),
    "participant": (_MANAGER, N_("program participants")),
    "event_participant": (_MANAGER, N_("events")),
    "kpi_target": (_MANAGER, N_("KPI targets")),
    "event": (_MANAGER, N_("events")),
    "issued_report": (_MANAGER, N_("issued reports")),
    "report_reopening": (_ADMIN, N_("reopened quarters")),
    "maintenance_window": (_MANAGER, N_("maintenance windows")),
    "qualification": (_MANAGER, N_("qualifications")),
    "facility": (_ADMIN, N_("facilities")),
    "resource": (_ADMIN, N_("resources")),
    "resource_rate": (_ADMIN, N_("rates")),
    "user_class": (_ADMIN, N_("user classes")),
    "closure_day": (_ADMIN, N_("closure days")),
    "setting": (_ADMIN, N_("settings")),
    "app_user": (_ADMIN, N_("user accounts")),
    "sign_in_throttle": (_ADMIN, N_("sign-in delays")),
}

ROLE_NAMES = {Role.ADMIN: N_("administrator"), Role.MANAGER: N_("manager"), Role.STAFF: N_("staff"),
              Role.VIEWER: N_("viewer")}

# Fields a signed-in person may change on their own account; the sign-in system may replace a
# password hash made with weaker parameters. Failed sign-ins are the sign-in system's alone.
_SELF_FIELDS = {"password_hash", "language", "updated_at"}
_SIGN_IN_TABLE = "sign_in_throttle"


def can_write(role: Role, table: str) -> bool:
    allowed, _name = TABLE_POLICY.get(table, (_ADMIN, ""))
    return role in allowed


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
