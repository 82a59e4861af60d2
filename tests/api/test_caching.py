"""Cached lists never show stale data: each test reads a list (which fills its cache), writes,
and reads again - and must see the write. The cache is keyed on the data version
(core.caching), which every write to the data moves."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from budget.models import BudgetLine, BudgetYear, Share
from core.models import Organisation, Role
from governance.models import (
    Action,
    AgendaItem,
    Commitment,
    Decision,
    Meeting,
    Milestone,
    Workstream,
)
from reports.models import CouncilReport
from tests.api.conftest import client_with, token_for
from tests.budget.factories import EntryFactory
from tests.governance.factories import StatusReportFactory

# collection -> (model, column written, value written, property of the representation)
WRITES = {
    "organisations": (Organisation, "name", "Gemeente Nieuwnaam", "name"),
    "workstreams": (Workstream, "goal", "Een nieuw doel", "goal"),
    "milestones": (Milestone, "title", "Nieuwe mijlpaal", "title"),
    "meetings": (Meeting, "title", "Nieuwe vergadering", "title"),
    "decisions": (Decision, "text", "Nieuw besluit", "text"),
    "actions": (Action, "title", "Nieuwe actie", "title"),
    "commitments": (Commitment, "text", "Nieuwe toezegging", "text"),
    "budget-years": (BudgetYear, "note", "Nieuwe toelichting", "note"),
    "budget-lines": (BudgetLine, "name", "Nieuwe regel", "name"),
    "budget-shares": (Share, "member_days", 123, "memberDays"),
    "council-reports": (CouncilReport, "sha256", "f" * 64, "sha256"),
}
# Which row is written (default: the last one listed). Adopted minutes are frozen; so are
# published status reports (a new one is published below instead).
PICK = {"meetings": lambda world: world.ids["meetings"]["draft"]}


@pytest.fixture(autouse=True)
def generous_throttle(settings):
    settings.API_THROTTLE_RATE = "10000/minute"


@pytest.fixture
def km(world):
    return client_with(token_for(world.users[Role.KWARTIERMAKER]))


def read(client, collection: str, **extra) -> list[dict]:
    response = client.get(f"/api/v1/{collection}?pageSize=100", **extra)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def by_id(results: list[dict]) -> dict[int, dict]:
    return {item["id"]: item for item in results}


@pytest.mark.parametrize("collection", WRITES)
def test_a_list_answers_from_its_cache_and_shows_a_write_at_once(
    db, world, km, collection, django_assert_num_queries
):
    model, column, value, name = WRITES[collection]
    before = read(km, collection)
    assert before, collection
    # The second read is answered from the cache: the token and the data version only.
    with django_assert_num_queries(2):
        assert read(km, collection) == before
    pk = PICK[collection](world) if collection in PICK else before[-1]["id"]
    assert by_id(before)[pk][name] != value
    model.objects.filter(pk=pk).update(**{column: value})  # a bulk update, no save()
    assert by_id(read(km, collection))[pk][name] == value


def test_a_new_entry_changes_the_realisation_of_lines_and_years_at_once(db, world, km):
    lines = by_id(read(km, "budget-lines"))
    years = {item["year"]: item for item in read(km, "budget-years")}
    line = BudgetLine.objects.select_related("budget_year").get(pk=next(iter(lines)))
    EntryFactory(line=line, amount=Decimal("1234.00"))
    spent = Decimal(by_id(read(km, "budget-lines"))[line.pk]["spent"])
    assert spent == Decimal(lines[line.pk]["spent"]) + Decimal("1234.00")
    year = {item["year"]: item for item in read(km, "budget-years")}[line.budget_year.year]
    assert Decimal(year["spent"]) == Decimal(years[line.budget_year.year]["spent"]) + 1234


def test_a_published_status_report_is_listed_and_the_current_status_at_once(db, world, km):
    workstreams = by_id(read(km, "workstreams"))
    reports = by_id(read(km, "status-reports"))
    workstream = Workstream.objects.get(pk=next(iter(workstreams)))
    report = StatusReportFactory(
        workstream=workstream,
        published=True,
        period_start=datetime.date(2030, 1, 1),
        period_end=datetime.date(2030, 3, 31),
    )
    status = by_id(read(km, "workstreams"))[workstream.pk]["currentStatus"]
    assert status["statusReport"] == report.pk
    assert by_id(read(km, "status-reports")).keys() == reports.keys() | {report.pk}


def test_a_new_agenda_item_and_a_linked_workstream_show_at_once(db, world, km):
    meeting = by_id(read(km, "meetings"))[world.ids["meetings"]["adopted"]]
    decision = by_id(read(km, "decisions"))[world.ids["decision"]]
    AgendaItem.objects.create(
        meeting_id=meeting["id"], position=len(meeting["agenda"]) + 1, title="Rondvraag"
    )
    workstream = Workstream.objects.exclude(pk__in=decision["workstreams"]).first()
    Decision.objects.get(pk=decision["id"]).workstreams.add(workstream)
    agenda = by_id(read(km, "meetings"))[meeting["id"]]["agenda"]
    assert [item["title"] for item in agenda][-1] == "Rondvraag"
    assert workstream.pk in by_id(read(km, "decisions"))[decision["id"]]["workstreams"]


def test_users_never_share_a_cached_list_and_a_moved_griffier_sees_their_new_council(db, world):
    griffier = world.users[Role.GRIFFIER]
    commitments = world.ids["commitments"]
    read(client_with(token_for(world.users[Role.KWARTIERMAKER])), "commitments")
    client = client_with(token_for(griffier))
    assert {item["id"] for item in read(client, "commitments")} == set(commitments["roosendaal"])
    griffier.organisation = world.organisations["Tholen"]
    griffier.save(update_fields=["organisation"])
    assert {item["id"] for item in read(client, "commitments")} == set(commitments["tholen"])


def test_a_list_read_through_another_address_links_to_that_address(db, world, km):
    first = read(km, "organisations")[0]["_links"]["self"]["href"]
    other = read(km, "organisations", HTTP_HOST="localhost")[0]["_links"]["self"]["href"]
    assert first.startswith("http://testserver/api/v1/organisations/")
    assert other == first.replace("testserver", "localhost", 1)


def test_a_new_council_report_shows_at_once(db, world, km):
    from tests.reports.factories import CouncilReportFactory

    before = {item["id"] for item in read(km, "council-reports")}
    report = CouncilReportFactory(
        council=world.organisations["Tholen"],
        done=True,
        version=7,
        finished_at=timezone.now() + datetime.timedelta(hours=1),
    )
    assert {item["id"] for item in read(km, "council-reports")} == before | {report.pk}
