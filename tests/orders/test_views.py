"""The register page and CSV, each order's page and forms, and the application bundle read back."""

import csv
import datetime
import io
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import PersonRole
from cases.services import case_add_person
from core import clock
from incremental import services as incremental_services
from incremental.models import EventType
from orders import services
from orders.models import OrderTerm, RespectRiskAssessment
from tests.cases.views.helpers import assert_error_summary, date_parts, new_token, page_text
from tests.factories import CaseFactory, InterventionFactory, PersonFactory

pytestmark = pytest.mark.django_db

REGISTER = reverse("orders:register")


def order_url(name: str, order, **kwargs) -> str:
    return reverse(f"orders:{name}", kwargs={"reference": order.case.reference, "pk": order.pk, **kwargs})


@pytest.fixture
def hidden_order(outsider_officer, category):
    """A CPN on a case only another agency works: no one else may learn of it."""
    case = CaseFactory(lead_officer=outsider_officer, category=category)
    person = PersonFactory(first_name="Hidden", last_name="Person", created_by=outsider_officer)
    case_add_person(case=case, officer=outsider_officer, person=person, role=PersonRole.PERPETRATOR)
    from incremental.models import InterventionKind

    return InterventionFactory(case=case, person=person, kind=InterventionKind.objects.get(code="cpn"))


def test_register_lists_only_the_officers_cases(lead_officer_client, respect_order, hidden_order):
    page = page_text(lead_officer_client.get(REGISTER))
    assert "Darren Whitfield" in page
    assert "Pending (no order made yet)" in page
    assert "Hidden Person" not in page
    assert order_url("order_detail", respect_order) in page


def test_register_filters_by_status_type_and_expiry(lead_officer_client, case, perpetrator, respect_order):
    from incremental.models import InterventionKind

    InterventionFactory(
        case=case,
        person=perpetrator,
        kind=InterventionKind.objects.get(code="cpn"),
        live_until=clock.today() + datetime.timedelta(days=10),
        order_made="CPN: no amplified music.",
    )
    page = page_text(lead_officer_client.get(REGISTER, {"status": "in_force"}))
    assert "Community Protection Notice" in page and "Respect order" not in page.split('id="register"')[1]
    page = page_text(lead_officer_client.get(REGISTER, {"expiry": "30"}))
    assert "Community Protection Notice" in page.split('id="register"')[1]
    assert "1 order and notice" in page
    page = page_text(lead_officer_client.get(REGISTER, {"kind": respect_order.kind_id}))
    assert "Respect order" in page.split('id="register"')[1]
    assert "Community Protection Notice" not in page.split('id="register"')[1]
    page = page_text(lead_officer_client.get(REGISTER, {"jag": case.jag_id + 999}))
    assert "Select a valid choice" in page


def test_register_takes_the_same_queries_for_many_orders(lead_officer_client, case, perpetrator, respect_order):
    from incremental.models import InterventionKind

    cpn = InterventionKind.objects.get(code="cpn")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert lead_officer_client.get(REGISTER).status_code == 200
        return len(captured)

    few = count()
    for _ in range(6):
        order = InterventionFactory(case=case, person=perpetrator, kind=cpn)
        services.add_term(
            officer=case.lead_officer, intervention=order, kind="requirement", text="Course.", supervisor="YOS"
        )
    assert count() == few


def test_register_csv(lead_officer_client, respect_order, hidden_order):
    response = lead_officer_client.get(reverse("orders:register_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Case", "JAG", "Person"]
    assert [row[2] for row in rows[1:]] == ["Darren Whitfield"]
    assert response["Cache-Control"] == "private, no-store"


def test_order_page_is_hidden_from_outsiders(outsider_client, respect_order):
    assert outsider_client.get(order_url("order_detail", respect_order)).status_code == 404


def test_term_without_supervisor_is_an_error_next_to_the_field(lead_officer_client, respect_order):
    response = lead_officer_client.post(
        order_url("term_new", respect_order),
        {"submission_token": new_token(), "kind": "requirement", "text": "Attend a course.", "supervisor": ""},
    )
    assert_error_summary(response, "Enter the person or organisation who supervises this requirement")
    assert 'id="id_supervisor-error"' in page_text(response) or "govuk-form-group--error" in page_text(response)
    assert not OrderTerm.objects.exists()


def test_exclusion_without_ground_is_an_error(lead_officer_client, respect_order):
    response = lead_officer_client.post(
        order_url("term_new", respect_order),
        {"submission_token": new_token(), "kind": "prohibition", "text": "Not to enter.", "excludes_from_home": "on"},
    )
    assert_error_summary(response, "Choose the ground for excluding the respondent from their home")
    assert not OrderTerm.objects.exists()


def test_risk_assessment_form_errors_and_save(lead_officer_client, case, perpetrator, respect_kind):
    url = reverse("orders:risk_assessment_new", kwargs={"reference": case.reference, "pk": perpetrator.pk})
    response = lead_officer_client.post(
        url, {"submission_token": new_token(), **date_parts("assessed_on", clock.today()), "harassment_risk": "x"}
    )
    assert_error_summary(response, "Enter the respondent's vulnerabilities", "Enter any other material matter")
    assert not RespectRiskAssessment.objects.exists()
    response = lead_officer_client.post(
        url,
        {
            "submission_token": new_token(),
            **date_parts("assessed_on", clock.today()),
            "harassment_risk": "Threats.",
            "vulnerabilities": "None known.",
            "alternatives": "CPW breached.",
            "other_matters": "None.",
        },
    )
    assert response.status_code == 302
    assert f"kind={respect_kind.pk}" in response["Location"]


def test_breach_action_form_and_order_page(lead_officer_client, respect_order, incident, lead_officer):
    event = incremental_services.intervention_record_event(
        officer=lead_officer,
        intervention=respect_order,
        expected_version=respect_order.version,
        event_type=EventType.BREACH,
        occurred_on=clock.today(),
        details="Shouting at the complainant's door.",
        evidence_incident=incident,
    )
    url = order_url("breach_action", respect_order, event_pk=event.pk)
    data = {"submission_token": new_token(), "version": "0", **date_parts("reported_to_police_on", clock.today())}
    assert lead_officer_client.post(url, data | {"police_reference": "LP-1"}).status_code == 302
    stale = lead_officer_client.post(url, data | {"submission_token": new_token(), "outcome": "Charged."})
    assert "Someone else recorded what was done" in page_text(stale)
    page = page_text(lead_officer_client.get(order_url("order_detail", respect_order)))
    assert "Breach of" in page and "(reference LP-1)" in page


def pdftotext(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def test_bundle_names_only_consenting_witnesses(
    lead_officer_client, respect_order, complainants, incident, visit, lead_officer
):
    services.add_term(
        officer=lead_officer,
        intervention=respect_order,
        kind="requirement",
        text="Attend an alcohol awareness course.",
        supervisor="Turning Point, Leicester",
    )
    assert lead_officer_client.get(order_url("bundle", respect_order)).status_code == 200
    response = lead_officer_client.get(
        order_url("bundle_pdf", respect_order),
        {"incident": [incident.pk], "entry": [visit.pk], "witness": [complainants[1].pk]},
    )
    assert response["Content-Type"] == "application/pdf"
    text = pdftotext(response.content)
    assert "Alcohol dependency" in text
    assert "Attend an alcohol awareness course. Supervised by Turning Point, Leicester" in text
    assert "Loud music and shouting" in text
    assert "Visited Margaret Oyelaran" in text  # the officer chose this entry; its own words are not redacted
    assert "Complainant A" in text
    assert "Colin Hartshorn" in text
    assert "Complainant (consenting witness)" in text
    people = text.split("People involved")[1].split("Evidence")[0]
    assert "Margaret Oyelaran" not in people
    info = subprocess.run(["pdfinfo", "-"], input=response.content, capture_output=True, check=True).stdout.decode()
    assert "Tagged:          yes" in info
