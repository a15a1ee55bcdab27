"""{% cards "case" case %}: the cards registered for a page (cases.cards), each rendered as an inclusion tag renders
its template: a fresh context of the card's own values, with the page's CSRF token."""

from django import template
from django.utils.safestring import mark_safe

from ..cards import cards_on

register = template.Library()


@register.simple_tag(takes_context=True)
def cards(context, page: str, subject):
    html = []
    for card in cards_on(page):
        card_context = context.new(card.context(context, subject))
        csrf_token = context.get("csrf_token")
        if csrf_token is not None:
            card_context["csrf_token"] = csrf_token
        html.append(context.template.engine.get_template(card.template).render(card_context))
    return mark_safe("\n".join(html))
