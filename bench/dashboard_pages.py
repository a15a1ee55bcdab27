"""The managers' dashboard's two pages, Cases (`/dashboard/`) and Victims (`/dashboard/victims/`), timed alike by the
benches that add data to one of them (bench/closure.py, bench/victims.py): each page unfiltered, and unfiltered and
filtered by each JAG and a few lead agencies in turn, all four interleaved (bench.run.measure) as a manager of
Leicestershire Police. Target: p95 at most 200 ms, as bench/dashboard.py's.
"""

from __future__ import annotations

TARGET_MS = 200.0
MANAGER = "police.011"
PAGES = (("Cases", "dashboard:index"), ("Victims", "dashboard:victims"))


def manager_client():
    """A client signed in as MANAGER, given the manager role (the generated officers hold none)."""
    from django.contrib.auth.models import Group
    from django.test import Client

    from agencies.models import Officer
    from agencies.roles import Role, role_group_name

    manager = Officer.objects.get(username=MANAGER)
    manager.groups.add(Group.objects.get_or_create(name=role_group_name(Role.MANAGER))[0])
    client = Client()
    client.force_login(manager, backend="django.contrib.auth.backends.ModelBackend")
    return manager, client


def scenarios(requests: int) -> list[tuple[str, list[str]]]:
    """(label, URLs) for each page unfiltered (a quarter as many requests) and unfiltered or filtered in turn."""
    from django.urls import reverse

    from agencies.models import Agency
    from jag.models import Jag

    jag_ids = list(Jag.objects.order_by("pk").values_list("pk", flat=True))
    agency_ids = list(Agency.objects.order_by("name").values_list("pk", flat=True)[:5])
    found = []
    for label, name in PAGES:
        page = reverse(name)
        variants = [page] + [f"{page}?jag={j}" for j in jag_ids] + [f"{page}?agency={a}" for a in agency_ids]
        found.append((f"dashboard {label}, unfiltered", [page] * max(20, requests // 4)))
        found.append(
            (f"dashboard {label}, unfiltered and filtered", [variants[i % len(variants)] for i in range(requests)])
        )
    return found


def queries_per_page(client) -> dict[str, list[tuple[str, object]]]:
    """The SQL statements (with their parameters) of one unfiltered request of each page."""
    from django.db import connection
    from django.urls import reverse

    found: dict[str, list[tuple[str, object]]] = {}

    def record(execute, sql, params, *rest):
        found[current].append((sql, params))
        return execute(sql, params, *rest)

    for current, name in PAGES:
        found[current] = []
        with connection.execute_wrapper(record):
            client.get(reverse(name))
    return found


def report(times: dict[str, list[float]], queries: dict[str, list]) -> float:
    """Print p50/p95 of each scenario and the verdict against TARGET_MS; return the worst p95."""
    from bench.run import percentile

    print("  queries per request: " + ", ".join(f"dashboard {label} {len(q)}" for label, q in queries.items()))
    worst = 0.0
    for label, samples in times.items():
        p95 = percentile(samples, 95)
        worst = max(worst, p95)
        print(
            f"  {label + f' ({len(samples)} requests)':<62} p50 {percentile(samples, 50):7.1f} ms   p95 {p95:7.1f} ms"
        )
    verdict = "met" if worst <= TARGET_MS else "NOT met"
    print(f"  target: each dashboard page's p95 at most {TARGET_MS:.0f} ms: {verdict} (worst p95 {worst:.1f} ms)")
    return worst
