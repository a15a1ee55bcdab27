"""The demo data, loaded as `make run` loads it (seed_demo, then today's long-standing check): the JAG history it
promises for the Leicester City JAG, and a second run that changes nothing."""

import datetime
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from cases.models import (
    AgendaItem,
    Case,
    CaseReviewActivation,
    CaseReviewDecision,
    CaseStatus,
    ChronologyEntry,
    JagManagementPeriod,
    MeetingAction,
    PeriodStart,
)
from jag.models import Meeting, MeetingAttendance, MeetingStatus

pytestmark = pytest.mark.django_db

CITY = "Leicester City"


def row_counts() -> dict[str, int]:
    models = [m for label in ("agencies", "jag", "cases") for m in apps.get_app_config(label).get_models()]
    return {model._meta.label: model.objects.count() for model in models}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo loaded twice, with the long-standing check in between: what each run printed and the row counts
    after the first. Loaded once for this module (it takes seconds) in a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        first, second = StringIO(), StringIO()
        call_command("seed_demo", stdout=first)
        call_command("flag_long_standing", stdout=StringIO())
        counts = row_counts()
        call_command("seed_demo", stdout=second)
        yield {"first": first.getvalue(), "second": second.getvalue(), "counts": counts}
        transaction.set_rollback(True)


def test_seed_demo_second_run_changes_nothing(loaded):
    assert "Demo data loaded" in loaded["first"]
    assert "already loaded: nothing changed" in loaded["second"]
    assert row_counts() == loaded["counts"]


def test_seed_demo_jag_management_about_half_the_open_cases_with_re_referrals_and_a_transfer(loaded):
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


def test_seed_demo_eight_to_twelve_leicester_city_cases_are_long_standing(loaded):
    city = Case.objects.filter(status=CaseStatus.OPEN, jag__locality=CITY)
    long_standing = city.filter(long_standing_since__isnull=False)

    assert 8 <= long_standing.count() <= 12
    assert all(case.long_standing_since <= timezone.localdate() for case in long_standing)


def test_seed_demo_leicester_city_meetings_held_with_decisions_and_actions_and_one_to_come(loaded):
    today = timezone.localdate()
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


def test_seed_demo_one_asb_case_review_with_its_outcome(loaded):
    [review] = CaseReviewActivation.objects.all()

    assert review.threshold_decision == CaseReviewDecision.MET
    assert review.application_date <= review.decision_date <= review.review_meeting_date <= review.outcome_date
    assert review.outcome and review.recommendations
    assert review.case.jag_periods.filter(ended_on__isnull=True).exists()


def test_seed_demo_writes_nothing_in_the_future(loaded):
    now = timezone.now()

    assert not ChronologyEntry.objects.filter(Q(occurred_at__gt=now) | Q(recorded_at__gt=now)).exists()
    assert not MeetingAction.objects.filter(completed_on__gt=timezone.localdate()).exists()
