"""Charts as SVG, rendered on the server by matplotlib, each with a Dutch text alternative.

The same SVG serves the web pages and the PDF report. Text stays text (svg.fonttype 'none').
Rendering is cached by the chart's data: the cache key is the canonical JSON of everything the
picture depends on, kept in a per-process functools.lru_cache, so identical data is never
rendered twice by one process (see docs/maturity.md). matplotlib is imported inside the render
function only: it is slow to import and most requests never draw.
"""

import base64
import io
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.utils.formats import number_format
from django.utils.translation import gettext as _

CACHE_SIZE = 256
COLOURS = ["#1b5e8c", "#b3541e", "#2e7d32", "#6a1b9a", "#8d6e00", "#00695c", "#c2185b"]
BENCHMARK_COLOUR = "#333333"
BENCHMARK_BAR_COLOUR = "#757575"  # 4.6:1 against white (WCAG non-text contrast)


@dataclass(frozen=True)
class Chart:
    svg: str
    alt: str  # Dutch text alternative: what the chart shows, in words

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


def _number(value) -> str:
    return number_format(Decimal(value), decimal_pos=2)


def _spec(kind: str, **data) -> str:
    return json.dumps({"kind": kind, **data}, sort_keys=True, default=str)


@lru_cache(maxsize=CACHE_SIZE)
def _render(spec_json: str) -> str:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    spec = json.loads(spec_json)
    draw = {"quadrant": _draw_quadrant, "profile": _draw_profile, "trend": _draw_trend}[
        spec["kind"]
    ]
    dutch = FuncFormatter(lambda value, _pos: f"{value:.1f}".replace(".", ","))
    with matplotlib.rc_context(
        {"svg.fonttype": "none", "svg.hashsalt": "wbw-maturity", "font.size": 9}
    ):
        figure = Figure(figsize=tuple(spec.get("size", (6.4, 4.8))))
        FigureCanvasSVG(figure)
        axes = figure.add_subplot()
        draw(axes, spec)
        for axis in spec.get("numeric_axes", ["x", "y"]):
            getattr(axes, f"{axis}axis").set_major_formatter(dutch)
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


# --- Quadrant -----------------------------------------------------------------------------------
def _draw_quadrant(axes, spec):
    low, high = spec["scale"]
    threshold = float(spec["threshold"])
    axes.set_xlim(low, high)
    axes.set_ylim(low, high)
    axes.axvline(threshold, color="#777777", linewidth=1)
    axes.axhline(threshold, color="#777777", linewidth=1)
    pad = (high - low) * 0.02
    for x, y, label, ha, va in [
        (low + pad, low + pad, spec["labels"]["traditional"], "left", "bottom"),
        (high - pad, high - pad, spec["labels"]["future_ready"], "right", "top"),
        (high - pad, low + pad, spec["labels"]["integrated"], "right", "bottom"),
        (low + pad, high - pad, spec["labels"]["industrialised"], "left", "top"),
    ]:
        axes.text(x, y, label, ha=ha, va=va, color="#555555", fontstyle="italic")
    placed = []  # label positions so far, to keep neighbouring names apart
    for index, point in enumerate(spec["points"]):
        is_benchmark = point.get("benchmark", False)
        x, y = float(point["x"]), float(point["y"])
        near = sum(1 for px, py in placed if abs(px - x) < 0.4 and abs(py - y) < 0.15)
        placed.append((x, y))
        axes.scatter(
            float(point["x"]),
            float(point["y"]),
            marker="D" if is_benchmark else "o",
            s=60,
            color=BENCHMARK_COLOUR if is_benchmark else COLOURS[index % len(COLOURS)],
            zorder=3,
        )
        axes.annotate(
            point["label"],
            (float(point["x"]), float(point["y"])),
            textcoords="offset points",
            # a name crowding an earlier one goes to the other side of its dot
            xytext=(-6, 4) if near % 2 else (6, 4),
            ha="right" if near % 2 else "left",
        )
    axes.set_xlabel(spec["x_label"])
    axes.set_ylabel(spec["y_label"])


def quadrant_chart(*, points, threshold, x_label, y_label, scale=(1, 5)) -> Chart:
    """points: [{'label', 'x', 'y', 'benchmark': bool, 'quadrant': str}]."""
    from maturity.findings import Quadrant

    labels = {
        "traditional": Quadrant.TRADITIONAL.label,
        "future_ready": Quadrant.FUTURE_READY.label,
        "integrated": Quadrant.INTEGRATED_EXPERIENCE.label,
        "industrialised": Quadrant.INDUSTRIALISED.label,
    }
    plotted = [
        {"label": p["label"], "x": str(p["x"]), "y": str(p["y"]), "benchmark": p["benchmark"]}
        for p in points
    ]
    svg = _render(
        _spec(
            "quadrant",
            points=plotted,
            threshold=str(threshold),
            x_label=x_label,
            y_label=y_label,
            scale=list(scale),
            labels=labels,
        )
    )
    parts = [
        _(
            "Kwadrantdiagram met %(x)s op de horizontale as en %(y)s op de verticale as; "
            "de grens tussen laag en hoog ligt op %(threshold)s."
        )
        % {"x": x_label.lower(), "y": y_label.lower(), "threshold": _number(threshold)}
    ]
    for p in points:
        parts.append(
            _("%(label)s: %(x)s en %(y)s, kwadrant %(quadrant)s.")
            % {
                "label": p["label"],
                "x": _number(p["x"]),
                "y": _number(p["y"]),
                "quadrant": p["quadrant"],
            }
        )
    return Chart(svg=svg, alt=" ".join(parts))


# --- Profile ------------------------------------------------------------------------------------
def _draw_profile(axes, spec):
    names = spec["names"]
    positions = list(range(len(names)))
    height = 0.38
    axes.barh(
        [p - height / 2 for p in positions],
        [float(v) for v in spec["scores"]],
        height=height,
        color=COLOURS[0],
        label=spec["series_label"],
    )
    axes.barh(
        [p + height / 2 for p in positions],
        [float(v) for v in spec["benchmark"]],
        height=height,
        color=BENCHMARK_BAR_COLOUR,
        label=spec["benchmark_label"],
    )
    axes.set_yticks(positions, names)
    axes.invert_yaxis()
    axes.set_xlim(*spec["scale"])
    axes.set_xlabel(spec["x_label"])
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False)


def profile_chart(*, organisation, rows, scale=(1, 5)) -> Chart:
    """rows: [(characteristic name, score, benchmark average, comparison label)]."""
    svg = _render(
        _spec(
            "profile",
            size=[7.5, 0.45 * len(rows) + 1.8],
            numeric_axes=["x"],
            names=[name for name, *_rest in rows],
            scores=[str(score) for _n, score, *_rest in rows],
            benchmark=[str(bench) for _n, _s, bench, *_rest in rows],
            series_label=organisation,
            benchmark_label=_("Benchmarkgemiddelde"),
            x_label=_("Score"),
            scale=list(scale),
        )
    )
    parts = [
        _("Staafdiagram: de score van %(organisation)s per kenmerk naast het benchmarkgemiddelde.")
        % {"organisation": organisation}
    ]
    for name, score, bench, comparison in rows:
        parts.append(
            _("%(name)s: %(score)s tegen %(benchmark)s (%(comparison)s).")
            % {
                "name": name,
                "score": _number(score),
                "benchmark": _number(bench),
                "comparison": comparison,
            }
        )
    return Chart(svg=svg, alt=" ".join(parts))


# --- Trend --------------------------------------------------------------------------------------
def _draw_trend(axes, spec):
    rounds = spec["rounds"]
    for index, (label, values) in enumerate(spec["series"]):
        xs = [i for i, v in enumerate(values) if v is not None]
        ys = [float(v) for v in values if v is not None]
        axes.plot(xs, ys, marker="o", color=COLOURS[index % len(COLOURS)], label=label)
    axes.set_xticks(list(range(len(rounds))), rounds)
    axes.set_ylim(*spec["scale"])
    axes.set_ylabel(spec["y_label"])
    axes.legend(loc="best")


def trend_chart(*, organisation, rounds, series, scale=(1, 5)) -> Chart:
    """series: [(label, [value or None per round])]."""
    svg = _render(
        _spec(
            "trend",
            numeric_axes=["y"],
            rounds=[str(r) for r in rounds],
            series=[
                [label, [None if v is None else str(v) for v in values]] for label, values in series
            ],
            y_label=_("Score"),
            scale=list(scale),
        )
    )
    parts = [
        _("Lijndiagram: de scores van %(organisation)s per meting.")
        % {"organisation": organisation}
    ]
    for label, values in series:
        shown = ", ".join(
            f"{r}: {_number(v) if v is not None else _('geen score')}"
            for r, v in zip(rounds, values, strict=True)
        )
        parts.append(f"{label}: {shown}.")
    return Chart(svg=svg, alt=" ".join(parts))
