"""Which module handles which kind of import and export."""

from __future__ import annotations

import importlib
from types import ModuleType

from hubdesk.errors import UsageError
from hubdesk.i18n import _

# Program data in the order an empty database takes it: programs, then what names a program.
PROGRAM_KINDS = ("programs", "budget_lines", "expenditures", "participants", "milestones", "events", "kpi_targets")
# booking series before bookings: a booking names its series by uid (and maintenance series before
# their windows)
FACILITY_KINDS = ("booking_quotas", "maintenance_series", "maintenance")
IMPORT_KINDS = ("organizations", "contacts", "booking_series", "bookings", "incidents", "kpis", *PROGRAM_KINDS,
                "subsidies", *FACILITY_KINDS, "payments")
# invoices only go out: they are made by hubdesk.domain.invoices, their payments come in
EXPORT_KINDS = ("organizations", "contacts", "booking_series", "bookings", "incidents", "cases", "kpis",
                *PROGRAM_KINDS, "subsidies", *FACILITY_KINDS, "invoices", "payments")


def module(kind: str, kinds: tuple[str, ...] = EXPORT_KINDS) -> ModuleType:
    if kind not in kinds:
        raise UsageError(_("“{kind}” is not something hubdesk can import or export here. Choose one of: "
                           "{choices}.").format(kind=kind, choices=", ".join(kinds)))
    return importlib.import_module(f"hubdesk.interchange.{kind}")


def importer(kind: str) -> type:
    return module(kind, IMPORT_KINDS).Importer
