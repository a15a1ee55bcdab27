"""What the victims room adds to other pages (registered in cases.apps): the repeat-victim flag on the person page and
beside each possible match listed while adding someone to a case."""

from ..selectors import repeat_victim_ids

PERSON_TEMPLATE = "cases/victims/person_card.html"
MATCH_TEMPLATE = "cases/victims/match_fact.html"


def person_card(context, person) -> dict:
    return {"person": person, "repeat": person.pk in repeat_victim_ids([person.pk])}


def match_facts(user, people) -> dict[int, dict]:
    """One query for every person listed."""
    repeat = repeat_victim_ids(person.pk for person in people)
    return {person.pk: {"repeat": person.pk in repeat} for person in people}
