import datetime
import json
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from budget.report_sections import sections
from core.models import Organisation
from core.reporting import SharedWork
from core.reporting import sections as report_sections

pytestmark = pytest.mark.django_db


def test_the_council_gets_plan_realisation_and_its_own_share(seeded):
    etten_leur = Organisation.objects.get(short_name="Etten-Leur")
    [section] = sections(
        council=etten_leur,
        period_start=datetime.date(2024, 7, 1),
        period_end=datetime.date(2025, 6, 30),
        as_of=datetime.date(2026, 11, 28),
        shared=SharedWork(),
    )
    json.dumps(section.data)  # frozen in the report's snapshot
    years = {year["year"]: year for year in section.data["years"]}
    assert years[2024]["share"] == "128000.00" and years[2025]["share"] == "130000.00"
    assert years[2024]["total"]["budget"] == "640000.00"
    assert len(years[2024]["lines"]) == 5
    html = render_to_string(section.template, {"data": section.data, "section": section})
    assert "€\u00a0128.000,00" in html and "Gemeente Etten-Leur" in html
    assert Decimal(years[2025]["total"]["remaining"]) == Decimal("650000.00")


def test_the_report_collects_the_budget_section(seeded):
    moerdijk = Organisation.objects.get(short_name="Moerdijk")
    keys = [
        s.key
        for s in report_sections.collect(
            council=moerdijk,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 3, 31),
        )
    ]
    assert "budget" in keys


def test_a_period_without_a_budget_says_so(seeded):
    from django.template.loader import render_to_string

    moerdijk = Organisation.objects.get(short_name="Moerdijk")
    [section] = sections(
        council=moerdijk,
        period_start=datetime.date(2019, 1, 1),
        period_end=datetime.date(2019, 12, 31),
        as_of=datetime.date(2026, 11, 28),
        shared=SharedWork(),
    )
    assert section.data["years"] == []
    html = render_to_string(section.template, {"data": section.data, "section": section})
    assert "geen gezamenlijke begroting vastgesteld" in html
    assert "2024, 2025" in html


def test_realisation_counts_up_to_the_end_of_the_period(seeded):
    from budget.models import BudgetLine
    from tests.budget.factories import EntryFactory

    line = BudgetLine.objects.get(budget_year__year=2025, name__startswith="Kwartiermaker")
    EntryFactory(line=line, amount=Decimal("100.00"), booked_on=datetime.date(2025, 3, 31))
    EntryFactory(line=line, amount=Decimal("900.00"), booked_on=datetime.date(2025, 4, 1))
    moerdijk = Organisation.objects.get(short_name="Moerdijk")
    [section] = sections(
        council=moerdijk,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 3, 31),
        as_of=datetime.date(2026, 11, 28),
        shared=SharedWork(),
    )
    [year] = section.data["years"]
    assert year["total"]["spent"] == "100.00"
