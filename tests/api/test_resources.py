"""Every resource for every role: the API answers as the portal's pages do (same rules and
scopes), and shows only what the role may see there."""

import pytest
from django.urls import reverse

from tests.api.conftest import ROLES

SG, KM, TR, RS, GR, GI, BH = ROLES

# resource -> (the page rule it mirrors, roles that get 200). Everyone else gets 403.
# Same table as the pages: see the apps' rules.py (docs/permissions.md) and their permission tests.
MATRIX = {
    "organisation": ("core.use_portal", set(ROLES)),
    "workstream": ("governance.list_workstreams", set(ROLES)),
    "status-report": ("governance.see_registers", {SG, KM, TR, GI}),
    "milestone": ("governance.see_registers", {SG, KM, TR, GI}),
    "meeting": ("governance.see_registers", {SG, KM, TR, GI}),
    "decision": ("governance.see_registers", {SG, KM, TR, GI}),
    "action": ("governance.see_registers", {SG, KM, TR, GI}),
    # A griffier reads their own council's commitments (its council report lists them).
    "commitment": ("governance.see_commitments", {SG, KM, TR, GR, GI}),
    "budget-year": ("budget.see_budget", {SG, KM, TR, GR, GI}),
    "budget-line": ("budget.see_budget", {SG, KM, TR, GR, GI}),
    "budget-share": ("budget.see_budget", {SG, KM, TR, GR, GI}),
    "maturity-round": ("maturity.see_results", {SG, KM, TR, RS, GR, GI}),
    "council-report": ("reports.list_council_reports", {SG, KM, GR, GI}),
}

CASES = [(resource, role) for resource in MATRIX for role in ROLES]


@pytest.fixture(scope="module")
def clients(world, django_db_blocker):
    from tests.api.conftest import client_with, token_for

    with django_db_blocker.unblock():
        return {role: client_with(token_for(user)) for role, user in world.users.items()}


@pytest.fixture(autouse=True)
def generous_throttle(settings):
    settings.API_THROTTLE_RATE = "10000/minute"


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(response) -> set[int]:
    return {item["id"] for item in results(response)}


@pytest.mark.parametrize(("resource", "role"), CASES)
def test_list_answers_as_the_page_rule(db, world, clients, resource, role):
    rule, allowed = MATRIX[resource]
    # The table agrees with the rule itself, so a changed rule shows up here too.
    assert world.users[role].has_perm(rule) == (role in allowed), (rule, role)
    response = clients[role].get(reverse(f"api:{resource}-list"))
    expected = 200 if role in allowed else 403
    assert response.status_code == expected, response.content
    if expected == 403:
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 403


def test_a_griffier_sees_only_their_own_councils_issued_reports(db, world, clients):
    reports = world.ids["council_reports"]
    listed = results(clients[GR].get(reverse("api:council-report-list")))
    assert [r["id"] for r in listed] == reports["roosendaal"]  # newest first
    assert {r["council"] for r in listed} == {world.organisations["Roosendaal"].pk}
    other = reports["tholen"][0]
    assert clients[GR].get(reverse("api:council-report-detail", args=[other])).status_code == 404
    download = reverse("api:council-report-download", args=[other])
    assert clients[GR].get(download).status_code == 404


def test_programme_staff_see_every_issued_report_but_never_a_failed_or_pending_job(
    db, world, clients
):
    reports = world.ids["council_reports"]
    listed = ids(clients[KM].get(reverse("api:council-report-list")))
    assert listed == {*reports["roosendaal"], *reports["tholen"]}
    for job in (reports["failed"], reports["queued"]):
        response = clients[KM].get(reverse("api:council-report-detail", args=[job]))
        assert response.status_code == 404


def test_the_latest_report_of_a_council_is_the_first_not_superseded(db, world, clients):
    council = world.organisations["Roosendaal"].pk
    url = reverse("api:council-report-list") + f"?council={council}&superseded=false&pageSize=1"
    [latest] = results(clients[GR].get(url))
    assert latest["id"] == world.ids["council_reports"]["roosendaal"][0]
    assert latest["version"] == 2
    download = latest["_links"]["download"]["href"]
    assert download.endswith(f"/council-reports/{latest['id']}/download")


def test_status_reports_are_published_ones_only(db, world, clients):
    reports = world.ids["status_reports"]
    assert ids(clients[KM].get(reverse("api:status-report-list"))) == {reports["published"]}
    draft = reverse("api:status-report-detail", args=[reports["draft"]])
    assert clients[KM].get(draft).status_code == 404


def test_minutes_only_once_adopted(db, world, clients):
    meetings = world.ids["meetings"]
    adopted = clients[SG].get(reverse("api:meeting-detail", args=[meetings["adopted"]])).json()
    assert adopted["minutes"] == "Vastgesteld verslag"
    assert adopted["agenda"] == [{"position": 1, "title": "Opening", "workstream": None}]
    draft = clients[SG].get(reverse("api:meeting-detail", args=[meetings["draft"]])).json()
    assert draft["minutesState"] == "concept"
    assert draft["minutes"] is None


def test_workstream_status_only_for_roles_that_see_the_registers(db, world, clients):
    url = reverse("api:workstream-list")
    first = results(clients[KM].get(url))[0]
    assert first["currentStatus"]["overallStatus"] == "op_koers"
    assert first["currentStatus"]["statusReport"] == world.ids["status_reports"]["published"]
    assert results(clients[GR].get(url))[0]["currentStatus"] is None


def test_commitments_filter_per_council(db, world, clients):
    council = world.organisations["Roosendaal"].pk
    url = reverse("api:commitment-list") + f"?council={council}"
    assert ids(clients[KM].get(url)) == set(world.ids["commitments"]["roosendaal"])
    assert ids(clients[KM].get(url + "&status=open")) == {world.ids["commitments"]["roosendaal"][0]}


def test_a_griffier_sees_their_own_councils_commitments_only(db, world, clients):
    commitments = world.ids["commitments"]
    assert ids(clients[GR].get(reverse("api:commitment-list"))) == set(commitments["roosendaal"])
    other = reverse("api:commitment-detail", args=[commitments["tholen"][0]])
    assert clients[GR].get(other).status_code == 404
    # The granted griffier of Tholen reads the whole register.
    everything = {*commitments["roosendaal"], *commitments["tholen"]}
    assert ids(clients[GI].get(reverse("api:commitment-list"))) == everything


def test_participant_readers_see_their_own_share_programme_staff_all(db, world, clients):
    shares = results(clients[GR].get(reverse("api:budget-share-list")))
    assert {s["organisation"] for s in shares} == {world.organisations["Roosendaal"].pk}
    everyone = results(clients[KM].get(reverse("api:budget-share-list") + "?pageSize=100"))
    assert len({s["organisation"] for s in everyone}) == 5
    assert all(s["amount"] in {"128000.00", "130000.00"} for s in everyone)


def test_budget_years_carry_totals_as_exact_decimals(db, world, clients):
    years = {y["year"]: y for y in results(clients[KM].get(reverse("api:budget-year-list")))}
    assert years[2024]["total"] == "640000.00"
    assert years[2025]["total"] == "650000.00"
    assert years[2024]["spent"] == "0.00"


def test_maturity_results_come_from_submitted_assessments_only(db, world, clients):
    url = reverse("api:maturity-round-detail", args=[world.ids["maturity_round"]])
    body = clients[GR].get(url).json()
    assert [r["organisation"] for r in body["results"]] == [world.organisations["Roosendaal"].pk]
    [result] = body["results"]
    assert result["quadrant"] == "futureReady"
    assert {s["value"] for s in result["scores"]} == {"3.50"}
    assert body["benchmark"]["quadrant"] == "futureReady"
    assert {a["value"] for a in body["benchmark"]["averages"]} == {"3.20"}
    assert body["submittedCount"] == 1


def test_items_link_to_related_resources(db, world, clients):
    url = reverse("api:action-detail", args=[world.ids["action"]])
    links = clients[KM].get(url).json()["_links"]
    assert links["self"]["href"] == "http://testserver" + url
    assert links["decision"]["href"].endswith(f"/api/v1/decisions/{world.ids['decision']}")
    assert "/api/v1/workstreams/" in links["workstream"]["href"]


@pytest.mark.parametrize("resource", MATRIX)
def test_items_answer_as_their_list_for_every_role(db, world, clients, resource):
    """An item is 200 exactly when the role's list holds it, 404 when the scope hides it, and
    403 when the role may not use the resource at all."""
    _rule, allowed = MATRIX[resource]
    items = results(clients[KM].get(reverse(f"api:{resource}-list") + "?pageSize=100"))
    assert items, resource
    for role in ROLES:
        listed = (
            ids(clients[role].get(reverse(f"api:{resource}-list") + "?pageSize=100"))
            if role in allowed
            else set()
        )
        for item in items[:3]:
            response = clients[role].get(reverse(f"api:{resource}-detail", args=[item["id"]]))
            expected = 403 if role not in allowed else 200 if item["id"] in listed else 404
            assert response.status_code == expected, (role, item["id"], response.content)
            if expected == 200 and role == KM and resource != "maturity-round":
                assert response.json() == item
