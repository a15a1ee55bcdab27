"""Fixtures for the consistency report: a manager of the lead agency and a helper that writes interventions."""

import datetime

import pytest

from core import clock
from incremental.models import InterventionKind
from tests.factories import InterventionFactory, PersonFactory


@pytest.fixture
def today():
    return clock.today()


@pytest.fixture
def perpetrator(lead_officer):
    return PersonFactory(created_by=lead_officer, first_name="Perry", last_name="Petrator")


@pytest.fixture
def issue(case, today):
    """Write an intervention of `code` issued `days_ago` (straight to the table: the report only reads them)."""

    def make(person, code: str, days_ago: int, *, on_case=None, by=None, skipped_from=None, justification="", **extra):
        kind = InterventionKind.objects.get(code=code)
        fields = {
            "case": on_case or case,
            "person": person,
            "kind": kind,
            "issued_on": today - datetime.timedelta(days=days_ago),
            **extra,
        }
        if by is not None:
            fields["issuing_officer"] = by
        if skipped_from is not None:
            fields |= {
                "skipped_stage": True,
                "suggested_tier": skipped_from,
                "justification": justification or "Serious threats of violence to the neighbours",
            }
        return InterventionFactory(**fields)

    return make
