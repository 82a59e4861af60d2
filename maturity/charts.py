"""The maturity charts (quadrant, profile, trend), drawn by the shared core.charts mechanism.

This module adds the two maturity-specific kinds (quadrant, profile) to core.charts and writes
each chart's Dutch text alternative; the trend is core's generic line chart.
"""

import math

from django.utils.translation import gettext as _

from core.charts import (
    COLOURS,
    MUTED,
    Chart,
    clear_cache,
    drawer,
    line_chart,
    render,
    render_count,
)
from core.charts import decimal_text as _number

__all__ = [
    "Chart",
    "clear_cache",
    "movement_chart",
    "number_text",
    "profile_chart",
    "quadrant_chart",
    "render_count",
    "trend_chart",
]
number_text = _number

BENCHMARK_COLOUR = "#333333"
BENCHMARK_BAR_COLOUR = "#757575"  # 4.6:1 against white (WCAG non-text contrast)
SCALE_AXES = {"x": "decimal", "y": "decimal"}
OTHER_MARKERS = ["o", "s", "^", "v", "D", "P", "X"]


# --- Quadrant -----------------------------------------------------------------------------------
# Chart text at the chart's own size (the <img> never grows beyond it): 11 pt is 14.7 px, at
# least the pages' small text (14 px) where the chart shows at full size, and above the PDF's
# 8.5 pt small print at the width the report gives it (docs/maturity.md, "Charts").
QUADRANT_SIZE = (4.6, 4.6)
QUADRANT_FONT_SIZE = 11
PROFILE_FONT_SIZE = 10.5
TREND_SIZE = (6.0, 4.2)
TREND_FONT_SIZE = 11.5
THRESHOLD_COLOUR = "#444444"


@drawer("quadrant")
def _draw_quadrant(axes, spec):
    low, high = spec["scale"]
    threshold = float(spec["threshold"])
    axes.set_xlim(low, high)
    axes.set_ylim(low, high)
    # The threshold: a score on the line counts as high (findings.quadrant_for).
    axes.axvline(
        threshold, color=THRESHOLD_COLOUR, linewidth=1.2, linestyle="--", gid="threshold-x"
    )
    axes.axhline(
        threshold, color=THRESHOLD_COLOUR, linewidth=1.2, linestyle="--", gid="threshold-y"
    )
    axes.annotate(
        spec["threshold_label"],
        (low, threshold),
        xytext=(4, 2),
        textcoords="offset points",
        ha="left",
        va="bottom",
        color=THRESHOLD_COLOUR,
        gid="threshold-label",
    )
    pad = (high - low) * 0.02
    for x, y, label, ha, va in [
        (low + pad, low + pad, spec["labels"]["traditional"], "left", "bottom"),
        (high - pad, high - pad, spec["labels"]["future_ready"], "right", "top"),
        (high - pad, low + pad, spec["labels"]["integrated"], "right", "bottom"),
        (low + pad, high - pad, spec["labels"]["industrialised"], "left", "top"),
    ]:
        # Two-word names on two lines, so a corner's name never crosses the threshold line.
        axes.text(x, y, label.replace(" ", "\n"), ha=ha, va=va, color="#555555", fontstyle="italic")
    points = spec["points"]
    for point in points:
        is_benchmark = point.get("benchmark", False)
        x, y = float(point["x"]), float(point["y"])
        colour = BENCHMARK_COLOUR if is_benchmark else point["colour"]
        previous = point.get("previous")
        if previous:
            # Movement since the previous round: a hollow dot where it was, an arrow to now.
            before = (float(previous[0]), float(previous[1]))
            axes.scatter(*before, marker="o", s=40, facecolors="white", edgecolors=colour, zorder=2)
            arrow = axes.annotate(
                "",
                xy=(x, y),
                xytext=before,
                arrowprops={
                    "arrowstyle": "->",
                    "color": colour,
                    "linewidth": 1.3,
                    "shrinkA": 4,
                    "shrinkB": 5,
                },
            )
            arrow.arrow_patch.set_gid(f"movement-{point['key']}")
        axes.scatter(
            x,
            y,
            marker="D" if is_benchmark else "o",
            s=70,
            color=colour,
            zorder=3,
            gid=f"point-{point['key']}",
        )
    _place_labels(axes, points)
    axes.set_xlabel(spec["x_label"])
    axes.set_ylabel(spec["y_label"])


# Where a name may go next to its dot (offset in points, alignment), in order of preference.
LABEL_SPOTS = [
    ((7, 3), "left", "bottom"),
    ((-7, 3), "right", "bottom"),
    ((7, -3), "left", "top"),
    ((-7, -3), "right", "top"),
    ((0, 8), "center", "bottom"),
    ((0, -8), "center", "top"),
]


def _place_labels(axes, points):
    """Each name beside its dot where it overlaps no earlier name and no dot (estimated extents,
    in display units); where every spot is taken, the one overlapping least."""
    import matplotlib

    scale = axes.figure.dpi / 72  # points -> display units
    size = float(matplotlib.rcParams["font.size"])  # the chart's, inside core's rc_context
    char_width, line_height = 0.6 * size * scale, 1.2 * size * scale
    left, bottom, right, top = axes.bbox.extents
    dots = [axes.transData.transform((float(p["x"]), float(p["y"]))) for p in points]
    taken = [(dx - 5 * scale, dy - 5 * scale, dx + 5 * scale, dy + 5 * scale) for dx, dy in dots]

    def overlap(a, b):
        width = min(a[2], b[2]) - max(a[0], b[0])
        height = min(a[3], b[3]) - max(a[1], b[1])
        return width * height if width > 0 and height > 0 else 0

    for point, (dx, dy) in zip(points, dots, strict=True):
        width, height = char_width * len(point["label"]), line_height
        best = None
        for (ox, oy), ha, va in LABEL_SPOTS:
            x0 = dx + ox * scale - {"left": 0, "right": width, "center": width / 2}[ha]
            y0 = dy + oy * scale - {"bottom": 0, "top": height}[va]
            box = (x0, y0, x0 + width, y0 + height)
            outside = box[0] < left or box[2] > right or box[1] < bottom or box[3] > top
            cost = sum(overlap(box, other) for other in taken) + (1e6 if outside else 0)
            if best is None or cost < best[0]:
                best = (cost, (ox, oy), ha, va, box)
            if cost == 0:
                break
        _cost, offset, ha, va, box = best
        taken.append(box)
        axes.annotate(
            point["label"],
            (float(point["x"]), float(point["y"])),
            textcoords="offset points",
            xytext=offset,
            ha=ha,
            va=va,
        )


def quadrant_chart(*, points, threshold, x_label, y_label, scale=(1, 5)) -> Chart:
    """points: [{'label', 'x', 'y', 'benchmark': bool, 'quadrant': str, 'colour',
    'previous': (x, y) or None, 'previous_year'}]; colours from core.charts.organisation_colours."""
    from django.utils.text import slugify

    from maturity.findings import Quadrant

    labels = {
        "traditional": Quadrant.TRADITIONAL.label,
        "future_ready": Quadrant.FUTURE_READY.label,
        "integrated": Quadrant.INTEGRATED_EXPERIENCE.label,
        "industrialised": Quadrant.INDUSTRIALISED.label,
    }
    plotted = [
        {
            "label": p["label"],
            "key": slugify(p["label"]),
            "x": str(p["x"]),
            "y": str(p["y"]),
            "benchmark": p["benchmark"],
            "colour": p.get("colour") or MUTED,
            "previous": [str(v) for v in p["previous"]] if p.get("previous") else None,
        }
        for p in points
    ]
    svg = render(
        "quadrant",
        size=list(QUADRANT_SIZE),
        font_size=QUADRANT_FONT_SIZE,
        points=plotted,
        threshold=str(threshold),
        threshold_label=_("grens %(threshold)s") % {"threshold": _number(threshold)},
        x_label=x_label,
        y_label=y_label,
        scale=list(scale),
        labels=labels,
    )
    parts = [
        _(
            "Kwadrantdiagram met %(x)s op de horizontale as en %(y)s op de verticale as; "
            "de grens tussen laag en hoog ligt op %(threshold)s (gestippelde lijnen). Een score "
            "op of boven de grens telt als hoog."
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
        if p.get("previous"):
            parts.append(
                _("Een pijl toont de verschuiving sinds %(year)s, van %(x)s en %(y)s.")
                % {
                    "year": p["previous_year"],
                    "x": _number(p["previous"][0]),
                    "y": _number(p["previous"][1]),
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
        color=spec.get("colour") or COLOURS[0],
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
        # Right-aligned under the bars, in two columns: WeasyPrint cut a third column's names
        # short in the PDF ("W" for Werkplein).
        loc="upper right",
        bbox_to_anchor=(1.0, -0.1),
        ncol=min(len(labels), 2),
        frameon=False,
    )


def profile_chart(*, organisation, rows, others=(), scale=(1, 5), colour=None) -> Chart:
    """rows: [(characteristic name, score, benchmark average, comparison label)];
    others: [(label, [score or None per row])], drawn as markers beside the bars; colour: the
    organisation's own (core.charts.organisation_colours)."""
    others = [[label, [None if v is None else str(v) for v in values]] for label, values in others]
    svg = render(
        "profile",
        size=[7.5, (0.4 if others else 0.5) * len(rows) + 2.0],
        font_size=PROFILE_FONT_SIZE,
        colour=colour,
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


# --- Movement -----------------------------------------------------------------------------------
@drawer("movement")
def _draw_movement(axes, spec):
    names = spec["names"]
    colour = spec.get("colour") or COLOURS[0]
    for position, (before, after) in enumerate(zip(spec["before"], spec["after"], strict=True)):
        if before is None or after is None:
            continue
        before, after = float(before), float(after)
        axes.scatter(before, position, marker="o", s=40, facecolors="white", edgecolors=colour)
        axes.scatter(after, position, marker="o", s=50, color=colour, zorder=3)
        if before != after:
            axes.annotate(
                "",
                xy=(after, position),
                xytext=(before, position),
                arrowprops={
                    "arrowstyle": "->",
                    "color": colour,
                    "linewidth": 1.3,
                    "shrinkA": 4,
                    "shrinkB": 4,
                },
            )
    axes.set_yticks(list(range(len(names))), names)
    axes.invert_yaxis()
    # Zoomed to the scores (within the scale), so a change of 0,10 is still visible.
    values = [float(v) for v in spec["before"] + spec["after"] if v is not None]
    low, high = spec["scale"]
    if values:
        low = max(low, math.floor((min(values) - 0.25) * 2) / 2)
        high = min(high, math.ceil((max(values) + 0.25) * 2) / 2)
    axes.set_xlim(low, high)
    axes.set_xlabel(spec["x_label"])
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)


def movement_chart(*, organisation, before_year, after_year, rows, colour=None, scale=(1, 5)):
    """rows: [(characteristic name, score before or None, score after or None)]; an open dot
    for the earlier round, a filled one for this round, an arrow between them."""
    svg = render(
        "movement",
        size=[7.5, 0.38 * len(rows) + 1.3],
        font_size=PROFILE_FONT_SIZE,
        axis_formats={"x": "decimal"},
        names=[name for name, _b, _a in rows],
        before=[None if b is None else str(b) for _n, b, _a in rows],
        after=[None if a is None else str(a) for _n, _b, a in rows],
        colour=colour,
        x_label=_("Score (open rondje: %(before)s, dicht rondje: %(after)s)")
        % {"before": before_year, "after": after_year},
        scale=list(scale),
    )
    parts = [
        _("Pijldiagram: de scores van %(organisation)s per kenmerk, van %(before)s naar %(after)s.")
        % {"organisation": organisation, "before": before_year, "after": after_year}
    ]
    for name, before, after in rows:
        parts.append(
            _("%(name)s: %(before)s naar %(after)s.")
            % {
                "name": name,
                "before": _("geen score") if before is None else _number(before),
                "after": _("geen score") if after is None else _number(after),
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
        size=TREND_SIZE,
        font_size=TREND_FONT_SIZE,
        alt=" ".join(parts),
    )
