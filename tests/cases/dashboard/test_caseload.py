"""The managers' dashboard's caseload by officer: the open cases each officer of the manager's agency leads, of those
the manager may see, in a constant number of queries; each figure links to the cases behind it."""

import csv
import io
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import RiskBand
from tests.conftest import MODEL_BACKEND
from tests.factories import JagFactory, OfficerFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard:index")


@pytest.fixture
def caseloads(make_case, lead_officer, lead_agency, partner_officer, partner_agency, jag):
    """Two officers of the manager's agency with cases in different states, and a partner officer's cases."""
    bea = OfficerFactory(agency=lead_agency, first_name="Bea", last_name="Busy")
    OfficerFactory(agency=lead_agency, first_name="Idle", last_name="Officer")
    other_jag = JagFactory(name="Melton JAG")
    make_case(lead_officer=bea, risk=RiskBand.HIGH, overdue=True)
    make_case(lead_officer=bea, risk=RiskBand.MEDIUM, long_standing_days=200)
    make_case(lead_officer=bea, jag=other_jag, overdue=True)
    make_case(lead_officer=bea, closed_days_ago=3)
    make_case(risk=RiskBand.HIGH)
    # The partner agency's officer leads cases the manager sees (brought in) or not: neither is a caseload of theirs.
    make_case(lead_officer=partner_officer, lead_agency=partner_agency)
    return {"bea": bea, "other_jag": other_jag}


def _rows(response) -> list[tuple]:
    return [
        (row["name"], row["open"], row["high_risk"], row["review_overdue"], row["long_standing"])
        for row in response.context["board"].by_officer
    ]


def test_caseload_by_officer_counts_open_cases_each_officer_leads(caseloads, manager_client):
    response = manager_client.get(DASHBOARD)

    assert _rows(response) == [("Bea Busy", 3, 1, 2, 1), ("Lena Lead", 1, 1, 0, 0)]
    html = response.content.decode()
    assert '<h2 class="govuk-heading-m" id="by-officer">Caseload by officer</h2>' in html
    assert '<th scope="row" class="govuk-table__header">Bea Busy</th>' in html


def test_caseload_by_officer_follows_the_dashboard_filters(caseloads, manager_client, jag):
    by_jag = manager_client.get(DASHBOARD, {"jag": caseloads["other_jag"].pk})

    assert _rows(by_jag) == [("Bea Busy", 1, 0, 1, 0)]


def test_caseload_by_officer_of_the_managers_own_agency_only(caseloads, partner_officer, client):
    client.force_login(
        OfficerFactory(agency=partner_officer.agency, roles=["officer", "manager"]), backend=MODEL_BACKEND
    )
    response = client.get(DASHBOARD)

    # The partner agency's manager sees none of the lead agency's cases but the one their agency leads.
    assert _rows(response) == [("Priya Partner", 1, 0, 0, 0)]


def test_caseload_figures_link_to_the_cases_behind_them(caseloads, manager_client):
    response = manager_client.get(DASHBOARD)
    row = response.context["board"].by_officer[0]

    for name, count, link, _label in row["cells"]:
        listed = manager_client.get(link)
        shown = int(re.search(r'id="case-count">(\d+) case', listed.content.decode()).group(1))
        assert (name, shown) == (name, count)


def test_caseload_by_officer_exports_as_csv(caseloads, manager_client):
    response = manager_client.get(reverse("dashboard:export", args=["by-officer"]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["Lead officer", "Open cases", "High risk", "Review overdue", "Long standing"],
        ["Bea Busy", "3", "1", "2", "1"],
        ["Lena Lead", "1", "1", "0", "0"],
    ]


def test_dashboard_query_count_does_not_grow_with_officers(make_case, manager_client, lead_agency):
    def count() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert manager_client.get(DASHBOARD).status_code == 200
        return len(queries)

    make_case(lead_officer=OfficerFactory(agency=lead_agency))
    one = count()
    for index in range(9):
        make_case(lead_officer=OfficerFactory(agency=lead_agency), overdue=index % 2 == 0, risk=RiskBand.HIGH)
    ten = count()

    assert (one, ten, len(manager_client.get(DASHBOARD).context["board"].by_officer)) == (one, one, 10)
