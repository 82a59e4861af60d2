from decimal import Decimal as D

import pytest
from django.core.management import call_command
from pghistory.models import Events

from maturity import seed as maturity_seed
from maturity.findings import Quadrant, name_extremes
from maturity.models import (
    Assessment,
    AssessmentRound,
    BenchmarkValue,
    Characteristic,
    CharacteristicScore,
    PillarCode,
    Question,
)
from maturity.selectors import round_results

pytestmark = pytest.mark.django_db


def test_structure_has_three_pillars_nine_culture_two_ambition(seeded):
    by_pillar = {
        code: list(Characteristic.objects.filter(pillar__code=code).values_list("name", flat=True))
        for code in PillarCode.values
    }
    assert by_pillar[PillarCode.CULTURE] == [
        "Innoveren en experimenteren",
        "Wendbaarheid en flexibiliteit",
        "Klant centraal",
        "Lerende organisatie",
        "Bijdrage ICT-afdeling",
        "Management en managementstijl",
        "Ontwikkeling digitale vaardigheden medewerkers",
        "Digitaal talent",
        "Digitaal tenzij",
    ]
    assert len(by_pillar[PillarCode.AMBITION]) == 2
    assert by_pillar[PillarCode.LEADERSHIP]
    assert all(
        Characteristic.objects.filter(pillar__code=PillarCode.LEADERSHIP).values_list(
            "is_assumed", flat=True
        )
    )
    assert Question.objects.filter(scale_min=1, scale_max=5).count() == 2 * 14


def test_seeded_2022_round_reproduces_the_report_quadrants(demo_seeded):
    assessment_round = AssessmentRound.objects.get(year=2022)
    assert assessment_round.is_demo
    results = round_results(assessment_round=assessment_round)
    quadrants = {r.organisation.short_name: r.quadrant for r in results.organisations}
    assert quadrants == {
        "Roosendaal": Quadrant.TRADITIONAL,
        "Moerdijk": Quadrant.TRADITIONAL,
        "Etten-Leur": Quadrant.TRADITIONAL,
        "Werkplein": Quadrant.TRADITIONAL,
        "Tholen": Quadrant.FUTURE_READY,
    }
    assert results.benchmark_quadrant == Quadrant.FUTURE_READY


def test_seeded_summary_names_the_seeded_scores_extremes(demo_seeded):
    """Recomputed from the stored culture scores independently of the summary code path."""
    results = round_results(assessment_round=AssessmentRound.objects.get(year=2022))
    bench = {
        b.characteristic.name: b.average
        for b in BenchmarkValue.objects.filter(round__year=2022).select_related("characteristic")
    }
    for result in results.organisations:
        stored = {
            s.characteristic.name: s.value
            for s in CharacteristicScore.objects.filter(
                assessment=result.assessment, characteristic__pillar__code=PillarCode.CULTURE
            )
            .select_related("characteristic")
            .order_by("characteristic__order")
        }
        gaps = [(name, value - bench[name]) for name, value in stored.items()]
        above, below = name_extremes(gaps, notable=D("0.30"))
        assert result.summary.above == above and 1 <= len(above) <= 4
        assert result.summary.below == below and 1 <= len(below) <= 4
        # the lowest gap is named first on the below side
        assert below[0] == min(gaps, key=lambda g: g[1])[0]
        # every named gap is notable, every other one is not
        named = set(above) | set(below)
        assert all(abs(gap) >= D("0.30") for name, gap in gaps if name in named)
        assert all(abs(gap) < D("0.30") for name, gap in gaps if name not in named)


def test_second_round_shows_movement(demo_seeded):
    results = round_results(assessment_round=AssessmentRound.objects.get(year=2024))
    roosendaal = next(r for r in results.organisations if r.organisation.short_name == "Roosendaal")
    assert roosendaal.previous.quadrant == Quadrant.TRADITIONAL
    assert roosendaal.quadrant == Quadrant.INTEGRATED_EXPERIENCE
    changes = {m.characteristic.code: m.change for m in roosendaal.movement}
    assert str(changes["digitaal-talent"]) == "0.25"
    assert str(changes["klantervaring"]) == "0.30"
    assert not Assessment.objects.filter(round__year=2024, organisation__short_name="Moerdijk")


def test_demo_seed_is_idempotent(demo_seeded):
    def snapshot():
        return (
            list(CharacteristicScore.objects.values().order_by("pk")),
            list(Assessment.objects.values().order_by("pk")),
            list(BenchmarkValue.objects.values().order_by("pk")),
            list(Question.objects.values().order_by("pk")),
            Events.objects.count(),
        )

    before = snapshot()
    call_command("seed_wbw", "--demo", verbosity=0)
    assert snapshot() == before


def test_demo_values_cover_every_profile_characteristic():
    assert len(maturity_seed.PROFILE_CODES) == 12
    for _axes, deltas in maturity_seed.DEMO_2022.values():
        assert set(deltas) == set(maturity_seed.PROFILE_CODES)
