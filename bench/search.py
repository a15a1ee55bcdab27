"""The header search's results page on the case file's data: 100,000 cases, 200,000 people, 200,000 incidents.

    scripts/services.sh run .venv/bin/python bench/search.py [--queries 300] [--explain]

Uses the benchmark database `asb_bench` beside the one DATABASE_URL names (bench.run's helper), filled by
bench.generate unless an earlier run did. Its cases lie on 30 streets (about 3,300 cases and 6,700 people on each)
and its people share 140 surnames, so a street or a common surname finds thousands (the hardest case: every one is
checked against what the officer may see before the first thousand are listed).

The searches are drawn (a fixed seed) from the data, each typed one of the ways an officer types one: a street
name alone in any case ("london road"), a house number and street, a surname, a forename and surname, a whole
postcode with or without its space, an outward code, a case reference, and words nobody has. Each is requested as
bench/run.py's officer (police.010, who may see about two thirds of the cases) through django.test.Client, the
whole page (the three kinds counted, the first page of the first kind with results listed). Target: p95 <= 150 ms.
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
BENCH_OFFICER = "police.010"  # bench/run.py's officer
TARGET_MS = 150.0
KINDS = (
    "street",
    "number and street",
    "surname",
    "full name",
    "postcode",
    "postcode, no space",
    "outward code",
    "reference",
    "nothing found",
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="asb_bench", help="benchmark database (default asb_bench)")
    parser.add_argument("--scale", type=float, default=1.0, help="data set size when generating cases (default 1)")
    parser.add_argument("--queries", type=int, default=300, help="timed searches (default 300)")
    parser.add_argument("--warmup", type=int, default=30, help="untimed searches first (default 30)")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the slowest search's queries")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from bench.run import cpu_probe, open_bench_database, percentile

    open_bench_database(args.database, recreate=False, scale=args.scale)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from agencies.models import Officer
    from bench.generate import STREETS
    from cases.models import Case, Person
    from cases.permissions import cases_visible_to
    from cases.search.selectors import search

    officer = Officer.objects.get(username=BENCH_OFFICER)
    rng = random.Random(20261205)
    total = args.queries + args.warmup
    case_ids = rng.sample(range(1, Case.objects.count() + 1), total)
    person_ids = rng.sample(range(1, Person.objects.count() + 1), total)
    cases = {
        pk: (ref, pc) for pk, ref, pc in Case.objects.filter(pk__in=case_ids).values_list("pk", "reference", "postcode")
    }
    people = {
        pk: (first, last)
        for pk, first, last in Person.objects.filter(pk__in=person_ids).values_list("pk", "first_name", "last_name")
    }

    def typed(n: int) -> tuple[str, str]:
        kind = KINDS[n % len(KINDS)]
        reference, postcode = cases.get(case_ids[n], ("ASB-2026-000001", "LE1 1AA"))
        first, last = people.get(person_ids[n], ("Wayne", "Ruddock"))
        street = rng.choice(STREETS)
        return kind, {
            "street": rng.choice([street, street.lower(), street.upper()]),
            "number and street": f"{rng.randrange(1, 180)} {street}",
            "surname": last,
            "full name": f"{first} {last}",
            "postcode": postcode,
            "postcode, no space": postcode.replace(" ", "").lower(),
            "outward code": postcode.split()[0],
            "reference": reference,
            "nothing found": "Quixbeworth Crescent",
        }[kind]

    searches = [typed(n) for n in range(total)]
    warm, timed = searches[: args.warmup], searches[args.warmup :]
    url = reverse("search:results")
    client = Client()
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")

    def get(query: str):
        response = client.get(url, {"q": query})
        if response.status_code != 200:
            raise SystemExit(f"GET {url}?q={query} answered {response.status_code}")
        return response

    for _kind, query in warm:
        get(query)
    samples: dict[str, list[float]] = {kind: [] for kind in KINDS}
    found: dict[str, list[int]] = {kind: [] for kind in KINDS}
    slowest = (0.0, "")
    load_before = " ".join(f"{n:.2f}" for n in os.getloadavg())
    probe = cpu_probe()
    for kind, query in timed:
        started = time.perf_counter()
        get(query)
        ms = (time.perf_counter() - started) * 1000
        samples[kind].append(ms)
        found[kind].append(sum(result.count for result in search(officer, query).values()))
        slowest = max(slowest, (ms, query))
    load_after = " ".join(f"{n:.2f}" for n in os.getloadavg())
    with CaptureQueriesContext(connection) as captured:
        get(slowest[1])

    print(
        f"\n{Case.objects.count():,} cases, {Person.objects.count():,} people; "
        f"{cases_visible_to(officer).count():,} cases visible to {officer.username}"
    )
    print(f"CPU probe {probe:.0f} ms; load average before {load_before}, after {load_after}")
    print(f"\nSearch results page, as {officer.username}: {'n':>4} {'p50 ms':>8} {'p95 ms':>8}  found (median, max)")
    every = [ms for kind in KINDS for ms in samples[kind]]
    for kind in KINDS:
        if samples[kind]:
            print(
                f"  {kind:<24} {len(samples[kind]):>4} {percentile(samples[kind], 50):>8.1f} "
                f"{percentile(samples[kind], 95):>8.1f}  {statistics.median(found[kind]):.0f}, {max(found[kind])}"
            )
    p95 = percentile(every, 95)
    verdict = "pass" if p95 <= TARGET_MS else "FAIL"
    print(f"  {'all':<24} {len(every):>4} {percentile(every, 50):>8.1f} {p95:>8.1f}  target p95 <= 150 ms: {verdict}")
    print(f"  slowest: {slowest[0]:.1f} ms for {slowest[1]!r} ({len(captured)} queries)")

    if args.explain:
        with connection.cursor() as cursor:
            for slow in sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]:
                print(f"\n-- {slow['time']} s")
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slow["sql"])
                print("\n".join(line for (line,) in cursor.fetchall()))


if __name__ == "__main__":
    main()
