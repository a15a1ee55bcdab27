"""The ladder on the person page (`{% person_ladder person %}`) and on the case page, one card per perpetrator
(`{% perpetrator_ladders case people %}`). Each reads with a fixed number of queries, however long the ladders
and however many perpetrators."""

from django import template
from django.utils.html import format_html

from cases.models import PersonRole

from ..models import InterventionStatus
from ..permissions import may_record_interventions
from ..selectors import cases_to_record_on, ladder_for_person, ladders_for_people

register = template.Library()

# The GOV.UK tag colour of each status; anything that has ended is grey.
STATUS_COLOURS = {
    InterventionStatus.LIVE: "green",
    InterventionStatus.REFUSED: "orange",
    InterventionStatus.QUASHED: "red",
}


@register.filter
def status_tag(status: str):
    """`{{ status|status_tag }}`: an intervention's (effective) status as a GOV.UK tag. A filter, not an include: a
    long ladder has one per row."""
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        STATUS_COLOURS.get(status, "grey"),
        InterventionStatus(status).label,
    )


@register.inclusion_tag("incremental/person_ladder.html", takes_context=True)
def person_ladder(context, person):
    user = context["request"].user
    return {"ladder": ladder_for_person(user, person), "record_cases": list(cases_to_record_on(user, person))}


@register.inclusion_tag("incremental/case_ladders.html", takes_context=True)
def perpetrator_ladders(context, case, people):
    """`people`: the case's CasePerson links (the page's own list, so no query is made again for them)."""
    user = context["request"].user
    perpetrators = [link.person for link in people if link.role == PersonRole.PERPETRATOR]
    ladders = ladders_for_people(user, perpetrators) if perpetrators else {}
    return {
        "case": case,
        "ladders": [ladders[p.pk] for p in perpetrators],
        "can_record": may_record_interventions(case),
    }
