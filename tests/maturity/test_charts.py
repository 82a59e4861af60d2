from decimal import Decimal

import pytest

from maturity import charts


@pytest.fixture(autouse=True)
def empty_cache():
    charts.clear_cache()


def quadrant(points):
    return charts.quadrant_chart(
        points=points, threshold=Decimal("3.00"), x_label="Klantervaring", y_label="Efficiency"
    )


POINTS = [
    {
        "label": "Tholen",
        "x": Decimal("3.3"),
        "y": Decimal("3.2"),
        "benchmark": False,
        "quadrant": "toekomstvoorbereid",
    },
    {
        "label": "Benchmark",
        "x": Decimal("3.4"),
        "y": Decimal("3.5"),
        "benchmark": True,
        "quadrant": "toekomstvoorbereid",
    },
]


def test_svg_keeps_text_as_text_and_has_a_dutch_alternative():
    chart = quadrant(POINTS)
    assert chart.svg.startswith("<svg")
    assert "<text" in chart.svg and ">Tholen<" in chart.svg and ">traditioneel<" in chart.svg
    assert "Tholen: 3,30 en 3,20, kwadrant toekomstvoorbereid." in chart.alt
    assert chart.data_uri.startswith("data:image/svg+xml;base64,")


def test_identical_data_is_rendered_once():
    first = quadrant(POINTS)
    misses = charts.render_count()
    again = quadrant([dict(p) for p in POINTS])
    assert again.svg == first.svg and charts.render_count() == misses
    moved = [dict(POINTS[0], x=Decimal("2.5")), POINTS[1]]
    assert quadrant(moved).svg != first.svg and charts.render_count() == misses + 1


def test_profile_and_trend_charts():
    profile = charts.profile_chart(
        organisation="Tholen",
        rows=[("Digitaal talent", Decimal("2.7"), Decimal("2.9"), "onder")],
    )
    assert ">Digitaal talent<" in profile.svg
    assert "Digitaal talent: 2,70 tegen 2,90 (onder)." in profile.alt
    trend = charts.trend_chart(
        organisation="Tholen",
        rounds=[2022, 2024],
        series=[("Klantervaring", [Decimal("3.3"), None])],
    )
    assert "Klantervaring: 2022: 3,30, 2024: geen score." in trend.alt


def test_matplotlib_is_not_imported_by_the_views_module():
    import subprocess
    import sys

    code = (
        "import django, os, sys;"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'wbw_portal.settings');"
        "django.setup(); import maturity.views, maturity.report_sections;"
        "print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_threshold_line_is_drawn_and_explained_in_words():
    chart = quadrant(POINTS)
    assert 'id="threshold-x"' in chart.svg and 'id="threshold-y"' in chart.svg
    assert ">grens 3,00<" in chart.svg
    assert "Een score op of boven de grens telt als hoog." in chart.alt


def test_movement_since_the_previous_round_is_drawn():
    moved = dict(POINTS[0], previous=(Decimal("2.8"), Decimal("2.9")), previous_year=2022)
    chart = quadrant([moved, POINTS[1]])
    assert 'id="movement-tholen"' in chart.svg
    assert "Een pijl toont de verschuiving sinds 2022, van 2,80 en 2,90." in chart.alt
    assert 'id="movement-tholen"' not in quadrant(POINTS).svg


def _font_sizes(svg: str) -> set[float]:
    import re

    return {float(size) for size in re.findall(r"font-size: ([\d.]+)px", svg)}


def test_chart_text_is_at_least_the_pages_small_text():
    """The SVG's user unit is a point and the <img> shows at most at its own size: 10.5 pt is
    14 px, Bootstrap's .small on a 16 px page (docs/maturity.md, "Charts")."""
    profile = charts.profile_chart(
        organisation="Tholen", rows=[("Digitaal talent", Decimal("2.7"), Decimal("2.9"), "onder")]
    )
    trend = charts.trend_chart(
        organisation="Tholen", rounds=[2022, 2024], series=[("Klantervaring", [1, 2])]
    )
    for chart in (quadrant(POINTS), profile, trend):
        assert min(_font_sizes(chart.svg)) >= 10.5


def test_movement_per_characteristic_is_drawn_with_words():
    chart = charts.movement_chart(
        organisation="Tholen",
        before_year=2022,
        after_year=2024,
        rows=[("Digitaal talent", Decimal("2.4"), Decimal("2.5")), ("Klant centraal", None, 3)],
        colour="#6a1b9a",
    )
    assert ">Digitaal talent<" in chart.svg and "#6a1b9a" in chart.svg
    assert "Digitaal talent: 2,40 naar 2,50." in chart.alt
    assert "Klant centraal: geen score naar 3,00." in chart.alt
