"""Server time of the ASB Case Review annual figures page on a county-sized database.

    scripts/services.sh run .venv/bin/python bench/case_review_figures.py [--regenerate] [--scale 1] [--requests 200]

Creates the database `asb_bench_case_reviews` beside the one DATABASE_URL names (bench.run's helper), fills it with
bench.generate's 100,000 cases (unless already filled) and adds, in set-based SQL, 20,000 ASB Case Review applications
(times --scale) spread over the last five years, each by a complainant of its case: most decided (met, not met or
rejected), the met ones reviewed with recommendations for half and an action plan of two actions, one in ten taken
to the Police and Crime Commissioner, most with an outcome.

Then the figures page (each of the last five years, in turn) and its CSV are requested through django.test.Client as
a manager, warmed up, then timed with perf_counter around client.get. Prints p50/p95 milliseconds and the number of
queries per request. Target: p95 at most 500 ms. Prints figures; never fails a build.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 500.0
APPLICATIONS = 20_000
MARKER = "bench_case_review_figures"
MANAGER = "police.011"

# One application per row of a random draw of complainants; dates and outcomes from random() per row.
_INSERT_APPLICATIONS = """
WITH victims AS (
    SELECT cp.case_id, cp.person_id, c.lead_officer_id
    FROM cases_caseperson cp JOIN cases_case c ON c.id = cp.case_id
    WHERE cp.role = 'complainant'
    ORDER BY random() LIMIT %(count)s
), drawn AS (
    SELECT v.*, (%(today)s::date - (random() * 1825)::int) AS applied, random() AS fate, random() AS pcc
    FROM victims v
), decided AS (
    SELECT d.*,
           CASE WHEN d.fate < 0.10 THEN 'pending' WHEN d.fate < 0.55 THEN 'met'
                WHEN d.fate < 0.95 THEN 'not_met' ELSE 'rejected' END AS decision
    FROM drawn d
)
INSERT INTO cases_casereviewactivation
    (case_id, victim_id, application_date, received_how, received_by_id, point_of_contact_id, threshold_decision,
     threshold_reason, decision_date, review_meeting_date, chair_name, chair_agency, chair_independent,
     victim_consulted, consulted_on, consulted_how, victim_views, victim_attendance, outcome, recommendations,
     outcome_date, appeal_outcome, pcc_requested_on, pcc_outcome, pcc_outcome_notes, pcc_outcome_on, recorded_by_id,
     recorded_at, version)
SELECT case_id, person_id, applied,
       (ARRAY['phone', 'paper', 'in_person', 'online'])[1 + mod(floor(fate * 4)::int, 4)], lead_officer_id,
       lead_officer_id, decision,
       CASE WHEN decision IN ('not_met', 'rejected') THEN 'Below the threshold.' ELSE '' END,
       CASE WHEN decision <> 'pending' THEN applied + 10 END,
       CASE WHEN decision = 'met' THEN applied + 30 END,
       CASE WHEN decision = 'met' THEN 'Independent chair' ELSE '' END,
       CASE WHEN decision = 'met' THEN 'Community safety partnership' ELSE '' END,
       CASE WHEN decision = 'met' THEN true END,
       CASE WHEN decision = 'met' THEN true END,
       CASE WHEN decision = 'met' THEN applied + 25 END,
       CASE WHEN decision = 'met' THEN 'phone' ELSE '' END, '',
       CASE WHEN decision = 'met' THEN 'phone' ELSE '' END,
       CASE WHEN decision = 'met' THEN 'Joint action plan agreed.' ELSE '' END,
       CASE WHEN decision = 'met' AND fate < 0.33 THEN 'Housing to review the tenancy.' ELSE '' END,
       CASE WHEN decision = 'met' THEN applied + 32 END, '',
       CASE WHEN decision <> 'pending' AND pcc < 0.10 THEN applied + 20 END,
       CASE WHEN decision <> 'pending' AND pcc < 0.08 THEN
            (ARRAY['upheld', 'recommendations', 'other'])[1 + mod(floor(pcc * 1000)::int, 3)] ELSE '' END,
       '',
       CASE WHEN decision <> 'pending' AND pcc < 0.08 THEN applied + 50 END,
       lead_officer_id, now(), 1
FROM decided
"""

_INSERT_ACTIONS = """
INSERT INTO cases_casereviewaction
    (activation_id, text, owner_agency_id, owner_officer_id, due_on, done_on, done_by_id, created_by_id, created_at,
     version)
SELECT a.id, 'Action ' || n, c.lead_agency_id, NULL, a.outcome_date + 14 * n,
       CASE WHEN a.outcome_date + 14 * n < %(today)s THEN a.outcome_date + 14 * n END,
       CASE WHEN a.outcome_date + 14 * n < %(today)s THEN a.point_of_contact_id END,
       a.recorded_by_id, now(), 1
FROM cases_casereviewactivation a JOIN cases_case c ON c.id = a.case_id
CROSS JOIN generate_series(1, 2) n
WHERE a.outcome_date IS NOT NULL
"""


def add_case_reviews(count: int, today, log) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(_INSERT_APPLICATIONS, {"count": count, "today": today})
        applications = cursor.rowcount
        cursor.execute(_INSERT_ACTIONS, {"today": today})
        actions = cursor.rowcount
        cursor.execute(f"CREATE TABLE {MARKER} (added integer)")
        cursor.execute(f"INSERT INTO {MARKER} VALUES (%s)", [applications])
        log(f"  {applications:,} applications and {actions:,} actions in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) cases_casereviewactivation")
        cursor.execute("VACUUM (ANALYZE) cases_casereviewaction")


def already_added() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER])
        return cursor.fetchone()[0] is not None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--regenerate", action="store_true", help="drop the benchmark database and fill it again")
    parser.add_argument("--database", default="asb_bench_case_reviews", help="benchmark database name")
    parser.add_argument("--scale", type=float, default=1.0, help="data set size when generating (default 1)")
    parser.add_argument("--requests", type=int, default=200, help="timed page requests (default 200)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests first (default 10)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from bench.run import cpu_probe, open_bench_database, percentile

    open_bench_database(args.database, recreate=args.regenerate, scale=args.scale)
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from agencies.models import Officer
    from agencies.roles import Role, role_group_name
    from cases.case_reviews.figures import FiguresYear
    from cases.models import CaseReviewAction, CaseReviewActivation
    from core import clock

    today = clock.today()
    if not already_added():
        print(f"Adding {int(APPLICATIONS * args.scale):,} ASB Case Review applications ...")
        add_case_reviews(max(1, int(APPLICATIONS * args.scale)), today, print)

    manager = Officer.objects.filter(username=MANAGER).first() or Officer.objects.filter(is_active=True).first()
    manager.groups.add(Group.objects.get_or_create(name=role_group_name(Role.MANAGER))[0])
    client = Client()
    client.force_login(manager, backend="django.contrib.auth.backends.ModelBackend")

    current = FiguresYear.containing(today).first
    page, csv = reverse("case_reviews:figures"), reverse("case_reviews:figures_csv")
    years = [current - back for back in range(5)]
    pages = [f"{page}?year={years[i % len(years)]}" for i in range(args.requests)]
    csvs = [f"{csv}?year={years[i % len(years)]}" for i in range(max(20, args.requests // 4))]

    def timed(paths: list[str]) -> list[float]:
        for path in paths[: args.warmup]:
            client.get(path)
        samples = []
        for path in paths:
            started = time.perf_counter()
            response = client.get(path)
            samples.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"GET {path} answered {response.status_code}")
        return samples

    queries: list[str] = []
    with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
        client.get(pages[0])
    load_before, probe_before = os.getloadavg()[0], cpu_probe()
    page_times = timed(pages)
    csv_times = timed(csvs)

    print()
    print(
        f"ASB Case Review figures: {CaseReviewActivation.objects.count():,} applications, "
        f"{CaseReviewAction.objects.count():,} actions"
    )
    print(
        f"  load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after; "
        f"CPU probe (bench.run.cpu_probe) {probe_before:.0f} ms before, {cpu_probe():.0f} ms after"
    )
    print(f"  queries per figures page request: {len(queries)}")
    for label, samples in (
        (f"figures page, the last five years in turn ({len(page_times)} requests)", page_times),
        (f"figures CSV ({len(csv_times)} requests)", csv_times),
    ):
        print(f"  {label:<60} p50 {percentile(samples, 50):7.1f} ms   p95 {percentile(samples, 95):7.1f} ms")
    worst = percentile(page_times, 95)
    verdict = "met" if worst <= TARGET_MS else "NOT met"
    print(f"  target: figures page p95 at most {TARGET_MS:.0f} ms: {verdict} (p95 {worst:.1f} ms)")


if __name__ == "__main__":
    main()
