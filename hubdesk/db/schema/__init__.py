"""The whole schema. Import models from here."""

from hubdesk.db.schema.accounts import AuditEvent, IssuedReport, ReportReopening, Setting, SignInThrottle, User
from hubdesk.db.schema.base import Base, MainRow, UTCDateTime, new_uid, utcnow
from hubdesk.db.schema.bookings import BOOKING_NO_OVERLAP, Booking, BookingStatusChange, booking_person
from hubdesk.db.schema.cases import CaseDocument, CaseStageChange, ClinicalCase, ReviewClockStop
from hubdesk.db.schema.documents import Attachment, DocumentBlob, DocumentChunk
from hubdesk.db.schema.exchange import (ExchangeClock, ExchangeConflict, ExchangeTombstone,
                                        Installation)
from hubdesk.db.schema.facilities import (ClosureDay, Facility, MaintenanceWindow, Qualification,
                                          Resource, ResourceIncident, ResourceRate)
from hubdesk.db.schema.network import (Certification, Contact, Interaction, KpiValue, Organization,
                                       UserClass)
from hubdesk.db.schema.series import MAX_OCCURRENCES, BookingSeries, MaintenanceSeries
from hubdesk.db.schema.invoices import Invoice, InvoiceLine, InvoicePayment
from hubdesk.db.schema.subsidies import BookingQuota, FacilitySubsidy, SubsidyResource
from hubdesk.db.schema.programs import (BudgetLine, Event, EventParticipant, Expenditure, KpiTarget, Milestone,
                                       Participant, Program)

__all__ = [
    "BOOKING_NO_OVERLAP", "MAX_OCCURRENCES", "Attachment", "AuditEvent", "BookingSeries", "DocumentBlob", "DocumentChunk",
    "MaintenanceSeries", "Base", "Booking", "BudgetLine", "EventParticipant", "Participant", "BookingStatusChange",
    "CaseDocument", "CaseStageChange", "ExchangeClock", "ExchangeConflict", "ExchangeTombstone", "Installation",
    "BookingQuota", "FacilitySubsidy", "Invoice", "InvoiceLine", "InvoicePayment", "SubsidyResource",
    "Certification", "ClinicalCase", "ClosureDay", "Contact", "Event", "Expenditure", "Facility",
    "Interaction", "IssuedReport", "KpiTarget", "KpiValue", "MainRow", "MaintenanceWindow",
    "Milestone", "Organization", "Program", "Qualification", "Resource", "ResourceIncident", "ResourceRate",
    "ReportReopening", "ReviewClockStop", "Setting", "SignInThrottle", "User", "UserClass", "UTCDateTime", "booking_person", "new_uid",
    "utcnow",
]
