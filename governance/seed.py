"""The stuurgroep and the five workstreams (recommendations 2–6 of the report)."""

from core.seed import upsert
from governance.models import SteeringGroupSeat, Workstream

WORKSTREAMS = [
    # number, name, slug, lead organisation (short name) or description, goal
    (
        1,
        "Basis-ICT op orde (incl. verclouding en versaasing)",
        "basis-ict",
        "ICT WBW",
        "Binnen twee maanden een plan voor de basisinfrastructuur, de digitale werkplek, "
        "connectiviteit en integratievoorzieningen, met SaaS en cloud als strategisch "
        "uitgangspunt en een dienstencatalogus met afgesproken kwaliteit, prestaties en "
        "ondersteuning.",
    ),
    (
        2,
        "Informatievoorziening (intern en extern)",
        "informatievoorziening",
        "Roosendaal",
        "Binnen twee maanden een plan voor datagedreven werken, gebundelde kennis voor "
        "dashboards, de gevolgen van nieuwe wetgeving, governance, ruimte voor maatwerk en een "
        "compacte businesscase.",
    ),
    (
        3,
        "Cybersecurity, privacy, informatiebeveiliging en recovery",
        "cybersecurity",
        "Tholen",
        "Binnen twee maanden een plan om beleid te harmoniseren, CISO's en privacyfunctionarissen "
        "te positioneren en ICT WBW tactisch-operationeel te versterken (BIO, AVG, herstel na "
        "uitval).",
    ),
    (
        4,
        "Digitale volwassenheid",
        "digitale-volwassenheid",
        "Etten-Leur",
        "Binnen twee maanden een programma voor organisatie en positionering, verankering en "
        "eigenaarschap, vaardigheden en gedrag, bewustzijn van ontwikkelingen, en transformatie "
        "en leiderschap.",
    ),
    (
        5,
        "Programma-aansturing",
        "programma-aansturing",
        None,
        "Een overkoepelend programma dat de opdrachten van de andere werkstromen op elkaar "
        "afstemt en aanstuurt.",
    ),
]

# The stuurgroep: the four gemeentesecretarissen, the director of Werkplein and of ICT WBW.
STEERING_GROUP_SEATS = [
    ("Roosendaal", "Gemeentesecretaris"),
    ("Etten-Leur", "Gemeentesecretaris"),
    ("Moerdijk", "Gemeentesecretaris"),
    ("Tholen", "Gemeentesecretaris"),
    ("Werkplein", "Directeur"),
    ("ICT WBW", "Directeur"),
]


def seed(organisations: dict) -> None:
    for number, name, slug, lead, goal in WORKSTREAMS:
        upsert(
            Workstream,
            lookup={"number": number},
            values={
                "name": name,
                "slug": slug,
                "lead_organisation": organisations[lead] if lead else None,
                "lead_description": "" if lead else "Stuurgroep / kwartiermaker",
                "goal": goal,
            },
        )
    for short_name, title in STEERING_GROUP_SEATS:
        upsert(
            SteeringGroupSeat,
            lookup={"organisation": organisations[short_name], "function_title": title},
            values={},
        )


def seed_demo(users: dict) -> None:
    """Demo accounts take their seats: the demo stuurgroep member sits for Roosendaal."""
    seat = SteeringGroupSeat.objects.get(
        organisation=users["stuurgroep"].organisation, function_title="Gemeentesecretaris"
    )
    if seat.member_id != users["stuurgroep"].pk:
        seat.member = users["stuurgroep"]
        seat.save(update_fields=["member"])
