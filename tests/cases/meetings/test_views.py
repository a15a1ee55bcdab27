"""The meeting pages: who sees what, who may do what, forms that keep what was typed, minutes, query counts."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from agencies.models import AuditAction, AuditEvent
from cases import services as case_services
from cases.meetings import services
from cases.meetings.services import ActionInput, AttendanceInput
from cases.models import AgendaItem, Case, ChronologyEntry, EntryKind, MeetingAction
from core import clock
from jag.models import Meeting, MeetingAttendance
from tests.cases.views.helpers import assert_error_summary, date_parts, input_value, new_token
from tests.factories import AgencyFactory, CaseFactory, OfficerFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("meetings:list")


def url(name: str, meeting: Meeting, **kwargs) -> str:
    return reverse(f"meetings:{name}", kwargs={"pk": meeting.pk, **kwargs})


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture
def hidden_case(member_jag):
    """A case the JAG manages that only another agency works: the partner officer must not learn of it."""
    other = OfficerFactory(first_name="Hilda", last_name="Hidden", agency=AgencyFactory(name="Blaby District Council"))
    return CaseFactory(lead_officer=other, jag=member_jag, address="99 Secret Lane, Blaby")


@pytest.fixture
def decided(meeting, case, hidden_case, chair, partner_agency):
    """Both cases on the agenda with a decision each; the shared case's has an action for the partner agency."""
    item = services.agenda_add_case(meeting=meeting, officer=chair, reference=case.reference)
    hidden = services.agenda_add_case(meeting=meeting, officer=chair, reference=hidden_case.reference)
    due = services.meeting_date(meeting) + datetime.timedelta(days=14)
    services.agenda_record_decision(
        item=item,
        officer=chair,
        decision="Issue a Community Protection Warning to the occupier.",
        actions=[ActionInput(partner_agency, "Serve the CPW in person.", due)],
    )
    services.agenda_record_decision(item=hidden, officer=chair, decision="Refer the family to Early Help.", actions=[])
    return {"item": item, "hidden": hidden, "due": due}


# --- Who sees what -----------------------------------------------------------------------------------------------


def test_meeting_list_shows_member_agency_officers_and_hides_from_outsiders(
    meeting, decided, partner_officer_client, outsider_client
):
    partner = partner_officer_client.get(LIST_URL)
    outsider = outsider_client.get(LIST_URL)

    assert [m.pk for m in partner.context["page"]] == [meeting.pk]
    assert [m.visible_items for m in partner.context["page"]] == [1]  # the hidden case is not even counted
    assert list(outsider.context["page"]) == []


def test_meeting_detail_shows_only_the_cases_the_viewer_may_see(
    meeting, decided, case, hidden_case, partner_officer_client, chair_client
):
    partner = partner_officer_client.get(url("detail", meeting)).content.decode()
    chair = chair_client.get(url("detail", meeting)).content.decode()
    partner_item = partner_officer_client.get(url("decision", meeting, reference=case.reference)).content.decode()
    hidden_item = partner_officer_client.get(url("decision", meeting, reference=hidden_case.reference))
    chair_item = chair_client.get(url("decision", meeting, reference=hidden_case.reference)).content.decode()

    assert case.reference in partner and "Issue a Community Protection Warning" in partner_item
    assert hidden_case.reference not in partner and "Secret Lane" not in partner
    assert hidden_item.status_code == 404
    assert hidden_case.reference in chair and "Early Help" in chair_item


def test_meeting_detail_is_404_for_an_outsider_and_audited_for_a_viewer(meeting, outsider_client, lead_officer_client):
    assert outsider_client.get(url("detail", meeting)).status_code == 404

    assert lead_officer_client.get(url("detail", meeting)).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(meeting.pk)).count() == 1


def test_case_page_shows_the_decision_and_open_action(meeting, decided, case, partner_officer_client):
    page = partner_officer_client.get(reverse("cases:jag", kwargs={"reference": case.reference})).content.decode()

    assert "Issue a Community Protection Warning to the occupier." in page
    assert 'id="open-jag-actions"' in page
    assert "Serve the CPW in person." in page
    assert url("detail", meeting) in page


# --- Who may do what ------------------------------------------------------------------------------------------


def test_decision_by_a_member_who_is_not_the_chair_is_403_with_a_reason(meeting, case, chair, lead_officer_client):
    services.agenda_add_case(meeting=meeting, officer=chair, reference=case.reference)
    decision_url = url("decision", meeting, reference=case.reference)

    got = lead_officer_client.get(decision_url)
    posted = lead_officer_client.post(decision_url, {"decision": "Close it.", "submission_token": new_token()})

    # The item's page is theirs to read, without the chair's form.
    assert got.status_code == 200 and 'id="decision-form"' not in got.content.decode()
    assert "No decision has been recorded yet." in got.content.decode()
    assert posted.status_code == 403
    assert "Only the JAG&#x27;s chair can record decisions" in posted.content.decode()
    assert ChronologyEntry.objects.filter(kind=EntryKind.DECISION).count() == 0


def test_generate_by_an_officer_who_is_not_a_member_is_403(meeting, case, partner_officer_client):
    Case.objects.filter(pk=case.pk).update(next_review_date=clock.today())

    response = partner_officer_client.post(url("generate", meeting))

    assert response.status_code == 403
    assert "Only the JAG&#x27;s chair and its members" in response.content.decode()
    assert AgendaItem.objects.count() == 0


def test_schedule_page_is_403_for_an_officer_who_runs_no_jag(member_jag, partner_officer_client):
    response = partner_officer_client.get(reverse("meetings:schedule"))

    assert response.status_code == 403
    assert "only for a JAG you chair or are a member of" in response.content.decode()


def test_outsider_posts_to_every_meeting_url_are_404_and_write_nothing(
    meeting, case, chair, outsider_client, outsider_agency
):
    services.agenda_add_case(meeting=meeting, officer=chair, reference=case.reference)
    counts = lambda: [m.objects.count() for m in (AgendaItem, MeetingAttendance, MeetingAction, ChronologyEntry)]  # noqa: E731
    before = counts()
    posts = {
        url("generate", meeting): {},
        url("agenda_add", meeting): {"reference": case.reference},
        url("attendance", meeting): {f"present_{outsider_agency.pk}": "yes", f"attendees_{outsider_agency.pk}": "Owen"},
        url("decision", meeting, reference=case.reference): {"decision": "Close."},
        url("held", meeting): {},
    }

    statuses = {target: outsider_client.post(target, data).status_code for target, data in posts.items()}

    assert statuses == {target: 404 for target in posts}
    assert counts() == before
    assert Meeting.objects.get(pk=meeting.pk).status == "scheduled"


# --- The pages at work --------------------------------------------------------------------------------------------


def test_schedule_meeting_form_errors_keep_what_was_typed_then_schedules(member_jag, chair_client):
    schedule_url = reverse("meetings:schedule")
    data = {
        "jag": str(member_jag.pk),
        "location": "Town Hall",
        "meeting_time": "25:00",
        "submission_token": new_token(),
    }

    wrong = chair_client.post(schedule_url, data)
    day = clock.today() + datetime.timedelta(days=10)
    right = chair_client.post(schedule_url, {**data, **date_parts("meeting_on", day), "meeting_time": "14:00"})

    assert_error_summary(wrong, "Enter date of the meeting", "Enter a time in the 24-hour clock, like 14:30")
    assert input_value(wrong, "location") == "Town Hall"
    meeting = Meeting.objects.get()
    assert right.status_code == 302 and right["Location"] == url("detail", meeting)
    assert timezone.localtime(meeting.starts_at).replace(tzinfo=None) == datetime.datetime.combine(
        day, datetime.time(14)
    )


def test_generate_then_add_by_hand_from_the_meeting_page(meeting, case, lead_officer, member_jag, lead_officer_client):
    Case.objects.filter(pk=case.pk).update(next_review_date=clock.today())
    second = CaseFactory(lead_officer=lead_officer, jag=member_jag)

    generated = lead_officer_client.post(url("generate", meeting))
    wrong = lead_officer_client.post(
        url("agenda_add", meeting), {"reference": "ASB-1999-000404", "submission_token": new_token()}
    )
    added = lead_officer_client.post(
        url("agenda_add", meeting), {"reference": second.reference, "submission_token": new_token()}
    )

    assert generated.status_code == 302
    assert_error_summary(wrong, f"Enter the reference of a case {member_jag} manages that you can see")
    assert added.status_code == 302
    assert list(AgendaItem.objects.order_by("position").values_list("case__reference", "reasons")) == [
        (case.reference, "review_due"),
        (second.reference, "added"),
    ]


def test_attendance_form_records_each_member_agency(meeting, chair_client, lead_agency, partner_agency):
    attendance_url = url("attendance", meeting)
    page = chair_client.get(attendance_url).content.decode()
    data = {
        f"present_{lead_agency.pk}": "yes",
        f"attendees_{lead_agency.pk}": "",
        f"present_{partner_agency.pk}": "no",
        "submission_token": new_token(),
        "version": meeting.version,
    }

    wrong = chair_client.post(attendance_url, data)
    right = chair_client.post(attendance_url, {**data, f"attendees_{lead_agency.pk}": "Lena Lead"})

    assert str(lead_agency) in page and str(partner_agency) in page
    assert_error_summary(wrong, f"Enter who attended from {lead_agency}")
    assert right.status_code == 302
    assert sorted(MeetingAttendance.objects.values_list("agency__short_name", "present", "attendees")) == [
        ("LCC", True, "Lena Lead"),
        ("Police", False, ""),
    ]


def test_decision_form_half_filled_action_is_an_error_and_keeps_the_decision(
    meeting, case, chair, chair_client, partner_agency
):
    services.agenda_add_case(meeting=meeting, officer=chair, reference=case.reference)
    decision_url = url("decision", meeting, reference=case.reference)
    due = services.meeting_date(meeting) + datetime.timedelta(days=7)
    data = {
        "decision": "Warn the perpetrator.",
        "action_1_agency": str(partner_agency.pk),
        "submission_token": new_token(),
    }

    wrong = chair_client.post(decision_url, data)
    right = chair_client.post(
        decision_url,
        {**data, "action_1_description": "Hand-deliver the warning.", **date_parts("action_1_due_on", due)},
    )
    again = chair_client.get(decision_url)

    assert_error_summary(wrong, "Describe action 1", "Enter the date action 1 is due by")
    assert input_value(wrong, "decision") == "Warn the perpetrator."
    assert right.status_code == 302
    assert list(MeetingAction.objects.values_list("agency", "description", "due_on")) == [
        (partner_agency.pk, "Hand-deliver the warning.", due)
    ]
    # Already decided: the page shows the decision and offers no second one.
    assert again.status_code == 200 and 'id="decision-form"' not in again.content.decode()
    assert "Warn the perpetrator." in again.content.decode()


def test_mark_held_from_the_meeting_page_with_nothing_undecided(todays_meeting, chair_client):
    response = chair_client.post(url("held", todays_meeting))

    assert (response.status_code, response["Location"]) == (302, url("detail", todays_meeting))
    assert Meeting.objects.get(pk=todays_meeting.pk).status == "held"


# --- Minutes ----------------------------------------------------------------------------------------------------


def test_minutes_pdf_has_the_meeting_attendance_and_visible_decisions_only(
    meeting, decided, case, hidden_case, chair, lead_agency, partner_agency, partner_officer_client, chair_client
):
    services.attendance_record(
        meeting=meeting,
        officer=chair,
        rows=[AttendanceInput(lead_agency, True, "Lena Lead"), AttendanceInput(partner_agency, False, "")],
    )

    partner = partner_officer_client.get(url("minutes", meeting))
    chair_copy = chair_client.get(url("minutes", meeting))

    assert (partner.status_code, partner["Content-Type"]) == (200, "application/pdf")
    text = pdf_text(partner)
    for expected in (
        f"Minutes: {meeting.jag} meeting",
        f"{timezone.localtime(meeting.starts_at):%-d %B %Y}",
        "Chandra Chair",
        "Lena Lead",
        case.reference,
        "Added by hand",
        "Issue a Community Protection Warning to the occupier.",
        "Serve the CPW in person.",
        f"{decided['due']:%-d %b %Y}",
    ):
        assert expected in text, f"{expected!r} not in the minutes"
    assert hidden_case.reference not in text and "Early Help" not in text
    assert "Early Help" in pdf_text(chair_copy)
    downloads = AuditEvent.objects.filter(action=AuditAction.DOWNLOAD, object_id=str(meeting.pk))
    assert downloads.count() == 2


def test_minutes_are_404_for_an_outsider(meeting, outsider_client):
    assert outsider_client.get(url("minutes", meeting)).status_code == 404


# --- Query counts: the same with 1 row as with 10 -----------------------------------------------------------------


def query_count(client, target) -> int:
    client.get(target)  # warms per-process caches (content types for the audit trail)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(target)
    assert response.status_code == 200
    return len(queries)


def add_decided_cases(meeting, chair, lead_officer, partner_agency, n):
    for _ in range(n):
        case = CaseFactory(lead_officer=lead_officer, jag=meeting.jag)
        case_services.case_add_agency(case=case, officer=lead_officer, agency=partner_agency)
        item = services.agenda_add_case(meeting=meeting, officer=chair, reference=case.reference)
        due = services.meeting_date(meeting) + datetime.timedelta(days=7)
        services.agenda_record_decision(
            item=item, officer=chair, decision="Continue.", actions=[ActionInput(partner_agency, "Visit.", due)]
        )


def test_meeting_list_query_count_does_not_grow_with_meetings(member_jag, chair, lead_officer_client):
    def schedule():
        services.meeting_schedule(
            officer=chair, jag=member_jag, starts_at=clock.now() + datetime.timedelta(days=2), location="Room"
        )

    schedule()
    one = query_count(lead_officer_client, LIST_URL)
    for _ in range(9):
        schedule()
    ten = query_count(lead_officer_client, LIST_URL)

    assert ten == one


def test_meeting_page_query_count_does_not_grow_with_agenda_items(
    meeting, chair, lead_officer, partner_agency, lead_agency, lead_officer_client
):
    services.attendance_record(meeting=meeting, officer=chair, rows=[AttendanceInput(lead_agency, True, "Lena")])
    add_decided_cases(meeting, chair, lead_officer, partner_agency, 1)
    one = query_count(lead_officer_client, url("detail", meeting))
    add_decided_cases(meeting, chair, lead_officer, partner_agency, 9)
    ten = query_count(lead_officer_client, url("detail", meeting))

    assert ten == one
