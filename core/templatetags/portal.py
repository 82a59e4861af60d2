import datetime
from datetime import timedelta

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter
def minutes(value: timedelta | None) -> int:
    """Whole minutes in a timedelta (rounded up), for messages such as a login lockout."""
    if not value:
        return 0
    return int(-(-value.total_seconds() // 60))


@register.filter
def long_date(value) -> str:
    """A date in words in the active language, '15 december 2026', from a date, a datetime or
    an ISO string (reports keep dates as ISO strings in their snapshot); '' for no value."""
    if not value:
        return ""
    if isinstance(value, str):
        value = (
            datetime.datetime.fromisoformat(value)
            if "T" in value
            else datetime.date.fromisoformat(value)
        )
    if isinstance(value, datetime.datetime):
        value = value.date()
    return date_format(value, "j F Y")
