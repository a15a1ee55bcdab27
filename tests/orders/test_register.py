"""The register's order and paging: soonest to end first, open-ended orders last, then the newest issued; read down
its index, however many orders the officer may see."""

import datetime
import re

import pytest
from django.db import connection
from django.urls import reverse

from core import clock
from incremental.models import NEVER_ENDS, InterventionKind
from orders import views
from orders.selectors import RegisterFilters, register
from tests.factories import InterventionFactory

pytestmark = pytest.mark.django_db

REGISTER = reverse("orders:register")


def listed(response) -> list[int]:
    return [row.pk for row in response.context["page"].object_list]


@pytest.fixture
def cpns(case, perpetrator):
    """Four CPNs: two ending (the later issued first among the same end), one open-ended, one ended already."""
    kind = InterventionKind.objects.get(code="cpn")
    today = clock.today()

    def cpn(issued_days_ago: int, live_days: int | None):
        issued_on = today - datetime.timedelta(days=issued_days_ago)
        live_until = None if live_days is None else today + datetime.timedelta(days=live_days)
        return InterventionFactory(case=case, person=perpetrator, kind=kind, issued_on=issued_on, live_until=live_until)

    return {
        "soon_older": cpn(30, 20),
        "soon_newer": cpn(10, 20),
        "later": cpn(40, 90),
        "open_ended": cpn(5, None),
        "ended": cpn(400, -35),
    }


def test_register_lists_the_soonest_to_end_first_and_open_ended_last(lead_officer_client, cpns):
    response = lead_officer_client.get(REGISTER)

    assert listed(response) == [cpns[name].pk for name in ("soon_newer", "soon_older", "later", "open_ended")]
    page = response.content.decode()
    assert "No end date" in page
    assert cpns["open_ended"].runs_until == NEVER_ENDS


def test_register_filters_by_expiry_on_the_day_it_runs_until(lead_officer_client, cpns):
    def shown(**query) -> set[int]:
        return set(listed(lead_officer_client.get(REGISTER, query)))

    assert shown(expiry="none") == {cpns["open_ended"].pk}
    assert shown(expiry="30") == {cpns["soon_newer"].pk, cpns["soon_older"].pk}
    assert shown(expiry="90") == {cpns[name].pk for name in ("soon_newer", "soon_older", "later")}
    assert shown(status="ended") == {cpns["ended"].pk}
    assert shown(status="ended", expiry="expired") == {cpns["ended"].pk}
    assert shown(status="all") == {order.pk for order in cpns.values()}


def test_register_pages_count_every_row_and_a_page_past_the_end_is_the_last(lead_officer_client, cpns, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 3)

    first = lead_officer_client.get(REGISTER)
    past_the_end = lead_officer_client.get(REGISTER, {"page": 99})

    assert first.context["page"].paginator.count == 4
    assert listed(first) == [cpns[name].pk for name in ("soon_newer", "soon_older", "later")]
    assert past_the_end.context["page"].number == 2
    assert listed(past_the_end) == [cpns["open_ended"].pk]


def test_varying_an_order_moves_it_in_the_register(lead_officer_client, cpns):
    order = cpns["open_ended"]
    order.order_ends_on = clock.today() + datetime.timedelta(days=1)
    order.save(update_fields=["order_ends_on"])

    assert listed(lead_officer_client.get(REGISTER))[0] == order.pk


@pytest.mark.parametrize("filters", [RegisterFilters(), RegisterFilters(status="in_force", expiry="90")])
def test_register_is_read_down_its_index(lead_officer, cpns, filters):
    sql, params = register(lead_officer, filters).values("pk")[:50].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert not re.search(r"(?m)^\s*(->\s+)?Sort\s+\(", plan), plan
    assert re.search(r"Index (Only )?Scan using intervention_register", plan), plan
    # The kinds of notice are a subquery, not a join: the register reads no table but its index to find its rows.
    assert "incremental_intervention.kind_id = incremental_interventionkind.id" not in plan, plan
    assert "= incremental_intervention.kind_id" not in plan, plan
