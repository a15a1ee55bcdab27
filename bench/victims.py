"""Server time of a victim's page, the Victims section, the case Overview and the managers' dashboard on a
county-sized database.

    scripts/services.sh run .venv/bin/python bench/victims.py [--scale 1] [--requests 200]

Creates the database `asb_bench_victims` beside the one DATABASE_URL names (bench.run's helper), fills it with
bench.generate's 100,000 cases (unless already filled), then adds, in set-based SQL, a contact plan for every
complainant on a case (its single point of contact the case's lead officer, every 7, 14 or 28 days, some overdue)
and 300,000 updates given to them (times the scale), spread over the plans, with each plan's last contact and next
contact due set from them as the services keep them. A marker table records that they were added.

Then, as a police officer (who sees about two thirds of the cases), the victim's page of varied victims with a
plan, the Victims section and the Overview of their cases are requested through django.test.Client, warmed up, then
timed with perf_counter around client.get, interleaved. Then both pages of the managers' dashboard, Cases and Victims
(where the victim contacts overdue are counted), as a manager, unfiltered and filtered (bench/dashboard_pages.py).
Prints p50/p95 milliseconds and the queries per request. Targets: p95 at most 150 ms for the case pages, 200 ms for
each dashboard page. Prints figures; never fails a build.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 150.0
CONTACTS = 300_000
MARKER = "bench_victims_added"

_PLANS_SQL = """
INSERT INTO cases_victimcontactplan
    (case_id, victim_id, spoc_id, frequency_days, frequency_chosen, by_phone, by_visit, by_email, by_letter,
     safe_times, safe_ways, language, interpreter_needed, accessibility_needs, others_to_speak_to,
     starts_on, last_contact_on, next_contact_due, version, updated_by_id, updated_at)
SELECT DISTINCT ON (cp.case_id, cp.person_id)
       cp.case_id, cp.person_id, c.lead_officer_id, f.days, false, true, (cp.id % 3 = 0), (cp.id % 5 = 0), false,
       'Weekday evenings', 'No voicemail', 'English', false, '', '',
       c.opened_at::date, NULL, c.opened_at::date + f.days, 1, c.lead_officer_id, c.opened_at
FROM cases_caseperson cp
JOIN cases_case c ON c.id = cp.case_id
CROSS JOIN LATERAL (SELECT (ARRAY[7, 14, 28])[1 + (cp.id % 3)] AS days) f
WHERE cp.role = 'complainant'
ORDER BY cp.case_id, cp.person_id
ON CONFLICT DO NOTHING
"""

# Each update given on one of the plans (numbered), some time between the case's opening and now, by its lead
# officer; the methods cycle.
_CONTACTS_SQL = """
WITH plans AS (
    SELECT row_number() OVER (ORDER BY vp.id) AS n, vp.case_id, vp.victim_id, vp.spoc_id, c.opened_at
    FROM cases_victimcontactplan vp JOIN cases_case c ON c.id = vp.case_id
),
total AS (SELECT count(*) AS plans FROM plans)
INSERT INTO cases_victimcontact (case_id, victim_id, contacted_at, method, officer_id, summary, recorded_at)
SELECT p.case_id, p.victim_id, w.at, (ARRAY['phone', 'visit', 'email', 'letter'])[1 + (g %% 4)], p.spoc_id,
       'Updated the victim on the warning given and the next steps; they reported the noise continues at weekends.',
       w.at
FROM generate_series(1, %(contacts)s) AS g
CROSS JOIN total
JOIN plans p ON p.n = 1 + (g %% total.plans)
CROSS JOIN LATERAL (SELECT p.opened_at + (%(now)s - p.opened_at) * random() AS at) w
"""

_LAST_CONTACT_SQL = """
UPDATE cases_victimcontactplan vp
SET last_contact_on = last.on_day, next_contact_due = last.on_day + vp.frequency_days
FROM (SELECT case_id, victim_id, max(contacted_at)::date AS on_day FROM cases_victimcontact
      GROUP BY case_id, victim_id) AS last
WHERE last.case_id = vp.case_id AND last.victim_id = vp.victim_id
"""


def added() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER])
        return cursor.fetchone()[0] is not None


def add_victims(scale: float, log) -> None:
    from django.db import connection, transaction

    from core import clock

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_PLANS_SQL)
        plans = cursor.rowcount
        cursor.execute(_CONTACTS_SQL, {"contacts": int(CONTACTS * scale), "now": clock.now()})
        contacts = cursor.rowcount
        cursor.execute(_LAST_CONTACT_SQL)
        cursor.execute(f"CREATE TABLE {MARKER} (added_at timestamptz)")
        cursor.execute(f"INSERT INTO {MARKER} VALUES (%s)", [clock.now()])
    with connection.cursor() as cursor:
        for table in ("cases_victimcontactplan", "cases_victimcontact"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    log(f"  {plans:,} contact plans and {contacts:,} updates given in {time.perf_counter() - started:.1f} s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--regenerate", action="store_true", help="drop the benchmark database and fill it again")
    parser.add_argument("--database", default="asb_bench_victims", help="benchmark database name")
    parser.add_argument("--scale", type=float, default=1.0, help="data set size when generating (default 1)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per view (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per view first (default 20)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from bench import dashboard_pages
    from bench.run import BENCH_OFFICER, cpu_probe, measure, open_bench_database, percentile

    open_bench_database(args.database, recreate=args.regenerate, scale=args.scale)
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from agencies.models import Officer
    from cases.models import CasePerson, PersonRole, VictimContact, VictimContactPlan
    from cases.permissions import visible_case_q
    from core import clock

    if not added():
        print("Adding contact plans and updates given ...")
        add_victims(args.scale, print)

    officer = Officer.objects.get(username=BENCH_OFFICER)
    plans = list(
        VictimContactPlan.objects.filter(visible_case_q(officer, "case_id"))
        .order_by("?")
        .values_list("case_id", "case__reference", "victim_id")[: args.requests]
    )
    links = dict(
        ((case_id, person_id), pk)
        for pk, case_id, person_id in CasePerson.objects.filter(
            role=PersonRole.COMPLAINANT, case_id__in=[case_id for case_id, _, _ in plans]
        ).values_list("pk", "case_id", "person_id")
    )
    rng = random.Random(42)
    rng.shuffle(plans)
    victim_pages = [
        reverse("victims:detail", kwargs={"reference": reference, "pk": links[case_id, person_id]})
        for case_id, reference, person_id in plans
    ]
    sections = [reverse("cases:victims", kwargs={"reference": reference}) for _, reference, _ in plans]
    overviews = [reverse("cases:detail", kwargs={"reference": reference}) for _, reference, _ in plans]

    client = Client()
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    queries: dict[str, int] = {}
    executed: list[str] = []
    for label, url in (("victim", victim_pages[0]), ("section", sections[0]), ("overview", overviews[0])):
        executed.clear()
        with connection.execute_wrapper(lambda execute, sql, *rest: executed.append(sql) or execute(sql, *rest)):
            client.get(url)
        queries[label] = len(executed)
    load_before, probe_before = os.getloadavg()[0], cpu_probe()
    times = measure(
        client,
        [
            ("victim's page", victim_pages),
            ("Victims section", sections),
            ("case Overview", overviews),
        ],
        warmup=args.warmup,
    )
    _, manager = dashboard_pages.manager_client()
    dashboard_queries = dashboard_pages.queries_per_page(manager)
    dashboard_times = measure(manager, dashboard_pages.scenarios(args.requests), warmup=args.warmup)

    print()
    print(
        f"Victims: {VictimContactPlan.objects.count():,} contact plans, {VictimContact.objects.count():,} updates given"
    )
    print(
        f"  load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after; "
        f"CPU probe (bench.run.cpu_probe) {probe_before:.0f} ms before, {cpu_probe():.0f} ms after"
    )
    print(
        f"  queries per request: victim's page {queries['victim']}, Victims section {queries['section']}, "
        f"Overview {queries['overview']}"
    )
    worst = 0.0
    for label, samples in times.items():
        p95 = percentile(samples, 95)
        worst = max(worst, p95)
        print(f"  {label:<20} ({len(samples)} requests) p50 {percentile(samples, 50):7.1f} ms   p95 {p95:7.1f} ms")
    verdict = "met" if worst <= TARGET_MS else "NOT met"
    print(f"  target: p95 at most {TARGET_MS:.0f} ms: {verdict} (worst p95 {worst:.1f} ms)")
    overdue = VictimContactPlan.objects.filter(next_contact_due__lt=clock.today()).count()
    print(f"Managers' dashboard ({overdue:,} contact plans overdue, any status)")
    dashboard_pages.report(dashboard_times, dashboard_queries)


if __name__ == "__main__":
    main()
