"""Marking a JAG action done: who may, what it writes (once), and overdue actions on the case and meeting pages.

A partner agency that can see the case but was not given the action is refused with a 403 that says why (it
knows the action exists: the case page shows it), and is not offered the link; an outsider gets a 404.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from agencies.models import AuditAction, AuditEvent
from cases.meetings import services
from cases.meetings.services import ActionInput
from cases.models import AgendaItem, ChronologyEntry, EntryKind, MeetingAction
from core import clock
from tests.cases.views.helpers import assert_error_summary, date_parts, input_value, new_token

from .conftest import held_meeting

pytestmark = pytest.mark.django_db

TODAY = clock.today


def decide(meeting, case, chair, *actions: ActionInput) -> list[MeetingAction]:
    """The case on the meeting's agenda with a decision giving the actions."""
    item = AgendaItem.objects.create(meeting=meeting, case=case, reasons="added", position=1, added_by=chair)
    services.agenda_record_decision(item=item, officer=chair, decision="Issue a CPW.", actions=list(actions))
    return list(MeetingAction.objects.filter(agenda_item=item).order_by("pk"))


@pytest.fixture
def last_month(member_jag, chair):
    """A meeting the case's JAG held a month ago."""
    return held_meeting(member_jag, chair, days_ago=30)


@pytest.fixture
def actions(last_month, case, chair, partner_agency, lead_agency) -> dict[str, MeetingAction]:
    """From last month's meeting: an action for the partner agency due next week, and one for the lead agency due
    ten days ago and not done (overdue)."""
    partner, lead = decide(
        last_month,
        case,
        chair,
        ActionInput(partner_agency, "Serve the CPW in person.", TODAY() + datetime.timedelta(days=7)),
        ActionInput(lead_agency, "Visit the complainant.", TODAY() - datetime.timedelta(days=10)),
    )
    return {"partner": partner, "lead": lead}


@pytest.fixture
def partner_action(actions):
    return actions["partner"]


@pytest.fixture
def lead_action(actions):
    return actions["lead"]


def done_url(action, **query) -> str:
    target = reverse("meetings:action_done", kwargs={"pk": action.pk})
    return target + ("?from=meeting" if query.get("from_meeting") else "")


def notes(case) -> list[str]:
    return list(ChronologyEntry.objects.filter(case=case, kind=EntryKind.NOTE).values_list("text", flat=True))


# --- The service ----------------------------------------------------------------------------------------------


def test_action_complete_by_the_assigned_agency_writes_chronology_and_audit(
    partner_action, case, partner_officer, last_month
):
    done_on = TODAY() - datetime.timedelta(days=2)

    services.action_complete(
        action=partner_action, officer=partner_officer, completed_on=done_on, note="  CPW served on the occupier.  "
    )

    partner_action.refresh_from_db()
    assert (partner_action.completed_on, partner_action.completed_by, partner_action.completion_note) == (
        done_on,
        partner_officer,
        "CPW served on the occupier.",
    )
    assert notes(case) == [
        "JAG action done: Serve the CPW in person.\n"
        f"Set for {partner_action.agency} at the {last_month.jag} meeting of "
        f"{services.meeting_date(last_month):%-d %B %Y}, due {partner_action.due_on:%-d %B %Y}.\n"
        "What was done: CPW served on the occupier."
    ]
    entry = ChronologyEntry.objects.get(case=case, kind=EntryKind.NOTE)
    assert (timezone.localtime(entry.occurred_at).date(), entry.officer, entry.agency_id) == (
        done_on,
        partner_officer,
        partner_officer.agency_id,
    )
    audit = AuditEvent.objects.filter(action=AuditAction.CHANGE, object_id=str(partner_action.pk))
    assert list(audit.values_list("description", "case_reference")) == [
        ("Marked the JAG action for Police as done", case.reference)
    ]


@pytest.mark.parametrize("who", ["lead_officer", "chair"])
def test_action_complete_by_the_lead_agency_or_the_chair(partner_action, who, request):
    officer = request.getfixturevalue(who)

    services.action_complete(action=partner_action, officer=officer, completed_on=TODAY(), note="Done.")

    assert MeetingAction.objects.get(pk=partner_action.pk).completed_by == officer


@pytest.mark.parametrize("who", ["partner_officer", "outsider_officer"])
def test_action_complete_refused_to_an_agency_not_given_the_action(lead_action, case, who, request):
    with pytest.raises(PermissionDenied):
        services.action_complete(
            action=lead_action, officer=request.getfixturevalue(who), completed_on=TODAY(), note="Done."
        )

    assert MeetingAction.objects.get(pk=lead_action.pk).completed_on is None
    assert notes(case) == []


def test_action_complete_twice_writes_once_and_says_who_did_it(partner_action, case, partner_officer, lead_officer):
    services.action_complete(action=partner_action, officer=partner_officer, completed_on=TODAY(), note="Served.")

    with pytest.raises(ValidationError) as error:
        services.action_complete(action=partner_action, officer=lead_officer, completed_on=TODAY(), note="Again.")

    assert error.value.messages == [
        f"This action was already marked done on {TODAY():%-d %B %Y} by {partner_officer.display_name}"
    ]
    assert len(notes(case)) == 1
    assert MeetingAction.objects.get(pk=partner_action.pk).completion_note == "Served."


def test_action_complete_needs_a_note_and_a_date_between_the_meeting_and_today(
    partner_action, partner_officer, last_month
):
    meeting_day = services.meeting_date(last_month)
    attempts = {
        "future": (TODAY() + datetime.timedelta(days=1), "Served."),
        "before the meeting": (meeting_day - datetime.timedelta(days=1), "Served."),
        "no note": (TODAY(), "   "),
    }
    errors = {}

    for name, (day, note) in attempts.items():
        with pytest.raises(ValidationError) as error:
            services.action_complete(action=partner_action, officer=partner_officer, completed_on=day, note=note)
        errors[name] = error.value.message_dict

    assert errors == {
        "future": {"completed_on": ["The date it was done must be today or in the past"]},
        "before the meeting": {
            "completed_on": [
                f"The date it was done must be on or after the day the action was set ({meeting_day:%-d %B %Y})"
            ]
        },
        "no note": {"note": ["Enter what was done"]},
    }
    assert MeetingAction.objects.get(pk=partner_action.pk).completed_on is None


# --- The page: who may ------------------------------------------------------------------------------------------


def test_action_done_is_404_for_an_outsider_and_writes_nothing(partner_action, case, outsider_client):
    got = outsider_client.get(done_url(partner_action))
    posted = outsider_client.post(
        done_url(partner_action), {**date_parts("completed_on", TODAY()), "note": "x", "submission_token": new_token()}
    )

    assert (got.status_code, posted.status_code) == (404, 404)
    assert MeetingAction.objects.get(pk=partner_action.pk).completed_on is None
    assert notes(case) == []


def test_action_done_is_403_with_a_reason_for_a_partner_not_given_the_action_and_not_offered(
    lead_action, case, partner_officer_client, lead_officer_client
):
    data = {**date_parts("completed_on", TODAY()), "note": "Visited.", "submission_token": new_token()}

    got = partner_officer_client.get(done_url(lead_action))
    posted = partner_officer_client.post(done_url(lead_action), data)
    partner_page = partner_officer_client.get(
        reverse("cases:jag", kwargs={"reference": case.reference})
    ).content.decode()
    lead_page = lead_officer_client.get(reverse("cases:jag", kwargs={"reference": case.reference})).content.decode()

    assert (got.status_code, posted.status_code) == (403, 403)
    assert "Only an officer of the agency the action was given to" in posted.content.decode()
    assert MeetingAction.objects.get(pk=lead_action.pk).completed_on is None
    assert "Visit the complainant." in partner_page and done_url(lead_action) not in partner_page
    assert done_url(lead_action) in lead_page


# --- The page at work -------------------------------------------------------------------------------------------


def test_action_done_form_errors_keep_the_note_then_save_and_return_to_the_case(
    partner_action, case, partner_officer_client
):
    data = {"note": "CPW served in person.", "submission_token": new_token()}

    page = partner_officer_client.get(done_url(partner_action))
    wrong = partner_officer_client.post(done_url(partner_action), data)
    right = partner_officer_client.post(done_url(partner_action), {**data, **date_parts("completed_on", TODAY())})
    after = partner_officer_client.get(reverse("cases:jag", kwargs={"reference": case.reference})).content.decode()

    assert page.status_code == 200 and "Serve the CPW in person." in page.content.decode()
    assert_error_summary(wrong, "Enter the date the action was done")
    assert input_value(wrong, "note") == "CPW served in person."
    assert (right.status_code, right["Location"]) == (
        302,
        reverse("cases:jag", kwargs={"reference": case.reference}) + "#jag-meetings",
    )
    assert MeetingAction.objects.get(pk=partner_action.pk).completion_note == "CPW served in person."
    assert "Serve the CPW in person." not in after.split('id="open-jag-actions"')[1].split("</ul>")[0]
    assert f"Done {TODAY():%-d %b %Y} by Priya" in after


def test_action_done_posted_twice_is_saved_once(partner_action, case, partner_officer_client):
    data = {**date_parts("completed_on", TODAY()), "note": "Served.", "submission_token": new_token()}

    first = partner_officer_client.post(done_url(partner_action), data)
    second = partner_officer_client.post(done_url(partner_action), data)

    assert (first.status_code, second.status_code) == (302, 302)
    assert first["Location"] == second["Location"]
    assert len(notes(case)) == 1
    assert AuditEvent.objects.filter(action=AuditAction.CHANGE, object_id=str(partner_action.pk)).count() == 1


def test_action_done_again_with_a_new_form_goes_back_and_changes_nothing(
    partner_action, partner_officer, lead_officer_client
):
    services.action_complete(action=partner_action, officer=partner_officer, completed_on=TODAY(), note="Served.")

    response = lead_officer_client.post(
        done_url(partner_action),
        {**date_parts("completed_on", TODAY()), "note": "Me too.", "submission_token": new_token()},
    )

    assert response.status_code == 302
    assert MeetingAction.objects.get(pk=partner_action.pk).completed_by == partner_officer


def test_action_done_from_the_agenda_item_page_returns_to_it(partner_action, case, last_month, chair_client):
    item_url = reverse("meetings:decision", kwargs={"pk": last_month.pk, "reference": case.reference})
    page = chair_client.get(item_url).content.decode()

    response = chair_client.post(
        done_url(partner_action, from_meeting=True),
        {**date_parts("completed_on", TODAY()), "note": "Chair confirmed.", "submission_token": new_token()},
    )

    assert done_url(partner_action, from_meeting=True).replace("&", "&amp;") in page
    assert response["Location"] == item_url


# --- Overdue ----------------------------------------------------------------------------------------------------


def test_overdue_open_action_has_a_red_tag_on_the_case_card_the_item_page_and_the_agenda(
    lead_action, partner_action, case, last_month, lead_officer_client
):
    case_page = lead_officer_client.get(reverse("cases:jag", kwargs={"reference": case.reference})).content.decode()
    meeting_page = lead_officer_client.get(reverse("meetings:detail", kwargs={"pk": last_month.pk})).content.decode()
    item_page = lead_officer_client.get(
        reverse("meetings:decision", kwargs={"pk": last_month.pk, "reference": case.reference})
    ).content.decode()

    overdue_tag = '<strong class="govuk-tag govuk-tag--red">Overdue</strong>'
    open_actions = case_page.split('id="open-jag-actions"')[1].split("</ul>")[0]
    assert open_actions.count(overdue_tag) == 1
    assert open_actions.index("Visit the complainant.") < open_actions.index(overdue_tag)
    assert item_page.count(overdue_tag) == 1
    assert meeting_page.count('<strong class="govuk-tag govuk-tag--red">1 overdue</strong>') == 1
    assert (lead_action.is_overdue, partner_action.is_overdue) == (True, False)


def test_action_done_after_its_due_date_is_no_longer_overdue(lead_action, lead_officer):
    services.action_complete(action=lead_action, officer=lead_officer, completed_on=TODAY(), note="Visited.")

    assert MeetingAction.objects.get(pk=lead_action.pk).is_overdue is False


def test_action_due_today_is_not_overdue(last_month, case, chair, lead_agency):
    [action] = decide(last_month, case, chair, ActionInput(lead_agency, "Call the complainant.", TODAY()))

    assert action.is_overdue is False
