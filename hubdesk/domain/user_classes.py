"""User classes (member company, non-member, academic, public…): an organization's class decides
its fee for each resource (hubdesk.domain.fees). Created, renamed and removed here.

Rules: a class has a short code and a name; no two classes share a code (compared ignoring
case); a class still given to an organization cannot be removed (its rates go with it).
Every function takes a write Session and never commits."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hubdesk.db.ids import get_row
from hubdesk.db.schema import Organization, UserClass
from hubdesk.domain.records import remove_row
from hubdesk.domain.texts import clean_text, require_storable
from hubdesk.errors import DomainError
from hubdesk.i18n import _, ngettext

__all__ = ["create_user_class", "remove_user_class", "update_user_class"]


def _checked(session: Session, code: str | None, name: str | None, class_id: int | None) -> tuple[str, str]:
    code, name = clean_text(code), clean_text(name)
    if not code or not name:
        raise DomainError(_("A user class needs a short code and a name. Enter both."),
                          field="code" if not code else "name")
    require_storable(UserClass, "code", code)
    require_storable(UserClass, "name", name)
    same_code = select(func.count()).select_from(UserClass).where(func.lower(UserClass.code) == code.lower())
    if class_id is not None:
        same_code = same_code.where(UserClass.id != class_id)
    if session.scalar(same_code):
        raise DomainError(_("The code {code} is already used by another user class. Choose another code.")
                          .format(code=code), field="code")
    return code, name


def create_user_class(session: Session, code: str, name: str) -> UserClass:
    code, name = _checked(session, code, name, None)
    row = UserClass(code=code, name=name)
    session.add(row)
    session.flush()
    return row


def update_user_class(session: Session, class_id: int, code: str, name: str) -> UserClass:
    row = get_row(session, UserClass, class_id)
    if row is None:
        raise DomainError(_("User class number {id} does not exist. It may have been removed; refresh the list.")
                          .format(id=class_id), code="missing")
    row.code, row.name = _checked(session, code, name, row.id)
    session.flush()
    return row


def remove_user_class(session: Session, class_id: int) -> None:
    """Remove a class no organization has (its fees go with it)."""
    def in_use(row: UserClass) -> str | None:
        used = session.scalar(select(func.count()).select_from(Organization)
                              .where(Organization.user_class_id == row.id)) or 0
        return ngettext(
            "The user class {name} is given to {count} organization. Give it another class first.",
            "The user class {name} is given to {count} organizations. Give them another class first.",
            used).format(name=row.name, count=used) if used else None

    remove_row(session, UserClass, class_id, in_use)
