"""The demo loaded as `make run` loads it (`manage.py seed_demo`, today): the JAG history it promises for the
Leicester City JAG, the ladders recorded through the services on the days the chronology tells of, the reminders
they give on the day, the cessation proposal on the next meeting's agenda, and a second run that changes nothing."""

import datetime

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from agencies.models import AuditAction, AuditEvent
from cases.models import (
    AgendaItem,
    Case,
    CaseReviewActivation,
    CaseReviewDecision,
    CaseStatus,
    ChronologyEntry,
    EntryKind,
    JagManagementPeriod,
    MeetingAction,
    PeriodStart,
)
from cessation.models import CessationProposal
from core import clock
from incremental.models import EventType, Intervention, InterventionEvent, InterventionStatus, Reminder
from incremental.reminders import reminders_generate
from jag.models import Meeting, MeetingAttendance, MeetingStatus

from .conftest import load_demo

pytestmark = pytest.mark.django_db

CITY = "Leicester City"


def row_counts() -> dict[str, int]:
    labels = ("agencies", "jag", "cases", "incremental", "cessation")
    models = [m for label in labels for m in apps.get_app_config(label).get_models()]
    return {model._meta.label: model.objects.count() for model in models}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo loaded twice: what each run printed and the row counts after the first. Loaded once for this
    module (it takes seconds) in a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        first = load_demo()
        counts = row_counts()
        second = load_demo()
        yield {"first": first, "second": second, "counts": counts}
        transaction.set_rollback(True)


def ladder(first_name: str, last_name: str) -> list[tuple]:
    return list(
        Intervention.objects.filter(person__first_name=first_name, person__last_name=last_name)
        .order_by("issued_on", "id")
        .values_list("kind__code", "status", "skipped_stage", "issuing_officer__username")
    )


def test_second_run_changes_nothing(loaded):
    assert "Demo data loaded" in loaded["first"]
    assert "The day's reminders: live period ending 0, appeal window closing 2, hearing coming up 1" in loaded["first"]
    assert "already loaded: nothing changed" in loaded["second"]
    assert "appeal window closing 0, hearing coming up 0, risk review due 0, " in loaded["second"]
    assert " 0; 0 withdrawn" in loaded["second"]
    assert "Long-standing check as of" in loaded["second"] and "0 flagged, 0 unflagged" in loaded["second"]
    assert row_counts() == loaded["counts"]


# -- the cases and the JAG --------------------------------------------------------------------------------------


def test_jag_management_about_half_the_open_cases_with_re_referrals_and_a_transfer(loaded):
    open_cases = Case.objects.filter(status=CaseStatus.OPEN)
    managed = open_cases.filter(jag_periods__isnull=False).distinct().count()
    referrals = Count("jag_periods", filter=Q(jag_periods__start_reason=PeriodStart.REFERRED))
    re_referred = open_cases.annotate(referrals=referrals).filter(referrals__gte=2).count()
    transferred = JagManagementPeriod.objects.filter(start_reason=PeriodStart.TRANSFERRED_IN).select_related(
        "case__jag", "jag"
    )

    assert 0.4 <= managed / open_cases.count() <= 0.6
    assert re_referred >= 2
    assert [(p.jag.locality, p.case.jag.locality, p.ended_on) for p in transferred] == [(CITY, CITY, None)]


def test_eight_to_twelve_leicester_city_cases_are_long_standing(loaded):
    city = Case.objects.filter(status=CaseStatus.OPEN, jag__locality=CITY)
    long_standing = city.filter(long_standing_since__isnull=False)

    assert 8 <= long_standing.count() <= 12
    assert all(case.long_standing_since <= clock.today() for case in long_standing)


def test_leicester_city_meetings_held_with_decisions_and_actions_and_one_to_come(loaded):
    today = clock.today()
    meetings = Meeting.objects.filter(jag__locality=CITY).order_by("starts_at")
    held = [m for m in meetings if m.status == MeetingStatus.HELD]
    [scheduled] = [m for m in meetings if m.status == MeetingStatus.SCHEDULED]
    members = {m.pk: m.jag.member_agencies.count() for m in held}
    actions = MeetingAction.objects.filter(agenda_item__meeting__in=held)

    assert 2 <= len(held) <= 3
    assert all(today - datetime.timedelta(days=120) < timezone.localtime(m.starts_at).date() < today for m in held)
    assert [MeetingAttendance.objects.filter(meeting=m).count() for m in held] == [members[m.pk] for m in held]
    assert MeetingAttendance.objects.filter(meeting__in=held, present=False).exists()
    assert not AgendaItem.objects.filter(meeting__in=held, decided_at__isnull=True).exists()
    assert all(AgendaItem.objects.filter(meeting=m).exists() for m in held)
    assert actions.filter(completed_on__isnull=False).count() >= 5
    assert actions.filter(completed_on__isnull=True, due_on__lt=today).count() == 1
    assert actions.filter(completed_on__isnull=True, due_on__gte=today).exists()
    assert 0 < (timezone.localtime(scheduled.starts_at).date() - today).days <= 14
    generated = AgendaItem.objects.filter(meeting=scheduled).exclude(reasons="added")
    assert generated.count() >= 3


def test_one_asb_case_review_with_its_outcome(loaded):
    [review] = CaseReviewActivation.objects.all()

    assert review.threshold_decision == CaseReviewDecision.MET
    assert review.application_date <= review.decision_date <= review.review_meeting_date <= review.outcome_date
    assert review.outcome and review.recommendations
    assert review.case.jag_periods.filter(ended_on__isnull=True).exists()


# -- the ladders --------------------------------------------------------------------------------------------------


def test_the_ladders(loaded):
    live, refused = InterventionStatus.LIVE, InterventionStatus.REFUSED

    assert ladder("Tyler", "Hodgson") == [
        ("words_of_advice", live, False, "police"),
        ("first_warning", live, False, "officer"),
        ("abc", live, True, "officer"),
    ]
    assert ladder("Reece", "Maddox") == ladder("Tyler", "Hodgson")
    assert ladder("Shane", "Broadley") == [
        ("words_of_advice", live, False, "police"),
        ("first_warning", live, False, "housing"),
        ("final_warning", live, False, "housing"),
        ("abc", refused, False, "housing"),
    ]
    assert ladder("Wayne", "Ruddock") == [
        ("cpw", live, True, "aisha.begum"),
        ("cpw", live, False, "aisha.begum"),
        ("cpn", live, True, "officer"),
    ]
    assert ladder("Kyle", "Dempsey") == [("closure", live, True, "police")]
    assert ladder("Connor", "Pike") == [("civil_injunction", live, True, "police")]


def test_every_skip_is_justified_and_every_letter_kept(loaded):
    interventions = Intervention.objects.all()

    assert all(i.justification for i in interventions.filter(skipped_stage=True))
    assert not interventions.filter(skipped_stage=False).exclude(justification="").exists()
    with_letters = interventions.filter(kind__letter__gt="")
    assert with_letters.count() == 7
    assert not with_letters.filter(letter__isnull=True).exists()
    assert all(i.letter.case_id == i.case_id for i in with_letters)


def test_steps_are_on_the_days_the_chronology_tells_of(loaded):
    told = {
        ("Broadley", "words_of_advice"): "Police attended a late-night call about noise and shouting at 8 Wessex Row",
        ("Broadley", "first_warning"): "First warning letter hand-delivered to Shane Broadley",
        ("Broadley", "final_warning"): "Joint visit to Shane Broadley with the tenancy officer",
        ("Hodgson", "words_of_advice"): "Home visit with a parent present: words of advice given to Tyler Hodgson",
        ("Maddox", "first_warning"): "First warning letters sent to the parents of the young people identified",
        ("Maddox", "abc"): "Acceptable Behaviour Contract signed by Tyler Hodgson and Reece Maddox",
        ("Ruddock", "cpw"): "Community Protection Warning issued to Wayne Ruddock",
        ("Dempsey", "closure"): "Closure notice served at Alleyway off Brindley Walk",
    }
    for (last_name, kind), text in told.items():
        issued = Intervention.objects.filter(person__last_name=last_name, kind__code=kind).earliest("issued_on")
        [entry] = ChronologyEntry.objects.filter(case=issued.case, text__startswith=text)

        assert issued.issued_on == timezone.localtime(entry.occurred_at).date(), (last_name, kind)
        assert entry.recorded_at < issued.recorded_at
    # The JAG action that led to the injunction was done the morning it was applied for.
    injunction = Intervention.objects.get(kind__code="civil_injunction")
    [application] = MeetingAction.objects.filter(
        case=injunction.case, description__startswith="Prepare the injunction application"
    )
    assert application.completed_on == injunction.issued_on
    # Each intervention and each event is on its case's chronology.
    entries = ChronologyEntry.objects.filter(kind=EntryKind.INTERVENTION, text__contains="(tier ")
    assert entries.count() >= Intervention.objects.count()
    assert not InterventionEvent.objects.filter(chronology_entry__isnull=True).exists()


def test_the_breach_is_evidenced_and_the_court_stages_have_their_hearings(loaded):
    today = clock.today()
    [breach] = InterventionEvent.objects.filter(event_type=EventType.BREACH)
    injunction = Intervention.objects.get(kind__code="civil_injunction")
    notice = Intervention.objects.get(kind__code="cpn")
    closure = Intervention.objects.get(kind__code="closure")

    assert (breach.intervention.kind.code, breach.intervention.breach_count) == ("cpw", 1)
    assert breach.evidence_incident.case_id == breach.intervention.case_id
    assert injunction.court == "Leicester County Court"
    assert injunction.first_hearing_on < today < injunction.next_hearing_on <= today + datetime.timedelta(days=14)
    assert today < notice.appeal_deadline <= today + datetime.timedelta(days=7)
    assert closure.live_until > today  # extended by the court
    assert InterventionEvent.objects.filter(intervention=closure, event_type=EventType.VARIED).count() == 1


def test_the_reminders_of_the_day_for_the_demo_logins(loaded):
    open_reminders = Reminder.objects.filter(done_at__isnull=True).exclude(kind="review_due")

    assert sorted(open_reminders.values_list("officer__username", "kind")) == [
        ("aisha.begum", "appeal_closing"),
        ("officer", "appeal_closing"),
        ("police", "hearing"),
    ]
    assert Reminder.objects.filter(kind="review_due", officer__username="officer").exists()


def test_the_youth_contracts_come_up_as_their_live_period_ends(loaded):
    contract = Intervention.objects.get(person__last_name="Hodgson", kind__code="abc")
    with transaction.atomic():
        reminders_generate(as_of=contract.live_until - datetime.timedelta(days=14))

        ending = Reminder.objects.filter(kind="live_ending")
        assert sorted(ending.values_list("officer__username", "text")) == [
            ("officer", "Acceptable Behaviour Contract or Agreement to Reece Maddox: the live period ends"),
            ("officer", "Acceptable Behaviour Contract or Agreement to Tyler Hodgson: the live period ends"),
        ]
        transaction.set_rollback(True)


# -- the cessation proposal -----------------------------------------------------------------------------------


def test_the_cessation_proposal_is_on_the_next_leicester_city_agenda(loaded):
    [proposal] = CessationProposal.objects.select_related("case", "proposed_by")
    [scheduled] = Meeting.objects.filter(jag__locality=CITY, status=MeetingStatus.SCHEDULED)
    item = AgendaItem.objects.get(meeting=scheduled, case=proposal.case)

    assert (proposal.case.address, proposal.proposed_by.username) == ("8 Wessex Row", "housing")
    assert "cessation_proposal" in item.reasons.split(",")
    assert scheduled.jag.chair.username == "chair"


def test_each_logged_entry_has_its_audit_event_and_its_case_shows_the_change(loaded):
    content_type = ContentType.objects.get_for_model(ChronologyEntry)
    logged = AuditEvent.objects.filter(
        content_type=content_type, action=AuditAction.CREATE, description__startswith="Logged "
    )
    entries = ChronologyEntry.objects.select_related("case").in_bulk([int(e.object_id) for e in logged])

    assert len(entries) == logged.count() > 400
    for event in logged:
        entry = entries[int(event.object_id)]
        assert event.description == f"Logged {entry.get_kind_display().lower()}"
        assert (event.at, event.officer_id, event.case_reference) == (
            entry.recorded_at,
            entry.officer_id,
            entry.case.reference,
        )
        assert entry.case.updated_at >= entry.recorded_at


def test_nothing_in_the_future(loaded):
    now, today = clock.now(), clock.today()

    assert not ChronologyEntry.objects.filter(Q(occurred_at__gt=now) | Q(recorded_at__gt=now)).exists()
    assert not MeetingAction.objects.filter(completed_on__gt=today).exists()
    assert not Intervention.objects.filter(issued_on__gt=today).exists()
    assert not InterventionEvent.objects.filter(occurred_on__gt=today).exists()
