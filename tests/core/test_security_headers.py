"""Content-Security-Policy and Permissions-Policy on every response: every page of the access matrix as every
visitor, every page without an object, refusals and the admin; and no inline script or style in any template a
browser receives (the policy would block it)."""

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import OfficerFactory
from tests.second_factor import verified_client
from tests.test_access_matrix import (  # noqa: F401  (fixtures)
    VISITORS,
    case_file,
    clients,
    commander,
    object_patterns,
    reviewer,
    url_for,
)

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
WANTED_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
DENIED_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb")
INLINE = {
    # Data for scripts (json_script) is not run, so the policy allows it.
    "inline script": re.compile(r"<script\b(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", re.IGNORECASE),
    "style attribute": re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "event handler attribute": re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def policy(header: str) -> dict[str, str]:
    directives = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {directive[0]: directive[1] if len(directive) > 1 else "" for directive in directives}


def header_problems(response) -> list[str]:
    """What is wrong with the response's security headers (nothing: an empty list)."""
    problems = []
    csp = response.get("Content-Security-Policy")
    if csp is None:
        return ["no Content-Security-Policy"]
    directives = policy(csp)
    for directive, value in WANTED_DIRECTIVES.items():
        if directives.get(directive) != value:
            problems.append(f"{directive} is {directives.get(directive)!r}, not {value!r}")
    if "unsafe" in csp:
        problems.append(f"unsafe source in {csp!r}")
    permissions = response.get("Permissions-Policy", "")
    if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
        html = response.content.decode()
        for what, pattern in INLINE.items():
            problems.extend(f"{what} in the page: {match[:80]}" for match in pattern.findall(html))
    for feature in DENIED_FEATURES:
        if f"{feature}=()" not in permissions:
            problems.append(f"Permissions-Policy does not deny {feature}: {permissions!r}")
    return problems


def fetch(client, url):
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


@pytest.mark.django_db
def test_every_page_of_the_access_matrix_carries_the_headers(case_file, clients):  # noqa: F811
    patterns = object_patterns()
    statuses, problems = set(), {}

    for name, kwargs in sorted(patterns.items()):
        url = url_for(name, kwargs, case_file)
        for visitor in VISITORS:
            response = fetch(clients[visitor], url)
            statuses.add(response.status_code)
            if wrong := header_problems(response):
                problems[name, visitor, response.status_code] = wrong

    assert problems == {}
    # Pages, redirects, refusals and "not found" were all among them.
    assert {200, 302, 403, 404} <= statuses


def pages_without_objects(resolver=None, prefix="", namespace="") -> list[str]:
    """Every named URL that takes no argument (the admin and static files apart)."""
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(("admin/", "static/")):
            continue
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found.extend(pages_without_objects(entry, route, inner))
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.regex.groupindex:
            found.append(namespace + entry.name)
    return found


@pytest.mark.django_db
def test_every_page_without_an_object_carries_the_headers(lead_officer_client, manager_client, anonymous_client):
    names = pages_without_objects()
    assert {"login", "cases:list", "cases:my_cases", "dashboard:index"} <= set(names)
    problems = {}

    for name in names:
        for who, client in (
            ("lead", lead_officer_client),
            ("manager", manager_client),
            ("anonymous", anonymous_client),
        ):
            response = fetch(client, reverse(name))
            if wrong := header_problems(response):
                problems[name, who, response.status_code] = wrong

    assert problems == {}


@pytest.mark.django_db
def test_errors_and_the_admin_carry_the_headers(lead_officer_client):
    admin = OfficerFactory(agency=None, is_superuser=True, is_staff=True)
    client = verified_client(admin)
    responses = {
        "not found": lead_officer_client.get("/no-such-page/"),
        "admin index": client.get(reverse("admin:index")),
        "admin audit trail": client.get(reverse("admin:agencies_auditevent_changelist")),
        "admin periodic task form": client.get(reverse("admin:django_celery_beat_periodictask_add")),
        "sign out by GET": lead_officer_client.get(reverse("logout")),
    }

    assert {name: response.status_code for name, response in responses.items()} == {
        "not found": 404,
        "admin index": 200,
        "admin audit trail": 200,
        "admin periodic task form": 200,
        "sign out by GET": 405,
    }
    assert {name: header_problems(response) for name, response in responses.items()} == {name: [] for name in responses}


def test_no_template_a_browser_receives_has_inline_script_or_style():
    """templates/pdf/ is laid out by WeasyPrint and never reaches a browser; everything else does."""
    found = []
    templates = [path for path in TEMPLATES.rglob("*.html") if "pdf" not in path.relative_to(TEMPLATES).parts]
    assert len(templates) > 50

    for path in templates:
        text = path.read_text()
        for what, pattern in INLINE.items():
            for match in pattern.finditer(text):
                found.append(f"{path.relative_to(TEMPLATES)}: {what}: {match.group(0)[:80]}")

    assert found == []


def test_the_scan_finds_what_the_policy_blocks():
    found = {
        markup: [what for what, pattern in INLINE.items() if pattern.search(markup)]
        for markup in (
            '<script type="module" src="/static/js/govuk-init.js"></script>',
            '<script id="data" type="application/json">{"a": 1}</script>',
            "<script>alert(1)</script>",
            '<svg class="app-bar-chart" style="max-width: 640px">',
            '<button onclick="go()">',
        )
    }

    assert list(found.values()) == [[], [], ["inline script"], ["style attribute"], ["event handler attribute"]]
