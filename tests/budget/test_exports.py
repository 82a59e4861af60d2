import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.exports import neutralise
from core.models import Role
from tests.budget.factories import EntryFactory

pytestmark = pytest.mark.django_db

EXPORTS = ["posten", "deelnemers", "verloop", "boekingen"]
ALLOWED = {
    "posten": {Role.STUURGROEPLID, Role.KWARTIERMAKER, Role.WERKSTROOMTREKKER, Role.GRIFFIER},
    "deelnemers": {
        Role.STUURGROEPLID,
        Role.KWARTIERMAKER,
        Role.WERKSTROOMTREKKER,
        Role.GRIFFIER,
    },
    "verloop": {Role.STUURGROEPLID, Role.KWARTIERMAKER, Role.WERKSTROOMTREKKER, Role.GRIFFIER},
    "boekingen": {Role.STUURGROEPLID, Role.KWARTIERMAKER},
}


def read_csv(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def read_xlsx(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_permissions(client_for, seeded, role, name, fmt):
    response = client_for(role).get(
        reverse("budget:export", kwargs={"year": 2024, "name": name, "fmt": fmt})
    )
    assert response.status_code == (200 if role in ALLOWED[name] else 403)


def test_multi_year_export_has_both_years(client, stuurgroeplid, seeded):
    client.force_login(stuurgroeplid)
    rows = read_xlsx(client.get(reverse("budget:export_all", args=["meerjarig", "xlsx"])))
    assert rows[0][0] == "Jaar"
    assert [(row[0], Decimal(str(row[1]))) for row in rows[1:]] == [
        (2024, Decimal("640000")),
        (2025, Decimal("650000")),
    ]
    assert client.get(reverse("budget:export", args=[2024, "meerjarig", "csv"])).status_code == 404


def test_year_export_matches_the_page_in_csv_and_xlsx(client, kwartiermaker, line):
    EntryFactory(line=line, amount=Decimal("1234.56"))
    client.force_login(kwartiermaker)
    rows = read_csv(client.get(reverse("budget:export", args=[2024, "posten", "csv"])))
    assert rows[0] == ["Post", "Begroot", "Verplicht", "Uitgegeven", "Resterend", "Gebruikt (%)"]
    kwartier = next(row for row in rows if row[0] == line.name)
    assert kwartier[1:5] == ["100000,00", "0,00", "1234,56", "98765,44"]
    assert rows[-1][0] == "Totaal" and rows[-1][1] == "640000,00"
    xlsx = read_xlsx(client.get(reverse("budget:export", args=[2024, "posten", "xlsx"])))
    kwartier = next(row for row in xlsx if row[0] == line.name)
    assert Decimal(str(kwartier[3])) == Decimal("1234.56")


def test_participant_readers_export_only_their_own_share(client, griffier, seeded):
    client.force_login(griffier)
    rows = read_csv(client.get(reverse("budget:export", args=[2024, "deelnemers", "csv"])))
    assert {row[0] for row in rows[1:]} == {"Gemeente Roosendaal"}
    assert ["Gemeente Roosendaal", "Aandeel", "128000,00", ""] in rows


@pytest.mark.parametrize("text", ["=SUM(A1)", "+31", "-2+3", "@cmd", "\t=1"])
def test_formula_starts_are_neutralised(text):
    assert neutralise(text) == "'" + text
    assert neutralise("Gewone tekst") == "Gewone tekst"
    assert neutralise(Decimal("-5")) == Decimal("-5")


def test_dangerous_descriptions_do_not_become_formulas(client, kwartiermaker, line):
    EntryFactory(line=line, description='=HYPERLINK("x")', supplier="@leverancier")
    client.force_login(kwartiermaker)
    rows = read_csv(client.get(reverse("budget:export", args=[2024, "boekingen", "csv"])))
    assert rows[1][5] == '\'=HYPERLINK("x")' and rows[1][6] == "'@leverancier"
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("budget:export", args=[2024, "boekingen", "xlsx"])).content)
    ).active
    assert sheet["F2"].value == '\'=HYPERLINK("x")' and sheet["F2"].data_type == "s"


def test_export_query_count_is_constant(client, kwartiermaker, line, django_assert_max_num_queries):
    client.force_login(kwartiermaker)
    for size in (1, 30):
        EntryFactory.create_batch(size, line=line, amount=Decimal("1.00"))
        for name in EXPORTS:
            with django_assert_max_num_queries(12):
                client.get(reverse("budget:export", args=[2024, name, "xlsx"]))
