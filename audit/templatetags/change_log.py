"""The change log's rows, built in Python: a page of events rendered through the template
language's per-row variables, filters and tags cost a fifth of the page."""

import functools
from urllib.parse import quote

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape as escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from audit.selectors import ACTION_LABELS
from core.formatting import format_moment
from core.templatetags.portal import history_change_items

register = template.Library()


@register.simple_tag
def change_log_rows(rows) -> str:
    """The table rows of the change log's events: when, who, what kind of record, which record
    (a link that filters on it) and what changed, escaped as the template language would."""
    return mark_safe(  # noqa: S308 - every value is escaped here
        "".join(
            "\n    <tr>\n"
            f'      <td class="text-nowrap">{escape(_moment(row.at))}</td>\n'
            f"      <td>{escape(row.user or _('systeem'))}</td>\n"
            f"      <td>{escape(row.model_name)}</td>\n"
            f'      <td><a href="?model={escape(quote(row.model))}&amp;record='
            f'{escape(quote(row.record))}">{escape(row.record)}</a></td>\n'
            f"      <td>{escape(ACTION_LABELS.get(row.label, row.label))}\n"
            '        <ul class="list-unstyled mb-0 small">'
            f"{history_change_items(row, row.model_class)}</ul></td>\n"
            "    </tr>\n  "
            for row in rows
        )
    )


def _moment(at) -> str:
    """As `{{ at|date:"DATETIME_FORMAT" }}`: in the active time zone and language."""
    if at is None:
        return ""
    return _moment_in(at, get_language(), timezone.get_current_timezone_name())


@functools.lru_cache(maxsize=1024)
def _moment_in(at, language: str | None, zone: str) -> str:
    """`at` in the notation of `language` and the time zone `zone` (the active ones): a pure
    function, kept, as the events of one transaction share their moment."""
    return format_moment(at)
