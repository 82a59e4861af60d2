"""The one export mechanism (core.exports): formulas neutralised, Dutch CSV, typed xlsx."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.exports import ExportTable, neutralise, to_csv, to_xlsx

TABLE = ExportTable(
    title="Proef: [1/2]",
    headers=["tekst", "bedrag", "datum", "aantal", "ja/nee"],
    rows=[
        ["=1+1", Decimal("-1234.50"), datetime.date(2024, 3, 15), 3, True],
        ["@SUM(A1)", None, None, None, False],
        ["\tverborgen", Decimal("0.10"), None, -2, None],
    ],
)


@pytest.mark.parametrize("text", ["=1+1", "+31", "-5", "@cmd", "\tx", "\rx", "\nx"])
def test_formula_starts_get_an_apostrophe(text):
    assert neutralise(text) == "'" + text
    assert neutralise(Decimal("-5")) == Decimal("-5")


def test_csv_is_semicolon_separated_with_decimal_commas_and_a_bom():
    content = to_csv(TABLE)
    assert content.startswith("\ufeff".encode())
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0] == "tekst;bedrag;datum;aantal;ja/nee"
    assert lines[1] == "'=1+1;-1234,50;2024-03-15;3;ja"
    assert lines[2] == "'@SUM(A1);;;;nee"
    assert lines[3] == "'\tverborgen;0,10;;-2;"


def test_xlsx_keeps_numbers_and_dates_typed_and_text_never_a_formula():
    sheet = load_workbook(io.BytesIO(to_xlsx(TABLE))).active
    assert sheet.title == "Proef   1 2 "
    assert sheet["A2"].value == "'=1+1" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == -1234.5 and sheet["B2"].number_format == "#,##0.00"
    assert sheet["C2"].value == datetime.datetime(2024, 3, 15)
    assert sheet["D4"].value == -2
