"""Server time of the managers' dashboard's two pages with the outcomes for victims of closed cases.

    scripts/services.sh run .venv/bin/python bench/closure.py [--scale 0.05] [--requests 200]

Opens (or fills) the benchmark database as bench.run does (bench.generate's 100,000 cases at scale 1), then gives
each complainant of every closed or ceased case their closing record (cases.models.VictimClosure) in one
INSERT ... SELECT: told (by phone, visit, letter, e-mail or in person, on the day the case closed) or, one in ten,
not told because they could not be contacted; an outcome spread over stopped, reduced, no change and worse; a
satisfaction from 1 to 5 for three in five. Then both pages of the dashboard, Cases (`/dashboard/`) and Victims
(`/dashboard/victims/`, where the outcomes are), are requested through django.test.Client as a manager of
Leicestershire Police, unfiltered and filtered by each JAG and a few lead agencies, warmed up, then timed interleaved
(bench/dashboard_pages.py); and the outcomes' own query (cases.closure.selectors.victim_outcomes) and its CSV export
alone. Prints p50/p95 ms for each, and with --plan the outcomes query's plan. Target: each page's p95 at most 200 ms,
as bench/dashboard.py's. Prints figures; never fails a build.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = "bench_closure_outcomes"

ADD_OUTCOMES = """
INSERT INTO cases_victimclosure (case_id, victim_id, told_how, told_on, told_what, not_told_reason,
                                 not_told_explanation, outcome, satisfaction, letter_id, recorded_by_id, recorded_at,
                                 updated_at, superseded_at, version)
SELECT cp.case_id, cp.person_id,
       CASE WHEN r.told THEN (ARRAY['phone', 'visit', 'letter', 'email', 'in_person'])[1 + r.how] ELSE '' END,
       CASE WHEN r.told THEN (c.closed_at AT TIME ZONE 'Europe/London')::date END,
       CASE WHEN r.told THEN 'The case is closing: the behaviour has stopped and the partners agreed to close it.'
            ELSE '' END,
       CASE WHEN r.told THEN '' ELSE 'no_contact' END,
       CASE WHEN r.told THEN '' ELSE 'Three calls and a visit, no answer.' END,
       (ARRAY['stopped', 'reduced', 'no_change', 'worse'])[1 + r.outcome],
       CASE WHEN r.gave THEN 1 + r.satisfaction END,
       NULL, c.lead_officer_id, c.closed_at, c.closed_at, NULL, 1
FROM cases_caseperson cp
JOIN cases_case c ON c.id = cp.case_id
CROSS JOIN LATERAL (
    SELECT (cp.id % 10) <> 0 AS told, (cp.id / 10) % 5 AS how, (cp.id / 7) % 4 AS outcome,
           (cp.id / 3) % 5 < 3 AS gave, (cp.id / 11) % 5 AS satisfaction
) r
WHERE cp.role = 'complainant' AND c.status IN ('closed', 'ceased') AND c.closed_at IS NOT NULL
ON CONFLICT DO NOTHING
"""


def outcomes_added() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER])
        return cursor.fetchone()[0] is not None


def add_outcomes() -> tuple[int, float]:
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(ADD_OUTCOMES)
        added = cursor.rowcount
        cursor.execute(f"CREATE TABLE {MARKER} (added integer)")
        cursor.execute(f"INSERT INTO {MARKER} VALUES (%s)", [added])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) cases_victimclosure")
    return added, time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--regenerate", action="store_true", help="drop the benchmark database and fill it again")
    parser.add_argument("--database", default="asb_bench_closure", help="benchmark database name")
    parser.add_argument("--scale", type=float, default=1.0, help="data set size when generating (default 1)")
    parser.add_argument("--requests", type=int, default=200, help="timed dashboard requests (default 200)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests first (default 10)")
    parser.add_argument("--plan", action="store_true", help="print the outcomes query's plan")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from bench import dashboard_pages
    from bench.run import cpu_probe, measure, open_bench_database, percentile

    open_bench_database(args.database, recreate=args.regenerate, scale=args.scale)
    from django.db import connection
    from django.urls import reverse

    from cases.closure.selectors import victim_outcomes
    from cases.models import VictimClosure
    from core import clock
    from jag.models import Jag

    if not outcomes_added():
        print("Adding the closing records of the closed cases' complainants ...")
        added, seconds = add_outcomes()
        print(f"  {added:,} records in {seconds:.1f} s")

    manager, client = dashboard_pages.manager_client()
    today = clock.today()
    jag_ids = list(Jag.objects.order_by("pk").values_list("pk", flat=True))

    def timed_block(n: int) -> list[float]:
        samples = []
        for i in range(n + args.warmup):
            jag_id = None if i % 3 else jag_ids[i % len(jag_ids)]
            started = time.perf_counter()
            victim_outcomes(manager, as_of=today, jag_id=jag_id)
            if i >= args.warmup:
                samples.append((time.perf_counter() - started) * 1000)
        return samples

    queries = dashboard_pages.queries_per_page(client)
    outcomes = victim_outcomes(manager, as_of=today)
    load_before, probe_before = os.getloadavg()[0], cpu_probe()
    pages = measure(client, dashboard_pages.scenarios(args.requests), warmup=args.warmup)
    block = timed_block(max(40, args.requests // 2))
    export = measure(
        client, [("CSV", [reverse("dashboard:export", args=["outcomes-by-jag"])] * 40)], warmup=args.warmup
    )["CSV"]

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_case")
        cases = cursor.fetchone()[0]
    records = VictimClosure.objects.count()
    print()
    print(f"Outcomes for victims: {cases:,} cases, {records:,} closing records")
    print(
        f"  load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after; "
        f"CPU probe (bench.run.cpu_probe) {probe_before:.0f} ms before, {cpu_probe():.0f} ms after"
    )
    print(
        f"  manager {manager.username} ({manager.agency}): {outcomes.totals['victims']:,} victims of cases closed in the last "
        f"12 months, {outcomes.totals['satisfaction_given']:,} gave their satisfaction "
        f"(average {outcomes.totals['satisfaction_average']})"
    )
    rows = [
        (f"outcomes' query alone, unfiltered and by JAG ({len(block)} calls)", block),
        (f"CSV export, outcomes by JAG ({len(export)} requests)", export),
    ]
    for label, samples in rows:
        print(f"  {label:<62} p50 {percentile(samples, 50):7.1f} ms   p95 {percentile(samples, 95):7.1f} ms")
    dashboard_pages.report(pages, queries)
    outcome_query = next((query for query in queries["Victims"] if "cases_victimclosure" in query[0]), None)
    if outcome_query and args.plan:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + outcome_query[0], outcome_query[1])
            print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
