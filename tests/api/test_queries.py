"""Every list endpoint answers in a fixed number of queries, at two data sizes."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget.models import BudgetYear
from budget.services import shares_recalculate
from core.models import Role
from governance.models import AgendaItem, MinutesState, Workstream
from tests.api.conftest import client_with, token_for
from tests.api.test_conformance import COLLECTIONS
from tests.budget.factories import BudgetLineFactory, EntryFactory
from tests.factories import OrganisationFactory
from tests.governance.factories import (
    ActionFactory,
    CommitmentFactory,
    DecisionFactory,
    MeetingFactory,
    MilestoneFactory,
    StatusReportFactory,
)
from tests.maturity.factories import make_round, make_submitted
from tests.reports.factories import CouncilReportFactory

MORE = 12


def add_more(world) -> None:
    """MORE more of everything the lists show, with their related rows."""
    workstreams = list(Workstream.objects.all())
    councils = [world.organisations["Roosendaal"], world.organisations["Tholen"]]
    for n in range(MORE):
        workstream = workstreams[n % len(workstreams)]
        OrganisationFactory(short_name=f"Extra{n}", has_council=bool(n % 2))
        StatusReportFactory(
            workstream=workstream,
            published=True,
            period_start=datetime.date(2025, 1, 1) + datetime.timedelta(days=n),
            period_end=datetime.date(2025, 2, 1) + datetime.timedelta(days=n),
        )
        MilestoneFactory(workstream=workstream)
        meeting = MeetingFactory(
            minutes="Verslag", minutes_state=MinutesState.ADOPTED, adopted_on=datetime.date.today()
        )
        AgendaItem.objects.create(meeting=meeting, position=1, title="Punt", workstream=workstream)
        AgendaItem.objects.create(meeting=meeting, position=2, title="Rondvraag")
        decision = DecisionFactory(meeting=meeting, year=2027)
        decision.workstreams.add(workstream, workstreams[0])
        ActionFactory(workstream=workstream, decision=decision)
        CommitmentFactory(council=councils[n % 2], workstream=workstream)
        line = BudgetLineFactory(budget_year=BudgetYear.objects.get(year=2024), name=f"Extra {n}")
        EntryFactory(line=line)
        EntryFactory(line=line, commitment=True)
        CouncilReportFactory(council=councils[n % 2], done=True, version=n + 3)
    year = BudgetYear.objects.create(year=2026)
    BudgetLineFactory(budget_year=year, name="Kwartiermaker")
    shares_recalculate(budget_year=year)
    for year in (2027, 2028):
        assessment_round = make_round(year)
        make_submitted(assessment_round, world.organisations["Moerdijk"])


def count(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    # A role without access gets its 403 in a fixed number of queries too.
    assert response.status_code in (200, 403), response.content
    return len(queries)


def counts(clients, paths, settings) -> tuple[dict, dict]:
    """Per (role, path): the queries of a read that misses the list caches (core.caching
    turned off) and of one that hits them (the second read with the caches on)."""
    settings.PAGE_CACHE_TIMEOUT = 0
    cold = {(role, path): count(c, path) for role, c in clients.items() for path in paths}
    settings.PAGE_CACHE_TIMEOUT = 600
    warm = {}
    for role, client in clients.items():
        for path in paths:
            client.get(path)
            warm[role, path] = count(client, path)
    return cold, warm


def test_list_query_counts_do_not_grow_with_data(db, world, settings):
    """For a role that sees everything and two whose scopes filter (griffier, respondent),
    with the list caches missed and hit."""
    settings.API_THROTTLE_RATE = "10000/minute"
    roles = [Role.KWARTIERMAKER, Role.GRIFFIER, Role.RESPONDENT]
    clients = {role: client_with(token_for(world.users[role])) for role in roles}
    paths = [f"/api/v1/{collection}?pageSize=100" for collection in COLLECTIONS]
    paths.append(f"/api/v1/maturity-rounds/{world.ids['maturity_round']}")
    for client in clients.values():
        client.get(paths[0])  # the token's last use is written once; count the steady state
    small_cold, small_warm = counts(clients, paths, settings)
    add_more(world)
    large_cold, large_warm = counts(clients, paths, settings)
    assert large_cold == small_cold
    assert large_warm == small_warm
    # The budget per request: token (1), rule checks, data version, count, page, prefetches.
    assert max(small_cold.values()) <= 8, small_cold
    # A cached list: the token, the rule checks and the data version only.
    lists = [path for path in paths if "maturity-rounds" not in path]  # maturity: not cached
    warm = {(role, path): n for (role, path), n in small_warm.items() if path in lists}
    assert max(warm.values()) <= 3, warm
    assert all(small_warm[key] <= small_cold[key] for key in small_cold)
