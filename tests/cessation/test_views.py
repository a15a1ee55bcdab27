"""The cessation pages on a case: proposing, the proposal, the JAG at a meeting, requesting a peer review, signing
the closure report and writing to the complainant. Who may do what, bad input answered next to the field with
nothing changed, and double submissions saved once."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from agencies.models import AuditAction, AuditEvent
from agencies.roles import Role, role_group_name
from cases.meetings.services import meeting_generate_agenda, meeting_schedule
from cases.models import Case, CaseStatus, ChronologyEntry, Document, PersonRole
from cases.services import case_add_person
from cessation.models import (
    AgencyPosition,
    CessationProposal,
    ClosureReport,
    ComplainantLetter,
    JagDecision,
    Outcome,
    PeerReview,
    Position,
    ProposalStatus,
    ReviewerKind,
    VisitStatus,
)
from core import clock
from jag.models import MeetingAttendance
from tests import letter_steps
from tests.cases.views.helpers import assert_error_summary, date_parts, input_value, new_token, page_text
from tests.cessation import helpers
from tests.conftest import _signed_in
from tests.factories import PASSWORD, JagFactory, OfficerFactory, PersonFactory

pytestmark = pytest.mark.django_db

REASONING = helpers.REASONING


def case_url(name: str, case: Case, **kwargs) -> str:
    return reverse(f"cessation:{name}", kwargs={"reference": case.reference, **kwargs})


def proposal_url(name: str, proposal: CessationProposal, **kwargs) -> str:
    return case_url(name, proposal.case, number=proposal.number, **kwargs)


def meeting_page(proposal, meeting) -> str:
    return proposal_url("meeting", proposal, meeting_pk=meeting.pk)


def assert_error_next_to(response, field: str, prefix: str = "id") -> None:
    """The field's own error message is on the page (crispy-forms-gds gives it this id)."""
    assert f'id="{prefix}_{field}_1_error"' in page_text(response), f"no error next to {field}"


def status_of(proposal) -> str:
    return CessationProposal.objects.get(pk=proposal.pk).status


def snapshot(case) -> dict:
    """What a refused step must leave as it was."""
    return {
        "proposals": list(CessationProposal.objects.filter(case=case).values("pk", "status", "version")),
        "positions": AgencyPosition.objects.filter(proposal__case=case).count(),
        "decisions": JagDecision.objects.filter(proposal__case=case).count(),
        "reviews": PeerReview.objects.filter(proposal__case=case).count(),
        "reports": ClosureReport.objects.filter(proposal__case=case).count(),
        "letters": ComplainantLetter.objects.filter(case=case).count(),
        "documents": Document.objects.filter(case=case).count(),
        "chronology": ChronologyEntry.objects.filter(case=case).count(),
        "case": Case.objects.values("status", "version").get(pk=case.pk),
    }


@pytest.fixture
def proposal(ceasable_case, meeting, lead_officer):
    return helpers.propose(ceasable_case, lead_officer)


@pytest.fixture
def split(proposal, meeting, chair, lead_agency, partner_agency):
    helpers.record_positions(proposal, meeting, chair, {lead_agency: Position.CLOSE, partner_agency: Position.CONTINUE})
    return proposal


@pytest.fixture
def unanimous(proposal, meeting, chair, lead_agency, partner_agency):
    helpers.record_positions(proposal, meeting, chair, {lead_agency: Position.CLOSE, partner_agency: Position.CLOSE})
    return proposal


@pytest.fixture
def close_decided(unanimous, meeting, chair):
    helpers.decide(unanimous, meeting, chair)
    unanimous.refresh_from_db()
    return unanimous


@pytest.fixture
def ceased(close_decided, chair):
    helpers.sign(close_decided, chair)
    close_decided.refresh_from_db()
    close_decided.case.refresh_from_db()
    return close_decided


# --- Proposing ---------------------------------------------------------------------------------------------------


def test_propose_page_shows_each_precondition_met_and_the_collated_summary(ceasable_case, lead_officer_client):
    response = lead_officer_client.get(case_url("propose", ceasable_case))

    page = page_text(response)
    assert response.status_code == 200
    assert "Missing" not in page
    assert page.count('govuk-tag--green">Met</strong>') == 4
    assert "The case is long standing" in page
    assert "There is a problem-solving plan (Appendix A): version 1" in page
    # The collated summary, for the officer to review before submitting.
    for text in ("Margaret Ellison", "Darren Whitfield", "First warning", "Mediation offered; GP referral"):
        assert text in page
    assert 'name="reasoning"' in page


def test_propose_page_lists_what_is_missing_and_offers_no_form(ceasable_case, lead_officer_client):
    Case.objects.filter(pk=ceasable_case.pk).update(long_standing_since=None)

    response = lead_officer_client.get(case_url("propose", ceasable_case))

    page = page_text(response)
    assert response.status_code == 200
    assert "The case is not long standing" in page
    assert 'govuk-tag--red">Missing</strong>' in page
    assert 'name="reasoning"' not in page


def test_proposing_puts_it_to_the_jag_and_shows_the_proposal(ceasable_case, meeting, lead_officer_client):
    response = lead_officer_client.post(
        case_url("propose", ceasable_case), {"reasoning": REASONING, "submission_token": new_token()}
    )

    proposal = CessationProposal.objects.get(case=ceasable_case)
    assert response.status_code == 302
    assert response["Location"] == proposal_url("proposal", proposal)
    assert proposal.status == ProposalStatus.AWAITING_DECISION
    page = page_text(lead_officer_client.get(response["Location"]))
    assert REASONING in page
    assert "Cessation proposal 1 (PDF)" in page
    assert meeting_page(proposal, meeting) in page


def test_a_proposal_without_reasoning_is_refused_next_to_the_field_and_changes_nothing(
    ceasable_case, lead_officer_client
):
    before = snapshot(ceasable_case)

    response = lead_officer_client.post(
        case_url("propose", ceasable_case), {"reasoning": "   ", "submission_token": new_token()}
    )

    assert_error_summary(response, "Enter the lead agency's reasoning for cessation")
    assert_error_next_to(response, "reasoning")
    assert snapshot(ceasable_case) == before


def test_a_double_submitted_proposal_is_saved_once(ceasable_case, lead_officer_client):
    data = {"reasoning": REASONING, "submission_token": new_token()}

    first = lead_officer_client.post(case_url("propose", ceasable_case), data)
    second = lead_officer_client.post(case_url("propose", ceasable_case), data)

    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert CessationProposal.objects.filter(case=ceasable_case).count() == 1


def test_proposing_twice_is_refused_with_the_reason(proposal, lead_officer_client):
    response = lead_officer_client.post(
        case_url("propose", proposal.case), {"reasoning": REASONING, "submission_token": new_token()}
    )

    assert_error_summary(response, "A cessation proposal is already in progress on this case")
    assert CessationProposal.objects.filter(case=proposal.case).count() == 1


def test_only_the_lead_agency_proposes(ceasable_case, partner_officer_client, chair_client, outsider_client):
    url = case_url("propose", ceasable_case)
    data = {"reasoning": REASONING}

    assert partner_officer_client.get(url).status_code == 403
    assert chair_client.post(url, data).status_code == 403
    assert outsider_client.post(url, data).status_code == 404
    assert not CessationProposal.objects.filter(case=ceasable_case).exists()


def test_the_summary_page_is_for_anyone_who_may_see_the_case(ceasable_case, partner_officer_client, outsider_client):
    response = partner_officer_client.get(case_url("summary", ceasable_case))

    assert response.status_code == 200
    assert "Home visit to Mrs Ellison" not in page_text(response)  # a visit is not a key entry
    assert "Darren Whitfield" in page_text(response)
    assert outsider_client.get(case_url("summary", ceasable_case)).status_code == 404


# --- The proposal and withdrawing it -----------------------------------------------------------------------------


def test_the_proposal_page_offers_each_viewer_what_they_may_do(proposal, lead_officer_client, partner_officer_client):
    lead_page = page_text(lead_officer_client.get(proposal_url("proposal", proposal)))
    partner_page = page_text(partner_officer_client.get(proposal_url("proposal", proposal)))

    assert proposal_url("withdraw", proposal) in lead_page
    assert proposal_url("withdraw", proposal) not in partner_page
    assert REASONING in partner_page


def test_the_lead_agency_withdraws_with_a_reason(proposal, lead_officer_client):
    response = lead_officer_client.post(
        proposal_url("withdraw", proposal), {"reason": "The complainant moved away.", "submission_token": new_token()}
    )

    assert response.status_code == 302
    assert status_of(proposal) == ProposalStatus.WITHDRAWN
    page = page_text(lead_officer_client.get(proposal_url("proposal", proposal)))
    assert "The complainant moved away." in page
    assert proposal_url("withdraw", proposal) not in page


def test_withdrawing_needs_a_reason_and_the_lead_agency(proposal, lead_officer_client, partner_officer_client):
    before = snapshot(proposal.case)

    missing = lead_officer_client.post(
        proposal_url("withdraw", proposal), {"reason": "", "submission_token": new_token()}
    )
    partner = partner_officer_client.post(proposal_url("withdraw", proposal), {"reason": "Not ours."})

    assert_error_summary(missing, "Enter why the proposal is withdrawn")
    assert partner.status_code == 403
    assert snapshot(proposal.case) == before


def test_a_proposal_the_jag_decided_to_close_cannot_be_withdrawn(close_decided, lead_officer_client):
    response = lead_officer_client.get(proposal_url("withdraw", close_decided))

    assert response.status_code == 302
    assert response["Location"] == proposal_url("proposal", close_decided)
    page = page_text(lead_officer_client.get(response["Location"]))
    assert "You cannot withdraw the proposal now" in page


def test_an_unknown_proposal_is_not_found(proposal, lead_officer_client):
    assert lead_officer_client.get(case_url("proposal", proposal.case, number=2)).status_code == 404


# --- The JAG at a meeting ----------------------------------------------------------------------------------------


def test_the_meeting_page_has_a_row_per_agency_present_and_the_chairs_forms(
    proposal, meeting, chair_client, lead_agency, partner_agency
):
    response = chair_client.get(meeting_page(proposal, meeting))

    page = page_text(response)
    assert response.status_code == 200
    assert f'name="position_{lead_agency.pk}"' in page
    assert f'name="position_{partner_agency.pk}"' in page
    assert 'name="outcome"' in page
    assert page.count("No position recorded") == 2


def test_recording_positions_shows_them_and_offers_the_chair_a_peer_review(
    proposal, meeting, chair_client, lead_agency, partner_agency
):
    response = chair_client.post(
        meeting_page(proposal, meeting),
        {
            "step": "positions",
            "version": proposal.version,
            f"position_{lead_agency.pk}": Position.CLOSE,
            f"position_{partner_agency.pk}": Position.CONTINUE,
            f"comment_{partner_agency.pk}": "Patrols still help",
            "submission_token": new_token(),
        },
    )

    assert response.status_code == 302
    positions = dict(AgencyPosition.objects.filter(proposal=proposal).values_list("agency_id", "position"))
    assert positions == {lead_agency.pk: Position.CLOSE, partner_agency.pk: Position.CONTINUE}
    page = page_text(chair_client.get(response["Location"]))
    assert "Not unanimous" in page
    assert "Patrols still help" in page
    assert proposal_url("peer_review_request", proposal, meeting_pk=meeting.pk) in page


def test_a_jag_member_records_positions_but_sees_the_decision_read_only(
    proposal, meeting, same_jag_member, lead_agency, partner_agency
):
    client = _signed_in(same_jag_member)

    page = page_text(client.get(meeting_page(proposal, meeting)))
    response = client.post(
        meeting_page(proposal, meeting),
        {
            "step": "positions",
            "version": proposal.version,
            f"position_{partner_agency.pk}": Position.CLOSE,
            "submission_token": new_token(),
        },
    )

    assert f'name="position_{lead_agency.pk}"' in page
    assert 'name="outcome"' not in page
    assert "The JAG's chair, Chandra Chair, records it" in page
    assert response.status_code == 302
    assert AgencyPosition.objects.get(proposal=proposal).agency == partner_agency


def test_a_viewer_who_does_not_run_the_jag_sees_no_forms_and_may_not_post_positions(
    proposal, meeting, partner_officer_client, partner_agency
):
    page = page_text(partner_officer_client.get(meeting_page(proposal, meeting)))
    response = partner_officer_client.post(
        meeting_page(proposal, meeting), {"step": "positions", f"position_{partner_agency.pk}": Position.CLOSE}
    )

    assert 'name="position_' not in page and 'name="outcome"' not in page
    assert response.status_code == 403
    assert not AgencyPosition.objects.exists()


def test_a_decision_recorded_by_a_non_chair_is_refused_and_changes_nothing(
    unanimous, meeting, same_jag_member, lead_officer_client
):
    before = snapshot(unanimous.case)
    data = {"step": "decision", "outcome": Outcome.CLOSE, "rationale": "All agree.", "submission_token": new_token()}

    member = _signed_in(same_jag_member).post(meeting_page(unanimous, meeting), data)
    lead = lead_officer_client.post(meeting_page(unanimous, meeting), data | {"submission_token": new_token()})

    assert member.status_code == lead.status_code == 403
    assert "Only the chair of the JAG that manages the case can do this." in page_text(member)
    assert snapshot(unanimous.case) == before
    assert status_of(unanimous) == ProposalStatus.AWAITING_DECISION


def test_the_chair_decides_to_close_when_unanimous(unanimous, meeting, chair_client):
    response = chair_client.post(
        meeting_page(unanimous, meeting),
        {"step": "decision", "outcome": Outcome.CLOSE, "rationale": "All agree.", "submission_token": new_token()},
    )

    assert response.status_code == 302
    assert response["Location"] == proposal_url("proposal", unanimous) + "#decisions"
    assert status_of(unanimous) == ProposalStatus.CLOSE_DECIDED
    page = page_text(chair_client.get(proposal_url("proposal", unanimous)))
    assert "unanimous among the agencies present" in page
    assert proposal_url("sign", unanimous) in page
    assert proposal_url("draft_report", unanimous) in page


def test_a_decision_without_rationale_or_against_a_split_is_answered_next_to_the_field(split, meeting, chair_client):
    before = snapshot(split.case)
    url = meeting_page(split, meeting)

    blank = chair_client.post(url, {"step": "decision", "outcome": Outcome.CLOSE, "rationale": ""})
    split_close = chair_client.post(
        url, {"step": "decision", "outcome": Outcome.CLOSE, "rationale": "Close it.", "submission_token": new_token()}
    )

    assert_error_summary(blank, "Enter the rationale for the decision")
    assert_error_summary(split_close, "The agencies present are not unanimous")
    assert_error_next_to(split_close, "outcome", prefix="decision")
    assert input_value(split_close, "rationale") == "Close it."
    assert snapshot(split.case) == before


def test_without_recorded_attendance_the_page_says_so_and_links_to_the_attendance_form(proposal, meeting, chair_client):
    MeetingAttendance.objects.filter(meeting=meeting).delete()

    page = page_text(chair_client.get(meeting_page(proposal, meeting)))

    assert "Attendance at this meeting is not recorded yet" in page
    assert reverse("meetings:attendance", kwargs={"pk": meeting.pk}) in page
    assert 'name="position_' not in page


def test_a_meeting_of_another_jag_is_not_found(proposal, chair_client, other_jag, peer_reviewer):
    elsewhere = meeting_schedule(officer=peer_reviewer, jag=other_jag, starts_at=clock.now(), location="Loughborough")

    assert chair_client.get(meeting_page(proposal, elsewhere)).status_code == 404


# --- Requesting a peer review ------------------------------------------------------------------------------------


def review_request(meeting_reviewer, jag, **changes) -> dict:
    until = clock.today() + datetime.timedelta(days=28)
    return {
        "reviewer_kind": ReviewerKind.JAG,
        "reviewer_jag": jag.pk,
        "reviewer": meeting_reviewer.pk,
        **date_parts("access_until", until),
        "questions": "Were the interventions enough?",
        "rationale": "The police see value in patrols.",
        "submission_token": new_token(),
    } | changes


def test_the_request_form_offers_reviewers_from_other_jags_only(
    split, meeting, chair_client, peer_reviewer, same_jag_member
):
    response = chair_client.get(proposal_url("peer_review_request", split, meeting_pk=meeting.pk))

    page = page_text(response)
    assert response.status_code == 200
    assert f'<option value="{peer_reviewer.pk}">' in page
    assert f'<option value="{same_jag_member.pk}">' not in page
    default = clock.today() + datetime.timedelta(days=28)
    assert input_value(response, "access_until_0") == str(default.day)


def test_the_reviewers_are_listed_under_the_jag_or_team_they_would_review_for(
    split, meeting, chair_client, peer_reviewer, other_jag, same_jag_member
):
    melton = JagFactory(name="Melton JAG", locality="Melton")
    member = OfficerFactory(username="melton.member", first_name="Ade", last_name="Bello", job_title="ASB officer")
    melton.members.add(member, peer_reviewer)
    other_jag.members.add(same_jag_member)  # on the case's own JAG too: never a reviewer
    county = OfficerFactory(username="county.officer", first_name="Cara", last_name="Dunn", roles=["officer"])
    county.groups.add(Group.objects.get_or_create(name=role_group_name(Role.COUNTY_COMMUNITY_SAFETY_TEAM))[0])
    url = proposal_url("peer_review_request", split, meeting_pk=meeting.pk)
    with CaptureQueriesContext(connection) as before:
        chair_client.get(url)
    for _ in range(3):  # JAGs with no one who may review are not listed; more JAGs cost no more queries
        JagFactory()
    with CaptureQueriesContext(connection) as after:
        response = chair_client.get(url)
    assert len(after) == len(before)

    select = re.search(r'<select name="reviewer".*?</select>', response.content.decode(), re.S).group(0)
    groups = {
        label: re.findall(r'<option value="(\d+)"', options)
        for label, options in re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    }
    assert groups == {
        "Charnwood JAG": [str(peer_reviewer.pk)],
        "Melton JAG": [str(member.pk), str(peer_reviewer.pk)],
        "County Community Safety Team": [str(county.pk)],
    }


def test_a_reviewer_from_the_same_jag_is_refused_next_to_the_field(
    split, meeting, chair_client, same_jag_member, other_jag
):
    before = snapshot(split.case)

    response = chair_client.post(
        proposal_url("peer_review_request", split, meeting_pk=meeting.pk), review_request(same_jag_member, other_jag)
    )

    assert_error_summary(response, "the peer reviewer must not be from the case's own JAG")
    assert_error_next_to(response, "reviewer")
    assert input_value(response, "questions") == "Were the interventions enough?"
    assert snapshot(split.case) == before


def test_the_chair_requests_a_peer_review(split, meeting, chair_client, peer_reviewer, other_jag):
    response = chair_client.post(
        proposal_url("peer_review_request", split, meeting_pk=meeting.pk), review_request(peer_reviewer, other_jag)
    )

    assert response.status_code == 302
    review = PeerReview.objects.get(proposal=split)
    assert (review.reviewer, review.reviewer_jag) == (peer_reviewer, other_jag)
    assert status_of(split) == ProposalStatus.PEER_REVIEW
    page = page_text(chair_client.get(proposal_url("proposal", split)))
    assert "Awaiting the reviewer's answer" in page
    assert reverse("cessation:review", kwargs={"pk": review.pk}) in page


def test_only_the_chair_requests_a_peer_review(split, meeting, lead_officer_client, peer_reviewer, other_jag):
    response = lead_officer_client.post(
        proposal_url("peer_review_request", split, meeting_pk=meeting.pk), review_request(peer_reviewer, other_jag)
    )

    assert response.status_code == 403
    assert not PeerReview.objects.exists()


# --- Deciding after the peer review ------------------------------------------------------------------------------


@pytest.fixture
def answered_two_days_later(split, meeting, chair, peer_reviewer, other_jag):
    """The review asked for at the meeting, and answered two days after it: the clock stays on that day."""
    review = helpers.request_review(split, meeting, chair, peer_reviewer, other_jag)
    with time_machine.travel(meeting.starts_at + datetime.timedelta(days=2), tick=False):
        helpers.answer_review(review, peer_reviewer)
        split.refresh_from_db()
        yield split


def test_the_meeting_held_before_the_reviews_answer_takes_no_decision_with_it(
    answered_two_days_later, meeting, chair, lead_officer
):
    proposal = answered_two_days_later
    chair_client = _signed_in(chair)
    answered = PeerReview.objects.get().answered_at
    before = snapshot(proposal.case)

    page = page_text(chair_client.get(meeting_page(proposal, meeting)))
    posted = chair_client.post(
        meeting_page(proposal, meeting),
        {"step": "decision", "outcome": Outcome.CLOSE, "rationale": "Close.", "submission_token": new_token()},
    )

    assert 'id="decision-form"' not in page
    assert f"The peer review was answered on {answered:%-d %B %Y}, after this meeting began" in page
    assert proposal_url("written_decision", proposal) in page
    assert_error_summary(posted, f"The peer review was answered on {answered:%-d %B %Y}, after this meeting of")
    assert snapshot(proposal.case) == before
    lead_page = page_text(_signed_in(lead_officer).get(meeting_page(proposal, meeting)))
    assert "The JAG's chair records it at a meeting held since, or as a written decision." in lead_page
    assert proposal_url("written_decision", proposal) not in lead_page


def test_a_meeting_held_since_the_answer_is_offered_and_takes_the_decision(
    answered_two_days_later, chair, lead_agency, partner_agency
):
    proposal = answered_two_days_later
    later = helpers.meeting_today(proposal.case.jag, chair, [lead_agency, partner_agency])
    meeting_generate_agenda(meeting=later, officer=chair)
    chair_client = _signed_in(chair)

    written_page = page_text(chair_client.get(proposal_url("written_decision", proposal)))
    decided = chair_client.post(
        meeting_page(proposal, later),
        {
            "step": "decision",
            "outcome": Outcome.CLOSE,
            "rationale": "With the review.",
            "submission_token": new_token(),
        },
    )

    assert meeting_page(proposal, later) + "#decision" in written_page
    assert decided.status_code == 302
    decision = JagDecision.objects.get(outcome=Outcome.CLOSE)
    assert (decision.meeting, decision.decided_on) == (later, timezone.localdate(later.starts_at))


def test_the_chair_records_a_written_decision_dated_the_day_it_is_taken(answered_two_days_later, chair):
    proposal = answered_two_days_later
    chair_client = _signed_in(chair)
    url = proposal_url("written_decision", proposal)

    form = chair_client.get(url)
    blank = chair_client.post(url, {"version": proposal.version, "outcome": Outcome.CLOSE, "rationale": ""})
    decided = chair_client.post(
        url,
        {
            "version": input_value(form, "version"),
            "outcome": Outcome.CLOSE,
            "rationale": "With the peer review: nothing further can reasonably be offered.",
            "submission_token": new_token(),
        },
    )

    assert form.status_code == 200
    assert "Warnings, mediation and monitoring were all tried and recorded." in page_text(form)  # the review
    assert f"Your decision is dated today, {clock.today():%-d %B %Y}" in page_text(form)
    assert_error_summary(blank, "Enter the rationale for the decision")
    assert decided.status_code == 302
    assert decided["Location"] == proposal_url("proposal", proposal) + "#decisions"
    decision = JagDecision.objects.get(outcome=Outcome.CLOSE)
    assert (decision.meeting, decision.in_writing, decision.decided_on) == (None, True, clock.today())
    assert status_of(proposal) == ProposalStatus.CLOSE_DECIDED
    page = page_text(chair_client.get(proposal_url("proposal", proposal)))
    assert "The chair's written decision" in page
    assert f"{clock.today():%-d %b %Y}" in page
    sign_page = page_text(chair_client.get(proposal_url("sign", proposal)))
    assert f"On {clock.today():%-d %B %Y} the JAG chair decided in writing, after the peer review," in sign_page


def test_only_the_chair_decides_in_writing_and_only_after_the_answer(
    split, answered_two_days_later, chair, lead_officer, partner_officer
):
    proposal = answered_two_days_later
    before = snapshot(proposal.case)
    post = {"outcome": Outcome.CLOSE, "rationale": "Close.", "submission_token": new_token()}

    for officer in (lead_officer, partner_officer):
        assert _signed_in(officer).post(proposal_url("written_decision", proposal), post).status_code == 403
    assert snapshot(proposal.case) == before


def test_a_written_decision_before_the_reviews_answer_goes_back_to_the_proposal(split, chair_client):
    before = snapshot(split.case)

    response = chair_client.post(
        proposal_url("written_decision", split),
        {"outcome": Outcome.CLOSE, "rationale": "Close.", "submission_token": new_token()},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == proposal_url("proposal", split)
    assert "The chair decides in writing only after a peer review has been answered" in page_text(response)
    assert snapshot(split.case) == before


# --- Signing the closure report ----------------------------------------------------------------------------------


def test_the_sign_page_links_the_draft_which_case_viewers_download(close_decided, chair_client, partner_officer_client):
    page = page_text(chair_client.get(proposal_url("sign", close_decided)))
    draft = partner_officer_client.get(proposal_url("draft_report", close_decided))

    assert proposal_url("draft_report", close_decided) in page
    assert 'type="password"' in page
    assert draft.status_code == 200
    assert draft["Content-Type"] == "application/pdf"
    assert draft.content.startswith(b"%PDF")
    assert close_decided.case.reference in draft["Content-Disposition"]


def test_a_wrong_password_at_signing_is_refused_next_to_the_field_and_changes_nothing(close_decided, chair_client):
    before = snapshot(close_decided.case)

    response = chair_client.post(
        proposal_url("sign", close_decided), {"password": "not-my-password", "submission_token": new_token()}
    )

    assert_error_summary(response, "The password is not right")
    assert_error_next_to(response, "password")
    assert input_value(response, "password") == ""
    assert snapshot(close_decided.case) == before
    refused = AuditEvent.objects.get(action=AuditAction.SIGN_IN_FAILED, case_reference=close_decided.case.reference)
    assert refused.description == "Wrong password when signing the closure report"


def test_signing_ceases_the_case_and_shows_the_report_with_its_hash(close_decided, chair_client):
    response = chair_client.post(
        proposal_url("sign", close_decided), {"password": PASSWORD, "submission_token": new_token()}
    )

    assert response.status_code == 302
    report = ClosureReport.objects.get(proposal=close_decided)
    assert Case.objects.get(pk=close_decided.case_id).status == CaseStatus.CEASED
    page = page_text(chair_client.get(proposal_url("proposal", close_decided)))
    assert report.sha256[:16] in page and report.sha256[-16:] in page
    assert report.document.get_absolute_url() in page
    assert "Chandra Chair" in page


def test_a_double_clicked_signature_signs_once(close_decided, chair_client):
    data = {"password": PASSWORD, "submission_token": new_token()}

    first = chair_client.post(proposal_url("sign", close_decided), data)
    second = chair_client.post(proposal_url("sign", close_decided), data)

    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert ClosureReport.objects.filter(proposal=close_decided).count() == 1


def test_only_the_chair_signs(close_decided, lead_officer_client, outsider_client):
    data = {"password": PASSWORD, "submission_token": new_token()}

    assert lead_officer_client.get(proposal_url("sign", close_decided)).status_code == 403
    assert lead_officer_client.post(proposal_url("sign", close_decided), data).status_code == 403
    assert outsider_client.post(proposal_url("sign", close_decided), data).status_code == 404
    assert status_of(close_decided) == ProposalStatus.CLOSE_DECIDED


def test_signing_before_a_decision_to_close_goes_back_to_the_proposal(proposal, chair_client):
    response = chair_client.post(proposal_url("sign", proposal), {"password": PASSWORD})

    assert response.status_code == 302
    assert "You cannot sign the closure report now" in page_text(chair_client.get(response["Location"]))
    assert not ClosureReport.objects.exists()


def test_a_new_version_needs_a_reason_and_the_password_and_keeps_the_first(ceased, chair_client):
    url = proposal_url("new_version", ceased)

    refused = chair_client.post(url, {"reason": "", "password": "wrong", "submission_token": new_token()})
    signed = chair_client.post(
        url, {"reason": "The date of the decision was wrong.", "password": PASSWORD, "submission_token": new_token()}
    )

    assert_error_summary(refused, "Enter why a new version of the closure report is needed")
    assert signed.status_code == 302
    versions = list(ClosureReport.objects.filter(proposal=ceased).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].document_id != versions[1].document_id
    assert "The date of the decision was wrong." in page_text(chair_client.get(proposal_url("proposal", ceased)))


# --- Letters and the joint visit ---------------------------------------------------------------------------------


def test_the_lead_agency_writes_to_the_complainant_once_ceased(ceased, lead_officer_client, complainant):
    url = proposal_url("letter_new", ceased)
    form = lead_officer_client.get(url)
    shown = letter_steps.preview(lead_officer_client, url, title="Mrs")
    assert not ComplainantLetter.objects.exists()
    response = lead_officer_client.post(url, letter_steps.confirm_data(shown))

    # The only complainant is chosen for the officer, and their address is offered.
    assert "Margaret Ellison" in page_text(form)
    assert 'name="address_line_1" value="14 Narborough Road"' in page_text(form)
    assert "Dear Mrs Ellison" in page_text(shown)
    assert response.status_code == 302
    letter = ComplainantLetter.objects.get(proposal=ceased)
    assert letter.complainant == complainant
    assert "Dear Mrs Ellison" in " ".join(p.extract_text() for p in PdfReader(letter.document.file.path).pages)
    page = page_text(lead_officer_client.get(proposal_url("proposal", ceased)))
    assert letter.document.get_absolute_url() in page
    assert case_url("visit", ceased.case, pk=letter.pk) in page


def test_with_two_complainants_the_officer_chooses_first(ceased, lead_officer_client, complainant, lead_officer):
    other = PersonFactory(first_name="Ade", last_name="Okonjo", address="", postcode="", created_by=lead_officer)
    case_add_person(case=ceased.case, officer=lead_officer, person=other, role=PersonRole.COMPLAINANT)
    url = proposal_url("letter_new", ceased)

    choose = lead_officer_client.get(url)
    details = lead_officer_client.get(url, {"complainant": other.pk})
    filed = letter_steps.file_letter(
        lead_officer_client,
        f"{url}?complainant={other.pk}",
        title="none",
        address_line_1="",
        address_line_2="",
        town="",
        postcode="",
        delivery="email",
    )

    assert "Continue" in page_text(choose) and 'name="address_line_1"' not in page_text(choose)
    # No address of their own: the case's is offered.
    assert f'name="address_line_1" value="{ceased.case.address.split(",")[0]}"' in page_text(details)
    assert filed.status_code == 302
    letter = ComplainantLetter.objects.get(proposal=ceased)
    assert (letter.complainant, letter.document.recipient.delivery) == (other, "email")
    text = " ".join(p.extract_text() for p in PdfReader(letter.document.file.path).pages)
    assert "BY E-MAIL" in text and "Dear Ade Okonjo" in text


def test_only_the_lead_agency_writes_the_letter(ceased, partner_officer_client, complainant):
    response = partner_officer_client.post(proposal_url("letter_new", ceased), {"complainant": complainant.pk})

    assert response.status_code == 403
    assert not ComplainantLetter.objects.exists()


def test_a_letter_before_cessation_goes_back_to_the_proposal(proposal, lead_officer_client):
    response = lead_officer_client.get(proposal_url("letter_new", proposal))

    assert response.status_code == 302
    assert response["Location"] == proposal_url("proposal", proposal)


@pytest.fixture
def letter(ceased, lead_officer, complainant):
    from cessation import services

    return services.cessation_letter_generate(proposal=ceased, officer=lead_officer, complainant=complainant)


def test_a_visit_made_or_planned_needs_its_date_and_every_visit_a_why(letter, lead_officer_client):
    url = case_url("visit", letter.case, pk=letter.pk)
    before = ComplainantLetter.objects.values().get(pk=letter.pk)

    response = lead_officer_client.post(
        url,
        {
            "version": letter.version,
            "visit_status": VisitStatus.MADE,
            "visit_reason": "",
            "submission_token": new_token(),
        },
    )

    assert_error_summary(response, "Enter the date of the visit", "Enter why")
    assert ComplainantLetter.objects.values().get(pk=letter.pk) == before


def test_the_joint_visit_is_recorded_and_shown(letter, lead_officer_client):
    today = clock.today()

    response = lead_officer_client.post(
        case_url("visit", letter.case, pk=letter.pk),
        {
            "version": letter.version,
            "visit_status": VisitStatus.MADE,
            **date_parts("visit_on", today),
            "visit_agencies": "Leicester City Council and Leicestershire Police",
            "visit_reason": "To explain the decision in person.",
            "submission_token": new_token(),
        },
    )

    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.visit_status, letter.visit_on) == (VisitStatus.MADE, today)
    page = page_text(lead_officer_client.get(response["Location"]))
    assert "To explain the decision in person." in page


def test_a_visit_recorded_by_someone_else_meanwhile_is_not_overwritten(letter, lead_officer_client, lead_officer):
    from cessation import services

    stale = letter.version
    services.letter_visit_record(
        letter=letter,
        officer=lead_officer,
        expected_version=stale,
        visit_status=VisitStatus.PLANNED,
        visit_on=clock.today() + datetime.timedelta(days=3),
        visit_agencies="",
        visit_reason="Arranged with the police.",
    )

    response = lead_officer_client.post(
        case_url("visit", letter.case, pk=letter.pk),
        {
            "version": stale,
            "visit_status": VisitStatus.NOT_APPROPRIATE,
            "visit_reason": "Not wanted.",
            "submission_token": new_token(),
        },
    )

    assert_error_summary(response, "Someone else recorded the visit")
    assert "It now shows: planned" in page_text(response)
    assert ComplainantLetter.objects.get(pk=letter.pk).visit_status == VisitStatus.PLANNED


def test_only_the_lead_agency_records_the_visit(letter, partner_officer_client, outsider_client):
    url = case_url("visit", letter.case, pk=letter.pk)
    data = {"version": letter.version, "visit_status": VisitStatus.NOT_APPROPRIATE, "visit_reason": "No."}

    assert partner_officer_client.post(url, data).status_code == 403
    assert outsider_client.post(url, data).status_code == 404
    assert ComplainantLetter.objects.get(pk=letter.pk).visit_status == ""
