"""Cards on the case page and the person page that come from this app's rooms and from the apps above it.

A card is a template and a function that gives its context from the page's context and the page's subject (the
case or the person), as an inclusion tag would. Rooms and higher apps register their cards in their AppConfig.ready();
the pages render whatever is registered for them, in `order` ({% cards "case" case %}, cases/templatetags/cards.py),
so the case file's templates never load a higher app's tags and this app never imports the apps above it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template import Context
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

# The pages, and where on them the cards go. A card's subject is the page's: a Case, or a Person on PERSON_PAGE.
# The case page is split into sections, each its own page (cases/sections.py); a card goes on one of them.
CASE_PAGE = "case"  # the case's Overview, after its details and next actions
CASE_PEOPLE = "case_people"  # the People section, after the case's people (the page's context has them as `people`)
CASE_INTERVENTIONS = "case_interventions"  # the Interventions section (its context has the case's `people` too)
CASE_JAG = "case_jag"  # the JAG section
CASE_CESSATION = "case_cessation"  # the Cessation section
PERSON_PAGE = "person"  # the person page, after the person's cases
# A victim's page within a case (cases.victims): its subject is the victim's CasePerson (complainant role).
VICTIM_PAGE = "victim"
# Facts about each possible match listed while adding a person to a case (cases.views.person_add): a fact's
# context is read once for all the people listed, `context(user, people)` giving each person's by id.
PERSON_MATCH = "person_match"


@dataclass(frozen=True)
class Card:
    name: str
    template: str
    context: Callable[[Context, Any], dict]
    order: int


_cards: dict[str, dict[str, Card]] = {}


def register_card(page: str, *, name: str, template: str, context: Callable[[Context, Any], dict], order: int):
    """Show `template` on `page`, with the context `context(page_context, subject)` gives. Registering a card of the
    same name again replaces it."""
    _cards.setdefault(page, {})[name] = Card(name=name, template=template, context=context, order=order)


def cards_on(page: str) -> list[Card]:
    return sorted(_cards.get(page, {}).values(), key=lambda card: (card.order, card.name))


@dataclass(frozen=True)
class Facts:
    name: str
    template: str
    context: Callable[[Any, list], dict[int, dict]]
    order: int


_facts: dict[str, dict[str, Facts]] = {}


def register_facts(
    page: str, *, name: str, template: str, context: Callable[[Any, list], dict[int, dict]], order: int
) -> None:
    """Show `template` beside each person listed on `page`, with the context `context(user, people)[person.pk]`
    gives: one call for all the people, so the page's queries do not grow with their number."""
    _facts.setdefault(page, {})[name] = Facts(name=name, template=template, context=context, order=order)


def person_facts(page: str, user, people: list) -> dict[int, SafeString]:
    """Each person's facts from every source registered for `page`, as HTML, by person id."""
    html: dict[int, list[str]] = {person.pk: [] for person in people}
    for facts in sorted(_facts.get(page, {}).values(), key=lambda facts: (facts.order, facts.name)):
        contexts = facts.context(user, people)
        for person in people:
            html[person.pk].append(render_to_string(facts.template, contexts[person.pk]))
    return {pk: mark_safe("".join(parts)) for pk, parts in html.items()}
