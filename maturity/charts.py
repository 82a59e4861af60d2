"""The maturity charts (quadrant, profile, trend), drawn by the shared core.charts mechanism.

This module adds the two maturity-specific kinds (quadrant, profile) to core.charts and writes
each chart's Dutch text alternative; the trend is core's generic line chart.
"""

from django.utils.translation import gettext as _

from core.charts import COLOURS, Chart, clear_cache, drawer, line_chart, render, render_count
from core.charts import decimal_text as _number

__all__ = ["Chart", "clear_cache", "profile_chart", "quadrant_chart", "render_count", "trend_chart"]

BENCHMARK_COLOUR = "#333333"
BENCHMARK_BAR_COLOUR = "#757575"  # 4.6:1 against white (WCAG non-text contrast)
SCALE_AXES = {"x": "decimal", "y": "decimal"}
OTHER_MARKERS = ["o", "s", "^", "v", "D", "P", "X"]


# --- Quadrant -----------------------------------------------------------------------------------
@drawer("quadrant")
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
    svg = render(
        "quadrant",
        points=plotted,
        threshold=str(threshold),
        x_label=x_label,
        y_label=y_label,
        scale=list(scale),
        labels=labels,
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
@drawer("profile")
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
    # Other organisations as hollow markers of distinct shapes: readable in black and white.
    for index, (label, values) in enumerate(spec.get("others", [])):
        shown = [(float(v), p) for v, p in zip(values, positions, strict=True) if v is not None]
        axes.scatter(
            [v for v, _p in shown],
            [p - height / 2 for _v, p in shown],
            marker=OTHER_MARKERS[index % len(OTHER_MARKERS)],
            s=34,
            facecolors="white",
            edgecolors="#111111",
            linewidths=0.9,
            zorder=3,
            label=label,
        )
    axes.set_yticks(positions, names)
    axes.invert_yaxis()
    axes.set_xlim(*spec["scale"])
    axes.set_xlabel(spec["x_label"])
    handles, labels = axes.get_legend_handles_labels()
    # The organisation and the benchmark first, then the others.
    bars = (spec["series_label"], spec["benchmark_label"])
    order = sorted(range(len(labels)), key=lambda i: labels[i] not in bars)
    axes.legend(
        [handles[i] for i in order],
        [labels[i] for i in order],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        ncol=min(len(labels), 3),
        frameon=False,
    )


def profile_chart(*, organisation, rows, others=(), scale=(1, 5)) -> Chart:
    """rows: [(characteristic name, score, benchmark average, comparison label)];
    others: [(label, [score or None per row])], drawn as markers beside the bars."""
    others = [[label, [None if v is None else str(v) for v in values]] for label, values in others]
    svg = render(
        "profile",
        size=[7.5, (0.36 if others else 0.45) * len(rows) + 1.8],
        others=others,
        axis_formats={"x": "decimal"},
        names=[name for name, *_rest in rows],
        scores=[str(score) for _n, score, *_rest in rows],
        benchmark=[str(bench) for _n, _s, bench, *_rest in rows],
        series_label=organisation,
        benchmark_label=_("Benchmarkgemiddelde"),
        x_label=_("Score"),
        scale=list(scale),
    )
    parts = [
        _("Staafdiagram: de score van %(organisation)s per kenmerk naast het benchmarkgemiddelde.")
        % {"organisation": organisation}
    ]
    if others:
        parts.append(
            _("Rondjes en andere tekens: de scores van %(others)s.")
            % {"others": ", ".join(label for label, _values in others)}
        )
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
def trend_chart(*, organisation, rounds, series, scale=(1, 5)) -> Chart:
    """series: [(label, [value or None per round])]."""
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
    return line_chart(
        x_labels=[str(r) for r in rounds],
        series=[{"label": label, "values": values} for label, values in series],
        x_label=_("Meting"),
        y_label=_("Score"),
        y_range=scale,
        alt=" ".join(parts),
    )
