import datetime
import functools
import re
from datetime import timedelta
from decimal import Decimal
from html import escape

from django import template
from django.db import models
from django.utils import timezone
from django.utils.dateformat import time_format
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from core.formatting import format_euro, format_moment, format_number

register = template.Library()


@register.filter
def minutes(value: timedelta | None) -> int:
    """Whole minutes in a timedelta (rounded up), for messages such as a login lockout."""
    if not value:
        return 0
    return int(-(-value.total_seconds() // 60))


@register.filter(expects_localtime=True)
def clock(value) -> str:
    """A time of day as read aloud in the active language: '14:30 uur' in Dutch, '14:30' in
    English, from a time, a datetime or a string such as '14:30' or '10:00 – 12:00'."""
    if value in (None, ""):
        return ""
    return pgettext("time of day", "%(time)s uur") % {"time": _hours_minutes(value)}


@register.filter(expects_localtime=True)
def clock_span(start, end=None) -> str:
    """From `start` to `end` as read aloud: '14:00–16:00 uur' ('14:00 uur' without an end), from
    times, datetimes or strings such as '14:00': `{{ start_time|clock_span:end_time }}`."""
    if start in (None, ""):
        return ""
    if end in (None, ""):
        return clock(start)
    return clock(f"{_hours_minutes(start)}–{_hours_minutes(end)}")


def _hours_minutes(value) -> str:
    return value if isinstance(value, str) else time_format(value, "H:i")


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


# A run of more than BREAKABLE_RUN characters without a space (a URL, a pasted code or hash)
# gets a zero-width space every BREAKABLE_EVERY characters. Words of ordinary text, long Dutch
# compounds included, are shorter and stay untouched.
BREAKABLE_RUN = 30
BREAKABLE_EVERY = 10
ZERO_WIDTH_SPACE = "\u200b"
_UNBROKEN = re.compile(rf"[^\s\u200b]{{{BREAKABLE_RUN + 1},}}")


def _with_breaks(match: re.Match) -> str:
    run = match.group(0)
    return ZERO_WIDTH_SPACE.join(
        run[i : i + BREAKABLE_EVERY] for i in range(0, len(run), BREAKABLE_EVERY)
    )


@register.filter
def breakable(value):
    """User text that may hold long unbroken runs, with break opportunities in those runs.

    The line breaker then wraps such a run like words instead of searching every character of
    it for a break (WeasyPrint needed over ten minutes for one 3,000-character run under
    `overflow-wrap: anywhere`; see docs/reports.md). Not marked safe: the text is escaped after
    this, as any user text. Anything but a string is returned as it is.
    """
    if not isinstance(value, str):
        return value
    return _UNBROKEN.sub(_with_breaks, value)


# Bookkeeping fields every register row carries; the history table already tells that story.
_HIDDEN_FIELDS = {"id", "version", "created_at", "updated_at", "search_vector"}
# Decimal fields that are money (the rest, such as hours or scores, are plain numbers).
_MONEY_FIELDS = {"amount", "budget", "original_amount"}
_TWO_PLACES = {"weight", "hours_per_week", "quadrant_threshold", "notable_difference"}


def _link(user, value) -> str | None:
    """The page of a related record, when it has one and `user` may open it: the model names
    the rule that guards that page (`detail_rule`), asked with the record."""
    rule = getattr(value, "detail_rule", None)
    if user is None or rule is None or not hasattr(value, "get_absolute_url"):
        return None
    return value.get_absolute_url() if user.has_perm(rule, value) else None


@register.simple_tag
def record_fields(record, user=None) -> list[tuple[str, object, str | None, list | None]]:
    """Every field of a record as (label, display value, link, items), in model order, for the
    one read-only detail layout (templates/includes/record_fields.html): choices by their
    label, related records by their name (linked to their page where `user` may open it),
    many-to-many as `items`, a list of (name, link)."""
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
        link = None
        if field.many_to_many:
            value = [(str(item), _link(user, item)) for item in getattr(record, field.name).all()]
            rows.append((label, "", None, value))
            continue
        elif field.choices:
            value = getattr(record, f"get_{field.name}_display")()
        elif isinstance(field, models.ForeignKey):
            value = getattr(record, field.name)
            link = _link(user, value) if value is not None else None
        else:
            value = getattr(record, field.attname)
        if isinstance(value, datetime.datetime):
            value = format_moment(value, "j F Y, H:i")
        elif isinstance(value, datetime.date):
            value = long_date(value)
        elif isinstance(value, Decimal) and field.name in _MONEY_FIELDS:
            value = format_euro(value)
        elif isinstance(value, Decimal | float):
            value = format_number(value, 2 if field.name in _TWO_PLACES else 1)
        rows.append((label, value, link, None))
    return rows


@register.filter
def number(value, places: int = 1) -> str:
    """A score or other number in the active language's notation ('3,5' in Dutch)."""
    return format_number(value, int(places))


@register.simple_tag
def history_changes(entry, record=None) -> list[tuple[str, str, str]]:
    """The changed fields of one history entry as (label, before, after) for the one history
    layout: field labels from the record's model, dates in the active language (pghistory
    keeps them as ISO text), bookkeeping fields left out."""
    meta = getattr(record, "_meta", None)
    language = get_language()
    rows = []
    for name, (before, after) in entry.changes.items():
        if name in _HIDDEN_FIELDS:
            continue
        label, field, choices = _history_field(meta, name, language)
        rows.append(
            (label, _history_value(before, field, choices), _history_value(after, field, choices))
        )
    return rows


@functools.lru_cache(maxsize=4096)
def _history_field(meta, name: str, language: str | None):
    """(label, field, choices by value) of a stored field name of the model with `meta`, in
    `language`: the same for every event of the model, so looked up and translated once (a page
    of the change log holds some 500 fields)."""
    field = None
    if meta is not None:
        try:
            field = meta.get_field(name.removesuffix("_id") if name.endswith("_id") else name)
        except Exception:  # noqa: BLE001 - a field since removed keeps its stored name
            field = None
    if field is None:
        return name, None, None
    label = str(getattr(field, "verbose_name", name))
    label = label[:1].upper() + label[1:]
    choices = None
    if getattr(field, "choices", None):
        choices = {value: str(text) for value, text in field.flatchoices}
    return label, field, choices


@register.simple_tag
def history_change_items(entry, record=None):
    """The changed fields of one history entry as list items (label: before → after, values cut
    at 80 characters), for the change log. Built here rather than in a template loop: a page of
    50 events holds some 500 fields, and looping over them in the template cost more than the
    rest of the page together. Every part is plain text (no SafeString), escaped as
    `format_html` would, with the standard library's escape that Django's calls."""
    return mark_safe(  # noqa: S308 - every value is escaped here
        "".join(
            f'<li class="text-break"><span class="fw-semibold">{escape(label)}</span>: '
            f"{escape(_cut(before))} → {escape(_cut(after))}</li>"
            for label, before, after in history_changes(entry, record)
        )
    )


def _cut(text: str, length: int = 80) -> str:
    """As the truncatechars filter, without its cost for the common short value."""
    text = str(text)
    return text if len(text) <= length else Truncator(text).chars(length)


def _history_value(value, field=None, choices=None) -> str:
    if value is None or value == "":
        return "—"
    if value is True or value is False:
        return _("Ja") if value else _("Nee")
    if choices is not None:
        return str(choices.get(value, value))
    if isinstance(field, models.DecimalField):
        # Amounts (the budget's money fields: 14 digits, cents) in euro; other decimals (hours,
        # scores) as numbers; both in the active language, as everywhere else on the page.
        if (field.max_digits, field.decimal_places) == (14, 2):
            return format_euro(value)
        return format_number(value, field.decimal_places)
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        shown = _iso_display(value, get_language(), timezone.get_current_timezone_name())
        if shown is not None:
            return shown
    return str(value)


@functools.lru_cache(maxsize=4096)
def _iso_display(value: str, language: str | None, zone: str) -> str | None:
    """An ISO date or moment as pghistory keeps it, in the short notation of `language` (a
    moment in the time zone `zone`, the active one); None when `value` is no date. A pure
    function of its arguments, kept: a page of the change log formats the same dates many
    times, and Django's date formatting is slow."""
    try:
        if len(value) == 10:
            return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        return format_moment(datetime.datetime.fromisoformat(value), "SHORT_DATETIME_FORMAT")
    except ValueError:
        return None
