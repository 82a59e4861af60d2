"""Every change to a domain record is kept: who, when, what (django-pghistory triggers)."""

import pytest
from django.urls import reverse

from core.models import Organisation
from core.selectors import history_for
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_change_made_in_a_request_records_the_acting_user_and_the_diff(client, beheerder):
    moerdijk = OrganisationFactory(short_name="Moerdijk", name="Gemeente Moerdijk")
    client.force_login(beheerder)
    url = reverse("admin:core_organisation_change", args=[moerdijk.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "name": "Gemeente Moerdijk (gewijzigd)",
            "membership_start": "2014-01-01",
            "membership_end": "",
            "users-TOTAL_FORMS": 0,
            "users-INITIAL_FORMS": 0,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    newest = history_for(moerdijk)[0]
    assert newest.user == beheerder
    assert newest.changes["name"] == ["Gemeente Moerdijk", "Gemeente Moerdijk (gewijzigd)"]


def test_bulk_updates_are_recorded_too():
    tholen = OrganisationFactory(short_name="Tholen")
    Organisation.objects.filter(pk=tholen.pk).update(membership_note="bulk")
    entries = history_for(tholen)
    assert [entry.label for entry in entries] == ["update", "insert"]
    assert entries[0].changes["membership_note"] == ["", "bulk"]
    assert entries[0].user is None


def test_history_costs_two_queries_however_long_it_is(django_assert_num_queries, beheerder):
    org = OrganisationFactory()
    for n in range(20):
        Organisation.objects.filter(pk=org.pk).update(membership_note=f"wijziging {n}")
    with django_assert_num_queries(1):  # no user in the context: the user lookup is skipped
        assert len(history_for(org)) == 21


def test_the_history_shows_amounts_in_euro_and_other_decimals_as_numbers():
    from types import SimpleNamespace

    from budget.models import BudgetLine
    from core.templatetags.portal import history_changes
    from governance.models import RoleAssignment

    entry = SimpleNamespace(changes={"amount": [450000.0, 475000.5]})
    assert history_changes(entry, BudgetLine()) == [
        ("Begroot", "€\u00a0450.000,00", "€\u00a0475.000,50")
    ]
    hours = SimpleNamespace(changes={"hours_per_week": ["8.0", 12]})
    [(label, before, after)] = history_changes(hours, RoleAssignment())
    assert (before, after) == ("8,0", "12,0")
