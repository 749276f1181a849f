"""The closed sets of values the schema holds (stored as their string value, checked by the database)."""

from __future__ import annotations

import enum


class OrgKind(enum.StrEnum):
    COMPANY = "company"
    UNIVERSITY = "university"
    RESEARCH_INSTITUTE = "research_institute"
    GOVERNMENT = "government"
    HOSPITAL = "hospital"
    FOREIGN_PARTNER = "foreign_partner"


class Sector(enum.StrEnum):
    HERBAL_MEDICINE = "herbal_medicine"
    BIO = "bio"
    COSMETICS = "cosmetics"
    PROCESSOR = "processor"
    RAW_HERB_SUPPLIER = "raw_herb_supplier"
    REGENERATIVE_MEDICINE = "regenerative_medicine"
    MEDICAL_DEVICE = "medical_device"
    OTHER = "other"


class GrowthStage(enum.StrEnum):
    PRE_STARTUP = "pre_startup"
    STARTUP = "startup"
    EARLY = "early"
    GROWTH = "growth"
    SCALE_UP = "scale_up"
    MATURE = "mature"


class OrgStatus(enum.StrEnum):
    PROSPECT = "prospect"
    MEMBER = "member"
    TENANT = "tenant"
    PARTNER = "partner"
    ALUMNI = "alumni"
    INACTIVE = "inactive"


class InteractionKind(enum.StrEnum):
    MEETING = "meeting"
    CONSULTATION = "consultation"
    SUPPORT = "support"
    EVENT_ATTENDANCE = "event_attendance"


class SupportType(enum.StrEnum):
    EQUIPMENT_USE = "equipment_use"
    PROTOTYPE = "prototype"
    TESTING = "testing"
    CONSULTING = "consulting"
    CERTIFICATION = "certification"
    MARKETING = "marketing"


class CertificationType(enum.StrEnum):
    GMP = "gmp"
    KGMP = "kgmp"
    CGMP = "cgmp"
    ISO9001 = "iso9001"
    ISO13485 = "iso13485"
    HACCP = "haccp"
    COSMETIC_GMP = "cosmetic_gmp"
    VENTURE = "venture"
    INNOBIZ = "innobiz"
    HALAL = "halal"
    ORGANIC = "organic"
    OTHER = "other"


class FacilityKind(enum.StrEnum):
    GMP_PLANT = "gmp_plant"
    CELL_PROCESSING = "cell_processing"
    QC_LAB = "qc_lab"
    PILOT_PLANT = "pilot_plant"


class ResourceKind(enum.StrEnum):
    SUITE = "suite"
    ROOM = "room"
    EQUIPMENT = "equipment"


class CleanroomGrade(enum.StrEnum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"


class BookingUnit(enum.StrEnum):
    HOUR = "hour"
    DAY = "day"


class ResourceStatus(enum.StrEnum):
    AVAILABLE = "available"
    OUT_OF_SERVICE = "out_of_service"
    RETIRED = "retired"


class WindowKind(enum.StrEnum):
    MAINTENANCE = "maintenance"
    REQUALIFICATION = "requalification"


class RecurFrequency(enum.StrEnum):
    """How often a booking series or a maintenance series comes back (hubdesk.domain.booking_series)."""

    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    YEARLY = "yearly"


class IncidentKind(enum.StrEnum):
    """What happened to a resource (its incident and intervention log)."""

    BREAKDOWN = "breakdown"
    DEVIATION = "deviation"
    REPAIR = "repair"
    CALIBRATION = "calibration"


class DocumentKind(enum.StrEnum):
    """What an attached document is (hubdesk.domain.documents)."""

    CERTIFICATE = "certificate"
    AGREEMENT = "agreement"
    CHECKLIST_EVIDENCE = "checklist_evidence"
    CORRESPONDENCE_IN = "correspondence_in"
    CORRESPONDENCE_OUT = "correspondence_out"
    REPORT = "report"
    OTHER = "other"


class DocumentOwner(enum.StrEnum):
    """The kind of record a document is attached to: each is a column of `attachment` holding
    the record's id (the table's name is the value)."""

    ORGANIZATION = "organization"
    CASE = "clinical_case"
    CASE_ITEM = "case_document"
    FACILITY = "facility"
    RESOURCE = "resource"
    PROGRAM = "program"
    EVENT = "event"


class SubsidyKind(enum.StrEnum):
    """How a program subsidises facility use (hubdesk.domain.subsidies)."""

    SHARE = "share"      # a share of every fee, in percent
    HOURS = "hours"      # so many booked hours per organization per period, paid in full
    AMOUNT = "amount"    # so many won per organization per period


class SubsidyPeriod(enum.StrEnum):
    """The period a subsidy's hours or amount (or a booking quota) is counted over."""

    YEAR = "year"
    QUARTER = "quarter"


class InvoiceKind(enum.StrEnum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"   # corrects an issued invoice (`Invoice.corrects_id`)


class InvoiceStatus(enum.StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"             # numbered and frozen: never changed again


class InvoiceLineKind(enum.StrEnum):
    USE = "use"                                 # a used booking's frozen fee less its subsidy
    LATE_CANCELLATION = "late_cancellation"     # a share of the fee, by the policy in Settings
    NO_SHOW = "no_show"                         # a share of the fee, by the policy in Settings
    CREDIT = "credit"                           # a credit note's line, the negative of the line it reverses


class BookingStatus(enum.StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    CONFIRMED = "confirmed"
    IN_USE = "in_use"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


ACTIVE_BOOKING_STATUSES = (
    BookingStatus.REQUESTED,
    BookingStatus.APPROVED,
    BookingStatus.CONFIRMED,
    BookingStatus.IN_USE,
)


class Pathway(enum.StrEnum):
    ARM_RESEARCH = "arm_research"      # advanced regenerative medicine clinical research
    ARM_TREATMENT = "arm_treatment"    # advanced regenerative medicine treatment (2025 amendment)
    IND = "ind"                        # standard IND to the drug authority


class Modality(enum.StrEnum):
    CELL_THERAPY = "cell_therapy"
    GENE_THERAPY = "gene_therapy"
    TISSUE_ENGINEERING = "tissue_engineering"
    COMBINED = "combined"


class RiskLevel(enum.StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class CaseStage(enum.StrEnum):
    INTAKE = "intake"
    PRE_CONSULTATION = "pre_consultation"
    MANUFACTURING_READINESS = "manufacturing_readiness"
    HOSPITAL_DESIGNATED = "hospital_designated"
    PLAN_DRAFTING = "plan_drafting"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    COMMITTEE_DECISION = "committee_decision"
    AUTHORITY_APPROVAL = "authority_approval"
    APPROVED = "approved"
    IN_CONDUCT = "in_conduct"
    CLOSED = "closed"


class CaseOutcome(enum.StrEnum):
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"
    REJECTED = "rejected"


class Funder(enum.StrEnum):
    MOTIE = "motie"
    MAFRA = "mafra"
    MSS = "mss"
    MOHW = "mohw"
    MSIT = "msit"
    PROVINCE = "province"
    CITY = "city"
    OTHER = "other"


class FundingSource(enum.StrEnum):
    """Where a program's money comes from. Migration 0002 turned the old 'local' into 'provincial'
    (도비); the KPI "budget execution, local funds" adds provincial and city (지방비)."""

    NATIONAL = "national"        # 국비
    PROVINCIAL = "provincial"    # 도비
    CITY = "city"                # 시·군비
    PRIVATE = "private"          # 민간부담금 / 자부담
    OTHER = "other"


class ProgramStatus(enum.StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    CLOSED = "closed"


class ExpenseCategory(enum.StrEnum):
    """Cost items (비목) of a budget line, after the subsidy settlement items of the Ministry of
    Economy and Finance's 「보조사업 정산보고서 작성지침」 [별표 1] and the 국고보조금 통합관리지침 used in
    e-나라도움: 인건비 (110), 운영비 (210), 여비 (220), 업무추진비 (240), 연구용역·위탁사업비 (260),
    민간이전 — support paid to companies (320), 자산취득비 — equipment (430); plus 재료비 and 간접비,
    which program budgets list on their own. 'unassigned' holds budgets that had no cost item
    (the budgets of migration 0002)."""

    PERSONNEL = "personnel"                    # 인건비
    OPERATING = "operating"                    # 운영비
    TRAVEL = "travel"                          # 여비
    BUSINESS_PROMOTION = "business_promotion"  # 업무추진비
    EQUIPMENT = "equipment"                    # 자산취득비 (장비)
    MATERIALS = "materials"                    # 재료비
    OUTSOURCING = "outsourcing"                # 위탁사업비 (외주·용역)
    COMPANY_SUPPORT = "company_support"        # 기업지원비 (민간이전)
    INDIRECT = "indirect"                      # 간접비
    UNASSIGNED = "unassigned"                  # 미지정


class ParticipantRole(enum.StrEnum):
    BENEFICIARY = "beneficiary"       # 수혜기업
    COHORT_MEMBER = "cohort_member"   # 참여기업 (기수)
    PARTNER = "partner"               # 협력기관


class EventKind(enum.StrEnum):
    NETWORKING = "networking"
    JOINT_MARKETING = "joint_marketing"
    BUYER_MEETING = "buyer_meeting"
    EXPORT_CONSULTATION = "export_consultation"
    SEMINAR = "seminar"
    EXHIBITION = "exhibition"
    TRAINING = "training"


class Role(enum.StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    STAFF = "staff"
    VIEWER = "viewer"


class AuditAction(enum.StrEnum):
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"
