"""The service navigation's Cessation link, a SHA-256 that wraps, and the last day of a peer reviewer's access."""

import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from agencies.roles import held_roles

from ..permissions import may_see_queue

register = template.Library()


@register.filter
def may_see_cessation_queue(user) -> bool:
    """The service navigation's Cessation link (cessation.permissions.may_see_queue)."""
    return may_see_queue(user, held_roles(user))


@register.filter
def breakable(value: str, every: int = 16) -> SafeString:
    """A long unbroken string (a SHA-256) with places to wrap every `every` characters."""
    text = str(value)
    return format_html_join(mark_safe("<wbr>"), "{}", ((text[i : i + every],) for i in range(0, len(text), every)))


@register.filter
def last_day(access_until: datetime.datetime) -> datetime.date:
    """The last day of a peer reviewer's access (it ends at the start of the next day)."""
    return timezone.localtime(access_until - datetime.timedelta(microseconds=1)).date()
