"""The Django admin and the personal data of cases: a system administrator of one agency reads the audit trail of
another agency's case by its reference and actions, never the names in it, and no admin page lists the people,
chronology or other records of cases."""

import datetime

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from agencies.models import AuditAction, AuditEvent
from cases import services
from cases.models import PersonRole
from tests.factories import CaseFactory, OfficerFactory
from tests.second_factor import verified_client

pytestmark = pytest.mark.django_db

# Configuration an administrator edits; anything else in these apps is a case's record.
ADMIN_MODELS = {
    "cases.CasePolicy",
    "cases.Category",
    "cases.RiskReviewInterval",
    "cases.SupportService",
    "incremental.InterventionKind",
    "incremental.KindVersion",
    "jag.Jag",
}
CASE_APPS = ("cases", "incremental", "cessation", "jag")


@pytest.fixture
def administrator(outsider_agency):
    """A system administrator of Rutland County Council, which has no part in the shared case."""
    return OfficerFactory(
        username="rcc.admin", agency=outsider_agency, is_superuser=True, is_staff=True, roles=["administrator"]
    )


@pytest.fixture
def admin_client(administrator) -> Client:
    return verified_client(administrator)


@pytest.fixture
def other_agency_case(case, lead_officer, lead_officer_client):
    """The shared case (Leicester City Council's), with a perpetrator added and their page viewed."""
    person = services.person_create(officer=lead_officer, first_name="Zebedee", last_name="Quartermain")
    services.case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
    assert lead_officer_client.get(reverse("cases:person", kwargs={"pk": person.pk})).status_code == 200
    return case


@pytest.fixture
def own_agency_case(outsider_officer, jag, category):
    """A case the administrator's own agency leads, with a complainant."""
    own = CaseFactory(lead_officer=outsider_officer, jag=jag, category=category)
    person = services.person_create(officer=outsider_officer, first_name="Ottoline", last_name="Ownagency")
    services.case_add_person(case=own, officer=outsider_officer, person=person, role=PersonRole.COMPLAINANT)
    return own


def test_audit_descriptions_name_people_here(other_agency_case):
    """What the admin must hide: the audit trail of the case does name the person."""
    descriptions = AuditEvent.objects.values_list("description", flat=True)

    assert "Added Zebedee Quartermain as perpetrator" in descriptions
    assert "Viewed person Zebedee Quartermain" in descriptions


def test_audit_list_shows_references_and_actions_not_names(admin_client, other_agency_case, own_agency_case):
    page = admin_client.get(reverse("admin:agencies_auditevent_changelist"))
    html = page.content.decode()

    assert page.status_code == 200
    assert other_agency_case.reference in html
    assert "Not shown: it concerns a case you have no access to" in html
    assert "Zebedee" not in html and "Quartermain" not in html
    # The administrator's own agency's case reads in full.
    assert "Added Ottoline Ownagency as complainant" in html


def test_audit_search_by_name_finds_nothing_on_cases_the_administrator_may_not_see(
    admin_client, other_agency_case, own_agency_case
):
    url = reverse("admin:agencies_auditevent_changelist")

    def found(term: str) -> set[str]:
        events = admin_client.get(url, {"q": term}).context["cl"].result_list
        return {event.case_reference or event.description for event in events}

    assert found("Quartermain") == set()
    assert found("Zebedee Quartermain") == set()
    assert found("Ownagency") == {own_agency_case.reference}
    assert other_agency_case.reference in found(other_agency_case.reference)
    assert found("lead.officer") >= {other_agency_case.reference}


def test_audit_event_page_hides_the_description(admin_client, other_agency_case):
    events = AuditEvent.objects.filter(description__contains="Quartermain")
    assert events.count() == 2

    for event in events:
        page = admin_client.get(reverse("admin:agencies_auditevent_change", args=[event.pk]))
        html = page.content.decode()
        assert page.status_code == 200
        assert "Quartermain" not in html
        assert "Not shown" in html


def test_an_officer_of_the_case_agency_as_administrator_reads_it(lead_agency, other_agency_case):
    administrator = OfficerFactory(agency=lead_agency, is_superuser=True, is_staff=True)
    client = verified_client(administrator)

    html = client.get(reverse("admin:agencies_auditevent_changelist")).content.decode()

    assert "Added Zebedee Quartermain as perpetrator" in html
    assert "Viewed person Zebedee Quartermain" in html


def test_audit_event_is_read_only(admin_client, other_agency_case):
    event = AuditEvent.objects.filter(action=AuditAction.CREATE).first()

    assert admin_client.get(reverse("admin:agencies_auditevent_add")).status_code == 403
    assert admin_client.post(reverse("admin:agencies_auditevent_delete", args=[event.pk])).status_code == 403


def test_no_record_of_a_case_is_registered_in_the_admin():
    """People, their roles on cases, the chronology, interventions, proposals...: none has an admin page, so an
    administrator reaches them only through the service's own pages, as their officer's access allows."""
    registered = {model._meta.label for model in admin.site._registry}

    assert {label for label in registered if label.startswith(CASE_APPS)} == ADMIN_MODELS


def test_record_pages_are_not_in_the_admin(admin_client, other_agency_case):
    for path in ("cases/person/", "cases/caseperson/", "cases/chronologyentry/", "cases/case/"):
        assert admin_client.get(f"/admin/{path}").status_code == 404


def test_the_case_policy_is_one_row_the_administrator_edits(admin_client):
    from cases.models import CasePolicy
    from cases.support.services import default_follow_up
    from core import clock

    changelist = reverse("admin:cases_casepolicy_changelist")
    change = reverse("admin:cases_casepolicy_change", args=[1])
    assert admin_client.get(changelist)["Location"] == change
    assert admin_client.get(reverse("admin:cases_casepolicy_add")).status_code == 403
    form = admin_client.get(change).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if name in form.fields}

    refused = admin_client.post(change, data | {"support_follow_up_days": "0"})
    assert "Ensure this value is greater than or equal to 1." in refused.content.decode()
    assert admin_client.post(change, data | {"support_follow_up_days": "10"}).status_code == 302

    assert CasePolicy.current().support_follow_up_days == 10
    assert default_follow_up() == clock.today() + datetime.timedelta(days=10)
    assert CasePolicy.objects.count() == 1
