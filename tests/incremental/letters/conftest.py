"""A case with a perpetrator, an issuing agency with a letterhead, and a way to make interventions of each kind."""

import datetime
import io

import pytest
from pypdf import PdfReader

from cases.models import PersonRole
from cases.services import case_add_person
from incremental.models import InterventionKind
from tests.factories import InterventionFactory, PersonFactory

ISSUED_ON = datetime.date(2025, 3, 14)


def pdf_text(content: bytes) -> str:
    """Every page's text, with runs of white space made single spaces so wrapped phrases can be matched."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def pdf_pages(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def letterhead(lead_agency, lead_officer):
    lead_agency.address = "Community Safety Team\nCity Hall, 115 Charles Street\nLeicester\nLE1 1FZ"
    lead_agency.telephone = "0116 454 1000"
    lead_agency.email = "community.safety@example.gov.uk"
    lead_agency.save()
    lead_officer.job_title = "Anti-social Behaviour Officer"
    lead_officer.telephone = "0116 454 2345"
    lead_officer.save()
    return lead_agency


@pytest.fixture
def perpetrator(case, lead_officer):
    person = PersonFactory(
        first_name="Darren",
        last_name="Whitmore",
        date_of_birth=datetime.date(1990, 6, 2),
        address="Flat 3, 41 Tudor Road, Leicester",
        postcode="LE3 5JF",
        created_by=lead_officer,
    )
    case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
    return person


@pytest.fixture
def young_perpetrator(case, lead_officer):
    person = PersonFactory(
        first_name="Kyle",
        last_name="Brennan",
        date_of_birth=datetime.date(2009, 9, 30),
        address="27 Hinckley Road, Leicester",
        postcode="LE3 0TE",
        created_by=lead_officer,
    )
    case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
    return person


@pytest.fixture
def make_intervention(case, perpetrator, letterhead):
    """An intervention of the catalogue kind `code` on the shared case, issued by its lead officer."""

    def make(code: str, **fields):
        kind = InterventionKind.objects.get(code=code)
        defaults = {"case": case, "person": perpetrator, "kind": kind, "issued_on": ISSUED_ON}
        return InterventionFactory(**{**defaults, **fields})

    return make
