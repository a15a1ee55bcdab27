"""Every write of the cessation workflow, one module per step: the proposal, the JAG's decision at a meeting, the
peer review, the signed closure report, the letters to the complainant and the visit, and further reports after
cessation; and the case review pack, made by Celery (pack.py). Each step locks the proposal (or report) row, checks
the rules (cessation/rules.py) and who is acting (cessation/permissions.py), and writes its chronology entry and
audit event in the same transaction.

The steps are all importable from here (`services.cessation_propose(...)`), as the views call them."""

from .closure_report import closure_report_new_version, closure_report_sign, signer_role
from .common import PDF, ConcurrentChangeError
from .decision import (
    PositionInput,
    cessation_decide,
    meeting_positions,
    positions_record,
    present_agency_ids,
    review_answered_after,
)
from .further_reports import (
    further_letter_due,
    further_letter_generate,
    further_report_record,
    further_report_review,
    further_report_reviewers,
)
from .letters import cessation_letter_generate, letter_visit_record
from .pack import pack_request
from .peer_review import MAX_REVIEW_ACCESS_DAYS, peer_review_answer, peer_review_request
from .proposal import cessation_propose, cessation_withdraw

__all__ = [
    "MAX_REVIEW_ACCESS_DAYS",
    "PDF",
    "ConcurrentChangeError",
    "PositionInput",
    "cessation_decide",
    "cessation_letter_generate",
    "cessation_propose",
    "cessation_withdraw",
    "closure_report_new_version",
    "closure_report_sign",
    "further_letter_due",
    "further_letter_generate",
    "further_report_record",
    "further_report_review",
    "further_report_reviewers",
    "letter_visit_record",
    "meeting_positions",
    "pack_request",
    "peer_review_answer",
    "peer_review_request",
    "positions_record",
    "present_agency_ids",
    "review_answered_after",
    "signer_role",
]
