import datetime

from benchmarks.pages import Page
from core.models import Organisation, OrganisationKind, Role, User, WorkerHeartbeat
from governance.models import Workstream

PAGES = [
    Page("inloggen", "/inloggen/", None),
    Page("overzicht (stuurgroep)", "/", "stuurgroep"),
    Page("systeemstatus (beheerder)", "/systeemstatus/", "beheerder"),
]


def scale(factor: int) -> None:
    """Organisations, users, workstreams and heartbeats: `factor` times the demo amounts."""
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Benchmarkgemeente {n}",
            short_name=f"Bench {n}",
            slug=f"bench-{n}",
            kind=OrganisationKind.GEMEENTE,
            has_council=True,
            membership_start=datetime.date(2014, 1, 1),
        )
        for n in range(7 * factor)
    )
    User.objects.bulk_create(
        User(
            username=f"bench{n}",
            organisation=organisations[n % len(organisations)],
            roles=[list(Role.values)[n % len(Role.values)]],
        )
        for n in range(6 * factor)
    )
    first = Workstream.objects.count() + 1
    Workstream.objects.bulk_create(
        Workstream(
            number=first + n,
            name=f"Benchmarkwerkstroom {n}",
            slug=f"bench-{n}",
            lead_organisation=organisations[n % len(organisations)],
        )
        for n in range(5 * factor)
    )
    WorkerHeartbeat.objects.bulk_create(WorkerHeartbeat() for _ in range(10 * factor))
