"""The home page: the stuurgroep dashboard (with other apps' panels) or the workstream list."""

import pytest
from django.urls import reverse

from tests.factories import WorkstreamFactory
from tests.governance.test_views import DASHBOARD_QUERIES

pytestmark = pytest.mark.django_db


def test_home_lists_the_seeded_workstreams(client, seeded, stuurgroeplid):
    client.force_login(stuurgroeplid)
    page = client.get(reverse("home")).content.decode()
    assert "Basis-ICT op orde" in page and "Digitale volwassenheid" in page
    assert "Stuurgroep / kwartiermaker" in page


@pytest.mark.parametrize("extra_workstreams", [0, 40])
def test_home_query_count_does_not_grow_with_data(
    client, stuurgroeplid, django_assert_max_num_queries, extra_workstreams
):
    WorkstreamFactory.create_batch(5 + extra_workstreams)
    client.force_login(stuurgroeplid)
    # The stuurgroep dashboard (governance + budget) and the member's 'Actie nodig'.
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("home"))
    assert response.status_code == 200


def test_the_dashboard_shows_the_budget_burn_to_programme_staff(client, seeded, stuurgroeplid):
    client.force_login(stuurgroeplid)
    page = client.get(reverse("home")).content.decode()
    # Without a budget for this year, the latest year is drawn; the others are linked.
    assert "Verbruik begroting 2025 per post" in page
    assert "Resterend budget" in page or 'alt="Lijndiagram: het resterende budget 2025' in page
    assert reverse("budget:year", args=[2024]) in page
