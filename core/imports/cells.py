"""Turning one raw spreadsheet cell into a value, or a Dutch reason why not.

Parsers raise CellError; the pipeline adds the row and the column. Every cell passes
`clean_cell` first, so no parser ever sees a control character or a non-finite float.
"""

import datetime
import math
import re
import unicodedata
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CellError(ValueError):
    """A cell's value is refused; the message is Dutch and shown to the user."""


YES = {"ja", "j", "yes", "y", "1", "true", "waar", "x"}
NO = {"nee", "n", "no", "0", "false", "onwaar", ""}
THOUSANDS_ONLY = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
FORMULA_ESCAPE = ("=", "+", "-", "@")
# Far beyond any amount or score, far inside what Decimal can quantize.
MAX_NUMBER_TEXT = 40
MAX_EXPONENT = 15


def parse_dutch_number(text: str) -> str:
    """'€ 1.250,50' -> '1250.50'; '1.250' -> '1250'; '1250.50' stays (a lone dot followed by
    other than three digits is a decimal point). Anything else is left for Decimal to refuse."""
    cleaned = text.strip().replace("€", "").replace(" ", "").replace("\xa0", "")
    if "," in cleaned:
        return cleaned.replace(".", "").replace(",", ".")
    if THOUSANDS_ONLY.match(cleaned):
        return cleaned.replace(".", "")
    return cleaned


def _control_characters(text: str) -> list[str]:
    return [c for c in text if unicodedata.category(c) == "Cc"]


def clean_cell(value):
    """Text stripped (and the export's formula apostrophe undone), numbers checked finite."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellError(_("Dit is geen geldig getal."))
        return value
    if isinstance(value, int | Decimal | datetime.date | datetime.time):
        return value
    text = str(value)
    found = _control_characters(text)
    if found:
        raise CellError(
            _("Bevat een niet-toegestaan stuurteken (%(code)s); verwijder het.")
            % {"code": f"U+{ord(found[0]):04X}"}
        )
    text = text.strip()
    if text.startswith("'") and text[1:2] in FORMULA_ESCAPE:
        text = text[1:]
    return text


def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def to_decimal(value, *, places: int = 2, round_off: bool = False) -> Decimal:
    """A finite Decimal with at most `places` decimals (or rounded to them, with `round_off`);
    Dutch or plain notation accepted."""
    not_a_number = CellError(_("'%(value)s' is geen getal.") % {"value": text_of(value)[:40]})
    if isinstance(value, bool):
        raise not_a_number
    if isinstance(value, float):
        # Excel stores numbers as floats: take the shortest text that round-trips.
        value = repr(value)
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    else:
        text = text_of(value)
        if not text or len(text) > MAX_NUMBER_TEXT:
            raise not_a_number
        try:
            number = Decimal(parse_dutch_number(text))
        except InvalidOperation:
            raise not_a_number from None
    if not number.is_finite() or abs(number.adjusted()) > MAX_EXPONENT:
        raise CellError(_("'%(value)s' is geen bruikbaar getal.") % {"value": text_of(value)[:40]})
    step = Decimal(1).scaleb(-places)
    if round_off:
        return number.quantize(step, rounding=ROUND_HALF_UP)
    if number != number.quantize(step):
        raise CellError(
            _("Gebruik hooguit %(places)s decimalen.") % {"places": places}
            if places
            else _("Gebruik een heel getal.")
        )
    return number.quantize(step)


def to_flag(value) -> bool:
    text = text_of(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(_("Vul 'ja' of 'nee' in."))


DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d-%m-%y")


def to_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = text_of(value)
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(_("Onbekende datum '%(value)s'; gebruik dd-mm-jjjj.") % {"value": text[:40]})


def lookup(accepted: dict[str, object], *, unknown: str) -> Callable:
    """A parser that maps a case-insensitive spelling to an object; `unknown` names the value."""

    def parse(value):
        text = text_of(value)
        found = accepted.get(text.lower())
        if found is None:
            raise CellError(unknown % {"value": text[:80]})
        return found

    return parse


def choice(choices) -> Callable:
    """A parser for a TextChoices field: key or Dutch label, any case, gives the key."""
    accepted = {}
    for key, label in choices:
        accepted[key.lower()] = key
        accepted[str(label).lower()] = key
    allowed = ", ".join(sorted(set(accepted.values())))

    def parse(value):
        text = text_of(value)
        if text.lower() in accepted:
            return accepted[text.lower()]
        raise CellError(
            _("Onbekende waarde '%(value)s'; kies uit: %(allowed)s.")
            % {"value": text[:80], "allowed": allowed}
        )

    return parse


def model_field(model, field_name: str, *, convert=text_of, required: bool = False) -> Callable:
    """A parser that converts the cell (`convert`) and then lets the model field check it, so
    an over-long text or an out-of-range number gets the field's own message."""
    field = model._meta.get_field(field_name)

    def parse(value):
        if required and text_of(value) == "":
            raise CellError(_("Dit veld is verplicht."))
        converted = convert(value)
        try:
            return field.clean(converted, None)
        except ValidationError as error:
            raise CellError(" ".join(error.messages)) from None

    return parse
