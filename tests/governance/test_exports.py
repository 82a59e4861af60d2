"""Exports of the decision list and the action list (core.exports through governance.exports)."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.models import Role
from tests.governance.factories import ActionFactory, DecisionFactory

pytestmark = pytest.mark.django_db


def url(name, fmt):
    return reverse("governance:register_export", args=[name, fmt])


def test_the_decision_list_exports_with_its_filter_and_neutralised_text(client_for):
    DecisionFactory(
        sequence=1, text='=HYPERLINK("http://x")', decided_on=datetime.date(2026, 3, 10)
    )
    DecisionFactory(sequence=2, text="Tweede besluit")
    DecisionFactory(year=2025, sequence=9, text="Vorig jaar")
    client = client_for(Role.KWARTIERMAKER)
    response = client.get(url("besluiten", "csv") + "?year=2026")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Nummer;Datum;Besluit;Werkstromen;Vergadering"
    assert lines[1].startswith("SG-2026-002;")
    assert lines[2] == 'SG-2026-001;2026-03-10;"\'=HYPERLINK(""http://x"")";;'
    assert len(lines) == 3  # the filter holds: 2025 is left out


def test_the_action_list_exports_dates_as_dates_in_xlsx(client_for):
    ActionFactory(title="+1 bellen", due_date=datetime.date(2026, 5, 1))
    client = client_for(Role.KWARTIERMAKER)
    response = client.get(url("acties", "xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, row = list(sheet.iter_rows(values_only=True))
    assert header[0] == "Actie" and row[0] == "'+1 bellen"
    assert row[5] == datetime.datetime(2026, 5, 1)  # a real date cell
    assert sheet.cell(2, 1).data_type == "s"


def test_the_list_page_links_to_its_exports(client_for):
    page = client_for(Role.KWARTIERMAKER).get(reverse("governance:action_list")).content.decode()
    assert url("acties", "xlsx") in page and url("acties", "csv") in page


@pytest.mark.parametrize("role", [Role.RESPONDENT, Role.GRIFFIER])
def test_who_may_not_see_the_registers_may_not_export_them(client_for, role):
    DecisionFactory()
    assert client_for(role).get(url("besluiten", "csv")).status_code == 403


def test_unknown_exports_are_404(client_for):
    client = client_for(Role.KWARTIERMAKER)
    assert client.get(url("risicos", "csv")).status_code == 404
    assert client.get(url("besluiten", "pdf")).status_code == 404
