from django import template

from core.formatting import format_euro, format_percent

register = template.Library()

__all__ = ["euro", "format_euro", "percent"]


@register.filter
def euro(value) -> str:
    return format_euro(value)


@register.filter
def percent(value) -> str:
    """Percentage with one decimal in the active language: Decimal('12.345') -> '12,3%'."""
    return format_percent(value)
