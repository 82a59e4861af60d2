from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from search.selectors import MARK_END, MARK_START

register = template.Library()


@register.filter
def search_snippet(value: str) -> str:
    """A ts_headline snippet as HTML: everything escaped, then only our markers become <mark>."""
    escaped = escape(value or "")
    return mark_safe(  # noqa: S308 - escaped above; only our own tags are added
        escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    )
