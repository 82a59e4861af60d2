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
