"""GOV.UK-style dates in templates (see core.dates): `{{ case.opened_at|long_date }}` gives "5 December 2026",
`short_date` "5 Dec 2026", `long_datetime` and `short_datetime` add the time ("5 Dec 2026 14:30"). A moment is shown
in the service's time zone, as Django's `date` filter shows it. Loaded in every template (a built-in library)."""

from django import template
from django.template.defaultfilters import date

from core import dates

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def long_date(value):
    return date(value, dates.LONG_DATE)


@register.filter(expects_localtime=True, is_safe=False)
def short_date(value):
    return date(value, dates.SHORT_DATE)


@register.filter(expects_localtime=True, is_safe=False)
def long_datetime(value):
    return date(value, dates.LONG_DATETIME)


@register.filter(expects_localtime=True, is_safe=False)
def short_datetime(value):
    return date(value, dates.SHORT_DATETIME)
