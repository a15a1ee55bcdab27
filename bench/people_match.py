"""Possible matches for a person added to a case, from the name alone, among 200,000 people.

    scripts/services.sh run .venv/bin/python bench/people_match.py [--names 400] [--explain]

Uses the benchmark database `asb_bench` beside the one DATABASE_URL names (bench.run's helper), filled by
bench.generate unless an earlier run did: 200,000 people whose names come from 84 forenames and 140 surnames, so a
name is shared by about 17 people and a common surname by several thousand (the hardest case for matching).

The names typed are drawn from the people on record (a fixed seed), each made one of the ways an officer types a
name: as recorded, in lower case, a surname with a letter dropped, a surname with two letters swapped, the forename
as an initial, a surname no one has, and a name someone is also known by (one person in ten has an alias, made on
the first run). They are timed, as bench/run.py's officer (police.010, who may see about
two thirds of the cases), two ways:
- `cases.selectors.person_matches`, called directly (the matching rules, the candidates from the surname's indexes
  and the visibility of each): target p95 <= 100 ms;
- the page the officer then sees: POST to "Add a person" on a case they may add to, through django.test.Client,
  for the names that have matches (the page lists them, with their cases, ladders and live orders; nothing is
  written): printed, against the pages' p95 <= 150 ms of bench/run.py.
Prints figures; never fails a build.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_OFFICER = "police.010"  # bench/run.py's officer
TARGET_MS = 100.0
PAGE_TARGET_MS = 150.0
VARIANTS = ("as recorded", "lower case", "letter dropped", "letters swapped", "initial", "unknown surname", "an alias")
# One person in this many is also known by another name (an alias), drawn from the same pools of names.
ALIAS_EVERY = 10


def typed_variant(first: str, last: str, how: str, rng: random.Random) -> tuple[str, str]:
    if how == "lower case":
        return first.lower(), last.lower()
    if how == "letter dropped" and len(last) >= 5:
        i = rng.randrange(1, len(last))
        return first, last[:i] + last[i + 1 :]
    if how == "letters swapped" and len(last) >= 5:
        i = rng.randrange(1, len(last) - 1)
        return first, last[:i] + last[i + 1] + last[i] + last[i + 2 :]
    if how == "initial":
        return first[0], last
    if how == "unknown surname":
        return first, "Quixbeworth"
    return first, last


def ensure_aliases(rng: random.Random) -> int:
    """Aliases for one person in ALIAS_EVERY, made once (the benchmark database keeps them); how many there are."""
    from django.db import connection

    from bench.generate import FIRST_NAMES, LAST_NAMES
    from cases.models import Person, PersonAlias
    from core import clock

    existing = PersonAlias.objects.count()
    if existing:
        return existing
    officer_id = Person.objects.values_list("created_by_id", flat=True).first()
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))[::ALIAS_EVERY]
    now = clock.now()
    PersonAlias.objects.bulk_create(
        (
            PersonAlias(
                person_id=pk,
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                added_by_id=officer_id,
                added_at=now,
            )
            for pk in ids
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_personalias")
    return len(ids)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="asb_bench", help="benchmark database (default asb_bench)")
    parser.add_argument("--scale", type=float, default=1.0, help="data set size when generating cases (default 1)")
    parser.add_argument("--names", type=int, default=400, help="timed names (default 400)")
    parser.add_argument("--warmup", type=int, default=30, help="untimed names first (default 30)")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the slowest match query")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from bench.run import cpu_probe, open_bench_database, percentile

    open_bench_database(args.database, recreate=False, scale=args.scale)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from agencies.models import Officer
    from cases.models import Person
    from cases.permissions import CONTRIBUTE, case_permissions, cases_visible_to
    from cases.selectors import person_matches

    officer = Officer.objects.get(username=BENCH_OFFICER)
    rng = random.Random(20261205)
    aliases = ensure_aliases(random.Random(20261206))
    from cases.models import PersonAlias

    alias_names = list(PersonAlias.objects.order_by("pk").values_list("first_name", "last_name")[:5000])
    total = Person.objects.count()
    ids = rng.sample(range(1, total + 1), args.names + args.warmup)
    names = dict(Person.objects.filter(pk__in=ids).values_list("pk", "first_name").order_by())
    lasts = dict(Person.objects.filter(pk__in=ids).values_list("pk", "last_name").order_by())
    typed = []
    for n, pk in enumerate(pk for pk in ids if pk in names):
        how = VARIANTS[n % len(VARIANTS)]
        if how == "an alias":
            typed.append((how, *rng.choice(alias_names)))
            continue
        typed.append((how, *typed_variant(names[pk], lasts[pk], how, rng)))
    warm, timed = typed[: args.warmup], typed[args.warmup :]

    for _how, first, last in warm:
        person_matches(officer, first_name=first, last_name=last)
    samples: dict[str, list[float]] = {how: [] for how in VARIANTS}
    found: dict[str, list[int]] = {how: [] for how in VARIANTS}
    with_matches = []
    slowest = (0.0, "", "")
    load_before = " ".join(f"{n:.2f}" for n in os.getloadavg())
    probe = cpu_probe()
    for how, first, last in timed:
        started = time.perf_counter()
        result = person_matches(officer, first_name=first, last_name=last)
        ms = (time.perf_counter() - started) * 1000
        samples[how].append(ms)
        found[how].append(len(result.people))
        slowest = max(slowest, (ms, first, last))
        if result.people:
            with_matches.append((first, last))
    load_after = " ".join(f"{n:.2f}" for n in os.getloadavg())

    print(
        f"\n{total:,} people, {aliases:,} aliases; {cases_visible_to(officer).count():,} cases visible to "
        f"{officer.username}"
    )
    print(f"CPU probe {probe:.0f} ms; load average before {load_before}, after {load_after}")
    print(f"\nperson_matches, as {officer.username}: {'n':>4} {'p50 ms':>8} {'p95 ms':>8}  listed (median, max)")
    every = [ms for how in VARIANTS for ms in samples[how]]
    for how in VARIANTS:
        listed = found[how]
        print(
            f"  {how:<32} {len(samples[how]):>4} {percentile(samples[how], 50):>8.1f} "
            f"{percentile(samples[how], 95):>8.1f}  {statistics.median(listed):.0f}, {max(listed)}"
        )
    p95 = percentile(every, 95)
    verdict = "pass" if p95 <= TARGET_MS else "FAIL"
    print(f"  {'all':<32} {len(every):>4} {percentile(every, 50):>8.1f} {p95:>8.1f}  target p95 <= 100 ms: {verdict}")
    print(f"  slowest: {slowest[0]:.1f} ms for {slowest[1]} {slowest[2]}")

    if args.explain:
        with CaptureQueriesContext(connection) as captured:
            person_matches(officer, first_name=slowest[1], last_name=slowest[2])
        query = max(captured.captured_queries, key=lambda q: float(q["time"]))
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            print("\n".join(line for (line,) in cursor.fetchall()))

    # --- the page the officer sees -----------------------------------------------------------------------------
    case = next(c for c in cases_visible_to(officer).order_by("-id")[:50] if CONTRIBUTE in case_permissions(officer, c))
    url = reverse("cases:person_add", kwargs={"reference": case.reference})
    client = Client()
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")

    def post(first: str, last: str):
        form = {"role": "perpetrator", "first_name": first, "last_name": last, "submission_token": str(uuid.uuid4())}
        response = client.post(url, form)
        if response.status_code != 200:
            raise SystemExit(f"POST {url} for {first} {last} answered {response.status_code}, expected the matches")
        return response

    for first, last in with_matches[:10]:
        post(first, last)
    queries = []
    with connection.execute_wrapper(lambda execute, *args: queries.append(1) or execute(*args)):
        post(*with_matches[0])
    page = []
    for first, last in with_matches:
        started = time.perf_counter()
        post(first, last)
        page.append((time.perf_counter() - started) * 1000)
    page_p95 = percentile(page, 95)
    print(
        f"\nAdd a person, the matches page (POST, {len(queries)} queries): {len(page)} names, "
        f"p50 {percentile(page, 50):.1f} ms, p95 {page_p95:.1f} ms "
        f"(pages' target p95 <= 150 ms: {'pass' if page_p95 <= PAGE_TARGET_MS else 'FAIL'})"
    )


if __name__ == "__main__":
    main()
