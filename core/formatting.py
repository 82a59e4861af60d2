"""Amounts and moments in the active language, one implementation for pages, exports and PDFs."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import timezone
from django.utils.formats import date_format, get_format


def format_moment(moment, format_name: str = "DATETIME_FORMAT") -> str:
    """A date and time in the active time zone and language, as `{{ moment|date:format_name }}`
    ("15 januari 2027 14:00")."""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, format_name)


def _group(whole: str, separator: str) -> str:
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return separator.join(groups)


def format_euro(value, *, symbol: bool = True) -> str:
    """To the cent, in the active language's notation: Decimal('128000') -> '€ 128.000,00' in
    Dutch, '€ 128,000.00' in English (a non-breaking space after the symbol); '' for no value."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):.2f}".split(".")
    text = (
        f"{sign}{_group(whole, get_format('THOUSAND_SEPARATOR'))}"
        f"{get_format('DECIMAL_SEPARATOR')}{cents}"
    )
    # A non-breaking space: the symbol never ends a line with its amount on the next.
    return f"€\u00a0{text}" if symbol else text


def format_number(value, places: int = 1) -> str:
    """A score or other number with `places` decimals in the active language ('3,5' / '3.5')."""
    if value is None or value == "":
        return "—"
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{abs(rounded):.{places}f}".partition(".")
    sign = "-" if rounded < 0 else ""
    text = f"{sign}{_group(whole, get_format('THOUSAND_SEPARATOR'))}"
    return f"{text}{get_format('DECIMAL_SEPARATOR')}{fraction}" if fraction else text


def format_percent(value) -> str:
    """A percentage with one decimal in the active language: Decimal('12.345') -> '12,3%'."""
    if value is None:
        return "—"
    return f"{format_number(value, 1)}%"
