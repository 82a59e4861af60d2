import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import Role
from maturity.models import Assessment, AssessmentStatus, BenchmarkValue, CharacteristicScore

pytestmark = pytest.mark.django_db


def csv_file(text: str, name="scores.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, name="scores.xlsx"):
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def upload(client, year, kind, file):
    client.last_upload = None
    response = client.post(
        reverse("maturity:import_data", args=[year]), {"kind": f"maturity.{kind}", "file": file}
    )
    if response.context and response.context.get("upload"):
        client.last_upload = response.context["upload"].pk
    return response


def confirm(client, year):
    return client.post(
        reverse("maturity:import_data", args=[year]),
        {"confirm": "1", "upload": str(getattr(client, "last_upload", "") or "")},
    )


def test_scores_from_xlsx_preview_then_import(client_for, open_round, tholen, roosendaal):
    client = client_for(Role.KWARTIERMAKER)
    response = upload(
        client,
        2025,
        "scores",
        xlsx_file(
            [
                ["Organisatie", "Kenmerk", "Waarde"],
                ["Tholen", "Digitaal talent", 3.4],
                ["Gemeente Roosendaal", "klantervaring", "2,75"],
            ]
        ),
    )
    html = response.content.decode()
    assert "2 regels zijn in orde" in html and "Alle 2 regels inlezen" in html
    assert not CharacteristicScore.objects.exists()  # preview writes nothing
    confirm(client, 2025)
    scores = {
        (s.assessment.organisation.short_name, s.characteristic.code): s.value
        for s in CharacteristicScore.objects.select_related(
            "assessment__organisation", "characteristic"
        )
    }
    assert scores == {
        ("Tholen", "digitaal-talent"): Decimal("3.40"),
        ("Roosendaal", "klantervaring"): Decimal("2.75"),
    }
    assert set(Assessment.objects.values_list("status", flat=True)) == {AssessmentStatus.SUBMITTED}


def test_row_errors_block_the_whole_import(client_for, open_round, tholen):
    client = client_for(Role.KWARTIERMAKER)
    text = (
        "organisatie;kenmerk;waarde\n"
        "Tholen;digitaal-talent;3\n"
        "Breda;digitaal-talent;3\n"
        "Tholen;vliegen;3\n"
        "Tholen;klant-centraal;6\n"
        "Tholen;lerende-organisatie;veel\n"
        "Tholen;digitaal-talent;4\n"
    )
    html = upload(client, 2025, "scores", csv_file(text)).content.decode()
    assert "Onbekende organisatie &#x27;Breda&#x27;." in html
    assert "Onbekend kenmerk &#x27;vliegen&#x27;." in html
    assert "Waarde 6 ligt buiten de schaal van 1 tot en met 5." in html
    assert "&#x27;veel&#x27; is geen getal." in html
    assert "staan al eerder in het bestand" in html
    assert "regels inlezen" not in html
    response = confirm(client, 2025)  # nothing stored to confirm
    assert response.status_code == 302
    assert not CharacteristicScore.objects.exists() and not Assessment.objects.exists()


def test_benchmark_from_csv(client_for, open_round):
    client = client_for(Role.KWARTIERMAKER)
    upload(
        client,
        2025,
        "benchmark",
        csv_file("kenmerk,gemiddelde,spreiding\ndigitaal-talent,3.1,0.4\n"),
    )
    confirm(client, 2025)
    value = BenchmarkValue.objects.get(round=open_round, characteristic__code="digitaal-talent")
    assert (value.average, value.spread) == (Decimal("3.10"), Decimal("0.40"))


def test_wrong_header_and_file_type_are_dutch_errors(client_for, open_round):
    client = client_for(Role.KWARTIERMAKER)
    html = upload(client, 2025, "scores", csv_file("a,b\n1,2\n")).content.decode()
    assert "Verwachte kolommen: organisatie, kenmerk, waarde. Ontbreekt: organisatie" in html
    html = upload(client, 2025, "scores", csv_file("x", name="scores.pdf")).content.decode()
    assert "Alleen .xlsx- en .csv-bestanden" in html
    html = upload(
        client, 2025, "scores", SimpleUploadedFile("kapot.xlsx", b"geen excel")
    ).content.decode()
    assert "Het Excel-bestand kan niet worden gelezen." in html


def test_export_csv_and_xlsx(client_for, open_round, tholen):
    from openpyxl import load_workbook

    from tests.maturity.factories import make_submitted

    make_submitted(open_round, tholen, value=Decimal("3.50"))
    client = client_for(Role.STUURGROEPLID)
    text = client.get(reverse("maturity:export_results", args=[2025, "csv"])).content.decode()
    lines = text.strip().splitlines()
    assert (
        lines[0] == "\ufeffmeting;organisatie;kenmerk;score;benchmarkgemiddelde;verschil;kwadrant"
    )
    assert "2025;Tholen;digitaal-talent;3,50;3,20;0,30;toekomstvoorbereid" in lines
    response = client.get(reverse("maturity:export_results", args=[2025, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == len(lines)
    tholen_row = next(row for row in sheet.iter_rows(values_only=True) if row[1] == "Tholen")
    assert tholen_row[3:6] == (3.5, 3.2, 0.3)  # numbers, not text
    assert client.get(reverse("maturity:export_results", args=[2025, "pdf"])).status_code == 404
