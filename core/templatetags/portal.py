from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def minutes(value: timedelta | None) -> int:
    """Whole minutes in a timedelta (rounded up), for messages such as a login lockout."""
    if not value:
        return 0
    return int(-(-value.total_seconds() // 60))
