import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from budget import services
from budget.exports import IMPORT_HEADERS
from budget.imports import EntryImporter
from budget.models import Entry
from core.imports.pipeline import parse_file
from core.models import ImportUpload
from tests.budget.factories import EntryFactory

pytestmark = pytest.mark.django_db

HEADER = ";".join(IMPORT_HEADERS)


def parse(*, name, content, budget_year):
    return parse_file(EntryImporter(budget_year), name=name, content=content)


def values(parsed):
    return [row.values for row in parsed.rows]


KWARTIER = "Kwartiermaker 16 uur per week"


def csv_file(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode("utf-8")


def row(amount="1.250,50", date="15-03-2024", line=KWARTIER, kind="uitgave", **extra):
    values = {
        "post": line,
        "soort": kind,
        "credit": extra.get("credit", "nee"),
        "datum": date,
        "bedrag": amount,
        "omschrijving": extra.get("omschrijving", "Inhuur"),
        "leverancier": "Bureau",
        "kenmerk": "F-1",
        "status": "definitief",
        "overschrijding": extra.get("overschrijding", "nee"),
    }
    return ";".join(values[h] for h in IMPORT_HEADERS)


def test_a_good_csv_parses_with_decimal_commas_and_skips_empty_rows(budget_2024):
    content = csv_file(row(), ";;;;;;;;;", "", row(amount="99,99", date="2024-04-01"))
    parsed = parse(name="boekingen.csv", content=content, budget_year=budget_2024)
    assert parsed.errors == []
    assert [r["amount"] for r in values(parsed)] == [Decimal("1250.50"), Decimal("99.99")]
    assert [row.number for row in parsed.rows] == [2, 5]
    assert values(parsed)[1]["booked_on"] == datetime.date(2024, 4, 1)


def test_wrong_headers_are_reported_on_row_one(budget_2024):
    content = csv_file(row(), header="post;bedrag;wat")
    [error] = parse(name="x.csv", content=content, budget_year=budget_2024).errors
    assert error.row == 1 and "Ontbreekt: soort, datum, omschrijving" in error.reason
    assert "Onbekend: wat" in error.reason


@pytest.mark.parametrize(
    ("kwargs", "column", "reason"),
    [
        ({"date": "31-02-2024"}, "datum", "Onbekende datum"),
        ({"date": "01-01-2025"}, "datum", "begrotingsjaar 2024"),
        ({"amount": "12,345"}, "bedrag", "hooguit 2 decimalen"),
        ({"amount": "0"}, "bedrag", "groter zijn dan nul"),
        ({"amount": "-5,00"}, "bedrag", "groter zijn dan nul"),
        ({"amount": "abc"}, "bedrag", "geen getal"),
        ({"amount": "NaN"}, "bedrag", "geen bruikbaar getal"),
        ({"amount": "inf"}, "bedrag", "geen bruikbaar getal"),
        ({"amount": "1e999999"}, "bedrag", "geen bruikbaar getal"),
        ({"omschrijving": "a\x00b"}, "omschrijving", "stuurteken (U+0000)"),
        ({"omschrijving": "x" * 301}, "omschrijving", "niet meer dan 300 tekens"),
        ({"amount": "99999999"}, "bedrag", "onwaarschijnlijk groot"),
        ({"line": "Bestaat niet"}, "post", "Onbekende post"),
        ({"kind": "cadeau"}, "soort", "Onbekende waarde"),
        ({"omschrijving": ""}, "omschrijving", "verplicht"),
        ({"credit": "misschien"}, "credit", "'ja' of 'nee'"),
    ],
)
def test_row_errors_name_row_column_and_reason(budget_2024, kwargs, column, reason):
    content = csv_file(row(), row(**kwargs))
    parsed = parse(name="x.csv", content=content, budget_year=budget_2024)
    [error] = parsed.errors
    assert (error.row, error.column) == (3, column)
    assert reason in error.reason


def test_import_is_all_or_nothing_over_budget_across_rows(budget_2024, kwartiermaker):
    # Two rows that each fit, but not together (100.000 budget).
    content = csv_file(row(amount="60.000,00"), row(amount="40.000,01"))
    [error] = parse(name="x.csv", content=content, budget_year=budget_2024).errors
    assert error.row == 3 and error.column == "bedrag" and "boven het budget" in error.reason
    assert not Entry.objects.exists()


def test_overrun_rows_and_credits_in_a_file(budget_2024, kwartiermaker):
    content = csv_file(
        row(amount="100.000,00"),
        row(amount="500,00", overschrijding="ja"),
        row(amount="200,00", credit="ja"),
    )
    parsed = parse(name="x.csv", content=content, budget_year=budget_2024)
    assert EntryImporter(budget_2024).apply(parsed.rows, acting_user=kwartiermaker) == 3
    assert Entry.objects.filter(is_overrun=True).count() == 1
    assert Entry.objects.filter(is_credit=True).get().amount == Decimal("200.00")


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(IMPORT_HEADERS)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_real_dates_and_numbers(budget_2024):
    content = xlsx_bytes(
        [
            [KWARTIER, "verplichting", "nee", datetime.date(2024, 2, 1), 1250.5, "Inhuur"],
            [None] * 10,
            [KWARTIER, "Uitgave", None, datetime.datetime(2024, 2, 2), 0.1, "Lunch"],
        ]
    )
    parsed = parse(name="x.xlsx", content=content, budget_year=budget_2024)
    assert parsed.errors == []
    assert [r["amount"] for r in values(parsed)] == [Decimal("1250.50"), Decimal("0.10")]
    assert values(parsed)[1]["kind"] == "uitgave" and values(parsed)[1]["status"] == "voorlopig"


def test_unreadable_and_wrong_type_files_are_refused(budget_2024):
    assert parse(name="x.xlsx", content=b"nonsense", budget_year=budget_2024).errors
    assert (
        "Alleen .xlsx" in parse(name="x.pdf", content=b"", budget_year=budget_2024).errors[0].reason
    )


def test_export_and_import_round_trip(client, kwartiermaker, line):
    EntryFactory(line=line, amount=Decimal("1234.56"), description="=gevaarlijk", reference="R1")
    EntryFactory(line=line, amount=Decimal("34.56"), is_credit=True, description="Terug")
    client.force_login(kwartiermaker)
    for fmt in ("csv", "xlsx"):
        content = client.get(reverse("budget:export", args=[2024, "boekingen", fmt])).content
        parsed = parse(name=f"x.{fmt}", content=content, budget_year=line.budget_year)
        assert parsed.errors == []
        originals = Entry.objects.order_by("booked_on", "pk")
        assert [
            (r["line"], r["amount"], r["is_credit"], r["description"], r["booked_on"])
            for r in values(parsed)
        ] == [(e.line, e.amount, e.is_credit, e.description, e.booked_on) for e in originals]


def test_preview_then_confirm_through_the_page(client, kwartiermaker, budget_2024):
    client.force_login(kwartiermaker)
    url = reverse("budget:entry_import", args=[2024])
    upload = SimpleUploadedFile("b.csv", csv_file(row(), row(amount="10,00")))
    response = client.post(url, {"kind": "budget.entries", "file": upload})
    page = response.content.decode()
    assert "2 regels zijn in orde" in page and "€\u00a01.250,50" in page
    assert not Entry.objects.exists()  # a preview books nothing
    pending = response.context["upload"]
    response = client.post(url, {"confirm": "1", "upload": str(pending.pk)})
    assert response.status_code == 302
    assert Entry.objects.count() == 2
    assert not ImportUpload.objects.exists()  # the booked file is not kept


def test_preview_shows_row_errors_and_offers_no_confirm(client, kwartiermaker, budget_2024):
    client.force_login(kwartiermaker)
    upload = SimpleUploadedFile("b.csv", csv_file(row(), row(date="2023-12-31")))
    response = client.post(
        reverse("budget:entry_import", args=[2024]), {"kind": "budget.entries", "file": upload}
    )
    page = response.content.decode()
    assert "1 fout gevonden" in page and "datum" in page and "regels inlezen" not in page
    assert response.context["upload"] is None and not ImportUpload.objects.exists()


def test_data_changed_since_the_preview_is_checked_again_on_confirm(
    client, kwartiermaker, budget_2024, line
):
    client.force_login(kwartiermaker)
    url = reverse("budget:entry_import", args=[2024])
    upload = SimpleUploadedFile("b.csv", csv_file(row(amount="60.000,00")))
    pending = client.post(url, {"kind": "budget.entries", "file": upload}).context["upload"]
    EntryFactory(line=line, amount=Decimal("50000.00"))  # someone books meanwhile
    response = client.post(url, {"confirm": "1", "upload": str(pending.pk)})
    assert "boven het budget" in response.content.decode()
    assert Entry.objects.count() == 1 and not ImportUpload.objects.exists()


def test_a_stale_or_foreign_token_books_nothing(client, kwartiermaker, budget_2024, respondent):
    client.force_login(kwartiermaker)
    url = reverse("budget:entry_import", args=[2024])
    for token in ("abc", "00000000-0000-0000-0000-000000000000"):
        response = client.post(url, {"confirm": "1", "upload": token})
        assert response.status_code == 302 and not Entry.objects.exists()
    foreign = ImportUpload.objects.create(
        importer="budget.entries",
        scope_id=budget_2024.pk,
        uploaded_by=respondent,
        file_name="b.csv",
        content=csv_file(row()),
        row_count=1,
    )
    response = client.post(url, {"confirm": "1", "upload": str(foreign.pk)})
    assert response.status_code == 302 and not Entry.objects.exists()


@pytest.mark.parametrize("role", ["stuurgroeplid", "respondent", "griffier"])
def test_only_the_kwartiermaker_imports(client, request, budget_2024, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("budget:entry_import", args=[2024])).status_code == 403


def test_a_10000_row_file_is_checked_and_booked_with_constant_queries(
    budget_2024, kwartiermaker, django_assert_max_num_queries
):
    lines = [
        row(amount="1,00", date=f"{1 + i % 28:02d}-{1 + i % 12:02d}-2024") for i in range(10_000)
    ]
    content = csv_file(*lines)
    with django_assert_max_num_queries(5):
        parsed = parse(name="groot.csv", content=content, budget_year=budget_2024)
    assert parsed.errors == [] and len(parsed.rows) == 10_000
    with django_assert_max_num_queries(30):
        services.entries_import(
            budget_year=budget_2024,
            rows=values(parsed),
            row_numbers=[row.number for row in parsed.rows],
            acting_user=kwartiermaker,
        )
    assert Entry.objects.count() == 10_000
