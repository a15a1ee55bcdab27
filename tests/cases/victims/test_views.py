"""The victim's page and its forms, the Victims section, and the repeat-victim flag wherever the person appears."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import ChronologyEntry, PersonRole, VictimAssessment, VictimContact, VictimContactPlan
from cases.services import case_add_person, person_create
from cases.victims import services
from core import clock
from tests.cases.views.helpers import assert_error_summary, date_parts, input_value, new_token, page_text
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


def victim_url(case, link, name="detail") -> str:
    return reverse(f"victims:{name}", kwargs={"reference": case.reference, "pk": link.pk})


def plan_post(officer, **more) -> dict:
    return {
        "spoc": officer.pk,
        "frequency_days": "",
        "methods": ["phone", "visit"],
        "safe_times": "Weekdays after 6pm",
        "safe_ways": "No voicemail",
        "language": "Polish",
        "interpreter_needed": "yes",
        "accessibility_needs": "",
        "others_to_speak_to": "Her son, Tomasz",
        "version": "0",
        "submission_token": new_token(),
    } | more


def test_victim_page_is_hidden_from_outsiders_and_for_other_roles(
    case, victim_link, lead_officer, outsider_client, partner_officer_client, lead_officer_client
):
    witness = PersonFactory(created_by=lead_officer)
    case_add_person(case=case, officer=lead_officer, person=witness, role=PersonRole.WITNESS)
    witness_link = case.case_people.get(person=witness)
    other = CaseFactory(lead_officer=lead_officer, lead_agency=lead_officer.agency)

    assert outsider_client.get(victim_url(case, victim_link)).status_code == 404
    assert partner_officer_client.get(victim_url(case, victim_link)).status_code == 200
    assert lead_officer_client.get(victim_url(case, witness_link)).status_code == 404
    wrong_case = reverse("victims:detail", kwargs={"reference": other.reference, "pk": victim_link.pk})
    assert lead_officer_client.get(wrong_case).status_code == 404


def test_plan_saved_shows_on_the_page_with_the_next_contact(case, victim_link, lead_officer, lead_officer_client):
    response = lead_officer_client.post(victim_url(case, victim_link, "contact_plan"), plan_post(lead_officer))

    assert response.status_code == 302
    assert response["Location"] == victim_url(case, victim_link) + "#contact-plan"
    page = page_text(lead_officer_client.get(victim_url(case, victim_link)))
    plan = VictimContactPlan.objects.get()
    assert (plan.frequency_days, plan.methods, plan.interpreter_needed) == (28, ["phone", "visit"], True)
    assert "Lena Lead" in page
    assert "At least every 28 days (follows the victim's risk band)" in page
    assert "Interpreter needed" in page
    assert "Her son, Tomasz" in page


def test_plan_without_a_method_is_refused_keeping_what_was_typed(case, victim_link, lead_officer, lead_officer_client):
    data = plan_post(lead_officer, methods=[], safe_times="Only mornings")

    response = lead_officer_client.post(victim_url(case, victim_link, "contact_plan"), data)

    assert_error_summary(response, "Choose at least one way to contact the victim")
    assert input_value(response, "safe_times") == "Only mornings"
    assert 'class="govuk-checkboxes' in page_text(response)
    assert VictimContactPlan.objects.count() == 0


def test_a_stale_plan_form_is_refused(case, victim_link, lead_officer, partner_officer, lead_officer_client):
    url = victim_url(case, victim_link, "contact_plan")
    assert lead_officer_client.post(url, plan_post(lead_officer)).status_code == 302

    stale = lead_officer_client.post(url, plan_post(partner_officer, safe_times="Typed again"))

    page = page_text(stale)
    assert "Someone else saved this victim&#x27;s contact plan while you were editing it" in page
    assert input_value(stale, "safe_times") == "Typed again"
    assert input_value(stale, "version") == "1"
    assert VictimContactPlan.objects.get().spoc == lead_officer


def test_overdue_contact_is_shown_clearly(case, victim, victim_link, make_plan, lead_officer_client):
    make_plan(frequency_days=5)
    VictimContactPlan.objects.update(next_contact_due=clock.today() - datetime.timedelta(days=3))

    page = page_text(lead_officer_client.get(victim_url(case, victim_link)))

    assert "Contact overdue</strong>" in page
    assert "(3 days ago)" in page


def test_logging_a_contact_lists_it_and_writes_the_chronology(case, victim, victim_link, lead_officer_client):
    today = clock.today()
    response = lead_officer_client.post(
        victim_url(case, victim_link, "contact_add"),
        {
            **date_parts("contacted_on", today),
            "contacted_time": "",
            "method": "phone",
            "summary": "Explained the CPW issued.",
            "submission_token": new_token(),
        },
    )

    assert response.status_code == 302
    assert VictimContact.objects.get().summary == "Explained the CPW issued."
    page = page_text(lead_officer_client.get(victim_url(case, victim_link)))
    assert "Explained the CPW issued." in page
    assert ChronologyEntry.objects.filter(case=case, text__contains="Explained the CPW issued.").count() == 1


def test_contact_in_the_future_is_refused(case, victim_link, lead_officer_client):
    tomorrow = clock.today() + datetime.timedelta(days=1)
    response = lead_officer_client.post(
        victim_url(case, victim_link, "contact_add"),
        {**date_parts("contacted_on", tomorrow), "method": "visit", "summary": "x", "submission_token": new_token()},
    )

    assert_error_summary(response, "The date of the contact must be today or in the past")
    assert VictimContact.objects.count() == 0


def test_assessment_shows_the_band_before_the_override_then_saves(case, victim, victim_link, lead_officer_client):
    url = victim_url(case, victim_link, "assess")
    answers = {
        "repeat_victim": "no",
        "targeted": "yes",
        "household_vulnerable": "yes",
        "health_impact": "no",
        "children_in_household": "no",
        "unsafe_at_home": "no",
    }
    assert "A victim who feels unsafe in their home is high risk" in page_text(lead_officer_client.get(url))

    shown = lead_officer_client.post(url, {**answers, "calculate": "first", "submission_token": new_token()})

    page = page_text(shown)
    assert "Calculated band:" in page and "High</strong>" in page
    assert 'name="override_band"' in page
    assert VictimAssessment.objects.count() == 0
    no_reason = lead_officer_client.post(
        url, {**answers, "shown_band": "high", "override_band": "medium", "submission_token": new_token()}
    )
    assert_error_summary(no_reason, "Give the reason for changing the band")
    saved = lead_officer_client.post(url, {**answers, "shown_band": "high", "submission_token": new_token()})
    assert saved.status_code == 302
    assert VictimAssessment.objects.get().band == "high"


def test_victims_section_lists_each_victim_with_spoc_band_and_due(
    case, victim, victim_link, lead_officer, make_plan, assess, lead_officer_client
):
    make_plan()
    assess(unsafe_at_home=True)
    VictimContactPlan.objects.update(next_contact_due=clock.today() - datetime.timedelta(days=1))

    page = page_text(lead_officer_client.get(reverse("cases:victims", kwargs={"reference": case.reference})))

    table = page[page.index('id="table-victims"') :]
    assert f'href="{victim_url(case, victim_link)}">Vera Victim</a>' in table
    assert "Lena Lead" in table
    assert "High</strong>" in table
    assert "Overdue</strong>" in table
    assert 'aria-current="page">Victims</a>' in page


def test_victims_section_reads_a_fixed_number_of_queries(case, lead_officer, lead_officer_client):
    url = reverse("cases:victims", kwargs={"reference": case.reference})

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert lead_officer_client.get(url).status_code == 200
        return len(queries)

    def add_victim(n: int) -> None:
        person = person_create(officer=lead_officer, first_name=f"Vic{n}", last_name="Tim")
        case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.COMPLAINANT)
        services.contact_plan_save(
            case=case,
            victim=person,
            officer=lead_officer,
            expected_version=0,
            spoc=lead_officer,
            frequency_days=None,
            methods=["phone"],
        )
        services.victim_assess(
            case=case,
            victim=person,
            officer=lead_officer,
            repeat_victim=True,
            targeted=False,
            household_vulnerable=False,
            health_impact=False,
            children_in_household=False,
            unsafe_at_home=False,
        )

    add_victim(0)
    one = count()
    for n in range(1, 6):
        add_victim(n)

    assert count() == one


def test_people_section_links_complainants_to_their_page_with_the_repeat_flag(
    case, victim, victim_link, lead_officer, lead_officer_client
):
    elsewhere = CaseFactory(lead_officer=lead_officer, lead_agency=lead_officer.agency)
    case_add_person(case=elsewhere, officer=lead_officer, person=victim, role=PersonRole.COMPLAINANT)

    page = page_text(lead_officer_client.get(reverse("cases:people", kwargs={"reference": case.reference})))

    assert f'href="{victim_url(case, victim_link)}">Victim\'s page' in page
    assert "Repeat victim</strong>" in page


def test_repeat_victim_flag_counts_cases_the_viewer_may_not_see_without_naming_them(
    case, victim, victim_link, outsider_officer, partner_officer_client
):
    hidden = CaseFactory(lead_officer=outsider_officer, lead_agency=outsider_officer.agency)
    case_add_person(case=hidden, officer=outsider_officer, person=victim, role=PersonRole.COMPLAINANT)

    pages = [
        page_text(partner_officer_client.get(url))
        for url in (
            case.get_absolute_url(),
            victim_url(case, victim_link),
            reverse("cases:victims", kwargs={"reference": case.reference}),
            reverse("cases:person", kwargs={"pk": victim.pk}),
        )
    ]

    assert ["Repeat victim" in page for page in pages] == [True, True, True, True]
    assert [hidden.reference in page for page in pages] == [False, False, False, False]


def test_possible_matches_show_the_repeat_flag(case, victim, lead_officer, lead_officer_client):
    for _ in range(3):
        other = CaseFactory(lead_officer=lead_officer, lead_agency=lead_officer.agency)
        case_add_person(case=other, officer=lead_officer, person=victim, role=PersonRole.COMPLAINANT)

    response = lead_officer_client.post(
        reverse("cases:person_add", kwargs={"reference": case.reference}),
        {"role": PersonRole.WITNESS, "first_name": "Vera", "last_name": "Victim", "submission_token": new_token()},
    )

    assert [p.pk for p in response.context["matches"]] == [victim.pk]
    assert "Repeat victim</strong>" in page_text(response)


def test_victim_page_reads_a_fixed_number_of_queries(
    case, victim, victim_link, lead_officer, make_plan, assess, lead_officer_client
):
    make_plan()

    def log_and_assess(n: int) -> None:
        for m in range(n):
            services.contact_log(
                case=case,
                victim=victim,
                officer=lead_officer,
                contacted_at=clock.now() - datetime.timedelta(hours=m + 1),
                method="phone",
                summary=f"Update {m}.",
            )
            assess(targeted=m % 2 == 0)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert lead_officer_client.get(victim_url(case, victim_link)).status_code == 200
        return len(queries)

    log_and_assess(1)
    one = count()
    log_and_assess(30)

    assert count() == one
