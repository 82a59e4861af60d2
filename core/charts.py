"""One chart mechanism: SVG drawn on the server by matplotlib, each with a Dutch text alternative.

The same SVG serves the web pages and the PDF reports. Text stays text (svg.fonttype 'none').
Rendering is cached by the chart's data: the cache key is the canonical JSON of everything the
picture depends on, kept in a per-process functools.lru_cache, so identical data is never drawn
twice by one process. matplotlib is imported inside the render function only: it is slow to
import and most requests never draw.

A domain app adds its own chart kinds with `@drawer("kind")` (maturity's quadrant and profile);
the generic line chart serves the maturity trend and the budget burn-down alike.
"""

import base64
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.utils.formats import number_format

CACHE_SIZE = 256
COLOURS = ["#1b5e8c", "#b3541e", "#2e7d32", "#6a1b9a", "#8d6e00", "#00695c", "#c2185b"]
MUTED = "#5f6368"  # 6.3:1 against white (WCAG non-text contrast)
DEFAULT_FONT_SIZE = 9  # points at the chart's own size; a chart kind may ask for more

DRAWERS: dict[str, Callable] = {}


@dataclass(frozen=True)
class Chart:
    svg: str
    alt: str  # Dutch text alternative: what the chart shows, in words

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


def drawer(kind: str):
    """Register `draw(axes, spec)` for a chart kind."""

    def register(draw: Callable) -> Callable:
        DRAWERS[kind] = draw
        return draw

    return register


def organisation_colours() -> dict[str, str]:
    """The one palette: each organisation's chart colour, by short name.

    Assigned in the order the organisations were created, so a new organisation never changes
    the others' colours; pages and PDFs take the colour from here (the PDF keeps it in its
    snapshot), so an organisation looks the same in both.
    """
    from core.models import Organisation

    names = Organisation.objects.order_by("pk").values_list("short_name", flat=True)
    return {name: COLOURS[index % len(COLOURS)] for index, name in enumerate(names)}


def decimal_text(value, places: int = 2) -> str:
    return number_format(Decimal(value), decimal_pos=places)


def euro_text(value) -> str:
    """Axis and alternative-text amounts: whole euros with Dutch thousands ('€ 100.000')."""
    whole = f"{abs(Decimal(value)):,.0f}".replace(",", ".")
    return f"{'-' if Decimal(value) < 0 else ''}€\xa0{whole}"


def render(kind: str, **data) -> str:
    """The SVG (without XML prologue) for a chart kind and its data; cached by the data."""
    return _render(json.dumps({"kind": kind, **data}, sort_keys=True, default=str))


@lru_cache(maxsize=CACHE_SIZE)
def _render(spec_json: str) -> str:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    spec = json.loads(spec_json)
    formatters = {
        "decimal": FuncFormatter(lambda value, _pos: f"{value:.1f}".replace(".", ",")),
        "euro": FuncFormatter(lambda value, _pos: euro_text(Decimal(str(float(value))))),
    }
    with matplotlib.rc_context(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": "wbw-portal",
            "font.size": spec.get("font_size", DEFAULT_FONT_SIZE),
        }
    ):
        figure = Figure(figsize=tuple(spec.get("size", (6.4, 4.8))))
        FigureCanvasSVG(figure)
        axes = figure.add_subplot()
        DRAWERS[spec["kind"]](axes, spec)
        for axis, style in spec.get("axis_formats", {"x": "decimal", "y": "decimal"}).items():
            getattr(axes, f"{axis}axis").set_major_formatter(formatters[style])
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    # Inline use (PDF report): drop the XML prologue, keep the <svg> element.
    return svg[svg.index("<svg") :]


def render_count() -> int:
    """How many charts this process really drew (cache misses); for tests and benchmarks."""
    return _render.cache_info().misses


def clear_cache() -> None:
    _render.cache_clear()


# --- Line chart ---------------------------------------------------------------------------------
@drawer("line")
def _draw_line(axes, spec):
    positions = list(range(len(spec["x_labels"])))
    for index, series in enumerate(spec["series"]):
        points = [(i, float(v)) for i, v in enumerate(series["values"]) if v is not None]
        axes.plot(
            [x for x, _y in points],
            [y for _x, y in points],
            marker="o" if series.get("markers", True) else None,
            linestyle="--" if series.get("dashed") else "-",
            linewidth=2,
            color=MUTED if series.get("dashed") else COLOURS[index % len(COLOURS)],
            label=series["label"],
        )
    if spec.get("baseline") is not None:
        axes.axhline(float(spec["baseline"]), color="#444444", linewidth=0.8)
    axes.set_xticks(positions, spec["x_labels"])
    if spec.get("y_range"):
        axes.set_ylim(*[float(v) for v in spec["y_range"]])
    if spec.get("x_label"):
        axes.set_xlabel(spec["x_label"])
    axes.set_ylabel(spec["y_label"])
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.legend(loc=spec.get("legend", "best"))


def line_chart(
    *,
    x_labels: list[str],
    series: list[dict],
    y_label: str,
    alt: str,
    x_label: str = "",
    y_format: str = "decimal",
    y_range=None,
    baseline=None,
    size=(6.4, 4.8),
    font_size=DEFAULT_FONT_SIZE,
) -> Chart:
    """series: [{'label', 'values': [number or None per x label], 'dashed': bool}]."""
    svg = render(
        "line",
        size=list(size),
        font_size=font_size,
        axis_formats={"y": y_format},
        x_labels=[str(label) for label in x_labels],
        series=[
            {
                "label": s["label"],
                "values": [None if v is None else str(v) for v in s["values"]],
                "dashed": s.get("dashed", False),
            }
            for s in series
        ],
        x_label=x_label,
        y_label=y_label,
        y_range=None if y_range is None else [str(v) for v in y_range],
        baseline=None if baseline is None else str(baseline),
    )
    return Chart(svg=svg, alt=alt)
