"""One export mechanism for every table the portal lets users download (.csv and .xlsx).

A domain module builds an ExportTable from the same scoped selector as its page, so an export
never shows more than the page; this module writes it:
- text cells starting with = + - @ (or a tab or carriage return) get a leading apostrophe, so a
  spreadsheet never runs them as a formula;
- .csv is semicolon-separated with decimal commas and a BOM: what Dutch Excel opens correctly;
- .xlsx keeps numbers as numbers and dates as dates, with Dutch-looking number formats.
"""

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404, HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class ExportTable:
    title: str
    headers: list[str]
    rows: list[list]


def neutralise(value):
    """Make a text cell safe for spreadsheets; numbers and dates pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _plain(value):
    """Lazy translations and other objects as text; numbers, dates and None as they are."""
    if value is None or isinstance(value, bool | int | float | Decimal | datetime.date):
        return value
    return str(value)


def to_csv(table: ExportTable) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(str(h)) for h in table.headers])
    for row in table.rows:
        writer.writerow([_csv_cell(_plain(value)) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, Decimal | float):
        return f"{value}".replace(".", ",")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralise(value)


def to_xlsx(table: ExportTable) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(table.title)
    sheet.append([neutralise(str(h)) for h in table.headers])
    for row in table.rows:
        sheet.append([_xlsx_cell(_plain(value)) for value in row])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, Decimal):
                cell.number_format = "#,##0.00"
            elif isinstance(cell.value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(value):
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        # Excel has no time zones: show the local (Amsterdam) time.
        from django.utils import timezone

        return timezone.localtime(value).replace(tzinfo=None)
    return neutralise(value)


def _sheet_title(title: str) -> str:
    # Excel refuses these characters in a sheet name and names longer than 31.
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in str(title))
    return cleaned[:31] or "Export"


def export_response(table: ExportTable, *, fmt: str, filename: str) -> HttpResponse:
    """The table as a download; an unknown format is a 404."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    content = to_xlsx(table) if fmt == "xlsx" else to_csv(table)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response
