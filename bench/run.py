"""Server time of the case list, case detail and person pages on a county-sized database.

    python bench/run.py [--regenerate] [--requests 200] [--explain]

With DATABASE_URL set (`make bench` starts PostgreSQL and exports it) the benchmark database `asb_bench` is
created beside that database on the same server; without it, a throw-away PostgreSQL cluster is started
here and stopped at the end. The benchmark database is migrated and filled by bench.generate unless an
earlier run already filled it (bench.generate leaves a marker table), so re-runs against a kept server
only measure.

Each view is requested through django.test.Client as a police officer (who sees about two thirds of the
100,000 cases), warmed up, then timed with perf_counter around client.get over varied objects. The figures
are p50/p95 milliseconds and their ratio to a trivial signed-in page (`account`) timed in the same run, so
the ratio says how much the page costs beyond the sign-in, session and template baseline. Target: p95 at
most 150 ms. This prints figures; it is not a test and never fails a build.
"""

from __future__ import annotations

import argparse
import atexit
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 150.0
BENCH_OFFICER = "police.010"


# --- PostgreSQL: use the one given, or start a throw-away cluster on loopback ------------------


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _free_port(first: int = 5440) -> int:
    for port in range(first, first + 100):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit("no free port for PostgreSQL")


def start_throwaway_postgres() -> str:
    """Start PostgreSQL on loopback in a temporary directory, stopped and removed when this process exits."""
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not bins:
        raise SystemExit("PostgreSQL server binaries not found: apt-get install postgresql, or set DATABASE_URL")
    pgbin = bins[-1]
    base = Path(tempfile.mkdtemp(prefix="asb-bench-pg."))
    base.chmod(0o755)
    (base / "data").mkdir()
    (base / "sock").mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
        for sub in ("data", "sock"):
            shutil.chown(base / sub, "postgres", "postgres")
    (base / "data").chmod(0o700)
    port = _free_port()
    quiet = {"stdout": subprocess.DEVNULL, "cwd": base}
    subprocess.run(
        _as_postgres(
            [
                str(pgbin / "initdb"),
                "-D",
                str(base / "data"),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        **quiet,
    )

    def stop() -> None:
        subprocess.run(
            _as_postgres([str(pgbin / "pg_ctl"), "-D", str(base / "data"), "-m", "fast", "-w", "stop"]),
            check=False,
            **quiet,
        )
        shutil.rmtree(base, ignore_errors=True)

    subprocess.run(
        _as_postgres(
            [
                str(pgbin / "pg_ctl"),
                "-D",
                str(base / "data"),
                "-l",
                str(base / "server.log"),
                "-w",
                "-t",
                "30",
                "-o",
                f"-c listen_addresses=127.0.0.1 -p {port} -k {base / 'sock'} -c fsync=off -c synchronous_commit=off",
                "start",
            ]
        ),
        check=True,
        **quiet,
    )
    atexit.register(stop)
    subprocess.run(
        [
            str(pgbin / "psql"),
            "-q",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            "CREATE ROLE app LOGIN PASSWORD 'app' CREATEDB",
            "-c",
            "CREATE DATABASE app OWNER app",
        ],
        check=True,
        **quiet,
    )
    print(f"Started a throw-away PostgreSQL on port {port} (stopped at exit)")
    return f"postgres://app:app@127.0.0.1:{port}/app"


def bench_database_url(server_url: str, name: str, *, recreate: bool) -> str:
    """Create (or with recreate, drop and create) database `name` on the server of `server_url`."""
    import psycopg2

    parts = urlsplit(server_url)
    conn = psycopg2.connect(server_url)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        if exists and recreate:
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = False
        if not exists:
            cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    return urlunsplit(parts._replace(path=f"/{name}"))


# --- measuring --------------------------------------------------------------------------------------------------


def cpu_probe() -> float:
    """Milliseconds this machine takes for a fixed piece of pure Python (the best of five).

    The benchmark machine is a virtual machine whose cores run faster or slower with what its host is doing, which
    the load average does not show: the same request can take a third longer from one half-hour to the next. Each
    benchmark prints this figure beside its own, so runs are compared on machines of the same speed.
    """
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        sum(range(10_000_000))
        best = min(best, time.perf_counter() - started)
    return best * 1000


def percentile(samples: list[float], pct: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[pct - 1]


def measure(client, scenarios: list[tuple[str, list[str]]], *, warmup: int) -> dict[str, list[float]]:
    """Time every view's requests interleaved (one request of each view in turn), so a burst of other load on
    the machine lands on all views alike instead of on whichever view was being measured."""
    for _label, urls in scenarios:
        for url in urls[:warmup]:
            _get(client, url)
    times: dict[str, list[float]] = {label: [] for label, _urls in scenarios}
    for i in range(max(len(urls) for _label, urls in scenarios)):
        for label, urls in scenarios:
            if i < len(urls):
                started = time.perf_counter()
                response = client.get(urls[i])
                times[label].append((time.perf_counter() - started) * 1000)
                _check(response, urls[i])
    return times


def _get(client, url: str):
    response = client.get(url)
    _check(response, url)
    return response


def _check(response, url: str) -> None:
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}, expected 200")


def _cycle(items: list, n: int) -> list:
    return [items[i % len(items)] for i in range(n)] if items else []


def build_scenarios(officer, n: int, rng: random.Random) -> list[tuple[str, list[str]]]:
    """Each measured view with its n URLs, over varied objects the officer may see."""
    from django.db import connection
    from django.db.models import Count
    from django.urls import reverse

    from agencies.models import Agency
    from bench.generate import LAST_NAMES
    from cases.models import CasePerson, ChronologyEntry, Person
    from cases.selectors import case_list, people_visible_to
    from jag.models import Jag

    visible = case_list(officer)
    jag_ids = list(Jag.objects.order_by("pk").values_list("pk", flat=True))
    police = Agency.objects.get(short_name="Police")
    list_url = reverse("cases:list")

    filtered = [
        f"{list_url}?status=open&risk_band={band}&jag={jag}"
        for band in ("high", "medium", "standard")
        for jag in jag_ids
    ] + [f"{list_url}?status=open&lead_agency={police.pk}&jag={jag}" for jag in jag_ids]

    from cases.selectors import CASE_SORTS

    sorted_lists = [f"{list_url}?sort={way}{column}" for column in CASE_SORTS for way in ("", "-")]
    sorted_lists += [f"{url}&status=open&jag={jag}" for url in sorted_lists for jag in jag_ids[:2]]
    my_cases_url = reverse("cases:my_cases")
    my_lists = [f"{my_cases_url}?show={show}" for show in ("mine", "team", "agency")]

    # Surnames across the frequency range (the generator makes the first ones common, the last ones rare).
    surnames = [LAST_NAMES[i] for i in range(0, len(LAST_NAMES), max(1, len(LAST_NAMES) // 25))]
    searched_name = [f"{list_url}?q={name}" for name in surnames]

    with connection.cursor() as cursor:
        # A repeatable random sample without sorting 66,000 rows: TABLESAMPLE, then the visibility filter.
        cursor.execute("SELECT id FROM cases_case TABLESAMPLE SYSTEM (2) REPEATABLE (7)")
        sample_ids = [row[0] for row in cursor.fetchall()]

    # Full postcodes that exist, and three-character districts (LE1 ... LE9).
    postcodes = list(visible.filter(pk__in=sample_ids).order_by("pk").values_list("postcode", flat=True)[:40])
    districts = [f"LE{d}" for d in range(1, 10)]
    searched_postcode = [f"{list_url}?q={pc.replace(' ', '+')}" for pc in postcodes + districts]

    # Case detail: random visible cases plus every case with a long chronology.
    big_ids = list(
        ChronologyEntry.objects.values("case_id")
        .order_by()
        .annotate(n=Count("id"))
        .filter(n__gte=1000)
        .values_list("case_id", flat=True)
    )
    big_refs = list(visible.filter(pk__in=big_ids).values_list("reference", flat=True))
    refs = list(visible.filter(pk__in=sample_ids).values_list("reference", flat=True)[: n * 2])
    rng.shuffle(refs)
    detail = [reverse("cases:detail", kwargs={"reference": r}) for r in refs[: max(1, n - len(big_refs))]]
    detail += [reverse("cases:detail", kwargs={"reference": r}) for r in big_refs]
    rng.shuffle(detail)
    detail_big = [reverse("cases:detail", kwargs={"reference": r}) for r in big_refs]
    chronology_pages = [
        f"{reverse('cases:chronology', kwargs={'reference': r})}?page={page}"
        for r in big_refs
        for page in (1, 2, 40, 80)
    ]
    rng.shuffle(chronology_pages)

    # People on visible cases: mostly one-case people, plus repeat ones and the most prolific (dozens of cases).
    people = people_visible_to(officer)
    multi = list(
        CasePerson.objects.values("person_id")
        .order_by()
        .annotate(n=Count("id"))
        .filter(n__gte=2)
        .order_by("-n", "person_id")
        .values_list("person_id", flat=True)
    )
    max_person = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    multi_set = set(multi)
    candidates = [pk for pk in rng.sample(range(1, max_person + 1), min(max_person, 4 * n)) if pk not in multi_set]
    one_case = list(people.filter(pk__in=candidates).values_list("pk", flat=True)[: n // 2])
    prolific = list(people.filter(pk__in=multi[:200]).values_list("pk", flat=True)[: n // 6])
    repeat = list(
        people.filter(pk__in=rng.sample(multi[200:], min(len(multi[200:]), 2 * n))).values_list("pk", flat=True)[
            : n - len(one_case) - len(prolific)
        ]
    )
    person_ids = one_case + repeat + prolific
    rng.shuffle(person_ids)
    person = [reverse("cases:person", kwargs={"pk": pk}) for pk in person_ids]

    scenarios = [
        ("trivial signed-in view (account)", _cycle([reverse("account")], n)),
        ("case list, first page", _cycle([list_url], n)),
        ("case list, filtered", _cycle(filtered, n)),
        ("case list, sorted by a column", _cycle(sorted_lists, n)),
        ("my cases: mine, team, agency", _cycle(my_lists, n)),
        ("case list, searched: surname", _cycle(searched_name, n)),
        ("case list, searched: postcode", _cycle(searched_postcode, n)),
        ("case detail (varied)", _cycle(detail, n)),
        ("case detail (2,000-entry cases)", _cycle(detail_big, n)),
        ("chronology page (2,000 entries)", _cycle(chronology_pages, n)),
        ("person page", _cycle(person, n)),
    ]
    empty = [label for label, urls in scenarios if not urls]
    if empty:
        raise SystemExit(f"nothing to request for: {', '.join(empty)} (is the data set too small?)")
    return scenarios


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def open_bench_database(database: str, *, recreate: bool = False, scale: float = 1.0) -> None:
    """For a benchmark beside this one: point Django at the benchmark database, migrate it, and fill it with
    bench.generate's cases unless an earlier run did."""
    prepare_bench_environment(database, recreate=recreate)
    # WhiteNoise warns that collectstatic has not run; pages render without the files being there.
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.core.management import call_command

    from bench.generate import already_generated, generate

    call_command("migrate", verbosity=0, interactive=False)
    if already_generated() is None:
        print(f"Generating cases (scale {scale}) ...")
        generate(scale=scale, log=print)


def prepare_bench_environment(database: str, *, recreate: bool) -> str:
    """Point Django at the benchmark database (on DATABASE_URL's server, or a throw-away one) and configure it
    as production runs: no debug, real error pages, plain static storage, e-mail kept in memory."""
    server_url = os.environ.get("DATABASE_URL") or start_throwaway_postgres()
    if not server_url.startswith("postgres"):
        raise SystemExit("DATABASE_URL must point at PostgreSQL")
    url = bench_database_url(server_url, database, recreate=recreate)
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }
    )
    return url


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--regenerate", action="store_true", help="drop the benchmark database and fill it again")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per view (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per view first (default 20)")
    parser.add_argument("--database", default="asb_bench", help="benchmark database name (default asb_bench)")
    parser.add_argument("--scale", type=float, default=1.0, help="data set size when generating (default 1)")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of each view's slowest query")
    args = parser.parse_args(argv)

    prepare_bench_environment(args.database, recreate=args.regenerate)
    sys.path.insert(0, str(ROOT))
    # WhiteNoise warns that collectstatic has not run; pages render without the files being there.
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from agencies.models import Officer
    from bench.generate import COUNTED_TABLES, already_generated, generate
    from cases.selectors import case_list

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"Migrated {args.database} in {time.perf_counter() - started:.1f} s")

    ORDER = {label: i for i, (label, _table) in enumerate(COUNTED_TABLES)}  # noqa: N806
    marker = already_generated()
    if marker is None:
        print(f"Generating data (scale {args.scale}) ...")
        result = generate(scale=args.scale, log=print)
        seconds, counts, note = result["seconds"], result["counts"], "this run"
    else:
        seconds, counts = marker["seconds"], marker["counts"]
        note = f"earlier run, {marker['generated_at']:%Y-%m-%d %H:%M}; --regenerate to redo"
    print(f"\nData generation: {seconds:.1f} s ({note})")
    for label, count in sorted(counts.items(), key=lambda item: ORDER.get(item[0], 99)):
        print(f"  {label:<28} {count:>10,}")

    officer = Officer.objects.get(username=BENCH_OFFICER)
    visible = case_list(officer).count()
    print(f"\nSigned in as {officer.username} ({officer.agency}), who may see {visible:,} cases")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version'), current_setting('jit')")
        pg_version, jit = cursor.fetchone()
    print(
        f"PostgreSQL {pg_version} (jit={jit}), DEBUG={settings.DEBUG}, "
        f"CONN_MAX_AGE={settings.DATABASES['default']['CONN_MAX_AGE']}, {os.cpu_count()} CPUs, "
        f"{args.requests} timed requests per view after {args.warmup} warm-up requests"
    )
    load_before = os.getloadavg()[0]
    print(f"Load average before measuring: {load_before:.2f}; CPU probe {cpu_probe():.0f} ms\n")

    rng = random.Random(20240601)
    scenarios = build_scenarios(officer, args.requests, rng)
    client = Client()
    client.force_login(officer)

    rows = []
    plans = []
    timings = measure(client, scenarios, warmup=args.warmup)
    for label, urls in scenarios:
        times = timings[label]
        with CaptureQueriesContext(connection) as captured:
            _get(client, urls[0])
        slowest = max(captured.captured_queries, key=lambda q: float(q["time"]), default=None)
        rows.append((label, len(times), percentile(times, 50), percentile(times, 95), len(captured), slowest))
        if args.explain and slowest and slowest["sql"].lstrip().upper().startswith("SELECT"):
            plans.append((label, urls[0], slowest["sql"], explain(slowest["sql"])))

    base_p50, base_p95 = rows[0][2], rows[0][3]
    header = f"{'view':<34} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'p50 x':>6} {'p95 x':>6} {'queries':>7} {'slowest q ms':>12}  result"
    print(header)
    print("-" * len(header))
    for label, n, p50, p95, queries, slowest in rows:
        verdict = "pass" if p95 <= TARGET_MS else "FAIL"
        slow_ms = float(slowest["time"]) * 1000 if slowest else 0.0
        print(
            f"{label:<34} {n:>4} {p50:>8.1f} {p95:>8.1f} {p50 / base_p50:>6.1f} {p95 / base_p95:>6.1f} "
            f"{queries:>7} {slow_ms:>12.1f}  {verdict}"
        )
    print(f"\nTarget: p95 <= {TARGET_MS:.0f} ms. Ratios are to the trivial signed-in view's p50/p95 in this run.")
    load_after = os.getloadavg()[0]
    print(f"Load average before/after measuring: {load_before:.2f} / {load_after:.2f}; CPU probe {cpu_probe():.0f} ms")
    if max(load_before, load_after) > 1.5:
        # The benchmark itself keeps about one core busy (Python, then the PostgreSQL backend).
        print("NOTE: other work was running on this machine; the figures include its interference.")
    for label, url, sql, plan in plans:
        print(f"\n=== {label}: slowest query of GET {url}\n{sql}\n--- EXPLAIN (ANALYZE, BUFFERS)\n{plan}")


if __name__ == "__main__":
    main()
