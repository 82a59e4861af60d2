"""The beheerder's audit pages: the change log and the access review."""

import datetime
import json
import re
from decimal import Decimal
from html import unescape
from urllib.parse import parse_qsl

import pghistory
import pytest
from allauth.mfa.models import Authenticator
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditViewing
from core.models import Role, User
from tests.budget.factories import BudgetLineFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["audit:events", "audit:events_export", "audit:access_review", "audit:access_review_export"]


@pytest.mark.parametrize("url_name", PAGES)
@pytest.mark.parametrize(
    "role",
    [
        Role.STUURGROEPLID,
        Role.KWARTIERMAKER,
        Role.WERKSTROOMTREKKER,
        Role.RESPONDENT,
        Role.GRIFFIER,
    ],
)
def test_only_beheerders_may_open_the_audit(client_for, role, url_name):
    response = client_for(role).get(reverse(url_name))
    assert response.status_code == 403
    assert not AuditViewing.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(reverse("audit:events"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def _backdate_events(line, days):
    """Move the line's recorded events `days` back in time (as if made then)."""
    event_table = line.pgh_event_models["update"]._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE "{event_table}" SET pgh_created_at = pgh_created_at - %s '
            "WHERE pgh_obj_id = %s",
            [datetime.timedelta(days=days), line.pk],
        )


def test_a_beheerder_finds_who_changed_a_budget_line_last_week(client, beheerder, kwartiermaker):
    line = BudgetLineFactory(name="Kennisgroep", amount=Decimal("450000.00"))
    with pghistory.context(user=kwartiermaker.pk):
        line.amount = Decimal("475000.00")
        line.save()
    _backdate_events(line, days=5)
    other = BudgetLineFactory(name="Onvoorzien")
    with pghistory.context(user=beheerder.pk):
        other.note = "vandaag"
        other.save()

    client.force_login(beheerder)
    week_ago = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client.get(
        reverse("audit:events"),
        {"model": "budget.BudgetLine", "date_from": week_ago, "date_to": yesterday},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert kwartiermaker.get_full_name() in page
    # The changed field under its Dutch label, before and after.
    assert "Begroot</span>: €\u00a0450.000,00 → €\u00a0475.000,00" in page
    assert "amount</span>" not in page
    assert "vandaag" not in page  # today's change of another line is outside the dates

    by_user = client.get(reverse("audit:events"), {"user": beheerder.pk}).content.decode()
    assert "vandaag" in by_user and "475000" not in by_user
    by_record = client.get(
        reverse("audit:events"), {"model": "budget.BudgetLine", "record": str(line.pk)}
    ).content.decode()
    assert "475.000,00" in by_record and "vandaag" not in by_record


def test_bad_filters_get_a_dutch_message(client, beheerder):
    client.force_login(beheerder)
    page = client.get(
        reverse("audit:events"), {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    ).content.decode()
    assert "De einddatum ligt vóór de begindatum." in page


def test_a_date_beyond_the_calendar_is_a_form_error_in_every_form(client, beheerder, kwartiermaker):
    # The filter's own arithmetic (the day after) once overflowed here: a 500.
    client.force_login(beheerder)
    response = client.get(reverse("audit:events"), {"date_to": "9999-12-31"})
    assert response.status_code == 200
    assert "Kies een datum tussen 01-01-1900 en 31-12-2199." in response.content.decode()
    # The same validator guards every date field of every form, the portal's own included.
    from governance.forms import ActionForm

    form = ActionForm(data={"title": "Iets", "due_date": "9999-12-31"})
    assert "Kies een datum tussen 01-01-1900 en 31-12-2199." in str(form.errors.get("due_date"))


def test_the_change_log_exports_to_csv_with_the_same_filters(client, beheerder, kwartiermaker):
    line = BudgetLineFactory(name="Kennisgroep", amount=Decimal("450000.00"))
    with pghistory.context(user=kwartiermaker.pk):
        line.amount = Decimal("475000.00")
        line.save()
    client.force_login(beheerder)
    response = client.get(
        reverse("audit:events_export"), {"model": "budget.BudgetLine", "record": str(line.pk)}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Moment;Gebruiker;Soort gegeven;Record;Actie;Veld")
    assert f";{kwartiermaker.username};" in text and ";amount;450000.0;475000.0" in text


def test_viewing_and_exporting_are_recorded(client, beheerder):
    client.force_login(beheerder)
    client.get(reverse("audit:events"), {"model": "budget.BudgetLine"})
    client.get(reverse("audit:access_review_export"))
    viewings = list(AuditViewing.objects.order_by("viewed_at"))
    assert [(v.viewer, v.page, v.exported) for v in viewings] == [
        (beheerder, "events", False),
        (beheerder, "access_review", True),
    ]
    assert viewings[0].query == "model=budget.BudgetLine"


def test_the_access_review_lists_everyone_with_roles_grants_login_and_mfa(
    client, beheerder, stuurgroeplid, griffier
):
    from governance.models import RegisterAccessGrant

    RegisterAccessGrant.objects.create(
        user=griffier, reason="Raadsvragen", valid_until=datetime.date(2099, 12, 31)
    )
    Authenticator.objects.create(user=stuurgroeplid, type=Authenticator.Type.TOTP, data={})
    stuurgroeplid.last_login = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 15))
    stuurgroeplid.save()
    client.force_login(beheerder)
    page = client.get(reverse("audit:access_review")).content.decode()
    assert "Roosendaal" in page and "Stuurgroeplid" in page and "Griffier" in page
    assert "Inzage in de registers tot en met 31 december 2099" in page
    assert "2 maart 2026 09:15" in page
    assert "app ingesteld" in page and "niet ingesteld" in page

    csv = client.get(reverse("audit:access_review_export")).content.decode("utf-8-sig")
    lines = csv.splitlines()
    assert lines[0].startswith("Gebruikersnaam;Naam;E-mailadres;Organisatie;Actief;Rollen")
    sg_line = next(line for line in lines if line.startswith("sg;"))
    assert ";Stuurgroeplid;" in sg_line and ";ja;" in sg_line


@pytest.mark.parametrize("size", [2, 20])
def test_audit_pages_keep_their_query_budget(
    client, beheerder, kwartiermaker, django_assert_max_num_queries, size
):
    for n in range(size):
        user = UserFactory(username=f"extra{n}", stuurgroeplid=True)
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
        with pghistory.context(user=kwartiermaker.pk):
            line = BudgetLineFactory()
            line.amount += 1
            line.save()
    client.force_login(beheerder)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("audit:events")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("audit:access_review")).status_code == 200


def test_the_change_log_writes_dates_in_dutch(client, beheerder, kwartiermaker):
    from tests.governance.factories import MilestoneFactory

    with pghistory.context(user=kwartiermaker.pk):
        milestone = MilestoneFactory(due_date=datetime.date(2027, 1, 15))
    client.force_login(beheerder)
    page = client.get(
        reverse("audit:events"), {"model": "governance.Milestone", "record": str(milestone.pk)}
    ).content.decode()
    assert "15-01-2027" in page and "2027-01-15" not in page
    assert "Alle gebruikers" in page and "---------" not in page


def _shift_events(record, *, label: str, by: datetime.timedelta):
    """Move the record's events with `label` in time (all of a test's events share one moment)."""
    event_table = type(record).pgh_event_models[label]._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE "{event_table}" SET pgh_created_at = pgh_created_at + %s '
            "WHERE pgh_obj_id = %s AND pgh_label = %s",
            [by, record.pk, label],
        )


def test_a_paged_event_is_diffed_with_its_previous_event_on_another_page(client, beheerder):
    from audit import selectors

    line = BudgetLineFactory(name="Kennisgroep", amount=Decimal("450000.00"))
    line.amount = Decimal("475000.00")
    line.save()
    BudgetLineFactory.create_batch(60)  # newer than the line's creation: pages in between
    _shift_events(line, label="insert", by=-datetime.timedelta(days=1))
    _shift_events(line, label="update", by=datetime.timedelta(minutes=1))

    log = selectors.audit_events()
    first = selectors.event_page(log)
    newest = first.rows[0]
    assert (newest.model, newest.record, newest.label) == (
        "budget.BudgetLine",
        str(line.pk),
        "update",
    )
    # Only what the update changed, against the creation that is pages away.
    assert newest.changes["amount"] == [450000.0, 475000.0]
    assert "name" not in newest.changes
    last = first
    while last.older:
        last = selectors.event_page(log, older_than=str(last.older))
    assert last is not first
    oldest = last.rows[-1]
    assert (oldest.record, oldest.label) == (str(line.pk), "insert")
    assert oldest.changes["name"] == [None, "Kennisgroep"]
    assert oldest.changes["amount"] == [None, 450000.0]

    client.force_login(beheerder)
    html = client.get(reverse("audit:events")).content.decode()
    assert "Begroot</span>: €\u00a0450.000,00 → €\u00a0475.000,00" in html
    assert f"{first.count} wijzigingen gevonden" in html
    assert "Oudere wijzigingen" in html and "Nieuwere wijzigingen" not in html


def test_the_change_log_shows_what_pghistory_events_show(kwartiermaker):
    """The same events, diffs and users as pghistory's aggregate `MiddlewareEvents` view."""
    from pghistory.models import MiddlewareEvents

    from audit import selectors

    with pghistory.context(user=kwartiermaker.pk):
        line = BudgetLineFactory(note="eerst")
        line.note = "daarna"
        line.save()
        line.delete()
    # This test's events: whatever else the process's database holds (a seed below the test,
    # say) would only make the comparison slower, not different.
    expected = {}
    for event in MiddlewareEvents.objects.filter(user=kwartiermaker.pk):
        changes = event.pgh_diff or {}
        if not changes and event.pgh_label in ("insert", "delete"):
            side = 1 if event.pgh_label == "insert" else 0
            changes = {k: [v, None][::-1] if side else [v, None] for k, v in event.pgh_data.items()}
        expected[(event.pgh_model, event.pgh_id)] = (event.pgh_obj_model, event.user_id, changes)
    rows = selectors.event_rows(list(expected))
    assert len(rows) == len(expected) > 3
    for key, row in zip(expected, rows, strict=True):
        model, user_id, changes = expected[key]
        assert (row.model, row.user.pk if row.user else None, row.changes) == (
            model,
            user_id,
            changes,
        )
    assert selectors.audit_events(user=kwartiermaker).count(up_to=1000) == len(expected)


def _older_link(html: str) -> dict:
    """The query of the page's "Oudere wijzigingen" link."""
    found = re.search(r'href="\?([^"]*)" rel="next">Oudere wijzigingen', html)
    assert found, "no link to older events"
    return dict(parse_qsl(unescape(found.group(1))))


def _change_log_reads(client, *, depth: int = 2):
    """Queries of the change log's page `depth` (following its "older" links), and the rows its
    event queries read (EXPLAIN)."""
    from django.test.utils import CaptureQueriesContext

    query = {}
    for _ in range(depth - 1):
        query = _older_link(client.get(reverse("audit:events"), query).content.decode())
    client.get(reverse("audit:events"), query)  # the session's first-request work
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("audit:events"), query).status_code == 200
    rows_read = 0
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if "pgh_created_at DESC" not in query["sql"] and "ROW_TO_JSON" not in query["sql"]:
                continue
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query["sql"])
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            rows_read += _scanned(plan[0]["Plan"])
    return len(captured.captured_queries), rows_read


def _scanned(node) -> int:
    own = (
        node.get("Actual Rows", 0) * node.get("Actual Loops", 1)
        if "Scan" in node["Node Type"]
        else 0
    )
    return own + sum(_scanned(child) for child in node.get("Plans", []))


def test_the_change_log_reads_the_same_however_long_the_history(
    client, beheerder, kwartiermaker, monkeypatch
):
    from audit import selectors

    monkeypatch.setattr(selectors, "COUNT_LIMIT", 150)  # counting stops here
    client.force_login(beheerder)
    export_note = "De export bevat ten hoogste de 50.000 nieuwste"
    assert export_note not in client.get(reverse("audit:events")).content.decode()
    with pghistory.context(user=kwartiermaker.pk):
        BudgetLineFactory.create_batch(200)
    small = _change_log_reads(client)
    with pghistory.context(user=kwartiermaker.pk):
        BudgetLineFactory.create_batch(400)
    large = _change_log_reads(client)
    assert small == large
    page = client.get(reverse("audit:events")).content.decode()
    assert "Meer dan 150 wijzigingen gevonden" in page and "Oudere wijzigingen" in page
    assert export_note in page  # the count cannot tell whether the export holds them all
    # A cursor before the history: an empty page, with the way back.
    beyond = client.get(reverse("audit:events"), {"ouder": "1.1.budget.BudgetLineEvent"})
    assert beyond.status_code == 200
    html = beyond.content.decode()
    assert "Geen wijzigingen die aan de filters voldoen." in html
    assert "Nieuwere wijzigingen" in html and "Oudere wijzigingen" not in html


def test_a_deep_page_costs_what_a_shallow_one_does(client, beheerder, monkeypatch):
    from audit import selectors

    monkeypatch.setattr(selectors, "PAGE_SIZE", 10)
    BudgetLineFactory.create_batch(120)
    client.force_login(beheerder)
    queries, rows_read = _change_log_reads(client, depth=2)
    assert (queries, rows_read) == _change_log_reads(client, depth=8)


def test_the_change_log_filter_lists_a_new_or_renamed_account_at_once(client, beheerder):
    """The filter form (a list of every account) is a cached fragment: a new account, or a new
    name, is in it on the next read."""
    client.force_login(beheerder)
    url = reverse("audit:events")
    client.get(url)
    colleague = UserFactory(username="nieuwe-collega", first_name="Nieuwe", last_name="Collega")
    html = client.get(url).content.decode()
    assert f'<option value="{colleague.pk}">Nieuwe Collega</option>' in html
    User.objects.filter(pk=colleague.pk).update(first_name="Hernoemde")  # a bulk update
    html = client.get(url).content.decode()
    assert f'<option value="{colleague.pk}">Hernoemde Collega</option>' in html
    # Its messages follow the address: a bad filter is told, the same page without it is not.
    wrong = {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    assert "De einddatum ligt" in client.get(url, wrong).content.decode()
    assert "De einddatum ligt" not in client.get(url).content.decode()


def test_the_change_log_escapes_what_was_written(client, beheerder):
    line = BudgetLineFactory(name="Gewoon")
    line.name = '<script>alert("x")</script> & co'
    line.save()
    client.force_login(beheerder)
    page = client.get(
        reverse("audit:events"), {"model": "budget.BudgetLine", "record": str(line.pk)}
    ).content.decode()
    assert "<script>alert" not in page
    assert "Gewoon → &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</li>" in page


def test_the_access_review_escapes_names_and_counts_one_recovery_code(client, beheerder):
    from audit.selectors import AccessRow
    from audit.templatetags.access_review import access_review_rows

    user = UserFactory(username="ann", first_name="<i>Ann</i>", last_name="& co", is_active=False)
    html = access_review_rows(
        [AccessRow(user=user, roles=[], grants=[], sso=[], mfa=True, recovery_codes_left=1)]
    )
    assert "<td>&lt;i&gt;Ann&lt;/i&gt; &amp; co<br>" in html
    assert "ann · niet actief</span>" in html and "<td>geen</td>" in html
    assert '"text-nowrap">nooit</td>' in html and "app ingesteld, 1 herstelcode over</td>" in html
