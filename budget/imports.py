"""Reading realisation entries from .xlsx or .csv: every problem reported as (row, column,
reason); nothing is booked unless every row is right (see services.entries_import)."""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from budget.exports import IMPORT_HEADERS
from budget.forms import parse_dutch_amount
from budget.models import BudgetLine, BudgetYear, EntryKind, EntryStatus

REQUIRED = ["post", "soort", "datum", "bedrag", "omschrijving"]
YES = {"ja", "j", "yes", "y", "1", "true", "waar", "x"}
NO = {"nee", "n", "no", "0", "false", "onwaar", ""}
MAX_ROWS = 20_000


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    reason: str


@dataclass
class ParsedFile:
    rows: list[dict] = field(default_factory=list)  # service-ready values
    row_numbers: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def read_table(name: str, content: bytes) -> list[list]:
    """Raw cells of the first sheet (xlsx) or of the csv file; raises ValueError if unreadable."""
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise ValueError(_("Het Excel-bestand kan niet worden gelezen.")) from error
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    if name.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252")
        sample = text[:2048]
        delimiter = ";" if sample.count(";") >= sample.count(",") else ","
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    raise ValueError(_("Alleen .xlsx- en .csv-bestanden kunnen worden ingelezen."))


def _text(value) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    # Undo the export's neutralising apostrophe.
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]
    return text


def _date(value, year: int):
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        day = value
    else:
        text = _text(value)
        day = None
        for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d-%m-%y"):
            try:
                day = datetime.datetime.strptime(text, pattern).date()
                break
            except ValueError:
                continue
        if day is None:
            raise ValueError(
                _("Onbekende datum '%(value)s'; gebruik dd-mm-jjjj.") % {"value": text}
            )
    if day.year != year:
        raise ValueError(_("De datum ligt niet in het begrotingsjaar %(year)s.") % {"year": year})
    return day


def _amount(value) -> Decimal:
    if isinstance(value, float):
        # Excel stores numbers as floats: take the shortest text that round-trips.
        value = repr(value)
    if isinstance(value, int | Decimal):
        amount = Decimal(value)
    else:
        text = parse_dutch_amount(_text(value))
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("'%(value)s' is geen bedrag.") % {"value": _text(value)}) from None
    if not amount.is_finite():
        raise ValueError(_("'%(value)s' is geen bedrag.") % {"value": _text(value)})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(_("Gebruik hooguit twee decimalen (hele centen)."))
    if amount <= 0:
        raise ValueError(
            _("Het bedrag moet groter zijn dan nul; gebruik 'credit' voor een terugboeking.")
        )
    if amount > Decimal("10000000.00"):
        raise ValueError(_("Dit bedrag is onwaarschijnlijk groot (meer dan € 10.000.000,00)."))
    return amount.quantize(Decimal("0.01"))


def _flag(value) -> bool:
    text = _text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(_("Vul 'ja' of 'nee' in."))


def _choices(choices) -> dict[str, str]:
    """Accepted spellings (key or Dutch label, any case) -> key; built once per file."""
    accepted = {}
    for key, label in choices:
        accepted[key.lower()] = key
        accepted[str(label).lower()] = key
    return accepted


def _choice(value, accepted: dict[str, str]) -> str:
    text = _text(value).lower()
    if text in accepted:
        return accepted[text]
    allowed = ", ".join(sorted(set(accepted.values())))
    raise ValueError(
        _("Onbekende waarde '%(value)s'; kies uit: %(allowed)s.")
        % {"value": _text(value), "allowed": allowed}
    )


def parse(*, name: str, content: bytes, budget_year: BudgetYear) -> ParsedFile:
    result = ParsedFile()
    try:
        table = read_table(name, content)
    except ValueError as error:
        result.errors.append(RowError(0, "", str(error)))
        return result
    if not table:
        result.errors.append(RowError(1, "", _("Het bestand is leeg.")))
        return result
    headers = [_text(cell).lower() for cell in table[0]]
    missing = [column for column in REQUIRED if column not in headers]
    unknown = [h for h in headers if h and h not in IMPORT_HEADERS]
    if missing or unknown:
        reason = _("Verwachte kolommen: %(expected)s.") % {"expected": ", ".join(IMPORT_HEADERS)}
        if missing:
            reason += " " + _("Ontbreekt: %(missing)s.") % {"missing": ", ".join(missing)}
        if unknown:
            reason += " " + _("Onbekend: %(unknown)s.") % {"unknown": ", ".join(unknown)}
        result.errors.append(RowError(1, "", reason))
        return result
    if len(table) - 1 > MAX_ROWS:
        result.errors.append(
            RowError(0, "", _("Hooguit %(max)s regels per bestand.") % {"max": MAX_ROWS})
        )
        return result
    lines = {line.name.lower(): line for line in BudgetLine.objects.filter(budget_year=budget_year)}
    kinds, statuses = _choices(EntryKind.choices), _choices(EntryStatus.choices)
    # field -> (column, parser)
    parsers = {
        "line": ("post", lambda v: _line(v, lines)),
        "kind": ("soort", lambda v: _choice(v, kinds)),
        "is_credit": ("credit", _flag),
        "booked_on": ("datum", lambda v: _date(v, budget_year.year)),
        "amount": ("bedrag", _amount),
        "description": ("omschrijving", lambda v: _required_text(v, 300)),
        "supplier": ("leverancier", lambda v: _optional_text(v, 200)),
        "reference": ("kenmerk", lambda v: _optional_text(v, 100)),
        "status": ("status", lambda v: _choice(v or "voorlopig", statuses)),
        "is_overrun": ("overschrijding", _flag),
    }
    positions = {column: index_of for index_of, column in enumerate(headers) if column}
    for number, cells in enumerate(table[1:], start=2):
        if all(cell is None or _text(cell) == "" for cell in cells):
            continue  # empty rows are skipped
        values, errors = {}, []
        for name_, (column, parser) in parsers.items():
            position = positions.get(column)
            value = cells[position] if position is not None and position < len(cells) else None
            try:
                values[name_] = parser(value)
            except ValueError as error:
                errors.append(RowError(number, column, str(error)))
        if errors:
            result.errors.extend(errors)
        else:
            result.rows.append(values)
            result.row_numbers.append(number)
    if not result.rows and not result.errors:
        result.errors.append(RowError(0, "", _("Het bestand bevat geen boekingen.")))
    return result


def _line(value, lines: dict) -> BudgetLine:
    text = _text(value)
    line = lines.get(text.lower())
    if line is None:
        raise ValueError(_("Onbekende post '%(value)s' in dit jaar.") % {"value": text})
    return line


def _required_text(value, max_length: int) -> str:
    text = _text(value)
    if not text:
        raise ValueError(_("Dit veld is verplicht."))
    return _optional_text(text, max_length)


def _optional_text(value, max_length: int) -> str:
    text = _text(value)
    if len(text) > max_length:
        raise ValueError(_("Hooguit %(max)s tekens.") % {"max": max_length})
    return text
