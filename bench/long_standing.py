"""The daily long-standing check on a county-sized database, against a plain sequential scan of the periods.

    scripts/services.sh run .venv/bin/python bench/long_standing.py [--regenerate] [--repeat 5]

Creates the database `asb_bench_jag` beside the one DATABASE_URL names (bench.run's helper), fills it with
bench.generate's 100,000 cases (unless already filled), then adds 300,000 JAG management periods, three per
case, in set-based SQL: laid back from the case's last day (today for an open case, its closing day otherwise),
10 to 160 days long, with gaps of 0 (a transfer) to 90 days; the latest period of 60% of the open cases is still
open. They never overlap, which the exclusion constraint checks as they are inserted.

Then, each timed with perf_counter around the whole service call (its transaction, advisory lock, queries,
bulk writes and the commit; e-mail to Django's in-memory backend):
- the plain sequential scan: `SELECT count(*), sum(...)` over every row of the periods table with index scans
  switched off (EXPLAIN confirms a Seq Scan); the best of --repeat runs;
- the first run (as of yesterday: every long-standing case is flagged, notified and e-mailed at once);
- the daily run (as of today: the changes of one day);
- a re-run as of today (idempotent: nothing changes).
Targets: the daily check in at most 5 s and within 5x the sequential scan. Prints figures; never fails a build.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = "bench_jag_periods"
TARGET_SECONDS = 5.0
TARGET_RATIO = 5.0

PERIODS_SQL = """
INSERT INTO cases_jagmanagementperiod
    (case_id, jag_id, started_on, ended_on, start_reason, end_reason, started_by_id, ended_by_id)
WITH c AS (
    SELECT id, jag_id, lead_officer_id AS officer, status,
           LEAST(CURRENT_DATE, COALESCE((closed_at AT TIME ZONE 'Europe/London')::date, CURRENT_DATE)) AS anchor,
           10 + floor(random() * 150)::int AS l3, floor(random() * 90)::int AS g2,
           10 + floor(random() * 150)::int AS l2, floor(random() * 90)::int AS g1,
           10 + floor(random() * 150)::int AS l1, random() AS r_open, random() < 0.2 AS transferred
    FROM cases_case
), p AS (
    SELECT c.*, anchor - l3 AS s3, anchor - l3 - g2 AS e2, anchor - l3 - g2 - l2 AS s2,
           anchor - l3 - g2 - l2 - g1 AS e1, anchor - l3 - g2 - l2 - g1 - l1 AS s1
    FROM c
)
SELECT id, jag_id, s1, e1, 'referred', 'taken_off', officer, officer FROM p
UNION ALL
SELECT id, jag_id, s2, e2, CASE WHEN g1 = 0 THEN 'transferred_in' ELSE 'referred' END,
       CASE WHEN g2 = 0 THEN 'transferred_out' ELSE 'taken_off' END, officer, officer FROM p
UNION ALL
SELECT id, jag_id, s3, CASE WHEN status = 'open' AND r_open < 0.6 THEN NULL ELSE anchor END,
       CASE WHEN g2 = 0 THEN 'transferred_in' ELSE 'referred' END,
       CASE WHEN status = 'open' AND r_open < 0.6 THEN '' WHEN status = 'open' THEN 'taken_off' ELSE 'case_closed' END,
       officer, CASE WHEN status = 'open' AND r_open < 0.6 THEN NULL ELSE officer END FROM p
"""

SEQ_SCAN_SQL = "SELECT count(*), sum(COALESCE(ended_on, CURRENT_DATE) - started_on) FROM cases_jagmanagementperiod"


def add_periods(log) -> float:
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.27)")
        cursor.execute(PERIODS_SQL)
        cursor.execute(f"CREATE TABLE {MARKER} (added_at timestamptz, periods int)")
        cursor.execute(f"INSERT INTO {MARKER} SELECT now(), count(*) FROM cases_jagmanagementperiod")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) cases_jagmanagementperiod")
        cursor.execute("VACUUM (ANALYZE) cases_case")
    seconds = time.perf_counter() - started
    log(f"  JAG management periods       {seconds:6.1f} s")
    return seconds


def periods_added() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER])
        return cursor.fetchone()[0] is not None


def seq_scan_seconds(repeat: int) -> tuple[float, str]:
    from django.db import connection, transaction

    samples = []
    with transaction.atomic(), connection.cursor() as cursor:
        for setting in ("enable_indexscan", "enable_indexonlyscan", "enable_bitmapscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN " + SEQ_SCAN_SQL)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        for _ in range(repeat + 1):  # the first warms the cache
            t = time.perf_counter()
            cursor.execute(SEQ_SCAN_SQL)
            cursor.fetchall()
            samples.append(time.perf_counter() - t)
    return min(samples[1:]), plan


def reset_flags() -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE cases_case SET long_standing_since = NULL WHERE long_standing_since IS NOT NULL")
        cursor.execute("TRUNCATE cases_longstandingchange")
        cursor.execute("DELETE FROM agencies_notification WHERE event_key LIKE 'long-standing:%%'")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) cases_case")


def timed_run(as_of: datetime.date):
    from django.core import mail

    from cases.jag_services import long_standing_flag_all

    mail.outbox = []
    t = time.perf_counter()
    run = long_standing_flag_all(as_of=as_of)  # atomic: the commit and the on-commit e-mails are inside the timing
    return time.perf_counter() - t, run


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--regenerate", action="store_true", help="drop the benchmark database and fill it again")
    parser.add_argument("--database", default="asb_bench_jag", help="benchmark database (default asb_bench_jag)")
    parser.add_argument("--scale", type=float, default=1.0, help="data set size when generating (default 1)")
    parser.add_argument("--repeat", type=int, default=5, help="timed sequential scans and daily runs (default 5)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from bench.run import bench_database_url, start_throwaway_postgres

    server_url = os.environ.get("DATABASE_URL") or start_throwaway_postgres()
    if not server_url.startswith("postgres"):
        raise SystemExit("DATABASE_URL must point at PostgreSQL")
    url = bench_database_url(server_url, args.database, recreate=args.regenerate)
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }
    )
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench.generate import already_generated, generate

    call_command("migrate", verbosity=0, interactive=False)
    if already_generated() is None:
        print(f"Generating cases (scale {args.scale}) ...")
        generate(scale=args.scale, log=print)
    if not periods_added():
        print("Adding JAG management periods ...")
        add_periods(print)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_case")
        cases = cursor.fetchone()[0]
        cursor.execute("SELECT count(*), count(*) FILTER (WHERE ended_on IS NULL) FROM cases_jagmanagementperiod")
        periods, open_periods = cursor.fetchone()

    today = timezone.localdate()
    reset_flags()
    scan, plan = seq_scan_seconds(args.repeat)
    first_seconds, first = timed_run(today - datetime.timedelta(days=1))
    daily = [timed_run(today)]
    # Later runs as of today find nothing new: the idempotent re-run.
    reruns = [timed_run(today) for _ in range(args.repeat)]
    daily_seconds, daily_run = daily[0]
    rerun_seconds = statistics.median(s for s, _ in reruns)

    print()
    print(f"Long-standing check: {cases:,} cases, {periods:,} JAG management periods ({open_periods:,} open)")
    print(f"  plan of the baseline: {plan.splitlines()[-1].strip()}")
    rows = [
        ("plain sequential scan of the periods table", scan, None),
        (f"first run (as of {today - datetime.timedelta(days=1)}): {first.flagged:,} flagged", first_seconds, first),
        (
            f"daily run (as of {today}): {daily_run.flagged:,} flagged, {daily_run.unflagged:,} unflagged",
            daily_seconds,
            daily_run,
        ),
        (f"re-run as of {today}, median of {args.repeat}: nothing changes", rerun_seconds, None),
    ]
    for label, seconds, run in rows:
        ratio = "" if run is None and label.startswith("plain") else f"{seconds / scan:6.1f}x scan"
        extra = f", {run.notifications:,} notifications, {run.emails:,} e-mails" if run else ""
        print(f"  {label:<72} {seconds * 1000:8.1f} ms {ratio}{extra}")
    worst = max(first_seconds, daily_seconds, rerun_seconds)
    verdict = "met" if worst <= TARGET_SECONDS and daily_seconds / scan <= TARGET_RATIO else "NOT met"
    print(
        f"  target: at most {TARGET_SECONDS:.0f} s and {TARGET_RATIO:.0f}x the scan for the daily run: {verdict} "
        f"(daily {daily_seconds:.3f} s = {daily_seconds / scan:.1f}x; first run {first_seconds / scan:.1f}x)"
    )


if __name__ == "__main__":
    main()
