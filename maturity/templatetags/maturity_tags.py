import base64
from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def score(value) -> str:
    """A score in Dutch notation with two decimals; a dash when missing."""
    if value is None or value == "":
        return "–"
    return number_format(Decimal(value), decimal_pos=2)


@register.filter
def signed(value) -> str:
    """A difference with its sign: +0,25 / −0,30 / 0,00."""
    if value is None or value == "":
        return "–"
    value = Decimal(value)
    text = number_format(abs(value), decimal_pos=2)
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"−{text}"
    return text


@register.filter
def svg_data_uri(svg: str) -> str:
    """An inline SVG string as a data: URI for <img> (no CSP issue, no clashing ids)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
