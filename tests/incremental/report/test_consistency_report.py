"""The consistency report: its figures against hand-worked expectations, who may see it, filters, CSV exports."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from agencies.models import AuditAction, AuditEvent
from incremental.models import InterventionStatus
from incremental.report_selectors import consistency_report
from tests.conftest import _signed_in
from tests.factories import CaseFactory, JagFactory, OfficerFactory, PersonFactory

pytestmark = pytest.mark.django_db

REPORT = "/reports/consistency/"


def csv_url(table: str) -> str:
    return reverse("incremental:consistency_report_csv", args=[table])


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


def period(date_from: datetime.date, date_to: datetime.date, **extra) -> dict:
    """The GET parameters of the period's GOV.UK date inputs."""
    return {
        "date_from_0": date_from.day,
        "date_from_1": date_from.month,
        "date_from_2": date_from.year,
        "date_to_0": date_to.day,
        "date_to_1": date_to.month,
        "date_to_2": date_to.year,
        **extra,
    }


def figures(row) -> dict:
    return {
        "tiers": row.tier_counts,
        "total": row.total,
        "skipped": row.skipped,
        "breached": row.breached,
        "breaches": row.breaches,
        "steps": row.steps,
        "median": row.median_days,
        "average": row.average_days,
    }


@pytest.fixture
def ladder(issue, perpetrator, lead_officer, partner_officer):
    """Three people's ladders, worked by hand:

    - Perry: words of advice (t1, 100 days ago), first warning (t1, 80), CPW (t2, 50, breached twice), CPN (t4, 20,
      a skip from suggested t3, breached once). Steps up: 80 -> 50 (30 days), 50 -> 20 (30 days).
    - Sam: an ABC (t3, 30 days ago), a skip from suggested t1; no earlier intervention, so no step.
    - Pat: words of advice 400 days ago (before the period), a final warning (t2) by the police 10 days ago: a step
      of 390 days measured from before the period.
    In the period: 6 interventions; tiers 2, 2, 1, 1; 2 skipped; 2 breached, 3 breaches; steps 30, 30, 390.
    """
    sam = PersonFactory(created_by=lead_officer, first_name="Sam")
    pat = PersonFactory(created_by=lead_officer, first_name="Pat")
    issue(perpetrator, "words_of_advice", 100)
    issue(perpetrator, "first_warning", 80)
    issue(perpetrator, "cpw", 50, breach_count=2)
    issue(perpetrator, "cpn", 20, skipped_from=3, justification="=Threats with a knife", breach_count=1)
    issue(sam, "abc", 30, skipped_from=1, justification="Assault on a neighbour's child")
    issue(pat, "words_of_advice", 400)
    issue(pat, "final_warning", 10, by=partner_officer)
    return {"sam": sam, "pat": pat}


EXPECTED_TOTALS = {
    "tiers": [2, 2, 1, 1],
    "total": 6,
    "skipped": 2,
    "breached": 2,
    "breaches": 3,
    "steps": 3,
    "median": 30.0,
    "average": 150.0,
}


def test_report_url_names():
    assert reverse("incremental:consistency_report") == REPORT
    assert csv_url("by-jag") == "/reports/consistency/by-jag.csv"


def test_report_figures_by_tier_skips_steps_and_breaches(manager_client, ladder, jag, lead_agency, partner_agency):
    response = manager_client.get(REPORT)

    assert response.status_code == 200
    report = response.context["report"]
    assert figures(report.totals) == EXPECTED_TOTALS
    assert [(row.name, figures(row)) for row in report.by_jag] == [(jag.name, EXPECTED_TOTALS)]
    assert [(row.name, figures(row)) for row in report.by_agency] == [
        (
            lead_agency.name,
            {
                "tiers": [2, 1, 1, 1],
                "total": 5,
                "skipped": 2,
                "breached": 2,
                "breaches": 3,
                "steps": 2,
                "median": 30.0,
                "average": 30.0,
            },
        ),
        (
            partner_agency.name,
            {
                "tiers": [0, 1, 0, 0],
                "total": 1,
                "skipped": 0,
                "breached": 0,
                "breaches": 0,
                "steps": 1,
                "median": 390.0,
                "average": 390.0,
            },
        ),
    ]
    totals = report.totals
    assert (round(totals.breach_rate, 1), totals.breaches_per_intervention) == (33.3, 0.5)
    assert round(totals.skip_rate, 1) == 33.3
    page = response.content.decode()
    assert '<span class="app-count__number">6</span>' in page
    assert '<span class="app-count__number">33.3%</span>' in page


def test_median_of_an_even_number_of_steps_is_the_mean_of_the_middle_two(manager, issue, perpetrator, today):
    issue(perpetrator, "words_of_advice", 100)
    issue(perpetrator, "final_warning", 90)  # 10 days
    issue(perpetrator, "abc", 60)  # 30 days
    issue(perpetrator, "abc", 50)  # same tier: no step
    issue(perpetrator, "cpn", 10)  # 40 days

    report = consistency_report(manager, date_from=today - datetime.timedelta(days=95), date_to=today)

    # In the period from 95 days ago: the step at 90 days ago is measured from the words of advice before it.
    assert (report.totals.steps, report.totals.median_days, report.totals.average_days) == (3, 30.0, 80 / 3)


def test_quashed_interventions_count_as_issued_but_are_not_steps(manager, issue, perpetrator, today):
    issue(perpetrator, "words_of_advice", 100)
    issue(perpetrator, "abc", 50, status=InterventionStatus.QUASHED)
    issue(perpetrator, "final_warning", 10)

    report = consistency_report(manager, date_from=today - datetime.timedelta(days=365), date_to=today)

    assert report.totals.tier_counts == [1, 1, 1, 0]
    # Words of advice -> final warning, 90 days; the quashed ABC neither starts nor ends a step.
    assert (report.totals.steps, report.totals.median_days) == (1, 90.0)


def test_same_day_interventions_are_ordered_by_id(manager, issue, perpetrator, today):
    issue(perpetrator, "words_of_advice", 30)
    issue(perpetrator, "final_warning", 30)

    report = consistency_report(manager, date_from=today - datetime.timedelta(days=365), date_to=today)

    assert (report.totals.steps, report.totals.median_days) == (1, 0.0)


def test_interventions_on_cases_the_manager_may_not_see_are_not_counted(
    manager_client, issue, perpetrator, outsider_officer, today
):
    hidden_case = CaseFactory(lead_officer=outsider_officer, lead_agency=outsider_officer.agency)
    issue(perpetrator, "words_of_advice", 60, on_case=hidden_case)
    issue(perpetrator, "cpw", 40, on_case=hidden_case, skipped_from=1, breach_count=4)
    issue(perpetrator, "final_warning", 10)

    report = manager_client.get(REPORT).context["report"]

    # Only the final warning: the earlier steps on the hidden case are neither counted nor measured from.
    assert figures(report.totals) == {
        "tiers": [0, 1, 0, 0],
        "total": 1,
        "skipped": 0,
        "breached": 0,
        "breaches": 0,
        "steps": 0,
        "median": None,
        "average": None,
    }
    assert list(manager_client.get(REPORT).context["page"].object_list) == []


def test_outsider_manager_sees_only_their_own_agencys_cases(ladder, issue, perpetrator, outsider_officer):
    outsider_manager = OfficerFactory(agency=outsider_officer.agency, roles=["officer", "manager"])
    own_case = CaseFactory(lead_officer=outsider_officer, lead_agency=outsider_officer.agency)
    issue(perpetrator, "cpw", 5, on_case=own_case)

    report = _signed_in(outsider_manager).get(REPORT).context["report"]

    # Perry's earlier interventions are on a case this manager may not see: no step is measured from them.
    assert (report.totals.total, report.totals.tier_counts, report.totals.steps) == (1, [0, 1, 0, 0], 0)


def test_filter_by_jag_counts_that_jags_cases_and_measures_steps_from_any_case(
    manager_client, issue, perpetrator, lead_officer, lead_agency, category, ladder, today
):
    blaby = JagFactory(name="Blaby JAG")
    blaby_case = CaseFactory(lead_officer=lead_officer, lead_agency=lead_agency, jag=blaby, category=category)
    # Perry's CPN 20 days ago (on the Leicester West case) is followed by a civil injunction on the Blaby case.
    issue(perpetrator, "civil_injunction", 5, on_case=blaby_case, breach_count=1)
    issue(perpetrator, "words_of_advice", 3, on_case=blaby_case)

    response = manager_client.get(REPORT, period(today - datetime.timedelta(days=364), today, jag=blaby.pk))

    report = response.context["report"]
    assert [row.name for row in report.by_jag] == ["Blaby JAG"]
    assert figures(report.totals) == {
        "tiers": [1, 0, 0, 1],
        "total": 2,
        "skipped": 0,
        "breached": 1,
        "breaches": 1,
        "steps": 0,  # CPN (tier 4) -> injunction (tier 4) is no step up
        "median": None,
        "average": None,
    }
    assert list(response.context["page"].object_list) == []


def test_filter_by_jag_keeps_a_step_from_another_jags_case(manager, issue, perpetrator, lead_officer, today):
    other = CaseFactory(lead_officer=lead_officer, jag=JagFactory(name="Melton JAG"))
    issue(perpetrator, "words_of_advice", 50)
    issue(perpetrator, "final_warning", 10, on_case=other)

    report = consistency_report(
        manager, date_from=today - datetime.timedelta(days=30), date_to=today, jag_id=other.jag_id
    )

    assert (report.totals.total, report.totals.steps, report.totals.median_days) == (1, 1, 40.0)


def test_filter_by_issuing_agency(manager_client, ladder, partner_agency, today):
    response = manager_client.get(REPORT, period(today - datetime.timedelta(days=364), today, agency=partner_agency.pk))

    report = response.context["report"]
    assert [row.name for row in report.by_agency] == [partner_agency.name]
    assert (report.totals.total, report.totals.tier_counts, report.totals.median_days) == (1, [0, 1, 0, 0], 390.0)


def test_period_chooses_the_interventions_counted(manager_client, ladder, today):
    response = manager_client.get(
        REPORT, period(today - datetime.timedelta(days=60), today - datetime.timedelta(days=15))
    )

    report = response.context["report"]
    # The CPW (50 days ago), the ABC (30) and the CPN (20): the CPW's step is measured from the first warning (80).
    assert figures(report.totals) == {
        "tiers": [0, 1, 1, 1],
        "total": 3,
        "skipped": 2,
        "breached": 2,
        "breaches": 3,
        "steps": 2,
        "median": 30.0,
        "average": 30.0,
    }
    assert report.date_from == today - datetime.timedelta(days=60)
    caption = f"{report.date_from:%-d %B %Y} to {report.date_to:%-d %B %Y}"
    assert caption in response.content.decode()


def test_default_period_is_the_last_12_months(manager_client, issue, perpetrator, today):
    from core.dates import add_months

    first_day = add_months(today, -12) + datetime.timedelta(days=1)
    issue(perpetrator, "words_of_advice", (today - first_day).days)
    issue(perpetrator, "words_of_advice", (today - first_day).days + 1)

    response = manager_client.get(REPORT)

    report = response.context["report"]
    assert (report.date_from, report.date_to, report.totals.total) == (first_day, today, 1)
    form = response.context["form"]
    assert (form["date_from"].value(), form["date_to"].value()) == (first_day, today)


def test_empty_report(manager_client):
    response = manager_client.get(REPORT)

    assert response.status_code == 200
    report = response.context["report"]
    assert figures(report.totals) == {
        "tiers": [0, 0, 0, 0],
        "total": 0,
        "skipped": 0,
        "breached": 0,
        "breaches": 0,
        "steps": 0,
        "median": None,
        "average": None,
    }
    assert (report.by_jag, report.by_agency, report.totals.breach_rate) == ([], [], None)
    page = response.content.decode()
    assert "No interventions in this period." in page
    assert "No stage was skipped in this period." in page


# --- The skipped stages and their justifications -------------------------------------------------------------


def test_skipped_stages_listed_with_justification_and_link(manager_client, ladder, case, perpetrator):
    response = manager_client.get(REPORT)

    skipped = list(response.context["page"].object_list)
    assert [(item.kind_name, item.tier, item.suggested_tier) for item in skipped] == [
        ("Community Protection Notice", 4, 3),
        ("Acceptable Behaviour Contract or Agreement", 3, 1),
    ]
    page = response.content.decode()
    cpn = skipped[0]
    link = reverse("incremental:intervention_detail", kwargs={"reference": case.reference, "pk": cpn.pk})
    assert f'href="{link}"' in page
    assert "=Threats with a knife" in page
    assert "Assault on a neighbour&#x27;s child" in page
    assert "2 interventions issued above the suggested stage" in page


def test_skipped_stages_are_paginated(manager_client, issue, perpetrator):
    for day in range(30):
        issue(perpetrator, "cpw", 10 + day, skipped_from=1, justification=f"Justification {day}")

    first = manager_client.get(REPORT)
    second = manager_client.get(REPORT, {"page": 2})

    assert [item.justification for item in first.context["page"].object_list] == [
        f"Justification {d}" for d in range(25)
    ]
    assert [item.justification for item in second.context["page"].object_list] == [
        f"Justification {d}" for d in range(25, 30)
    ]
    assert 'href="?page=2"' in first.content.decode()


def test_pagination_links_keep_the_filters(manager_client, issue, perpetrator, today):
    for day in range(26):
        issue(perpetrator, "cpw", 10 + day, skipped_from=1)

    response = manager_client.get(REPORT, period(today - datetime.timedelta(days=100), today))

    assert "date_from_0=" in response.context["query"]
    assert f'href="?{response.context["query"].replace("&", "&amp;")}&amp;page=2"' in response.content.decode()


# --- Who may see it --------------------------------------------------------------------------------------------


def test_report_refused_to_an_officer_without_a_role(lead_officer_client, ladder):
    assert lead_officer_client.get(REPORT).status_code == 403
    assert lead_officer_client.get(csv_url("by-jag")).status_code == 403


def test_report_anonymous_sent_to_sign_in(anonymous_client):
    response = anonymous_client.get(REPORT)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert anonymous_client.get(csv_url("skipped")).status_code == 302


@pytest.mark.parametrize(
    "role", ["manager", "jag_chair", "lpu_commander", "la_community_safety_manager", "county_community_safety_team"]
)
def test_report_open_to_each_reporting_role(role, lead_agency, ladder):
    officer = OfficerFactory(agency=lead_agency, roles=["officer", role])
    client = _signed_in(officer)

    response = client.get(REPORT)

    assert response.status_code == 200
    assert response.context["report"].totals.total == 6
    assert client.get(csv_url("by-agency")).status_code == 200


def test_chair_sees_the_cases_of_their_jag(chair_client, ladder):
    # The chair's agency is not part of the case; the JAG chair's grant lets them see it.
    assert chair_client.get(REPORT).context["report"].totals.total == 6


def test_viewing_the_report_is_audited(manager_client, manager):
    manager_client.get(REPORT)
    event = AuditEvent.objects.get(officer=manager, action=AuditAction.VIEW)
    assert event.description.startswith("Viewed the consistency report (")


# --- Bad filters ------------------------------------------------------------------------------------------------


def test_end_before_start_is_an_error_next_to_the_field(manager_client, today):
    response = manager_client.get(REPORT, period(today, today - datetime.timedelta(days=1)))

    assert response.status_code == 200
    assert "report" not in response.context
    page = response.content.decode()
    message = "The end of the period must be the same as or after its start"
    assert page.count(message) == 2  # in the error summary and next to the field
    assert 'class="govuk-error-summary"' in page
    assert response.context["form"].errors == {"date_to": [message]}
    assert "<title>Error: Consistency report" in page


def test_impossible_date_is_an_error_not_a_500(manager_client):
    response = manager_client.get(
        REPORT, {"date_from_0": "31", "date_from_1": "2", "date_from_2": "2025", "date_to_0": "x", "date_to_1": "1"}
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["date_from"] == ["From must be a real date"]
    assert "date_to" in errors
    assert "From must be a real date" in response.content.decode()


def test_huge_year_is_an_error_not_a_500(manager_client):
    response = manager_client.get(REPORT, {"date_from_0": "1", "date_from_1": "1", "date_from_2": "9" * 30})

    assert response.status_code == 200
    assert response.context["form"].errors["date_from"] == ["From must be a real date"]


def test_unknown_jag_or_agency_is_an_error_next_to_the_field(manager_client):
    response = manager_client.get(REPORT, {"jag": "999999", "agency": "x"})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors == {"jag": ["Choose one of the options listed"], "agency": ["Choose one of the options listed"]}


def test_blank_dates_take_the_default_period(manager_client, ladder, today, partner_agency):
    response = manager_client.get(REPORT, {"date_from_0": "", "date_to_0": "", "agency": partner_agency.pk})

    report = response.context["report"]
    assert (report.date_to, report.totals.total) == (today, 1)


def test_export_with_bad_filters_goes_back_to_the_report(manager_client, manager, today):
    params = period(today, today - datetime.timedelta(days=1))
    response = manager_client.get(csv_url("by-jag"), params)

    assert response.status_code == 302
    assert response["Location"].startswith(REPORT + "?")
    assert not AuditEvent.objects.filter(officer=manager, action=AuditAction.EXPORT).exists()


# --- CSV exports ------------------------------------------------------------------------------------------------


def test_csv_by_jag(manager_client, manager, ladder, jag):
    rows = rows_of(manager_client.get(csv_url("by-jag")))

    assert rows == [
        [
            "JAG",
            "Tier 1",
            "Tier 2",
            "Tier 3",
            "Tier 4",
            "Total",
            "Stages skipped",
            "Skipped (%)",
            "Interventions breached",
            "Breach rate (%)",
            "Breaches",
            "Breaches per intervention",
            "Steps up a tier",
            "Median days between stages",
            "Average days between stages",
        ],
        [jag.name, "2", "2", "1", "1", "6", "2", "33.3", "2", "33.3", "3", "0.50", "3", "30.0", "150.0"],
        ["All interventions", "2", "2", "1", "1", "6", "2", "33.3", "2", "33.3", "3", "0.50", "3", "30.0", "150.0"],
    ]
    event = AuditEvent.objects.get(officer=manager, action=AuditAction.EXPORT)
    assert event.description.startswith("Exported consistency report table Interventions by JAG (")
    assert event.description.endswith(", 2 rows) as CSV")


def test_csv_by_agency_filtered(manager_client, ladder, partner_agency, today):
    params = period(today - datetime.timedelta(days=364), today, agency=partner_agency.pk)
    rows = rows_of(manager_client.get(csv_url("by-agency"), params))

    assert [row[:7] for row in rows[1:]] == [
        [partner_agency.name, "0", "1", "0", "0", "1", "0"],
        ["All interventions", "0", "1", "0", "0", "1", "0"],
    ]
    assert [row[-3:] for row in rows[1:]] == [["1", "390.0", "390.0"], ["1", "390.0", "390.0"]]


def test_csv_of_skipped_stages_with_justifications(manager_client, manager, ladder, case, jag, today):
    response = manager_client.get(csv_url("skipped"))
    rows = rows_of(response)

    assert rows == [
        [
            "Date issued",
            "Case",
            "JAG",
            "Intervention",
            "Tier",
            "Suggested tier",
            "Issuing agency",
            "Severity justification",
        ],
        [
            f"{today - datetime.timedelta(days=20):%Y-%m-%d}",
            case.reference,
            jag.name,
            "Community Protection Notice",
            "4",
            "3",
            "Leicester City Council",
            "'=Threats with a knife",  # kept as text: it would run as a formula in a spreadsheet
        ],
        [
            f"{today - datetime.timedelta(days=30):%Y-%m-%d}",
            case.reference,
            jag.name,
            "Acceptable Behaviour Contract or Agreement",
            "3",
            "1",
            "Leicester City Council",
            "Assault on a neighbour's child",
        ],
    ]
    assert response["Content-Disposition"].startswith('attachment; filename="consistency-skipped-')
    assert AuditEvent.objects.filter(officer=manager, action=AuditAction.EXPORT).count() == 1


def test_csv_skipped_leaves_out_cases_the_manager_may_not_see(manager_client, issue, perpetrator, outsider_officer):
    hidden_case = CaseFactory(lead_officer=outsider_officer, lead_agency=outsider_officer.agency)
    issue(perpetrator, "cpw", 40, on_case=hidden_case, skipped_from=1, justification="Hidden reason")

    rows = rows_of(manager_client.get(csv_url("skipped")))

    assert len(rows) == 1


def test_unknown_export_is_404(manager_client):
    assert manager_client.get("/reports/consistency/nothing.csv").status_code == 404


def test_report_page_links_each_export_with_the_filters(manager_client, ladder, today):
    response = manager_client.get(REPORT, period(today - datetime.timedelta(days=364), today))
    page = response.content.decode()
    query = response.context["query"].replace("&", "&amp;")
    for table in ("by-jag", "by-agency", "skipped"):
        assert f'href="{csv_url(table)}?{query}"' in page


def test_chart_shows_the_tiers(manager_client, ladder):
    response = manager_client.get(REPORT)
    chart = response.context["chart"]
    assert [(bar.label, bar.value) for bar in chart["chart"]["bars"]] == [
        ("Tier 1", 2),
        ("Tier 2", 2),
        ("Tier 3", 1),
        ("Tier 4", 1),
    ]
    assert "Tier 1: 2; Tier 2: 2; Tier 3: 1; Tier 4: 1" in response.content.decode()


# --- Queries ------------------------------------------------------------------------------------------------------


def test_report_query_count_is_constant(manager_client, issue, perpetrator, lead_officer, partner_officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert manager_client.get(url).status_code == 200
        return len(queries)

    urls = [REPORT, csv_url("by-jag"), csv_url("skipped")]
    issue(perpetrator, "cpw", 40, skipped_from=1)
    one = [count(url) for url in urls]
    for index in range(9):
        person = PersonFactory(created_by=lead_officer)
        other_case = CaseFactory(lead_officer=lead_officer, jag=JagFactory())
        issue(
            person,
            "abc",
            index + 1,
            on_case=other_case,
            by=partner_officer if index % 2 else None,
            skipped_from=1 if index % 3 else None,
            breach_count=index % 2,
        )
    assert [count(url) for url in urls] == one


def test_navigation_filter_says_who_may_see_the_report(manager, lead_officer, chair):
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template

    template = Template("{% load incremental_report %}{{ user|may_see_consistency_report }}")
    seen = {
        who: template.render(Context({"user": user}))
        for who, user in [
            ("manager", manager),
            ("officer", lead_officer),
            ("chair", chair),
            ("anonymous", AnonymousUser()),
        ]
    }
    assert seen == {"manager": "True", "officer": "False", "chair": "True", "anonymous": "False"}
