"""The change log's pages: older and newer by cursor, each event once, in order, with filters."""

import datetime
import re
from html import unescape
from urllib.parse import parse_qsl

import pghistory
import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from pghistory import core as pghistory_core

from audit import selectors
from core.models import Role
from tests.budget.factories import BudgetLineFactory, EntryFactory
from tests.governance.factories import ActionFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def history(module_db, module_role_users):
    """Some 90 events in five tables, built once for the module; they all share one moment (the
    module's transaction), so the tables' ties decide; a third of them are moved a minute back,
    so several moments hold events of several tables."""
    with pghistory.context(user=module_role_users[Role.KWARTIERMAKER]):
        lines = BudgetLineFactory.create_batch(12)
        for line in lines[::2]:
            line.note = "bijgewerkt"
            line.save()
        MilestoneFactory.create_batch(8)
    EntryFactory.create_batch(6, line=lines[0])  # no user: written by the system
    ActionFactory.create_batch(10)
    with connection.cursor() as cursor:
        for event_model in pghistory_core.event_models():
            cursor.execute(
                f'UPDATE "{event_model._meta.db_table}" SET pgh_created_at = pgh_created_at'
                " - INTERVAL '1 minute' WHERE pgh_id % 3 = 0"
            )


def _expected(*, only=None) -> list[tuple[str, int]]:
    """Every event's key in the change log's order, worked out here: newest first, at one
    moment by event model label, newest written first; `only(event)` keeps some."""
    events = []
    for event_model in pghistory_core.event_models():
        label = event_model._meta.label
        for event in event_model.objects.all():
            if only is None or only(event):
                events.append((event.pgh_created_at, label, event.pgh_id))
    return [(label, pgh_id) for _at, label, pgh_id in sorted(events, reverse=True)]


def _keys(page) -> list[tuple[str, int]]:
    return [(row.event_model, row.pgh_id) for row in page.rows]


def _all_pages(log) -> list:
    pages = [selectors.event_page(log)]
    while pages[-1].older:
        pages.append(selectors.event_page(log, older_than=str(pages[-1].older)))
    return pages


def test_older_and_newer_pages_show_every_event_once_in_order(history, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 7)
    expected = _expected()
    labels = {label for label, _ in expected}
    assert len(expected) > 50 and len(labels) >= 5
    log = selectors.audit_events()

    pages = _all_pages(log)
    assert [key for page in pages for key in _keys(page)] == expected
    assert all(len(page.rows) == 7 for page in pages[:-1]) and 0 < len(pages[-1].rows) <= 7
    assert pages[0].newer is None and pages[0].is_newest
    assert all(page.newer is not None for page in pages[1:])
    assert pages[-1].older is None

    # Back from the last page by the "newer" links: the same pages, the newest one included.
    back = [pages[-1]]
    while back[-1].newer:
        page = selectors.event_page(log, newer_than=str(back[-1].newer))
        # Back at the newest events, the reader is sent to the newest page's own address.
        back.append(selectors.event_page(log) if page.back_at_newest else page)
    assert [_keys(page) for page in back] == [_keys(page) for page in reversed(pages)]
    assert back[-1].is_newest


def test_a_newer_page_after_new_events_is_the_page_seen_before(history, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 7)
    log = selectors.audit_events()
    first = selectors.event_page(log)
    second = selectors.event_page(log, older_than=str(first.older))
    # Written while the user reads page two (a minute on: the test's events share a moment).
    with connection.cursor() as cursor:
        # (each event table numbers its events itself)
        cursor.execute("SELECT coalesce(max(pgh_id), 0) FROM budget_budgetlineevent")
        newest_before = cursor.fetchone()[0]
    BudgetLineFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE budget_budgetlineevent SET pgh_created_at = pgh_created_at"
            " + INTERVAL '1 minute' WHERE pgh_id > %s",
            [newest_before],
        )
    again = selectors.event_page(selectors.audit_events(), newer_than=str(second.newer))
    assert _keys(again) == _keys(first)
    assert again.newer is not None  # and the new events are one page further


def test_the_filters_hold_on_every_page(history, role_users, monkeypatch):
    kwartiermaker = role_users[Role.KWARTIERMAKER]
    monkeypatch.setattr(selectors, "PAGE_SIZE", 4)

    def by_kwartiermaker(event):
        context = event.pgh_context
        return context is not None and context.metadata.get("user") == kwartiermaker.pk

    expected = _expected(
        only=lambda event: (
            type(event)._meta.label == "budget.BudgetLineEvent" and by_kwartiermaker(event)
        )
    )
    assert len(expected) > 8
    today = timezone.localdate()
    log = selectors.audit_events(
        user=kwartiermaker,
        model="budget.BudgetLine",
        date_from=today - datetime.timedelta(days=1),
        date_to=today,
    )
    pages = _all_pages(log)
    assert len(pages) > 2
    assert [key for page in pages for key in _keys(page)] == expected


def _link(html: str, text: str) -> dict | None:
    """The query of the page's link with `text`, or None if it has none."""
    found = re.search(rf'href="[^"?]*\?([^"]*)"[^>]*>{text}</a>', html)
    return dict(parse_qsl(unescape(found.group(1)))) if found else None


def test_the_pages_link_to_each_other_with_the_filters(client, role_users, history, monkeypatch):
    beheerder = role_users[Role.BEHEERDER]
    monkeypatch.setattr(selectors, "PAGE_SIZE", 5)
    expected = _expected(only=lambda event: type(event)._meta.label == "budget.BudgetLineEvent")
    client.force_login(beheerder)
    url = reverse("audit:events")
    query = {"model": "budget.BudgetLine"}
    html = client.get(url, query).content.decode()
    assert "Nieuwere wijzigingen" not in html and "Nieuwste" not in html
    records = []
    while True:
        records += re.findall(r'record=(\d+)">', html)
        older = _link(html, "Oudere wijzigingen")
        if older is None:
            break
        assert older["model"] == "budget.BudgetLine" and "pagina" not in older
        html = client.get(url, older).content.decode()
        assert "Nieuwere wijzigingen" in html and "Nieuwste" in html
        newest = re.search(r'href="([^"]*)">Nieuwste</a>', html).group(1)
        assert unescape(newest) == f"{url}?model=budget.BudgetLine"
    event_model = apps.get_model("budget.BudgetLineEvent")
    by_pgh_id = {event.pgh_id: str(event.pgh_obj_id) for event in event_model.objects.all()}
    assert records == [by_pgh_id[pgh_id] for _label, pgh_id in expected]

    # And back, page by page, to the newest.
    pages = 1
    while newer := _link(html, "Nieuwere wijzigingen"):
        assert newer["model"] == "budget.BudgetLine"
        response = client.get(url, newer, follow=True)
        html = response.content.decode()
        pages += 1
        # The newest page is at its own address, without a cursor that would hold it still.
        at_newest = "Nieuwste" not in html
        assert response.redirect_chain == (
            [(f"{url}?model=budget.BudgetLine", 302)] if at_newest else []
        )
    assert pages == -(-len(expected) // 5)
    assert "Oudere wijzigingen" in html and "Nieuwste" not in html


@pytest.mark.parametrize(
    "cursor",
    [
        "kapot",
        "1.2",
        "1.2.budget.Bestaatniet",
        "1.0.budget.BudgetLineEvent",
        "1.-3.budget.BudgetLineEvent",
        f"1.{2**63}.budget.BudgetLineEvent",
        f"{10**30}.1.budget.BudgetLineEvent",
        f"-{10**30}.1.budget.BudgetLineEvent",
        "١٢.1.budget.BudgetLineEvent",
        "x" * 5000,
    ],
)
@pytest.mark.parametrize("direction", ["ouder", "nieuwer"])
def test_a_tampered_cursor_shows_the_newest_page_and_says_so(
    client, role_users, history, cursor, direction
):
    beheerder = role_users[Role.BEHEERDER]
    client.force_login(beheerder)
    response = client.get(reverse("audit:events"), {direction: cursor})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Deze paginalink klopt niet (meer)." in html
    assert "Nieuwere wijzigingen" not in html and "Oudere wijzigingen" in html
    assert "Deze paginalink" not in client.get(reverse("audit:events")).content.decode()


def test_a_cursor_of_a_moment_before_the_history_is_an_empty_page_with_the_way_back(
    client, role_users, history
):
    beheerder = role_users[Role.BEHEERDER]
    client.force_login(beheerder)
    html = client.get(
        reverse("audit:events"), {"ouder": "-1000.1.budget.BudgetLineEvent"}
    ).content.decode()
    assert "Geen wijzigingen die aan de filters voldoen." in html
    assert "Deze paginalink" not in html and "Oudere wijzigingen" not in html
    # The page before it: the oldest events.
    oldest = _expected()[-1]
    html = client.get(reverse("audit:events"), _link(html, "Nieuwere wijzigingen")).content.decode()
    assert re.findall(r'record=(\d+)">', html)[-1] == str(
        apps.get_model(oldest[0]).objects.get(pgh_id=oldest[1]).pgh_obj_id
    )
    assert "Nieuwere wijzigingen" in html


def test_a_cursor_reads_back_as_itself():
    at = datetime.datetime(2026, 11, 29, 2, 38, 57, 123456, tzinfo=datetime.UTC)
    cursor = selectors.Cursor(at=at, event_model="budget.BudgetLineEvent", pgh_id=42)
    assert str(cursor) == f"{int(at.timestamp())}123456.42.budget.BudgetLineEvent"
    assert selectors.Cursor.parse(str(cursor)) == cursor


def test_the_export_holds_every_matching_event_not_a_page(client, role_users, history, monkeypatch):
    beheerder = role_users[Role.BEHEERDER]
    monkeypatch.setattr(selectors, "PAGE_SIZE", 5)
    client.force_login(beheerder)
    query = {"model": "budget.BudgetLine", "ouder": "1.1.budget.BudgetLineEvent"}  # no matter
    text = client.get(reverse("audit:events_export"), query).content.decode("utf-8-sig")
    events = {tuple(line.split(";")[:5]) for line in text.splitlines()[1:]}
    expected = _expected(only=lambda event: type(event)._meta.label == "budget.BudgetLineEvent")
    assert len(events) == len(expected) > 5
    assert {kind for _at, _user, kind, _record, _action in events} == {"Begrotingspost"}
