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
