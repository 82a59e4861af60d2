"""The report's findings as small pure functions: the quadrant and the Dutch summary.

No database here: views, charts, exports, the council report and the tests all call these with
plain numbers, so the rules live in one place. The rules are documented in docs/maturity.md.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from django.utils.translation import gettext as _

# Difference from the benchmark (on the 1–5 scale) within which a score counts as "gelijk aan".
DEFAULT_TOLERANCE = Decimal("0.10")
# A difference from the benchmark of at least this much is notable: the summary names it among
# the characteristics furthest above or below. Set per round (`AssessmentRound`); this is the
# default for a new round.
DEFAULT_NOTABLE_DIFFERENCE = Decimal("0.30")
TWO_PLACES = Decimal("0.01")


class Quadrant(Enum):
    """The four quadrants of Weill & Woerner (2017); the report names the first two."""

    TRADITIONAL = "traditioneel"  # low customer experience, low efficiency
    FUTURE_READY = "toekomstvoorbereid"  # high, high
    INTEGRATED_EXPERIENCE = "geïntegreerde klantervaring"  # high customer, low efficiency
    INDUSTRIALISED = "geïndustrialiseerd"  # high efficiency, low customer

    @property
    def label(self) -> str:
        return self.value


def quadrant_for(
    *, customer_experience: Decimal, operational_efficiency: Decimal, threshold: Decimal
) -> Quadrant:
    """Quadrant of a position: a score equal to or above `threshold` counts as high."""
    high_customer = customer_experience >= threshold
    high_efficiency = operational_efficiency >= threshold
    if high_customer and high_efficiency:
        return Quadrant.FUTURE_READY
    if high_customer:
        return Quadrant.INTEGRATED_EXPERIENCE
    if high_efficiency:
        return Quadrant.INDUSTRIALISED
    return Quadrant.TRADITIONAL


class Comparison(Enum):
    BELOW = "onder"
    EQUAL = "gelijk aan"
    ABOVE = "boven"


def compare(difference: Decimal, *, tolerance: Decimal = DEFAULT_TOLERANCE) -> Comparison:
    """'gelijk aan' when |difference| <= tolerance (the boundary counts as equal)."""
    if difference > tolerance:
        return Comparison.ABOVE
    if difference < -tolerance:
        return Comparison.BELOW
    return Comparison.EQUAL


def mean(values: Sequence[Decimal]) -> Decimal:
    """Arithmetic mean rounded half-up to two decimals (as shown everywhere)."""
    if not values:
        raise ValueError("mean of no values")
    return (sum(values, Decimal(0)) / len(values)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def characteristic_means(answers: Mapping[object, Sequence[Decimal | None]]) -> dict:
    """Score per characteristic from its answers; None is "weet niet / n.v.t.".

    "Weet niet / n.v.t." answers are left out of the mean. A characteristic with no answer on
    the scale has no score at all: it is absent from the result (not a zero, not a guess).
    """
    means = {}
    for key, values in answers.items():
        on_scale = [value for value in values if value is not None]
        if on_scale:
            means[key] = mean(on_scale)
    return means


def name_extremes(
    differences: Sequence[tuple[str, Decimal]],
    *,
    notable: Decimal = DEFAULT_NOTABLE_DIFFERENCE,
    tolerance: Decimal = DEFAULT_TOLERANCE,
) -> tuple[list[str], list[str]]:
    """(furthest above, furthest below) the benchmark, by name, largest gap first.

    Named on each side: every characteristic at least `notable` away from the benchmark (the
    boundary counts). Where none reaches it on a side, the single largest gap beyond the
    tolerance is named (with any tie), so "het verst" always names the furthest one that differs.
    No cap on the length: the threshold decides. Equal gaps keep the order of `differences`.
    """
    return (
        _extremes([(n, d) for n, d in differences if d > tolerance], notable),
        _extremes([(n, -d) for n, d in differences if d < -tolerance], notable),
    )


def _extremes(candidates: list[tuple[str, Decimal]], notable: Decimal) -> list[str]:
    """Names from (name, distance) pairs, all distances positive."""
    ranked = sorted(candidates, key=lambda item: -item[1])  # stable: ties keep their order
    if not ranked:
        return []
    cut_off = min(notable, ranked[0][1])
    return [name for name, distance in ranked if distance >= cut_off]


@dataclass(frozen=True)
class Summary:
    organisation: str
    average: Decimal
    benchmark_average: Decimal
    overall: Comparison
    above: list[str]
    below: list[str]

    @property
    def difference(self) -> Decimal:
        return self.average - self.benchmark_average

    @property
    def text(self) -> str:
        return summary_text(self)


def summarise(
    *,
    organisation: str,
    scores: Mapping[str, Decimal],
    benchmark: Mapping[str, Decimal],
    order: Sequence[str],
    tolerance: Decimal = DEFAULT_TOLERANCE,
    notable: Decimal = DEFAULT_NOTABLE_DIFFERENCE,
) -> Summary:
    """The report's finding for one organisation over the characteristics in `order`.

    Overall: the mean of its scores against the mean of the benchmark over the same
    characteristics (only those both have), compared with `tolerance`.
    """
    names = [name for name in order if name in scores and name in benchmark]
    if not names:
        raise ValueError("no characteristics to compare")
    average = mean([scores[name] for name in names])
    benchmark_average = mean([benchmark[name] for name in names])
    above, below = name_extremes(
        [(name, scores[name] - benchmark[name]) for name in names],
        notable=notable,
        tolerance=tolerance,
    )
    return Summary(
        organisation=organisation,
        average=average,
        benchmark_average=benchmark_average,
        overall=compare(average - benchmark_average, tolerance=tolerance),
        above=above,
        below=below,
    )


def _join(names: list[str]) -> str:
    # Lower-case the first letter only, so abbreviations keep their capitals (ICT-afdeling).
    names = [name[:1].lower() + name[1:] for name in names]
    if len(names) == 1:
        return names[0]
    return _("%(first)s en %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def summary_text(summary: Summary) -> str:
    """The finding in the report's own Dutch terms."""
    overall = {
        Comparison.BELOW: _("onder het benchmarkgemiddelde"),
        Comparison.EQUAL: _("gelijk aan het benchmarkgemiddelde"),
        Comparison.ABOVE: _("boven het benchmarkgemiddelde"),
    }[summary.overall]
    sentences = [
        _(
            "%(organisation)s scoort zichzelf op de cultuur- en organisatiekenmerken over "
            "het geheel %(overall)s."
        )
        % {"organisation": summary.organisation, "overall": overall}
    ]
    if summary.above:
        sentences.append(
            _("Het verst boven het gemiddelde scoort %(organisation)s op %(names)s.")
            % {"organisation": summary.organisation, "names": _join(summary.above)}
        )
    if summary.below:
        sentences.append(
            _("Het verst onder het gemiddelde scoort %(organisation)s op %(names)s.")
            % {"organisation": summary.organisation, "names": _join(summary.below)}
        )
    if not summary.above and not summary.below:
        sentences.append(_("Op geen enkel kenmerk wijkt de score duidelijk af van het gemiddelde."))
    return " ".join(sentences)
