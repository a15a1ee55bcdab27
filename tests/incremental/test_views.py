"""The intervention pages as a browser uses them: the issue form (its suggestion, its errors next to the fields,
nothing saved on bad input, one record from a double submission), the intervention page, the event form (with
its version check), and the ladder on the person and case pages at a fixed number of queries."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import AgencyKind
from cases import services as case_services
from cases.models import ChronologyEntry, EntryKind, PersonRole
from core import clock
from incremental import services
from incremental.models import EventType, Intervention, InterventionEvent
from tests.cases.views.helpers import assert_error_summary, date_parts, input_value, new_token, page_text
from tests.factories import AgencyFactory, CaseFactory, InterventionFactory, OfficerFactory, PersonFactory

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> datetime.date:
    return clock.today() - datetime.timedelta(days=n)


def issue_url(case, person) -> str:
    return reverse("incremental:intervention_issue", kwargs={"reference": case.reference, "pk": person.pk})


def event_url(intervention) -> str:
    return reverse(
        "incremental:intervention_event", kwargs={"reference": intervention.case.reference, "pk": intervention.pk}
    )


def field_error(response, name: str) -> str:
    """The error message shown next to the field `name` ("" when there is none)."""
    found = re.search(
        rf'id="id_{re.escape(name)}_1_error" class="govuk-error-message">\s*'
        r'<span class="govuk-visually-hidden">Error:</span>(.*?)</(?:span|p)>',
        page_text(response),
        re.S,
    )
    if not found:
        return ""
    return html.unescape(" ".join(found.group(1).split()))


@pytest.fixture
def form_data(kinds, lead_agency, lead_officer):
    """issue form data for a kind, everything valid; override what the test is about."""

    def data(code: str, **changes) -> dict:
        values = {
            "submission_token": new_token(),
            "kind": str(kinds[code].pk),
            "issuing_agency": str(lead_agency.pk),
            "issuing_officer": str(lead_officer.pk),
            **date_parts("issued_on", days_ago(1)),
            "conditions": "Keep the music down after 11pm.",
        }
        if kinds[code].court_stage:
            values |= {"court": "Leicester Magistrates' Court", **date_parts("first_hearing_on", clock.today())}
        return values | changes

    return data


# --- The issue form -----------------------------------------------------------------------------------------------


def test_issue_form_shows_the_ladder_and_the_suggested_stage(case, perpetrator, lead_officer_client, kinds):
    InterventionFactory(case=case, person=perpetrator, kind=kinds["words_of_advice"])

    response = lead_officer_client.get(issue_url(case, perpetrator))

    assert response.status_code == 200
    suggestion = re.search(r'id="suggested-stage">(.*?)</div>', page_text(response), re.S).group(1)
    assert " ".join(re.sub(r"<[^>]+>", "", suggestion).split()).startswith(
        "Current stage: Tier 1: early intervention Suggested next stage: Tier 2: warnings"
    )
    assert "Tier 2 (the suggested next stage)" in page_text(response)
    # The first step asks only which intervention and which agency, by GET.
    assert '<form method="get"' in page_text(response)
    assert input_value(response, "issued_on_2") is None


def test_issue_words_of_advice_goes_to_its_page(case, perpetrator, lead_officer_client, form_data):
    response = lead_officer_client.post(issue_url(case, perpetrator), form_data("words_of_advice"))

    intervention = Intervention.objects.get()
    assert response.status_code == 302
    assert response["Location"] == intervention.get_absolute_url()
    page = lead_officer_client.get(response["Location"])
    assert page.status_code == 200
    assert "Words of advice (verbal or written) for Darren Whitfield" in page_text(page)
    assert "Keep the music down after 11pm." in page_text(page)


def test_a_skip_asks_for_the_justification_then_shows_it(case, perpetrator, lead_officer_client, form_data):
    url = issue_url(case, perpetrator)

    refused = lead_officer_client.post(url, form_data("final_warning"))
    saved = lead_officer_client.post(url, form_data("final_warning", justification="Threatened the complainant."))

    assert field_error(refused, "justification") == (
        "Final warning letter and home visit is tier 2, above the suggested next stage (tier 1). Give the severity "
        "justification for entering at this stage"
    )
    intervention = Intervention.objects.get()
    # A kind with a letter goes on to write it.
    assert (saved.status_code, saved["Location"]) == (
        302,
        reverse("incremental:letter_generate", kwargs={"reference": case.reference, "pk": intervention.pk}),
    )
    page = page_text(lead_officer_client.get(intervention.get_absolute_url()))
    assert "Threatened the complainant." in page
    assert "Stage skipped" in page


@pytest.fixture
def cpw(case, perpetrator, kinds):
    return InterventionFactory(case=case, person=perpetrator, kind=kinds["cpw"], issued_on=days_ago(30))


@pytest.fixture
def health_agency(case, lead_officer):
    health = AgencyFactory(name="Leicester Partnership NHS Trust", short_name="LPT", kind=AgencyKind.HEALTH)
    case_services.case_add_agency(case=case, officer=lead_officer, agency=health)
    return health


BAD_INPUT = {
    "live until before issue": (
        "first_warning",
        lambda fx: {**date_parts("issued_on", days_ago(2)), **date_parts("live_until", days_ago(3))},
        "live_until",
        "The date it is live until must be the same as or after the date issued",
    ),
    "issued in the future": (
        "words_of_advice",
        lambda fx: date_parts("issued_on", days_ago(-1)),
        "issued_on",
        "The date issued must be today or in the past",
    ),
    "order ends before it was made": (
        "cpn",
        lambda fx: {**date_parts("order_ends_on", days_ago(5)), "justification": "Breached the CPW."},
        "order_ends_on",
        "The date the order ends must be the same as or after the date issued",
    ),
    "court stage without court details": (
        "cpn",
        lambda fx: {
            "court": "",
            "first_hearing_on_0": "",
            "first_hearing_on_1": "",
            "first_hearing_on_2": "",
            "justification": "Breached the CPW.",
        },
        "court",
        "Enter the court: a Community Protection Notice (CPN) is a court stage",
    ),
    "court stage without hearing or order": (
        "cpn",
        lambda fx: {
            "first_hearing_on_0": "",
            "first_hearing_on_1": "",
            "first_hearing_on_2": "",
            "justification": "Breached the CPW.",
        },
        "first_hearing_on",
        "Enter the date of the first hearing, or the order made",
    ),
    "wrong kind of agency": (
        "cpn",
        lambda fx: {
            "issuing_agency": str(fx["health"].pk),
            "issuing_officer": str(fx["nurse"].pk),
            "justification": "Breached the CPW.",
        },
        "issuing_agency",
        "Leicester Partnership NHS Trust cannot issue a Community Protection Notice (CPN): only a police, local "
        "authority or registered provider of social housing may use this power",
    ),
    "officer of another agency": (
        "words_of_advice",
        lambda fx: {"issuing_agency": str(fx["health"].pk)},
        "issuing_officer",
        "The issuing officer must be an officer of Leicester Partnership NHS Trust",
    ),
}


@pytest.mark.parametrize("problem", list(BAD_INPUT))
def test_bad_input_is_shown_next_to_the_field_and_nothing_saved(
    problem, case, perpetrator, cpw, health_agency, lead_officer_client, form_data
):
    code, changes, field, message = BAD_INPUT[problem]
    fixtures = {"health": health_agency, "nurse": OfficerFactory(agency=health_agency)}
    before = Intervention.objects.count(), ChronologyEntry.objects.count()

    response = lead_officer_client.post(issue_url(case, perpetrator), form_data(code, **changes(fixtures)))

    assert_error_summary(response, message)
    assert field_error(response, field) == message
    assert (Intervention.objects.count(), ChronologyEntry.objects.count()) == before
    assert input_value(response, "conditions") == "Keep the music down after 11pm."


def test_cpn_without_a_cpw_is_refused_next_to_the_intervention(
    case, perpetrator, lead_officer_client, form_data, kinds
):
    InterventionFactory(case=case, person=perpetrator, kind=kinds["abc"])

    response = lead_officer_client.post(
        issue_url(case, perpetrator), form_data("cpn", justification="Serious threats.")
    )

    assert field_error(response, "kind") == (
        "A Community Protection Notice (CPN) needs a Community Protection Warning issued to Darren Whitfield on or "
        f"before {days_ago(1):%-d %B %Y}, and there is none on the ladder"
    )
    assert Intervention.objects.count() == 1


def test_under_age_is_refused_next_to_the_intervention(case, perpetrator, lead_officer_client, form_data):
    perpetrator.date_of_birth = days_ago(15 * 365)
    perpetrator.save()

    response = lead_officer_client.post(issue_url(case, perpetrator), form_data("cpw", justification="Severe."))

    assert "can only be used on someone aged 16 or over" in field_error(response, "kind")
    assert Intervention.objects.count() == 0


def test_unknown_date_of_birth_is_asked_for_on_the_form(case, perpetrator, lead_officer_client, form_data):
    perpetrator.date_of_birth = None
    perpetrator.save()
    url = issue_url(case, perpetrator)

    asked = lead_officer_client.post(url, form_data("cpw", justification="Severe."))
    given = lead_officer_client.post(
        url, form_data("cpw", justification="Severe.", **date_parts("date_of_birth", datetime.date(2000, 2, 3)))
    )

    assert field_error(asked, "date_of_birth") == (
        "Enter Darren Whitfield's date of birth: a Community Protection Warning (CPW) has age limits"
    )
    assert given.status_code == 302
    perpetrator.refresh_from_db()
    assert perpetrator.date_of_birth == datetime.date(2000, 2, 3)


def test_someone_who_is_not_a_perpetrator_in_the_case(case, lead_officer, lead_officer_client, form_data):
    complainant = PersonFactory(first_name="Mary", last_name="Okafor", created_by=lead_officer)
    case_services.case_add_person(case=case, officer=lead_officer, person=complainant, role=PersonRole.COMPLAINANT)
    url = issue_url(case, complainant)

    shown = lead_officer_client.get(url)
    response = lead_officer_client.post(url, form_data("words_of_advice"))

    assert "Mary Okafor is not a perpetrator in case" in page_text(shown)
    assert_error_summary(
        response,
        f"Mary Okafor is not a perpetrator in case {case.reference}. Add them to the case as a perpetrator before "
        "recording an intervention",
    )
    assert Intervention.objects.count() == 0


def test_a_person_the_officer_cannot_see_is_not_found(case, lead_officer_client, outsider_officer, form_data):
    hidden = PersonFactory(created_by=outsider_officer)
    other = CaseFactory(lead_officer=outsider_officer)
    case_services.case_add_person(case=other, officer=outsider_officer, person=hidden, role=PersonRole.PERPETRATOR)

    assert lead_officer_client.get(issue_url(case, hidden)).status_code == 404
    assert lead_officer_client.post(issue_url(case, hidden), form_data("words_of_advice")).status_code == 404


def test_malformed_choices_are_errors_not_a_server_error(case, perpetrator, lead_officer_client, form_data):
    response = lead_officer_client.post(
        issue_url(case, perpetrator),
        form_data("words_of_advice", kind="999999", issuing_agency="x", issued_on_1="13"),
    )

    assert response.status_code == 200
    assert field_error(response, "kind") == "Choose one of the interventions listed"
    assert Intervention.objects.count() == 0


def test_double_submit_records_one_intervention(case, perpetrator, lead_officer_client, form_data):
    data = form_data("words_of_advice")

    first = lead_officer_client.post(issue_url(case, perpetrator), data)
    second = lead_officer_client.post(issue_url(case, perpetrator), data)

    assert Intervention.objects.count() == 1
    assert (first.status_code, second.status_code) == (302, 302)
    assert second["Location"] == first["Location"]


# --- The intervention page and its events -------------------------------------------------------------------------


@pytest.fixture
def warning(case, perpetrator, lead_officer_client, form_data):
    lead_officer_client.post(issue_url(case, perpetrator), form_data("first_warning"))
    return Intervention.objects.get()


@pytest.fixture
def evidence(case, lead_officer):
    return case_services.chronology_add(
        case=case,
        officer=lead_officer,
        kind=EntryKind.VISIT,
        occurred_at=clock.now() - datetime.timedelta(hours=2),
        text="Music heard from the street at 1am.",
    )


def test_intervention_page_shows_its_letter_and_events(warning, lead_officer_client, partner_officer_client):
    page = page_text(lead_officer_client.get(warning.get_absolute_url()))

    assert "First warning letter for Darren Whitfield" in page
    assert "Not written yet" in page
    assert ">Write the letter<" in page
    assert "Record what happened" in page
    assert "Nothing recorded since it was issued." in page
    assert partner_officer_client.get(warning.get_absolute_url()).status_code == 200


def test_record_a_breach(warning, evidence, lead_officer_client):
    response = lead_officer_client.post(
        event_url(warning),
        {
            "submission_token": new_token(),
            "version": str(warning.version),
            "event_type": EventType.BREACH,
            **date_parts("occurred_on", clock.today()),
            "details": "Party until 3am.",
            "evidence_entry": str(evidence.pk),
        },
    )

    assert response.status_code == 302
    warning.refresh_from_db()
    assert warning.breach_count == 1
    page = page_text(lead_officer_client.get(response["Location"]))
    assert "Party until 3am." in page
    assert "Breached 1 time" in page


def test_a_breach_without_evidence_is_shown_next_to_the_field(warning, lead_officer_client):
    response = lead_officer_client.post(
        event_url(warning),
        {
            "submission_token": new_token(),
            "version": str(warning.version),
            "event_type": EventType.BREACH,
            **date_parts("occurred_on", clock.today()),
            "details": "Party until 3am.",
        },
    )

    assert field_error(response, "evidence_entry") == (
        "Choose the chronology entry or the incident that evidences the breach"
    )
    assert InterventionEvent.objects.count() == 0


def test_a_stale_event_form_is_refused_and_nothing_saved(
    warning, evidence, lead_officer_client, partner_officer_client
):
    url = event_url(warning)
    form = lambda **more: {  # noqa: E731
        "submission_token": new_token(),
        "version": str(warning.version),
        **date_parts("occurred_on", clock.today()),
        **more,
    }
    first = partner_officer_client.post(url, form(event_type=EventType.DISCHARGED, details="Discharged by the court."))

    stale = lead_officer_client.post(
        url, form(event_type=EventType.BREACH, details="Party.", evidence_entry=str(evidence.pk))
    )

    assert first.status_code == 302
    assert_error_summary(stale, "Someone else recorded something on this intervention")
    assert input_value(stale, "version") == str(warning.version + 1)
    assert list(InterventionEvent.objects.values_list("event_type", flat=True)) == [EventType.DISCHARGED]


def test_event_form_offers_only_what_makes_sense(warning, lead_officer_client):
    page = page_text(lead_officer_client.get(event_url(warning)))

    offered = re.findall(r'name="event_type"[^>]*value="([a-z_]+)"', page) or re.findall(
        r'value="([a-z_]+)"[^>]*name="event_type"', page
    )
    assert offered == ["breach", "hearing_listed", "varied", "discharged", "expired"]


# --- The ladder on the person and case pages ----------------------------------------------------------------------


@pytest.fixture
def hidden_intervention(perpetrator, outsider_officer, kinds):
    """The outsider agency's own case about the same person, with a CPW the lead officer's agency may not see."""
    other = CaseFactory(lead_officer=outsider_officer)
    case_services.case_add_person(case=other, officer=outsider_officer, person=perpetrator, role=PersonRole.PERPETRATOR)
    return InterventionFactory(
        case=other,
        person=perpetrator,
        kind=kinds["cpw"],
        conditions="Secret terms of the other case.",
        issued_on=days_ago(60),
        skipped_stage=True,
        suggested_tier=1,
        justification="Secret justification.",
    )


def test_person_page_shows_the_whole_ladder_hiding_what_the_viewer_may_not_see(
    case, perpetrator, hidden_intervention, lead_officer_client, kinds
):
    visible = InterventionFactory(case=case, person=perpetrator, kind=kinds["words_of_advice"], conditions="Visible.")

    page = page_text(lead_officer_client.get(perpetrator.get_absolute_url()))

    assert "Incremental Approach" in page
    assert "Community Protection Warning" in page
    assert "A case you cannot see" in page
    assert hidden_intervention.case.reference not in page
    assert "Secret terms" not in page and "Secret justification" not in page
    assert visible.get_absolute_url() in page
    assert hidden_intervention.get_absolute_url() not in page
    assert "Suggested next stage" in page and "Tier 3: agreements" in page


def test_the_hidden_intervention_itself_is_not_found(hidden_intervention, lead_officer_client):
    assert lead_officer_client.get(hidden_intervention.get_absolute_url()).status_code == 404


def test_case_page_shows_each_perpetrators_ladder_with_the_record_link(
    case, perpetrator, hidden_intervention, lead_officer_client
):
    page = page_text(lead_officer_client.get(reverse("cases:interventions", kwargs={"reference": case.reference})))

    assert f'id="ladder-{perpetrator.pk}"' in page
    assert "Incremental Approach: Darren Whitfield" in page
    assert issue_url(case, perpetrator) in page
    assert "A case you cannot see" in page
    assert "Secret terms" not in page


# --- Query counts: the same with 1 as with 10 ---------------------------------------------------------------------


def query_count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_case_page_query_count_does_not_grow_with_perpetrators_or_interventions(
    case, lead_officer, lead_officer_client, kinds, outsider_officer
):
    def add(n):
        for i in range(n):
            person = PersonFactory(first_name=f"Perp{i}", created_by=lead_officer)
            case_services.case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
            for code in ("words_of_advice", "first_warning", "cpw"):
                InterventionFactory(case=case, person=person, kind=kinds[code])
            other = CaseFactory(lead_officer=outsider_officer)
            InterventionFactory(case=other, person=person, kind=kinds["abc"], breach_count=2)

    add(1)
    one = query_count(lead_officer_client, reverse("cases:interventions", kwargs={"reference": case.reference}))
    add(9)
    ten = query_count(lead_officer_client, reverse("cases:interventions", kwargs={"reference": case.reference}))

    assert ten == one


def test_person_page_query_count_does_not_grow_with_interventions(
    case, perpetrator, lead_officer, lead_officer_client, kinds, outsider_officer
):
    def add(n):
        for _ in range(n):
            mine = CaseFactory(lead_officer=lead_officer)
            case_services.case_add_person(
                case=mine, officer=lead_officer, person=perpetrator, role=PersonRole.PERPETRATOR
            )
            InterventionFactory(case=mine, person=perpetrator, kind=kinds["first_warning"], breach_count=1)
            InterventionFactory(case=CaseFactory(lead_officer=outsider_officer), person=perpetrator, kind=kinds["cpw"])

    add(1)
    one = query_count(lead_officer_client, perpetrator.get_absolute_url())
    add(9)
    ten = query_count(lead_officer_client, perpetrator.get_absolute_url())

    assert ten == one


def test_intervention_page_query_count_does_not_grow_with_events(warning, evidence, lead_officer, lead_officer_client):
    def add(n):
        for _ in range(n):
            services.intervention_record_event(
                officer=lead_officer,
                intervention=warning,
                expected_version=Intervention.objects.get(pk=warning.pk).version,
                event_type=EventType.BREACH,
                occurred_on=clock.today(),
                details="Party.",
                evidence_entry=evidence,
            )

    add(1)
    one = query_count(lead_officer_client, warning.get_absolute_url())
    add(9)
    ten = query_count(lead_officer_client, warning.get_absolute_url())

    assert ten == one
