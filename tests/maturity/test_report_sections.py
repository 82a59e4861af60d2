import datetime
import json

import pytest
from django.template.loader import render_to_string

from core.models import Organisation
from core.reporting import sections as report_sections

pytestmark = pytest.mark.django_db


def test_section_for_a_council_from_the_demo_rounds(demo_seeded):
    roosendaal = Organisation.objects.get(short_name="Roosendaal")
    sections = [
        s
        for s in report_sections.collect(
            council=roosendaal,
            period_start=datetime.date(2024, 1, 1),
            period_end=datetime.date(2024, 12, 31),
        )
        if s.key == "maturity"
    ]
    assert len(sections) == 1
    data = sections[0].data
    json.dumps(data)  # frozen in the report's snapshot
    assert data["round"]["year"] == 2024 and data["round"]["is_demo"]
    assert data["quadrant"] == "geïntegreerde klantervaring"
    assert data["previous_quadrant"] == "traditioneel"
    assert data["quadrant_chart"]["svg"].startswith("<svg")
    assert "Roosendaal: 3,00 en 2,90" in data["quadrant_chart"]["alt"]
    assert data["profile_chart"]["alt"]
    assert "Tholen" in data["others"]
    html = render_to_string(sections[0].template, {"data": data, "section": sections[0]})
    assert "data:image/svg+xml;base64," in html and data["summary"] in html


def test_section_uses_the_latest_round_the_organisation_submitted(demo_seeded):
    moerdijk = Organisation.objects.get(short_name="Moerdijk")
    (section,) = [
        s
        for s in report_sections.collect(
            council=moerdijk,
            period_start=datetime.date(2023, 1, 1),
            period_end=datetime.date(2025, 6, 30),
        )
        if s.key == "maturity"
    ]
    # Moerdijk has not submitted in 2024 (demo): the latest is 2022, "traditioneel".
    assert section.data["round"]["year"] == 2022 and section.data["quadrant"] == "traditioneel"
    assert section.data["movement"] == []


def test_section_without_scores(seeded):
    tholen = Organisation.objects.get(short_name="Tholen")
    (section,) = [
        s
        for s in report_sections.collect(
            council=tholen,
            period_start=datetime.date(2024, 1, 1),
            period_end=datetime.date(2024, 12, 31),
        )
        if s.key == "maturity"
    ]
    assert section.data["round"] is None
    assert "nog geen ingediende zelfscore" in render_to_string(
        section.template, {"data": section.data, "section": section}
    )


def _maturity_section(council, period_end=datetime.date(2026, 12, 31)):
    [section] = [
        s
        for s in report_sections.collect(
            council=council,
            period_start=datetime.date(2026, 10, 1),
            period_end=period_end,
            as_of=datetime.date(2026, 11, 28),
        )
        if s.key == "maturity"
    ]
    return section


def test_the_profile_shows_the_council_against_the_benchmark_and_the_others_by_name(
    demo_seeded,
):
    section = _maturity_section(Organisation.objects.get(short_name="Etten-Leur"))
    data = section.data
    assert data["round"]["year"] == 2024 and data["round"]["others_by_name"]
    assert data["others"] == ["Roosendaal", "Tholen", "Werkplein"]
    first = data["profile"][0]
    assert set(first["others"]) == {"Roosendaal", "Tholen", "Werkplein"}
    assert (
        "Rondjes en andere tekens: de scores van Roosendaal, Tholen, Werkplein."
        in (data["profile_chart"]["alt"])
    )
    # Moerdijk had not submitted in 2024 by the data date: said, not silently left out.
    assert data["not_submitted"] == ["Moerdijk"]
    html = render_to_string(section.template, {"data": data, "section": section})
    assert "Moerdijk staat niet in het kwadrant en het profiel" in html
    assert "28 november 2026" in html


def test_anonymised_others_when_the_round_says_so(demo_seeded):
    from maturity.models import AssessmentRound

    AssessmentRound.objects.filter(year=2024).update(others_by_name=False)
    section = _maturity_section(Organisation.objects.get(short_name="Etten-Leur"))
    data = section.data
    assert data["others"] == ["Deelnemer A", "Deelnemer B", "Deelnemer C"]
    labels = [p["label"] for p in data["positions"]]
    assert "Etten-Leur" in labels and "Benchmark" in labels
    text = json.dumps(data) + render_to_string(section.template, {"data": data, "section": section})
    for other in ("Roosendaal", "Tholen", "Werkplein", "Moerdijk"):
        assert other not in text, other
    assert "1 deelnemer staat niet in het kwadrant" in text


def test_a_council_behind_on_the_latest_round_is_told_so(demo_seeded):
    data = _maturity_section(Organisation.objects.get(short_name="Moerdijk")).data
    assert data["round"]["year"] == 2022
    assert data["later_round"] == {"name": "Vervolgmeting", "year": 2024}
