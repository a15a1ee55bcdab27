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
    landlord_condition="The premises are owned or managed by {agency}",
)
CPN = rules.KindRule(id=301, name="Community Protection Notice", tier=4, court_stage=True)
agency_kinds = st.sampled_from([kind.value for kind in AgencyKind])


class Agency:
    def __init__(self, kind: str, name: str = "Soarbank Housing"):
        self.kind, self.name = kind, name


def test_a_notice_without_authorised_hours_asks_nothing():
    assert rules.authorised_notice_errors(CPN, None, "") == {}
    assert rules.notice_hours_allowed(CPN) == []
    assert rules.landlord_condition_errors(CPN, Agency(AgencyKind.SOCIAL_LANDLORD), False) == {}


@given(hours=st.sampled_from([24, 48]))
def test_24_or_48_hours_authorised_by_someone_named_is_a_notice(hours):
    assert rules.authorised_notice_errors(CLOSURE, hours, "Inspector Sarah Kaur") == {}


@given(hours=st.none() | st.integers(1, 200).filter(lambda h: h not in (24, 48)))
def test_any_other_length_is_refused_next_to_the_length(hours):
    errors = rules.authorised_notice_errors(CLOSURE, hours, "Inspector Sarah Kaur")

    assert errors == {"notice_hours": ["Choose how long the notice lasts: 24 hours or 48 hours"]}


def test_who_authorised_it_is_needed_and_for_48_hours_who_may():
    for_24 = rules.authorised_notice_errors(CLOSURE, 24, "  ")
    for_48 = rules.authorised_notice_errors(CLOSURE, 48, "")

    assert for_24 == {"authorised_by": ["Enter who authorised the notice, with their rank or role"]}
    assert "a police superintendent, the council's chief executive" in for_48["authorised_by"][0]


@given(agency=agency_kinds, confirmed=st.booleans())
def test_only_a_social_landlord_confirms_the_condition_in_its_own_name(agency, confirmed):
    errors = rules.landlord_condition_errors(CLOSURE, Agency(agency), confirmed)

    assert bool(errors) == (agency == AgencyKind.SOCIAL_LANDLORD and not confirmed)
    if errors:
        assert errors["landlord_confirmed"] == [
            "Confirm that the premises are owned or managed by Soarbank Housing: a registered social landlord may "
            "use a Closure notice then closure order (premises) only then"
        ]
    assert rules.landlord_statement(CLOSURE, Agency(agency)) == (
        "The premises are owned or managed by Soarbank Housing" if agency == AgencyKind.SOCIAL_LANDLORD else ""
    )


def test_the_shipped_versions_carry_the_hours_the_conditions_and_the_british_transport_police(db):
    closure = {v.in_force_from: v for v in KindVersion.objects.filter(kind__code="closure")}
    respect = KindVersion.objects.filter(kind__code="respect_order")

    assert {(v.notice_hours, v.senior_notice_hours) for v in closure.values()} == {(24, 48)}
    assert closure[ACT_2026].landlord_condition == "The premises are owned or managed by {agency}"
    assert [v.landlord_condition for d, v in closure.items() if d < ACT_2026] == [""]
    assert respect.exists()
    for version in respect:
        assert version.landlord_condition == "The behaviour affects the housing management functions of {agency}"
        assert AgencyKind.BRITISH_TRANSPORT_POLICE in version.issuing_agency_kinds


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
        case, tenant, landlord, notice_hours=48, authorised_by="Lee Brown, Head of Housing", landlord_confirmed=True
    )

    assert (notice.notice_hours, notice.authorised_by, notice.landlord_confirmation) == (
        48,
        "Lee Brown, Head of Housing",
        "The premises are owned or managed by Soarbank Housing",
    )
    entry = ChronologyEntry.objects.filter(case=case).order_by("-id").first()
    assert "Notice for 48 hours, authorised by Lee Brown, Head of Housing." in entry.text
    assert "Confirmed by Soarbank Housing: The premises are owned or managed by Soarbank Housing." in entry.text


def test_a_closure_notice_without_its_authorisation_saves_nothing(case, tenant, landlord):
    with pytest.raises(ValidationError) as refused:
        issue(case, tenant, landlord, notice_hours=48)

    assert set(refused.value.message_dict) == {"authorised_by", "landlord_confirmed"}
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
        landlord_confirmed=True,
    )

    assert (notice.notice_hours, notice.authorised_by, notice.landlord_confirmation) == (None, "", "")


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
        "Confirm that the premises are owned or managed by Soarbank Housing",
    )
    page = page_text(response)
    chosen = re.search(r'<input[^>]*name="notice_hours"[^>]*value="48"[^>]*>', page)
    assert chosen and "checked" in chosen.group(0)
    # Each error beside its own field.
    assert re.search(
        r'id="id_authorised_by_1_error" class="govuk-error-message">\s*<span[^>]*>Error:</span>\s*Enter', page
    )
    assert re.search(
        r'id="id_landlord_confirmed_1_error" class="govuk-error-message">\s*<span[^>]*>Error:</span>\s*Confirm ', page
    )
    assert not tenant.interventions.exists()
