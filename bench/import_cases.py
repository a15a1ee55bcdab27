"""Time `import_cases` on a file of 10,000 cases from the previous system.

    scripts/services.sh run .venv/bin/python bench/import_cases.py [--cases 10000] [--keep FILE]

Needs PostgreSQL (DATABASE_URL; `scripts/services.sh run` starts a throw-away one). The database is migrated
if it is not yet. The script writes an import file in the documented format (docs/import-format.md): the LLR
agencies and JAGs of bench/generate.py, their officers, and per case two or three people (every tenth a
person already on another case), two incidents, one to three JAG management periods and ten chronology
entries; a third of the cases bring a reference of the ASB-YYYY-NNNNNN form, the rest get one allocated.
It then times `manage.py import_cases` on it (the check alone with --dry-run, then the import), and the
same file again (which must create nothing), and prints the figures. Target: the import in at most 60 s.
Each run uses fresh legacy ids, so re-runs against a kept database measure a fresh import too.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 60.0
SEED = 2026


def build_file(n_cases: int, run: str, first_number: int) -> dict:
    from bench.generate import AGENCIES, ENTRY_PHRASES, FIRST_NAMES, INCIDENT_PHRASES, JAGS, LAST_NAMES, STREETS
    from core import clock

    rng = random.Random(SEED)
    agencies = [
        {"short_name": short, "name": name, "kind": kind, "departments": ["Community safety", "Housing"]}
        for name, short, kind, _officers in AGENCIES
    ]
    officers, by_agency = [], {}
    for _name, short, _kind, count in AGENCIES:
        for n in range(1, min(count, 12) + 1):
            username = f"legacy.{short.lower().replace(' ', '')}.{n:02d}"
            by_agency.setdefault(short, []).append(username)
            officers.append(
                {
                    "username": username,
                    "first_name": rng.choice(FIRST_NAMES),
                    "last_name": rng.choice(LAST_NAMES),
                    "email": f"{username}@example.org",
                    "agency": short,
                    "department": "Community safety",
                    "roles": ["officer"],
                }
            )
    jags = [
        {
            "name": f"{locality} JAG",
            "locality": locality,
            "member_agencies": ["Police", council, "LeicsCC"],
            "chair": by_agency[council][0],
        }
        for locality, council, _share, _districts in JAGS
    ]
    categories = ["Noise nuisance", "Neighbour dispute", "Harassment or intimidation", "Street drinking"]
    people: list[dict] = []
    cases = []
    kinds = ["visit", "call", "letter", "email", "referral", "meeting", "note", "decision"]
    today = clock.today()
    for i in range(n_cases):
        locality, council, _share, districts = JAGS[i % len(JAGS)]
        lead = "Police" if i % 2 else council
        partner = council if lead == "Police" else "Police"
        officer = by_agency[lead][i % len(by_agency[lead])]
        opened = datetime.datetime(2019, 1, 1, 9) + datetime.timedelta(days=rng.randrange(0, 2200), minutes=i % 600)
        postcode = f"{rng.choice(districts)} {rng.randrange(10)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        roles = []
        for role in ("complainant", "perpetrator") + (("witness",) if i % 3 == 0 else ()):
            if people and rng.random() < 0.1:
                pid = rng.choice(people)["id"]
            else:
                pid = f"{run}-P{len(people) + 1}"
                people.append(
                    {
                        "id": pid,
                        "first_name": rng.choice(FIRST_NAMES),
                        "last_name": rng.choice(LAST_NAMES),
                        "date_of_birth": f"{rng.randrange(1940, 2008)}-0{rng.randrange(1, 10)}-1{rng.randrange(10)}",
                        "address": f"{rng.randrange(1, 200)} {rng.choice(STREETS)}",
                        "postcode": postcode,
                    }
                )
            if (pid, role) not in {(r["person"], r["role"]) for r in roles}:
                roles.append({"person": pid, "role": role})
        incidents = []
        for k in range(2):
            happened = opened - datetime.timedelta(days=5 - k * 3, hours=k)
            incidents.append(
                {
                    "occurred_at": happened.isoformat(),
                    "reported_at": (happened + datetime.timedelta(hours=10)).isoformat(),
                    "reported_to": lead if k else "Police",
                    "description": rng.choice(INCIDENT_PHRASES),
                    "hate_incident": False,
                }
            )
        periods, start = [], opened.date() + datetime.timedelta(days=rng.randrange(3, 30))
        for _ in range(1 + i % 3):
            end = start + datetime.timedelta(days=rng.randrange(30, 200))
            if end >= today:
                break
            periods.append({"started_on": start.isoformat(), "ended_on": end.isoformat()})
            start = end + datetime.timedelta(days=rng.randrange(0, 90))
        closed = i % 5 != 0
        if not closed and start < today:
            periods.append({"started_on": start.isoformat()})
        entries = []
        for k in range(10):
            when = opened + datetime.timedelta(days=k * 7, hours=k)
            entries.append(
                {
                    "occurred_at": when.isoformat(),
                    "kind": kinds[(i + k) % len(kinds)],
                    "officer": officer if k % 3 else by_agency[partner][k % len(by_agency[partner])],
                    "text": rng.choice(ENTRY_PHRASES),
                }
            )
        last = max(datetime.datetime.fromisoformat(e["occurred_at"]) for e in entries)
        case = {
            "legacy_id": f"{run}-C{i + 1}",
            "opened_at": opened.isoformat(),
            "address": f"{rng.randrange(1, 200)} {rng.choice(STREETS)}",
            "postcode": postcode,
            "ward": locality,
            "category": categories[i % len(categories)],
            "jag": f"{locality} JAG",
            "lead_agency": lead,
            "lead_officer": officer,
            "summary": "Imported case. " + rng.choice(INCIDENT_PHRASES),
            "risk_band": ["standard", "medium", "high"][i % 3],
            "involved_agencies": [partner],
            "people": roles,
            "incidents": incidents,
            "jag_periods": periods,
            "chronology": entries,
        }
        if i % 3 == 0:
            case["reference"] = f"ASB-{opened.year}-{first_number + i:06d}"
        if closed:
            case["status"] = "closed"
            case["closed_at"] = (last + datetime.timedelta(days=30)).isoformat()
            ends = [p.get("ended_on") for p in periods]
            if ends and ends[-1] and ends[-1] > case["closed_at"][:10]:
                case["closed_at"] = ends[-1] + "T17:00:00"
        cases.append(case)
    return {
        "format": "llr-asb-import",
        "version": 1,
        "source": "bench",
        "agencies": agencies,
        "jags": jags,
        "officers": officers,
        "people": people,
        "cases": cases,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--keep", help="also write the generated file here")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "false")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit(
            "bench/import_cases.py needs PostgreSQL: scripts/services.sh run .venv/bin/python bench/import_cases.py"
        )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Max

    from cases.models import Case, CaseReferenceCounter, ChronologyEntry

    call_command("migrate", verbosity=0)
    run = f"R{int(time.time())}"
    first_number = (CaseReferenceCounter.objects.aggregate(m=Max("last_number"))["m"] or 0) + 100_000

    t = time.perf_counter()
    data = build_file(args.cases, run, first_number)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "import.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        if args.keep:
            Path(args.keep).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        size = path.stat().st_size
        counts = {
            "cases": len(data["cases"]),
            "people": len(data["people"]),
            "incidents": sum(len(c["incidents"]) for c in data["cases"]),
            "JAG management periods": sum(len(c["jag_periods"]) for c in data["cases"]),
            "chronology entries": sum(len(c["chronology"]) for c in data["cases"]),
        }
        del data
        print(
            f"file: {size / 1e6:.1f} MB written in {time.perf_counter() - t:.1f} s; "
            + ", ".join(f"{v:,} {k}" for k, v in counts.items())
        )

        cases_before = Case.objects.count()
        entries_before = ChronologyEntry.objects.count()
        timings = {}
        for label, options in (("check only (--dry-run)", ["--dry-run"]), ("import", []), ("import again (no-op)", [])):
            t = time.perf_counter()
            call_command("import_cases", str(path), *options, stdout=io.StringIO())
            timings[label] = time.perf_counter() - t
        imported = Case.objects.count() - cases_before
        entries = ChronologyEntry.objects.count() - entries_before

    print(f"database: PostgreSQL {connection.pg_version // 10000}; load average {os.getloadavg()[0]:.2f}")
    for label, seconds in timings.items():
        print(f"{label:<26} {seconds:6.1f} s")
    print(f"cases imported: {imported:,}; chronology entries written: {entries:,} (with one import note per case)")
    ok = timings["import"] <= TARGET_SECONDS and imported == counts["cases"]
    print(
        f"import of {counts['cases']:,} cases: {timings['import']:.1f} s, target <= {TARGET_SECONDS:.0f} s: {'PASS' if ok else 'FAIL'}"
    )


if __name__ == "__main__":
    main()
