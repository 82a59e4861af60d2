"""`Cache-Control: no-store` on every response to a signed-in user, downloads included."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_signed_in_pages_and_fragments_are_not_stored(client, stuurgroeplid):
    client.force_login(stuurgroeplid)
    for url in ("/", reverse("search:results") + "?q=x", "/bestaat-niet/"):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


def test_signed_in_downloads_are_not_stored(client, kwartiermaker):
    from tests.reports.factories import CouncilReportFactory

    report = CouncilReportFactory(done=True)
    client.force_login(kwartiermaker)
    response = client.get(reverse("reports:download", args=[report.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
