"""The NLGov REST API Design Rules as the API keeps them: problem+json errors, API-Version,
ETag/If-None-Match, pagination links, no trailing slashes, the OpenAPI document; and bad input
that gets a 400/404/406, never a 500."""

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from api.openapi import openapi_document
from core.models import Role
from tests.api.conftest import client_with, token_for
from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
RULESET = Path(
    os.environ.get("NLGOV_ADR_RULESET", ROOT.parent / "shared/reference/nlgov-adr-ruleset.yaml")
)
COLLECTIONS = [
    "organisations",
    "workstreams",
    "status-reports",
    "milestones",
    "meetings",
    "decisions",
    "actions",
    "commitments",
    "budget-years",
    "budget-lines",
    "budget-shares",
    "maturity-rounds",
    "council-reports",
]


@pytest.fixture(scope="module")
def km(world, django_db_blocker):
    with django_db_blocker.unblock():
        return client_with(token_for(world.users[Role.KWARTIERMAKER]))


@pytest.fixture(autouse=True)
def generous_throttle(settings):
    settings.API_THROTTLE_RATE = "10000/minute"


def assert_problem(response, status: int):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-Version"] == "1.0.0"
    body = response.json()
    assert body["status"] == status
    assert body["title"] and isinstance(body["title"], str)
    assert isinstance(body["detail"], str)
    return body


# --- Bad input: 400/404/406 problem+json, never a 500 ---------------------------------------------


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_unknown_query_keys_are_a_400_naming_them(db, km, collection):
    body = assert_problem(km.get(f"/api/v1/{collection}?colour=red&format=xml"), 400)
    assert {p["name"] for p in body["invalidParams"]} == {"colour", "format"}
    assert "colour" in body["detail"]


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=-1",
        "page=abc",
        "page=%C2%B2",
        "page=1.5",
        "pageSize=0",
        "pageSize=101",
        "pageSize=x",
        "council=abc",
        "council=1.5",
        "council=0",
        "council=99999999999999999999999",
        "status=nonsense",
        "dueUntil=31-12-2026",
        "dueUntil=2026-02-30",
        "workstream=%00",
    ],
)
def test_malformed_values_are_a_400(db, km, query):
    body = assert_problem(km.get(f"/api/v1/commitments?{query}"), 400)
    assert body["invalidParams"][0]["name"] == query.split("=")[0]
    assert body["invalidParams"][0]["reason"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/commitments/abc",
        "/api/v1/commitments/1.5",
        "/api/v1/commitments/-1",
        "/api/v1/commitments/999999999",
        "/api/v1/commitments/99999999999999999999999",
        "/api/v1/commitments/",
        "/api/v1/organisations/1/",
        "/api/v1/commitment",
        "/api/v2/commitments",
        "/api/",
        "/api/v1/council-reports/abc/download",
        "/api/v1/council-reports/999999/download",
    ],
)
def test_malformed_or_unknown_ids_and_paths_are_a_404(db, km, path):
    assert_problem(km.get(path), 404)


def test_a_page_beyond_the_last_is_a_404(db, km):
    body = assert_problem(km.get("/api/v1/organisations?page=99"), 404)
    assert "Pagina 99 bestaat niet" in body["detail"]


@pytest.mark.parametrize("accept", ["application/xml", "text/html", "application/pdf"])
def test_a_format_we_do_not_offer_is_a_406(db, km, accept):
    assert_problem(km.get("/api/v1/organisations", HTTP_ACCEPT=accept), 406)


def test_the_download_offers_pdf_only(db, world, km):
    report = world.ids["council_reports"]["roosendaal"][0]
    url = reverse("api:council-report-download", args=[report])
    assert_problem(km.get(url, HTTP_ACCEPT="application/json"), 406)
    assert km.get(url, HTTP_ACCEPT="application/pdf").status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_the_api_is_read_only(db, km, method):
    response = getattr(km, method)("/api/v1/organisations")
    assert_problem(response, 405)
    assert response["Allow"] == "GET, HEAD"


def test_head_answers_like_get_without_a_body(db, km):
    response = km.head("/api/v1/organisations")
    assert response.status_code == 200 and response.content == b""
    assert response["ETag"] == km.get("/api/v1/organisations")["ETag"]


def test_403_is_a_problem_too(db, world):
    griffier = client_with(token_for(world.users[Role.GRIFFIER]))
    body = assert_problem(griffier.get("/api/v1/milestones"), 403)
    assert body["detail"] == "Uw rol geeft geen toegang tot dit onderdeel."


# --- Headers, ETag, pagination -------------------------------------------------------------------


def test_every_response_carries_the_api_version(db, km, client):
    for response in (
        km.get("/api/v1/organisations"),
        km.get("/api/v1/organisations?page=9"),
        client.get("/api/v1/organisations"),
        client.get("/api/v1/openapi.json"),
        client.get("/api/v1"),
        client.get("/api/v1/nothing-here"),
    ):
        assert response["API-Version"] == "1.0.0", response


@pytest.mark.parametrize("kind", ["list", "item"])
def test_etag_and_if_none_match_give_304(db, world, km, kind):
    url = (
        "/api/v1/commitments"
        if kind == "list"
        else reverse("api:commitment-detail", args=[world.ids["commitments"]["tholen"][0]])
    )
    first = km.get(url)
    etag = first["ETag"]
    assert etag.startswith('"') and "private" in first["Cache-Control"]
    assert "Authorization" in first["Vary"]
    again = km.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag and again["API-Version"] == "1.0.0"
    assert km.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_a_changed_list_gets_a_new_etag(db, world, km):
    from governance.models import Commitment

    first = km.get("/api/v1/commitments")["ETag"]
    Commitment.objects.filter(pk=world.ids["commitments"]["tholen"][0]).update(text="Nieuw")
    response = km.get("/api/v1/commitments", HTTP_IF_NONE_MATCH=first)
    assert response.status_code == 200 and response["ETag"] != first


def test_the_download_etag_is_the_reports_checksum(db, world, km):
    report = world.ids["council_reports"]["roosendaal"][0]
    url = reverse("api:council-report-download", args=[report])
    response = km.get(url)
    assert response["ETag"] == '"' + "0" * 64 + '"'
    assert response["Content-Type"] == "application/pdf"
    assert km.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_pagination_links_in_body_and_header(db, km):
    body = km.get("/api/v1/organisations?pageSize=2&page=2")
    data = body.json()
    assert (data["count"], data["page"], data["pageSize"], data["pageCount"]) == (7, 2, 2, 4)
    links = {rel: link["href"] for rel, link in data["_links"].items()}
    pages = {rel: parse_qs(urlsplit(href).query) for rel, href in links.items()}
    assert links["self"].startswith("http://testserver/api/v1/organisations?")
    assert pages["self"] == {"page": ["2"], "pageSize": ["2"]}
    expected = {"first": "1", "prev": "1", "next": "3", "last": "4"}
    assert {rel: pages[rel]["page"][0] for rel in expected} == expected
    assert 'rel="next"' in body["Link"] and 'rel="last"' in body["Link"]
    last = km.get(links["last"]).json()
    assert "next" not in last["_links"] and len(last["results"]) == 1


def test_dates_are_dates_and_date_times_carry_a_timezone(db, world, km):
    report = km.get("/api/v1/status-reports").json()["results"][0]
    assert len(report["periodStart"]) == 10
    assert report["publishedAt"][-6:] in {"+01:00", "+02:00"}


# --- The OpenAPI document and the documentation page ---------------------------------------------


def test_the_openapi_document_is_public_with_contact_and_semver(db, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert set(document["info"]["contact"]) == {"name", "email", "url"}
    assert document["info"]["version"] == "1.0.0"
    assert document["servers"] == [{"url": "/api/v1"}]
    for path in document["paths"]:
        assert path == "/" or not path.endswith("/"), path
        assert path == path.lower() and "_" not in path, path
    params = {
        p["name"]
        for ops in document["paths"].values()
        for op in ops.values()
        for p in op.get("parameters", [])
        if p["in"] == "query"
    }
    assert {"council", "pageSize", "superseded", "ownerOrganisation"} <= params
    commitment = document["components"]["schemas"]["Commitment"]["properties"]
    assert commitment["dueDate"]["format"] == "date"


def test_generating_the_openapi_document_reads_no_database(db, django_assert_num_queries):
    openapi_document.cache_clear()
    with django_assert_num_queries(0):
        openapi_document()


def test_the_openapi_document_passes_the_nlgov_ruleset_with_no_errors(db, tmp_path):
    spectral = os.environ.get("SPECTRAL") or shutil.which("spectral")
    local = ROOT / "var/spectral/node_modules/.bin/spectral"
    if not spectral and local.exists():
        spectral = str(local)
    if not spectral:
        skip_or_fail("Spectral is not installed (npm package @stoplight/spectral-cli)")
    if not RULESET.exists():
        skip_or_fail(f"The NLGov ruleset is missing at {RULESET}")
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(openapi_document()))
    report = tmp_path / "spectral.json"
    result = subprocess.run(
        [spectral, "lint", "-r", str(RULESET), "-f", "json", "-o", str(report), str(document)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    findings = json.loads(report.read_text() or "[]")
    errors = [f for f in findings if f["severity"] == 0]
    assert not errors, json.dumps(errors, indent=1)[:4000]
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_documentation_page_is_served_by_the_portal_under_its_csp(db, client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/commitments" in html and "pageSize" in html
    assert "<script>" not in html and "style=" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "cdn" not in html.lower()


def test_the_index_links_every_collection(db, client):
    assert client.get("/api/v1/").json() == client.get("/api/v1").json()
    links = client.get("/api/v1").json()["_links"]
    assert links["commitments"]["href"] == "http://testserver/api/v1/commitments"
    assert links["openapi"]["href"].endswith("/api/v1/openapi.json")
