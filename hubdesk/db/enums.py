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
    NATIONAL = "national"
    LOCAL = "local"
    PRIVATE = "private"


class EventKind(enum.StrEnum):
    NETWORKING = "networking"
    JOINT_MARKETING = "joint_marketing"
    BUYER_MEETING = "buyer_meeting"
    EXPORT_CONSULTATION = "export_consultation"
    SEMINAR = "seminar"
    EXHIBITION = "exhibition"


class Role(enum.StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    STAFF = "staff"
    VIEWER = "viewer"


class AuditAction(enum.StrEnum):
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"
