"""The data of the cases app, one module per room (`case` and the modules after it are the case file itself).

Every model is importable from `cases.models`, as migrations and the other apps do.
"""

from .case import (
    POSTCODE_RE,
    RISK_RANK,
    STATUS_RANK,
    Case,
    CaseAgency,
    CaseGroupObjectPermission,
    CaseReferenceCounter,
    CaseStatus,
    CaseUserObjectPermission,
    Category,
    RiskBand,
    normalise_postcode,
    validate_postcode,
)
from .case_reviews import (
    ApplicationReceivedHow,
    CaseReviewAction,
    CaseReviewActivation,
    CaseReviewDecision,
    CaseReviewExplanation,
    ConsultedHow,
    ExplainedHow,
    PccReviewOutcome,
    VictimAttendance,
)
from .chronology import OFFICER_ENTRY_KINDS, ChronologyEntry, EntryKind
from .closure import NotToldReason, ToldHow, VictimClosure, VictimOutcome, victims_not_told
from .documents import Document, document_upload_path
from .exploitation import ExploitationFlag
from .importer import ImportedCase, ImportedPerson
from .incidents import Incident, normalise_police_reference, police_reference_problem
from .jag_management import JagManagementPeriod, LongStandingChange, PeriodEnd, PeriodStart
from .meetings import AgendaItem, AgendaReason, MeetingAction
from .people import CasePerson, Person, PersonAlias, PersonChange, PersonMerge, PersonRole
from .plan import PlanAction, PlanVersion
from .policy import CasePolicy
from .risk import RiskAssessment, RiskReviewInterval
from .support import (
    OPEN_REFERRAL_STATUSES,
    ConsentMethod,
    IomDecision,
    IomReferral,
    LawfulBasis,
    ReferralOutcome,
    ReferralStatus,
    ServiceFor,
    SupportReferral,
    SupportService,
)
from .victims import (
    METHOD_FIELDS,
    ContactMethod,
    VictimAssessment,
    VictimContact,
    VictimContactChange,
    VictimContactPlan,
)

__all__ = [
    "RISK_RANK",
    "STATUS_RANK",
    "METHOD_FIELDS",
    "ContactMethod",
    "VictimAssessment",
    "VictimContact",
    "VictimContactChange",
    "VictimContactPlan",
    "OPEN_REFERRAL_STATUSES",
    "ConsentMethod",
    "IomDecision",
    "IomReferral",
    "LawfulBasis",
    "ReferralOutcome",
    "ReferralStatus",
    "ServiceFor",
    "SupportReferral",
    "SupportService",
    "OFFICER_ENTRY_KINDS",
    "POSTCODE_RE",
    "AgendaItem",
    "AgendaReason",
    "Case",
    "CaseAgency",
    "CaseGroupObjectPermission",
    "CasePerson",
    "CasePolicy",
    "CaseReferenceCounter",
    "ApplicationReceivedHow",
    "CaseReviewAction",
    "CaseReviewActivation",
    "CaseReviewExplanation",
    "ConsultedHow",
    "ExplainedHow",
    "PccReviewOutcome",
    "VictimAttendance",
    "CaseReviewDecision",
    "CaseStatus",
    "CaseUserObjectPermission",
    "Category",
    "ChronologyEntry",
    "Document",
    "ExploitationFlag",
    "EntryKind",
    "ImportedCase",
    "ImportedPerson",
    "Incident",
    "JagManagementPeriod",
    "LongStandingChange",
    "MeetingAction",
    "PeriodEnd",
    "PeriodStart",
    "Person",
    "PersonAlias",
    "PersonChange",
    "PersonMerge",
    "PersonRole",
    "PlanAction",
    "PlanVersion",
    "RiskAssessment",
    "RiskBand",
    "RiskReviewInterval",
    "document_upload_path",
    "normalise_police_reference",
    "normalise_postcode",
    "police_reference_problem",
    "validate_postcode",
    # closure
    "NotToldReason",
    "ToldHow",
    "VictimClosure",
    "VictimOutcome",
    "victims_not_told",
]
