"""`{% back_here %}` after a link's URL makes the linked case or person page's back link return to this page."""

from django import template

from cases.back import back_query

register = template.Library()


@register.simple_tag(takes_context=True)
def back_here(context) -> str:
    return back_query(context["request"])
