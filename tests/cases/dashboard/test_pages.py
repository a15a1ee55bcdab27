"""The managers' dashboard's two pages, Cases and Victims: who may see them, what each reads, and the JAG / lead
agency filter carried from one to the other through the sub navigation."""

import re
from html import unescape

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import AuditAction, AuditEvent
from tests.factories import JagFactory

pytestmark = pytest.mark.django_db

CASES_PAGE = "/dashboard/"
VICTIMS_PAGE = "/dashboard/victims/"
# The tables only the Victims page reads: the victims' contact plans and their closing records.
VICTIM_TABLES = ("cases_victimcontactplan", "cases_victimclosure")
# Tables only the case board reads: the long-standing history (trends) and the incidents (ASB Case Review threshold).
BOARD_TABLES = ("cases_longstandingchange", "cases_incident")


def sub_navigation(page: str) -> list[tuple[str, str, bool]]:
    """(label, link, current) of each item of the dashboard's sub navigation."""
    nav = re.search(
        r'<nav class="moj-sub-navigation" aria-label="Pages of the managers\' dashboard">(.*?)</nav>', page, re.S
    )
    assert nav, "no sub navigation"
    return [
        (label, unescape(href), bool(current))
        for href, current, label in re.findall(r'href="([^"]*)"( aria-current="page")?>([^<]*)</a>', nav.group(1))
    ]


def queried(client, url: str) -> tuple[int, str, str, int]:
    """(status, every SQL statement run, page, how many statements) of one GET."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    sql = "\n".join(query["sql"] for query in queries)
    return response.status_code, sql, response.content.decode(), len(queries)


def test_victims_page_url_name():
    assert reverse("dashboard:victims") == VICTIMS_PAGE


def test_victims_page_refused_to_an_officer_without_the_role(lead_officer_client):
    assert lead_officer_client.get(VICTIMS_PAGE).status_code == 403
    assert lead_officer_client.get(reverse("dashboard:export", args=["outcomes-by-jag"])).status_code == 403


def test_victims_page_anonymous_sent_to_sign_in(anonymous_client):
    response = anonymous_client.get(VICTIMS_PAGE)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_victims_page_for_a_jag_chair(chair_client):
    assert chair_client.get(VICTIMS_PAGE).status_code == 200


def test_victims_page_answers_only_get(manager_client):
    assert manager_client.post(VICTIMS_PAGE).status_code == 405


def test_each_page_names_itself_and_marks_itself_in_the_sub_navigation(manager_client):
    cases = manager_client.get(CASES_PAGE).content.decode()
    victims = manager_client.get(VICTIMS_PAGE).content.decode()

    assert "<title>Managers' dashboard: cases –" in cases
    assert '<h1 class="govuk-heading-l">Managers\' dashboard: cases</h1>' in cases
    assert "<title>Managers' dashboard: victims –" in victims
    assert '<h1 class="govuk-heading-l">Managers\' dashboard: victims</h1>' in victims
    assert sub_navigation(cases) == [("Cases", CASES_PAGE, True), ("Victims", VICTIMS_PAGE, False)]
    assert sub_navigation(victims) == [("Cases", CASES_PAGE, False), ("Victims", VICTIMS_PAGE, True)]


def test_the_cases_page_no_longer_shows_or_reads_the_victims_blocks(manager_client, make_case):
    make_case()
    status, sql, page, _ = queried(manager_client, CASES_PAGE)

    assert status == 200
    assert "Victim contacts overdue" not in page
    assert "Outcomes for victims" not in page
    assert "outcomes-by-jag" not in page
    assert [table for table in VICTIM_TABLES if table in sql] == []
    assert [table for table in BOARD_TABLES if table in sql] == list(BOARD_TABLES)


def test_the_victims_page_reads_no_case_board(manager_client, make_case):
    make_case(long_standing_days=130)
    status, sql, page, _ = queried(manager_client, VICTIMS_PAGE)

    assert status == 200
    assert "Victim contacts overdue" in page
    assert "Outcomes for victims, last 12 months" in page
    assert "Caseload by JAG" not in page
    assert [table for table in BOARD_TABLES if table in sql] == []
    assert [table for table in VICTIM_TABLES if table in sql] == list(VICTIM_TABLES)


@pytest.mark.parametrize("table", ["outcomes-by-jag", "outcomes-by-agency"])
def test_the_outcome_csvs_read_no_case_board(manager_client, make_case, table):
    make_case(long_standing_days=130)
    status, sql, _, _ = queried(manager_client, reverse("dashboard:export", args=[table]))

    assert status == 200
    assert [name for name in BOARD_TABLES if name in sql] == []
    assert "cases_victimclosure" in sql


def test_the_filter_carries_across_the_sub_navigation(manager_client, lead_agency):
    blaby = JagFactory(name="Blaby JAG")
    query = f"?jag={blaby.pk}&agency={lead_agency.pk}"

    cases = manager_client.get(CASES_PAGE + query)
    victims_link = dict((label, href) for label, href, _ in sub_navigation(cases.content.decode()))["Victims"]
    assert victims_link == VICTIMS_PAGE + query

    victims = manager_client.get(victims_link)
    assert victims.context["form"].cleaned_data == {"jag": blaby, "agency": lead_agency}
    links = dict((label, href) for label, href, _ in sub_navigation(victims.content.decode()))
    assert links == {"Cases": CASES_PAGE + query, "Victims": VICTIMS_PAGE + query}
    assert victims.context["query"] == query[1:]  # the export links' filter


def test_a_jag_alone_carries_across_and_clear_filters_stays_on_the_page(manager_client):
    blaby = JagFactory(name="Blaby JAG")
    page = manager_client.get(f"{VICTIMS_PAGE}?jag={blaby.pk}").content.decode()

    assert ("Cases", f"{CASES_PAGE}?jag={blaby.pk}", False) in sub_navigation(page)
    assert f'<a class="govuk-link" href="{VICTIMS_PAGE}">Clear filters</a>' in page


def test_victims_page_bad_filter_is_shown_not_a_500(manager_client):
    response = manager_client.get(VICTIMS_PAGE, {"jag": "999999", "agency": "x"})
    page = response.content.decode()

    assert response.status_code == 200
    assert "There is a problem" in page
    assert page.count("Choose one of the options listed") == 4  # in the summary and at each field
    # Shown unfiltered, and nothing carried to the Cases page.
    assert sub_navigation(page)[0] == ("Cases", CASES_PAGE, False)
    assert response.context["victim_contacts"]["total"] == 0


def test_victims_page_view_is_audited(manager_client, manager):
    manager_client.get(VICTIMS_PAGE)
    assert list(
        AuditEvent.objects.filter(officer=manager, action=AuditAction.VIEW).values_list("description", flat=True)
    ) == ["Viewed the managers' dashboard: victims"]


def test_victims_page_in_a_fixed_number_of_queries(manager_client, make_case):
    make_case()
    one = queried(manager_client, VICTIMS_PAGE)[3]
    for _ in range(5):
        make_case(jag=JagFactory())
    assert (one, queried(manager_client, VICTIMS_PAGE)[3]) == (one, one)
