"""The list of user accounts (a few rows, read in one query)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from hubdesk import i18n
from hubdesk.domain import clock
from hubdesk.db.enums import Role
from hubdesk.i18n import N_, _
from hubdesk.ui.common.display import format_datetime
from hubdesk.ui.common.lazy_table_model import LazyColumn
from hubdesk.ui.common.labels import label
from hubdesk.ui.common.rows_table_model import RowsTableModel


def load_users(db, *, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from hubdesk.db.schema import User
    from hubdesk.domain.sign_in_throttle import slowed_until

    now = now or clock.utc_now()
    with db.read() as s:
        return [dict(id=u.id, username=u.username, display_name=u.display_name, role=u.role,
                     language=u.language, active=u.active, has_password=u.password_hash is not None,
                     slowed_until=slowed_until(s, u.username, now))
                for u in s.scalars(select(User).order_by(User.username))]


class UsersTableModel(RowsTableModel):
    COL_USERNAME, COL_NAME, COL_ROLE, COL_LANGUAGE, COL_STATE = range(5)
    columns = (
        LazyColumn("username", N_("User name")),
        LazyColumn("display_name", N_("Full name")),
        LazyColumn("role", N_("Role"), render=lambda v: label(v, Role)),
        LazyColumn("language", N_("Language"), render=lambda v: i18n.LANGUAGE_NAMES.get(v or "", v or "")),
        LazyColumn("state", N_("State")),
    )

    def display(self, column: LazyColumn, value: Any, row: Mapping[str, Any]) -> str:
        if column.key == "state":
            return state_text(row)
        return super().display(column, value, row)

    def row_of_username(self, username: str) -> int:
        for i, row in enumerate(self._rows):
            if row["username"] == username:
                return i
        return -1


def state_text(row: Mapping[str, Any]) -> str:
    if not row.get("active"):
        return _("Inactive account")
    if row.get("slowed_until") is not None:   # someone failed to sign in as them, from somewhere
        return _("Sign-in attempts slowed until {time}").format(time=format_datetime(row["slowed_until"]))
    if not row.get("has_password"):
        return _("No password yet")
    return _("Active")
