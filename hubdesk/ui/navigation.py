"""The areas of the main window, in sidebar order, and where each one's view lives.

Registering a view is one line in AREAS: the key, the sidebar title (marked with N_), the icon
and "module:Class". The class is imported the first time its area is visited and called with the
AppContext. Until its module exists the area shows a placeholder page, so a screen being built
elsewhere plugs in by creating `hubdesk/ui/bookings/view.py` with `class BookingsView(QWidget)`.

A view may also offer these methods; the main window's menus and toolbar call them and grey out
the actions a view does not have: retranslate_ui(), refresh(), new_record(), save(), find(),
print_current(), open_record(kind, record_id) -> bool. A view whose actions are available only
at times (Save and Print once a report exists) also has action_available(name) -> bool and an
`actions_changed` signal, and the main window enables the action accordingly.
`RECORD_AREAS` tells which area opens which kind of record.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from hubdesk.i18n import N_


@dataclass(frozen=True)
class Area:
    key: str
    title: str          # English, translated where shown
    icon: str           # a key of hubdesk.ui.common.icons.ICON_FILES
    target: str         # "package.module:ClassName"


AREAS: list[Area] = [
    Area("dashboard", N_("Dashboard"), "dashboard", "hubdesk.ui.dashboard.view:DashboardView"),
    Area("organizations", N_("Organizations"), "organizations",
         "hubdesk.ui.organizations.view:OrganizationsView"),
    Area("facilities", N_("Facilities"), "facilities", "hubdesk.ui.facilities.view:FacilitiesView"),
    Area("bookings", N_("Bookings"), "bookings", "hubdesk.ui.bookings.view:BookingsView"),
    Area("cases", N_("Clinical entry"), "cases", "hubdesk.ui.cases.view:CasesView"),
    Area("programs", N_("Programs"), "programs", "hubdesk.ui.programs.view:ProgramsView"),
    Area("reports", N_("Reports"), "reports", "hubdesk.ui.reports.view:ReportsView"),
    Area("settings", N_("Settings"), "settings", "hubdesk.ui.settings.view:SettingsView"),
]

# kind of record -> area whose view opens it
RECORD_AREAS: dict[str, str] = {
    "organization": "organizations",
    "facility": "facilities",
    "resource": "facilities",
    "booking": "bookings",
    "case": "cases",
    "program": "programs",
    "milestone": "programs",
    "report": "reports",
}


@dataclass(frozen=True)
class Tool:
    """An entry of the Tools menu (users, audit trail, backup...): `target` is
    "package.module:function", called as function(context, parent_window) when chosen. The entry
    is shown only once its module exists."""

    key: str
    title: str          # English, marked with N_, translated where shown
    target: str


# One line per tool, e.g. Tool("users", N_("Users and roles…"), "hubdesk.ui.accounts.dialog:open_users")
TOOLS: list[Tool] = [
    Tool("import", N_("Import from Excel or CSV…"), "hubdesk.ui.interchange.export:import_tool"),
    Tool("documents", N_("Find documents…"), "hubdesk.ui.documents.search:open_document_search"),
    Tool("users", N_("Users and roles…"), "hubdesk.ui.accounts.admin_view:open_users"),
    Tool("audit", N_("Audit trail…"), "hubdesk.ui.accounts.admin_view:open_audit"),
    Tool("backups", N_("Backups…"), "hubdesk.ui.accounts.admin_view:open_backups"),
]


def load_tool(target: str):
    """The tool's function, or None while its module is not written yet."""
    return load_view_class(target)


def area(key: str) -> Area:
    for a in AREAS:
        if a.key == key:
            return a
    raise KeyError(key)


def register(key: str, title: str, icon: str, target: str, *, before: str | None = None) -> None:
    """Add or replace an area (one line for a new screen)."""
    new = Area(key, title, icon, target)
    for i, a in enumerate(AREAS):
        if a.key == key:
            AREAS[i] = new
            return
    if before is not None:
        for i, a in enumerate(AREAS):
            if a.key == before:
                AREAS.insert(i, new)
                return
    AREAS.append(new)


def load_view_class(target: str):
    """The view class, or None when its module is not written yet."""
    module_name, _sep, class_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and (module_name == exc.name or module_name.startswith(exc.name + ".")):
            return None
        raise
    return getattr(module, class_name, None)
