"""The letters to the complainant on the lead agency's letterhead: the cessation letter and the further letters."""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string
from django.utils import timezone

from agencies.models import Officer
from cases.models import CaseAgency, CasePolicy, Person
from core import clock
from core.pdf import html_to_pdf
from incremental.letter_details import LetterDetails, default_details
from incremental.letters import letterhead_context

from ..models import CessationProposal, FurtherReport, JagDecision, LetterKind, Outcome
from .words import counted


def _letter_context(case, complainant: Person, officer: Officer, details: LetterDetails | None) -> dict:
    return letterhead_context(
        case=case,
        agency=case.lead_agency,
        officer=officer,
        person=complainant,
        letter_date=clock.today(),
        details=details or default_details(complainant, case),
    ) | {"complaints_agencies": _complaints_agencies(case), "case_review": _case_review_threshold()}


def _complaints_agencies(case) -> list[dict]:
    """The lead agency and the agencies brought into the case, with how to reach them: each has its own complaints
    procedure."""
    involved = [
        link.agency
        for link in CaseAgency.objects.filter(case=case).select_related("agency").order_by("agency__name")
        if link.agency_id != case.lead_agency_id
    ]
    return [
        {
            "name": agency.name,
            "telephone": agency.telephone,
            "email": agency.email,
            "address": ", ".join(line.strip() for line in agency.address.splitlines() if line.strip()),
        }
        for agency in [case.lead_agency, *involved]
    ]


def _case_review_threshold() -> dict:
    """The ASB Case Review threshold and appeal period in words, from the partnership's current policy."""
    policy = CasePolicy.current()
    return {
        "incidents": counted(policy.case_review_incidents, "separate incident"),
        "window": counted(policy.case_review_window_months, "month"),
        "report_within": counted(policy.case_review_report_within_months, "month"),
        "hate_incidents": counted(policy.case_review_hate_incidents, "hate incident"),
        "appeal_days": counted(policy.case_review_appeal_working_days, "working day"),
    }


def _ceasing_decision(case) -> JagDecision | None:
    return (
        JagDecision.objects.filter(proposal__case=case, outcome=Outcome.CLOSE)
        .select_related("meeting__jag", "proposal__case__jag")
        .order_by("-decided_at", "-pk")
        .first()
    )


def _ceased_on(case, decision: JagDecision | None) -> datetime.date | None:
    """The day the decision to close the case was taken, at a meeting or in writing (or, failing that, the day it was
    closed)."""
    if decision is not None:
        return decision.decided_on
    return timezone.localtime(case.closed_at).date() if case.closed_at else None


def cessation_letter_html(
    proposal: CessationProposal, complainant: Person, officer: Officer, details: LetterDetails | None = None
) -> str:
    """The letter to the complainant on the lead agency's letterhead: the partners' position (no further active
    investigation, the case filed as unresolved), how to complain, and the ASB Case Review route; addressed as the
    officer confirmed (else to the complainant's recorded address)."""
    proposal = CessationProposal.objects.select_related(
        "case__lead_agency", "case__category", "case__jag", "case__lead_officer"
    ).get(pk=proposal.pk)
    case = proposal.case
    decision = (
        JagDecision.objects.filter(proposal=proposal, outcome=Outcome.CLOSE)
        .select_related("meeting__jag", "decided_by")
        .order_by("-decided_at", "-pk")
        .first()
    )
    context = _letter_context(case, complainant, officer, details)
    context.update({"proposal": proposal, "decision": decision, "jag": case.jag})
    return render_to_string("pdf/cessation/cessation_letter.html", context)


def render_cessation_letter_pdf(
    proposal: CessationProposal, complainant: Person, officer: Officer, details: LetterDetails | None = None
) -> bytes:
    return html_to_pdf(cessation_letter_html(proposal, complainant, officer, details))


def render_further_letter_pdf(
    report: FurtherReport, kind: str, officer: Officer, details: LetterDetails | None = None
) -> bytes:
    return html_to_pdf(further_letter_html(report, kind, officer, details))


def further_letter_html(
    report: FurtherReport, kind: str, officer: Officer, details: LetterDetails | None = None
) -> str:
    """The further letter explaining why no action is taken on a new report after cessation: help was offered
    before and refused (FURTHER_REFUSED), or an investigation was made and could not resolve it
    (FURTHER_UNRESOLVED)."""
    if kind not in (LetterKind.FURTHER_REFUSED, LetterKind.FURTHER_UNRESOLVED):
        raise ValueError(f"Not a further letter: {kind}")
    report = FurtherReport.objects.select_related(
        "case__lead_agency", "case__category", "case__jag", "complainant"
    ).get(pk=report.pk)
    case = report.case
    context = _letter_context(case, report.complainant, officer, details)
    decision = _ceasing_decision(case)
    context.update(
        {
            "report": report,
            "kind": kind,
            "refused": kind == LetterKind.FURTHER_REFUSED,
            "decision": decision,
            "ceased_on": _ceased_on(case, decision),
            "jag": case.jag,
        }
    )
    return render_to_string("pdf/cessation/further_letter.html", context)
