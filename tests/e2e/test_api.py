"""The API as a griffier uses it: a token made in the browser, then plain HTTP requests (what
`curl` does) for their council's commitments and the latest report, checked by its SHA-256."""

import hashlib
import json
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.e2e.test_reports import rendered_report
from tests.factories import UserFactory
from tests.governance.factories import CommitmentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def fetch(url: str, token: str, *, accept: str = "application/json"):
    """(status, headers, body) of a GET with the token, like `curl -H 'Authorization: ...'`."""
    request = urllib.request.Request(
        url, headers={"Authorization": f"Bearer {token}", "Accept": accept}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def make_token_in_browser(page, name: str) -> str:
    page.get_by_role("button", name="Test").click()  # the user menu (first name)
    page.get_by_role("link", name="API-tokens").click()
    expect(page.get_by_role("heading", name="API-tokens", exact=True)).to_be_visible()
    page.get_by_label("Naam").fill(name)
    page.get_by_role("button", name="Token aanmaken").click()
    expect(page.get_by_text("Kopieer het token nu")).to_be_visible()
    return page.get_by_role("textbox", name="Uw token").input_value()


def test_a_griffier_makes_a_token_and_fetches_commitments_and_the_latest_report(
    page, login, live_server, assert_accessible, griffier, roosendaal, tholen, kwartiermaker
):
    own = [CommitmentFactory(council=roosendaal), CommitmentFactory(council=roosendaal)]
    CommitmentFactory(council=tholen)
    rendered_report(roosendaal, kwartiermaker)
    latest = rendered_report(roosendaal, kwartiermaker)  # version 2 of the same period
    tholen_report = rendered_report(tholen, kwartiermaker)

    login("gr")
    token = make_token_in_browser(page, "Raadsinformatiesysteem")
    assert token.startswith("wbw_")
    assert_accessible()
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert_accessible()

    api = live_server.url + "/api/v1"
    status, headers, body = fetch(f"{api}/commitments?council={roosendaal.pk}", token)
    assert status == 200 and headers["API-Version"] == "1.0.0"
    assert {c["id"] for c in json.loads(body)["results"]} == {c.pk for c in own}
    status, _headers, body = fetch(f"{api}/commitments?council={tholen.pk}", token)
    assert status == 200 and json.loads(body)["results"] == []

    status, _headers, body = fetch(
        f"{api}/council-reports?council={roosendaal.pk}&superseded=false&pageSize=1", token
    )
    [metadata] = json.loads(body)["results"]
    assert metadata["id"] == latest.pk and metadata["version"] == 2
    status, headers, pdf = fetch(
        metadata["_links"]["download"]["href"], token, accept="application/pdf"
    )
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    assert pdf.startswith(b"%PDF-")
    assert hashlib.sha256(pdf).hexdigest() == metadata["sha256"]

    # A griffier of another council gets nothing of Roosendaal's.
    UserFactory(username="gr-tholen", organisation=tholen, griffier=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.clear_cookies()
    login("gr-tholen")
    other = make_token_in_browser(page, "RIS Tholen")
    assert fetch(f"{api}/council-reports/{latest.pk}", other)[0] == 404
    assert fetch(metadata["_links"]["download"]["href"], other, accept="application/pdf")[0] == 404
    status, _headers, body = fetch(f"{api}/council-reports", other)
    assert [r["id"] for r in json.loads(body)["results"]] == [tholen_report.pk]

    # Revoked in the browser: the token stops working at once.
    page.get_by_role("button", name="Intrekken RIS Tholen").click()
    expect(page.get_by_text("Het token 'RIS Tholen' is ingetrokken.")).to_be_visible()
    status, headers, body = fetch(f"{api}/council-reports", other)
    assert status == 401 and headers["Content-Type"] == "application/problem+json"


def test_the_documentation_page_is_public_and_accessible(page, assert_accessible):
    page.goto("/api/v1/docs")
    expect(page.get_by_role("heading", name="WBW Regieportaal API")).to_be_visible()
    expect(page.get_by_text("/api/v1/council-reports/{id}/download")).to_be_visible()
    assert_accessible()
