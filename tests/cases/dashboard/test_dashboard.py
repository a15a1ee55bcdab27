"""The managers' dashboard: who may see it, its figures, their links to the cases behind them, CSV export."""

import csv
import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from agencies.models import AuditAction, AuditEvent
from cases.models import Case, CaseStatus, LongStandingChange, RiskBand
from core import clock
from tests.factories import AgencyFactory, CaseFactory, JagFactory, OfficerFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "/dashboard/"


def listed(client, url: str) -> list[str]:
    """References on every page of the case list at url."""
    response = client.get(url)
    assert response.status_code == 200
    count = int(re.search(r'id="case-count">(\d+) case', response.content.decode()).group(1))
    cases = list(response.context["page"].object_list)
    for number in range(2, response.context["page"].paginator.num_pages + 1):
        cases += client.get(f"{url}{'&' if '?' in url else '?'}page={number}").context["page"].object_list
    assert len(cases) == count
    return sorted(case.reference for case in cases)


def test_dashboard_url_name():
    assert reverse("dashboard:index") == DASHBOARD


def test_dashboard_refused_to_an_officer_without_the_role(lead_officer_client):
    assert lead_officer_client.get(DASHBOARD).status_code == 403
    assert lead_officer_client.get(reverse("dashboard:export", args=["by-jag"])).status_code == 403


def test_dashboard_anonymous_sent_to_sign_in(anonymous_client):
    response = anonymous_client.get(DASHBOARD)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_dashboard_in_the_navigation_only_for_managers_and_chairs(manager_client, chair_client, lead_officer_client):
    link = f'href="{DASHBOARD}"'
    assert link in manager_client.get(reverse("cases:my_cases")).content.decode()
    assert link in chair_client.get(reverse("cases:my_cases")).content.decode()
    assert link not in lead_officer_client.get(reverse("cases:my_cases")).content.decode()


def test_dashboard_figures(manager_client, make_case):
    make_case(risk=RiskBand.HIGH, overdue=True)
    make_case(risk=RiskBand.MEDIUM, long_standing_days=10)
    make_case(risk=RiskBand.STANDARD, long_standing_days=200)
    make_case(closed_days_ago=3, opened_days_ago=40)

    board = manager_client.get(DASHBOARD).context["board"]

    totals = {k: board.totals[k] for k in ("open", "high_risk", "review_overdue", "long_standing", "case_review")}
    assert totals == {"open": 3, "high_risk": 1, "review_overdue": 1, "long_standing": 2, "case_review": 0}
    assert [(r["name"], r["long_standing_under_3"], r["long_standing_6_to_12"]) for r in board.by_jag] == [
        ("Leicester West JAG", 1, 1)
    ]
    assert [(r["label"], r["count"]) for r in board.risk_mix] == [
        ("High", 1),
        ("Medium", 1),
        ("Standard", 1),
        ("Not assessed", 0),
    ]
    this_month = board.trends[-1]
    assert (this_month["opened"], this_month["long_standing"]) == (3, 2)
    assert sum(row["opened"] for row in board.trends) == 4
    assert sum(row["closed"] for row in board.trends) == 1
    assert [case.long_standing_days for case in board.longest] == [200, 10]


def test_dashboard_sees_only_cases_visible_to_the_manager(manager_client, make_case, outsider_officer):
    mine = make_case(long_standing_days=130)
    other_jag = JagFactory(name="Rutland JAG")
    make_case(lead_officer=outsider_officer, lead_agency=outsider_officer.agency, jag=other_jag, long_standing_days=130)

    board = manager_client.get(DASHBOARD).context["board"]

    assert [row["name"] for row in board.by_jag] == [mine.jag.name]
    assert board.totals["long_standing"] == 1


def test_every_long_standing_figure_links_to_exactly_the_cases_behind_it(manager_client, make_case):
    young = make_case(long_standing_days=20)
    old = make_case(long_standing_days=400)
    make_case()
    make_case(long_standing_days=50, closed_days_ago=1)

    board = manager_client.get(DASHBOARD).context["board"]
    [row] = board.by_jag

    assert listed(manager_client, row["links"]["long_standing"]) == sorted([young.reference, old.reference])
    assert listed(manager_client, row["links"]["long_standing_under_3"]) == [young.reference]
    assert listed(manager_client, row["links"]["long_standing_over_12"]) == [old.reference]
    assert listed(manager_client, row["links"]["long_standing_3_to_6"]) == []


def test_every_figure_count_equals_its_linked_list(manager_client, make_case, partner_agency):
    make_case(risk=RiskBand.HIGH, overdue=True, long_standing_days=100)
    make_case(risk=RiskBand.MEDIUM, overdue=True)
    make_case(long_standing_days=300)
    make_case(closed_days_ago=5, opened_days_ago=70)

    board = manager_client.get(DASHBOARD).context["board"]

    for row in [*board.by_jag, *board.by_agency, board.totals]:
        for name, url in row["links"].items():
            assert len(listed(manager_client, url)) == row[name], (name, url)
    for row in board.risk_mix:
        assert len(listed(manager_client, row["link"])) == row["count"], row["label"]
    for row in board.trends:
        for name, url in row["links"].items():
            assert len(listed(manager_client, url)) == row[name], (row["key"], name)


def test_trend_long_standing_uses_the_change_history(manager_client, make_case):
    case = make_case(long_standing_days=100)
    # It stopped being long standing 20 days ago: no longer flagged.
    LongStandingChange.objects.create(
        case=case,
        became_long_standing=False,
        as_of=clock.today() - datetime.timedelta(days=20),
        days_in_window=90,
    )
    Case.objects.filter(pk=case.pk).update(long_standing_since=None)

    board = manager_client.get(DASHBOARD).context["board"]

    assert board.trends[-1]["long_standing"] == 0
    for row in board.trends:
        assert len(listed(manager_client, row["links"]["long_standing"])) == row["long_standing"], row["key"]


def test_dashboard_filter_by_jag_and_agency(manager_client, make_case, lead_officer, lead_agency):
    other_jag = JagFactory(name="Blaby JAG")
    make_case(long_standing_days=130)
    in_blaby = make_case(jag=other_jag, long_standing_days=130)

    board = manager_client.get(DASHBOARD, {"jag": other_jag.pk, "agency": lead_agency.pk}).context["board"]

    assert [row["name"] for row in board.by_jag] == ["Blaby JAG"]
    assert listed(manager_client, board.totals["links"]["long_standing"]) == [in_blaby.reference]


def test_dashboard_bad_filter_is_shown_not_a_500(manager_client, make_case):
    make_case()
    response = manager_client.get(DASHBOARD, {"jag": "999999", "agency": "x"})
    assert response.status_code == 200
    assert "Choose one of the options listed" in response.content.decode()
    assert response.context["board"].totals["open"] == 1


def test_csv_export_rows_and_audit(manager_client, manager, make_case):
    make_case(risk=RiskBand.HIGH, long_standing_days=10)
    make_case(long_standing_days=200)

    response = manager_client.get(reverse("dashboard:export", args=["long-standing-by-jag"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["JAG", "Long standing"]
    assert rows[1][:6] == ["Leicester West JAG", "2", "1", "0", "1", "0"]
    event = AuditEvent.objects.filter(officer=manager, action=AuditAction.EXPORT).get()
    assert event.description.startswith("Exported dashboard table How long cases have been long standing, by JAG")


@pytest.mark.parametrize(
    "table", ["by-jag", "by-agency", "long-standing-by-jag", "long-standing-by-agency", "risk-mix", "longest", "trends"]
)
def test_every_table_exports(manager_client, make_case, table):
    make_case(long_standing_days=10)
    response = manager_client.get(reverse("dashboard:export", args=[table]))
    assert response.status_code == 200
    assert len(list(csv.reader(io.StringIO(response.content.decode())))) >= 2


def test_unknown_export_is_404(manager_client):
    assert manager_client.get("/dashboard/export/nothing.csv").status_code == 404


def test_csv_cells_cannot_run_as_formulas(manager_client, manager):
    jag = JagFactory(name="=HYPERLINK(1)")
    officer = OfficerFactory(agency=manager.agency)
    CaseFactory(lead_officer=officer, lead_agency=manager.agency, jag=jag)
    rows = list(csv.reader(io.StringIO(manager_client.get("/dashboard/export/by-jag.csv").content.decode())))
    assert rows[1][0] == "'=HYPERLINK(1)"


def test_dashboard_query_count_is_constant(manager_client, make_case, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        cache.clear()  # the ASB Case Review threshold's cases computed afresh both times
        with CaptureQueriesContext(connection) as queries:
            assert manager_client.get(DASHBOARD).status_code == 200
        return len(queries)

    make_case(risk=RiskBand.HIGH, long_standing_days=40)
    one = count()
    agency = AgencyFactory()
    for index in range(9):
        make_case(
            risk=RiskBand.MEDIUM,
            long_standing_days=index * 50,
            overdue=index % 2 == 0,
            jag=JagFactory(),
            closed_days_ago=index * 20 if index % 3 == 0 else None,
        )
    del agency
    assert count() == one


def test_case_list_month_filter_rejects_a_bad_month(manager_client):
    response = manager_client.get(reverse("cases:list"), {"opened_month": "2025-13"})
    assert response.status_code == 200
    assert "Opened in month must be a real month" in response.content.decode()


def test_case_review_figure_counts_victims_meeting_the_threshold(manager_client, make_case, lead_officer, lead_agency):
    from cases.models import PersonRole
    from cases.services import case_add_person, incident_record
    from tests.factories import PersonFactory

    case = make_case()
    make_case()
    person = PersonFactory(created_by=lead_officer)
    case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.COMPLAINANT)
    now = clock.now() - datetime.timedelta(days=3)
    incident_record(
        case=case,
        officer=lead_officer,
        occurred_at=now,
        reported_at=now,
        reported_to=lead_agency,
        description="Racist abuse shouted at the door.",
        hate_incident=True,
    )

    board = manager_client.get(DASHBOARD).context["board"]

    assert board.totals["case_review"] == 1
    assert listed(manager_client, board.totals["links"]["case_review"]) == [case.reference]


def test_case_status_closed_counts_nowhere_open(manager_client, make_case):
    make_case(closed_days_ago=1)
    board = manager_client.get(DASHBOARD).context["board"]
    assert board.totals["open"] == 0
    assert CaseStatus.CLOSED == "closed"
