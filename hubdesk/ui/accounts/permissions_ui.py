"""What the interface offers to each role. The domain refuses forbidden changes whatever the screen
does (hubdesk.domain.permissions); this module only hides or disables what a role cannot use, so
nobody is invited to try:

- viewer: every area read only (no New / Save, write buttons hidden);
- staff: programs, reports' issuing, facilities and settings read only; no booking approvals;
- manager: as staff, plus programs, reports, approvals, facility operations;
- admin: everything, and the Administration area or Tools entries (users, audit trail, backups).

`apply_role(window, role)` is called once after the main window is built.
"""

from __future__ import annotations

from typing import Iterable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from hubdesk.db.enums import BookingStatus, Role
from hubdesk.domain.permissions import can_write, may_approve
from hubdesk.i18n import _

# area key -> the tables its screen writes (the area is read only when the role may write none)
AREA_TABLES: dict[str, tuple[str, ...]] = {
    "organizations": ("organization",),
    "facilities": ("facility", "resource", "maintenance_window", "qualification", "resource_incident"),
    "bookings": ("booking",),
    "cases": ("clinical_case",),
    "programs": ("program",),
    "reports": ("issued_report",),
    "settings": ("setting",),
}
ADMIN_AREAS = ("admin",)
# Tools-menu entries (hubdesk.ui.navigation.TOOLS keys) only an administrator sees
ADMIN_TOOLS = ("users", "audit", "backups", "administration")
# main-window actions that write
WRITE_ACTIONS = ("new", "save")
# attribute names of the write buttons on the screens (hidden in a read-only area)
WRITE_BUTTONS = ("new_button", "save_button", "add_button", "edit_button", "remove_button", "delete_button",
                 "import_button", "issue_button", "mark_done_button", "reopen_button", "add_expenditure_button",
                 "set_rate_button", "remove_rate_button", "add_class_button", "remove_class_button",
                 "logo_button", "logo_clear", "new_facility_button", "edit_facility_button",
                 "new_resource_button", "edit_resource_button", "restore_button", "restore_file_button",
                 "recurring_button", "remove_series_button")
# areas whose read-only state hides only some buttons (the Reports' Save keeps a generated PDF: reading)
AREA_WRITE_BUTTONS: dict[str, tuple[str, ...]] = {"reports": ("issue_button",)}
APPROVAL_STATUSES = (BookingStatus.APPROVED, BookingStatus.REJECTED)


def current_role() -> Role:
    from hubdesk.db.audit import current_role as role

    return role()


def is_admin(role: Role | str | None = None) -> bool:
    return Role(role or current_role()) is Role.ADMIN


def area_writable(area_key: str, role: Role | str | None = None) -> bool:
    role = Role(role or current_role())
    if area_key in ADMIN_AREAS:
        return role is Role.ADMIN
    tables = AREA_TABLES.get(area_key)
    if not tables:
        return role is not Role.VIEWER
    return any(can_write(role, t) for t in tables)


def area_visible(area_key: str, role: Role | str | None = None) -> bool:
    return area_key not in ADMIN_AREAS or is_admin(role)


def statuses_for_role(statuses: Iterable[BookingStatus], role: Role | str | None = None) -> list[BookingStatus]:
    """The booking moves a role may offer: approving and rejecting only for managers and admins,
    nothing for a viewer."""
    role = Role(role or current_role())
    if role is Role.VIEWER:
        return []
    return [s for s in statuses if s not in APPROVAL_STATUSES or may_approve(role)]


def restrict_widget(widget: QWidget, writable: bool, area_key: str | None = None) -> None:
    """Hide the write buttons of a screen (and of the widgets inside it) when it is read only; a
    screen with its own `apply_role(role)` decides for itself."""
    own = getattr(widget, "apply_role", None)
    if callable(own):
        own(current_role())
        return
    if writable:
        return
    names = AREA_WRITE_BUTTONS.get(area_key or "", WRITE_BUTTONS)
    for w in [widget, *widget.findChildren(QWidget)]:
        for name in names:
            button = getattr(w, name, None)
            if isinstance(button, QWidget):
                button.setVisible(False)
        buttons = getattr(w, "buttons", None)  # the bookings view: {status: button}
        if isinstance(buttons, dict) and names is WRITE_BUTTONS:
            for button in buttons.values():
                if isinstance(button, QWidget):
                    button.setVisible(False)


def apply_role(window, role: Role | str) -> None:
    """Fit the main window to the signed-in role: admin-only areas hidden from the others, New /
    Save off and write buttons hidden in read-only areas (re-applied whenever an area is shown),
    and a "Change my password…" entry in the File menu."""
    role = Role(role)
    window.hubdesk_role = role
    from hubdesk.ui import navigation

    for row, area in enumerate(navigation.AREAS):
        visible = area_visible(area.key, role)
        window.sidebar.item(row).setHidden(not visible)
        action = getattr(window, "area_actions", {}).get(area.key)
        if action is not None:
            action.setVisible(visible)

    for key, action in getattr(window, "tool_actions", {}).items():
        if key in ADMIN_TOOLS:
            action.setVisible(role is Role.ADMIN)
    tools_menu = getattr(window, "tools_menu", None)
    if tools_menu is not None:
        tools_menu.menuAction().setVisible(any(a.isVisible() for a in getattr(window, "tool_actions", {}).values()))

    original = getattr(window, "_hubdesk_update_actions", None) or window._update_actions
    window._hubdesk_update_actions = original

    def update_actions() -> None:
        original()
        key = getattr(window, "_current_key", None)
        if key is None:
            return
        writable = area_writable(key, role)
        for name in WRITE_ACTIONS:
            action = window.actions_by_name.get(name)
            if action is not None and not writable:
                action.setEnabled(False)
        view = window.current_view()
        if view is not None:
            restrict_widget(view, writable, key)

    window._update_actions = update_actions  # the window calls it whenever an area is shown
    update_actions()
    _add_password_action(window)


def _add_password_action(window) -> None:
    if getattr(window, "change_password_action", None) is not None:
        return
    action = QAction(window)
    action.setObjectName("action_change_password")

    def change() -> None:
        from hubdesk.db.audit import current_actor
        from hubdesk.ui.accounts.dialog import ChangePasswordDialog

        dialog = ChangePasswordDialog(window.context, current_actor(), window)
        dialog.saved.connect(lambda _name: window.context.bus.status_message.emit(_("Your password was changed.")))
        dialog.open()
        window._password_dialog = dialog

    action.triggered.connect(change)
    quit_action = window.actions_by_name.get("quit")
    menu = getattr(window, "file_menu", None)
    if menu is not None:
        if quit_action is not None:
            menu.insertAction(quit_action, action)
        else:
            menu.addAction(action)
    window.change_password_action = action

    def retranslate(*_args) -> None:
        action.setText(_("Change my &password…"))

    window.context.bus.language_changed.connect(retranslate)
    retranslate()
