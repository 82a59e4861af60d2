"""The demo 2022 round states what appendix 1 of the 2022 report states, statement by statement.

The expectations are the report's own words (shared/domain.md, source document, sections
1.2.1 and 1.2.4–1.2.8), written down here independently of the seed. The source's typos
("innoveren en experimenten", "O ontwikkeling") are not copied.
"""

import pytest

from maturity.findings import Comparison, Quadrant
from maturity.models import AssessmentRound
from maturity.selectors import round_results

pytestmark = pytest.mark.django_db

QUADRANTS = {
    "Roosendaal": Quadrant.TRADITIONAL,
    "Moerdijk": Quadrant.TRADITIONAL,
    "Etten-Leur": Quadrant.TRADITIONAL,
    "Werkplein": Quadrant.TRADITIONAL,
    "Tholen": Quadrant.FUTURE_READY,
}

# organisation: (overall, furthest above, furthest below), in the report's order
STATEMENTS = {
    "Moerdijk": (
        Comparison.EQUAL,
        ["innoveren en experimenteren", "wendbaarheid en flexibiliteit"],
        ["klant centraal", "lerende organisatie", "bijdrage ICT-afdeling"],
    ),
    "Roosendaal": (
        Comparison.BELOW,
        ["innoveren en experimenteren"],
        [
            "bijdrage ICT-afdeling",
            "management en managementstijl",
            "ontwikkeling digitale vaardigheden medewerkers",
        ],
    ),
    "Etten-Leur": (
        Comparison.EQUAL,
        [
            "ontwikkeling digitale vaardigheden medewerkers",
            "wendbaarheid en flexibiliteit",
            "digitaal talent",
        ],
        ["bijdrage ICT-afdeling", "klant centraal", "innoveren en experimenteren"],
    ),
    "Tholen": (
        Comparison.EQUAL,
        ["digitaal tenzij", "management en managementstijl"],
        ["digitaal talent", "wendbaarheid en flexibiliteit"],
    ),
    "Werkplein": (
        Comparison.BELOW,
        ["management en managementstijl", "innoveren en experimenteren"],
        [
            "digitaal tenzij",
            "lerende organisatie",
            "klant centraal",
            "bijdrage ICT-afdeling",
        ],
    ),
}


@pytest.fixture
def results_2022(demo_seeded):
    results = round_results(assessment_round=AssessmentRound.objects.get(year=2022))
    return {r.organisation.short_name: r for r in results.organisations}, results


def _lower(names):
    return [name[:1].lower() + name[1:] for name in names]


@pytest.mark.parametrize("organisation", list(QUADRANTS))
def test_quadrant_of_each_organisation(results_2022, organisation):
    by_name, _results = results_2022
    assert by_name[organisation].quadrant == QUADRANTS[organisation]


def test_benchmark_is_future_ready(results_2022):
    _by_name, results = results_2022
    assert results.benchmark_quadrant == Quadrant.FUTURE_READY


@pytest.mark.parametrize("organisation", list(STATEMENTS))
def test_overall_verdict_against_the_benchmark_average(results_2022, organisation):
    by_name, _results = results_2022
    summary = by_name[organisation].summary
    assert summary.overall == STATEMENTS[organisation][0]
    verdict = {Comparison.EQUAL: "gelijk aan", Comparison.BELOW: "onder"}[summary.overall]
    assert f"over het geheel {verdict} het benchmarkgemiddelde" in summary.text


@pytest.mark.parametrize("organisation", list(STATEMENTS))
def test_characteristics_furthest_above(results_2022, organisation):
    by_name, _results = results_2022
    above = by_name[organisation].summary.above
    assert _lower(above) == STATEMENTS[organisation][1]
    assert 1 <= len(above) <= 4


@pytest.mark.parametrize("organisation", list(STATEMENTS))
def test_characteristics_furthest_below(results_2022, organisation):
    by_name, _results = results_2022
    below = by_name[organisation].summary.below
    assert _lower(below) == STATEMENTS[organisation][2]
    assert 1 <= len(below) <= 4


def test_werkplein_names_four_below(results_2022):
    """The list the old cap of three could not reproduce."""
    by_name, _results = results_2022
    text = by_name["Werkplein"].summary.text
    assert (
        "Het verst onder het gemiddelde scoort Werkplein op digitaal tenzij, lerende organisatie, "
        "klant centraal en bijdrage ICT-afdeling." in text
    )


def test_imported_scores_follow_the_same_rule(results_2022):
    """No organisation-specific case: Etten-Leur's and Werkplein's 2022 scores imported the
    other way round into a new round give each the other's findings."""
    from core.imports.pipeline import parse_file
    from core.models import User
    from maturity.imports import ScoresImporter
    from maturity.seed import demo_scores_2022
    from tests.maturity.factories import make_round

    new_round = make_round(2030)
    benchmark_2022 = {
        b.characteristic_id: b.average
        for b in AssessmentRound.objects.get(year=2022).benchmark_values.all()
    }
    for value in new_round.benchmark_values.all():
        value.average = benchmark_2022[value.characteristic_id]
        value.save()
    scores = demo_scores_2022()
    lines = ["organisatie;kenmerk;waarde"] + [
        f"{target};{code};{value}"
        for target, source in (("Etten-Leur", "Werkplein"), ("Werkplein", "Etten-Leur"))
        for code, value in scores[source].items()
    ]
    importer = ScoresImporter(new_round)
    parsed = parse_file(importer, name="scores.csv", content="\n".join(lines).encode())
    assert parsed.errors == []
    importer.apply(parsed.rows, acting_user=User.objects.get(username="kwartiermaker"))
    swapped = {
        r.organisation.short_name: r
        for r in round_results(assessment_round=new_round).organisations
    }
    for target, source in (("Etten-Leur", "Werkplein"), ("Werkplein", "Etten-Leur")):
        overall, above, below = STATEMENTS[source]
        summary = swapped[target].summary
        assert (summary.overall, _lower(summary.above), _lower(summary.below)) == (
            overall,
            above,
            below,
        )
        assert swapped[target].quadrant == QUADRANTS[source]
