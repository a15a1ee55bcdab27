"""The meeting services: scheduling, the agenda and each reason a case is on it, attendance, decisions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agencies.models import AuditAction, AuditEvent
from cases import services as case_services
from cases.meetings import services
from cases.meetings.services import ActionInput, AttendanceInput
from cases.models import (
    AgendaItem,
    Case,
    CaseStatus,
    ChronologyEntry,
    EntryKind,
    LongStandingChange,
    MeetingAction,
    PersonRole,
    RiskAssessment,
)
from core import clock
from jag.models import MeetingAttendance, MeetingStatus
from tests.factories import AgencyFactory, CaseFactory, JagFactory, OfficerFactory

from .conftest import held_meeting

pytestmark = pytest.mark.django_db

HIGH = dict(
    happened_before=True,
    reported_elsewhere=True,
    feels_targeted=True,
    household_vulnerable=True,
    children_involved=False,
)
STANDARD = dict(
    happened_before=False,
    reported_elsewhere=False,
    feels_targeted=False,
    household_vulnerable=False,
    children_involved=False,
)


def agenda(meeting) -> dict[str, str]:
    return {
        item.case.reference: item.reasons for item in AgendaItem.objects.filter(meeting=meeting).select_related("case")
    }


def another_case(officer, jag, **kwargs) -> Case:
    return CaseFactory(lead_officer=officer, jag=jag, **kwargs)


# --- Scheduling ---------------------------------------------------------------------------------------------


def test_meeting_schedule_by_chair_and_member_is_audited(member_jag, chair, lead_officer):
    when = clock.now() + datetime.timedelta(days=3)

    by_chair = services.meeting_schedule(officer=chair, jag=member_jag, starts_at=when, location="Room 1")
    by_member = services.meeting_schedule(officer=lead_officer, jag=member_jag, starts_at=when, location="Room 2")

    assert (by_chair.status, by_chair.created_by, by_member.created_by) == (
        MeetingStatus.SCHEDULED,
        chair,
        lead_officer,
    )
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(by_chair.pk)).count() == 1


def test_meeting_schedule_refused_to_an_officer_of_a_member_agency_who_is_not_a_member(member_jag, partner_officer):
    with pytest.raises(PermissionDenied):
        services.meeting_schedule(
            officer=partner_officer, jag=member_jag, starts_at=clock.now() + datetime.timedelta(days=1), location="X"
        )


def test_meeting_schedule_in_the_past_is_refused(member_jag, chair):
    with pytest.raises(ValidationError) as error:
        services.meeting_schedule(
            officer=chair, jag=member_jag, starts_at=clock.now() - datetime.timedelta(days=3), location="X"
        )

    assert error.value.message_dict == {"starts_at": ["The meeting must be today or in the future"]}


# --- The agenda: each reason ----------------------------------------------------------------------------------


def test_agenda_review_due_or_overdue_up_to_the_meeting_date(meeting, case, lead_officer, jag, chair):
    meeting_day = services.meeting_date(meeting)
    later = another_case(lead_officer, jag)
    overdue = another_case(lead_officer, jag)
    Case.objects.filter(pk=case.pk).update(next_review_date=meeting_day)
    Case.objects.filter(pk=later.pk).update(next_review_date=meeting_day + datetime.timedelta(days=1))
    Case.objects.filter(pk=overdue.pk).update(next_review_date=clock.today() - datetime.timedelta(days=30))

    services.meeting_generate_agenda(meeting=meeting, officer=chair)

    assert agenda(meeting) == {case.reference: "review_due", overdue.reference: "review_due"}


def test_agenda_newly_high_risk_since_the_previous_meeting(meeting, case, lead_officer, jag, chair):
    held_meeting(jag, chair, days_ago=14)
    already_high = another_case(lead_officer, jag)
    earlier = case_services.risk_assess(case=already_high, officer=lead_officer, **HIGH)
    RiskAssessment.objects.filter(pk=earlier.pk).update(assessed_at=clock.now() - datetime.timedelta(days=20))
    case_services.risk_assess(case=already_high, officer=lead_officer, **HIGH)  # still high: not newly
    raised = another_case(lead_officer, jag)
    first = case_services.risk_assess(case=raised, officer=lead_officer, **STANDARD)
    RiskAssessment.objects.filter(pk=first.pk).update(assessed_at=clock.now() - datetime.timedelta(days=20))
    case_services.risk_assess(case=raised, officer=lead_officer, **HIGH)
    case_services.risk_assess(case=case, officer=lead_officer, **HIGH)  # first assessment, high: newly high

    services.meeting_generate_agenda(meeting=meeting, officer=chair)

    assert agenda(meeting) == {case.reference: "newly_high_risk", raised.reference: "newly_high_risk"}


def test_agenda_high_risk_before_the_previous_meeting_is_not_newly_high(meeting, case, lead_officer, jag, chair):
    assessment = case_services.risk_assess(case=case, officer=lead_officer, **HIGH)
    RiskAssessment.objects.filter(pk=assessment.pk).update(assessed_at=clock.now() - datetime.timedelta(days=30))
    held_meeting(jag, chair, days_ago=10)

    services.meeting_generate_agenda(meeting=meeting, officer=chair)

    assert agenda(meeting) == {}


def test_agenda_newly_long_standing_since_the_previous_meeting(meeting, case, lead_officer, jag, chair):
    held_meeting(jag, chair, days_ago=14)
    today = clock.today()
    earlier = another_case(lead_officer, jag)
    for flagged, as_of in ((case, today - datetime.timedelta(days=2)), (earlier, today - datetime.timedelta(days=40))):
        Case.objects.filter(pk=flagged.pk).update(long_standing_since=as_of)
        LongStandingChange.objects.create(case=flagged, became_long_standing=True, as_of=as_of, days_in_window=122)

    services.meeting_generate_agenda(meeting=meeting, officer=chair)

    assert agenda(meeting) == {case.reference: "newly_long_standing"}


def test_agenda_case_no_longer_long_standing_is_not_listed(meeting, case, chair):
    LongStandingChange.objects.create(
        case=case, became_long_standing=True, as_of=clock.today(), days_in_window=122
    )  # long_standing_since was cleared again by a later run

    services.meeting_generate_agenda(meeting=meeting, officer=chair)

    assert agenda(meeting) == {}


def test_agenda_case_review_threshold_met(meeting, case, lead_officer, chair):
    victim = case_services.person_create(officer=lead_officer, first_name="Mary", last_name="Jones")
    case_services.case_add_person(case=case, officer=lead_officer, person=victim, role=PersonRole.COMPLAINANT)
    now = clock.now()
    case_services.incident_record(
        case=case,
        officer=lead_officer,
        occurred_at=now - datetime.timedelta(days=3),
        reported_at=now - datetime.timedelta(days=2),
        reported_to=case.lead_agency,
        description="Abuse shouted at the family because of their religion.",
        hate_incident=True,
    )

    services.meeting_generate_agenda(meeting=meeting, officer=chair)

    assert agenda(meeting) == {case.reference: "case_review_threshold"}


def test_agenda_lists_every_reason_and_leaves_out_closed_and_other_jags_cases(meeting, case, lead_officer, jag, chair):
    case_services.risk_assess(case=case, officer=lead_officer, **HIGH)
    Case.objects.filter(pk=case.pk).update(next_review_date=clock.today())
    closed = another_case(lead_officer, jag)
    Case.objects.filter(pk=closed.pk).update(status=CaseStatus.CLOSED, next_review_date=clock.today())
    elsewhere = another_case(lead_officer, JagFactory())
    Case.objects.filter(pk=elsewhere.pk).update(next_review_date=clock.today())

    services.meeting_generate_agenda(meeting=meeting, officer=chair)

    assert agenda(meeting) == {case.reference: "review_due,newly_high_risk"}


# --- Regenerating, and cases added by hand ----------------------------------------------------------------


def test_agenda_generated_twice_has_no_duplicates(meeting, case, lead_officer, jag, chair):
    second = another_case(lead_officer, jag)
    Case.objects.filter(pk__in=[case.pk, second.pk]).update(next_review_date=clock.today())

    services.meeting_generate_agenda(meeting=meeting, officer=chair)
    first_ids = sorted(AgendaItem.objects.filter(meeting=meeting).values_list("pk", "case_id", "position"))
    services.meeting_generate_agenda(meeting=meeting, officer=lead_officer)

    assert sorted(AgendaItem.objects.filter(meeting=meeting).values_list("pk", "case_id", "position")) == first_ids
    assert len(first_ids) == 2


def test_agenda_regenerated_keeps_cases_added_by_hand_and_drops_ones_no_longer_needing_it(
    meeting, case, lead_officer, jag, chair
):
    reviewed = another_case(lead_officer, jag)
    by_hand = another_case(lead_officer, jag)
    Case.objects.filter(pk__in=[case.pk, reviewed.pk]).update(next_review_date=clock.today())
    services.meeting_generate_agenda(meeting=meeting, officer=chair)
    services.agenda_add_case(meeting=meeting, officer=lead_officer, reference=by_hand.reference)
    services.agenda_add_case(meeting=meeting, officer=chair, reference=case.reference)
    future = clock.today() + datetime.timedelta(days=60)
    Case.objects.filter(pk__in=[case.pk, reviewed.pk]).update(next_review_date=future)  # both reviewed since

    services.meeting_generate_agenda(meeting=meeting, officer=chair)

    assert agenda(meeting) == {by_hand.reference: "added", case.reference: "added"}


def test_agenda_regenerated_keeps_decided_items(meeting, case, chair):
    Case.objects.filter(pk=case.pk).update(next_review_date=clock.today())
    services.meeting_generate_agenda(meeting=meeting, officer=chair)
    item = AgendaItem.objects.get(meeting=meeting)
    services.agenda_record_decision(item=item, officer=chair, decision="Continue with the plan.", actions=[])
    Case.objects.filter(pk=case.pk).update(next_review_date=clock.today() + datetime.timedelta(days=60))

    services.meeting_generate_agenda(meeting=meeting, officer=chair)

    assert agenda(meeting) == {case.reference: "review_due"}


def test_agenda_generated_is_refused_to_a_non_member(meeting, partner_officer):
    with pytest.raises(PermissionDenied):
        services.meeting_generate_agenda(meeting=meeting, officer=partner_officer)


def test_agenda_add_case_by_reference_positions_it_last(meeting, case, lead_officer, jag, chair):
    second = another_case(lead_officer, jag)

    first_item = services.agenda_add_case(meeting=meeting, officer=chair, reference=case.reference.lower())
    second_item = services.agenda_add_case(meeting=meeting, officer=lead_officer, reference=f" {second.reference} ")

    assert (first_item.position, second_item.position) == (1, 2)
    assert agenda(meeting) == {case.reference: "added", second.reference: "added"}


def test_agenda_add_case_twice_is_refused(meeting, case, chair):
    services.agenda_add_case(meeting=meeting, officer=chair, reference=case.reference)

    with pytest.raises(ValidationError) as error:
        services.agenda_add_case(meeting=meeting, officer=chair, reference=case.reference)

    assert error.value.message_dict == {"reference": [f"{case.reference} is already on the agenda"]}


def test_agenda_add_case_unknown_other_jag_or_unseen_are_refused_alike(meeting, member_jag, lead_officer):
    elsewhere = another_case(lead_officer, JagFactory())
    stranger = OfficerFactory(agency=AgencyFactory())
    unseen = another_case(stranger, member_jag)  # the JAG's case, but the lead officer's agency is not in it
    expected = {"reference": [f"Enter the reference of a case {member_jag} manages that you can see"]}

    messages = []
    for reference in ("ASB-1999-000001", elsewhere.reference, unseen.reference):
        with pytest.raises(ValidationError) as error:
            services.agenda_add_case(meeting=meeting, officer=lead_officer, reference=reference)
        messages.append(error.value.message_dict)

    assert messages == [expected, expected, expected]
    assert AgendaItem.objects.count() == 0


# --- Attendance ---------------------------------------------------------------------------------------------


def test_attendance_record_then_corrected(meeting, lead_officer, lead_agency, partner_agency):
    services.attendance_record(
        meeting=meeting,
        officer=lead_officer,
        rows=[AttendanceInput(lead_agency, True, "Lena Lead"), AttendanceInput(partner_agency, False, "")],
    )
    services.attendance_record(
        meeting=meeting,
        officer=lead_officer,
        rows=[
            AttendanceInput(lead_agency, True, "Lena Lead"),
            AttendanceInput(partner_agency, True, "PC Priya Partner"),
        ],
    )

    rows = list(
        MeetingAttendance.objects.filter(meeting=meeting).values_list("agency__short_name", "present", "attendees")
    )
    assert sorted(rows) == [("LCC", True, "Lena Lead"), ("Police", True, "PC Priya Partner")]


def test_attendance_of_an_agency_not_on_the_jag_or_present_with_nobody_is_refused(
    meeting, chair, lead_agency, outsider_agency
):
    with pytest.raises(ValidationError) as stranger:
        services.attendance_record(
            meeting=meeting, officer=chair, rows=[AttendanceInput(outsider_agency, True, "Owen")]
        )
    with pytest.raises(ValidationError) as nobody:
        services.attendance_record(meeting=meeting, officer=chair, rows=[AttendanceInput(lead_agency, True, " ")])

    assert stranger.value.messages == [f"Not a member agency of {meeting.jag}: {outsider_agency}"]
    assert nobody.value.message_dict == {f"attendees_{lead_agency.pk}": [f"Enter who attended from {lead_agency}"]}
    assert MeetingAttendance.objects.count() == 0


# --- Decisions and actions ----------------------------------------------------------------------------------------


def test_decision_with_actions_lands_on_the_chronology_and_audit_trail(meeting, case, chair, partner_agency):
    item = services.agenda_add_case(meeting=meeting, officer=chair, reference=case.reference)
    due = services.meeting_date(meeting) + datetime.timedelta(days=14)
    before = ChronologyEntry.objects.filter(case=case).count()

    services.agenda_record_decision(
        item=item,
        officer=chair,
        decision="Issue a Community Protection Warning.",
        actions=[ActionInput(partner_agency, "Serve the CPW in person.", due)],
    )

    item.refresh_from_db()
    assert (item.decision, item.decided_by) == ("Issue a Community Protection Warning.", chair)
    entries = list(
        ChronologyEntry.objects.filter(case=case, kind=EntryKind.DECISION).order_by("id").values_list("text", flat=True)
    )
    on = f"{meeting.jag} meeting of {services.meeting_date(meeting):%-d %B %Y}"
    assert entries == [
        f"JAG decision ({on}): Issue a Community Protection Warning.",
        f"JAG action for {partner_agency}, due {due:%-d %B %Y} ({on}): Serve the CPW in person.",
    ]
    assert ChronologyEntry.objects.filter(case=case).count() == before + 2
    assert list(MeetingAction.objects.values_list("case", "agency", "due_on")) == [(case.pk, partner_agency.pk, due)]
    audited = AuditEvent.objects.filter(case_reference=case.reference, officer=chair, action=AuditAction.CREATE)
    assert audited.count() == 2


def test_decision_by_a_member_who_is_not_the_chair_is_refused(meeting, case, chair, lead_officer):
    item = services.agenda_add_case(meeting=meeting, officer=chair, reference=case.reference)

    with pytest.raises(PermissionDenied):
        services.agenda_record_decision(item=item, officer=lead_officer, decision="Close it.", actions=[])

    item.refresh_from_db()
    assert (item.decision, item.decided_at) == ("", None)


def test_decision_bad_actions_are_refused_with_field_errors(meeting, case, chair, outsider_agency, lead_agency):
    item = services.agenda_add_case(meeting=meeting, officer=chair, reference=case.reference)
    before_meeting = services.meeting_date(meeting) - datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as error:
        services.agenda_record_decision(
            item=item,
            officer=chair,
            decision="Escalate.",
            actions=[
                ActionInput(outsider_agency, "Visit.", services.meeting_date(meeting)),
                ActionInput(lead_agency, " ", before_meeting),
            ],
        )

    assert error.value.message_dict == {
        "action_1_agency": [
            f"{outsider_agency} cannot see this case: the lead agency must bring it into the case first"
        ],
        "action_2_description": ["Describe action 2"],
        "action_2_due_on": ["Action 2 must be due on or after the meeting date"],
    }
    assert (ChronologyEntry.objects.filter(kind=EntryKind.DECISION).count(), MeetingAction.objects.count()) == (0, 0)


def test_decision_recorded_once(meeting, case, chair):
    item = services.agenda_add_case(meeting=meeting, officer=chair, reference=case.reference)
    services.agenda_record_decision(item=item, officer=chair, decision="Continue.", actions=[])

    with pytest.raises(ValidationError):
        services.agenda_record_decision(item=item, officer=chair, decision="Close.", actions=[])

    assert ChronologyEntry.objects.filter(kind=EntryKind.DECISION).count() == 1


# --- Marking a meeting held ---------------------------------------------------------------------------------------


def test_meeting_mark_held_by_the_chair_then_agenda_is_fixed(todays_meeting, chair, lead_officer):
    with pytest.raises(PermissionDenied):
        services.meeting_mark_held(meeting=todays_meeting, officer=lead_officer)

    held = services.meeting_mark_held(meeting=todays_meeting, officer=chair)

    assert (held.status, held.chaired_by) == (MeetingStatus.HELD, chair)
    with pytest.raises(ValidationError):
        services.meeting_generate_agenda(meeting=todays_meeting, officer=chair)


def test_meeting_mark_held_before_the_day_is_refused(meeting, chair):
    with pytest.raises(ValidationError) as error:
        services.meeting_mark_held(meeting=meeting, officer=chair)

    assert error.value.messages == ["A meeting cannot be marked as held before the day it takes place"]
