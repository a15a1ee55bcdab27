"""The intervention form in two steps, as a browser without JavaScript uses it: the kind and the issuing agency
chosen first (a GET form), then only the details that kind needs, with the officers of the chosen agency."""

import datetime
import html
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from agencies.models import AgencyKind
from cases import services as case_services
from core import clock
from incremental.models import Intervention, KindVersion
from tests.cases.views.helpers import assert_error_summary, date_parts, new_token, page_text
from tests.factories import AgencyFactory, OfficerFactory

pytestmark = pytest.mark.django_db

EVERY_DETAIL = (
    "date_of_birth",
    "issuing_officer",
    "issued_on",
    "notice_hours",
    "authorised_by",
    "landlord_confirmed",
    "live_until",
    "conditions",
    "refused_to_sign",
    "court",
    "first_hearing_on",
    "order_made",
    "order_ends_on",
    "made_without_notice",
    "return_hearing_on",
    "justification",
)
ALWAYS = {"issuing_officer", "issued_on", "conditions"}
COURT = {"court", "first_hearing_on", "order_made", "order_ends_on"}
# Court stages that may be made without notice (the 2014 Act, s.6) ask whether they were, and the return hearing.
WITHOUT_NOTICE = {"made_without_notice", "return_hearing_on"}
# For someone with no interventions yet (suggested stage: tier 1) whose date of birth is recorded: what each kind
# of the default catalogue asks, written out from the catalogue's descriptions (docs/domain.md).
EXPECTED = {
    "words_of_advice": ALWAYS,
    "first_warning": ALWAYS | {"live_until"},
    "final_warning": ALWAYS | {"live_until", "justification"},
    "cpw": ALWAYS | {"live_until", "justification"},
    "abc": ALWAYS | {"live_until", "refused_to_sign", "justification"},
    "cpn": ALWAYS | {"live_until", "justification"} | COURT,
    "civil_injunction": ALWAYS | {"live_until", "justification"} | COURT | WITHOUT_NOTICE,
    "cbo": ALWAYS | {"live_until", "justification"} | COURT,
    "closure": ALWAYS | {"live_until", "justification", "notice_hours", "authorised_by"} | COURT,
    "possession": ALWAYS | {"live_until", "justification"} | COURT,
    "dispersal": ALWAYS | {"live_until"},
    "community_resolution": ALWAYS | {"live_until"},
    "restorative": ALWAYS,
    "immediate_justice": ALWAYS | {"live_until", "justification"},
    "vehicle_warning": ALWAYS | {"live_until", "justification"},
    "vehicle_seizure": ALWAYS | {"live_until", "justification"},
    "youth_injunction": ALWAYS | {"live_until", "justification"} | COURT | WITHOUT_NOTICE,
    "housing_injunction": ALWAYS | {"live_until", "justification"} | COURT | WITHOUT_NOTICE,
}
# Only in force in the pilot area, which the shared case is not in.
PILOT_ONLY = {"respect_order"}
# Recorded from the CPN or PSPO breached, not offered here (tests/incremental/test_penalties.py).
RECORDED_ELSEWHERE = {"fixed_penalty"}
# Powers with age limits ask for the date of birth when it is not recorded.
AGE_LIMITED = {"cpw", "cpn", "civil_injunction", "cbo", "dispersal", "youth_injunction", "housing_injunction"}
ACT_2026 = datetime.date(2026, 6, 29)


@pytest.fixture
def after_2026(db):
    """The 2026 entries are in force: today is on or after their commencement, whatever day the suite runs as of."""
    if clock.today() >= ACT_2026:
        yield
        return
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=zoneinfo.ZoneInfo("Europe/London"))):
        yield


def issue_url(case, person, **query) -> str:
    url = reverse("incremental:intervention_issue", kwargs={"reference": case.reference, "pk": person.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def details_url(case, person, kind, agency) -> str:
    return issue_url(case, person, kind=kind.pk, issuing_agency=agency.pk)


def fields_shown(response) -> set[str]:
    page = page_text(response)
    return {name for name in EVERY_DETAIL if re.search(rf'name="{name}(_0)?"', page)}


def officer_options(response) -> list[str]:
    select = re.search(r'<select[^>]*name="issuing_officer"[^>]*>(.*?)</select>', page_text(response), re.S)
    assert select, "no officer list"
    return [html.unescape(o.strip()) for o in re.findall(r'<option value="\d+"[^>]*>(.*?)</option>', select.group(1))]


def usable_agency(kind, case, lead_officer, *on_case):
    """An agency of the case that may use the power as it stands now, else a new one brought into the case."""
    version = KindVersion.objects.filter(kind=kind, localities=[]).order_by("in_force_from").last()
    agency = next((a for a in on_case if version.may_be_issued_by(a)), None)
    if agency is None:
        agency = AgencyFactory(name="Soarbank Housing", short_name="Soarbank", kind=version.issuing_agency_kinds[0])
        case_services.case_add_agency(case=case, officer=lead_officer, agency=agency)
    return agency


def test_the_expectations_cover_the_whole_catalogue(kinds):
    assert set(kinds) == set(EXPECTED) | PILOT_ONLY | RECORDED_ELSEWHERE


@pytest.mark.parametrize("code", list(EXPECTED))
def test_each_kind_shows_only_the_details_it_needs(
    after_2026, code, case, perpetrator, lead_agency, partner_agency, lead_officer, lead_officer_client, kinds
):
    agency = usable_agency(kinds[code], case, lead_officer, lead_agency, partner_agency)

    response = lead_officer_client.get(details_url(case, perpetrator, kinds[code], agency))

    assert response.status_code == 200
    assert fields_shown(response) == EXPECTED[code]
    assert f"Record {kinds[code].name} for Darren Whitfield" in page_text(response)


@pytest.mark.parametrize("code", list(EXPECTED))
def test_the_date_of_birth_is_asked_only_by_powers_with_age_limits(
    after_2026, code, case, perpetrator, lead_agency, partner_agency, lead_officer, lead_officer_client, kinds
):
    perpetrator.date_of_birth = None
    perpetrator.save()
    agency = usable_agency(kinds[code], case, lead_officer, lead_agency, partner_agency)

    response = lead_officer_client.get(details_url(case, perpetrator, kinds[code], agency))

    assert ("date_of_birth" in fields_shown(response)) == (code in AGE_LIMITED)


def test_no_justification_is_asked_at_the_suggested_stage(
    case, perpetrator, lead_agency, lead_officer_client, kinds, issue
):
    issue("words_of_advice")
    issue("first_warning")  # suggested next: tier 2

    response = lead_officer_client.get(details_url(case, perpetrator, kinds["cpw"], lead_agency))

    assert "justification" not in fields_shown(response)


def test_choosing_by_get_leads_to_the_details_and_change_goes_back(
    case, perpetrator, partner_agency, lead_officer_client, kinds
):
    first = lead_officer_client.get(issue_url(case, perpetrator))
    assert 'name="kind"' in page_text(first) and '<select name="issuing_agency"' in page_text(first)

    details = lead_officer_client.get(details_url(case, perpetrator, kinds["cpw"], partner_agency))
    change = re.search(r'id="change-kind" href="([^"]+)"', page_text(details)).group(1)
    back = lead_officer_client.get(html.unescape(change))

    assert fields_shown(back) == set()
    assert re.search(rf'value="{kinds["cpw"].pk}"[^>]*checked', page_text(back))
    assert re.search(rf'<option value="{partner_agency.pk}" selected>', page_text(back))


def test_the_first_step_refuses_an_agency_that_may_not_use_the_power(
    case, perpetrator, lead_officer, lead_officer_client, kinds
):
    health = AgencyFactory(name="Leicester Partnership NHS Trust", short_name="LPT", kind=AgencyKind.HEALTH)
    case_services.case_add_agency(case=case, officer=lead_officer, agency=health)

    response = lead_officer_client.get(details_url(case, perpetrator, kinds["cpn"], health))

    assert_error_summary(response, "Leicester Partnership NHS Trust cannot issue a Community Protection Notice (CPN)")
    assert fields_shown(response) == set()
    assert lead_officer_client.get(issue_url(case, perpetrator, kind=kinds["cpn"].pk)).status_code == 200


def test_only_officers_of_the_chosen_agency_are_offered(
    case, perpetrator, lead_agency, partner_agency, lead_officer, partner_officer, lead_officer_client, kinds
):
    OfficerFactory(first_name="Ivy", last_name="Inactive", agency=lead_agency, is_active=False)
    OfficerFactory(first_name="Colin", last_name="Colleague", agency=lead_agency)

    own = officer_options(lead_officer_client.get(details_url(case, perpetrator, kinds["cpw"], lead_agency)))
    partner = officer_options(lead_officer_client.get(details_url(case, perpetrator, kinds["cpw"], partner_agency)))

    assert own == ["Colin Colleague (LCC)", "Lena Lead (LCC)"]
    assert partner == ["Priya Partner (Police)"]


def test_an_officer_of_another_agency_is_refused_next_to_the_field(
    case, perpetrator, partner_agency, lead_officer, lead_officer_client, kinds
):
    response = lead_officer_client.post(
        issue_url(case, perpetrator),
        {
            "submission_token": new_token(),
            "kind": str(kinds["words_of_advice"].pk),
            "issuing_agency": str(partner_agency.pk),
            "issuing_officer": str(lead_officer.pk),
            **date_parts("issued_on", clock.today() - datetime.timedelta(days=1)),
        },
    )

    message = "The issuing officer must be an officer of Leicestershire Police"
    assert_error_summary(response, message)
    assert re.search(
        r'id="id_issuing_officer_1_error"[^>]*>\s*<span[^>]*>Error:</span>\s*' + re.escape(message), page_text(response)
    )
    assert Intervention.objects.count() == 0


def test_details_for_another_kind_are_not_saved(
    case, perpetrator, lead_agency, lead_officer, lead_officer_client, kinds
):
    response = lead_officer_client.post(
        issue_url(case, perpetrator),
        {
            "submission_token": new_token(),
            "kind": str(kinds["words_of_advice"].pk),
            "issuing_agency": str(lead_agency.pk),
            "issuing_officer": str(lead_officer.pk),
            **date_parts("issued_on", clock.today() - datetime.timedelta(days=1)),
            "court": "Leicester Magistrates' Court",
            "refused_to_sign": "on",
        },
    )

    assert response.status_code == 302
    saved = Intervention.objects.get()
    assert (saved.court, saved.refused_to_sign, saved.live_until) == ("", False, None)


def test_a_date_issued_that_makes_it_a_skip_brings_the_justification_with_its_error(
    case, perpetrator, lead_agency, lead_officer, lead_officer_client, kinds, issue
):
    issue("first_warning", issued_on=clock.today() - datetime.timedelta(days=10))  # suggested today: tier 2
    url = details_url(case, perpetrator, kinds["final_warning"], lead_agency)
    assert "justification" not in fields_shown(lead_officer_client.get(url))

    response = lead_officer_client.post(
        url,
        {
            "submission_token": new_token(),
            "kind": str(kinds["final_warning"].pk),
            "issuing_agency": str(lead_agency.pk),
            "issuing_officer": str(lead_officer.pk),
            **date_parts("issued_on", clock.today() - datetime.timedelta(days=20)),
        },
    )

    assert "justification" in fields_shown(response)
    assert re.search(
        r'id="id_justification_1_error"[^>]*>\s*<span[^>]*>Error:</span>\s*Final warning', page_text(response)
    )
    assert Intervention.objects.count() == 1
