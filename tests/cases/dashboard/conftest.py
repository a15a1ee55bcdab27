"""Fixtures for the managers' dashboard: a manager of the lead agency and cases in different states."""

import datetime

import pytest

from cases.models import Case, CaseStatus, LongStandingChange
from core import clock
from tests.factories import CaseFactory


@pytest.fixture
def make_case(lead_officer, lead_agency, jag, category):
    """A case of the lead agency in the state asked for, set directly (the dashboard only reads these fields)."""

    def make(*, risk="", long_standing_days=None, overdue=False, closed_days_ago=None, opened_days_ago=0, **kwargs):
        case = CaseFactory(
            lead_officer=kwargs.pop("lead_officer", lead_officer),
            lead_agency=kwargs.pop("lead_agency", lead_agency),
            jag=kwargs.pop("jag", jag),
            category=category,
        )
        today = clock.today()
        changes = {"risk_band": risk, "opened_at": clock.now() - datetime.timedelta(days=opened_days_ago)}
        if overdue:
            changes["next_review_date"] = today - datetime.timedelta(days=1)
        if long_standing_days is not None:
            since = today - datetime.timedelta(days=long_standing_days)
            changes["long_standing_since"] = since
            LongStandingChange.objects.create(case=case, became_long_standing=True, as_of=since, days_in_window=122)
        if closed_days_ago is not None:
            changes["status"] = CaseStatus.CLOSED
            changes["closed_at"] = clock.now() - datetime.timedelta(days=closed_days_ago)
        Case.objects.filter(pk=case.pk).update(**changes)
        case.refresh_from_db()
        return case

    return make
