"""A perpetrator on the shared case, interventions of any kind written straight to the table (the reminder job only
reads them), and the day the job runs."""

import datetime

import pytest

from cases.models import Case, PersonRole
from cases.services import case_add_person
from incremental.models import InterventionKind
from tests.factories import InterventionFactory, PersonFactory
from tests.incremental.helpers import ensure_catalogue

AS_OF = datetime.date(2026, 6, 1)


def days(n: int) -> datetime.date:
    return AS_OF + datetime.timedelta(days=n)


@pytest.fixture
def perpetrator(case, lead_officer):
    person = PersonFactory(first_name="Darren", last_name="Whitmore", created_by=lead_officer)
    case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
    return person


@pytest.fixture
def catalogue(db):
    """The default catalogue, seeded again if a transactional test before this one flushed the database."""
    ensure_catalogue()


@pytest.fixture
def intervene(case, perpetrator, catalogue):
    """intervene("cpn", live_until=..., ...): an intervention on the shared case, issued 90 days before AS_OF by the
    lead officer unless told otherwise."""

    def make(code: str = "first_warning", **fields):
        fields.setdefault("issued_on", days(-90))
        return InterventionFactory(
            case=fields.pop("on_case", case),
            person=fields.pop("person", perpetrator),
            kind=InterventionKind.objects.get(code=code),
            **fields,
        )

    return make


@pytest.fixture
def review_due_on(case):
    def set_review(day: datetime.date, on_case: Case | None = None) -> None:
        Case.objects.filter(pk=(on_case or case).pk).update(next_review_date=day)

    return set_review
