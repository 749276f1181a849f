"""Translated names of the enum values a report prints.

The msgids are the same English texts as the interface's labels (hubdesk/ui/common/labels.py), so
both come from one catalog entry; the core may not import hubdesk.ui, hence this small copy.
Figures store the enum *values*, so an issued report can be printed later in any language.
"""

from __future__ import annotations

from hubdesk.db import enums as E
from hubdesk.i18n import N_, _

# (member, msgid) pairs, not a dict literal: StrEnum members of different enums with the same value
# (BookingStatus.APPROVED, CaseStage.APPROVED) are equal and would collapse into one key.
_LABELS: dict[tuple[str, str], str] = {(type(k).__name__, k.value): v for k, v in [
    (E.OrgKind.COMPANY, N_("Company")),
    (E.OrgKind.UNIVERSITY, N_("University")),
    (E.OrgKind.RESEARCH_INSTITUTE, N_("Research institute")),
    (E.OrgKind.GOVERNMENT, N_("Government")),
    (E.OrgKind.HOSPITAL, N_("Hospital")),
    (E.OrgKind.FOREIGN_PARTNER, N_("Foreign partner")),
    (E.Sector.HERBAL_MEDICINE, N_("Herbal medicine")),
    (E.Sector.BIO, N_("Bio")),
    (E.Sector.COSMETICS, N_("Cosmetics")),
    (E.Sector.PROCESSOR, N_("Processor")),
    (E.Sector.RAW_HERB_SUPPLIER, N_("Raw herb supplier")),
    (E.Sector.REGENERATIVE_MEDICINE, N_("Regenerative medicine")),
    (E.Sector.MEDICAL_DEVICE, N_("Medical device")),
    (E.Sector.OTHER, N_("Other sector")),
    (E.GrowthStage.PRE_STARTUP, N_("Pre-start-up")),
    (E.GrowthStage.STARTUP, N_("Start-up")),
    (E.GrowthStage.EARLY, N_("Early stage")),
    (E.GrowthStage.GROWTH, N_("Growth")),
    (E.GrowthStage.SCALE_UP, N_("Scale-up")),
    (E.GrowthStage.MATURE, N_("Mature")),
    (E.OrgStatus.PROSPECT, N_("Prospect")),
    (E.OrgStatus.MEMBER, N_("Member")),
    (E.OrgStatus.TENANT, N_("Tenant")),
    (E.OrgStatus.PARTNER, N_("Partner")),
    (E.OrgStatus.ALUMNI, N_("Alumni")),
    (E.OrgStatus.INACTIVE, N_("Inactive")),
    (E.InteractionKind.MEETING, N_("Meeting")),
    (E.InteractionKind.CONSULTATION, N_("Consultation")),
    (E.InteractionKind.SUPPORT, N_("Support given")),
    (E.InteractionKind.EVENT_ATTENDANCE, N_("Event attendance")),
    (E.SupportType.EQUIPMENT_USE, N_("Equipment use")),
    (E.SupportType.PROTOTYPE, N_("Prototype")),
    (E.SupportType.TESTING, N_("Testing")),
    (E.SupportType.CONSULTING, N_("Consulting")),
    (E.SupportType.CERTIFICATION, N_("Certification support")),
    (E.SupportType.MARKETING, N_("Marketing")),
    (E.CertificationType.GMP, N_("GMP")),
    (E.CertificationType.KGMP, N_("KGMP")),
    (E.CertificationType.CGMP, N_("cGMP")),
    (E.CertificationType.ISO9001, N_("ISO 9001")),
    (E.CertificationType.ISO13485, N_("ISO 13485")),
    (E.CertificationType.HACCP, N_("HACCP")),
    (E.CertificationType.COSMETIC_GMP, N_("Cosmetic GMP")),
    (E.CertificationType.VENTURE, N_("Venture company")),
    (E.CertificationType.INNOBIZ, N_("Inno-Biz")),
    (E.CertificationType.HALAL, N_("Halal")),
    (E.CertificationType.ORGANIC, N_("Organic")),
    (E.CertificationType.OTHER, N_("Other certification")),
    (E.FacilityKind.GMP_PLANT, N_("GMP plant")),
    (E.FacilityKind.CELL_PROCESSING, N_("Cell processing facility")),
    (E.FacilityKind.QC_LAB, N_("QC laboratory")),
    (E.FacilityKind.PILOT_PLANT, N_("Pilot plant")),
    (E.ResourceKind.SUITE, N_("Suite")),
    (E.ResourceKind.ROOM, N_("Room")),
    (E.ResourceKind.EQUIPMENT, N_("Equipment")),
    (E.BookingUnit.HOUR, N_("Hour")),
    (E.BookingUnit.DAY, N_("Day")),
    (E.BookingStatus.REQUESTED, N_("Requested")),
    (E.BookingStatus.APPROVED, N_("Approved")),
    (E.BookingStatus.REJECTED, N_("Rejected")),
    (E.BookingStatus.CONFIRMED, N_("Confirmed")),
    (E.BookingStatus.IN_USE, N_("In use")),
    (E.BookingStatus.COMPLETED, N_("Completed")),
    (E.BookingStatus.CANCELLED, N_("Cancelled")),
    (E.BookingStatus.NO_SHOW, N_("No-show")),
    (E.Pathway.ARM_RESEARCH, N_("Regenerative medicine clinical research")),
    (E.Pathway.ARM_TREATMENT, N_("Regenerative medicine treatment")),
    (E.Pathway.IND, N_("IND")),
    (E.CaseStage.INTAKE, N_("Intake")),
    (E.CaseStage.PRE_CONSULTATION, N_("Pre-consultation")),
    (E.CaseStage.MANUFACTURING_READINESS, N_("Manufacturing readiness")),
    (E.CaseStage.HOSPITAL_DESIGNATED, N_("Partner hospital designated")),
    (E.CaseStage.PLAN_DRAFTING, N_("Plan drafting")),
    (E.CaseStage.SUBMITTED, N_("Submitted")),
    (E.CaseStage.UNDER_REVIEW, N_("Under review")),
    (E.CaseStage.SUPPLEMENT_REQUESTED, N_("Supplement requested")),
    (E.CaseStage.COMMITTEE_DECISION, N_("Committee decision")),
    (E.CaseStage.AUTHORITY_APPROVAL, N_("Authority approval")),
    (E.CaseStage.APPROVED, N_("Approved case")),
    (E.CaseStage.IN_CONDUCT, N_("In conduct")),
    (E.CaseStage.CLOSED, N_("Closed")),
    (E.Funder.MOTIE, N_("MOTIE")),
    (E.Funder.MAFRA, N_("MAFRA")),
    (E.Funder.MSS, N_("MSS")),
    (E.Funder.MOHW, N_("MOHW")),
    (E.Funder.MSIT, N_("MSIT")),
    (E.Funder.PROVINCE, N_("Province")),
    (E.Funder.CITY, N_("City")),
    (E.Funder.OTHER, N_("Other funder")),
    (E.FundingSource.NATIONAL, N_("National")),
    (E.FundingSource.LOCAL, N_("Local")),
    (E.FundingSource.PRIVATE, N_("Private")),
    (E.EventKind.NETWORKING, N_("Networking")),
    (E.EventKind.JOINT_MARKETING, N_("Joint marketing")),
    (E.EventKind.BUYER_MEETING, N_("Buyer meeting")),
    (E.EventKind.EXPORT_CONSULTATION, N_("Export consultation")),
    (E.EventKind.SEMINAR, N_("Seminar")),
    (E.EventKind.EXHIBITION, N_("Exhibition")),

]}


def label(enum_cls: type, value: object) -> str:
    """The translated name of a stored enum value ("" for None; the raw value if unknown)."""
    if value is None or value == "":
        return ""
    raw = getattr(value, "value", value)
    msgid = _LABELS.get((enum_cls.__name__, str(raw)))
    return _(msgid) if msgid else str(raw)


def units_text(n: int, unit: object, formatted: str | None = None) -> str:
    """A number of booking units: "3 hours", "1 day" (plural forms of the language)."""
    from hubdesk.i18n import ngettext

    shown = formatted if formatted is not None else str(n)
    raw = str(getattr(unit, "value", unit))
    if raw == E.BookingUnit.HOUR.value:
        return ngettext("{n} hour", "{n} hours", int(n)).format(n=shown)
    if raw == E.BookingUnit.DAY.value:
        return ngettext("{n} day", "{n} days", int(n)).format(n=shown)
    return shown
