"""Server time of the managers' dashboard on a county-sized database.

    scripts/services.sh run .venv/bin/python bench/dashboard.py [--regenerate] [--requests 200]

Creates the database `asb_bench_dashboard` beside the one DATABASE_URL names (bench.run's helper), fills it with
bench.generate's 100,000 cases (unless already filled), adds 300,000 JAG management periods (bench.long_standing's
set-based SQL) and then builds a year of long-standing history by running the daily long-standing service
(cases.jag_management.job.long_standing_flag_all) as of the last day of each of the past twelve months and as of today,
so Case.long_standing_since and the LongStandingChange rows the trends read are the ones the job writes.

Then the dashboard is requested through django.test.Client as a manager of Leicestershire Police (the largest
agency: it sees about two thirds of the cases), unfiltered and filtered by each JAG and by a few lead agencies,
warmed up, then timed with perf_counter around client.get. Prints p50/p95 milliseconds, the number of queries per
request, and the CSV export's time. Target: p95 at most 200 ms. Then the case list behind the figures (the links of
the unfiltered dashboard: status, risk, review overdue, long standing and its bands, ASB Case Review threshold, the
trend months), timed the same way, all together and the ASB Case Review threshold list alone (the costliest filter).
Prints figures; never fails a build.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 200.0
MANAGER = "police.011"
HISTORY_MARKER = "bench_dashboard_history"


def history_built() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [HISTORY_MARKER])
        return cursor.fetchone()[0] is not None


def build_history(today: datetime.date) -> list[tuple[datetime.date, float, int, int]]:
    """Run the long-standing service as of each past month's end, then today. Returns (as_of, s, flagged, unflagged)."""
    from django.core import mail
    from django.db import connection

    from cases.jag_management.job import long_standing_flag_all
    from core import clock
    from core.dates import add_months

    first = add_months(today.replace(day=1), -11)
    days = [add_months(first, i) - datetime.timedelta(days=1) for i in range(12)] + [today]
    runs = []
    for as_of in days:
        mail.outbox = []
        started = time.perf_counter()
        run = long_standing_flag_all(as_of=as_of)
        runs.append((as_of, time.perf_counter() - started, run.flagged, run.unflagged))
    mail.outbox = []
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {HISTORY_MARKER} (built_at timestamptz)")
        cursor.execute(f"INSERT INTO {HISTORY_MARKER} VALUES (%s)", [clock.now()])
        cursor.execute("VACUUM (ANALYZE) cases_case")
        cursor.execute("VACUUM (ANALYZE) cases_longstandingchange")
    return runs


def percentile(samples: list[float], pct: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[pct - 1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--regenerate", action="store_true", help="drop the benchmark database and fill it again")
    parser.add_argument("--database", default="asb_bench_dashboard", help="benchmark database name")
    parser.add_argument("--scale", type=float, default=1.0, help="data set size when generating (default 1)")
    parser.add_argument("--requests", type=int, default=200, help="timed dashboard requests (default 200)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests first (default 10)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from bench.run import cpu_probe, open_bench_database
    from core import clock

    open_bench_database(args.database, recreate=args.regenerate, scale=args.scale)
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from agencies.models import Agency, Officer
    from agencies.roles import Role, role_group_name
    from bench.long_standing import add_periods, periods_added
    from cases.dashboard.selectors import dashboard as dashboard_figures
    from cases.dashboard.views import BAND_FIGURES, FIGURES, TREND_SERIES
    from cases.models import LongStandingChange
    from cases.permissions import cases_visible_to
    from jag.models import Jag

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    if not periods_added():
        print("Adding JAG management periods ...")
        add_periods(print)
    today = clock.today()
    if not history_built():
        print("Building a year of long-standing history with the daily long-standing service ...")
        for as_of, seconds, flagged, unflagged in build_history(today):
            print(f"  as of {as_of}: {flagged:6,} flagged, {unflagged:6,} unflagged in {seconds:5.2f} s")

    manager = Officer.objects.get(username=MANAGER)
    manager.groups.add(Group.objects.get_or_create(name=role_group_name(Role.MANAGER))[0])
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_case")
        cases = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM cases_jagmanagementperiod")
        periods = cursor.fetchone()[0]
    visible = cases_visible_to(manager).count()
    flagged = cases_visible_to(manager).filter(long_standing_since__isnull=False).count()
    changes = LongStandingChange.objects.count()

    client = Client()
    client.force_login(manager, backend="django.contrib.auth.backends.ModelBackend")
    dashboard = reverse("dashboard:index")
    jag_ids = list(Jag.objects.order_by("pk").values_list("pk", flat=True))
    agency_ids = list(Agency.objects.order_by("name").values_list("pk", flat=True)[:5])
    variants = [dashboard] + [f"{dashboard}?jag={j}" for j in jag_ids] + [f"{dashboard}?agency={a}" for a in agency_ids]
    urls = [variants[i % len(variants)] for i in range(args.requests)]
    unfiltered = [dashboard] * max(20, args.requests // 4)

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

    # Django clears its own query log at each request start, so count with an execute wrapper instead.
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
        client.get(dashboard)
    board = dashboard_figures(manager, as_of=today)
    load_before, probe_before = os.getloadavg()[0], cpu_probe()
    mixed = timed(urls)
    plain = timed(unfiltered)
    export = timed([reverse("dashboard:export", args=["by-jag"])] * 40)
    case_list = reverse("cases:list")
    months = [f"{month:%Y-%m}" for month in (today.replace(day=1), today.replace(day=1) - datetime.timedelta(days=100))]
    figure_lists = [f"{case_list}?{urlencode(params)}" for _, _, params in FIGURES + BAND_FIGURES]
    figure_lists += [f"{case_list}?{param}={month}" for _, _, param in TREND_SERIES for month in months]
    review_list = f"{case_list}?{urlencode({'status': 'open', 'case_review': 'yes'})}"
    lists = timed([figure_lists[i % len(figure_lists)] for i in range(max(len(figure_lists) * 4, args.requests // 2))])
    review_lists = timed([review_list] * 40)

    print()
    print(f"Dashboard: {cases:,} cases, {periods:,} JAG management periods, {changes:,} long-standing changes")
    print(
        f"  load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after; "
        f"CPU probe (bench.run.cpu_probe) {probe_before:.0f} ms before, {cpu_probe():.0f} ms after"
    )
    print(f"  manager {MANAGER} ({manager.agency}) sees {visible:,} cases, {flagged:,} long standing")
    if board:
        print(
            f"  unfiltered totals: open {board.totals['open']:,}, long standing {board.totals['long_standing']:,}, "
            f"review overdue {board.totals['review_overdue']:,}, ASB Case Review threshold {board.totals['case_review']:,}"
        )
    print(f"  queries per dashboard request: {len(queries)}")
    rows = [
        (f"dashboard, unfiltered ({len(plain)} requests)", plain),
        (f"dashboard, unfiltered and filtered by JAG / agency ({len(mixed)} requests)", mixed),
        (f"CSV export, by JAG ({len(export)} requests)", export),
        (f"case list, each dashboard figure's filters ({len(lists)} requests)", lists),
        (f"case list, ?status=open&case_review=yes ({len(review_lists)} requests)", review_lists),
    ]
    for label, samples in rows:
        print(f"  {label:<70} p50 {percentile(samples, 50):7.1f} ms   p95 {percentile(samples, 95):7.1f} ms")
    worst = max(percentile(plain, 95), percentile(mixed, 95))
    verdict = "met" if worst <= TARGET_MS else "NOT met"
    print(f"  target: dashboard p95 at most {TARGET_MS:.0f} ms: {verdict} (worst p95 {worst:.1f} ms)")


if __name__ == "__main__":
    main()
