"""A closure notice's length and who authorised it (the 2014 Act, s.77, as amended by the Crime and Policing Act 2026):
24 hours on the issuing officer's authority, 48 with a senior authorisation; a registered social landlord's only for
premises it owns or manages. The rule, the shipped catalogue, the service and the form."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from agencies.models import AgencyKind
from cases.models import ChronologyEntry, PersonRole
from cases.services import case_add_agency, case_add_person
from core import clock
from incremental import rules, services
from incremental.models import InterventionKind, KindVersion
from tests.cases.views.helpers import assert_error_summary, date_parts, new_token, page_text
from tests.factories import AgencyFactory, OfficerFactory, PersonFactory

ACT_2026 = datetime.date(2026, 6, 29)
CLOSURE = rules.KindRule(
    id=300,
    name="Closure notice then closure order (premises)",
    tier=4,
    court_stage=True,
    issuing_agency_kinds=("police", "local_authority", "social_landlord"),
    notice_hours=24,
    senior_notice_hours=48,
)
CPN = rules.KindRule(id=301, name="Community Protection Notice", tier=4, court_stage=True)
agency_kinds = st.sampled_from([kind.value for kind in AgencyKind])


def test_a_notice_without_authorised_hours_asks_nothing():
    assert rules.authorised_notice_errors(CPN, AgencyKind.POLICE, None, "", False) == {}
    assert rules.notice_hours_allowed(CPN) == []


@given(hours=st.sampled_from([24, 48]), agency=agency_kinds)
def test_24_or_48_hours_authorised_by_someone_named_is_a_notice(hours, agency):
    errors = rules.authorised_notice_errors(CLOSURE, agency, hours, "Inspector Sarah Kaur", True)

    assert errors == {}


@given(hours=st.none() | st.integers(1, 200).filter(lambda h: h not in (24, 48)))
def test_any_other_length_is_refused_next_to_the_length(hours):
    errors = rules.authorised_notice_errors(CLOSURE, AgencyKind.POLICE, hours, "Inspector Sarah Kaur", False)

    assert errors == {"notice_hours": ["Choose how long the notice lasts: 24 hours or 48 hours"]}


def test_who_authorised_it_is_needed_and_for_48_hours_who_may():
    for_24 = rules.authorised_notice_errors(CLOSURE, AgencyKind.POLICE, 24, "  ", False)
    for_48 = rules.authorised_notice_errors(CLOSURE, AgencyKind.POLICE, 48, "", False)

    assert for_24 == {"authorised_by": ["Enter who authorised the notice, with their rank or role"]}
    assert "a police superintendent, the council's chief executive" in for_48["authorised_by"][0]


@given(agency=agency_kinds)
def test_only_a_social_landlord_confirms_the_premises_are_its_own(agency):
    errors = rules.authorised_notice_errors(CLOSURE, agency, 24, "Housing manager Lee Brown", False)

    assert ("premises_managed" in errors) == (agency == AgencyKind.SOCIAL_LANDLORD)


def test_the_shipped_closure_versions_carry_24_and_48_hours(db):
    versions = KindVersion.objects.filter(kind__code="closure")

    assert versions.count() == 2
    assert {(v.notice_hours, v.senior_notice_hours) for v in versions} == {(24, 48)}


@pytest.fixture
def after_2026(db):
    """Social landlords' closure notices are in force: today is on or after 29 June 2026, whatever the suite's day."""
    if clock.today() >= ACT_2026:
        yield
        return
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=zoneinfo.ZoneInfo("Europe/London"))):
        yield


@pytest.fixture
def landlord(after_2026, case, lead_officer):
    agency = AgencyFactory(name="Soarbank Housing", short_name="Soarbank", kind=AgencyKind.SOCIAL_LANDLORD)
    case_add_agency(case=case, officer=lead_officer, agency=agency)
    return agency


@pytest.fixture
def tenant(case, lead_officer):
    person = PersonFactory(first_name="Kyle", last_name="Dempsey", created_by=lead_officer)
    case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
    return person


def issue(case, tenant, agency, **fields):
    officer = OfficerFactory(agency=agency)
    return services.intervention_issue(
        officer=officer,
        case=case,
        person=tenant,
        kind=InterventionKind.objects.get(code="closure"),
        issuing_agency=agency,
        issuing_officer=officer,
        issued_on=clock.today(),
        court="Leicester Magistrates' Court",
        first_hearing_on=clock.today() + datetime.timedelta(days=2),
        justification="Class A drugs supplied from the premises.",
        **fields,
    )


def test_a_landlords_closure_notice_is_recorded_with_its_authorisation(case, tenant, landlord):
    notice = issue(
        case, tenant, landlord, notice_hours=48, authorised_by="Lee Brown, Head of Housing", premises_managed=True
    )

    assert (notice.notice_hours, notice.authorised_by, notice.premises_managed) == (
        48,
        "Lee Brown, Head of Housing",
        True,
    )
    entry = ChronologyEntry.objects.filter(case=case).order_by("-id").first()
    assert "Notice for 48 hours, authorised by Lee Brown, Head of Housing; premises owned or managed by" in entry.text


def test_a_closure_notice_without_its_authorisation_saves_nothing(case, tenant, landlord):
    with pytest.raises(ValidationError) as refused:
        issue(case, tenant, landlord, notice_hours=48)

    assert set(refused.value.message_dict) == {"authorised_by", "premises_managed"}
    assert not tenant.interventions.exists()


def test_other_interventions_keep_no_notice_details(case, tenant, lead_officer, after_2026):
    notice = services.intervention_issue(
        officer=lead_officer,
        case=case,
        person=tenant,
        kind=InterventionKind.objects.get(code="words_of_advice"),
        issuing_agency=lead_officer.agency,
        issuing_officer=lead_officer,
        issued_on=clock.today(),
        notice_hours=48,
        authorised_by="Someone",
        premises_managed=True,
    )

    assert (notice.notice_hours, notice.authorised_by, notice.premises_managed) == (None, "", False)


def test_the_form_asks_a_landlord_for_the_authorisation_and_keeps_what_was_typed(
    case, tenant, landlord, lead_officer, lead_officer_client
):
    officer = OfficerFactory(agency=landlord, first_name="Lee", last_name="Brown")
    kind = InterventionKind.objects.get(code="closure")
    url = reverse("incremental:intervention_issue", kwargs={"reference": case.reference, "pk": tenant.pk})
    query = f"?kind={kind.pk}&issuing_agency={landlord.pk}"

    page = page_text(lead_officer_client.get(url + query))
    assert "The premises are owned or managed by Soarbank Housing" in page
    assert "48 hours (with a senior authorisation)" in page

    response = lead_officer_client.post(
        url + query,
        {
            "submission_token": new_token(),
            "kind": kind.pk,
            "issuing_agency": landlord.pk,
            "issuing_officer": officer.pk,
            **date_parts("issued_on", clock.today()),
            "notice_hours": "48",
            "authorised_by": "",
            "court": "Leicester Magistrates' Court",
            **date_parts("first_hearing_on", clock.today() + datetime.timedelta(days=2)),
            "justification": "Class A drugs supplied from the premises.",
        },
    )

    assert_error_summary(
        response,
        "Enter who authorised the notice, with their rank or role (for 48 hours: a police superintendent",
        "A registered social landlord may issue a closure notice only for premises it owns or manages",
    )
    page = page_text(response)
    chosen = re.search(r'<input[^>]*name="notice_hours"[^>]*value="48"[^>]*>', page)
    assert chosen and "checked" in chosen.group(0)
    # Each error beside its own field.
    assert re.search(
        r'id="id_authorised_by_1_error" class="govuk-error-message">\s*<span[^>]*>Error:</span>\s*Enter', page
    )
    assert re.search(
        r'id="id_premises_managed_1_error" class="govuk-error-message">\s*<span[^>]*>Error:</span>\s*A ', page
    )
    assert not tenant.interventions.exists()
