"""The questionnaire structure (always) and demo rounds with demo scores (--demo).

The demo scores are invented; the report publishes no numbers. They are chosen so that the
portal's rules (maturity/findings.py, with the round's settings) state for the 2022 round what
appendix 1 of the 2022 report states: Roosendaal, Moerdijk, Etten-Leur and Werkplein in
"traditioneel", Tholen and the benchmark in "toekomstvoorbereid", each organisation's overall
verdict against the benchmark average and its characteristics furthest above and below.
"""

import datetime
from decimal import Decimal

from core.models import Organisation
from core.seed import upsert
from maturity.models import (
    Assessment,
    AssessmentRound,
    AssessmentSource,
    AssessmentStatus,
    Axis,
    BenchmarkValue,
    Characteristic,
    CharacteristicScore,
    Pillar,
    PillarCode,
    Question,
    QuestionnaireVersion,
    RoundStatus,
)

PILLARS = [
    (PillarCode.AMBITION, "Digitale ambitie en vorderingen", 1),
    (PillarCode.CULTURE, "Cultuur- en organisatiekenmerken", 2),
    (PillarCode.LEADERSHIP, "Leiderschapskenmerken van bestuur en management", 3),
]

# pillar, code, name, axis, assumed (not in the report), two statements (scale 1–5)
CHARACTERISTICS = [
    (
        PillarCode.AMBITION,
        "klantervaring",
        "Klantervaring door digitale business",
        Axis.CUSTOMER,
        False,
        [
            "Inwoners en ondernemers kunnen hun zaken met ons volledig digitaal regelen.",
            "Onze digitale dienstverlening is ontworpen vanuit de klantreis.",
        ],
    ),
    (
        PillarCode.AMBITION,
        "operationele-efficiency",
        "Operationele efficiency door digitalisering",
        Axis.EFFICIENCY,
        False,
        [
            "Onze werkprocessen zijn gedigitaliseerd en waar mogelijk geautomatiseerd.",
            "Ons applicatielandschap is eenvoudig en goed op elkaar aangesloten.",
        ],
    ),
    (
        PillarCode.CULTURE,
        "innoveren-experimenteren",
        "Innoveren en experimenteren",
        Axis.NONE,
        False,
        [
            "Medewerkers krijgen ruimte om nieuwe digitale oplossingen uit te proberen.",
            "Mislukte experimenten zien we als leermoment.",
        ],
    ),
    (
        PillarCode.CULTURE,
        "wendbaarheid-flexibiliteit",
        "Wendbaarheid en flexibiliteit",
        Axis.NONE,
        False,
        [
            "We passen onze werkwijze snel aan als de omstandigheden veranderen.",
            "Teams kunnen zonder lange procedures van koers veranderen.",
        ],
    ),
    (
        PillarCode.CULTURE,
        "klant-centraal",
        "Klant centraal",
        Axis.NONE,
        False,
        [
            "Bij veranderingen staat de vraag van inwoner of ondernemer voorop.",
            "We halen structureel feedback van klanten op en doen er iets mee.",
        ],
    ),
    (
        PillarCode.CULTURE,
        "lerende-organisatie",
        "Lerende organisatie",
        Axis.NONE,
        False,
        [
            "We evalueren projecten en passen de lessen toe.",
            "Kennis wordt actief gedeeld tussen afdelingen.",
        ],
    ),
    (
        PillarCode.CULTURE,
        "bijdrage-ict-afdeling",
        "Bijdrage ICT-afdeling",
        Axis.NONE,
        False,
        [
            "De ICT-afdeling denkt mee over de doelen van de organisatie.",
            "De ICT-afdeling wordt vroeg betrokken bij veranderingen.",
        ],
    ),
    (
        PillarCode.CULTURE,
        "management-managementstijl",
        "Management en managementstijl",
        Axis.NONE,
        False,
        [
            "Managers stimuleren digitaal werken in hun team.",
            "Managers sturen op resultaat en geven vertrouwen.",
        ],
    ),
    (
        PillarCode.CULTURE,
        "digitale-vaardigheden",
        "Ontwikkeling digitale vaardigheden medewerkers",
        Axis.NONE,
        False,
        [
            "Medewerkers worden getraind in digitale vaardigheden.",
            "Medewerkers kunnen goed overweg met de digitale middelen die ze gebruiken.",
        ],
    ),
    (
        PillarCode.CULTURE,
        "digitaal-talent",
        "Digitaal talent",
        Axis.NONE,
        False,
        [
            "We weten digitaal talent aan te trekken.",
            "We weten digitaal talent te behouden en te ontwikkelen.",
        ],
    ),
    (
        PillarCode.CULTURE,
        "digitaal-tenzij",
        "Digitaal tenzij",
        Axis.NONE,
        False,
        [
            "Nieuwe diensten en processen zijn digitaal, tenzij er een goede reden is.",
            "Papieren werkwijzen worden actief uitgefaseerd.",
        ],
    ),
    (
        PillarCode.LEADERSHIP,
        "digitale-visie",
        "Digitale visie van bestuur en management",
        Axis.NONE,
        True,
        [
            "Bestuur en management hebben een duidelijke digitale visie.",
            "Die visie is vertaald naar concrete doelen.",
        ],
    ),
    (
        PillarCode.LEADERSHIP,
        "voorbeeldgedrag",
        "Voorbeeldgedrag bij digitalisering",
        Axis.NONE,
        True,
        [
            "Bestuurders en managers werken zelf zichtbaar digitaal.",
            "Leidinggevenden dragen digitale vernieuwing uit.",
        ],
    ),
    (
        PillarCode.LEADERSHIP,
        "sturen-op-transformatie",
        "Sturen op digitale transformatie",
        Axis.NONE,
        True,
        [
            "Digitale transformatie staat geregeld op de agenda van het management.",
            "Er wordt gestuurd op de voortgang van digitale veranderingen.",
        ],
    ),
]

QUESTIONNAIRE_NAME = "Vragenlijst 2022"
FROZEN_AT = datetime.datetime(2022, 9, 1, 9, 0, tzinfo=datetime.UTC)

# --- Demo data (invented; see the module docstring) ---------------------------------------------
PROFILE_CODES = [code for pillar, code, *_rest in CHARACTERISTICS if pillar != PillarCode.AMBITION]

BENCHMARK_2022 = {
    "klantervaring": "3.40",
    "operationele-efficiency": "3.50",
    "innoveren-experimenteren": "3.30",
    "wendbaarheid-flexibiliteit": "3.20",
    "klant-centraal": "3.60",
    "lerende-organisatie": "3.30",
    "bijdrage-ict-afdeling": "3.10",
    "management-managementstijl": "3.40",
    "digitale-vaardigheden": "3.00",
    "digitaal-talent": "2.90",
    "digitaal-tenzij": "3.20",
    "digitale-visie": "3.40",
    "voorbeeldgedrag": "3.30",
    "sturen-op-transformatie": "3.20",
}
BENCHMARK_SPREAD = "0.60"
# The demo rounds' threshold for a notable difference from the benchmark (the default).
NOTABLE_DIFFERENCE = Decimal("0.30")

# organisation -> ((klantervaring, efficiency), difference from the benchmark per characteristic)
# With the round's notable difference of 0,30 and the tolerance of 0,10 these give exactly the
# statements of appendix 1 of the 2022 report: the quadrant, the overall verdict on the culture
# and organisation characteristics, and the characteristics furthest above and below (the
# named ones are 0,30 or more from the benchmark, every other one less). The leadership
# characteristics are invented and not summarised.
DEMO_2022 = {
    # overall equal; above: innoveren, wendbaarheid; below: klant centraal, lerende organisatie,
    # bijdrage ICT-afdeling
    "Moerdijk": (
        ("2.40", "2.60"),
        {
            "innoveren-experimenteren": "0.50",
            "wendbaarheid-flexibiliteit": "0.40",
            "klant-centraal": "-0.50",
            "lerende-organisatie": "-0.40",
            "bijdrage-ict-afdeling": "-0.30",
            "management-managementstijl": "0.00",
            "digitale-vaardigheden": "0.10",
            "digitaal-talent": "0.20",
            "digitaal-tenzij": "0.00",
            "digitale-visie": "-0.10",
            "voorbeeldgedrag": "0.10",
            "sturen-op-transformatie": "-0.20",
        },
    ),
    # overall below; above: innoveren; below: bijdrage ICT-afdeling, management,
    # digitale vaardigheden
    "Roosendaal": (
        ("2.70", "2.80"),
        {
            "innoveren-experimenteren": "0.40",
            "wendbaarheid-flexibiliteit": "-0.20",
            "klant-centraal": "-0.10",
            "lerende-organisatie": "-0.20",
            "bijdrage-ict-afdeling": "-0.70",
            "management-managementstijl": "-0.60",
            "digitale-vaardigheden": "-0.50",
            "digitaal-talent": "0.10",
            "digitaal-tenzij": "-0.20",
            "digitale-visie": "-0.20",
            "voorbeeldgedrag": "-0.10",
            "sturen-op-transformatie": "-0.20",
        },
    ),
    # overall equal; above: digitale vaardigheden, wendbaarheid, digitaal talent; below:
    # bijdrage ICT-afdeling, klant centraal, innoveren
    "Etten-Leur": (
        ("2.80", "2.50"),
        {
            "innoveren-experimenteren": "-0.40",
            "wendbaarheid-flexibiliteit": "0.50",
            "klant-centraal": "-0.50",
            "lerende-organisatie": "0.00",
            "bijdrage-ict-afdeling": "-0.60",
            "management-managementstijl": "0.10",
            "digitale-vaardigheden": "0.60",
            "digitaal-talent": "0.40",
            "digitaal-tenzij": "-0.10",
            "digitale-visie": "0.20",
            "voorbeeldgedrag": "-0.20",
            "sturen-op-transformatie": "0.00",
        },
    ),
    # overall equal; above: digitaal tenzij, management; below: digitaal talent, wendbaarheid
    "Tholen": (
        ("3.30", "3.20"),
        {
            "innoveren-experimenteren": "0.20",
            "wendbaarheid-flexibiliteit": "-0.40",
            "klant-centraal": "0.00",
            "lerende-organisatie": "0.10",
            "bijdrage-ict-afdeling": "-0.10",
            "management-managementstijl": "0.40",
            "digitale-vaardigheden": "0.20",
            "digitaal-talent": "-0.50",
            "digitaal-tenzij": "0.50",
            "digitale-visie": "0.20",
            "voorbeeldgedrag": "0.10",
            "sturen-op-transformatie": "0.20",
        },
    ),
    # overall below; above: management, innoveren; below: digitaal tenzij, lerende organisatie,
    # klant centraal, bijdrage ICT-afdeling (four)
    "Werkplein": (
        ("2.60", "2.90"),
        {
            "innoveren-experimenteren": "0.40",
            "wendbaarheid-flexibiliteit": "-0.20",
            "klant-centraal": "-0.60",
            "lerende-organisatie": "-0.70",
            "bijdrage-ict-afdeling": "-0.50",
            "management-managementstijl": "0.50",
            "digitale-vaardigheden": "0.10",
            "digitaal-talent": "-0.10",
            "digitaal-tenzij": "-0.80",
            "digitale-visie": "-0.10",
            "voorbeeldgedrag": "-0.20",
            "sturen-op-transformatie": "0.00",
        },
    ),
}

# The 2024 round is open; four organisations submitted (demo), Moerdijk has yet to score.
DEMO_2024 = {
    "Roosendaal": (("3.00", "2.90"), "0.25"),
    "Etten-Leur": (("2.90", "3.10"), "0.20"),
    "Werkplein": (("2.80", "2.90"), "0.10"),
    "Tholen": (("3.50", "3.40"), "0.10"),
}
BENCHMARK_2024_SHIFT = Decimal("0.10")


def seed(organisations: dict) -> None:
    """Pillars, characteristics and the 2022 questionnaire (frozen: the 2022 round used it)."""
    pillars = {}
    for code, name, order in PILLARS:
        pillars[code], _ = upsert(
            Pillar, lookup={"code": code}, values={"name": name, "order": order}
        )
    questionnaire, _ = upsert(
        QuestionnaireVersion, lookup={"name": QUESTIONNAIRE_NAME}, values={"frozen_at": FROZEN_AT}
    )
    for order, (pillar, code, name, axis, assumed, statements) in enumerate(CHARACTERISTICS, 1):
        characteristic, _ = upsert(
            Characteristic,
            lookup={"code": code},
            values={
                "pillar": pillars[pillar],
                "name": name,
                "order": order,
                "axis": axis,
                "is_assumed": assumed,
            },
        )
        for number, text in enumerate(statements, 1):
            upsert(
                Question,
                lookup={
                    "questionnaire": questionnaire,
                    "characteristic": characteristic,
                    "order": number,
                },
                values={"text": text, "scale_min": 1, "scale_max": 5},
            )


def _scores_2022(deltas: dict[str, str]) -> dict[str, Decimal]:
    return {code: Decimal(BENCHMARK_2022[code]) + Decimal(deltas[code]) for code in PROFILE_CODES}


def demo_scores_2022() -> dict[str, dict[str, Decimal]]:
    """organisation -> characteristic code -> demo score of the 2022 round."""
    result = {}
    for name, ((customer, efficiency), deltas) in DEMO_2022.items():
        result[name] = {
            "klantervaring": Decimal(customer),
            "operationele-efficiency": Decimal(efficiency),
            **_scores_2022(deltas),
        }
    return result


def demo_scores_2024() -> dict[str, dict[str, Decimal]]:
    base = demo_scores_2022()
    result = {}
    for name, ((customer, efficiency), shift) in DEMO_2024.items():
        result[name] = {
            "klantervaring": Decimal(customer),
            "operationele-efficiency": Decimal(efficiency),
            **{code: base[name][code] + Decimal(shift) for code in PROFILE_CODES},
        }
    return result


def _seed_round(*, year, name, status, benchmark, scores, submitted_at):
    questionnaire = QuestionnaireVersion.objects.get(name=QUESTIONNAIRE_NAME)
    assessment_round, _ = upsert(
        AssessmentRound,
        lookup={"year": year},
        values={
            "name": name,
            "questionnaire": questionnaire,
            "status": status,
            "quadrant_threshold": Decimal("3.00"),
            "notable_difference": NOTABLE_DIFFERENCE,
            "others_by_name": True,
            "is_demo": True,
        },
    )
    characteristics = {c.code: c for c in Characteristic.objects.all()}
    for code, average in benchmark.items():
        upsert(
            BenchmarkValue,
            lookup={"round": assessment_round, "characteristic": characteristics[code]},
            values={"average": average, "spread": Decimal(BENCHMARK_SPREAD)},
        )
    organisations = {}
    for short_name, values in scores.items():
        organisations[short_name] = Organisation.objects.get(short_name=short_name)
        assessment, _ = upsert(
            Assessment,
            lookup={"round": assessment_round, "organisation": organisations[short_name]},
            values={
                "status": AssessmentStatus.SUBMITTED,
                "source": AssessmentSource.DEMO,
                "submitted_at": submitted_at,
            },
        )
        for code, value in values.items():
            upsert(
                CharacteristicScore,
                lookup={"assessment": assessment, "characteristic": characteristics[code]},
                values={"value": value},
            )


def seed_demo(users: dict) -> None:
    """The 2022 baseline (closed) and an open 2024 round, with demo scores."""
    _seed_round(
        year=2022,
        name="Nulmeting",
        status=RoundStatus.CLOSED,
        benchmark={code: Decimal(value) for code, value in BENCHMARK_2022.items()},
        scores=demo_scores_2022(),
        submitted_at=datetime.datetime(2022, 10, 1, 10, 0, tzinfo=datetime.UTC),
    )
    _seed_round(
        year=2024,
        name="Vervolgmeting",
        status=RoundStatus.OPEN,
        benchmark={
            code: Decimal(value) + BENCHMARK_2024_SHIFT for code, value in BENCHMARK_2022.items()
        },
        scores=demo_scores_2024(),
        submitted_at=datetime.datetime(2024, 10, 1, 10, 0, tzinfo=datetime.UTC),
    )
    # The next round, in preparation: targets for it can be set from the 2024 results.
    upsert(
        AssessmentRound,
        lookup={"year": 2025},
        values={
            "name": "Meting",
            "questionnaire": QuestionnaireVersion.objects.get(name=QUESTIONNAIRE_NAME),
            "status": RoundStatus.PREPARING,
            "quadrant_threshold": Decimal("3.00"),
            "is_demo": True,
        },
    )
