"""The daily long-standing check through a real Celery worker and the Redis broker `make test` starts."""

import datetime

import pytest

from cases.jag_management.tasks import FLAG_LONG_STANDING
from cases.models import Case, JagManagementPeriod, LongStandingChange
from config.celery import app
from tests.factories import CaseFactory

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def test_flag_job_runs_on_a_real_worker(worker, lead_officer, jag, category):
    case = CaseFactory(lead_officer=lead_officer, jag=jag, category=category)
    JagManagementPeriod.objects.create(
        case=case, jag=jag, started_on=datetime.date(2026, 1, 1), ended_on=None, started_by=lead_officer
    )

    result = app.send_task(FLAG_LONG_STANDING, kwargs={"as_of": "2026-06-01"}).get(timeout=60)

    assert result == {"as_of": "2026-06-01", "flagged": 1, "unflagged": 0, "notifications": 1, "emails": 1}
    # Its 122nd day under management.
    assert Case.objects.get(pk=case.pk).long_standing_since == datetime.date(2026, 5, 2)
    assert list(LongStandingChange.objects.values_list("case_id", "became_long_standing", "days_in_window")) == [
        (case.pk, True, 152)
    ]
