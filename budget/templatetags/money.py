from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()


def format_euro(value, *, symbol: bool = True) -> str:
    """Dutch notation to the cent: Decimal('128000') -> '€ 128.000,00' (with a non-breaking
    space after the symbol); '' for no value."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = f"{sign}{'.'.join(groups)},{cents}"
    # A non-breaking space: the symbol never ends a line with its amount on the next.
    return f"€\u00a0{text}" if symbol else text


@register.filter
def euro(value) -> str:
    return format_euro(value)


@register.filter
def percent(value) -> str:
    """Dutch percentage with one decimal: Decimal('12.345') -> '12,3%'."""
    if value is None:
        return "—"
    rounded = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{rounded}".replace(".", ",") + "%"
