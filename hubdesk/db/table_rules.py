"""Which role may write which table: the one rule table. The session hook in
`hubdesk.domain.permissions` applies it to every change the app makes, and `hubdesk.db.pg_roles`
turns the same table into PostgreSQL GRANTs, so the server enforces what the app does.

Plain data (no checks): it lives in the db layer so that both can read it.
"""

from __future__ import annotations

from hubdesk.db.enums import Role
from hubdesk.i18n import N_

STAFF = frozenset({Role.ADMIN, Role.MANAGER, Role.STAFF})
MANAGER = frozenset({Role.ADMIN, Role.MANAGER})
ADMIN = frozenset({Role.ADMIN})

# table -> (roles that may write it, translatable name of what it holds)
TABLE_POLICY: dict[str, tuple[frozenset[Role], str]] = {
    "organization": (STAFF, N_("organizations")),
    "contact": (STAFF, N_("contacts")),
    "certification": (STAFF, N_("certifications")),
    "interaction": (STAFF, N_("interactions")),
    "kpi_value": (STAFF, N_("company KPI values")),
    "booking": (STAFF, N_("bookings")),
    "booking_status_change": (STAFF, N_("bookings")),
    "booking_person": (STAFF, N_("bookings")),
    "booking_series": (STAFF, N_("booking series")),
    "clinical_case": (STAFF, N_("clinical-entry cases")),
    "case_stage_change": (STAFF, N_("clinical-entry cases")),
    "review_clock_stop": (STAFF, N_("clinical-entry cases")),
    "case_document": (STAFF, N_("clinical-entry cases")),
    "attachment": (STAFF, N_("documents")),
    "document_blob": (STAFF, N_("documents")),
    "document_chunk": (STAFF, N_("documents")),
    "program": (MANAGER, N_("programs")),
    "milestone": (MANAGER, N_("milestones")),
    "budget_line": (MANAGER, N_("budget lines")),
    "expenditure": (MANAGER, N_("expenditures")),
    "participant": (MANAGER, N_("program participants")),
    "event_participant": (MANAGER, N_("events")),
    "kpi_target": (MANAGER, N_("KPI targets")),
    "event": (MANAGER, N_("events")),
    "facility_subsidy": (MANAGER, N_("facility subsidies")),
    "facility_subsidy_resource": (MANAGER, N_("facility subsidies")),
    "booking_quota": (MANAGER, N_("booking quotas")),
    "invoice": (MANAGER, N_("invoices")),
    "invoice_line": (MANAGER, N_("invoices")),
    "invoice_payment": (MANAGER, N_("invoice payments")),
    "issued_report": (MANAGER, N_("issued reports")),
    "report_reopening": (ADMIN, N_("reopened quarters")),
    "maintenance_window": (MANAGER, N_("maintenance windows")),
    "maintenance_series": (MANAGER, N_("maintenance series")),
    "qualification": (MANAGER, N_("qualifications")),
    "resource_incident": (MANAGER, N_("resource incidents")),
    "facility": (ADMIN, N_("facilities")),
    "resource": (ADMIN, N_("resources")),
    "resource_rate": (ADMIN, N_("rates")),
    "user_class": (ADMIN, N_("user classes")),
    "closure_day": (ADMIN, N_("closure days")),
    "setting": (ADMIN, N_("settings")),
    "app_user": (ADMIN, N_("user accounts")),
    "sign_in_throttle": (ADMIN, N_("sign-in delays")),
    # exchange of changes between installations (hubdesk.domain.exchange*): written only by the
    # exchange itself, which an administrator runs
    "installation": (ADMIN, N_("installations")),
    "exchange_clock": (ADMIN, N_("exchange records")),
    "exchange_tombstone": (ADMIN, N_("exchange records")),
    "exchange_conflict": (ADMIN, N_("exchange conflicts")),
}

# Fields a signed-in person may change on their own account; the sign-in system may replace a
# password hash made with weaker parameters. Every other field of app_user is the administrators'.
SELF_FIELDS = frozenset({"password_hash", "language", "updated_at"})

# Failed sign-ins by account name and source (hubdesk.domain.sign_in_throttle): in the app only the
# sign-in itself and administrators write them. On PostgreSQL the server grants them to the
# administrators' group only: a person on their own login was checked by the server and does not
# go through the app's sign-in, which runs on the shared (owner's) login.
SIGN_IN_TABLE = "sign_in_throttle"

# Written only by the audit hook (and, on PostgreSQL, the server's audit triggers): inserted, never
# changed or removed, by any role.
AUDIT_TABLE = "audit_event"


def writers(table: str) -> frozenset[Role]:
    """The roles that may insert, update and delete rows of `table` (a table the rules do not name
    is the administrators')."""
    return TABLE_POLICY.get(table, (ADMIN, ""))[0]
