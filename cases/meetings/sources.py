"""Agenda reasons that apps above this one supply (cessation proposals awaiting a JAG decision), and where an agenda
item put there for such a reason links to. Registered in the supplying app's AppConfig.ready(), so this app never
imports them."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models

from jag.models import Meeting

from ..models import AgendaItem, Case

# Takes the meeting and the open cases its JAG manages, and returns the ids of those to discuss.
AgendaSource = Callable[[Meeting, models.QuerySet[Case]], Iterable[int]]
# Takes the case and its agenda item, and returns the URL of the page about the reason at that meeting ("" if none).
AgendaLink = Callable[[Case, AgendaItem], str]


@dataclass(frozen=True)
class ReasonLink:
    url: str
    text: str


_sources: dict[str, AgendaSource] = {}
_links: dict[str, tuple[AgendaLink, str]] = {}


def register_agenda_source(reason: str, source: AgendaSource, *, link: AgendaLink | None = None, text: str = ""):
    """Cases `source` finds go onto the agenda for `reason`; an item there for it links to `link(case, item)`, named
    `text`, on the meeting page and the case page."""
    _sources[reason] = source
    if link is not None:
        _links[reason] = (link, text)


def agenda_sources() -> dict[str, AgendaSource]:
    return dict(_sources)


def reason_links(case: Case, item: AgendaItem) -> list[ReasonLink]:
    """The pages about the item's registered reasons at its meeting."""
    found = []
    for reason in item.reasons.split(","):
        if reason in _links:
            link, text = _links[reason]
            url = link(case, item)
            if url:
                found.append(ReasonLink(url=url, text=text))
    return found
