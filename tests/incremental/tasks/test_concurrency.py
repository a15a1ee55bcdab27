"""Two reminder runs at once (the beat schedule firing while someone runs the command): one set of reminders."""

import pytest

from agencies.models import Notification
from incremental.models import Reminder
from incremental.reminders import reminders_generate
from tests.concurrency import run_at_once
from tests.factories import CaseFactory

from .conftest import AS_OF, days

KINDS = ("live_ending", "appeal_closing", "hearing", "review_due")


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_make_one_set_of_reminders(
    intervene, partner_officer, lead_officer, jag, category, review_due_on
):
    for n in range(10):
        intervene(live_until=days(n), issuing_officer=partner_officer)
        intervene("cpn", appeal_deadline=days(n % 7), next_hearing_on=days(n), court="Leicester Magistrates' Court")
        review_due_on(days(n - 5), CaseFactory(lead_officer=lead_officer, jag=jag, category=category))
    results = run_at_once(lambda: reminders_generate(as_of=AS_OF))

    made = sorted(tuple(result[kind] for kind in KINDS) for result in results)
    # 10 live periods for two officers each; 10 appeal windows and 10 hearings for the lead officer; 10 reviews.
    assert made == [(0, 0, 0, 0), (20, 10, 10, 10)]
    assert sorted(result["notifications"] for result in results) == [0, 2]
    assert Reminder.objects.count() == 50
    assert Notification.objects.count() == 2
