"""The case list's date and month filters: GOV.UK date inputs, the YYYY-MM and YYYY-MM-DD links still followed, and a
wrong date answered with an error summary that keeps what was typed."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from cases.filters import CaseFilter
from cases.models import Case
from core import clock
from core.dates import add_months
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("cases:list")


def listed(response) -> list[str]:
    return sorted(case.reference for case in response.context["page"])


def summary_links(response) -> dict[str, str]:
    page = response.content.decode()
    assert "<title>Error: Cases" in page
    summary = page.split('<div class="govuk-error-summary__body">')[1].split("</ul>")[0]
    return {
        html.unescape(text.strip()): target for target, text in re.findall(r'<a href="#([^"]*)">([^<]*)</a>', summary)
    }


def input_values(response, name: str) -> list[str]:
    """What the inputs of a date or month field show, in order (day first)."""
    page = response.content.decode()
    tags = re.findall(rf'<input[^>]*\bname="{name}_\d"[^>]*>', page)
    return [html.unescape((re.search(r'\bvalue="([^"]*)"', tag) or [None, ""])[1]) for tag in tags]


@pytest.fixture
def this_and_last_month(lead_officer, lead_agency, jag, category):
    """A case opened on the 1st of this month and one opened on the 1st of last month (both in the past or today)."""
    first = clock.today().replace(day=1)
    cases = {}
    for name, day in (("this", first), ("last", add_months(first, -1))):
        case = CaseFactory(lead_officer=lead_officer, lead_agency=lead_agency, jag=jag, category=category)
        opened = datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=datetime.UTC)
        Case.objects.filter(pk=case.pk).update(opened_at=opened)
        cases[name] = case.reference
    return cases, first


def test_month_filter_typed_as_month_and_year(this_and_last_month, lead_officer_client):
    cases, first = this_and_last_month
    last = add_months(first, -1)

    response = lead_officer_client.get(LIST_URL, {"opened_month_0": str(last.month), "opened_month_1": str(last.year)})

    assert listed(response) == [cases["last"]]
    assert input_values(response, "opened_month") == [str(last.month), str(last.year)]


def test_month_filter_from_a_dashboard_link_written_yyyy_mm(this_and_last_month, lead_officer_client):
    cases, first = this_and_last_month

    response = lead_officer_client.get(LIST_URL, {"opened_month": f"{first:%Y-%m}"})

    assert listed(response) == [cases["this"]]
    assert input_values(response, "opened_month") == [str(first.month), str(first.year)]


@pytest.mark.parametrize(
    "params, message, target, shown",
    [
        ({"opened_month": "2025-13"}, "Opened in month must be a real month", "id_opened_month_0", ["13", "2025"]),
        ({"opened_month_0": "3"}, "Opened in month must include a year", "id_opened_month_1", ["3", ""]),
        ({"opened_month_1": "2026"}, "Opened in month must include a month", "id_opened_month_0", ["", "2026"]),
        (
            {"opened_month_0": "March", "opened_month_1": "2026"},
            "Opened in month must be a real month",
            "id_opened_month_0",
            ["March", "2026"],
        ),
        (
            {"opened_month_0": "3", "opened_month_1": "26"},
            "Opened in month must include a year of 4 numbers",
            "id_opened_month_1",
            ["3", "26"],
        ),
        (
            {"opened_month": "last month"},
            "Opened in month must be a real month",
            "id_opened_month_0",
            ["last month", ""],
        ),
    ],
    ids=["13th-month-link", "no-year", "no-month", "month-in-words", "two-digit-year", "words-link"],
)
def test_bad_month_shows_error_summary_and_keeps_what_was_typed(
    this_and_last_month, lead_officer_client, params, message, target, shown
):
    response = lead_officer_client.get(LIST_URL, params)

    assert response.status_code == 200
    assert summary_links(response) == {message: target}
    assert input_values(response, "opened_month") == shown
    page = response.content.decode()
    # Beside the field too, with the input to correct marked.
    assert re.search(
        rf'id="id_opened_month_1_error" class="govuk-error-message">\s*<span class="govuk-visually-hidden">Error:</span>'
        rf"\s*{re.escape(message)}",
        page,
    )
    marked = re.findall(r'<input[^>]*class="[^"]*govuk-input--error[^"]*"[^>]*>', page)
    assert [re.search(r'\sid="([^"]*)"', tag)[1] for tag in marked] == [target]


def test_date_filter_typed_as_day_month_and_year(this_and_last_month, lead_officer_client):
    cases, first = this_and_last_month

    response = lead_officer_client.get(
        LIST_URL,
        {"opened_after_0": str(first.day), "opened_after_1": str(first.month), "opened_after_2": str(first.year)},
    )

    assert listed(response) == [cases["this"]]


def test_date_filter_from_a_link_written_yyyy_mm_dd(this_and_last_month, lead_officer_client):
    cases, first = this_and_last_month

    response = lead_officer_client.get(LIST_URL, {"opened_before": (first - datetime.timedelta(days=1)).isoformat()})

    assert listed(response) == [cases["last"]]
    assert input_values(response, "opened_before") == [
        str(part) for part in ((first - datetime.timedelta(days=1)).day, (first - datetime.timedelta(days=1)).month)
    ] + [str((first - datetime.timedelta(days=1)).year)]


def test_impossible_date_filter_shows_error_summary_linked_to_the_day(this_and_last_month, lead_officer_client):
    response = lead_officer_client.get(
        LIST_URL, {"opened_after_0": "31", "opened_after_1": "2", "opened_after_2": "2026"}
    )

    assert summary_links(response) == {"Opened on or after must be a real date": "id_opened_after_0"}
    assert input_values(response, "opened_after") == ["31", "2", "2026"]


def test_filters_have_no_native_pickers_or_yyyy_mm_hints(lead_officer_client):
    page = lead_officer_client.get(LIST_URL).content.decode()

    assert 'type="date"' not in page
    assert 'type="month"' not in page
    assert "Like 2026-03" not in page
    assert page.count("For example, 3 2026") == 3


@pytest.mark.parametrize("name", ["opened_month", "closed_month", "long_standing_month", "opened_after"])
def test_hostile_date_filter_value_is_not_a_server_error(lead_officer_client, name):
    values = ["\x00", "9" * 30, "-1", "<script>", "é" * 3000, "2024-02-31", "0000-00", "²", ""]
    for value in values:
        assert lead_officer_client.get(LIST_URL, {name: value}).status_code == 200
        assert lead_officer_client.get(LIST_URL, {f"{name}_0": value, f"{name}_1": value}).status_code == 200


@pytest.mark.parametrize(
    "data, month",
    [
        ({"closed_month": "2026-03"}, datetime.date(2026, 3, 1)),
        ({"closed_month": " 2026-3 "}, datetime.date(2026, 3, 1)),
        ({"closed_month_0": "03", "closed_month_1": "2026"}, datetime.date(2026, 3, 1)),
        ({"closed_month_0": " 12 ", "closed_month_1": "1999"}, datetime.date(1999, 12, 1)),
        ({"closed_month_0": "", "closed_month_1": ""}, None),
        ({}, None),
    ],
)
def test_month_filter_form_reads_month(lead_officer, data, month):
    form = CaseFilter(data, user=lead_officer).form

    assert form.is_valid(), form.errors
    assert form.cleaned_data["closed_month"] == month


@pytest.mark.parametrize(
    "data, error",
    [
        ({"closed_month": "2026-00"}, "Closed in month must be a real month"),
        ({"closed_month_0": "0", "closed_month_1": "2026"}, "Closed in month must be a real month"),
        ({"closed_month_0": "²", "closed_month_1": "2026"}, "Closed in month must be a real month"),
        ({"closed_month_0": "3", "closed_month_1": "0000"}, "Closed in month must include a year of 4 numbers"),
        ({"closed_month_0": "3", "closed_month_1": "20266"}, "Closed in month must include a year of 4 numbers"),
    ],
)
def test_month_filter_form_refuses_what_is_not_a_month(lead_officer, data, error):
    form = CaseFilter(data, user=lead_officer).form

    assert not form.is_valid()
    assert form.errors == {"closed_month": [error]}
