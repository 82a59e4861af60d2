"""One palette: an organisation has the same colour in the pages' charts and in the council
report's charts (core.charts.organisation_colours)."""

import base64
import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from core.charts import organisation_colours
from core.models import Role
from core.reporting import sections as report_sections
from tests.maturity.factories import make_round, make_submitted

pytestmark = pytest.mark.django_db


def _point_colour(svg: str, organisation: str) -> str:
    group = re.search(rf'<g id="point-{organisation}">.*?fill: (#[0-9a-f]{{6}})', svg, re.S)
    return group.group(1)


def _page_quadrant_svg(html: str) -> str:
    [encoded] = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)[:1]
    return base64.b64decode(encoded).decode()


def test_an_organisation_has_the_same_colour_on_the_page_and_in_the_report(
    client_for, questionnaire, roosendaal, tholen
):
    earlier = make_round(2024)
    make_submitted(earlier, tholen, value=Decimal("2.80"))
    current = make_round(2025)
    make_submitted(current, roosendaal, value=Decimal("2.50"))
    make_submitted(current, tholen, value=Decimal("3.50"))
    colours = organisation_colours()
    assert colours["Tholen"] != colours["Roosendaal"]

    html = client_for(Role.STUURGROEPLID).get(reverse("maturity:round_detail", args=[2025]))
    page_svg = _page_quadrant_svg(html.content.decode())
    [section] = [
        s
        for s in report_sections.collect(
            council=roosendaal,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 12, 31),
            as_of=datetime.date(2025, 12, 31),
        )
        if s.key == "maturity"
    ]
    report_svg = section.data["quadrant_chart"]["svg"]
    for name, key in (("Tholen", "tholen"), ("Roosendaal", "roosendaal")):
        assert _point_colour(page_svg, key) == colours[name]
        assert _point_colour(report_svg, key) == colours[name]
    # Drawn and explained on both: the threshold, and Tholen's move since 2024.
    for svg in (page_svg, report_svg):
        assert 'id="threshold-x"' in svg and 'id="movement-tholen"' in svg
    assert (
        "een organisatie precies op een lijn staat aan de hoge kant"
        in section.data["quadrant_legend"]
    )
    assert "een organisatie precies op een lijn staat aan de hoge kant" in html.content.decode()


def test_anonymised_others_do_not_carry_their_colour(questionnaire, roosendaal, tholen):
    current = make_round(2025)
    current.others_by_name = False
    current.save()
    make_submitted(current, roosendaal, value=Decimal("2.50"))
    make_submitted(current, tholen, value=Decimal("3.50"))
    [section] = [
        s
        for s in report_sections.collect(
            council=roosendaal,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 12, 31),
            as_of=datetime.date(2025, 12, 31),
        )
        if s.key == "maturity"
    ]
    svg = section.data["quadrant_chart"]["svg"]
    assert _point_colour(svg, "roosendaal") == organisation_colours()["Roosendaal"]
    assert _point_colour(svg, "deelnemer-a") != organisation_colours()["Tholen"]


def test_the_organisation_page_draws_the_movement_per_characteristic(
    client_for, questionnaire, tholen
):
    make_submitted(make_round(2024), tholen, value=Decimal("2.80"))
    make_submitted(make_round(2025), tholen, value=Decimal("3.50"))
    url = reverse("maturity:organisation_result", args=[2025, tholen.slug])
    html = client_for(Role.STUURGROEPLID).get(url).content.decode()
    assert 'alt="Pijldiagram: de scores van Tholen per kenmerk, van 2024 naar 2025.' in html
    assert "Digitaal talent: 2,80 naar 3,50." in html
