"""Cessation proposals in each state, built through the services, for the view tests and the access matrix
(tests/test_access_matrix.py)."""

import datetime

from cases.meetings.services import AttendanceInput, attendance_record, meeting_schedule
from cases.models import Case, PersonRole
from cases.selectors import case_people_in_role
from cases.services import case_add_agency, case_add_person, plan_save, risk_assess
from cessation import services
from cessation.models import Assessment, Outcome, Position, Recommendation, ReviewerKind
from cessation.services import PositionInput
from core import clock
from jag.models import Jag, Meeting
from tests.factories import PASSWORD, AgencyFactory, CaseFactory, JagFactory, OfficerFactory, PersonFactory

REASONING = "Every option in the plan has been tried over eighteen months; the complainant declines mediation."


def assess_medium_risk(case: Case, officer) -> None:
    """A risk assessment whose band (medium) calls for a problem-solving plan."""
    risk_assess(
        case=case,
        officer=officer,
        happened_before=True,
        reported_elsewhere=True,
        feels_targeted=True,
        household_vulnerable=False,
        children_involved=False,
    )
    case.refresh_from_db()


def make_ceasable(case: Case, officer) -> Case:
    """Give the case what a proposal needs: a problem-solving plan (if it has none) and long standing."""
    if not case.plan_versions.exists():
        assess_medium_risk(case, officer)
        plan_save(
            case=case,
            officer=officer,
            overview="Loud music most nights.",
            who_is_at_risk="The complainant.",
            risk_from="The neighbour.",
            children_involved=False,
            support_options="Mediation offered.",
            actions="Warning letter and mediation.",
        )
    Case.objects.filter(pk=case.pk).update(long_standing_since=clock.today() - datetime.timedelta(days=10))
    case.refresh_from_db()
    return case


def sibling_case(case: Case, officer, partner_agency) -> Case:
    """Another case like `case` (same lead agency and officer, JAG and category, the partner agency involved), ready
    for a proposal, with a complainant."""
    other = CaseFactory(
        lead_officer=case.lead_officer, lead_agency=case.lead_agency, jag=case.jag, category=case.category
    )
    case_add_agency(case=other, officer=officer, agency=partner_agency)
    complainant = PersonFactory(first_name="Margaret", last_name="Ellison", created_by=officer)
    case_add_person(case=other, officer=officer, person=complainant, role=PersonRole.COMPLAINANT)
    other.refresh_from_db()
    return make_ceasable(other, officer)


def meeting_today(jag: Jag, officer, present_agencies) -> Meeting:
    """A meeting of the JAG later today, the agencies given recorded as present (so a proposal made now goes on its
    agenda, being the JAG's next)."""
    meeting = meeting_schedule(
        officer=officer, jag=jag, starts_at=clock.now() + datetime.timedelta(hours=1), location="Town Hall"
    )
    attendance_record(
        meeting=meeting,
        officer=officer,
        rows=[AttendanceInput(agency=agency, present=True, attendees="An officer") for agency in present_agencies],
    )
    return meeting


def propose(case: Case, officer):
    return services.cessation_propose(case=case, officer=officer, reasoning=REASONING)


def record_positions(proposal, meeting, officer, positions: dict):
    """positions: {agency: Position}."""
    return services.positions_record(
        proposal=proposal,
        meeting=meeting,
        officer=officer,
        rows=[PositionInput(agency, position, "Said at the meeting") for agency, position in positions.items()],
    )


def reviewer_from_another_jag(name: str = "Charnwood"):
    """The chair of another locality's JAG: a peer reviewer who may not see the case."""
    jag = JagFactory(name=f"{name} JAG", locality=name)
    officer = OfficerFactory(
        first_name="Rhiannon",
        last_name="Reviewer",
        agency=AgencyFactory(name=f"{name} Borough Council"),
        roles=["officer", "jag_chair"],
    )
    jag.chair = officer
    jag.save()
    return officer, jag


def request_review(proposal, meeting, chair, reviewer, reviewer_jag, days: int = 28):
    return services.peer_review_request(
        proposal=proposal,
        meeting=meeting,
        officer=chair,
        rationale="The police see value in patrols; the council does not.",
        reviewer_kind=ReviewerKind.JAG,
        reviewer=reviewer,
        reviewer_jag=reviewer_jag,
        access_until=clock.today() + datetime.timedelta(days=days),
        questions="Were the interventions enough?",
    )


def answer_review(review, reviewer):
    return services.peer_review_answer(
        review=review,
        officer=reviewer,
        reasonable=True,
        proportionate=True,
        appropriate=True,
        findings="Warnings, mediation and monitoring were all tried and recorded.",
        recommendation=Recommendation.CLOSE,
    )


def decide(proposal, meeting, chair, outcome=Outcome.CLOSE):
    return services.cessation_decide(
        proposal=proposal, meeting=meeting, officer=chair, outcome=outcome, rationale="Nothing more can be offered."
    )


def sign(proposal, chair):
    return services.closure_report_sign(proposal=proposal, officer=chair, password=PASSWORD)


def reviewed(case: Case, meeting: Meeting, lead_officer, chair, agencies, reviewer, reviewer_jag) -> dict:
    """Proposed, the agencies split at the meeting, a peer review requested there and answered: awaiting the JAG's
    decision with the review (at a meeting begun since the answer, or the chair's written decision)."""
    proposal = propose(case, lead_officer)
    lead_agency, partner_agency = agencies
    record_positions(proposal, meeting, chair, {lead_agency: Position.CLOSE, partner_agency: Position.CONTINUE})
    review = request_review(proposal, meeting, chair, reviewer, reviewer_jag)
    answer_review(review, reviewer)
    proposal.refresh_from_db()
    return {"proposal": proposal, "review": review}


def ceased_with_review(case: Case, meeting: Meeting, lead_officer, chair, agencies, reviewer, reviewer_jag) -> dict:
    """Through every step: proposed, split positions, a peer review answered, closure decided and signed, the
    cessation letter written to the complainant and a further report on the same circumstances awaiting review."""
    answered = reviewed(case, meeting, lead_officer, chair, agencies, reviewer, reviewer_jag)
    proposal, review = answered["proposal"], answered["review"]
    decide(proposal, meeting, chair)
    report = sign(proposal, chair)
    complainant = case_people_in_role(case, PersonRole.COMPLAINANT).first()
    letter = services.cessation_letter_generate(proposal=proposal, officer=lead_officer, complainant=complainant)
    further = services.further_report_record(
        case=case,
        officer=lead_officer,
        complainant=complainant,
        received_on=clock.today(),
        description="Music again last night.",
        assessment=Assessment.SAME,
        assessment_reason="The same neighbour and the same noise.",
    )
    proposal.refresh_from_db()
    case.refresh_from_db()
    return {
        "proposal": proposal,
        "review": review,
        "report": report,
        "letter": letter,
        "further_report": further,
        "complainant": complainant,
    }
