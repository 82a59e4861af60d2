"""The stuurgroep and the five workstreams (recommendations 2–6 of the report)."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from core.seed import demo_moment, seed_story, upsert
from core.services import history_backdate
from governance.models import (
    Action,
    ActionStatus,
    AgendaItem,
    AgendaState,
    Commitment,
    CommitmentStatus,
    Decision,
    Meeting,
    Milestone,
    MilestoneStatus,
    MinutesState,
    OverallStatus,
    RegionalFunction,
    Risk,
    RiskStatus,
    RoleAssignment,
    ScopeItem,
    StatusReport,
    StatusReportState,
    SteeringGroupSeat,
    Workstream,
)

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

# What each workstream must deliver, in our own words after the report (shared/domain.md).
SCOPE_ITEMS = {
    1: [
        "Infrastructuur, zowel in eigen beheer als in de cloud",
        "Digitale werkplek en randapparatuur",
        "Verbindingen (connectiviteit) en integratievoorzieningen",
        "Telefonie en printen, ook vanuit de cloud",
        "Werken onder architectuur; technisch en functioneel wendbaar blijven",
        "SaaS en cloud als strategisch vertrekpunt",
        "Dienstencatalogus met afspraken over kwaliteit, prestaties en ondersteuning",
    ],
    2: [
        "Gezamenlijke pilot met datagedreven werken",
        "Kennis en capaciteit voor dashboards samenbrengen",
        "Overzicht van nieuwe wetten die de informatievoorziening raken, "
        "en een gezamenlijke aanpak",
        "Governance: wie welke taken, verantwoordelijkheden en bevoegdheden heeft",
        "Ruimte voor maatwerk binnen afgesproken kaders",
        "Beknopte businesscase met kosten, baten en risico's",
    ],
    3: [
        "Beleid voor informatiebeveiliging en privacy op elkaar afstemmen",
        "Rol en positie van CISO's, privacyadviseurs en functionarissen gegevensbescherming",
        "ICT WBW tactisch-operationeel versterken: BIO-maatregelen, audits, certificaten en "
        "toegangsbeleid",
        "Alle partijen voldoen aan de BIO en de AVG",
        "Herstel na uitval: hoe snel de organisatie weer online is",
    ],
    4: [
        "Organisatie en positionering van de informatiefunctie",
        "Verankering en eigenaarschap in de lijn",
        "Digitale vaardigheden en gedrag van medewerkers",
        "Oog voor nieuwe digitale ontwikkelingen",
        "Transformatie en leiderschap",
    ],
    5: [
        "De opdrachten van de werkstromen op elkaar afstemmen en bijsturen",
        "Voortgang bewaken en verantwoorden aan stuurgroep en raden",
        "Gezamenlijke begroting en kennisgroep aansturen",
    ],
}

# The regional functions of the kennisgroep / hulpstructuur, and the kwartiermaker.
REGIONAL_FUNCTIONS = [
    ("Strategisch informatiemanagement", "Richting geven aan de informatievoorziening."),
    ("Architectuur", "Samenhang in processen, informatie en techniek bewaken."),
    ("Portfoliomanagement", "Projecten en wensen afwegen en prioriteren."),
    ("Contractmanagement", "Afspraken met leveranciers beheren."),
    ("Projectleiding", "Regionale projecten leiden."),
    ("Kwartiermaker", "Het programma dagelijks aansturen (16 uur per week)."),
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
    workstreams = {ws.number: ws for ws in Workstream.objects.all()}
    for number, items in SCOPE_ITEMS.items():
        for position, text in enumerate(items, start=1):
            upsert(
                ScopeItem,
                lookup={"workstream": workstreams[number], "position": position},
                values={"text": text},
            )
    for position, (name, description) in enumerate(REGIONAL_FUNCTIONS, start=1):
        upsert(
            RegionalFunction,
            lookup={"name": name},
            values={"position": position, "description": description},
        )


def seed_demo(users: dict) -> None:
    """Demo accounts take their seats: the demo stuurgroep member sits for Roosendaal."""
    seat = SteeringGroupSeat.objects.get(
        organisation=users["stuurgroep"].organisation, function_title="Gemeentesecretaris"
    )
    if seat.member_id != users["stuurgroep"].pk:
        seat.member = users["stuurgroep"]
        seat.save(update_fields=["member"])
    _seed_demo_registers(users)


# --- Demo data: a plausible programme year (December 2025 to November 2026), marked is_demo ---

DEMO_MILESTONES = [
    # workstream, title, baseline due, due, status, completed on
    (1, "Plan basis-ICT vastgesteld", "2026-02-01", "2026-02-01", "behaald", "2026-01-28"),
    (1, "Dienstencatalogus eerste versie", "2026-06-01", "2026-09-01", "behaald", "2026-08-25"),
    (1, "Migratie werkplek naar de cloud gestart", "2026-10-01", "2027-01-15", "bezig", None),
    (
        2,
        "Plan informatievoorziening vastgesteld",
        "2026-02-01",
        "2026-02-01",
        "behaald",
        "2026-02-01",
    ),
    (2, "Pilot datagedreven werken afgerond", "2026-09-30", "2026-09-30", "behaald", "2026-10-27"),
    (2, "Wetgevingsoverzicht gedeeld met de raden", "2027-01-31", "2027-01-31", "gepland", None),
    (3, "Plan cybersecurity vastgesteld", "2026-02-01", "2026-03-01", "behaald", "2026-02-27"),
    (3, "Geharmoniseerd beveiligingsbeleid", "2026-07-01", "2026-07-01", "behaald", "2026-06-30"),
    (3, "Hersteltest na uitval uitgevoerd", "2026-11-15", "2026-11-15", "gepland", None),
    (
        4,
        "Programma digitale volwassenheid vastgesteld",
        "2026-02-01",
        "2026-02-01",
        "behaald",
        "2026-01-30",
    ),
    (4, "Tweede volwassenheidsmeting", "2026-12-15", "2026-12-15", "gepland", None),
    (5, "Programmaplan vastgesteld", "2026-01-15", "2026-01-15", "behaald", "2026-01-15"),
    (5, "Evaluatie samenwerkingsvorm", "2026-12-31", "2026-12-31", "gepland", None),
]

# workstream -> [(period start, period end, status, escalation)]
DEMO_REPORTS = {
    1: [
        ("2026-06-01", "2026-08-31", "aandacht", "Capaciteit voor de migratie is krap."),
        ("2026-09-01", "2026-10-31", "aandacht", ""),
    ],
    2: [("2026-06-01", "2026-08-31", "op_koers", ""), ("2026-09-01", "2026-10-31", "op_koers", "")],
    3: [
        ("2026-06-01", "2026-08-31", "op_koers", ""),
        (
            "2026-09-01",
            "2026-10-31",
            "aandacht",
            "Besluit nodig over gezamenlijke CISO-capaciteit.",
        ),
    ],
    4: [
        ("2026-06-01", "2026-08-31", "in_gevaar", "Budget voor de tweede meting ontbreekt."),
        ("2026-09-01", "2026-10-31", "aandacht", ""),
    ],
    5: [("2026-09-01", "2026-10-31", "op_koers", "")],
}

# What each demo report says: (progress, results, next steps), per workstream and period start;
# marked as demo data like the rest.
DEMO_REPORT_TEXTS = {
    (1, "2026-06-01"): (
        "Werkplekken en netwerken geïnventariseerd bij Moerdijk en Tholen.",
        "Eerste versie van de dienstencatalogus besproken met de leveranciersmanagers.",
        "Migratiepad naar de cloudwerkplek uitwerken en de planning afstemmen met ICT WBW.",
    ),
    (1, "2026-09-01"): (
        "Migratiepad naar de cloudwerkplek uitgewerkt; pilot bij het Werkplein gestart.",
        "Dienstencatalogus vastgesteld in het tactisch overleg; 40 pilotgebruikers over.",
        "Resultaten van de pilot evalueren en het plan voor de basisinfrastructuur afronden.",
    ),
    (2, "2026-06-01"): (
        "Behoefte aan dashboards opgehaald; drie gezamenlijke thema's gekozen.",
        "Overzicht van de gevolgen van nieuwe wetgeving voor de informatievoorziening.",
        "Een compacte businesscase opstellen voor een gedeeld dataplatform.",
    ),
    (2, "2026-09-01"): (
        "De businesscase voor het gedeelde dataplatform is in concept klaar.",
        "Datapilot afgerond: één dashboard over de dienstverlening.",
        "Businesscase laten toetsen door de controllers.",
    ),
    (3, "2026-06-01"): (
        "Het beveiligingsbeleid van de deelnemers vergeleken; de verschillen zijn klein.",
        "Voorstel voor één gezamenlijk beleidskader volgens de BIO.",
        "De positie van de CISO's en privacyfunctionarissen uitwerken.",
    ),
    (3, "2026-09-01"): (
        "Gezamenlijk beleidskader in concept klaar; herstelplannen geïnventariseerd.",
        "Twee scenario's voor gedeelde CISO-capaciteit uitgewerkt.",
        "Na het besluit van de stuurgroep de gekozen variant inrichten.",
    ),
    (4, "2026-06-01"): (
        "De uitkomsten van de eerste meting zijn per deelnemer besproken.",
        "Ontwikkelprogramma in hoofdlijnen: eigenaarschap, vaardigheden en leiderschap.",
        "Budget voor de tweede meting regelen en de vragenlijst voorbereiden.",
    ),
    (4, "2026-09-01"): (
        "Budget voor de tweede meting is via een begrotingswijziging geregeld.",
        "De vragenlijst voor de vervolgmeting is klaargezet voor de respondenten.",
        "Respondenten begeleiden bij het invullen; de meting sluit in december.",
    ),
    (5, "2026-09-01"): (
        "De werkstromen rapporteren maandelijks aan de stuurgroep.",
        "Raadsrapportage over het tweede kwartaal aan de vier gemeenteraden verstuurd.",
        "De stuurgroep van januari en de rapportage over het vierde kwartaal voorbereiden.",
    ),
}

DEMO_MEETINGS = [
    ("2026-01-20", "Stuurgroep januari", True),
    ("2026-04-14", "Stuurgroep april", True),
    ("2026-07-07", "Stuurgroep juli", True),
    ("2026-10-06", "Stuurgroep oktober", False),
]

# The next meeting, being prepared: times, a place and a video link, a draft agenda with
# presenters and durations (position, title, presenter, minutes, workstream number).
# The next meeting was planned and its agenda published after the October meeting.
DEMO_NEXT_PLANNED_ON = "2026-11-09"
DEMO_NEXT_PUBLISHED_ON = "2026-11-20"
DEMO_NEXT_MEETING = ("2027-01-19", "Stuurgroep januari", "14:00", "16:00")
DEMO_NEXT_AGENDA = [
    (1, "Opening en mededelingen", "Voorzitter stuurgroep", 10, None),
    (2, "Voortgang van de werkstromen", "Kwartiermaker", 40, None),
    (3, "Harmonisatie van het informatiebeveiligingsbeleid", "Trekker werkstroom 3", 30, 3),
    (5, "Rondvraag en sluiting", "Voorzitter stuurgroep", 10, None),
]
# Item 4 of the next meeting was added from the suggestions: this overdue action.
DEMO_SUGGESTED_POSITION = 4
DEMO_SUGGESTED_ACTION = "Notitie CISO-capaciteit opstellen"

DEMO_DECISIONS = [
    # sequence, meeting index, text, workstreams
    (1, 0, "De plannen van de werkstromen 1 tot en met 4 worden vastgesteld.", [1, 2, 3, 4]),
    (2, 0, "Het programmaplan en de planning tot en met 2026 worden vastgesteld.", [5]),
    (3, 1, "De dienstencatalogus wordt uitgesteld tot september.", [1]),
    (4, 2, "Het geharmoniseerde beveiligingsbeleid wordt ter vaststelling aangeboden.", [3]),
    (5, 3, "De kennisgroep wordt uitgebreid met een tweede architect.", [5]),
    (
        6,
        3,
        "De deelnemers delen één CISO: Tholen werkt de gezamenlijke CISO-capaciteit uit "
        "in een notitie, zodat de rol niet langer bij één persoon ligt.",
        [3],
    ),
]

DEMO_ACTIONS = [
    ("Notitie CISO-capaciteit opstellen", 3, "2026-11-01", ActionStatus.OPEN, 6),
    ("Voorstel financiering tweede meting", 4, "2026-12-01", ActionStatus.IN_PROGRESS, None),
    ("Planning migratie werkplek actualiseren", 1, "2026-10-15", ActionStatus.DONE, 3),
    (
        "Raadsinformatiebrief over de voortgang voorbereiden",
        5,
        "2026-11-20",
        ActionStatus.OPEN,
        None,
    ),
]

DEMO_COMMITMENTS = [
    (
        "Roosendaal",
        "Portefeuillehouder ICT",
        "2026-03-12",
        "De raad ontvangt de uitkomst van de pilot datagedreven werken.",
        "2026-10-31",
        2,
    ),
    (
        "Etten-Leur",
        "Stuurgroep",
        "2026-04-02",
        "De raad wordt geïnformeerd over de tweede volwassenheidsmeting.",
        "2027-02-28",
        4,
    ),
    (
        "Moerdijk",
        "Portefeuillehouder ICT",
        "2026-05-21",
        "De raad krijgt een overzicht van de kosten per deelnemer.",
        "2026-09-30",
        5,
    ),
    (
        "Tholen",
        "Stuurgroep",
        "2026-06-11",
        "De raad hoort hoe snel de gemeente na een uitval weer online is.",
        "2026-12-31",
        3,
    ),
]

DEMO_RISKS = [
    (1, "Te weinig capaciteit bij ICT WBW voor de migratie", 4, 4, RiskStatus.OPEN),
    (3, "Uitval zonder geteste herstelprocedure", 3, 5, RiskStatus.OPEN),
    (3, "CISO-rol bij één persoon belegd", 4, 3, RiskStatus.OPEN),
    (2, "Datakwaliteit onvoldoende voor dashboards", 3, 3, RiskStatus.CONTROLLED),
    (4, "Geen budget voor herhaalde meting", 3, 4, RiskStatus.OPEN),
    (
        None,
        "Vervanging van kennisgroepleden in eigen organisatie blijft uit",
        4,
        3,
        RiskStatus.OPEN,
    ),
    (None, "Nieuwe wetgeving vraagt meer dan voorzien", 2, 3, RiskStatus.OPEN),
]

DEMO_ROLE_ASSIGNMENTS = [
    ("Strategisch informatiemanagement", "Inge Informatie", "Roosendaal", "8"),
    ("Strategisch informatiemanagement", "Sjoerd Strategie", "Etten-Leur", "8"),
    ("Architectuur", "Anton Architect", "Tholen", "12"),
    ("Portfoliomanagement", "Petra Portfolio", "Moerdijk", "6"),
    ("Portfoliomanagement", "Paul Planning", "Werkplein", "6"),
    ("Contractmanagement", "Carla Contract", "ICT WBW", "8"),
    ("Projectleiding", "Pieter Project", "Roosendaal", "16"),
    ("Projectleiding", "Priya Projecten", "Etten-Leur", "16"),
]


# The demo's timeline (issue 10): every record's timestamps and history tell when it happened,
# so "nieuw" and "sinds de vorige stuurgroep" (the October meeting) mean something. A milestone
# slipped on this day (default: three weeks before its first due date).
DEMO_SLIPPED_ON = {
    "Plan cybersecurity vastgesteld": "2026-01-26",
    "Dienstencatalogus eerste versie": "2026-04-15",
    "Migratie werkplek naar de cloud gestart": "2026-10-20",
}
# action -> (created, in progress since, done on); None: not (yet)
DEMO_ACTION_DAYS = {
    "Notitie CISO-capaciteit opstellen": ("2026-10-06", None, None),
    "Voorstel financiering tweede meting": ("2026-10-14", "2026-10-21", None),
    "Planning migratie werkplek actualiseren": ("2026-04-14", "2026-05-04", "2026-10-12"),
    "Raadsinformatiebrief over de voortgang voorbereiden": ("2026-09-10", None, None),
}
DEMO_COMMITMENTS_SETTLED = {
    "De raad krijgt een overzicht van de kosten per deelnemer.": "2026-10-15"
}
# risk -> (raised on, controlled on)
DEMO_RISKS_RAISED = {
    "Te weinig capaciteit bij ICT WBW voor de migratie": ("2026-03-02", None),
    "Uitval zonder geteste herstelprocedure": ("2026-10-22", None),
    "CISO-rol bij één persoon belegd": ("2026-09-15", None),
    "Datakwaliteit onvoldoende voor dashboards": ("2026-02-10", "2026-07-20"),
    "Geen budget voor herhaalde meting": ("2026-06-05", None),
    "Vervanging van kennisgroepleden in eigen organisatie blijft uit": ("2026-01-27", None),
    "Nieuwe wetgeving vraagt meer dan voorzien": ("2026-11-04", None),
}
DEMO_DEFAULT_DAYS = ("2026-01-15", "2026-06-01")


def _d(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


def _seed_next_meeting(workstreams: dict) -> Meeting:
    held_on, title, start, end = DEMO_NEXT_MEETING
    meeting = seed_story(
        Meeting,
        lookup={"held_on": _d(held_on), "title": title},
        story=[(demo_moment(DEMO_NEXT_PLANNED_ON), {})],
        values={
            "start_time": datetime.time.fromisoformat(start),
            "end_time": datetime.time.fromisoformat(end),
            "location": "Stadskantoor Roosendaal, zaal 2",
            "video_url": "https://vergaderen.example.nl/stuurgroep-wbw",
            "is_demo": True,
        },
    )
    for position, item, presenter, minutes, number in DEMO_NEXT_AGENDA:
        seed_story(
            AgendaItem,
            lookup={"meeting": meeting, "position": position},
            story=[(demo_moment(DEMO_NEXT_PLANNED_ON, 11), {})],
            values={
                "title": item,
                "presenter": presenter,
                "duration_minutes": minutes,
                "workstream": workstreams[number] if number else None,
            },
        )
    return meeting


def _seed_next_meeting_published(meeting: Meeting) -> None:
    """The next meeting's agenda is complete: item 4 came from a suggestion (the overdue action
    on the CISO capacity), and the kwartiermaker published it on 20 November, so the
    stuurgroep sees it under 'Actie nodig' (docs/governance.md)."""
    action = Action.objects.get(title=DEMO_SUGGESTED_ACTION)
    seed_story(
        AgendaItem,
        lookup={"meeting": meeting, "position": DEMO_SUGGESTED_POSITION},
        story=[(demo_moment(DEMO_NEXT_PUBLISHED_ON, 8, 45), {})],
        values={
            "title": f"Verlopen actie: {action.title}",  # as the suggestion names it
            "description": "Voorgesteld vanuit de actielijst: de actie is over haar deadline.",
            "presenter": "Trekker werkstroom 3",
            "duration_minutes": 15,
            "workstream": action.workstream,
            "source_type": ContentType.objects.get_for_model(Action),
            "source_id": action.pk,
        },
    )
    # On the demo's timeline (never in the future): published after the October meeting.
    published_at = min(demo_moment(DEMO_NEXT_PUBLISHED_ON, 9), timezone.now())
    _meeting, changed = upsert(
        Meeting,
        lookup={"pk": meeting.pk},
        values={"agenda_state": AgendaState.PUBLISHED, "agenda_published_at": published_at},
    )
    if changed:
        history_backdate(record=meeting, at=published_at, latest_only=True)


def _milestone_story(title, baseline, due, status, completed) -> list:
    """Planned with its first due date, started, perhaps moved, perhaps reached."""
    baseline = _d(baseline)
    created = demo_moment("2025-12-10" if baseline <= _d("2026-03-01") else "2026-01-22")
    steps = []
    if status in (MilestoneStatus.IN_PROGRESS, MilestoneStatus.REACHED):
        started = max(
            created.date() + datetime.timedelta(days=1), baseline - datetime.timedelta(days=75)
        )
        if completed:
            started = min(started, _d(completed) - datetime.timedelta(days=1))
        steps.append((demo_moment(started, 9), {"status": MilestoneStatus.IN_PROGRESS}))
    if due != baseline.isoformat():
        slipped = DEMO_SLIPPED_ON.get(title) or (baseline - datetime.timedelta(days=21)).isoformat()
        steps.append((demo_moment(slipped, 12), {"due_date": _d(due)}))
    if completed:
        steps.append(
            (
                demo_moment(completed, 16),
                {"status": MilestoneStatus.REACHED, "completed_on": _d(completed)},
            )
        )
    initial = {"due_date": baseline, "status": MilestoneStatus.PLANNED, "completed_on": None}
    return [(created, initial), *sorted(steps, key=lambda step: step[0])]


def _action_story(title, status, decision) -> list:
    created, started, done = DEMO_ACTION_DAYS.get(title, (DEMO_DEFAULT_DAYS[0], None, None))
    story = [(demo_moment(created, 16, 45), {"status": ActionStatus.OPEN})]
    if started:
        story.append((demo_moment(started, 10), {"status": ActionStatus.IN_PROGRESS}))
    if done and status == ActionStatus.DONE:
        story.append((demo_moment(done, 15), {"status": ActionStatus.DONE}))
    elif status not in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS) or (
        status == ActionStatus.IN_PROGRESS and not started
    ):
        story.append((demo_moment(DEMO_DEFAULT_DAYS[1], 15), {"status": status}))
    return story


def _seed_demo_registers(users: dict) -> None:
    from decimal import Decimal

    from core.models import Organisation

    kwartiermaker = users["kwartiermaker"]
    workstreams = {ws.number: ws for ws in Workstream.objects.all()}
    upsert(Workstream, lookup={"number": 3}, values={"lead_user": users["trekker"]})
    for number, title, baseline, due, status, completed in DEMO_MILESTONES:
        seed_story(
            Milestone,
            lookup={"workstream": workstreams[number], "title": title},
            values={
                "baseline_due_date": _d(baseline),
                "due_date": _d(due),
                "status": MilestoneStatus(status),
                "completed_on": _d(completed) if completed else None,
                "is_demo": True,
            },
            story=_milestone_story(title, baseline, due, status, completed),
        )
    for number, reports in DEMO_REPORTS.items():
        for start, end, status, escalation in reports:
            published_at = timezone.make_aware(
                datetime.datetime.combine(_d(end) + datetime.timedelta(days=3), datetime.time(9))
            )
            seed_story(
                StatusReport,
                lookup={"workstream": workstreams[number], "period_start": _d(start)},
                # Written as a draft the day after the period, published three days after it.
                story=[
                    (
                        demo_moment(_d(end) + datetime.timedelta(days=1), 14),
                        {
                            "state": StatusReportState.DRAFT,
                            "published_at": None,
                            "published_by": None,
                        },
                    ),
                    (
                        published_at,
                        {
                            "state": StatusReportState.PUBLISHED,
                            "published_at": published_at,
                            "published_by": kwartiermaker,
                        },
                    ),
                ],
                values={
                    "period_end": _d(end),
                    "overall_status": OverallStatus(status),
                    "progress_summary": "Demodata: " + DEMO_REPORT_TEXTS[number, start][0],
                    "results": "Demodata: " + DEMO_REPORT_TEXTS[number, start][1],
                    "next_steps": "Demodata: " + DEMO_REPORT_TEXTS[number, start][2],
                    "escalations": escalation,
                    "state": StatusReportState.PUBLISHED,
                    "author": kwartiermaker,
                    "published_at": published_at,
                    "published_by": kwartiermaker,
                    "is_demo": True,
                },
            )
    meetings = []
    for held_on, title, adopted in DEMO_MEETINGS:
        minutes = "Demodata: verslag van de vergadering; de besluiten staan in de besluitenlijst."
        # Planned four weeks ahead, its agenda published two weeks ahead (like the next
        # meeting's), minutes two days after, adopted at the next meeting.
        published_at = demo_moment(_d(held_on) - datetime.timedelta(days=14), 9)
        story = [
            (
                demo_moment(_d(held_on) - datetime.timedelta(days=28)),
                {
                    "agenda_state": AgendaState.DRAFT,
                    "agenda_published_at": None,
                    "minutes": "",
                    "minutes_state": MinutesState.DRAFT,
                    "adopted_on": None,
                    "adopted_by": None,
                },
            ),
            (
                published_at,
                {"agenda_state": AgendaState.PUBLISHED, "agenda_published_at": published_at},
            ),
            (demo_moment(_d(held_on) + datetime.timedelta(days=2), 11), {"minutes": minutes}),
        ]
        if adopted:
            adopted_on = _d(held_on) + datetime.timedelta(days=84)
            story.append(
                (
                    demo_moment(adopted_on, 15),
                    {
                        "minutes_state": MinutesState.ADOPTED,
                        "adopted_on": adopted_on,
                        "adopted_by": users["stuurgroep"],
                    },
                )
            )
        meeting = seed_story(
            Meeting,
            lookup={"held_on": _d(held_on), "title": title},
            story=story,
            values={
                "location": "Stadskantoor Roosendaal",
                "start_time": datetime.time(14),
                "end_time": datetime.time(16),
                "agenda_state": AgendaState.PUBLISHED,
                "agenda_published_at": published_at,
                "minutes": minutes,
                "minutes_state": MinutesState.ADOPTED if adopted else MinutesState.DRAFT,
                "adopted_on": _d(held_on) + datetime.timedelta(days=84) if adopted else None,
                "adopted_by": users["stuurgroep"] if adopted else None,
                "is_demo": True,
            },
        )
        meetings.append(meeting)
        for position, item in enumerate(
            ["Opening en verslag vorige vergadering", "Voortgang werkstromen", "Rondvraag"],
            start=1,
        ):
            seed_story(
                AgendaItem,
                lookup={"meeting": meeting, "position": position},
                values={"title": item},
                story=[(meeting.created_at, {})],
            )
    next_meeting = _seed_next_meeting(workstreams)
    decisions = {}
    for sequence, meeting_index, text, numbers in DEMO_DECISIONS:
        meeting = meetings[meeting_index]
        decision = seed_story(
            Decision,
            lookup={"year": meeting.held_on.year, "sequence": sequence},
            # Recorded on the day of the meeting, after it.
            story=[(demo_moment(meeting.held_on, 16, sequence), {})],
            values={
                "decided_on": meeting.held_on,
                "text": text,
                "meeting": meeting,
                "is_demo": True,
            },
        )
        if set(decision.workstreams.values_list("number", flat=True)) != set(numbers):
            decision.workstreams.set([workstreams[n] for n in numbers])
        decisions[sequence] = decision
    for title, number, due, status, decision_sequence in DEMO_ACTIONS:
        seed_story(
            Action,
            lookup={"title": title},
            story=_action_story(title, status, decisions.get(decision_sequence)),
            values={
                "workstream": workstreams[number],
                "owner": kwartiermaker,
                "due_date": _d(due),
                "status": status,
                "decision": decisions.get(decision_sequence),
                "is_demo": True,
            },
        )
    _seed_next_meeting_published(next_meeting)
    councils = {o.short_name: o for o in Organisation.objects.with_council()}
    for council, made_by, made_on, text, due, number in DEMO_COMMITMENTS:
        settled = DEMO_COMMITMENTS_SETTLED.get(text)
        story = [(demo_moment(made_on, 11), {"status": CommitmentStatus.OPEN})]
        if settled:
            story.append((demo_moment(settled, 10), {"status": CommitmentStatus.DONE}))
        seed_story(
            Commitment,
            lookup={"council": councils[council], "text": text},
            story=story,
            values={
                "made_by": made_by,
                "made_on": _d(made_on),
                "due_date": _d(due),
                "status": CommitmentStatus.DONE if settled else CommitmentStatus.OPEN,
                "workstream": workstreams[number],
                "is_demo": True,
            },
        )
    for number, title, probability, impact, status in DEMO_RISKS:
        raised_on, controlled_on = DEMO_RISKS_RAISED.get(title, DEMO_DEFAULT_DAYS)
        story = [(demo_moment(raised_on, 13), {"status": RiskStatus.OPEN})]
        if status != RiskStatus.OPEN:
            story.append((demo_moment(controlled_on, 13), {"status": status}))
        seed_story(
            Risk,
            lookup={"title": title},
            story=story,
            values={
                "workstream": workstreams[number] if number else None,
                "probability": probability,
                "impact": impact,
                "status": status,
                "owner": kwartiermaker,
                "mitigation": "Demodata: maatregel besproken in de stuurgroep.",
                "is_demo": True,
            },
        )
    functions = {f.name: f for f in RegionalFunction.objects.all()}
    organisations = {o.short_name: o for o in Organisation.objects.all()}
    for function, person, organisation, hours in DEMO_ROLE_ASSIGNMENTS:
        seed_story(
            RoleAssignment,
            lookup={"function": functions[function], "person_name": person},
            story=[(demo_moment("2025-12-08", 9), {})],
            values={
                "organisation": organisations[organisation],
                "hours_per_week": Decimal(hours),
                "is_demo": True,
            },
        )
    seed_story(
        RoleAssignment,
        lookup={"function": functions["Kwartiermaker"], "person_name": str(kwartiermaker)},
        story=[(demo_moment("2025-12-01", 9), {})],
        values={
            "organisation": organisations["Roosendaal"],
            "hours_per_week": Decimal("16"),
            "is_demo": True,
        },
    )
    _seed_demo_meeting_document(kwartiermaker)


def demo_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF with a few lines of text, written by hand (no renderer needed): the
    objects, then a cross-reference table with their byte offsets."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = ["BT", "/F1 16 Tf", "56 780 Td", f"({escape(title)}) Tj", "/F1 11 Tf"]
    for line in lines:
        text += ["0 -22 Td", f"({escape(line)}) Tj"]
    stream = "\n".join([*text, "ET"]).encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


DEMO_DOCUMENT_TITLE = "Voortgang van de werkstromen (demodata)"


def _seed_demo_meeting_document(kwartiermaker) -> None:
    """One real PDF paper on the next meeting's agenda, at the progress of the workstreams."""
    import io

    from governance.services import meeting_document_add

    held_on, title, _start, _end = DEMO_NEXT_MEETING
    meeting = Meeting.objects.filter(held_on=_d(held_on), title=title).first()
    if meeting is None or meeting.documents.filter(title=DEMO_DOCUMENT_TITLE).exists():
        return
    item = meeting.agenda_items.filter(title="Voortgang van de werkstromen").first()
    content = demo_pdf(
        "Voortgang van de werkstromen",
        [
            "Demodata: een vergaderstuk bij het agendapunt 'Voortgang van de werkstromen'.",
            "De werkstromen lichten hun laatste statusrapportage toe.",
        ],
    )
    meeting_document_add(
        meeting=meeting,
        agenda_item=item,
        title=DEMO_DOCUMENT_TITLE,
        file=io.BytesIO(content),
        file_name="Voortgang van de werkstromen.pdf",
        acting_user=kwartiermaker,
        is_demo=True,
    )
