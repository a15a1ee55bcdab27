"""The register's tests: a perpetrator on the shared case, a complainant and a witness, the Respect order in the
catalogue (matched by its code), and an order to work on."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import ChronologyEntry, EntryKind, PersonRole
from cases.record import write_entry
from cases.services import case_add_person, document_upload, incident_record
from core import clock
from incremental import services as incremental_services
from incremental.models import InterventionKind, KindVersion
from orders import services
from orders.rules import RESPECT_ORDER_CODE
from tests.factories import PersonFactory


@pytest.fixture
def respect_kind(db, jag) -> InterventionKind:
    """The catalogue's Respect order (its migration ships it), piloted for these tests in the case's JAG's area too,
    in force since a year before the test's day (the register is about the order, not its commencement)."""
    kind, _ = InterventionKind.objects.get_or_create(
        code=RESPECT_ORDER_CODE, defaults={"name": "Respect order", "tier": 4, "court_stage": True}
    )
    KindVersion.objects.create(
        kind=kind,
        name="Respect order",
        short_name="Respect order",
        legal_basis="Crime and Policing Act 2026",
        legal_source="A pilot in the test JAG's area",
        in_force_from=clock.today() - datetime.timedelta(days=365),
        localities=[jag.locality],
        minimum_age=18,
    )
    return kind


@pytest.fixture
def perpetrator(case, lead_officer):
    person = PersonFactory(
        first_name="Darren", last_name="Whitfield", date_of_birth=datetime.date(1994, 8, 30), created_by=lead_officer
    )
    case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
    return person


@pytest.fixture
def complainants(case, lead_officer):
    people = [
        PersonFactory(first_name="Margaret", last_name="Oyelaran", created_by=lead_officer),
        PersonFactory(first_name="Colin", last_name="Hartshorn", created_by=lead_officer),
    ]
    for person in people:
        case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.COMPLAINANT)
    return people


@pytest.fixture
def assessment(case, perpetrator, lead_officer):
    return services.record_risk_assessment(
        officer=lead_officer,
        case=case,
        person=perpetrator,
        assessed_on=clock.today() - datetime.timedelta(days=2),
        harassment_risk="Neighbours at 14 and 18 report repeated shouting and threats at night.",
        vulnerabilities="Alcohol dependency; no known mental health diagnosis.",
        alternatives="CPW and ABC tried in the spring; both breached.",
        other_matters="None.",
    )


@pytest.fixture
def respect_order(case, perpetrator, lead_officer, lead_agency, respect_kind, assessment):
    return incremental_services.intervention_issue(
        officer=lead_officer,
        case=case,
        person=perpetrator,
        kind=respect_kind,
        issuing_agency=lead_agency,
        issuing_officer=lead_officer,
        issued_on=clock.today() - datetime.timedelta(days=1),
        court="Leicester County Court",
        first_hearing_on=clock.today() + datetime.timedelta(days=14),
        justification="The earlier stages were breached.",
    )


@pytest.fixture
def incident(case, lead_officer, lead_agency):
    moment = clock.now() - datetime.timedelta(days=3)
    return incident_record(
        case=case,
        officer=lead_officer,
        occurred_at=moment,
        reported_at=moment,
        reported_to=lead_agency,
        description="Loud music and shouting from 16 Narborough Road until 3am.",
        hate_incident=False,
    )


@pytest.fixture
def visit(case, lead_officer) -> ChronologyEntry:
    return write_entry(
        case=case,
        officer=lead_officer,
        text="Visited Margaret Oyelaran: she described threats on the landing.",
        kind=EntryKind.VISIT,
        occurred_at=clock.now() - datetime.timedelta(hours=2),
    )


@pytest.fixture
def statement(case, lead_officer):
    return document_upload(
        case=case,
        officer=lead_officer,
        uploaded=SimpleUploadedFile("statement.pdf", b"%PDF-1.4\n%%EOF\n"),
        content_type="application/pdf",
        title="Statement of service",
    )
