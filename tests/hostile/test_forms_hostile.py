"""Property-based: every form, filter, query parameter and path id, driven through the real
views with generated hostile values, answers without a 500 and never writes part of a form
(issue 15). The imports have their own test (tests/core/test_imports_hostile.py).

The forms are found on the pages themselves (every <form> of every page in PAGES, its fields
with their current values), so a new field is covered without touching this file. The example
count is bounded (HYPOTHESIS_FORM_EXAMPLES, default 3 per page) so the suite stays fast.
"""

import os

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import Organisation
from tests.factories import UserFactory
from tests.hostile.html_forms import Forms, page_forms
from tests.test_page_queries import MATURITY_YEAR, World, grow

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("HYPOTHESIS_FORM_EXAMPLES", "3"))

HOSTILE = [
    "", " ", "\x00", "a\x00b", "\x01\x02", "\x1b[31m", "\u202e", "\ufeff", "\ud7ff", "NaN",
    "nan", "inf", "-Infinity", "1e999999", "-1e-999999", "1E+308", "9" * 40, "-1", "-999999999",
    "0", "99999999999999999999999", "0,0000001", "1.2.3", "€ -0,00", "12.345,67", "x" * 300,
    "y" * 3000, "31-02-2024", "2024-13-01", "0000-00-00", "9999-12-31", "10000-01-01",
    "'; DROP TABLE x; --", "<script>alert(1)</script>", "../../etc/passwd", "%00", "on", "[]",
]  # fmt: skip
hostile_values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12))

# Query parameters the list pages read besides their filter forms.
QUERY_PARAMS = ["per_page", "page", "sort", "pagina", "q", "ids", "upload", "vergadering", "jaar"]


# Tables a refused request may write: the session, the login throttle, records of who viewed.
UNTRACKED = ("django_session", "axes_", "audit_auditviewing", "reports_reportdownload")


def fingerprint(tables: list[str]) -> str:
    """One hash over the content of these tables."""
    if not tables:
        return ""
    with connection.cursor() as cursor:
        parts = " UNION ALL ".join(
            f"SELECT '{t}' AS n, md5(coalesce(string_agg(r::text, ',' ORDER BY r::text), '')) "
            f'AS h FROM "{t}" r'
            for t in sorted(tables)
        )
        cursor.execute(f"SELECT md5(string_agg(n || h, '|' ORDER BY n)) FROM ({parts}) s")
        return cursor.fetchone()[0]


def rows_written() -> dict[str, int]:
    """Per table of the portal, the rows inserted, updated and deleted so far in this
    transaction (pg_stat_xact_user_tables; rolled-back savepoints included)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
        )
        return {t: rows for t, rows in cursor.fetchall() if not t.startswith(UNTRACKED)}


def answer_leaving_tables_as_they_were_if_refused(request, *what):
    """`request()`'s answer; when it says the input was refused (`refused`), every table must
    hold what it held before. Only the tables PostgreSQL counts a write on can differ, so only
    those are compared: their content after the request, then again after rolling it back to a
    savepoint taken before it, which is their content before. The same result as comparing
    every table's content, at the cost of one or two tables."""
    counts = rows_written()
    savepoint = transaction.savepoint()
    try:
        response = request()
    except BaseException:
        transaction.savepoint_rollback(savepoint)
        raise
    if not refused(response):
        transaction.savepoint_commit(savepoint)
        return response
    written = [table for table, rows in rows_written().items() if counts.get(table, 0) != rows]
    after = fingerprint(written)
    transaction.savepoint_rollback(savepoint)
    assert fingerprint(written) == after, (*what, "partial write", written)
    return response


def refused(response) -> bool:
    """The answer says the input was not taken: a 4xx, or the page again with form errors."""
    if 400 <= response.status_code < 500:
        return True
    body = response.content.decode(errors="replace")
    return response.status_code == 200 and ("is-invalid" in body or "errorlist" in body)


@pytest.fixture(scope="module")
def world(module_db_seeded, django_db_blocker):
    with django_db_blocker.unblock():
        council = Organisation.objects.with_council().first()
        world = World(
            users={
                "kwartiermaker": UserFactory(
                    username="km-h", organisation=None, kwartiermaker=True
                ),
                "beheerder": UserFactory(username="bh-h", beheerder=True),
                "respondent": UserFactory(username="rs-h", organisation=council, respondent=True),
                "stuurgroeplid": UserFactory(
                    username="sg-h", organisation=council, stuurgroeplid=True
                ),
                "trekker": UserFactory(
                    username="wt-h", organisation=council, werkstroomtrekker=True
                ),
            }
        )
        grow(world, 1)
    return world


def client_for(world, name="kwartiermaker"):
    client = Client(raise_request_exception=False)
    client.force_login(world.users[name])
    return client


def form_pages(world):
    urls = world.urls()
    pages = {name: url for name, url in urls.items() if name not in ("login", "home (griffier)")}
    pages.update(
        {
            "governance:meeting_detail": urls["governance:meeting_detail"],
            "governance:meeting_document_create": reverse(
                "governance:meeting_document_create", args=[world.first["meeting"].pk]
            ),
            "budget:year": reverse("budget:year", args=[2024]),
            "budget:participants": reverse("budget:participants", args=[2024]),
            "maturity:round_detail": reverse("maturity:round_detail", args=[MATURITY_YEAR]),
        }
    )
    return pages


LIST_PAGES = [
    ("governance:report_list", ()),
    ("governance:milestone_list", ()),
    ("governance:meeting_list", ()),
    ("governance:decision_list", ()),
    ("governance:action_list", ()),
    ("governance:commitment_list", ()),
    ("governance:risk_list", ()),
    ("governance:roles", ()),
    ("governance:changes", ()),
    ("budget:entries", (2024,)),
    ("budget:changes", (2024,)),
    ("budget:burn_down", (2024,)),
    ("reports:list", ()),
    ("reports:request", ()),
    ("maturity:round_list", ()),
    ("audit:events", ()),
    ("audit:access_review", ()),
    ("search:results", ()),
    ("home", ()),
]

FORM_PAGE_NAMES = [
    "governance:report_edit", "governance:report_create",
    "governance:report_quick", "governance:milestone_edit", "governance:milestone_create",
    "governance:meeting_detail", "governance:meeting_edit", "governance:meeting_create",
    "governance:meeting_document_create", "governance:meeting_document_detail",
    "governance:meeting_agenda_add", "governance:agenda_item_edit",
    "governance:agenda_item_minutes", "governance:calendar_feed_settings",
    "governance:decision_create", "governance:decision_edit", "governance:action_create",
    "governance:action_edit", "governance:commitment_create", "governance:commitment_edit",
    "governance:risk_create", "governance:risk_edit", "governance:role_assignment_create",
    "governance:role_assignment_edit", "budget:entry_create", "budget:entry_edit",
    "budget:change_create", "budget:change", "budget:year",
    "reports:request", "api:tokens", "password_change",
    "maturity:round_create", "maturity:round_detail", "maturity:assessment_edit",
]  # fmt: skip
# Pages whose forms another role than the kwartiermaker fills in.
AS_ROLE = {"maturity:assessment_edit": "respondent", "budget:change": "stuurgroeplid"}


def corrupt(fields: dict, data) -> dict:
    names = sorted(fields)
    if not names:
        return {}
    chosen = data.draw(st.sets(st.sampled_from(names), min_size=1, max_size=min(3, len(names))))
    return {name: (data.draw(hostile_values) if name in chosen else fields[name]) for name in names}


HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize("name", FORM_PAGE_NAMES)
def test_every_form_refuses_hostile_values_without_a_500_or_a_partial_write(world, name):
    client = client_for(world, AS_ROLE.get(name, "kwartiermaker"))
    forms = page_forms(client, form_pages(world)[name])
    assert forms, f"{name}: no form found"

    @HYPOTHESIS
    @given(data=st.data())
    def drive(data):
        method, action, fields = data.draw(st.sampled_from(forms))
        values = corrupt(fields, data)
        send = client.post if method == "post" else client.get
        response = answer_leaving_tables_as_they_were_if_refused(
            lambda: send(action, values), action, values
        )
        assert response.status_code < 500, (action, values, response.status_code)

    drive()


def list_client_and_params(world, name, args) -> tuple[Client, str, set[str]]:
    """The list page's client, URL and every query parameter it reads (its GET forms' fields)."""
    client = client_for(world, "beheerder" if name.startswith("audit:") else "kwartiermaker")
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    parser = Forms()
    parser.feed(response.content.decode())
    names = set(QUERY_PARAMS)
    for form in parser.forms:
        if form["method"] == "get":
            names.update(form["f"])
    names.discard("csrfmiddlewaretoken")
    return client, url, names


@pytest.mark.parametrize(("name", "args"), LIST_PAGES)
def test_every_list_filter_and_query_parameter_refuses_hostile_values(world, name, args):
    client, url, names = list_client_and_params(world, name, args)

    @HYPOTHESIS
    @given(params=st.dictionaries(st.sampled_from(sorted(names)), hostile_values, min_size=1))
    def drive(params):
        response = client.get(url, params)
        assert response.status_code < 500, (url, params, response.status_code)

    drive()


# The edges of what a date or a number can hold, in every parameter at once: a filter that
# computes with them (the day after 9999-12-31) must refuse them, not overflow.
EXTREMES = ["9999-12-31", "0001-01-01", "99999999999999999999", "-99999999999999999999"]


@pytest.mark.parametrize(("name", "args"), LIST_PAGES)
def test_every_list_parameter_at_the_edge_of_its_range_answers_without_a_500(world, name, args):
    client, url, names = list_client_and_params(world, name, args)
    for value in EXTREMES:
        params = dict.fromkeys(sorted(names), value)
        response = client.get(url, params)
        assert response.status_code < 500, (url, params, response.status_code)
    for param in sorted(names):  # one at a time too: another field may refuse first
        response = client.get(url, {param: EXTREMES[0]})
        assert response.status_code < 500, (url, param, response.status_code)


def test_page_sizes_are_clamped(world):
    client = client_for(world)
    url = reverse("governance:decision_list")
    for per_page in ("-5", "0", "100000000", "1e999", "NaN"):
        response = client.get(url, {"per_page": per_page})
        assert response.status_code == 200, per_page
        table = response.context["table"]
        table = table() if callable(table) else table  # built lazily (core.caching)
        assert 1 <= table.paginator.per_page <= 200, per_page


@pytest.mark.parametrize(
    "path",
    [
        "/governance/rapportages/99999999999999999999999/",
        "/governance/besluiten/9223372036854775808/",
        "/rapportages/99999999999999999999/download/",
        "/begroting/99999999999999999999/",
        "/begroting/-1/",
        "/begroting/boeking/99999999999999999999/",
        "/volwassenheid/metingen/99999999999999999999/",
        "/governance/werkstromen/%00/",
        "/governance/werkstromen/" + "x" * 3000 + "/",
        "/governance/risicos/export.%00",
        "/volwassenheid/metingen/2031/organisaties/%E2%80%AE/",
        "/beheer/governance/decision/99999999999999999999/change/",
        "/beheer/governance/decision/abc%00/change/",
    ],
)
def test_hostile_path_ids_answer_without_a_500(world, path):
    response = client_for(
        world, "beheerder" if path.startswith("/beheer/") else "kwartiermaker"
    ).get(path)
    assert response.status_code < 500, (path, response.status_code)


def test_an_over_long_login_name_gets_the_fields_message(client):
    response = Client(raise_request_exception=False).post(
        reverse("login"), {"login": "a" * 300, "password": "x"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.parametrize("text", ["Risico\x1b[31m", "bel\x07", "a\x00b", "midden\x85in"])
def test_text_with_control_characters_gets_the_fields_message_and_is_not_saved(world, text):
    client = client_for(world)
    url = form_pages(world)["governance:risk_edit"]
    [(_method, action, fields)] = [form for form in page_forms(client, url) if "title" in form[2]]
    response = answer_leaving_tables_as_they_were_if_refused(
        lambda: client.post(action, {**fields, "title": text}), "title", text
    )
    assert response.status_code == 200
    assert response.context["form"].errors["title"]


def test_the_check_fails_a_refused_request_that_wrote_and_passes_one_that_undid_its_write(db):
    from django.http import HttpResponse

    from tests.factories import OrganisationFactory

    def writes():
        OrganisationFactory(short_name="Schrijft")
        return HttpResponse(status=400)

    def undoes_its_write():
        savepoint = transaction.savepoint()
        OrganisationFactory(short_name="Herstelt")
        transaction.savepoint_rollback(savepoint)
        return HttpResponse(status=400)

    with pytest.raises(AssertionError, match="partial write"):
        answer_leaving_tables_as_they_were_if_refused(writes, "schrijft")
    answer_leaving_tables_as_they_were_if_refused(undoes_its_write, "herstelt")
    assert not Organisation.objects.filter(short_name__in=["Schrijft", "Herstelt"]).exists()
