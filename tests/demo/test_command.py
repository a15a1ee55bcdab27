"""seed_demo's guard and options: it refuses to run with DEBUG off, takes the day the story ends and the random
generator's seed."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, Max
from django.test.utils import override_settings
from django.utils import timezone

from agencies.models import Agency, Officer
from cases.models import Case, ChronologyEntry
from cessation.models import CessationProposal
from incremental.models import Intervention
from jag.models import Meeting, MeetingStatus

from .conftest import load_demo

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def test_with_debug_off_it_refuses_and_says_why():
    with override_settings(DEBUG=False), pytest.raises(CommandError, match=r"creates an `admin` superuser") as refused:
        call_command("seed_demo", stdout=StringIO())

    assert "demo-password-2026" in str(refused.value) and "DEBUG on" in str(refused.value)
    assert not Officer.objects.filter(username="admin").exists()
    assert not Agency.objects.exists()


@pytest.mark.parametrize(
    ("as_of", "message"),
    [("2026-12-06", r"--as-of cannot be after today \(2026-12-05\)"), ("5/12/2026", r"--as-of must be a date like")],
)
def test_a_day_after_today_or_not_a_date_is_refused(as_of, message):
    with time_machine.travel(datetime.datetime(2026, 12, 5, 9, 0, tzinfo=LONDON), tick=False):
        with pytest.raises(CommandError, match=message):
            load_demo("--as-of", as_of)

    assert not Case.objects.exists()


def story() -> list[tuple]:
    """What the random generator decides: each case's lead officer and how many chronology entries it has."""
    return list(
        Case.objects.annotate(entries=Count("chronology"))
        .order_by("address")
        .values_list("address", "lead_officer__username", "entries")
    )


def test_as_of_an_earlier_day_the_story_ends_that_day_and_another_seed_tells_it_otherwise():
    as_of = datetime.date(2026, 11, 20)
    ends = datetime.datetime(2026, 11, 20, 18, 0, tzinfo=LONDON)
    stories = {}
    with time_machine.travel(datetime.datetime(2026, 12, 5, 9, 0, tzinfo=LONDON), tick=False):
        for seed in ("2026", "7"):
            with transaction.atomic():
                printed = load_demo("--as-of", "2026-11-20", "--seed", seed)

                assert "Demo data loaded as of 20 November 2026" in printed
                assert ChronologyEntry.objects.aggregate(last=Max("recorded_at"))["last"] <= ends
                assert Intervention.objects.aggregate(last=Max("issued_on"))["last"] < as_of
                [proposal] = CessationProposal.objects.all()
                assert proposal.proposed_at <= ends
                next_meeting = Meeting.objects.get(jag__locality="Leicester City", status=MeetingStatus.SCHEDULED)
                assert 0 < (timezone.localtime(next_meeting.starts_at).date() - as_of).days <= 14
                stories[seed] = story()
                transaction.set_rollback(True)

    assert len(stories["7"]) == len(stories["2026"])
    assert stories["7"] != stories["2026"]
