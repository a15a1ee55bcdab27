"""The demo interventions, loaded as `make run` loads them (seed_demo, then seed_demo_interventions): the ladders
they promise, recorded through the services on the days the demo's chronology tells of, the reminders they give
today, and a second run that changes nothing."""

import datetime
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cases.models import ChronologyEntry, EntryKind
from incremental.models import EventType, Intervention, InterventionEvent, InterventionStatus, Reminder
from incremental.reminders import reminders_generate

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    models = [m for label in ("agencies", "cases", "incremental") for m in apps.get_app_config(label).get_models()]
    return {model._meta.label: model.objects.count() for model in models}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo loaded, then its interventions twice: what each run printed and the row counts after the first.
    Loaded once for this module in a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        first, second = StringIO(), StringIO()
        call_command("seed_demo_interventions", stdout=first)
        counts = row_counts()
        call_command("seed_demo_interventions", stdout=second)
        yield {"first": first.getvalue(), "second": second.getvalue(), "counts": counts}
        transaction.set_rollback(True)


def ladder(first_name: str, last_name: str) -> list[tuple]:
    return list(
        Intervention.objects.filter(person__first_name=first_name, person__last_name=last_name)
        .order_by("issued_on", "id")
        .values_list("kind__code", "status", "skipped_stage", "issuing_officer__username")
    )


def test_second_run_changes_nothing(loaded):
    assert "Demo interventions recorded" in loaded["first"]
    assert "Today's reminders: live period ending 0, appeal window closing 2, hearing coming up 1" in loaded["first"]
    assert "already recorded: nothing changed" in loaded["second"]
    assert "appeal window closing 0, hearing coming up 0, risk review due 0; 0 withdrawn" in loaded["second"]
    assert row_counts() == loaded["counts"]


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
    told = ChronologyEntry.objects.get(text__startswith="First warning letter hand-delivered to Shane Broadley")
    issued = Intervention.objects.get(person__last_name="Broadley", kind__code="first_warning")

    assert issued.issued_on == timezone.localtime(told.occurred_at).date()
    # Each intervention and each event is on its case's chronology.
    entries = ChronologyEntry.objects.filter(kind=EntryKind.INTERVENTION, text__contains="(tier ")
    assert entries.count() >= Intervention.objects.count()
    assert not InterventionEvent.objects.filter(chronology_entry__isnull=True).exists()


def test_the_breach_is_evidenced_and_the_court_stages_have_their_hearings(loaded):
    today = timezone.localdate()
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


def test_the_reminders_of_today_for_the_demo_logins(loaded):
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


def test_nothing_in_the_future(loaded):
    now, today = timezone.now(), timezone.localdate()

    assert not ChronologyEntry.objects.filter(Q(occurred_at__gt=now) | Q(recorded_at__gt=now)).exists()
    assert not Intervention.objects.filter(issued_on__gt=today).exists()
    assert not InterventionEvent.objects.filter(occurred_on__gt=today).exists()
