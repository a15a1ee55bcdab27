"""The Incremental Approach on a county-sized database: a person's ladder and the consistency report.

    scripts/services.sh run .venv/bin/python bench/interventions.py [--requests 200] [--repeat 20]
    DATABASE_URL=postgres://... python bench/interventions.py       # kept server: data added only once
    ... bench/interventions.py --readd                               # remove the interventions, add them again
    ... bench/interventions.py --explain                             # and the plans of the slowest queries

Uses the benchmark database `asb_bench` beside the one DATABASE_URL names (bench.run's helper), fills it with
bench.generate's 100,000 cases unless an earlier run did, then adds (once: the table `bench_interventions` marks it)
300,000 interventions on 50,000 perpetrators in set-based SQL:
- the perpetrators are people who are perpetrators on cases (bench.generate's case roles), the most prolific first
  (the 200 with the most cases get ladders of 40 to 80 rungs), the rest with an exponential spread around 5;
  each intervention is on one of that person's cases where they are a perpetrator;
- tiers climb over time (each next rung stays, goes up one, or now and then skips one), most ladders enter at
  tier 1, some higher: an intervention above the suggested stage (the previous tier plus one; tier 1 for a first)
  skips a stage and carries a severity justification;
- the kind follows the tier (words of advice or a first warning; a final warning or a CPW; an ABC; at tier 4 a CPN
  only after a CPW to the same person, else an injunction, CBO, closure or possession), with the catalogue snapshot,
  live periods, court details, appeal deadlines; statuses live, expired, discharged, refused (ABC) and quashed (CPN);
- 15% breached one or more times, each breach an intervention event;
- a quarter issued by a police officer, the rest by the case's lead officer and agency.
Then the rows are analysed and the figures measured (production-like settings, as bench/run.py):
- the ladder: the person page `/people/<pk>/` requested through django.test.Client as the bench officer of
  bench/run.py (police.010), over perpetrators that officer may see: most with a few interventions, some with
  many, and the most prolific; p50/p95 against the target p95 <= 100 ms, and the trivial signed-in page for scale;
- the consistency report for all of LLR over the last 12 months, as the police manager (police.001, who sees the
  most cases: the police lead or are involved in about two thirds): the selector (report_selectors.consistency_report
  and the first page of skipped stages) timed on its own, then the whole page and a CSV export through the client;
  p50/p95 against the target of at most 1 s.
Prints figures; never fails a build.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = "bench_interventions"
LADDER_TARGET_MS = 100.0
REPORT_TARGET_MS = 1000.0
BENCH_OFFICER = "police.010"  # bench/run.py's officer
REPORT_MANAGER = "police.001"  # an ASB manager of the police (bench.generate gives them the manager role)
N_INTERVENTIONS = 300_000
N_PERPETRATORS = 50_000
N_PROLIFIC = 200

JUSTIFICATIONS = [
    "Threats of violence to neighbours, witnessed by two residents: a warning would not protect them.",
    "Assault on a neighbour's child reported and evidenced on body-worn video; immediate protection needed.",
    "Sustained racially aggravated abuse over a fortnight; the victims are vulnerable and repeat victims.",
    "Drug dealing from the address with weapons seen; earlier stages would not address the risk.",
    "Criminal damage to the victim's car and front door on three nights running.",
]

# Each step reads the temporary tables of the steps before it. %(today)s is the benchmark's today.
STEPS = [
    (
        "perpetrators",
        """
        CREATE TEMP TABLE bench_perpetrator ON COMMIT DROP AS
        SELECT person_id, cases, row_number() OVER (ORDER BY n DESC, md5(person_id::text)) AS rank
        FROM (
            SELECT person_id, array_agg(case_id ORDER BY case_id) AS cases, count(*) AS n
            FROM cases_caseperson WHERE role = 'perpetrator' GROUP BY person_id
        ) p
        ORDER BY n DESC, md5(person_id::text)
        LIMIT %(n_perpetrators)s
        """,
    ),
    (
        "ladders",
        # How many rungs, where the ladder ends (days before today) and the tier it enters at.
        """
        CREATE TEMP TABLE bench_ladder ON COMMIT DROP AS
        SELECT person_id, cases, rank, k, end_gap,
               CASE WHEN r_entry < 0.80 THEN 1 WHEN r_entry < 0.92 THEN 2 WHEN r_entry < 0.97 THEN 3 ELSE 4 END
                   AS entry_tier
        FROM (
            SELECT person_id, cases, rank,
                   CASE WHEN rank <= %(n_prolific)s THEN 40 + floor(random() * 41)::int
                        ELSE 1 + floor(-ln(1 - random()) * 5.4)::int END AS k,
                   floor(power(random(), 1.5) * 1000)::int AS end_gap,
                   random() AS r_entry
            FROM bench_perpetrator
        ) s
        """,
    ),
    (
        "rungs",
        # One row per rung, a few percent more than wanted: random rungs after the first are dropped to keep the
        # number exact (tiers and dates are worked out from the rungs that remain).
        """
        CREATE TEMP TABLE bench_rung ON COMMIT DROP AS
        SELECT * FROM (
            SELECT l.person_id, j AS rung, l.end_gap,
                   l.cases[1 + floor(random() * cardinality(l.cases))::int] AS case_id,
                   CASE WHEN j = 1 THEN l.entry_tier - 1
                        WHEN u < 0.70 THEN 0 WHEN u < 0.98 THEN 1 ELSE 2 END AS step,
                   -- Long ladders have shorter gaps, so the most prolific span a few years, not decades.
                   ((14 + random() * 160) * least(1.0, 12.0 / l.k))::int AS gap
            FROM bench_ladder l
            CROSS JOIN LATERAL (SELECT j, random() AS u FROM generate_series(1, l.k) AS j) g
        ) r
        ORDER BY rung = 1 DESC, md5(person_id::text || ':' || rung)
        LIMIT %(n_interventions)s
        """,
    ),
    (
        "tiers and dates",
        """
        CREATE TEMP TABLE bench_tier ON COMMIT DROP AS
        SELECT t.*, lag(tier) OVER (PARTITION BY person_id ORDER BY rung) AS previous_tier
        FROM (
            SELECT person_id, rung, case_id,
                   least(4, 1 + sum(step) OVER (PARTITION BY person_id ORDER BY rung)) AS tier,
                   %(today)s::date - end_gap - COALESCE(sum(gap) OVER (
                       PARTITION BY person_id ORDER BY rung DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                   ), 0)::int AS issued_on,
                   random() AS r_kind
            FROM bench_rung
        ) t
        """,
    ),
    (
        "kinds",
        # Tiers 1 to 3 first; at tier 4 a CPN only when the person had a CPW before.
        """
        CREATE TEMP TABLE bench_kind ON COMMIT DROP AS
        SELECT k.*,
               CASE WHEN tier < 4 THEN early
                    WHEN had_cpw AND r_kind < 0.6 THEN 'cpn'
                    WHEN r_kind < 0.7 THEN 'civil_injunction'
                    WHEN r_kind < 0.85 THEN 'cbo'
                    WHEN r_kind < 0.95 THEN 'closure'
                    ELSE 'possession' END AS code
        FROM (
            SELECT e.*, COALESCE(bool_or(early = 'cpw') OVER (
                       PARTITION BY person_id ORDER BY rung ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                   ), false) AS had_cpw
            FROM (
                SELECT t.*,
                       CASE WHEN tier = 1 AND r_kind < 0.6 THEN 'words_of_advice'
                            WHEN tier = 1 THEN 'first_warning'
                            WHEN tier = 2 AND r_kind < 0.5 THEN 'final_warning'
                            WHEN tier = 2 THEN 'cpw'
                            WHEN tier = 3 THEN 'abc' END AS early
                FROM bench_tier t
            ) e
        ) k
        """,
    ),
    (
        "interventions",
        """
        INSERT INTO incremental_intervention (
            person_id, case_id, kind_id, kind_version_id, kind_name, tier, court_stage, legal_basis, issuing_agency_id,
            issuing_officer_id, issued_on, live_until, conditions, refused_to_sign, court, first_hearing_on,
            next_hearing_on, order_made, order_ends_on, suggested_tier, skipped_stage, justification, status,
            status_on, appeal_deadline, breach_count, letter_id, recorded_by_id, recorded_at, version)
        SELECT person_id, case_id, kind_id, version_id, kind_name, tier, court_stage, legal_basis, agency_id,
               officer_id, issued_on, live_until, conditions, refused, court, first_hearing_on,
               next_hearing_on, order_made, order_ends_on, suggested, tier > suggested,
               CASE WHEN tier > suggested THEN (%(justifications)s::text[])[1 + floor(random() * 5)::int] ELSE '' END,
               status, status_on, appeal_deadline, breaches, NULL, officer_id,
               issued_on + interval '10 hours', 1
        FROM (
            SELECT b.*, ik.id AS kind_id, ik.version_id, ik.name AS kind_name, ik.court_stage, ik.legal_basis,
                   CASE WHEN b.previous_tier IS NULL THEN 1 ELSE least(4, b.previous_tier + 1) END AS suggested,
                   CASE WHEN by_police THEN %(police)s ELSE c.lead_agency_id END AS agency_id,
                   CASE WHEN by_police THEN (%(police_officers)s::bigint[])[1 + floor(random() * %(n_police)s)::int]
                        ELSE c.lead_officer_id END AS officer_id,
                   CASE WHEN ik.court_stage THEN 'Leicester Magistrates'' Court' ELSE '' END AS court,
                   CASE WHEN ik.court_stage THEN b.issued_on + 14 END AS first_hearing_on,
                   CASE WHEN ik.court_stage AND b.issued_on > %(today)s::date - 30 THEN b.issued_on + 42 END
                       AS next_hearing_on,
                   CASE WHEN ik.court_stage THEN 'Order made as applied for, with the conditions below.' ELSE '' END
                       AS order_made,
                   CASE WHEN ik.court_stage THEN live_until END AS order_ends_on,
                   CASE WHEN b.code IN ('abc', 'cpn', 'civil_injunction', 'cbo')
                        THEN 'Not to enter Example Close. Not to contact the residents of numbers 2 to 8, directly or '
                             'through others. Not to play amplified music audible outside the home after 10pm.'
                        ELSE '' END AS conditions,
                   b.code = 'abc' AND r_status < 0.1 AS refused,
                   CASE WHEN b.code = 'cpn' AND r_status < 0.02 THEN 'quashed'
                        WHEN b.code = 'abc' AND r_status < 0.1 THEN 'refused'
                        WHEN r_status < 0.14 THEN 'discharged'
                        WHEN live_until < %(today)s::date AND r_status < 0.75 THEN 'expired'
                        ELSE 'live' END AS status,
                   CASE WHEN b.code = 'cpn' AND r_status < 0.02 THEN least(%(today)s::date, b.issued_on + 30)
                        WHEN b.code = 'abc' AND r_status < 0.1 THEN NULL
                        WHEN r_status < 0.14 THEN least(%(today)s::date, b.issued_on + 60)
                        WHEN live_until < %(today)s::date AND r_status < 0.75 THEN live_until END AS status_on,
                   b.issued_on + ik.appeal_days AS appeal_deadline,
                   CASE WHEN r_breach < 0.15 THEN 1 + floor(-ln(1 - random()) * 0.8)::int ELSE 0 END AS breaches
            FROM (
                SELECT k.*, random() < 0.25 AS by_police, random() AS r_status, random() AS r_breach,
                       (k.issued_on + make_interval(months => COALESCE(ik.default_live_months,
                            CASE WHEN ik.court_stage THEN 24 END)))::date AS live_until
                FROM bench_kind k JOIN (SELECT DISTINCT ON (kind.id) kind.id, kind.code, kind.court_stage, v.id AS version_id, v.name, v.legal_basis,
                             v.appeal_days, v.default_live_months
                      FROM incremental_interventionkind kind
                      JOIN incremental_kindversion v ON v.kind_id = kind.id AND v.localities = '[]'::jsonb
                      ORDER BY kind.id, v.in_force_from) ik ON ik.code = k.code
            ) b
            JOIN (SELECT DISTINCT ON (kind.id) kind.id, kind.code, kind.court_stage, v.id AS version_id, v.name, v.legal_basis,
                             v.appeal_days, v.default_live_months
                      FROM incremental_interventionkind kind
                      JOIN incremental_kindversion v ON v.kind_id = kind.id AND v.localities = '[]'::jsonb
                      ORDER BY kind.id, v.in_force_from) ik ON ik.code = b.code
            JOIN cases_case c ON c.id = b.case_id
        ) s
        ORDER BY person_id, issued_on
        """,
    ),
    (
        "breach events",
        """
        INSERT INTO incremental_interventionevent (
            intervention_id, event_type, occurred_on, details, evidence_entry_id, evidence_incident_id, hearing_on,
            new_live_until, new_conditions, chronology_entry_id, recorded_by_id, recorded_at)
        SELECT i.id, 'breach', least(%(today)s::date, i.issued_on + 7 * n + floor(random() * 20)::int),
               'Seen by a patrol breaching the conditions; reported by a neighbour the same evening.',
               NULL, NULL, NULL, NULL, '', NULL, i.recorded_by_id,
               least(%(today)s::date, i.issued_on + 7 * n) + interval '18 hours'
        FROM incremental_intervention i CROSS JOIN LATERAL generate_series(1, i.breach_count) AS n
        WHERE i.breach_count > 0
        """,
    ),
]


def interventions_added() -> dict | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT added_at, seconds, interventions, perpetrators, events FROM {MARKER}")
        added_at, seconds, interventions, perpetrators, events = cursor.fetchone()
    return {
        "added_at": added_at,
        "seconds": seconds,
        "interventions": interventions,
        "perpetrators": perpetrators,
        "events": events,
    }


def remove_interventions() -> None:
    """Drop what add_interventions wrote (and anything else on the interventions), to add them again."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE incremental_reminder, incremental_interventionevent, incremental_intervention RESTART IDENTITY"
        )
        cursor.execute(f"DROP TABLE IF EXISTS {MARKER}")


def add_interventions(log) -> None:
    from django.db import connection, transaction

    from agencies.models import Agency, Officer
    from core import clock
    from incremental.models import Intervention

    if Intervention.objects.exists():
        raise SystemExit("The benchmark database already has interventions but no marker: use --regenerate")
    police = Agency.objects.get(short_name="Police")
    police_officers = list(Officer.objects.filter(agency=police).order_by("pk").values_list("pk", flat=True))
    params = {
        "today": clock.today(),
        "n_perpetrators": N_PERPETRATORS,
        "n_prolific": N_PROLIFIC,
        "n_interventions": N_INTERVENTIONS,
        "justifications": JUSTIFICATIONS,
        "police": police.pk,
        "police_officers": police_officers,
        "n_police": len(police_officers),
    }
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.61)")
        for label, sql in STEPS:
            t = time.perf_counter()
            cursor.execute(sql, params)
            log(f"  {label:<28} {time.perf_counter() - t:6.1f} s")
        cursor.execute(
            "SELECT count(*), count(DISTINCT person_id), (SELECT count(*) FROM incremental_interventionevent) "
            "FROM incremental_intervention"
        )
        interventions, perpetrators, events = cursor.fetchone()
        cursor.execute(
            f"CREATE TABLE {MARKER} (added_at timestamptz, seconds float, interventions int, perpetrators int, "
            "events int)"
        )
        cursor.execute(
            f"INSERT INTO {MARKER} VALUES (%s, %s, %s, %s, %s)",
            [clock.now(), time.perf_counter() - started, interventions, perpetrators, events],
        )
    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) incremental_intervention")
        cursor.execute("VACUUM (ANALYZE) incremental_interventionevent")
    log(f"  {'vacuum analyze':<28} {time.perf_counter() - t:6.1f} s")
    log(f"  added in {time.perf_counter() - started:.1f} s")


def shape() -> dict:
    """What the interventions look like, to print beside the figures (and to check the generator)."""
    from django.db import connection

    from core import clock
    from core.dates import add_months

    year_ago = add_months(clock.today(), -12)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*), count(DISTINCT person_id),
                   count(*) FILTER (WHERE issued_on > %s),
                   count(*) FILTER (WHERE skipped_stage), count(*) FILTER (WHERE breach_count > 0),
                   count(*) FILTER (WHERE tier = 1), count(*) FILTER (WHERE tier = 2),
                   count(*) FILTER (WHERE tier = 3), count(*) FILTER (WHERE tier = 4),
                   count(*) FILTER (WHERE kind_name = 'Community Protection Notice'),
                   count(*) FILTER (WHERE status = 'quashed'), min(issued_on), max(issued_on)
            FROM incremental_intervention
            """,
            [year_ago],
        )
        keys = "total people last_year skipped breached t1 t2 t3 t4 cpn quashed first last".split()
        figures = dict(zip(keys, cursor.fetchone(), strict=True))
        cursor.execute(
            "SELECT max(n), percentile_disc(0.5) WITHIN GROUP (ORDER BY n) FROM "
            "(SELECT count(*) AS n FROM incremental_intervention GROUP BY person_id) s"
        )
        figures["longest"], figures["median_ladder"] = cursor.fetchone()
        # Every intervention's person is a perpetrator on its case, and every CPN follows a CPW to the person.
        cursor.execute(
            """
            SELECT count(*) FILTER (WHERE NOT EXISTS (
                       SELECT 1 FROM cases_caseperson cp
                       WHERE cp.case_id = i.case_id AND cp.person_id = i.person_id AND cp.role = 'perpetrator')),
                   count(*) FILTER (WHERE i.kind_name = 'Community Protection Notice' AND NOT EXISTS (
                       SELECT 1 FROM incremental_intervention w
                       WHERE w.person_id = i.person_id AND w.kind_name = 'Community Protection Warning'
                         AND (w.issued_on, w.id) < (i.issued_on, i.id)))
            FROM incremental_intervention i
            """
        )
        figures["not_perpetrator"], figures["cpn_without_cpw"] = cursor.fetchone()
    return figures


def percentile(samples: list[float], pct: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[pct - 1]


def ladder_people(officer, n: int, rng: random.Random) -> tuple[list[int], dict[int, int]]:
    """Perpetrators the officer may see, with how many interventions each has: half with a short ladder (up to 5),
    a third with a longer one, and the most prolific."""
    from django.db.models import Count

    from cases.selectors import people_visible_to
    from incremental.models import Intervention

    counts = dict(
        Intervention.objects.order_by().values("person_id").annotate(n=Count("id")).values_list("person_id", "n")
    )
    visible = set(people_visible_to(officer).filter(pk__in=list(counts)).values_list("pk", flat=True).order_by())
    by_size = sorted(visible, key=lambda pk: (-counts[pk], pk))
    prolific = by_size[: max(1, n // 6)]
    longer = [pk for pk in by_size[len(prolific) :] if counts[pk] > 5]
    short = [pk for pk in by_size if counts[pk] <= 5]
    people = prolific + rng.sample(longer, min(len(longer), n // 3)) + rng.sample(short, min(len(short), n // 2))
    rng.shuffle(people)
    return people, counts


def timed(client, urls: list[str], *, warmup: int) -> list[float]:
    for url in urls[:warmup]:
        _check(client.get(url), url)
    samples = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        _check(response, url)
    return samples


def _check(response, url: str) -> None:
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}, expected 200")


def queries_of(client, url: str, *, explain: bool = False) -> tuple[int, float]:
    """Queries of one request and the slowest one's milliseconds; with explain, print that query's plan."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        _check(client.get(url), url)
    slowest = max(captured.captured_queries, key=lambda q: float(q["time"]), default=None)
    if slowest is None:
        return 0, 0.0
    if explain:
        with connection.cursor() as cursor:
            cursor.execute("SET max_parallel_workers_per_gather = 0")
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
            plan = "\n".join(line for (line,) in cursor.fetchall())
            cursor.execute("RESET max_parallel_workers_per_gather")
        print(f"\n=== slowest query of GET {url}\n{slowest['sql']}\n--- EXPLAIN (ANALYZE, BUFFERS)\n{plan}\n")
    return len(captured), float(slowest["time"]) * 1000


def row(label: str, samples: list[float], target: float | None, extra: str = "") -> bool:
    p50, p95 = percentile(samples, 50), percentile(samples, 95)
    verdict = "" if target is None else ("pass" if p95 <= target else "FAIL")
    print(f"  {label:<60} {len(samples):>4} {p50:>8.1f} {p95:>8.1f}  {verdict:<4} {extra}")
    return target is None or p95 <= target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="asb_bench", help="benchmark database (default asb_bench)")
    parser.add_argument("--scale", type=float, default=1.0, help="data set size when generating cases (default 1)")
    parser.add_argument(
        "--readd", action="store_true", help="remove the interventions and add them again (the cases stay)"
    )
    parser.add_argument("--requests", type=int, default=200, help="timed person pages (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed person pages first (default 20)")
    parser.add_argument("--repeat", type=int, default=20, help="timed report selector calls and pages (default 20)")
    parser.add_argument(
        "--explain", action="store_true", help="print EXPLAIN ANALYZE of the slowest query of each page measured"
    )
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from bench.run import open_bench_database
    from core import clock

    open_bench_database(args.database, recreate=False, scale=args.scale)
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from agencies.models import Officer
    from cases.permissions import cases_visible_to
    from incremental.report_selectors import consistency_report, default_period, skipped_interventions

    marker = interventions_added()
    if args.readd and marker is not None:
        remove_interventions()
        marker = None
    if marker is None:
        print(f"Adding {N_INTERVENTIONS:,} interventions on {N_PERPETRATORS:,} perpetrators ...")
        add_interventions(print)
        marker = interventions_added()
    figures = shape()

    officer = Officer.objects.get(username=BENCH_OFFICER)
    manager = Officer.objects.get(username=REPORT_MANAGER)
    rng = random.Random(20260401)
    people, counts = ladder_people(officer, args.requests, rng)
    person_urls = [reverse("cases:person", kwargs={"pk": pk}) for pk in people]
    prolific_urls = [reverse("cases:person", kwargs={"pk": pk}) for pk in people if counts[pk] >= 40]

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version'), current_setting('jit')")
        pg_version, jit = cursor.fetchone()
    load_before = " ".join(f"{n:.2f}" for n in os.getloadavg())

    print()
    print(
        f"Interventions: {figures['total']:,} on {figures['people']:,} people ({marker['events']:,} breach events; "
        f"added {marker['added_at']:%Y-%m-%d %H:%M} in {marker['seconds']:.1f} s)"
    )
    print(
        f"  issued {figures['first']} to {figures['last']}, {figures['last_year']:,} in the last 12 months; "
        f"tiers {figures['t1']:,} / {figures['t2']:,} / {figures['t3']:,} / {figures['t4']:,}; "
        f"{figures['skipped']:,} skipped a stage; {figures['breached']:,} breached; {figures['cpn']:,} CPNs, "
        f"{figures['quashed']:,} quashed"
    )
    print(
        f"  ladders: median {figures['median_ladder']} interventions, longest {figures['longest']}; "
        f"checks: {figures['not_perpetrator']} not a perpetrator on the case, {figures['cpn_without_cpw']} CPNs "
        f"without an earlier CPW"
    )
    print(f"PostgreSQL {pg_version} (jit={jit}), {os.cpu_count()} CPUs, load average before: {load_before}")

    # --- the ladder on the person page ----------------------------------------------------------------------
    client = Client()
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    sizes = sorted(counts[pk] for pk in people)
    print(
        f"\nLadder: person page as {officer.username} ({officer.agency}), {len(people)} perpetrators with "
        f"{sizes[0]} to {sizes[-1]} interventions (median {statistics.median(sizes):.0f})"
    )
    n_queries, slowest = queries_of(client, person_urls[0])
    big_queries, big_slowest = queries_of(client, prolific_urls[0], explain=args.explain) if prolific_urls else (0, 0.0)
    print(f"  {'':<60} {'n':>4} {'p50 ms':>8} {'p95 ms':>8}")
    row("trivial signed-in view (account), for scale", timed(client, [reverse("account")] * 50, warmup=5), None)
    ladder_ok = row(
        "person page with the ladder (varied perpetrators)",
        timed(client, person_urls, warmup=args.warmup),
        LADDER_TARGET_MS,
        f"{n_queries} queries, slowest {slowest:.1f} ms",
    )
    if prolific_urls:
        cycle = [prolific_urls[i % len(prolific_urls)] for i in range(max(40, len(prolific_urls)))]
        ladder_ok &= row(
            f"person page, the most prolific ({len(prolific_urls)} people, 40+ interventions)",
            timed(client, cycle, warmup=5),
            LADDER_TARGET_MS,
            f"{big_queries} queries, slowest {big_slowest:.1f} ms",
        )

    # --- the consistency report -----------------------------------------------------------------------------
    date_from, date_to = default_period(clock.today())
    visible = cases_visible_to(manager).count()
    print(
        f"\nConsistency report: all of LLR, {date_from} to {date_to}, as {manager.username} ({manager.agency}, "
        f"sees {visible:,} of the cases)"
    )

    def selector() -> object:
        report = consistency_report(manager, date_from=date_from, date_to=date_to)
        list(skipped_interventions(manager, date_from=date_from, date_to=date_to)[:25])
        return report

    selector()
    samples = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        report = selector()
        samples.append((time.perf_counter() - started) * 1000)
    totals = report.totals
    print(
        f"  counted: {totals.total:,} interventions (tiers {' / '.join(f'{n:,}' for n in totals.tier_counts)}), "
        f"{totals.skipped:,} skipped, breach rate {totals.breach_rate or 0:.1f}%, {totals.steps:,} steps up, "
        f"median {totals.median_days or 0:.1f} / average {totals.average_days or 0:.1f} days between stages; "
        f"{len(report.by_jag)} JAGs, {len(report.by_agency)} agencies"
    )
    manager_client = Client()
    manager_client.force_login(manager, backend="django.contrib.auth.backends.ModelBackend")
    page = reverse("incremental:consistency_report")
    export = reverse("incremental:consistency_report_csv", args=["by-jag"])
    skipped_export = reverse("incremental:consistency_report_csv", args=["skipped"])
    report_queries, report_slowest = queries_of(manager_client, page, explain=args.explain)
    print(f"  {'':<60} {'n':>4} {'p50 ms':>8} {'p95 ms':>8}")
    report_ok = row("selector: consistency_report + a page of skipped stages", samples, REPORT_TARGET_MS, "(no HTTP)")
    report_ok &= row(
        "the whole page, GET /reports/consistency/",
        timed(manager_client, [page] * args.repeat, warmup=2),
        REPORT_TARGET_MS,
        f"{report_queries} queries, slowest {report_slowest:.1f} ms",
    )
    row("CSV export, by JAG", timed(manager_client, [export] * args.repeat, warmup=2), REPORT_TARGET_MS)
    row(
        f"CSV export, every skipped stage ({totals.skipped:,} rows)",
        timed(manager_client, [skipped_export] * max(5, args.repeat // 4), warmup=1),
        None,
    )
    load_after = " ".join(f"{n:.2f}" for n in os.getloadavg())
    print(f"\nLoad average after: {load_after} (a shared machine: rerun when it is high)")
    print(
        f"Targets: ladder p95 <= {LADDER_TARGET_MS:.0f} ms: {'met' if ladder_ok else 'NOT met'}; "
        f"consistency report p95 <= {REPORT_TARGET_MS:.0f} ms: {'met' if report_ok else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
