"""Translated names of the closed sets of values (enums): one list for the interface, the reports
and the command line (no Qt here).

The English names are marked with N_ for extraction and translated where they are shown, so a
language switch changes them without rebuilding anything.
"""

from __future__ import annotations

import enum

from hubdesk.db import enums as E
from hubdesk.i18n import N_, _

_LABELS: list[tuple[enum.Enum, str]] = [
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
    (E.ResourceStatus.AVAILABLE, N_("Available")),
    (E.ResourceStatus.OUT_OF_SERVICE, N_("Out of service")),
    (E.ResourceStatus.RETIRED, N_("Retired")),
    (E.WindowKind.MAINTENANCE, N_("Maintenance")),
    (E.WindowKind.REQUALIFICATION, N_("Requalification")),
    (E.IncidentKind.BREAKDOWN, N_("Breakdown")),
    (E.IncidentKind.DEVIATION, N_("Deviation")),
    (E.IncidentKind.REPAIR, N_("Repair")),
    (E.IncidentKind.CALIBRATION, N_("Calibration")),
    (E.SubsidyKind.SHARE, N_("Share of the fee")),
    (E.SubsidyKind.HOURS, N_("Hours per period")),
    (E.SubsidyKind.AMOUNT, N_("Amount per period")),
    (E.SubsidyPeriod.YEAR, N_("Per year")),
    (E.SubsidyPeriod.QUARTER, N_("Per quarter")),
    (E.InvoiceKind.INVOICE, N_("Invoice")),
    (E.InvoiceKind.CREDIT_NOTE, N_("Credit note")),
    (E.InvoiceStatus.DRAFT, N_("Draft")),
    (E.InvoiceStatus.ISSUED, N_("Issued")),
    (E.InvoiceLineKind.USE, N_("Facility use")),
    (E.InvoiceLineKind.LATE_CANCELLATION, N_("Late cancellation")),
    (E.InvoiceLineKind.NO_SHOW, N_("No-show charge")),
    (E.InvoiceLineKind.CREDIT, N_("Credit")),
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
    (E.Modality.CELL_THERAPY, N_("Cell therapy")),
    (E.Modality.GENE_THERAPY, N_("Gene therapy")),
    (E.Modality.TISSUE_ENGINEERING, N_("Tissue engineering")),
    (E.Modality.COMBINED, N_("Combined")),
    (E.RiskLevel.LOW, N_("Low risk")),
    (E.RiskLevel.MEDIUM, N_("Medium risk")),
    (E.RiskLevel.HIGH, N_("High risk")),
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
    (E.CaseOutcome.COMPLETED, N_("Completed case")),
    (E.CaseOutcome.WITHDRAWN, N_("Withdrawn")),
    (E.CaseOutcome.REJECTED, N_("Rejected case")),
    (E.Funder.MOTIE, N_("MOTIE")),
    (E.Funder.MAFRA, N_("MAFRA")),
    (E.Funder.MSS, N_("MSS")),
    (E.Funder.MOHW, N_("MOHW")),
    (E.Funder.MSIT, N_("MSIT")),
    (E.Funder.PROVINCE, N_("Province")),
    (E.Funder.CITY, N_("City")),
    (E.Funder.OTHER, N_("Other funder")),
    (E.FundingSource.NATIONAL, N_("National")),
    (E.FundingSource.PROVINCIAL, N_("Provincial")),
    (E.FundingSource.CITY, N_("City or county")),
    (E.FundingSource.PRIVATE, N_("Private")),
    (E.FundingSource.OTHER, N_("Other source")),
    (E.ProgramStatus.PLANNED, N_("Planned")),
    (E.ProgramStatus.ACTIVE, N_("Active program")),
    (E.ProgramStatus.CLOSED, N_("Closed program")),
    (E.ExpenseCategory.PERSONNEL, N_("Personnel")),
    (E.ExpenseCategory.OPERATING, N_("Operating costs")),
    (E.ExpenseCategory.TRAVEL, N_("Travel")),
    (E.ExpenseCategory.BUSINESS_PROMOTION, N_("Business promotion")),
    (E.ExpenseCategory.EQUIPMENT, N_("Equipment")),
    (E.ExpenseCategory.MATERIALS, N_("Materials")),
    (E.ExpenseCategory.OUTSOURCING, N_("Outsourcing")),
    (E.ExpenseCategory.COMPANY_SUPPORT, N_("Support to companies")),
    (E.ExpenseCategory.INDIRECT, N_("Indirect costs")),
    (E.ExpenseCategory.UNASSIGNED, N_("Unassigned")),
    (E.ParticipantRole.BENEFICIARY, N_("Beneficiary")),
    (E.ParticipantRole.COHORT_MEMBER, N_("Cohort member")),
    (E.ParticipantRole.PARTNER, N_("Partner organization")),
    (E.EventKind.NETWORKING, N_("Networking")),
    (E.EventKind.JOINT_MARKETING, N_("Joint marketing")),
    (E.EventKind.BUYER_MEETING, N_("Buyer meeting")),
    (E.EventKind.EXPORT_CONSULTATION, N_("Export consultation")),
    (E.EventKind.SEMINAR, N_("Seminar")),
    (E.EventKind.EXHIBITION, N_("Trade fair")),
    (E.EventKind.TRAINING, N_("Training")),
    (E.Role.ADMIN, N_("Administrator")),
    (E.Role.MANAGER, N_("Manager")),
    (E.Role.STAFF, N_("Staff")),
    (E.Role.VIEWER, N_("Viewer")),
]


# Keyed by (class, value): StrEnum members of different classes with the same value compare equal
# (Sector.OTHER == Funder.OTHER == "other"), so the members themselves cannot be the keys.
LABELS: dict[tuple[type, str], str] = {(type(m), m.value): text for m, text in _LABELS}


def label(value: enum.Enum | str | None, enum_cls: type[enum.Enum] | None = None) -> str:
    """The translated name of an enum member (or of its stored string value given its class)."""
    if value is None or value == "":
        return ""
    if not isinstance(value, enum.Enum) and enum_cls is not None:
        try:
            value = enum_cls(value)
        except ValueError:
            return str(value)
    key = value.value if isinstance(value, enum.Enum) else value
    text = LABELS.get((type(value), key))
    return _(text) if text else str(key)


def choices(enum_cls: type[enum.Enum]) -> list[tuple[str, enum.Enum]]:
    """(translated label, member) for every member, in declaration order."""
    return [(label(m), m) for m in enum_cls]
