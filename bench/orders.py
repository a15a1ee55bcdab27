"""The register of orders and notices on a county-sized database.

    scripts/services.sh run .venv/bin/python bench/orders.py [--requests 100]
    DATABASE_URL=postgres://... python bench/orders.py           # kept server: data added only once
    ... bench/orders.py --readd                                  # remove the register's records, add them again

Uses the benchmark database `asb_bench` (bench.run's helper) with bench/interventions.py's ladders (added first if an
earlier run did not), then adds once (the table `bench_orders` marks it), in set-based SQL, for every court stage and
notice on the register: one service (four in five), one to four prohibitions, a positive requirement with its
supervisor on half of them (with a next update due somewhere in the next eight weeks, a tenth overdue) and two
supervisor's updates each, and for every breach what was done (reported to police, a third referred to the CPS).
Then, as the bench officer of bench/run.py (police.010), through django.test.Client with production-like settings:
the register page (default: in force or pending), filtered by status, type and expiry, its last page, and the CSV;
p50/p95 against the target p95 <= 150 ms for the page. Prints figures; never fails a build.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = "bench_orders"
REGISTER_TARGET_MS = 150.0
BENCH_OFFICER = "police.010"

# %(today)s is the benchmark's today; %(codes)s the register's notice codes.
STEPS = [
    (
        "register",
        """
        CREATE TEMP TABLE bench_register ON COMMIT DROP AS
        SELECT i.id, i.issued_on, i.issuing_officer_id AS officer_id
        FROM incremental_intervention i JOIN incremental_interventionkind k ON k.id = i.kind_id
        WHERE i.court_stage OR k.code = ANY(%(codes)s)
        """,
    ),
    (
        "services",
        """
        INSERT INTO orders_orderservice (intervention_id, served_on, served_how, served_by, notes, recorded_by_id,
                                         recorded_at, proof_id)
        SELECT id, issued_on + CAST(id %% 5 AS int), (ARRAY['personal','post','left','affixed'])[1 + id %% 4],
               'Process server ' || (id %% 40), '', officer_id, now(), NULL
        FROM bench_register WHERE id %% 5 <> 0
        """,
    ),
    (
        "prohibitions",
        """
        INSERT INTO orders_orderterm (intervention_id, kind, text, supervisor, update_every_days, next_update_due,
                                      excludes_from_home, exclusion_ground, position, recorded_by_id, recorded_at)
        SELECT r.id, 'prohibition', 'Not to enter the area shown on the map (' || n || ').', '', NULL, NULL,
               n = 1 AND r.id %% 17 = 0, CASE WHEN n = 1 AND r.id %% 17 = 0 THEN 'threatened' ELSE '' END,
               n, r.officer_id, now()
        FROM bench_register r CROSS JOIN LATERAL generate_series(1, 1 + r.id %% 4) AS n
        """,
    ),
    (
        "requirements",
        """
        INSERT INTO orders_orderterm (intervention_id, kind, text, supervisor, update_every_days, next_update_due,
                                      excludes_from_home, exclusion_ground, position, recorded_by_id, recorded_at)
        SELECT r.id, 'requirement', 'Attend an alcohol awareness course.', 'Turning Point, Leicester', 28,
               %(today)s::date + CAST((r.id %% 62) - 6 AS int), false, '', 10, r.officer_id, now()
        FROM bench_register r WHERE r.id %% 2 = 0
        """,
    ),
    (
        "updates",
        """
        INSERT INTO orders_supervisorupdate (term_id, reported_on, compliance, text, next_due_on, recorded_by_id,
                                             recorded_at)
        SELECT t.id, %(today)s::date - 28 * n, (ARRAY['complying','partly','not_complying'])[1 + (t.id + n) %% 3],
               'Attended as required.', NULL, t.recorded_by_id, now()
        FROM orders_orderterm t CROSS JOIN generate_series(1, 2) AS n WHERE t.kind = 'requirement'
        """,
    ),
    (
        "breach actions",
        """
        INSERT INTO orders_breachaction (event_id, reported_to_police_on, police_reference, referred_to_cps_on,
                                         prosecuted_on, outcome, evidence_document_id, updated_by_id, updated_at,
                                         version)
        SELECT e.id, e.occurred_on, 'LP-' || e.id, CASE WHEN e.id %% 3 = 0 THEN e.occurred_on + 7 END, NULL, '',
               NULL, e.recorded_by_id, now(), 1
        FROM incremental_interventionevent e JOIN bench_register r ON r.id = e.intervention_id
        WHERE e.event_type = 'breach'
        """,
    ),
]


def orders_added() -> dict | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT added_at, seconds, orders FROM {MARKER}")
        added_at, seconds, orders = cursor.fetchone()
    return {"added_at": added_at, "seconds": seconds, "orders": orders}


def remove_orders() -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for table in ("orders_breachaction", "orders_supervisorupdate", "orders_orderterm", "orders_orderservice"):
            cursor.execute(f"DELETE FROM {table}")
        cursor.execute(f"DROP TABLE IF EXISTS {MARKER}")


def add_orders(log) -> None:
    from django.db import connection, transaction

    from core import clock
    from orders.rules import NOTICE_CODES

    started = time.perf_counter()
    params = {"today": clock.today(), "codes": list(NOTICE_CODES)}
    with transaction.atomic(), connection.cursor() as cursor:
        for name, sql in STEPS:
            step = time.perf_counter()
            cursor.execute(sql, params)
            log(f"  {name}: {cursor.rowcount:,} rows, {time.perf_counter() - step:.1f} s")
        cursor.execute("SELECT count(*) FROM bench_register")
        orders = cursor.fetchone()[0]
        seconds = time.perf_counter() - started
        cursor.execute(f"CREATE TABLE {MARKER} (added_at timestamptz, seconds float, orders int)")
        cursor.execute(f"INSERT INTO {MARKER} VALUES (now(), %s, %s)", [seconds, orders])
    with connection.cursor() as cursor:
        for table in ("orders_orderservice", "orders_orderterm", "orders_supervisorupdate", "orders_breachaction"):
            cursor.execute(f"ANALYZE {table}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="asb_bench", help="benchmark database (default asb_bench)")
    parser.add_argument("--scale", type=float, default=1.0, help="data set size when generating cases (default 1)")
    parser.add_argument("--readd", action="store_true", help="remove the register's records and add them again")
    parser.add_argument("--requests", type=int, default=100, help="timed requests of each page (default 100)")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of each page's slowest query")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from bench.interventions import add_interventions, interventions_added, queries_of, row, timed
    from bench.run import open_bench_database

    open_bench_database(args.database, recreate=False, scale=args.scale)
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from agencies.models import Officer
    from incremental.models import InterventionKind
    from orders.rules import kind_on_register_q
    from orders.selectors import RegisterFilters
    from orders.selectors import register as register_rows
    from orders.views import PAGE_SIZE

    if interventions_added() is None:
        print("Adding the interventions (bench/interventions.py) ...")
        add_interventions(print)
    if args.readd and orders_added() is not None:
        remove_orders()
    if orders_added() is None:
        print("Adding the register's records ...")
        add_orders(print)
    marker = orders_added()
    assert marker is not None
    # A migration that rewrites the interventions' table (one adding a stored column does) leaves its visibility
    # map empty until autovacuum next passes, and the register's index-only reads with it: vacuum as production
    # would have by then.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE incremental_intervention")

    officer = Officer.objects.get(username=BENCH_OFFICER)
    client = Client()
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    register = reverse("orders:register")
    count = register_rows(officer, RegisterFilters()).count()
    last_page = max(1, -(-count // PAGE_SIZE))
    kind = InterventionKind.objects.filter(kind_on_register_q()).order_by("pk").values_list("pk", flat=True).first()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version'), count(*) FROM orders_orderterm")
        pg_version, terms = cursor.fetchone()
    load_before = " ".join(f"{n:.2f}" for n in os.getloadavg())
    print(
        f"\nRegister: {marker['orders']:,} court stages and notices in all, {terms:,} terms (added "
        f"{marker['added_at']:%Y-%m-%d %H:%M} in {marker['seconds']:.1f} s); {officer.username} ({officer.agency}) "
        f"sees {count:,} in force or pending ({last_page} pages)"
    )
    print(f"PostgreSQL {pg_version}, {os.cpu_count()} CPUs, load average before: {load_before}")
    rng = random.Random(20261206)
    pages = [
        ("the register, in force or pending (first page)", register, REGISTER_TARGET_MS),
        ("filtered: in force, expiring within 90 days", f"{register}?status=in_force&expiry=90", REGISTER_TARGET_MS),
        ("filtered: one type, every status", f"{register}?kind={kind}&status=all", REGISTER_TARGET_MS),
        ("the last page", f"{register}?page={last_page}", REGISTER_TARGET_MS),
        ("random pages", None, REGISTER_TARGET_MS),
    ]
    print(f"  {'':<60} {'n':>4} {'p50 ms':>8} {'p95 ms':>8}")
    row("trivial signed-in view (account), for scale", timed(client, [reverse("account")] * 50, warmup=5), None)
    ok = True
    for label, url, target in pages:
        urls = (
            [f"{register}?page={rng.randint(1, last_page)}" for _ in range(args.requests)]
            if url is None
            else [url] * args.requests
        )
        n_queries, slowest = queries_of(client, urls[0], explain=args.explain)
        ok &= row(label, timed(client, urls, warmup=5), target, f"{n_queries} queries, slowest {slowest:.1f} ms")
    csv_samples = timed(client, [reverse("orders:register_csv")] * max(5, args.requests // 10), warmup=1)
    row("CSV of everything in force or pending", csv_samples, None)
    print(f"\nLoad average after: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    print(f"Target: register p95 <= {REGISTER_TARGET_MS:.0f} ms: {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
