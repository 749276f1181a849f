"""Changing an account's name, role, language and whether it may sign in (no Qt here).

The permission hook lets only an administrator change accounts; this adds the one rule the app
needs so nobody locks the foundation out: the last active administrator stays one.
(A candidate for hubdesk.domain.accounts.)
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hubdesk.db.enums import Role
from hubdesk.errors import DomainError
from hubdesk.i18n import _


def update_user(session: Session, username: str, *, display_name: str, role: Role | str, language: str | None,
                active: bool) -> None:
    from hubdesk.db.schema import User
    from hubdesk.domain.accounts import find_user

    user = find_user(session, username)
    if user is None:
        raise DomainError(_("There is no user named {name}.").format(name=username), field="username")
    try:
        role = Role(role)
    except ValueError:
        raise DomainError(_("{role} is not a role. Choose admin, manager, staff or viewer.").format(role=role),
                          field="role") from None
    if user.role is Role.ADMIN and user.active and (role is not Role.ADMIN or not active):
        others = session.scalar(select(func.count(User.id)).where(
            User.role == Role.ADMIN, User.active.is_(True), User.id != user.id))
        if not others:
            raise DomainError(_("{name} is the last active administrator. Make another user an administrator "
                                "first.").format(name=user.username), field="role")
    user.display_name = (display_name or "").strip() or user.username
    user.role = role
    user.language = language
    user.active = bool(active)
    session.flush()
