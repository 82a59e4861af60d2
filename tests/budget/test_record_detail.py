"""Budget lines, entries and budget changes each have a read-only page with every field; only
the kwartiermaker is offered the entry's separate edit page."""

import pytest
from django.urls import reverse

from budget.models import BudgetLine
from core.models import User
from tests.budget.factories import BudgetChangeFactory, EntryFactory
from tests.record_pages import assert_every_field_shown, main_of, text_of

pytestmark = pytest.mark.django_db


def _line():
    return BudgetLine.objects.get(budget_year__year=2024, is_contingency=True)


def _entry():
    return EntryFactory(
        line=_line(), supplier="Leverancier BV", reference="F-2024-17", description="Inhuur"
    )


def _change():
    return BudgetChangeFactory(to_line=_line(), reason="Extra inhuur voor de kennisgroep")


# record builder -> (detail route, a demo user who reads but does not edit it)
CASES = {
    "line": (_line, "budget:line", "trekker"),
    "entry": (_entry, "budget:entry", "stuurgroep"),
    "change": (_change, "budget:change", "kwartiermaker"),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_a_viewer_sees_every_field_of_the_budget_record(demo_seeded, client, kind):
    build, route, viewer = CASES[kind]
    record = build()
    client.force_login(User.objects.get(username=viewer))
    response = client.get(reverse(route, args=[record.pk]))
    assert response.status_code == 200
    main = main_of(response.content.decode())
    assert_every_field_shown(main, record)
    assert "Bewerken" not in text_of(main)
    assert "Geschiedenis" in main


def test_only_the_kwartiermaker_is_offered_the_entry_edit_page(demo_seeded, client):
    entry = _entry()
    edit_url = reverse("budget:entry_edit", args=[entry.pk])
    client.force_login(User.objects.get(username="kwartiermaker"))
    page = client.get(reverse("budget:entry", args=[entry.pk])).content.decode()
    assert f'href="{edit_url}"' in main_of(page)
    client.force_login(User.objects.get(username="stuurgroep"))
    assert client.get(edit_url).status_code == 403


def test_amounts_follow_the_active_language(demo_seeded, client):
    line = _line()
    client.force_login(User.objects.get(username="trekker"))
    url = reverse("budget:line", args=[line.pk])
    assert "€\xa050.000,00" in main_of(client.get(url).content.decode())
    client.cookies["django_language"] = "en"
    assert "€\xa050,000.00" in main_of(client.get(url).content.decode())
