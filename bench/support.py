"""Support and IOM referrals on a county-sized database: the case's People section and the person page.

    scripts/services.sh run .venv/bin/python bench/support.py [--requests 200]
    DATABASE_URL=postgres://... python bench/support.py           # kept server: referrals added only once
    ... bench/support.py --readd                                  # remove the referrals, add them again
    ... bench/support.py --explain                                # and the plan of each page's slowest query

Uses the benchmark database `asb_bench` beside the one DATABASE_URL names (bench.run's helper), fills it with
bench.generate's cases unless an earlier run did, then adds (once: the table `bench_support` marks it) one support
referral per case on average (100,000 on the full data set) in set-based SQL:
- to complainants and perpetrators on the cases, most with one referral, some with several (to different services
  or the same one again), the services of the seeded catalogue that take that role;
- referred over the last two years by the case's lead officer, 85% with consent, the rest with a lawful basis;
- in every state: awaiting a response, accepted, declined, engaged and closed with an outcome, each step dated in
  order, with a follow-up date on the open ones (a few overdue);
- and an IOM referral for one perpetrator in twenty, a third still awaiting the panel, the others decided.
Then the referrals are analysed and, as bench/run.py's officer (police.010), the People section
(`/cases/<ref>/people/`, its support card listing each person's referrals) and the person page (`/people/<pk>/`)
are requested through django.test.Client over cases and people with referrals; p50/p95 against the target p95 <=
150 ms, with the trivial signed-in page for scale. Prints figures; never fails a build.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = "bench_support"
TARGET_MS = 150.0
BENCH_OFFICER = "police.010"  # bench/run.py's officer
REFERRALS_PER_CASE = 1.0  # 100,000 on the full data set
IOM_SHARE = 0.05  # perpetrators referred to the IOM panel

STEPS = [
    (
        "people referred",
        # Complainants and perpetrators on the cases, each once or a few times (an exponential spread).
        """
        CREATE TEMP TABLE bench_referred ON COMMIT DROP AS
        SELECT cp.case_id, cp.person_id, cp.role, c.lead_officer_id, n
        FROM cases_caseperson cp
        JOIN cases_case c ON c.id = cp.case_id
        CROSS JOIN LATERAL generate_series(1, 1 + floor(-ln(1 - random()) * 0.6)::int) AS n
        WHERE cp.role IN ('complainant', 'perpetrator')
        ORDER BY md5(cp.id::text || ':' || n)
        LIMIT %(n_referrals)s
        """,
    ),
    (
        "referrals",
        """
        INSERT INTO cases_supportreferral (
            case_id, person_id, service_id, service_name, reason, referred_on, referred_by_id, consent_given,
            consent_on, consent_method, lawful_basis, lawful_basis_explanation, status, responded_on,
            decline_reason, engaged_on, closed_on, outcome, outcome_notes, follow_up_on, recorded_at, version)
        SELECT case_id, person_id, service_id, service_name,
               'Needs support to cope with the situation; agreed with the person what the service will be told.',
               referred_on, lead_officer_id, consented,
               CASE WHEN consented THEN referred_on END,
               CASE WHEN consented THEN (ARRAY['in_person', 'phone', 'written', 'email'])[1 + floor(random() * 4)::int]
                    ELSE '' END,
               CASE WHEN consented THEN '' ELSE 'public_task' END,
               CASE WHEN consented THEN '' ELSE 'Contact with the person is not safe at present; recorded by the officer.'
                    END,
               status,
               CASE WHEN status <> 'made' THEN referred_on + 5 END,
               CASE WHEN status = 'declined' THEN 'Outside the service''s criteria.' ELSE '' END,
               CASE WHEN status IN ('engaged', 'closed') THEN referred_on + 12 END,
               CASE WHEN status = 'closed' THEN referred_on + 40 END,
               CASE WHEN status = 'closed'
                    THEN (ARRAY['completed', 'completed', 'disengaged', 'not_engaged', 'moved_away'])[
                        1 + floor(random() * 5)::int] ELSE '' END,
               '',
               CASE WHEN status IN ('made', 'accepted', 'engaged')
                    THEN %(today)s::date - 5 + floor(random() * 30)::int END,
               referred_on + interval '11 hours', 1
        FROM (
            SELECT r.*, s.id AS service_id, s.name AS service_name,
                   random() < 0.85 AS consented,
                   CASE WHEN u < 0.08 THEN 'made' WHEN u < 0.16 THEN 'accepted' WHEN u < 0.26 THEN 'declined'
                        WHEN u < 0.40 THEN 'engaged' ELSE 'closed' END AS status,
                   -- Open referrals recent, finished ones over the last two years.
                   CASE WHEN u < 0.16 OR (u >= 0.26 AND u < 0.40) THEN %(today)s::date - 20 - floor(random() * 60)::int
                        ELSE %(today)s::date - 60 - floor(random() * 670)::int END AS referred_on
            FROM (SELECT b.*, random() AS u, random() AS pick FROM bench_referred b) r
            CROSS JOIN LATERAL (
                SELECT id, name FROM cases_supportservice
                WHERE for_whom = 'both' OR (for_whom = 'victims') = (r.role = 'complainant')
                ORDER BY md5(id::text || r.pick::text) LIMIT 1
            ) s
        ) x
        """,
    ),
    (
        "IOM referrals",
        # Distinct perpetrators, so one referral awaiting the panel per person holds.
        """
        INSERT INTO cases_iomreferral (
            case_id, person_id, reasons, referred_on, referred_by_id, decision, decided_on, decision_notes,
            lead_name, lead_agency_id, lead_officer_id, recorded_at, version)
        SELECT case_id, person_id, 'Repeat offending alongside the anti-social behaviour.', referred_on,
               lead_officer_id, decision, CASE WHEN decision <> 'pending' THEN referred_on + 14 END, '',
               CASE WHEN decision = 'adopted' THEN 'Offender manager, IOM team' ELSE '' END,
               CASE WHEN decision = 'adopted' THEN %(police)s END, NULL, referred_on + interval '10 hours', 1
        FROM (
            SELECT DISTINCT ON (cp.person_id) cp.case_id, cp.person_id, c.lead_officer_id,
                   %(today)s::date - floor(random() * 300)::int AS referred_on,
                   CASE WHEN random() < 0.33 THEN 'pending' WHEN random() < 0.6 THEN 'adopted'
                        WHEN random() < 0.8 THEN 'not_adopted' ELSE 'already_known' END AS decision
            FROM cases_caseperson cp JOIN cases_case c ON c.id = cp.case_id
            WHERE cp.role = 'perpetrator' AND md5(cp.person_id::text || 'iom') < %(iom_cut)s
            ORDER BY cp.person_id, cp.case_id
        ) p
        """,
    ),
]


def referrals_added() -> dict | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT added_at, seconds, referrals, iom FROM {MARKER}")
        added_at, seconds, referrals, iom = cursor.fetchone()
    return {"added_at": added_at, "seconds": seconds, "referrals": referrals, "iom": iom}


def remove_referrals() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE cases_supportreferral, cases_iomreferral RESTART IDENTITY")
        cursor.execute(f"DROP TABLE IF EXISTS {MARKER}")


def add_referrals(log) -> None:
    from django.db import connection, transaction

    from agencies.models import Agency
    from cases.models import Case, IomReferral, SupportReferral
    from core import clock

    if SupportReferral.objects.exists() or IomReferral.objects.exists():
        raise SystemExit("The benchmark database already has referrals but no marker: use --readd")
    # A hexadecimal prefix: md5 below it picks about IOM_SHARE of the perpetrators.
    params = {
        "today": clock.today(),
        "n_referrals": round(Case.objects.count() * REFERRALS_PER_CASE),
        "police": Agency.objects.get(short_name="Police").pk,
        "iom_cut": f"{int(IOM_SHARE * 16**4):04x}",
    }
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.27)")
        for label, sql in STEPS:
            t = time.perf_counter()
            cursor.execute(sql, params)
            log(f"  {label:<28} {time.perf_counter() - t:6.1f} s")
        cursor.execute("SELECT (SELECT count(*) FROM cases_supportreferral), (SELECT count(*) FROM cases_iomreferral)")
        referrals, iom = cursor.fetchone()
        cursor.execute(f"CREATE TABLE {MARKER} (added_at timestamptz, seconds float, referrals int, iom int)")
        cursor.execute(
            f"INSERT INTO {MARKER} VALUES (%s, %s, %s, %s)",
            [clock.now(), time.perf_counter() - started, referrals, iom],
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) cases_supportreferral")
        cursor.execute("VACUUM (ANALYZE) cases_iomreferral")
    log(f"  added in {time.perf_counter() - started:.1f} s")


def sample_urls(officer, n: int, rng: random.Random) -> tuple[list[str], list[str], dict]:
    """People sections of cases with referrals, and person pages of people with referrals, the officer may see."""
    from django.db.models import Count
    from django.urls import reverse

    from cases.models import SupportReferral
    from cases.permissions import visible_case_q

    visible = SupportReferral.objects.filter(visible_case_q(officer, "case_id"))
    by_case = list(visible.values("case__reference").annotate(n=Count("id")).order_by("-n", "case__reference")[: n * 5])
    by_person = list(visible.values("person_id").annotate(n=Count("id")).order_by("-n", "person_id")[: n * 5])
    cases = rng.sample(by_case, min(n, len(by_case)))
    people = rng.sample(by_person, min(n, len(by_person)))
    shape = {
        "cases": len(cases),
        "case_referrals": max((row["n"] for row in cases), default=0),
        "people": len(people),
        "person_referrals": max((row["n"] for row in people), default=0),
    }
    return (
        [reverse("cases:people", kwargs={"reference": row["case__reference"]}) for row in cases],
        [reverse("cases:person", kwargs={"pk": row["person_id"]}) for row in people],
        shape,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="asb_bench", help="benchmark database (default asb_bench)")
    parser.add_argument("--scale", type=float, default=1.0, help="data set size when generating cases (default 1)")
    parser.add_argument("--readd", action="store_true", help="remove the referrals and add them again")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per page first (default 20)")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of each page's slowest query")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))

    from bench.run import cpu_probe, open_bench_database

    open_bench_database(args.database, recreate=False, scale=args.scale)

    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from agencies.models import Officer
    from bench.interventions import queries_of, row, timed

    marker = referrals_added()
    if args.readd and marker is not None:
        remove_referrals()
        marker = None
    if marker is None:
        print("Adding support and IOM referrals ...")
        add_referrals(print)
        marker = referrals_added()
    assert marker is not None

    officer = Officer.objects.get(username=BENCH_OFFICER)
    rng = random.Random(20261206)
    case_urls, person_urls, shape = sample_urls(officer, args.requests, rng)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version'), current_setting('jit')")
        pg_version, jit = cursor.fetchone()
        cursor.execute("SELECT status, count(*) FROM cases_supportreferral GROUP BY status ORDER BY status")
        statuses = ", ".join(f"{status} {count:,}" for status, count in cursor.fetchall())
    print()
    print(
        f"Referrals: {marker['referrals']:,} support referrals ({statuses}), {marker['iom']:,} IOM referrals "
        f"(added {marker['added_at']:%Y-%m-%d %H:%M} in {marker['seconds']:.1f} s)"
    )
    load = " ".join(f"{n:.2f}" for n in os.getloadavg())
    print(
        f"PostgreSQL {pg_version} (jit={jit}), {os.cpu_count()} CPUs, load average {load}, cpu probe {cpu_probe():.0f} ms"
    )
    print(
        f"\nAs {officer.username} ({officer.agency}): {shape['cases']} cases (up to {shape['case_referrals']} "
        f"referrals each), {shape['people']} people (up to {shape['person_referrals']} referrals each)"
    )
    client = Client()
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    case_queries, case_slowest = queries_of(client, case_urls[0], explain=args.explain)
    person_queries, person_slowest = queries_of(client, person_urls[0], explain=args.explain)
    print(f"  {'':<60} {'n':>4} {'p50 ms':>8} {'p95 ms':>8}")
    row("trivial signed-in view (account), for scale", timed(client, [reverse("account")] * 50, warmup=5), None)
    row(
        "case People section with the referrals card",
        timed(client, case_urls, warmup=args.warmup),
        TARGET_MS,
        f"{case_queries} queries, slowest {case_slowest:.1f} ms",
    )
    row(
        "person page with the referrals card",
        timed(client, person_urls, warmup=args.warmup),
        TARGET_MS,
        f"{person_queries} queries, slowest {person_slowest:.1f} ms",
    )


if __name__ == "__main__":
    main()
