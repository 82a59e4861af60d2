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


# Bookkeeping fields every register row carries; the history table already tells that story.
_HIDDEN_FIELDS = {"id", "version", "created_at", "updated_at", "search_vector"}


@register.simple_tag
def record_fields(record) -> list[tuple[str, object]]:
    """Every field of a record as (label, display value), in model order, for the one read-only
    detail layout (templates/includes/record_fields.html): choices by their label, related
    records by their name, many-to-many as a list."""
    from django.db import models

    rows = []
    for field in record._meta.get_fields():
        declared_many = field.many_to_many and not field.auto_created
        if field.name in _HIDDEN_FIELDS or (
            (field.auto_created or not field.concrete) and not declared_many
        ):
            continue
        label = str(getattr(field, "verbose_name", field.name))
        label = label[:1].upper() + label[1:]
        if field.many_to_many:
            value = ", ".join(str(item) for item in getattr(record, field.name).all())
        elif field.choices:
            value = getattr(record, f"get_{field.name}_display")()
        elif isinstance(field, models.ForeignKey):
            value = getattr(record, field.name)
        else:
            value = getattr(record, field.attname)
        if isinstance(value, datetime.datetime | datetime.date):
            value = long_date(value)
        rows.append((label, value))
    return rows
