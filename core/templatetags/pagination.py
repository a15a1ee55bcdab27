"""The pages a GOV.UK pagination lists: the first, the last, the current one and its neighbours, with a gap
(None, shown as an ellipsis) wherever pages are left out."""

from django import template
from django.core.paginator import Page

register = template.Library()


@register.simple_tag
def pagination_items(page: Page) -> list[int | None]:
    last = page.paginator.num_pages
    shown = sorted({1, last, *range(max(1, page.number - 1), min(last, page.number + 1) + 1)})
    items: list[int | None] = []
    for number in shown:
        if items and number - (items[-1] or 0) > 1:
            items.append(None)
        items.append(number)
    return items
