"""The back link of the case and person pages: back to the page the officer came from.

The page that links to a case or a person passes its own path and query (its filters, its page number) as
`back`. Only a path on this site that names one of its pages is followed; anything else (another host, a scheme,
a path that is no page) falls back to My cases, so the parameter cannot send an officer off the site.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from django.http import HttpRequest
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme

# What the link says for each page it may lead back to; a page not named here gets a plain "Back".
BACK_TEXT = {
    "cases:my_cases": "Back to my cases",
    "cases:list": "Back to all cases",
    "cases:person": "Back to the person",
    "meetings:detail": "Back to the meeting",
    "meetings:decision": "Back to the agenda item",
    "meetings:list": "Back to JAG meetings",
    "dashboard:index": "Back to the dashboard",
    "incremental:my_tasks": "Back to my tasks",
    "notifications:list": "Back to notifications",
    "search:results": "Back to search results",
    "victims:detail": "Back to the victim",
}


# The sections of the case page (cases/sections.py): a link back to any of them says "Back to case ...".
CASE_SECTION_VIEWS = frozenset(
    {
        "cases:detail",
        "cases:people",
        "cases:incidents",
        "cases:chronology",
        "cases:risk_and_plan",
        "cases:documents",
        "cases:interventions",
        "cases:jag",
        "cases:cessation",
    }
)


@dataclass(frozen=True)
class BackLink:
    url: str
    text: str
    # Whether the link came from the page's `back` parameter (rather than the fallback to My cases).
    given: bool = False


def back_link(request: HttpRequest) -> BackLink:
    candidate = request.GET.get("back", "")
    if (
        candidate.startswith("/")
        and not candidate.startswith("//")
        and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()})
    ):
        parts = urlsplit(candidate)
        try:
            match = resolve(parts.path)
        except Resolver404:
            match = None
        if match is not None and not parts.scheme and not parts.netloc:
            if match.view_name in CASE_SECTION_VIEWS:
                return BackLink(candidate, f"Back to case {match.kwargs['reference']}", given=True)
            return BackLink(candidate, BACK_TEXT.get(match.view_name, "Back"), given=True)
    return BackLink(reverse("cases:my_cases"), BACK_TEXT["cases:my_cases"])


def carried_back(back: BackLink) -> str:
    """The query string that keeps the same back link on the next page (from one section of a case to another)."""
    return "?back=" + quote(back.url, safe="/") if back.given else ""


def back_query(request: HttpRequest) -> str:
    """The query string that brings an officer back to this page from the page a link of it opens."""
    return "?back=" + quote(request.get_full_path(), safe="/")
