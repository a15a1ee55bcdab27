"""The agenda as the chair works through it: the compact agenda ordered by risk, each item's own page with "Save
and go to the next case" and any number of actions, and the warning before marking a meeting held with cases
undecided."""

import datetime
import re

import pytest
from django.urls import reverse

from cases.meetings import services
from cases.models import AgendaItem, Case, ChronologyEntry, EntryKind, MeetingAction, RiskBand
from jag.models import Meeting, MeetingStatus
from tests.cases.views.helpers import assert_error_summary, date_parts, input_value, new_token
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def url(name: str, meeting: Meeting, **kwargs) -> str:
    return reverse(f"meetings:{name}", kwargs={"pk": meeting.pk, **kwargs})


def item_url(meeting: Meeting, case: Case) -> str:
    return url("decision", meeting, reference=case.reference)


def agenda_references(response) -> list[str]:
    table = response.content.decode().split('id="agenda-table"')[1].split("</table>")[0]
    return re.findall(r'href="/meetings/[0-9]+/agenda/([^/]+)/"', table)


@pytest.fixture
def agenda(todays_meeting, case, chair, lead_officer, partner_agency, member_jag):
    """Five cases on today's meeting's agenda, added in an order that is not the order they are discussed in:
    standard, not assessed, high, medium and high risk. Returns the cases in the order they are discussed in."""
    from cases.services import case_add_agency

    bands = [RiskBand.STANDARD, "", RiskBand.HIGH, RiskBand.MEDIUM, RiskBand.HIGH]
    cases = [case] + [CaseFactory(lead_officer=lead_officer, jag=member_jag) for _ in bands[1:]]
    for each, band in zip(cases, bands, strict=True):
        Case.objects.filter(pk=each.pk).update(risk_band=band)
        if each != case:
            case_add_agency(case=each, officer=lead_officer, agency=partner_agency)
        services.agenda_add_case(meeting=todays_meeting, officer=chair, reference=each.reference)
    high = sorted([cases[2], cases[4]], key=lambda c: c.reference)
    return [*high, cases[3], cases[0], cases[1]]


def decision_data(decision: str = "Keep under JAG management.", **more) -> dict:
    return {"decision": decision, "submission_token": new_token(), "action_rows": "1", **more}


# --- The agenda -------------------------------------------------------------------------------------------------


def test_agenda_is_ordered_by_risk_highest_first_then_by_reference(todays_meeting, agenda, lead_officer_client):
    response = lead_officer_client.get(url("detail", todays_meeting))

    assert agenda_references(response) == [c.reference for c in agenda]
    assert [item.case for item in response.context["agenda"]] == agenda


def test_agenda_shows_each_items_status_and_offers_the_first_undecided_case(
    todays_meeting, agenda, chair, partner_agency, chair_client
):
    item = AgendaItem.objects.get(meeting=todays_meeting, case=agenda[0])
    due = services.meeting_date(todays_meeting) + datetime.timedelta(days=7)
    services.agenda_record_decision(
        item=item,
        officer=chair,
        decision="Refer to the problem-solving group.",
        actions=[
            services.ActionInput(partner_agency, "Patrol the park at dusk.", due),
            services.ActionInput(partner_agency, "Speak to the school.", due),
        ],
    )

    page = chair_client.get(url("detail", todays_meeting)).content.decode()
    rows = page.split('id="agenda-table"')[1].split("<tbody")[1].split("</tr>")

    assert "Decided" in rows[0] and "2 actions" in rows[0]
    assert all("Undecided" in row for row in rows[1:5])
    assert "1 decided, 4 undecided" in page
    assert f'href="{item_url(todays_meeting, agenda[1])}" role="button"' in page  # go to the next undecided case
    assert (
        "Generate the agenda again" in page
        and "govuk-button govuk-button--secondary" in page.split("Generate the agenda again")[0].rsplit("<button", 1)[1]
    )


# --- Save, and save and go to the next case ---------------------------------------------------------------------


def test_save_and_go_to_the_next_case_follows_the_agenda_and_the_last_returns_to_it(
    todays_meeting, agenda, chair_client
):
    went = [
        chair_client.post(item_url(todays_meeting, each), decision_data(f"Decided on {each.reference}.", next="1"))
        for each in agenda
    ]

    assert [r["Location"] for r in went] == [item_url(todays_meeting, c) for c in agenda[1:]] + [
        url("detail", todays_meeting) + "#agenda"
    ]
    decided = AgendaItem.objects.filter(meeting=todays_meeting, decided_at__isnull=False)
    assert sorted(decided.values_list("decision", flat=True)) == sorted(f"Decided on {c.reference}." for c in agenda)


def test_save_stays_on_the_item_and_shows_the_decision(todays_meeting, agenda, chair_client):
    saved = chair_client.post(item_url(todays_meeting, agenda[2]), decision_data(save="1"))
    page = chair_client.get(item_url(todays_meeting, agenda[2])).content.decode()

    assert saved["Location"] == item_url(todays_meeting, agenda[2])
    assert "Keep under JAG management." in page and 'id="decision-form"' not in page
    assert "case 3 of 5" in page


def test_save_and_next_on_the_last_case_says_it_goes_back_to_the_agenda(todays_meeting, agenda, chair_client):
    last = chair_client.get(item_url(todays_meeting, agenda[-1])).content.decode()
    first = chair_client.get(item_url(todays_meeting, agenda[0])).content.decode()

    assert "Save and go back to the agenda" in last and "Save and go to the next case" not in last
    assert "Save and go to the next case" in first


# --- Any number of actions --------------------------------------------------------------------------------------


def test_add_another_action_redraws_the_form_with_what_was_typed_and_no_errors(
    todays_meeting, agenda, chair_client, partner_agency
):
    target = item_url(todays_meeting, agenda[0])
    typed = decision_data(
        action_1_agency=str(partner_agency.pk), action_1_description="Patrol the park.", add_action="1"
    )

    redrawn = chair_client.post(target, typed)

    assert redrawn.status_code == 200
    page = redrawn.content.decode()
    assert "There is a problem" not in page
    assert input_value(redrawn, "decision") == "Keep under JAG management."
    assert input_value(redrawn, "action_1_description") == "Patrol the park."
    assert input_value(redrawn, "action_2_description") == ""
    assert input_value(redrawn, "action_3_description") is None
    assert input_value(redrawn, "action_rows") == "2"
    assert AgendaItem.objects.get(meeting=todays_meeting, case=agenda[0]).decided_at is None


def test_two_actions_added_one_after_the_other_are_saved_with_the_decision(
    todays_meeting, agenda, chair_client, partner_agency, lead_agency
):
    target = item_url(todays_meeting, agenda[0])
    due = services.meeting_date(todays_meeting) + datetime.timedelta(days=14)
    first = {
        "action_1_agency": str(partner_agency.pk),
        "action_1_description": "Patrol the park.",
        **date_parts("action_1_due_on", due),
    }
    second = {
        "action_2_agency": str(lead_agency.pk),
        "action_2_description": "Write to the residents.",
        **date_parts("action_2_due_on", due + datetime.timedelta(days=7)),
    }
    token = new_token()

    chair_client.post(target, {**decision_data(**first, add_action="1"), "submission_token": token})
    redrawn = chair_client.post(
        target, {**decision_data(**first, **second, add_action="1"), "action_rows": "2", "submission_token": token}
    )
    saved = chair_client.post(
        target, {**decision_data(**first, **second, next="1"), "action_rows": "3", "submission_token": token}
    )

    assert input_value(redrawn, "action_rows") == "3"
    assert saved.status_code == 302  # the third row, left blank, is ignored
    assert list(MeetingAction.objects.order_by("due_on").values_list("agency", "description")) == [
        (partner_agency.pk, "Patrol the park."),
        (lead_agency.pk, "Write to the residents."),
    ]
    assert ChronologyEntry.objects.filter(case=agenda[0], kind=EntryKind.DECISION).count() == 3


def test_remove_an_action_moves_the_later_ones_up(todays_meeting, agenda, chair_client, partner_agency):
    target = item_url(todays_meeting, agenda[0])
    typed = decision_data(
        action_rows="3",
        action_1_description="First.",
        action_2_description="Second.",
        action_3_description="Third.",
        action_3_agency=str(partner_agency.pk),
        remove_action="2",
    )

    redrawn = chair_client.post(target, typed)

    assert (input_value(redrawn, "action_1_description"), input_value(redrawn, "action_2_description")) == (
        "First.",
        "Third.",
    )
    assert input_value(redrawn, "action_3_description") is None
    assert input_value(redrawn, "action_rows") == "2"
    select = re.search(r'<select name="action_2_agency".*?</select>', redrawn.content.decode(), re.S)
    assert select and f'<option value="{partner_agency.pk}" selected>' in select.group(0)


def test_errors_sit_next_to_their_fields_and_keep_what_was_typed(todays_meeting, agenda, chair_client, partner_agency):
    target = item_url(todays_meeting, agenda[0])
    due = services.meeting_date(todays_meeting) + datetime.timedelta(days=14)
    typed = decision_data(
        decision="",
        action_rows="2",
        action_1_agency=str(partner_agency.pk),
        action_1_description="Patrol the park.",
        **date_parts("action_1_due_on", due),
        action_2_agency=str(partner_agency.pk),
        action_2_description="Speak to the school.",
        next="1",
    )

    wrong = chair_client.post(target, typed)

    assert_error_summary(wrong, "Enter the JAG's decision", "Enter the date action 2 is due by")
    page = wrong.content.decode()
    assert 'href="#id_action_2_due_on_0"' in page or 'href="#action_2_due_on_0"' in page
    # The nearest field in error before action 2's day input is its own date, with its message.
    due_group = page.split('name="action_2_due_on_0"')[0].rsplit("govuk-form-group--error", 1)[1]
    assert "Enter the date action 2 is due by" in due_group and 'name="action_2_description"' not in due_group
    assert input_value(wrong, "action_2_description") == "Speak to the school."
    assert input_value(wrong, "action_1_due_on_0") == str(due.day)
    assert MeetingAction.objects.count() == 0


# --- Who may --------------------------------------------------------------------------------------------------


def test_item_page_is_404_for_an_outsider_and_for_a_case_not_on_the_agenda(
    todays_meeting, agenda, lead_officer, member_jag, outsider_client, chair_client
):
    elsewhere = CaseFactory(lead_officer=lead_officer, jag=member_jag)

    assert outsider_client.get(item_url(todays_meeting, agenda[0])).status_code == 404
    assert outsider_client.post(item_url(todays_meeting, agenda[0]), decision_data()).status_code == 404
    assert outsider_client.get(url("held", todays_meeting)).status_code == 404
    assert chair_client.get(item_url(todays_meeting, elsewhere)).status_code == 404
    assert AgendaItem.objects.filter(decided_at__isnull=False).count() == 0


def test_held_warning_is_the_chairs_alone(todays_meeting, agenda, lead_officer_client, partner_officer_client):
    assert lead_officer_client.get(url("held", todays_meeting)).status_code == 403
    assert partner_officer_client.post(url("held", todays_meeting), {"confirm": "yes"}).status_code == 403
    assert Meeting.objects.get(pk=todays_meeting.pk).status == MeetingStatus.SCHEDULED


# --- Mark as held, through the warning ----------------------------------------------------------------------------


def test_mark_held_with_undecided_cases_shows_them_first_and_needs_confirming(
    todays_meeting, agenda, chair, chair_client
):
    item = AgendaItem.objects.get(meeting=todays_meeting, case=agenda[0])
    services.agenda_record_decision(item=item, officer=chair, decision="Close the case.", actions=[])

    asked = chair_client.post(url("held", todays_meeting))
    warning = chair_client.get(asked["Location"])
    still = Meeting.objects.get(pk=todays_meeting.pk).status
    confirmed = chair_client.post(url("held", todays_meeting), {"confirm": "yes"})

    assert (asked.status_code, asked["Location"]) == (302, url("held", todays_meeting))
    assert still == MeetingStatus.SCHEDULED
    page = warning.content.decode()
    assert "govuk-warning-text" in page and "4 cases on the agenda have no decision." in page
    listed = re.findall(r'href="/meetings/[0-9]+/agenda/([^/]+)/"', page.split('id="undecided"')[1].split("</ul>")[0])
    assert listed == [c.reference for c in agenda[1:]]
    assert f'href="{url("detail", todays_meeting)}#agenda">Go back to the agenda' in page
    assert (confirmed.status_code, confirmed["Location"]) == (302, url("detail", todays_meeting))
    assert Meeting.objects.get(pk=todays_meeting.pk).status == MeetingStatus.HELD


def test_held_page_of_a_held_meeting_goes_back_to_it(todays_meeting, chair, chair_client):
    services.meeting_mark_held(meeting=todays_meeting, officer=chair)

    response = chair_client.get(url("held", todays_meeting))

    assert (response.status_code, response["Location"]) == (302, url("detail", todays_meeting))


# --- Deferred -------------------------------------------------------------------------------------------------


def test_a_deferred_case_is_shown_deferred_and_comes_back_on_the_next_agenda(
    todays_meeting, agenda, chair, member_jag, chair_client
):
    deferred = chair_client.post(
        item_url(todays_meeting, agenda[1]), decision_data("Waiting for the school's report.", deferred="on")
    )
    page = chair_client.get(url("detail", todays_meeting)).content.decode()
    row = page.split('id="agenda-table"')[1].split("<tbody")[1].split("</tr>")[1]
    chair_client.post(url("held", todays_meeting), {"confirm": "yes"})
    later = services.meeting_schedule(
        officer=chair, jag=member_jag, starts_at=todays_meeting.starts_at + datetime.timedelta(days=28), location="Room"
    )
    services.meeting_generate_agenda(meeting=later, officer=chair)

    assert deferred.status_code == 302
    assert "Deferred" in row and "0 decided, 1 deferred, 4 undecided" in page
    assert (
        ChronologyEntry.objects.filter(case=agenda[1], kind=EntryKind.DECISION)
        .get()
        .text.startswith("JAG deferred the case to a later meeting")
    )
    assert AgendaItem.objects.get(meeting=later, case=agenda[1]).reasons == "deferred"


# --- The officer who is to do it ------------------------------------------------------------------------------


def test_an_action_names_an_officer_of_its_agency_and_no_other(
    todays_meeting, agenda, chair_client, partner_agency, partner_officer, lead_officer
):
    target = item_url(todays_meeting, agenda[0])
    due = services.meeting_date(todays_meeting) + datetime.timedelta(days=14)
    action = {
        "action_1_agency": str(partner_agency.pk),
        "action_1_description": "Patrol the park.",
        **date_parts("action_1_due_on", due),
    }
    form = chair_client.get(target).content.decode()

    wrong = chair_client.post(target, decision_data(**action, action_1_officer=str(lead_officer.pk)))
    right = chair_client.post(target, decision_data(**action, action_1_officer=str(partner_officer.pk)))
    page = chair_client.get(target).content.decode()

    assert f'<option value="{partner_officer.pk}">Priya Partner (Police)</option>' in form
    assert_error_summary(wrong, f"Choose an officer of {partner_agency}, or no one, for action 1")
    assert input_value(wrong, "action_1_description") == "Patrol the park."
    assert right.status_code == 302
    assert MeetingAction.objects.get().officer == partner_officer
    assert "<strong>Police</strong> (Priya Partner): Patrol the park." in page
    assert (
        "JAG action for Leicestershire Police (Priya Partner)"
        in ChronologyEntry.objects.filter(case=agenda[0], kind=EntryKind.DECISION).order_by("pk").last().text
    )
