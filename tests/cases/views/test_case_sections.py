"""The case page in sections: each its own address with the identity bar and the sub navigation, the current
section marked; hidden (404) from anyone who may not see the case; a fixed number of queries however much the case
holds; and every form returning to the section it was opened from."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.models import EntryKind, PersonRole
from core import clock
from tests.conftest import _signed_in
from tests.factories import CaseFactory

from .helpers import PDF_BYTES, date_parts, new_token, page_text

pytestmark = pytest.mark.django_db

SECTIONS = {
    "cases:detail": "Overview",
    "cases:people": "People",
    "cases:victims": "Victims",
    "cases:incidents": "Incidents",
    "cases:chronology": "Chronology",
    "cases:risk_and_plan": "Risk and plan",
    "cases:documents": "Documents",
    "cases:interventions": "Interventions",
    "cases:jag": "JAG",
    "cases:cessation": "Cessation",
}


def url(name: str, case, query: str = "") -> str:
    return reverse(name, kwargs={"reference": case.reference}) + query


def current_sections(page: str) -> list[str]:
    return re.findall(r'class="moj-sub-navigation__link" href="[^"]*" aria-current="page">([^<]+)</a>', page)


def fill(case, officer, partner_agency, rows: int) -> None:
    """`rows` of everything a section lists: people, incidents, entries, assessments, plans and documents."""
    now = clock.now()
    for n in range(rows):
        complainant = services.person_create(officer=officer, first_name=f"Vic{n}", last_name="Tim")
        services.case_add_person(case=case, officer=officer, person=complainant, role=PersonRole.COMPLAINANT)
        perpetrator = services.person_create(officer=officer, first_name=f"Per{n}", last_name="Petrator")
        services.case_add_person(case=case, officer=officer, person=perpetrator, role=PersonRole.PERPETRATOR)
        services.incident_record(
            case=case,
            officer=officer,
            occurred_at=now - datetime.timedelta(days=n + 2),
            reported_at=now - datetime.timedelta(days=n + 1),
            reported_to=partner_agency,
            description=f"Incident {n}",
            hate_incident=n % 2 == 0,
        )
        services.chronology_add(
            case=case,
            officer=officer,
            kind=EntryKind.VISIT,
            occurred_at=now - datetime.timedelta(hours=n + 1),
            text=f"Visit {n}",
        )
        services.risk_assess(
            case=case,
            officer=officer,
            happened_before=True,
            reported_elsewhere=True,
            feels_targeted=True,
            household_vulnerable=False,
            children_involved=False,
        )
        services.plan_save(
            case=case,
            officer=officer,
            overview=f"Plan {n}",
            who_is_at_risk="The complainant.",
            risk_from="The neighbour.",
            children_involved=False,
            actions="Warning letter.",
        )
        services.document_upload(
            case=case,
            officer=officer,
            uploaded=SimpleUploadedFile(f"note{n}.pdf", PDF_BYTES),
            content_type="application/pdf",
            title=f"Note {n}",
        )


@pytest.mark.parametrize("name", SECTIONS)
def test_each_section_is_its_own_page_marked_current(lead_officer_client, case, name):
    response = lead_officer_client.get(url(name, case))

    assert response.status_code == 200
    page = page_text(response)
    assert current_sections(page) == [SECTIONS[name]]
    assert page.count('aria-current="page"') == 1
    assert f'<h1 class="govuk-heading-l govuk-!-margin-bottom-1">Case {case.reference}</h1>' in page
    for other in SECTIONS:
        assert f'href="{url(other, case)}"' in page


@pytest.mark.parametrize("name", SECTIONS)
def test_each_section_is_hidden_from_those_who_may_not_see_the_case(
    outsider_client, anonymous_client, partner_officer_client, case, name
):
    assert outsider_client.get(url(name, case)).status_code == 404
    assert outsider_client.get(reverse(name, kwargs={"reference": "ASB-NO-SUCH"})).status_code == 404
    assert anonymous_client.get(url(name, case)).status_code == 302
    assert partner_officer_client.get(url(name, case)).status_code == 200


@pytest.mark.parametrize("name", SECTIONS)
def test_each_section_reads_a_fixed_number_of_queries(
    lead_officer_client, lead_officer, partner_agency, jag, category, case, name
):
    fill(case, lead_officer, partner_agency, 1)
    busy = CaseFactory(lead_officer=lead_officer, lead_agency=lead_officer.agency, jag=jag, category=category)
    fill(busy, lead_officer, partner_agency, 6)
    counts = []
    for subject in (case, busy):
        lead_officer_client.get(url(name, subject))  # the first request of a session reads more than the rest
        with CaptureQueriesContext(connection) as queries:
            assert lead_officer_client.get(url(name, subject)).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1], f"{name}: {counts}"


def test_overview_holds_the_summary_tasks_and_next_actions(lead_officer_client, case):
    page = page_text(lead_officer_client.get(case.get_absolute_url()))

    assert 'id="details"' in page
    assert case.summary in page
    assert 'id="tasks"' in page
    assert 'id="next-actions"' in page
    assert "The risk has not been assessed" in page
    assert "No people are recorded on the case" in page
    assert f'href="{url("cases:risk", case)}">Assess the risk</a>' in page
    # The record's long lists are in their own sections.
    for elsewhere in ('id="people"', 'id="incidents"', 'id="chronology"', 'id="jag-management"', 'id="cessation"'):
        assert elsewhere not in page


def test_overview_asks_for_the_overdue_review_and_the_missing_plan(lead_officer, case, time_machine):
    services.risk_assess(
        case=case,
        officer=lead_officer,
        happened_before=True,
        reported_elsewhere=True,
        feels_targeted=True,
        household_vulnerable=True,
        children_involved=True,
    )
    case.refresh_from_db()
    time_machine.move_to(clock.now() + datetime.timedelta(days=60))

    page = page_text(_signed_in(lead_officer).get(case.get_absolute_url()))

    assert "The risk assessment&#x27;s review is overdue" in page
    assert f"This {case.get_risk_band_display().lower()} risk case needs a problem-solving plan" in page
    assert "Review overdue</strong>" in page


def test_people_section_lists_people_and_the_case_review(lead_officer_client, lead_officer, case):
    person = services.person_create(officer=lead_officer, first_name="Vera", last_name="Victim")
    services.case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.COMPLAINANT)

    page = page_text(lead_officer_client.get(url("cases:people", case)))

    assert "Vera Victim" in page
    assert 'id="case-review"' in page
    assert url("cases:person_add", case) in page


def test_interventions_section_shows_each_perpetrators_ladder(lead_officer_client, lead_officer, case):
    empty = page_text(lead_officer_client.get(url("cases:interventions", case)))
    assert "No perpetrator is recorded on this case yet" in empty
    person = services.person_create(officer=lead_officer, first_name="Wayne", last_name="Ruddock")
    services.case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)

    page = page_text(lead_officer_client.get(url("cases:interventions", case)))

    assert f'id="ladder-{person.pk}"' in page
    assert reverse("incremental:intervention_issue", kwargs={"reference": case.reference, "pk": person.pk}) in page


def test_jag_and_cessation_sections_hold_their_cards(lead_officer_client, case):
    jag_page = page_text(lead_officer_client.get(url("cases:jag", case)))
    cessation_page = page_text(lead_officer_client.get(url("cases:cessation", case)))

    assert 'id="jag-management"' in jag_page
    assert 'id="jag-meetings"' in jag_page
    assert 'id="cessation"' in cessation_page


def test_identity_bar_shows_location_status_risk_and_flags(lead_officer_client, lead_officer, jag, category, case):
    victim = services.person_create(officer=lead_officer, first_name="Rita", last_name="Again")
    services.case_add_person(case=case, officer=lead_officer, person=victim, role=PersonRole.COMPLAINANT)
    hate = CaseFactory(
        lead_officer=lead_officer, lead_agency=lead_officer.agency, jag=jag, category=category, hate_incident=True
    )
    services.case_add_person(case=hate, officer=lead_officer, person=victim, role=PersonRole.COMPLAINANT)

    page = page_text(lead_officer_client.get(url("cases:incidents", hate)))

    bar = page[page.index('class="moj-identity-bar') : page.index("moj-sub-navigation")]
    assert hate.address in bar
    assert "Open</strong>" in bar
    assert "Not assessed</strong>" in bar
    assert "Hate incident</strong>" in bar
    assert "Repeat victim" in bar
    assert "Rita Again" in bar


def test_repeat_victim_counts_every_case_but_names_none_the_viewer_may_not_see(
    partner_officer_client, lead_officer, outsider_officer, jag, category, case
):
    victim = services.person_create(officer=lead_officer, first_name="Rita", last_name="Again")
    services.case_add_person(case=case, officer=lead_officer, person=victim, role=PersonRole.COMPLAINANT)
    hidden = CaseFactory(lead_officer=outsider_officer, lead_agency=outsider_officer.agency, jag=jag, category=category)
    services.case_add_person(case=hidden, officer=outsider_officer, person=victim, role=PersonRole.COMPLAINANT)

    page = page_text(partner_officer_client.get(case.get_absolute_url()))

    assert "Repeat victim" in page
    assert hidden.reference not in page


def test_back_link_is_carried_from_section_to_section(lead_officer_client, case):
    back = "?back=/cases/%3Fstatus%3Dopen"
    page = page_text(lead_officer_client.get(url("cases:people", case, back)))

    assert '<a href="/cases/?status=open" class="govuk-back-link">Back to all cases</a>' in page
    assert f'href="{url("cases:chronology", case, back)}"' in page
    plain = page_text(lead_officer_client.get(url("cases:people", case)))
    assert f'href="{url("cases:chronology", case)}"' in plain
    assert "Back to my cases" in plain


def test_chronology_is_a_timeline_with_a_filter_and_pages(lead_officer_client, lead_officer, case):
    now = clock.now()
    for n in range(55):
        services.chronology_add(
            case=case,
            officer=lead_officer,
            kind=EntryKind.VISIT if n % 5 else EntryKind.CALL,
            occurred_at=now - datetime.timedelta(minutes=n + 1),
            text=f"Entry number {n}.",
        )

    first = page_text(lead_officer_client.get(url("cases:chronology", case)))
    assert 'class="moj-timeline app-chronology"' in first
    assert first.count('class="moj-timeline__item') == 25
    assert 'aria-label="Page 2"' in first
    second = page_text(lead_officer_client.get(url("cases:chronology", case, "?page=2")))
    assert second.count('class="moj-timeline__item') == 25
    last = page_text(lead_officer_client.get(url("cases:chronology", case, "?page=3")))
    assert last.count('class="moj-timeline__item') == case.chronology.count() - 50

    calls = page_text(lead_officer_client.get(url("cases:chronology", case, "?kind=call")))
    assert calls.count('class="moj-timeline__item') == 11
    assert "Showing 1 to 11 of 11 entries" in calls
    assert '<option value="call" selected>' in calls


def test_chronology_filter_refuses_an_unknown_type_with_an_error_summary(lead_officer_client, case):
    response = lead_officer_client.get(url("cases:chronology", case, "?kind=nonsense"))

    assert response.status_code == 200
    page = page_text(response)
    assert "There is a problem" in page
    assert '<a href="#chronology-kind">Select a type from the list</a>' in page


def test_incidents_are_paged(lead_officer_client, lead_officer, partner_agency, case):
    now = clock.now()
    for n in range(27):
        services.incident_record(
            case=case,
            officer=lead_officer,
            occurred_at=now - datetime.timedelta(days=n + 1),
            reported_at=now - datetime.timedelta(days=n),
            reported_to=partner_agency,
            description=f"Incident {n}",
            hate_incident=False,
        )

    first = page_text(lead_officer_client.get(url("cases:incidents", case)))
    second = page_text(lead_officer_client.get(url("cases:incidents", case, "?page=2")))

    assert "Incidents (27)" in first
    assert first.count('<tr class="govuk-table__row">') == 1 + 25
    assert second.count('<tr class="govuk-table__row">') == 1 + 2


# --- Forms return to the section they were opened from -----------------------------------------------------


def test_adding_a_person_returns_to_people(lead_officer_client, case, person_form_data):
    form = {**person_form_data, "match": "new", "submission_token": new_token()}
    response = lead_officer_client.post(url("cases:person_add", case), form)

    assert response.status_code == 302
    assert response["Location"] == url("cases:people", case)


def test_recording_an_incident_returns_to_incidents(lead_officer_client, case, incident_form_data):
    response = lead_officer_client.post(
        url("cases:incident_add", case), {**incident_form_data, "submission_token": new_token()}
    )

    assert response["Location"] == url("cases:incidents", case)


def test_logging_and_correcting_return_to_the_chronology(lead_officer_client, case, chronology_form_data):
    response = lead_officer_client.post(
        url("cases:chronology_add", case), {**chronology_form_data, "submission_token": new_token()}
    )
    assert response["Location"] == url("cases:chronology", case)

    entry = case.chronology.get(kind=EntryKind.VISIT)
    response = lead_officer_client.post(
        reverse("cases:chronology_correct", kwargs={"reference": case.reference, "pk": entry.pk}),
        {"text": "It was a telephone call.", "submission_token": new_token()},
    )
    assert response["Location"] == url("cases:chronology", case)


def test_uploading_returns_to_documents(lead_officer_client, case):
    response = lead_officer_client.post(
        url("cases:document_upload", case),
        {"title": "Noise diary", "file": SimpleUploadedFile("diary.pdf", PDF_BYTES), "submission_token": new_token()},
    )

    assert response["Location"] == url("cases:documents", case)
    assert "Noise diary" in page_text(lead_officer_client.get(url("cases:documents", case)))


def test_the_forms_back_and_cancel_links_lead_to_their_section(lead_officer_client, case):
    for form, section in (
        ("cases:person_add", "cases:people"),
        ("cases:incident_add", "cases:incidents"),
        ("cases:chronology_add", "cases:chronology"),
        ("cases:risk", "cases:risk_and_plan"),
        ("cases:document_upload", "cases:documents"),
    ):
        page = page_text(lead_officer_client.get(url(form, case)))
        assert f'<a href="{url(section, case)}" class="govuk-back-link">' in page, form
        assert f'<a class="govuk-link" href="{url(section, case)}">Cancel</a>' in page, form


def test_taking_a_case_to_the_jag_returns_to_the_jag_section(lead_officer_client, case):
    response = lead_officer_client.post(
        reverse("jag_management:refer", kwargs={"reference": case.reference}),
        {**date_parts("started_on", clock.today()), "submission_token": new_token()},
    )

    assert response.status_code == 302
    assert response["Location"] == url("cases:jag", case) + "#jag-management"
