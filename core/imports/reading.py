"""Bounded reading of an uploaded .xlsx or .csv into raw rows.

Every limit is checked before the expensive step it protects: the upload size before anything
is read, the uncompressed size and the row count of an .xlsx from its zip entries before
openpyxl opens it, and the row count of a .csv while it is read (the read stops at the limit).
A file that cannot be read safely raises FileRefused with a Dutch message; nothing else escapes.
"""

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


class FileRefused(Exception):
    """The file as a whole cannot be imported; `row` is 0 when no row is to blame."""

    def __init__(self, message: str, row: int = 0):
        super().__init__(message)
        self.message = message
        self.row = row


@dataclass(frozen=True)
class Limits:
    upload_bytes: int
    uncompressed_bytes: int
    rows: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            upload_bytes=settings.IMPORT_MAX_UPLOAD_BYTES,
            uncompressed_bytes=settings.IMPORT_MAX_UNCOMPRESSED_BYTES,
            rows=settings.IMPORT_MAX_ROWS,
        )


SUFFIXES = (".xlsx", ".csv")
DELIMITERS = (";", ",", "\t")
# Row elements in a worksheet, with or without a namespace prefix.
ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
SCAN_CHUNK = 1 << 20
MAX_ZIP_ENTRIES = 500
UNSUPPORTED_BOMS = (
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
)


def check_name_and_size(name: str, size: int, limits: Limits) -> None:
    if not name.lower().endswith(SUFFIXES):
        raise FileRefused(_("Alleen .xlsx- en .csv-bestanden kunnen worden ingelezen."))
    if size > limits.upload_bytes:
        raise FileRefused(
            _("Het bestand is groter dan %(max)s.") % {"max": filesizeformat(limits.upload_bytes)}
        )


def read_rows(name: str, content: bytes, limits: Limits | None = None) -> list[tuple[int, list]]:
    """(row number, raw cells) for every row, the header being row 1; raises FileRefused."""
    limits = limits or Limits.from_settings()
    check_name_and_size(name, len(content), limits)
    if name.lower().endswith(".xlsx"):
        return _xlsx_rows(content, limits)
    return _csv_rows(content, limits)


def _too_many_rows(limits: Limits) -> FileRefused:
    return FileRefused(
        _(
            "Het bestand heeft meer dan %(max)s regels. Splits het in kleinere bestanden en lees "
            "die na elkaar in."
        )
        % {"max": f"{limits.rows:,}".replace(",", ".")}
    )


# --- .xlsx --------------------------------------------------------------------------------------
def _unreadable_xlsx() -> FileRefused:
    return FileRefused(_("Het Excel-bestand kan niet worden gelezen."))


def _xlsx_rows(content: bytes, limits: Limits) -> list[tuple[int, list]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise _unreadable_xlsx() from error
    # zipfile never inflates an entry past its declared size, so the declared sizes bound the
    # memory and time of everything below.
    if len(entries) > MAX_ZIP_ENTRIES:
        raise _unreadable_xlsx()
    if sum(entry.file_size for entry in entries) > limits.uncompressed_bytes:
        raise FileRefused(
            _("Het Excel-bestand is uitgepakt groter dan %(max)s.")
            % {"max": filesizeformat(limits.uncompressed_bytes)}
        )
    try:
        sheet_path = _first_sheet_path(archive)
        _count_rows(archive, sheet_path, limits)
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError, EOFError) as error:
        raise _unreadable_xlsx() from error
    return _openpyxl_rows(content, limits)


def _first_sheet_path(archive: zipfile.ZipFile) -> str:
    """The part name of the workbook's first worksheet, as openpyxl will read it."""
    ns = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    }
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    sheet = workbook.find("m:sheets/m:sheet", ns)
    if sheet is None:
        raise KeyError("no sheet")
    rel_id = sheet.get(f"{{{ns['r']}}}id")
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.findall("rel:Relationship", ns):
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    raise KeyError(rel_id)


def _count_rows(archive: zipfile.ZipFile, path: str, limits: Limits) -> None:
    """Stream the sheet's XML and stop as soon as it holds more rows than allowed."""
    count, tail = 0, b""
    with archive.open(path) as stream:
        while chunk := stream.read(SCAN_CHUNK):
            data = tail + chunk
            # A tag cut at the chunk's end is counted with the next chunk.
            cut = max(0, len(data) - 16)
            count += len(ROW_TAG.findall(data, 0, cut))
            tail = data[cut:]
            if count > limits.rows + 1:  # + 1: the header
                raise _too_many_rows(limits)
    count += len(ROW_TAG.findall(tail))
    if count > limits.rows + 1:
        raise _too_many_rows(limits)


def _openpyxl_rows(content: bytes, limits: Limits) -> list[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # The declared <dimension> may lie; read the rows that are really there.
        sheet.reset_dimensions()
        rows = []
        # Second guard: stop at the limit even if the row scan was fooled.
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > limits.rows + 1:
                raise _too_many_rows(limits)
            rows.append((number, list(cells)))
        workbook.close()
    except FileRefused:
        raise
    except Exception as error:  # openpyxl raises many kinds for a broken or hostile file
        raise _unreadable_xlsx() from error
    return rows


# --- .csv ---------------------------------------------------------------------------------------
def decode(content: bytes) -> str:
    """UTF-8 (with or without BOM) or Windows-1252; anything else is refused in Dutch."""
    refused = FileRefused(
        _(
            "De tekenset van het bestand wordt niet herkend. Sla het op als 'CSV UTF-8 "
            "(gescheiden door lijstscheidingsteken)' en lees het opnieuw in."
        )
    )
    if content.startswith(UNSUPPORTED_BOMS):
        raise refused
    # NULs between most characters: UTF-16 without a byte order mark, or not text at all.
    if content.count(b"\x00") * 8 > len(content):
        raise refused
    if content.startswith(codecs.BOM_UTF8):
        try:
            return content[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError as error:
            raise refused from error
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError as error:
        raise refused from error


def _csv_rows(content: bytes, limits: Limits) -> list[tuple[int, list]]:
    text = decode(content)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: first_line.count(delimiter) for delimiter in DELIMITERS}
    delimiter = max(DELIMITERS, key=lambda d: counts[d])
    if not first_line:
        raise FileRefused(_("Het bestand is leeg."))
    if counts[delimiter] == 0:
        raise FileRefused(
            _(
                "De eerste regel bevat geen scheidingsteken. Gebruik een puntkomma (;) of een "
                "komma (,) tussen de kolomnamen."
            ),
            row=1,
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows = []
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):  # noqa: B007 (used after the loop)
            if number > limits.rows + 1:
                raise _too_many_rows(limits)
            rows.append((number, cells))
    except csv.Error as error:
        raise FileRefused(
            _("Regel %(row)s kan niet worden gelezen: een waarde is te lang of onjuist geciteerd.")
            % {"row": number + 1},
            row=number + 1,
        ) from error
    return rows
