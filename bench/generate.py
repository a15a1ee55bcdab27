"""Fill an empty, migrated PostgreSQL database with a county-sized case load for the benchmarks.

    DATABASE_URL=postgres://... python -m bench.generate [--scale 1.0]

At scale 1: 20 agencies, 9 JAGs, 500 officers, 100,000 cases, 200,000 people, about 300,000 case roles,
200,000 incidents, 1,000,000 chronology entries (ten cases have 2,000 each) and a risk assessment for most
cases with a risk band. Agencies and JAGs go through the ORM so their groups and signals behave as in the
application; everything else is set-based SQL (INSERT ... SELECT over generate_series), because per-row
ORM saves would take hours. The object permissions are the rows `cases.permissions.case_grant_access`
would write for each case, computed in SQL.

Randomness comes from PostgreSQL's random() with a fixed seed, so two runs produce the same shape.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable

MARKER_TABLE = "bench_generated"

# name, short name, kind, officers
AGENCIES = [
    ("Leicestershire Police", "Police", "police", 180),
    ("Leicester City Council", "LCC", "local_authority", 46),
    ("Leicestershire County Council", "LeicsCC", "local_authority", 20),
    ("Blaby District Council", "Blaby", "local_authority", 18),
    ("Charnwood Borough Council", "Charnwood", "local_authority", 22),
    ("Harborough District Council", "Harborough", "local_authority", 16),
    ("Hinckley and Bosworth Borough Council", "HBBC", "local_authority", 18),
    ("Melton Borough Council", "Melton", "local_authority", 14),
    ("North West Leicestershire District Council", "NWLDC", "local_authority", 18),
    ("Oadby and Wigston Borough Council", "OWBC", "local_authority", 14),
    ("Rutland County Council", "Rutland", "local_authority", 12),
    ("Leicester City Youth Justice Service", "City YJS", "youth_justice", 14),
    ("Leicestershire Youth Justice Service", "County YJS", "youth_justice", 14),
    ("Probation Service: Leicestershire and Rutland", "Probation", "probation", 20),
    ("EMH Homes", "EMH", "social_landlord", 14),
    ("Midland Heart", "Midland Heart", "social_landlord", 12),
    ("Platform Housing Group", "Platform", "social_landlord", 12),
    ("Leicestershire Partnership NHS Trust", "LPT", "health", 14),
    ("Leicestershire Fire and Rescue Service", "LFRS", "other", 12),
    ("Environment Agency: East Midlands", "EA", "environment_agency", 10),
]
POLICE = "Police"
COUNTY = "LeicsCC"

# locality, council short name, share of cases (percent), postcode districts
JAGS = [
    ("Leicester City", "LCC", 30, ["LE1", "LE2", "LE3", "LE4", "LE5"]),
    ("Blaby", "Blaby", 9, ["LE8", "LE9", "LE19"]),
    ("Charnwood", "Charnwood", 16, ["LE11", "LE12", "LE7"]),
    ("Harborough", "Harborough", 7, ["LE16", "LE17"]),
    ("Hinckley and Bosworth", "HBBC", 9, ["LE10", "CV13"]),
    ("Melton", "Melton", 6, ["LE13", "LE14"]),
    ("North West Leicestershire", "NWLDC", 10, ["LE65", "LE67", "DE74"]),
    ("Oadby and Wigston", "OWBC", 8, ["LE18", "LE2"]),
    ("Rutland", "Rutland", 5, ["LE15"]),
]

FIRST_NAMES = (
    "Oliver George Harry Jack Jacob Noah Charlie Muhammad Thomas Oscar William James Leo Alfie Henry Joshua "
    "Freddie Archie Ethan Isaac Alexander Joseph Edward Samuel Max Daniel Arthur Lucas Mohammed Logan Amelia "
    "Olivia Isla Emily Poppy Ava Isabella Jessica Lily Sophie Grace Sophia Mia Evie Ruby Ella Scarlett Isabelle "
    "Chloe Sienna Freya Phoebe Charlotte Daisy Alice Florence Eva Sofia Millie Lucy Priya Aisha Ravi Sunita "
    "Deepak Anjali Tomasz Agnieszka Kwame Abena Darren Sharon Tracey Wayne Karen Gary Julie Craig Dean Kelly"
).split()
LAST_NAMES = (
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker White "
    "Roberts Green Hall Wood Jackson Clarke Patel Khan Lewis James Phillips Mason Mitchell Rose Davis "
    "Rodriguez Cox Alexander Morris King Harris Turner Baker Hill Moore Cooper Ward Morgan Young Hughes "
    "Edwards Allen Bennett Shaw Lee Martin Parker Collins Stewart Murphy Kaur Singh Mistry Chauhan Parmar "
    "Lodhia Solanki Gohil Chavda Kowalski Nowak Wisniewski Mensah Owusu Begum Hussain Ahmed Ali Rahman "
    "Marshall Barker Atkinson Wallace Gibson Chapman Fletcher Sutton Holmes Lawrence Dixon Palmer Gray "
    "Hunt Simpson Reid Knight Ellis Harrison Carter Bailey Webb Cole Pearce Booth Kemp Whitehead Pickering "
    "Stainton Ashby Quorn Loughton Belgrave Humberstone Wigston Braunstone Thurmaston Oakham Uppingham"
).split()
STREETS = (
    "High Street|Church Lane|Station Road|London Road|Narborough Road|Belgrave Gate|Melton Road|Uppingham Road|"
    "Hinckley Road|Loughborough Road|Victoria Park Road|Saffron Lane|Aylestone Road|Welford Road|Humberstone Road|"
    "Beaumont Leys Lane|Braunstone Avenue|Sycamore Close|Ashby Road|Market Place|Mill Lane|The Green|Park Road|"
    "Forest Road|Queens Road|King Street|Granby Street|Wharf Street|Oakham Road|Burton Road"
).split("|")
WARDS = (
    "Abbey|Aylestone|Beaumont Leys|Belgrave|Braunstone Park|Castle|Evington|Eyres Monsell|Fosse|Humberstone|"
    "Knighton|Rushey Mead|Saffron|Spinney Hills|Stoneygate|Westcotes|Wycliffe|Shepshed East|Loughborough Lemyngton|"
    "Coalville Central|Melton Egerton|Oakham North West|Wigston Fairfield|Market Harborough Logan"
).split("|")
SUMMARY_PHRASES = [
    "Residents report repeated late-night disturbances over several weeks.",
    "Neighbours describe verbal abuse and intimidation when leaving their homes.",
    "A group of young people gathers nightly, with damage to communal doors and lighting.",
    "The complainant keeps a diary sheet; the behaviour escalates at weekends.",
    "Several households on the street are affected; two have contacted their councillor.",
    "Housing officer and neighbourhood policing team attended jointly; warnings were given.",
    "The alleged perpetrator disputes the account and has made counter-allegations.",
    "Vulnerable adult living alone; safeguarding referral considered by the lead officer.",
]
ENTRY_PHRASES = [
    "Spoke to the complainant by telephone; incidents continue most evenings and the diary sheet was updated.",
    "Home visit with the housing officer. Perpetrator present; behaviour discussed and expectations set out.",
    "Letter sent to the alleged perpetrator warning of further action if the behaviour continues.",
    "Referral made to the youth justice service for a joint visit and assessment of needs.",
    "Discussed at the JAG meeting; partners agreed to share information and review in four weeks.",
    "CCTV request made to the local authority control room for the dates reported by the complainant.",
    "Neighbourhood policing team patrols increased in the area for the next two weeks.",
    "Complainant reports things have been quieter since the warning letter; will keep monitoring.",
    "Noise monitoring equipment installed; results to be assessed by environmental health.",
    "Acceptable behaviour contract discussed with the perpetrator and their parent; signed today.",
    "Email from the social landlord confirming a tenancy warning has been issued.",
    "Safeguarding referral submitted after the complainant disclosed feeling unsafe at home.",
]
ENTRY_KINDS = [
    "visit",
    "call",
    "call",
    "letter",
    "email",
    "email",
    "referral",
    "meeting",
    "note",
    "note",
    "note",
    "decision",
    "intervention",
    "system",
]
INCIDENT_PHRASES = [
    "Loud music and shouting from the neighbouring flat until the early hours.",
    "Group of youths kicking a football against windows and swearing at residents.",
    "Graffiti sprayed on the garage doors; offensive language used.",
    "Verbal abuse directed at the complainant on the stairwell.",
    "Fly-tipped mattress and bags left at the rear of the property.",
    "Vehicle revving and wheel-spinning in the car park late at night.",
    "Threats made to the complainant's children on their way to school.",
    "Drug paraphernalia found in the communal garden; visitors at all hours.",
]


def _scaled(value: int, scale: float) -> int:
    return max(1, int(round(value * scale)))


def generate(*, scale: float = 1.0, seed: float = 0.42, log: Callable[[str], None] = print) -> dict:
    """Fill the (empty, migrated) default database. Returns row counts and the seconds each step took."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group, Permission
    from django.db import connection, transaction

    from agencies.models import Agency, Officer
    from cases.models import Case, Category
    from core import clock
    from jag.models import Jag

    if Case.objects.exists() or Agency.objects.exists() or Officer.objects.exists():
        raise SystemExit("bench.generate fills an EMPTY migrated database; this one already has data")

    n_cases = _scaled(100_000, scale)
    n_people = max(_scaled(200_000, scale), 2 * n_cases)
    n_incidents = _scaled(200_000, scale)
    n_chronology = _scaled(1_000_000, scale)
    n_big = 10 if n_cases >= 100 else 1
    big_entries = 2000
    n_corrections = _scaled(5_000, scale)
    n_extra_roles = _scaled(100_000, scale)
    n_repeat_people = max(1, n_people // 10)
    n_prolific = max(1, _scaled(200, scale))
    timings: dict[str, float] = {}
    started = time.perf_counter()

    def step(label: str, sql: str, params: dict | None = None) -> None:
        t = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        timings[label] = timings.get(label, 0.0) + time.perf_counter() - t
        log(f"  {label:<28} {time.perf_counter() - t:6.1f} s")

    with transaction.atomic():
        t = time.perf_counter()
        # Agencies through the ORM: the pre/post_save signals create and name each agency's group.
        agencies = {}
        for name, short, kind, _officers in AGENCIES:
            agencies[short] = Agency.objects.create(
                name=name, short_name=short, kind=kind, email=f"asb@{short.lower().replace(' ', '')}.example.org"
            )
        role_groups = {g.name: g.pk for g in Group.objects.filter(name__startswith="role:")}

        # Officers in bulk (bulk_create skips the signal that adds them to their agency group: done below).
        password = make_password(None)
        officers = []
        first_pool, last_pool = FIRST_NAMES, LAST_NAMES
        k = 0
        for _name, short, _kind, count in AGENCIES:
            for n in range(1, count + 1):
                k += 1
                officers.append(
                    Officer(
                        username=f"{short.lower().replace(' ', '')}.{n:03d}",
                        first_name=first_pool[(k * 7) % len(first_pool)],
                        last_name=last_pool[(k * 13) % len(last_pool)],
                        email=f"officer{k}@{short.lower().replace(' ', '')}.example.org",
                        password=password,
                        agency=agencies[short],
                        job_title="ASB officer" if n > 2 else "ASB manager",
                    )
                )
        Officer.objects.bulk_create(officers, batch_size=1000)
        by_agency: dict[str, list[Officer]] = {}
        for officer in officers:
            by_agency.setdefault(officer.agency.short_name, []).append(officer)

        # JAGs with a council officer as chair (the chair gets user grants on every case of the JAG).
        jags = []
        for locality, council, _share, _districts in JAGS:
            chair = by_agency[council][0]
            jag = Jag.objects.create(name=f"{locality} JAG", locality=locality, chair=chair)
            jag.member_agencies.set([agencies[POLICE], agencies[council], agencies[COUNTY]])
            jag.members.set([chair, *by_agency[POLICE][:3], *by_agency[council][1:3]])
            jags.append(jag)
        chairs = [j.chair_id for j in jags]
        timings["agencies, officers, JAGs"] = time.perf_counter() - t
        log(f"  {'agencies, officers, JAGs':<28} {timings['agencies, officers, JAGs']:6.1f} s")

        step(
            "group memberships",
            """
            INSERT INTO agencies_officer_groups (officer_id, group_id)
            SELECT o.id, a.group_id FROM agencies_officer o JOIN agencies_agency a ON a.id = o.agency_id
            UNION ALL SELECT o.id, %(officer_role)s FROM agencies_officer o
            UNION ALL SELECT o.id, %(manager_role)s FROM agencies_officer o WHERE o.job_title = 'ASB manager'
            UNION ALL SELECT unnest(%(chairs)s::bigint[]), %(chair_role)s
            """,
            {
                "officer_role": role_groups["role:officer"],
                "manager_role": role_groups["role:manager"],
                "chair_role": role_groups["role:jag_chair"],
                "chairs": chairs,
            },
        )

        categories = list(Category.objects.order_by("pk").values_list("pk", "name", "is_hate_incident"))
        perms = dict(
            Permission.objects.filter(content_type__app_label="cases", content_type__model="case").values_list(
                "codename", "pk"
            )
        )
        police_id = agencies[POLICE].pk
        county_id = agencies[COUNTY].pk
        others = [a.pk for s, a in agencies.items() if agencies[s].kind not in ("police", "local_authority")] + [
            county_id
        ]
        all_officers = [o.pk for o in officers]
        all_officer_agencies = [o.agency_id for o in officers]
        lo = 0
        jag_rows = []
        for jag, (_locality, council, share, districts) in zip(jags, JAGS, strict=True):
            jag_rows.append((jag.pk, agencies[council].pk, jag.chair_id, lo, lo + share, ",".join(districts)))
            lo += share

        params = {
            "seed": seed,
            "n_cases": n_cases,
            "n_people": n_people,
            "n_big": n_big,
            "big_every": n_cases // n_big,
            "police": police_id,
            "county": county_id,
            "others": others,
            "officers": all_officers,
            "officer_agencies": all_officer_agencies,
            "cat_ids": [c[0] for c in categories],
            "cat_names": [c[1] for c in categories],
            "cat_hate": [c[2] for c in categories],
            "streets": STREETS,
            "wards": WARDS,
            "summaries": SUMMARY_PHRASES,
            "first_names": FIRST_NAMES,
            "last_names": LAST_NAMES,
            "entry_phrases": ENTRY_PHRASES,
            "entry_kinds": ENTRY_KINDS,
            "incident_phrases": INCIDENT_PHRASES,
            "view": perms["view_case"],
            "contribute": perms["contribute_to_case"],
            "change": perms["change_case"],
            "now": clock.now(),
            "all_agencies": [a.pk for a in agencies.values()],
        }

        step("seed", "SELECT setseed(%(seed)s)", params)
        step(
            "helper tables",
            """
            CREATE TEMP TABLE bench_officer ON COMMIT DROP AS
                SELECT agency_id, row_number() OVER (PARTITION BY agency_id ORDER BY id) AS n, id
                FROM agencies_officer;
            CREATE UNIQUE INDEX ON bench_officer (agency_id, n);
            CREATE TEMP TABLE bench_agency ON COMMIT DROP AS
                SELECT agency_id AS id, count(*) AS officers FROM agencies_officer GROUP BY agency_id;
            CREATE TEMP TABLE bench_jag (id bigint, council_id bigint, chair_id bigint, lo int, hi int, districts text[])
                ON COMMIT DROP;
            """,
        )
        with connection.cursor() as cursor:
            cursor.executemany("INSERT INTO bench_jag VALUES (%s, %s, %s, %s, %s, string_to_array(%s, ','))", jag_rows)

        # Each case's random draws are made once and kept, so the columns that depend on each other agree.
        step(
            "cases (draws)",
            """
            CREATE TEMP TABLE bench_case ON COMMIT DROP AS
            WITH draws AS (
                SELECT i, mod(i, %(big_every)s) = %(big_every)s / 2 AND i <= %(big_every)s * %(n_big)s AS big,
                       random() AS r_jag, random() AS r_lead, random() AS r_other, random() AS r_officer,
                       random() AS r_status, random() AS r_closed, random() AS r_risk, random() AS r_upd,
                       random() AS r_review, random() AS r_restricted, random() AS r_inv, random() AS r_inv2,
                       floor(random() * cardinality(%(cat_ids)s::bigint[]))::int + 1 AS cat,
                       %(now)s::timestamptz - interval '7 years'
                           + (interval '7 years' - interval '1 day') * ((i - 1)::float8 / %(n_cases)s)
                           + random() * interval '20 hours' AS opened_at
                FROM generate_series(1, %(n_cases)s) AS i
            ), placed AS (
                SELECT d.*, j.id AS jag_id, j.council_id, j.districts,
                       CASE WHEN d.big OR d.r_lead < 0.4 THEN %(police)s::bigint
                            WHEN d.r_lead < 0.8 THEN j.council_id
                            ELSE (%(others)s::bigint[])[1 + floor(d.r_other * cardinality(%(others)s::bigint[]))::int]
                       END AS lead_agency_id,
                       CASE WHEN d.big THEN 'open'
                            WHEN d.opened_at > %(now)s::timestamptz - interval '120 days' AND d.r_status < 0.9 THEN 'open'
                            WHEN d.opened_at > %(now)s::timestamptz - interval '365 days' AND d.r_status < 0.5 THEN 'open'
                            WHEN d.r_status < 0.08 THEN 'open'
                            WHEN d.r_status > 0.85 THEN 'ceased'
                            ELSE 'closed' END AS status
                FROM draws d JOIN bench_jag j ON d.r_jag * 100 >= j.lo AND d.r_jag * 100 < j.hi
            )
            SELECT p.*,
                   CASE WHEN p.status = 'open' THEN NULL
                        ELSE p.opened_at + (%(now)s::timestamptz - p.opened_at) * (0.1 + 0.6 * p.r_closed) END
                       AS closed_at,
                   CASE WHEN p.big THEN 'high'
                        WHEN p.r_risk < 0.3 THEN '' WHEN p.r_risk < 0.75 THEN 'standard'
                        WHEN p.r_risk < 0.92 THEN 'medium' ELSE 'high' END AS risk_band,
                   1 + floor(p.r_officer * a.officers)::int AS officer_n,
                   NOT p.big AND p.r_restricted < 0.003 AS restricted
            FROM placed p JOIN bench_agency a ON a.id = p.lead_agency_id;
            ALTER TABLE bench_case ADD PRIMARY KEY (i);
            """,
            params,
        )
        step(
            "cases",
            """
            INSERT INTO cases_case (id, reference, status, address, postcode, ward, hate_incident, summary, risk_band,
                                    next_review_date, restricted, opened_at, closed_at, updated_at, version, jag_id,
                                    lead_agency_id, lead_officer_id, opened_by_id, category_id)
            SELECT c.i,
                   'ASB-' || c.year || '-' || lpad((row_number() OVER (PARTITION BY c.year ORDER BY c.opened_at, c.i))::text, 6, '0'),
                   c.status, c.address, c.postcode, c.ward, (%(cat_hate)s::bool[])[c.cat],
                   'Reports of ' || lower((%(cat_names)s::text[])[c.cat]) || ' at ' || c.address || '. '
                       || (%(summaries)s::text[])[1 + mod(c.i * 7, cardinality(%(summaries)s::text[]))] || ' '
                       || (%(summaries)s::text[])[1 + mod(c.i * 3 + 1, cardinality(%(summaries)s::text[]))],
                   c.risk_band,
                   CASE WHEN c.status = 'open' AND c.risk_band <> ''
                        THEN (c.updated_at AT TIME ZONE 'Europe/London')::date
                             + CASE c.risk_band WHEN 'high' THEN 14 WHEN 'medium' THEN 28 ELSE 56 END
                             - floor(c.r_review * 45)::int END,
                   c.restricted, c.opened_at, c.closed_at, c.updated_at, 1, c.jag_id,
                   c.lead_agency_id, o.id, o.id, (%(cat_ids)s::bigint[])[c.cat]
            FROM (
                SELECT b.*, extract(year FROM b.opened_at AT TIME ZONE 'Europe/London')::int AS year,
                       coalesce(b.closed_at,
                                greatest(b.opened_at, %(now)s::timestamptz - b.r_upd * interval '40 days')) AS updated_at,
                       (1 + mod(b.i * 37, 180))::text || ' ' || (%(streets)s::text[])[1 + mod(b.i * 11, cardinality(%(streets)s::text[]))]
                           AS address,
                       b.districts[1 + mod(b.i, cardinality(b.districts))] || ' ' || mod(b.i * 7, 10)::text
                           || substr('ABDEFGHJLNPQRSTUWXYZ', 1 + mod(b.i * 13, 20)::int, 1)
                           || substr('ABDEFGHJLNPQRSTUWXYZ', 1 + mod(b.i / 20 * 17, 20)::int, 1) AS postcode,
                       (%(wards)s::text[])[1 + mod(b.i * 5, cardinality(%(wards)s::text[]))] AS ward
                FROM bench_case b
            ) c
            JOIN bench_officer o ON o.agency_id = c.lead_agency_id AND o.n = c.officer_n
            ORDER BY c.i;
            INSERT INTO cases_casereferencecounter (year, last_number)
                SELECT substr(reference, 5, 4)::int, max(substr(reference, 10)::int) FROM cases_case GROUP BY 1;
            -- A restricted case is shared with one more named officer of the lead agency.
            INSERT INTO cases_case_restricted_to (case_id, officer_id)
                SELECT c.id, o.id FROM cases_case c JOIN bench_agency a ON a.id = c.lead_agency_id
                JOIN bench_officer o ON o.agency_id = c.lead_agency_id AND o.n = 1 + mod(c.id, a.officers)
                WHERE c.restricted AND o.id <> c.lead_officer_id;
            """,
            params,
        )
        step(
            "involved agencies",
            """
            INSERT INTO cases_caseagency (case_id, agency_id, added_at, added_by_id)
            SELECT b.i,
                   CASE WHEN b.lead_agency_id = %(police)s THEN b.council_id
                        WHEN b.lead_agency_id = b.council_id THEN
                            CASE WHEN b.r_inv < 0.4 THEN %(police)s ELSE %(county)s END
                        WHEN b.r_inv < 0.5 THEN %(police)s
                        ELSE b.council_id END,
                   c.opened_at + interval '1 hour', c.lead_officer_id
            FROM bench_case b JOIN cases_case c ON c.id = b.i
            ORDER BY b.i;
            INSERT INTO cases_caseagency (case_id, agency_id, added_at, added_by_id)
            SELECT c.id, (%(all_agencies)s::bigint[])[1 + floor(b.r_inv2 * 2 * cardinality(%(all_agencies)s::bigint[]))::int],
                   c.opened_at + interval '3 days', c.lead_officer_id
            FROM bench_case b JOIN cases_case c ON c.id = b.i
            WHERE b.r_inv2 < 0.5
              AND (%(all_agencies)s::bigint[])[1 + floor(b.r_inv2 * 2 * cardinality(%(all_agencies)s::bigint[]))::int]
                  <> c.lead_agency_id
            ON CONFLICT (case_id, agency_id) DO NOTHING;
            """,
            params,
        )
        # The rows case_grant_access writes: lead agency group view/contribute/change, involved agency groups
        # view/contribute; restricted cases grant nothing to groups, only to the lead officer and named
        # officers; the JAG chair gets view/contribute unless already granted more.
        step(
            "object permissions",
            """
            INSERT INTO cases_casegroupobjectpermission (content_object_id, group_id, permission_id)
            SELECT c.id, a.group_id, p.permission_id
            FROM cases_case c JOIN agencies_agency a ON a.id = c.lead_agency_id
            CROSS JOIN unnest(ARRAY[%(view)s, %(contribute)s, %(change)s]::int[]) AS p(permission_id)
            WHERE NOT c.restricted
            UNION ALL
            SELECT c.id, a.group_id, p.permission_id
            FROM cases_caseagency ca JOIN cases_case c ON c.id = ca.case_id JOIN agencies_agency a ON a.id = ca.agency_id
            CROSS JOIN unnest(ARRAY[%(view)s, %(contribute)s]::int[]) AS p(permission_id)
            WHERE NOT c.restricted AND ca.agency_id <> c.lead_agency_id
            ORDER BY 1;
            INSERT INTO cases_caseuserobjectpermission (content_object_id, user_id, permission_id)
            WITH grants AS (
                SELECT c.id AS case_id, c.lead_officer_id AS user_id, true AS lead, 1 AS priority
                FROM cases_case c WHERE c.restricted
                UNION ALL
                SELECT rt.case_id, rt.officer_id, o.agency_id = c.lead_agency_id, 2
                FROM cases_case_restricted_to rt JOIN cases_case c ON c.id = rt.case_id
                JOIN agencies_officer o ON o.id = rt.officer_id WHERE c.restricted
                UNION ALL
                SELECT c.id, j.chair_id, false, 3
                FROM cases_case c JOIN jag_jag j ON j.id = c.jag_id WHERE j.chair_id IS NOT NULL
            ), chosen AS (
                SELECT DISTINCT ON (case_id, user_id) case_id, user_id, lead
                FROM grants ORDER BY case_id, user_id, priority
            )
            SELECT g.case_id, g.user_id, p.permission_id
            FROM chosen g CROSS JOIN LATERAL unnest(
                CASE WHEN g.lead THEN ARRAY[%(view)s, %(contribute)s, %(change)s]::int[]
                     ELSE ARRAY[%(view)s, %(contribute)s]::int[] END) AS p(permission_id)
            ORDER BY 1;
            """,
            params,
        )
        step(
            "people",
            """
            INSERT INTO cases_person (id, first_name, last_name, date_of_birth, address, postcode, telephone, email,
                                      notes, search_name, created_at, created_by_id)
            SELECT i, fn, ln, dob, addr, pc, '', '', '', lower(fn || ' ' || ln), created_at, created_by
            FROM (
                SELECT i,
                       (%(first_names)s::text[])[1 + floor(random() * cardinality(%(first_names)s::text[]))::int] AS fn,
                       (%(last_names)s::text[])[1 + floor(power(random(), 1.25) * cardinality(%(last_names)s::text[]))::int]
                           AS ln,
                       CASE WHEN random() < 0.07 THEN NULL
                            ELSE date '1938-01-01' + floor(random() * 365 * 70)::int END AS dob,
                       (1 + floor(random() * 200)::int)::text || ' '
                           || (%(streets)s::text[])[1 + floor(random() * cardinality(%(streets)s::text[]))::int] AS addr,
                       'LE' || (1 + floor(random() * 19)::int)::text || ' ' || floor(random() * 10)::int::text
                           || substr('ABDEFGHJLNPQRSTUWXYZ', 1 + floor(random() * 20)::int, 1)
                           || substr('ABDEFGHJLNPQRSTUWXYZ', 1 + floor(random() * 20)::int, 1) AS pc,
                       %(now)s::timestamptz - interval '7 years' * ((%(n_people)s - i)::float8 / %(n_people)s) AS created_at,
                       (%(officers)s::bigint[])[1 + floor(random() * cardinality(%(officers)s::bigint[]))::int] AS created_by
                FROM generate_series(1, %(n_people)s) AS i
            ) s;
            """,
            params,
        )
        # Every person is on at least one case: person r is the complainant of case r and person n_cases + r
        # its alleged perpetrator. Then repeat people (every tenth person) and a few prolific ones appear on
        # further cases, so a person page lists several or dozens of cases.
        step(
            "case people",
            """
            INSERT INTO cases_caseperson (case_id, person_id, role, added_at, added_by_id)
            SELECT s.case_id, s.person_id, s.role, c.opened_at + interval '2 hours', c.lead_officer_id
            FROM (
                SELECT 1 + mod(r - 1, %(n_cases)s) AS case_id, r AS person_id,
                       CASE WHEN r <= %(n_cases)s THEN 'complainant'
                            WHEN r <= 2 * %(n_cases)s THEN 'perpetrator' ELSE 'witness' END AS role
                FROM generate_series(1, %(n_people)s) AS r
                UNION ALL
                SELECT 1 + floor(random() * %(n_cases)s)::int,
                       CASE WHEN random() < 0.9 THEN 1 + 10 * floor(random() * %(n_repeat)s)::int
                            ELSE 1 + 997 * floor(random() * %(n_prolific)s)::int END,
                       (ARRAY['complainant', 'perpetrator', 'perpetrator', 'witness', 'other'])[1 + floor(random() * 5)::int]
                FROM generate_series(1, %(n_extra)s)
            ) s JOIN cases_case c ON c.id = s.case_id
            WHERE s.person_id <= %(n_people)s
            ORDER BY s.case_id
            ON CONFLICT (case_id, person_id, role) DO NOTHING;
            """,
            {**params, "n_repeat": n_repeat_people, "n_prolific": n_prolific, "n_extra": n_extra_roles},
        )
        step(
            "incidents",
            """
            INSERT INTO cases_incident (case_id, occurred_at, reported_at, reported_to_id, description, hate_incident,
                                        recorded_by_id, recorded_at)
            SELECT c.id, s.occurred_at, s.occurred_at + s.r_delay * interval '48 hours',
                   CASE WHEN s.r_to < 0.6 THEN %(police)s ELSE c.lead_agency_id END,
                   (%(incident_phrases)s::text[])[1 + floor(s.r_text * cardinality(%(incident_phrases)s::text[]))::int],
                   c.hate_incident, c.lead_officer_id,
                   s.occurred_at + s.r_delay * interval '72 hours'
            FROM (
                SELECT 1 + floor(random() * %(n_cases)s)::int AS case_id, random() AS r_when, random() AS r_delay,
                       random() AS r_to, random() AS r_text
                FROM generate_series(1, %(n_incidents)s)
            ) s0
            JOIN cases_case c ON c.id = s0.case_id
            CROSS JOIN LATERAL (
                SELECT s0.*, c.opened_at - interval '10 days' + (c.updated_at - c.opened_at + interval '10 days') * s0.r_when
                    AS occurred_at
            ) s
            ORDER BY c.id;
            """,
            {**params, "n_incidents": n_incidents},
        )
        n_regular = n_chronology - n_big * big_entries - n_corrections
        step(
            "chronology",
            """
            INSERT INTO cases_chronologyentry (case_id, kind, occurred_at, agency_id, officer_id, text, recorded_at)
            SELECT c.id, s.kind, s.occurred_at,
                   CASE WHEN s.r_who < 0.6 THEN c.lead_agency_id ELSE (%(officer_agencies)s::bigint[])[s.k] END,
                   CASE WHEN s.r_who < 0.6 THEN c.lead_officer_id ELSE (%(officers)s::bigint[])[s.k] END,
                   s.text, s.occurred_at + s.r_rec * interval '6 hours'
            FROM (
                SELECT 1 + floor(random() * %(n_cases)s)::int AS case_id, random() AS r_when, random() AS r_who,
                       random() AS r_rec, 1 + floor(random() * cardinality(%(officers)s::bigint[]))::int AS k,
                       (%(entry_kinds)s::text[])[1 + floor(random() * cardinality(%(entry_kinds)s::text[]))::int] AS kind,
                       (%(entry_phrases)s::text[])[1 + floor(random() * cardinality(%(entry_phrases)s::text[]))::int]
                           || ' ' || (%(entry_phrases)s::text[])[1 + floor(random() * cardinality(%(entry_phrases)s::text[]))::int]
                           AS text
                FROM generate_series(1, %(n_regular)s)
                UNION ALL
                SELECT b.i, random(), random(), random(), 1 + floor(random() * cardinality(%(officers)s::bigint[]))::int,
                       (%(entry_kinds)s::text[])[1 + floor(random() * cardinality(%(entry_kinds)s::text[]))::int],
                       (%(entry_phrases)s::text[])[1 + floor(random() * cardinality(%(entry_phrases)s::text[]))::int]
                FROM bench_case b CROSS JOIN generate_series(1, %(big_entries)s)
                WHERE b.big
            ) s0
            JOIN cases_case c ON c.id = s0.case_id
            CROSS JOIN LATERAL (
                SELECT s0.*, c.opened_at + (c.updated_at - c.opened_at) * s0.r_when AS occurred_at
            ) s;
            """,
            {**params, "n_regular": n_regular, "big_entries": big_entries},
        )
        step(
            "chronology corrections",
            """
            INSERT INTO cases_chronologyentry (case_id, kind, occurred_at, agency_id, officer_id, text, corrects_id,
                                               recorded_at)
            SELECT e.case_id, 'correction', e.recorded_at + interval '1 day', e.agency_id, e.officer_id,
                   'Correction: the date of the visit was the day before; otherwise as recorded.', e.id,
                   e.recorded_at + interval '1 day'
            FROM cases_chronologyentry e
            WHERE e.kind NOT IN ('system', 'correction') AND mod(e.id, 97) = 0
            ORDER BY e.id
            LIMIT %(n_corrections)s;
            """,
            {"n_corrections": n_corrections},
        )
        step(
            "risk assessments",
            """
            INSERT INTO cases_riskassessment (case_id, victim_id, happened_before, reported_elsewhere, feels_targeted,
                                              household_vulnerable, children_involved, calculated_band, band,
                                              override_reason, review_days, next_review_date, assessed_by_id,
                                              assessed_at)
            SELECT a.case_id, a.victim_id, a.hb, a.re, a.ft, a.hv, a.ci, a.calculated, a.band,
                   CASE WHEN a.band <> a.calculated
                        THEN 'Officer judgement after speaking to the victim and partners.' ELSE '' END,
                   a.days, a.next_review, a.assessed_by, a.assessed_at
            FROM (
                SELECT s.*,
                       CASE WHEN s.score >= 4 THEN 'high' WHEN s.score >= 2 THEN 'medium' ELSE 'standard' END
                           AS calculated
                FROM (
                    SELECT x.*, x.hb::int + x.re::int + x.ft::int + 2 * x.hv::int + x.ci::int AS score
                    FROM (
                        SELECT c.id AS case_id, CASE WHEN c.id <= %(n_people)s THEN c.id END AS victim_id,
                               c.risk_band AS band, c.lead_officer_id AS assessed_by,
                               CASE c.risk_band WHEN 'high' THEN 14 WHEN 'medium' THEN 28 ELSE 56 END AS days,
                               coalesce(c.next_review_date, (c.updated_at AT TIME ZONE 'Europe/London')::date + 56)
                                   AS next_review,
                               c.updated_at - interval '20 days' * random() AS assessed_at,
                               random() < pb.p AS hb, random() < pb.p AS re, random() < pb.p AS ft,
                               random() < pb.p AS hv, random() < pb.p AS ci
                        FROM cases_case c
                        JOIN (VALUES ('high', 0.85), ('medium', 0.3), ('standard', 0.08)) AS pb(band, p)
                            ON pb.band = c.risk_band
                    ) x
                ) s
            ) a
            ORDER BY a.case_id;
            """,
            params,
        )
        step(
            "identity sequences",
            """
            SELECT setval(pg_get_serial_sequence('cases_case', 'id'), (SELECT max(id) FROM cases_case));
            SELECT setval(pg_get_serial_sequence('cases_person', 'id'), (SELECT max(id) FROM cases_person));
            """,
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (generated_at timestamptz, seconds float8, counts jsonb)"
            )
        commit_started = time.perf_counter()
    # The foreign keys are deferred, so PostgreSQL checks every inserted row's references at commit.
    timings["commit (foreign key checks)"] = time.perf_counter() - commit_started
    log(f"  {'commit (foreign key checks)':<28} {timings['commit (foreign key checks)']:6.1f} s")

    # VACUUM as well as ANALYZE: a freshly loaded table has no visibility map, so the index-only scans
    # production gets (autovacuum keeps the map) would otherwise be heap lookups.
    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    timings["vacuum analyze"] = time.perf_counter() - t
    log(f"  {'vacuum analyze':<28} {timings['vacuum analyze']:6.1f} s")

    counts = row_counts()
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {MARKER_TABLE} VALUES (%s, %s, %s)", [clock.now(), seconds, json.dumps(counts)])
    return {"seconds": seconds, "counts": counts, "timings": timings}


COUNTED_TABLES = [
    ("agencies", "agencies_agency"),
    ("officers", "agencies_officer"),
    ("officer group memberships", "agencies_officer_groups"),
    ("JAGs", "jag_jag"),
    ("cases", "cases_case"),
    ("involved agencies", "cases_caseagency"),
    ("group object permissions", "cases_casegroupobjectpermission"),
    ("user object permissions", "cases_caseuserobjectpermission"),
    ("people", "cases_person"),
    ("case people", "cases_caseperson"),
    ("incidents", "cases_incident"),
    ("chronology entries", "cases_chronologyentry"),
    ("risk assessments", "cases_riskassessment"),
]


def row_counts() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        counts = {}
        for label, table in COUNTED_TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[label] = cursor.fetchone()[0]
    return counts


def already_generated() -> dict | None:
    """The marker generate() leaves behind: when, how long it took and the counts; None if not generated."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER_TABLE])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT generated_at, seconds, counts FROM {MARKER_TABLE} ORDER BY generated_at DESC LIMIT 1")
        row = cursor.fetchone()
    if row is None:
        return None
    # Django reads jsonb back as text (it parses JSON in the field, not the driver).
    counts = json.loads(row[2]) if isinstance(row[2], str) else row[2]
    return {"generated_at": row[0], "seconds": row[1], "counts": counts}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full data set (default 1)")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to an empty, migrated PostgreSQL database")
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    result = generate(scale=args.scale)
    print(f"Generated in {result['seconds']:.1f} s")
    for label, count in result["counts"].items():
        print(f"  {label:<28} {count:>10,}")


if __name__ == "__main__":
    main()
