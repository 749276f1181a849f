"""The names people read for stored fields (columns), in every language: the audit trail's
before/after and the exchange conflicts' fields side by side show these, not the column names.
The same words as the forms, so already translated; a field without one shows as stored. A shared
helper outside the layers (no Qt, no database)."""

from __future__ import annotations

from hubdesk.i18n import N_, _

# stored field -> its name on the screens
FIELD_LABELS = {
    "name": N_("Name"), "region": N_("Region"), "status": N_("Status"), "kind": N_("Kind"), "phone": N_("Phone"),
    "email": N_("E-mail"), "department": N_("Department"), "purpose": N_("Purpose"), "role": N_("Role"),
    "display_name": N_("Full name"), "username": N_("User name"), "language": N_("Language"),
    "starts_at": N_("Starts"), "ends_at": N_("Ends"), "fee_krw": N_("Fee"), "stage": N_("Stage"),
    "product": N_("Product"), "pathway": N_("Pathway"), "notes": N_("Notes"), "note": N_("Note"),
    "summary": N_("Summary"), "country": N_("Country"), "website": N_("Website"), "address": N_("Address"),
    "sector": N_("Sector"), "growth_stage": N_("Growth stage"), "business_no": N_("Business no."),
    "member_since": N_("Member since"), "active": N_("Active"), "description": N_("Description"),
    "due_on": N_("Due on"), "opened_on": N_("Opened on"), "next_deadline": N_("Next deadline"),
    "modality": N_("Modality"), "fiscal_year": N_("Fiscal year"), "funder": N_("Funder"),
    "restored_from": N_("Restored from"), "replaced_file_kept_as": N_("Old file kept as"),
    "demo_data": N_("Demo data"), "rows": N_("Rows"),
}
# the record a foreign key points to, as the forms name it
FIELD_LABELS.update({
    "organization_id": N_("Organization"), "resource_id": N_("Resource"), "facility_id": N_("Facility"),
    "program_id": N_("Program"), "case_id": N_("Case"), "event_id": N_("Event"), "campaign": N_("Campaign"),
})


def field_label(field: str) -> str:
    """The translated name of a stored field, or the field as stored when it has none."""
    text = FIELD_LABELS.get(field)
    return _(text) if text else field
