from decimal import Decimal as D

import pytest

from maturity.findings import (
    Comparison,
    Quadrant,
    compare,
    mean,
    name_extremes,
    quadrant_for,
    summarise,
    summary_text,
)

T = D("3.00")


@pytest.mark.parametrize(
    ("customer", "efficiency", "expected"),
    [
        ("1.00", "1.00", Quadrant.TRADITIONAL),
        ("2.99", "2.99", Quadrant.TRADITIONAL),
        ("3.00", "3.00", Quadrant.FUTURE_READY),  # on the threshold counts as high
        ("5.00", "5.00", Quadrant.FUTURE_READY),
        ("3.00", "2.99", Quadrant.INTEGRATED_EXPERIENCE),
        ("2.99", "3.00", Quadrant.INDUSTRIALISED),
        ("4.50", "1.00", Quadrant.INTEGRATED_EXPERIENCE),
        ("1.00", "4.50", Quadrant.INDUSTRIALISED),
    ],
)
def test_quadrant_edges(customer, efficiency, expected):
    assert (
        quadrant_for(
            customer_experience=D(customer), operational_efficiency=D(efficiency), threshold=T
        )
        == expected
    )


def test_quadrant_threshold_is_configurable():
    kwargs = {"customer_experience": D("3.20"), "operational_efficiency": D("3.20")}
    assert quadrant_for(**kwargs, threshold=D("3.00")) == Quadrant.FUTURE_READY
    assert quadrant_for(**kwargs, threshold=D("3.21")) == Quadrant.TRADITIONAL


def test_quadrant_names_are_dutch():
    assert Quadrant.TRADITIONAL.label == "traditioneel"
    assert Quadrant.FUTURE_READY.label == "toekomstvoorbereid"


@pytest.mark.parametrize(
    ("difference", "expected"),
    [
        ("0.11", Comparison.ABOVE),
        ("0.10", Comparison.EQUAL),  # the tolerance itself counts as equal
        ("0.00", Comparison.EQUAL),
        ("-0.10", Comparison.EQUAL),
        ("-0.11", Comparison.BELOW),
    ],
)
def test_compare_tolerance_edges(difference, expected):
    assert compare(D(difference)) == expected


def test_compare_with_other_tolerance():
    assert compare(D("0.2"), tolerance=D("0.25")) == Comparison.EQUAL
    assert compare(D("0.3"), tolerance=D("0.25")) == Comparison.ABOVE


def test_mean_rounds_half_up():
    assert mean([D("1"), D("2"), D("2")]) == D("1.67")
    assert mean([D("3.005")]) == D("3.01")
    with pytest.raises(ValueError):
        mean([])


def test_extremes_name_every_gap_from_the_notable_threshold_largest_first():
    gaps = [
        ("a", D("0.5")),
        ("b", D("0.4")),
        ("c", D("0.3")),  # the threshold itself is notable
        ("d", D("0.29")),
        ("e", D("-0.9")),
        ("f", D("-0.2")),
        ("g", D("-0.5")),
        ("h", D("-0.3")),
        ("i", D("-0.31")),
    ]
    above, below = name_extremes(gaps, notable=D("0.30"))
    assert above == ["a", "b", "c"]
    assert below == ["e", "g", "i", "h"]


def test_extremes_have_no_cap():
    gaps = [(str(n), D("-0.5") - D(n) / 100) for n in range(9)]
    assert len(name_extremes(gaps, notable=D("0.30"))[1]) == 9


def test_extremes_threshold_is_a_setting():
    gaps = [("a", D("0.5")), ("b", D("0.4")), ("c", D("0.3"))]
    assert name_extremes(gaps, notable=D("0.45"))[0] == ["a"]
    assert name_extremes(gaps, notable=D("0.20"))[0] == ["a", "b", "c"]


def test_extremes_name_the_furthest_when_none_reaches_the_threshold():
    gaps = [("a", D("0.2")), ("b", D("0.25")), ("c", D("0.25")), ("d", D("-0.15"))]
    assert name_extremes(gaps, notable=D("0.30")) == (["b", "c"], ["d"])


def test_extremes_ties_keep_questionnaire_order():
    gaps = [("x", D("0.4")), ("y", D("0.4")), ("z", D("0.5"))]
    assert name_extremes(gaps, notable=D("0.30"))[0] == ["z", "x", "y"]


def test_extremes_skip_gaps_within_tolerance():
    gaps = [("a", D("0.10")), ("b", D("-0.10")), ("c", D("0.11")), ("d", D("-0.11"))]
    assert name_extremes(gaps) == (["c"], ["d"])
    assert name_extremes([("a", D("0.10"))], notable=D("0.05")) == ([], [])


def test_extremes_with_nothing_to_name():
    assert name_extremes([("a", D("0.5"))]) == (["a"], [])
    assert name_extremes([]) == ([], [])


def _summary(scores, benchmark, **kwargs):
    return summarise(
        organisation="Tholen", scores=scores, benchmark=benchmark, order=list(benchmark), **kwargs
    )


def test_summary_overall_below_equal_above():
    bench = {"A": D("3.0"), "B": D("3.0")}
    assert _summary({"A": D("2.8"), "B": D("2.9")}, bench).overall == Comparison.BELOW
    assert _summary({"A": D("3.2"), "B": D("3.0")}, bench).overall == Comparison.EQUAL  # +0.10
    assert _summary({"A": D("3.2"), "B": D("3.1")}, bench).overall == Comparison.ABOVE


def test_summary_only_uses_characteristics_both_have():
    summary = _summary({"A": D("4.0")}, {"A": D("3.0"), "B": D("1.0")})
    assert summary.average == D("4.00") and summary.benchmark_average == D("3.00")
    with pytest.raises(ValueError):
        _summary({"C": D("1")}, {"A": D("3.0")})


def test_summary_text_in_report_terms():
    bench = {"Klant centraal": D("3.0"), "Digitaal talent": D("3.0"), "Digitaal tenzij": D("3.0")}
    summary = _summary(
        {"Klant centraal": D("3.6"), "Digitaal talent": D("2.0"), "Digitaal tenzij": D("2.5")},
        bench,
    )
    text = summary_text(summary)
    assert text == (
        "Tholen scoort zichzelf op de cultuur- en organisatiekenmerken over het geheel onder "
        "het benchmarkgemiddelde. "
        "Het verst boven het gemiddelde scoort Tholen op klant centraal. "
        "Het verst onder het gemiddelde scoort Tholen op digitaal talent en digitaal tenzij."
    )


def test_summary_text_when_nothing_stands_out():
    summary = _summary({"A": D("3.05")}, {"A": D("3.0")})
    assert "gelijk aan het benchmarkgemiddelde" in summary.text
    assert "wijkt de score duidelijk af" in summary.text


def test_summary_keeps_abbreviations_in_capitals():
    summary = _summary({"Bijdrage ICT-afdeling": D("4.0")}, {"Bijdrage ICT-afdeling": D("3.0")})
    assert "op bijdrage ICT-afdeling." in summary.text
