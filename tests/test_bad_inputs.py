"""Bad input to every form of the service: never a server error, never a partial write.

The URL conf is walked, not listed by hand: every URL that does not answer 405 to a POST must have a row in FORMS
saying who posts to it (a role that may use it, on the objects of the access matrix's case file), or be in
IGNORES_POSTS; a new view that takes a POST and has neither fails `test_every_url_taking_a_post_is_covered`.

Each form is first posted as the page gives it (its fields read from the page, filled with the access matrix's
valid submission where there is one), and then many times with that submission spoiled, one way at a time, by a
seeded generator: over-long strings, NUL bytes, odd unicode and unicode digits, far and impossible dates, wrong
choices, negative and huge numbers, other objects' ids (of a case the officer cannot see), missing, repeated and
unknown fields, and bodies in the wrong character set or none that parses. Each submission runs in a savepoint rolled
back afterwards, so every one starts from the same record; where the answer is an error, the rows of every table
of the case file, the audit trail and the once-only tokens are counted before and after.
"""

import copy
import html
import os
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.template.base import Template
from django.urls import reverse

from agencies.models import AuditAction, AuditEvent, FormSubmission
from cases import services
from cases.models import EntryKind, PersonRole
from core import clock
from tests import test_access_matrix as matrix
from tests.factories import CaseFactory, OfficerFactory
from tests.urlconf import named_routes

pytestmark = pytest.mark.django_db

# The access matrix's case file with one of everything, its visitors, and the objects' URLs.
case_file = matrix.case_file
clients = matrix.clients
reviewer = matrix.reviewer
commander = matrix.commander
url_for = matrix.url_for
PDF_BYTES = matrix.PDF_BYTES

SEED = int(os.environ.get("ASB_BAD_INPUT_SEED", "20261205"))
# At least this many bad inputs in all, each form its share (`Form.weight`); a submission carries one to three.
TOTAL_INPUTS = 10_000
# The processor time of the whole run in this process (the server side of every request; PostgreSQL's own time
# is not in it); above this the test fails rather than creep.
TIME_BUDGET_SECONDS = 300


@dataclass(frozen=True)
class Form:
    """Who posts to the URL, and how many of the inputs it gets relative to the others."""

    role: str = "lead"
    weight: float = 1.0
    # The fields the access matrix's valid submission gives, or these when it has none.
    valid: dict = field(default_factory=dict)
    # Tables a refused submission writes to on purpose (a failed sign-in is recorded in the audit trail).
    records: frozenset[str] = frozenset()


# Keyed by URL name. The role is one that may use the form on case_file's objects.
FORMS: dict[str, Form] = {
    "login": Form(role="anonymous", records=frozenset({"agencies_auditevent"})),
    "logout": Form(weight=0.2),
    "notifications:list": Form(weight=0.3),
    "cases:open": Form(),
    "cases:edit": Form(),
    "cases:status": Form(),
    "cases:agencies": Form(),
    "cases:person_add": Form(),
    "cases:unknown_add": Form(),
    "cases:person_edit": Form(),
    "cases:alias_add": Form(),
    "cases:person_merge": Form(weight=0.5),
    "cases:person_identify": Form(weight=0.5),
    "cases:merge": Form(role="verified", weight=0.3),
    "cases:incident_add": Form(),
    "cases:chronology_add": Form(),
    "cases:chronology_correct": Form(),
    "cases:risk": Form(),
    "cases:plan": Form(),
    "cases:document_upload": Form(),
    "jag_management:refer": Form(),
    "jag_management:take_off": Form(role="chair"),
    "jag_management:transfer": Form(role="chair"),
    "meetings:schedule": Form(role="chair"),
    "meetings:generate": Form(weight=0.2),
    "meetings:agenda_add": Form(),
    "meetings:attendance": Form(role="chair"),
    "meetings:decision": Form(role="chair", weight=0.5),
    "meetings:held": Form(role="chair", weight=0.2),
    "meetings:action_done": Form(),
    "case_reviews:create": Form(),
    "case_reviews:decision": Form(),
    "case_reviews:review": Form(),
    "case_reviews:appeal": Form(),
    "closure:victim": Form(),
    # Renders the closing letter as a PDF when it succeeds: fewer inputs.
    "closure:letter": Form(weight=0.05),
    "victims:contact_plan": Form(),
    "victims:contact_add": Form(),
    "victims:assess": Form(),
    "exploitation:person_set": Form(),
    "exploitation:person_remove": Form(),
    "exploitation:case_set": Form(),
    "exploitation:case_remove": Form(),
    "incremental:fixed_penalty_issue": Form(),
    "incremental:fixed_penalty_outcome": Form(),
    "incremental:immediate_justice_refer": Form(),
    "incremental:immediate_justice_start": Form(),
    "support:create": Form(),
    "support:response": Form(),
    "support:engaged": Form(),
    "support:outcome": Form(),
    "support:follow_up": Form(),
    "support:iom_create": Form(),
    "support:iom_decision": Form(),
    "case_reviews:pcc_review": Form(),
    "case_reviews:action_add": Form(),
    "case_reviews:action_done": Form(),
    "case_reviews:explain": Form(),
    "incremental:intervention_issue": Form(weight=0.5),
    "incremental:intervention_event": Form(),
    # Renders a letter as a PDF when it succeeds: fewer inputs.
    "incremental:letter_generate": Form(weight=0.05),
    "incremental:reminder_done": Form(weight=0.3),
    "orders:service_new": Form(),
    "orders:term_new": Form(),
    "orders:supervisor_update_new": Form(),
    "orders:term_vary": Form(),
    "orders:term_discharge": Form(),
    "orders:breach_action": Form(),
    "orders:risk_assessment_new": Form(),
    # Shows the collated summary of the whole record with the form: fewer inputs.
    "cessation:propose": Form(weight=0.1),
    "cessation:withdraw": Form(),
    "cessation:meeting": Form(),
    "cessation:peer_review_request": Form(role="chair"),
    "cessation:written_decision": Form(
        role="chair", weight=0.5, valid={"outcome": "close", "rationale": "With the peer review: close."}
    ),
    # A signature refused for a wrong password is kept in the audit trail, like a failed sign-in.
    "cessation:sign": Form(role="chair", weight=0.5, records=frozenset({"agencies_auditevent"})),
    "cessation:new_version": Form(role="chair", weight=0.5, records=frozenset({"agencies_auditevent"})),
    "cessation:letter_new": Form(),
    "cessation:visit": Form(),
    "cessation:further_report_new": Form(),
    "cessation:further_report_review": Form(role="commander"),
    "cessation:further_letter": Form(role="commander"),
    "cessation:review_answer": Form(role="reviewer"),
    "cessation:case_review_pack": Form(weight=0.2),
    "cessation:review_pack": Form(role="reviewer", weight=0.2),
    "cessation:further_report_pack": Form(weight=0.2),
    # Signing in and the session: a wrong code is kept in the audit trail, like a failed sign-in.
    "security:code": Form(role="half", weight=0.3, records=frozenset({"agencies_auditevent"})),
    "security:recovery_code": Form(role="half", weight=0.3, records=frozenset({"agencies_auditevent"})),
    "security:set_up": Form(role="new", weight=0.3, records=frozenset({"agencies_auditevent"})),
    "security:recovery_codes_new": Form(role="verified", weight=0.1),
    "security:password_change": Form(weight=0.2),
    "security:password_reset": Form(role="anonymous", weight=0.2),
    "security:password_reset_confirm": Form(role="anonymous", weight=0.2),
    "security:session": Form(weight=0.1),
}

# Pages that take a POST as a GET (they change nothing): a few bad bodies each, for the same two promises.
IGNORES_POSTS = {
    "home",
    "account",
    "cases:my_cases",
    "cases:list",
    "cases:detail",
    "cases:chronology",
    "cases:people",
    "cases:incidents",
    "cases:risk_and_plan",
    "cases:documents",
    "cases:interventions",
    "cases:jag",
    "cases:cessation",
    "cases:plan_version",
    "cases:person",
    "cases:merges",
    "meetings:list",
    "meetings:detail",
    "case_reviews:detail",
    "cases:victims",
    "victims:detail",
    "support:detail",
    "support:iom_detail",
    "case_reviews:action",
    "case_reviews:leaflet",
    "case_reviews:figures",
    "case_reviews:figures_csv",
    "incremental:intervention_detail",
    "incremental:my_tasks",
    "cessation:queue",
    "cessation:summary",
    "cessation:proposal",
    "cessation:review",
    "cessation:further_report",
}
IGNORED_POST_INPUTS = 3
IGNORED_POST_ROLES = {
    "cases:merges": "verified",
    "dashboard:index": "manager",
    "dashboard:export": "manager",
    "dashboard:victims": "manager",
    "incremental:consistency_report": "manager",
    "incremental:consistency_report_csv": "manager",
    "cessation:queue": "chair",
    "cessation:review": "reviewer",
    "cessation:review_proposal_pdf": "reviewer",
    "cessation:review_appendix_a": "reviewer",
    "cessation:pack_job": "reviewer",
    "cessation:pack_job_status": "reviewer",
    "cessation:pack_download": "reviewer",
}
SLUGS = {
    "dashboard:export": {"table": "caseload"},
    "incremental:consistency_report_csv": {"table": "tiers"},
    "sso_start": {"slug": "no-such-provider"},
    # A link from a reset e-mail that is not (or no longer) good.
    "security:password_reset_confirm": {"uidb64": "MQ", "token": "c0ffee-0000000000000000000000000000"},
}


# --- The URLs ---------------------------------------------------------------------------------------------------


def url_of(name: str, kwargs: frozenset[str], objects: dict) -> str:
    if name in SLUGS:
        return reverse(name, kwargs=SLUGS[name])
    if kwargs:
        return url_for(name, set(kwargs), objects)
    return reverse(name)


def role_for(name: str) -> str:
    if name in FORMS:
        return FORMS[name].role
    return IGNORED_POST_ROLES.get(name, "lead")


# --- The spoiling -----------------------------------------------------------------------------------------------

LONG = ["x" * 256, "ä" * 256, "y" * 10_000, "Ward " * 2_000]
ODD_TEXT = [
    "\x00",
    "a\x00b",
    "\x00" * 300,
    "\u202eevil",
    "e\u0301\u0301\u0301",
    "👪" * 60,
    "\ufeff",
    "\u200b",
    "<script>alert(1)</script>",
    "'; DROP TABLE cases_case; --",
    "%00",
    "\r\n\r\n",
    "\t",
    " ",
    "",
    "null",
    "None",
    "[]",
    "{}",
    "true",
]
UNICODE_DIGITS = ["²", "①", "٣", "１２", "𝟗", "Ⅻ", "٣٢١", "²³", "¼", "༣", "߃"]
NUMBERS = ["-1", "0", "-9999999999", "9" * 30, "9223372036854775808", "1e308", "NaN", "inf", "1.5", "0x10", " 7 ", "+3"]
DAYS = [
    ("0", "0", "0"),
    ("31", "2", "2024"),
    ("29", "2", "2023"),
    ("1", "1", "9999"),
    ("31", "12", "9999"),
    ("1", "1", "0"),
    ("1", "1", "1"),
    ("1", "13", "2024"),
    ("-1", "1", "2024"),
    ("1", "1", "99999999999999999999"),
    ("٣", "٣", "٢٠٢٤"),
    ("²", "1", "2024"),
    ("1", "1", "10000"),
    ("", "2", "2024"),
    ("x", "y", "z"),
]
TIMES = ["24:00", "23:60", "²³:00", "12:00:00", "-1:00", "9" * 20, "12.30", "noon", "٢:٣٠"]
PICKS = [LONG, ODD_TEXT, UNICODE_DIGITS, NUMBERS, TIMES]
# The share of submissions whose whole body is wrong (a charset, a multipart that does not parse, too many fields).
RAW_BODIES = 0.12


class Spoiler:
    """Spoils a valid submission one way at a time, from a seeded generator."""

    def __init__(self, rng: random.Random, foreign_ids: list[int]):
        self.rng = rng
        self.foreign_ids = foreign_ids

    def bad_value(self) -> str:
        pick = self.rng.random()
        if pick < 0.15:
            return str(self.rng.choice(self.foreign_ids))
        if pick < 0.2:
            return self.rng.choice(ODD_TEXT) + self.rng.choice(UNICODE_DIGITS)
        return self.rng.choice(self.rng.choice(PICKS))

    def spoil(self, data: dict) -> tuple[list[str], dict | tuple[bytes, str]]:
        """The bad inputs put in, and the submission: a dict of fields with one to three of them spoiled (each
        field's value is checked whatever the others hold), or a raw body and its content type."""
        if self.rng.random() < RAW_BODIES:
            how, body = self.raw_body(data)
            return [how], body
        ways = []
        for _ in range(self.rng.choice((1, 2, 3))):
            how, data = self.spoil_fields(data)
            ways.append(how)
        return ways, data

    def spoil_fields(self, data: dict) -> tuple[str, dict]:
        data = dict(data)
        names = sorted(name for name in data if name != "submission_token")
        dates = sorted({name[:-2] for name in names if re.search(r"_[012]$", name)})
        way = self.rng.random()
        if names and way < 0.45:
            name = self.rng.choice(names)
            data[name] = self.bad_value()
            return f"bad value in {name}", data
        if dates and way < 0.6:
            prefix = self.rng.choice(dates)
            for part, value in zip("012", self.rng.choice(DAYS), strict=True):
                data[f"{prefix}_{part}"] = value
            return f"bad date in {prefix}", data
        if names and way < 0.7:
            name = self.rng.choice(names)
            del data[name]
            return f"missing {name}", data
        if names and way < 0.8:
            name = self.rng.choice(names)
            data[name] = [data[name], self.bad_value()] if not isinstance(data[name], list) else data[name] * 2
            return f"repeated {name}", data
        if way < 0.85:
            data[self.rng.choice(["unknown", "version", "pk", "case", "officer", "agency", "\x00", "²"])] = (
                self.bad_value()
            )
            return "unknown field", data
        if way < 0.9:
            data["submission_token"] = self.rng.choice(["", "not-a-token", "0" * 36, "\x00", "٣" * 32])
            return "bad token", data
        name = self.rng.choice(names) if names else "text"
        data[name] = self.bad_value() + self.bad_value()
        return f"bad values in {name}", data

    def raw_body(self, data: dict) -> tuple[str, tuple[bytes, str]]:
        encoded = "&".join(f"{name}={value}" for name, value in data.items() if isinstance(value, str))
        choice = self.rng.randrange(7)
        if choice == 0:
            return "form in UTF-16", (encoded.encode("utf-16"), "application/x-www-form-urlencoded; charset=utf-16")
        if choice == 1:
            return "form in latin-1", (
                encoded.encode("latin-1", "replace") + b"&x=\xe9",
                "application/x-www-form-urlencoded; charset=latin-1",
            )
        if choice == 2:
            return "bytes that are not UTF-8", (
                b"text=\xff\xfe\xed\xa0\x80&" + encoded.encode(),
                "application/x-www-form-urlencoded",
            )
        if choice == 3:
            return "multipart without its boundary", (b"--x\r\n" + encoded.encode(), "multipart/form-data")
        if choice == 4:
            return "multipart cut short", (
                b'--b\r\nContent-Disposition: form-data; name="text"\r\n\r\nabc',
                "multipart/form-data; boundary=b",
            )
        if choice == 5:
            return "JSON", (b'{"text": "\\u0000"}', "application/json")
        return "too many fields", (
            "&".join(f"f{i}=1" for i in range(1100)).encode(),
            "application/x-www-form-urlencoded",
        )


# --- What the page gives --------------------------------------------------------------------------------------

INPUT = re.compile(r"<(input|textarea|select)\b([^>]*)>", re.S)
ATTRIBUTE = re.compile(r'\b(name|value|type|checked|selected)(?:="([^"]*)")?')
OPTION = re.compile(r'<option\b[^>]*value="([^"]*)"', re.S)


def page_fields(page: str) -> dict:
    """The fields of the page's first form that is not the sign-out button: name -> a value the page offers."""
    forms = [part for part in re.split(r"<form\b", page)[1:] if 'action="/sign-out/"' not in part.split(">", 1)[0]]
    if not forms:
        return {}
    body = forms[0].split("</form>", 1)[0]
    fields: dict[str, str] = {}
    for match in INPUT.finditer(body):
        tag, attributes = (
            match.group(1),
            dict((key, html.unescape(value or "")) for key, value in ATTRIBUTE.findall(match.group(2))),
        )
        name = attributes.get("name")
        if not name or name == "csrfmiddlewaretoken":
            continue
        if tag == "select":
            options = OPTION.findall(body[match.end() : body.find("</select>", match.end())])
            fields.setdefault(name, next((option for option in options if option), ""))
        elif attributes.get("type") in ("radio", "checkbox"):
            if name not in fields or "checked" in attributes:
                fields[name] = attributes.get("value", "on")
        elif attributes.get("type") != "file":
            fields.setdefault(name, attributes.get("value", ""))
    return fields


# --- Counting -----------------------------------------------------------------------------------------------


def counted_tables() -> list[str]:
    models = [
        *apps.get_app_config("cases").get_models(),
        *apps.get_app_config("incremental").get_models(),
        *apps.get_app_config("cessation").get_models(),
        *apps.get_app_config("orders").get_models(),
        *apps.get_app_config("jag").get_models(),
        *apps.get_app_config("agencies").get_models(),
        AuditEvent,
        FormSubmission,
    ]
    return sorted({model._meta.db_table for model in models})


class RowCounts:
    """Every counted table's rows, in one query. The audit trail's records of pages seen are left out: a form shown
    again with its errors may record that the case was seen, as any page of it does."""

    def __init__(self):
        self.tables = counted_tables()
        seen = f"action = '{AuditAction.VIEW.value}'"
        self.sql = "SELECT " + ", ".join(
            f"(SELECT count(*) FROM {connection.ops.quote_name(table)}"
            f"{' WHERE NOT ' + seen if table == AuditEvent._meta.db_table else ''})"
            for table in self.tables
        )

    def __call__(self) -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute(self.sql)
            return dict(zip(self.tables, cursor.fetchone(), strict=True))


# --- The objects ----------------------------------------------------------------------------------------------


@pytest.fixture
def foreign_ids(outsider_officer) -> list[int]:
    """Ids of objects on a case only the outsider's agency sees: a person, an entry, the case, the agency, the
    officer."""
    case = CaseFactory(lead_officer=outsider_officer)
    person = services.person_create(officer=outsider_officer, first_name="Hidden", last_name="Person")
    services.case_add_person(case=case, officer=outsider_officer, person=person, role=PersonRole.PERPETRATOR)
    entry = services.chronology_add(
        case=case, officer=outsider_officer, kind=EntryKind.NOTE, occurred_at=clock.now(), text="Hidden."
    )
    return [case.pk, person.pk, entry.pk, outsider_officer.pk, outsider_officer.agency_id]


@pytest.fixture
def all_clients(clients, manager_client) -> dict:
    """The access matrix's visitors, a manager, and administrators half signed in (password given, code owed) with an
    authenticator app and without one yet, and one who gave the code; each given the server error's answer rather
    than its exception."""
    from django.test import Client

    from tests.conftest import MODEL_BACKEND
    from tests.second_factor import authenticator_for, verified_client

    def half_signed_in(officer) -> Client:
        client = Client()
        client.force_login(officer, backend=MODEL_BACKEND)
        return client

    administrator = OfficerFactory(username="sys.admin", agency=None, is_staff=True, is_superuser=True)
    authenticator_for(administrator)
    newcomer = OfficerFactory(username="new.admin", agency=None, is_staff=True, is_superuser=True)
    everyone = {
        **clients,
        "manager": manager_client,
        "half": half_signed_in(administrator),
        "new": half_signed_in(newcomer),
        "verified": verified_client(administrator),
    }
    for client in everyone.values():
        client.raise_request_exception = False
    return everyone


def post(client, url: str, submission) -> object:
    if isinstance(submission, tuple):
        body, content_type = submission
        return client.generic("POST", url, body, content_type=content_type)
    return client.post(url, submission)


def answer(client, url: str, submission, counts: RowCounts) -> tuple[int, bool, dict | None]:
    """Post in a savepoint that is rolled back: the status, whether it was an error, the counts if it was.
    The client's cookies are kept as they were (signing in or out changes them)."""
    cookies = copy.deepcopy(client.cookies) if url in COOKIE_CHANGING else None
    with transaction.atomic():
        response = post(client, url, submission)
        status = response.status_code
        if response.streaming:
            b"".join(response.streaming_content)
        page = "" if response.streaming else response.content.decode(errors="replace")
        error = status >= 400 or (status == 200 and ("govuk-error-summary" in page or "There is a problem" in page))
        after = counts() if error else None
        transaction.set_rollback(True)
    if cookies is not None:
        client.cookies = cookies
    return status, error, after


# Signing in or out, giving the code and changing the password give the session a new key.
COOKIE_CHANGING = {
    "/sign-in/",
    "/sign-out/",
    "/sign-in/security-code/",
    "/sign-in/recovery-code/",
    "/sign-in/set-up-authenticator/",
    "/account/password/",
}


def _render(self, context):
    """Django's own Template._render, which the test environment wraps to copy each template's context for
    response.context: these tests never read it, and the copies cost a third of every request."""
    return self.nodelist.render(context)


@pytest.fixture
def uninstrumented_templates(monkeypatch):
    monkeypatch.setattr(Template, "_render", _render)


# --- The tests --------------------------------------------------------------------------------------------------


def taking_posts(objects: dict, all_clients: dict) -> dict[str, str]:
    """Every URL that does not answer 405 to a POST, by a visitor who may use it: name -> URL."""
    found = {}
    for name, route in sorted(named_routes().items()):
        url = url_of(name, route.kwargs, objects)
        client = all_clients[role_for(name)]
        cookies = copy.deepcopy(client.cookies)
        with transaction.atomic():
            response = post(client, url, {})
            if response.streaming:
                b"".join(response.streaming_content)
            transaction.set_rollback(True)
        # Signing out (or in) must not change who the next URL is probed by.
        client.cookies = cookies
        if response.status_code != 405:
            found[name] = url
    return found


def test_every_url_taking_a_post_is_covered(case_file, all_clients):
    names = set(taking_posts(case_file, all_clients))

    uncovered = sorted(names - set(FORMS) - IGNORES_POSTS)
    stale = sorted((set(FORMS) | IGNORES_POSTS) - names)

    assert uncovered == [], f"URLs that take a POST with no row in FORMS (say who posts to them): {uncovered}"
    assert stale == [], f"URLs in FORMS or IGNORES_POSTS that answer 405 to a POST: {stale}"
    assert not set(FORMS) & IGNORES_POSTS


def test_every_form_survives_bad_input(case_file, all_clients, foreign_ids, outsider_agency, uninstrumented_templates):
    started, processor = time.monotonic(), time.process_time()
    routes = named_routes()
    posts = matrix.valid_posts(case_file, outsider_agency)
    rng = random.Random(SEED)
    spoiler = Spoiler(rng, foreign_ids)
    counts = RowCounts()
    total_weight = sum(form.weight for form in FORMS.values())
    sent: Counter[str] = Counter()
    inputs: Counter[str] = Counter()
    server_errors, partial_writes = [], []

    spent: Counter[str] = Counter()

    def check(name: str, how: str | list[str], url: str, submission, before: dict) -> None:
        client = all_clients[role_for(name)]
        began = time.monotonic()
        status, error, after = answer(client, url, submission, counts)
        spent[name] += time.monotonic() - began
        sent[name] += 1
        inputs[name] += len(how) if isinstance(how, list) else 1
        if status >= 500:
            server_errors.append((name, how, status, str(submission)[:300]))
        elif error and after is not None:
            records = FORMS[name].records if name in FORMS else frozenset()
            changed = {
                table: (before[table], after[table])
                for table in before
                if after[table] != before[table] and table not in records
            }
            if changed:
                partial_writes.append((name, how, status, changed))

    for name in sorted(FORMS):
        form = FORMS[name]
        url = url_of(name, routes[name].kwargs, case_file)
        client = all_clients[form.role]
        page = client.get(url)
        offered = page_fields(page.content.decode()) if page.status_code == 200 and not page.streaming else {}
        # Showing a page may record that it was seen: counted from here.
        before = counts()
        valid = {**offered, **{k: str(v) for k, v in posts.get(name, form.valid).items() if k != "file"}}
        if name == "cases:document_upload":
            check(name, "a file that is not a document", url, {**valid, "file": _file(b"MZ" + b"\x00" * 100)}, before)
            check(name, "an empty file", url, {**valid, "file": _file(b"")}, before)
        check(name, "as given", url, valid, before)
        share = max(1, round(TOTAL_INPUTS * form.weight / total_weight))
        while inputs[name] < share:
            how, submission = spoiler.spoil(valid)
            if name == "cases:document_upload" and isinstance(submission, dict):
                submission = {**submission, "file": _file(PDF_BYTES)}
            check(name, how, url, submission, before)

    for name in sorted(IGNORES_POSTS):
        url = url_of(name, routes[name].kwargs, case_file)
        before = counts()
        for _ in range(IGNORED_POST_INPUTS):
            how, submission = spoiler.spoil({"page": "1", "q": "noise"})
            check(name, how, url, submission, before)

    elapsed, processor = time.monotonic() - started, time.process_time() - processor
    for name, seconds in spent.most_common():
        print(f"  {name}: {sent[name]} in {seconds:.1f} s, {1000 * seconds / sent[name]:.0f} ms each")
    for problem in partial_writes[:40]:
        print("partial write:", problem)
    for problem in server_errors[:40]:
        print("server error:", problem)
    print(
        f"bad inputs: {sum(inputs.values())} in {sum(sent.values())} submissions to {len(sent)} URLs"
        f" ({len(FORMS)} forms) in {elapsed:.0f} s, {processor:.0f} s of processor time (seed {SEED})"
    )
    assert server_errors == []
    assert partial_writes == []
    assert sum(inputs.values()) >= TOTAL_INPUTS
    assert set(sent) == set(FORMS) | IGNORES_POSTS
    assert processor < TIME_BUDGET_SECONDS


def _file(content: bytes):
    return SimpleUploadedFile("statement.pdf", content, content_type="application/pdf")
