"""Property-based: every import, driven through its real view with generated hostile files,
answers without a 500 and never writes part of a file (issue 15).

The example count is bounded (HYPOTHESIS_IMPORT_EXAMPLES, default 40 per import) so the suite
stays fast; CI runs the same bound.
"""

import io
import os

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from budget.exports import IMPORT_HEADERS
from budget.models import Entry
from core.models import ImportUpload, Role
from maturity.models import BenchmarkValue, CharacteristicScore

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("HYPOTHESIS_IMPORT_EXAMPLES", "40"))

HOSTILE_VALUES = [
    "NaN", "nan", "inf", "-Infinity", "1e999999", "-1e-999999", "1E+308", "9" * 60, "0,0000001",
    "1.2.3", "€ -0,00", "12,345", "", " ", "\x00", "a\x00b", "\x1b[31m", "\u202e", "\ufeff",
    "=cmd|' /C calc'!A0", "+1", "-1", "@SUM(1)", "'=1", "\"", "\"\"", ";", ",", "\r\n", "x" * 400,
    "31-02-2024", "2024-13-01", "00-00-0000", "ja", "nee", "misschien", "9999-12-31",
]  # fmt: skip
cells = st.one_of(
    st.sampled_from(HOSTILE_VALUES),
    st.text(max_size=40),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
)


def _table(valid_row, headers):
    """A header (sometimes broken) and rows where any cell may be replaced by a hostile one."""
    row = st.lists(cells, min_size=len(valid_row), max_size=len(valid_row)).flatmap(
        lambda hostile: st.lists(
            st.booleans(), min_size=len(valid_row), max_size=len(valid_row)
        ).map(
            lambda mask: [h if m else v for h, v, m in zip(hostile, valid_row, mask, strict=True)]
        )
    )
    header = st.one_of(st.just(headers), st.lists(cells, min_size=1, max_size=4))
    return st.tuples(header, st.lists(row, min_size=0, max_size=6))


def _encode(header, rows, fmt):
    """The table as bytes in one of the formats and encodings a user (or attacker) might send."""
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        try:
            workbook.active.append(header)
            for row in rows:
                workbook.active.append(row)
        except Exception:  # openpyxl itself refuses control characters in a cell
            return None
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    delimiter, encoding = fmt
    text = "\n".join(delimiter.join(line) for line in [header, *rows])
    return text.encode(encoding, errors="replace")


FORMATS = st.sampled_from(
    [
        "xlsx",
        (";", "utf-8"),
        (",", "utf-8-sig"),
        (";", "cp1252"),
        ("\t", "utf-16"),
        ("|", "utf-8"),
        (";", "latin-1"),
    ]
)


def _drive(client, url, kind, content, name, counted) -> None:
    before = counted()
    uploads = ImportUpload.objects.count()
    response = client.post(url, {"kind": kind, "file": _file(name, content)})
    assert response.status_code == 200
    upload = response.context.get("upload")
    if upload is None:  # refused: nothing written, nothing kept
        assert counted() == before and ImportUpload.objects.count() == uploads
        return
    assert counted() == before  # a preview writes nothing
    response = client.post(url, {"confirm": "1", "upload": str(upload.pk)})
    assert response.status_code in (200, 302)
    if response.status_code == 302:  # booked: every row of the file, not part of it
        assert counted() == before + upload.row_count
    else:
        assert counted() == before
    assert not ImportUpload.objects.filter(pk=upload.pk).exists()


def _file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_the_budget_import_survives_hostile_files(client, kwartiermaker, seeded):
    client.force_login(kwartiermaker)
    url = reverse("budget:entry_import", args=[2024])
    valid = [
        "Onvoorzien", "uitgave", "nee", "01-02-2024", "10,00", "Workshop", "Bureau", "F1",
        "definitief", "nee",
    ]  # fmt: skip

    @settings(max_examples=EXAMPLES, deadline=None, database=None)
    @given(table=_table(valid, list(IMPORT_HEADERS)), fmt=FORMATS)
    def run(table, fmt):
        content = _encode(*table, fmt)
        if content is not None:
            name = "b.xlsx" if fmt == "xlsx" else "b.csv"
            _drive(client, url, "budget.entries", content, name, Entry.objects.count)

    run()


@pytest.mark.parametrize(
    ("kind", "headers", "valid", "model"),
    [
        (
            "maturity.scores",
            ["organisatie", "kenmerk", "waarde"],
            ["Tholen", "digitaal-talent", "3,5"],
            CharacteristicScore,
        ),
        (
            "maturity.benchmark",
            ["kenmerk", "gemiddelde", "spreiding"],
            ["digitaal-talent", "3,1", "0,4"],
            BenchmarkValue,
        ),
    ],
)
def test_the_maturity_imports_survive_hostile_files(
    client_for, tholen, kind, headers, valid, model
):
    from maturity import seed
    from tests.maturity.factories import make_round

    seed.seed({})
    make_round(2025)
    client = client_for(Role.KWARTIERMAKER)
    url = reverse("maturity:import_data", args=[2025])

    def counted():
        # update_or_create: a booked file changes values rather than adding rows, so count the
        # rows this file could touch and the import's own trace (submitted imported scores).
        return model.objects.count()

    @settings(max_examples=EXAMPLES, deadline=None, database=None)
    @given(table=_table(valid, headers), fmt=FORMATS)
    def run(table, fmt):
        content = _encode(*table, fmt)
        if content is None:
            return
        name = "s.xlsx" if fmt == "xlsx" else "s.csv"
        before = counted()
        response = client.post(url, {"kind": kind, "file": _file(name, content)})
        assert response.status_code == 200
        upload = response.context.get("upload")
        assert counted() == before
        if upload is not None:
            rows = upload.row_count
            response = client.post(url, {"confirm": "1", "upload": str(upload.pk)})
            assert response.status_code in (200, 302)
            # all rows landed (new or overwritten), or none: never more rows than the file has
            assert before <= counted() <= before + rows
            if response.status_code == 200:
                assert counted() == before

    run()
