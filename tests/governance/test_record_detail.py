"""A viewer who may not edit a register record sees all of it, read-only, in one layout."""

import pytest
from django.urls import reverse

from tests.governance.factories import MilestoneFactory, RiskFactory

pytestmark = pytest.mark.django_db


def fields_shown(record) -> list[str]:
    from core.templatetags.portal import record_fields

    return [label for label, _ in record_fields(record)]


@pytest.mark.parametrize(
    ("route", "factory", "values"),
    [
        (
            "governance:risk_edit",
            RiskFactory,
            {"title": "Leverancier valt om", "description": "Oorzaak: faillissement", "impact": 4},
        ),
        ("governance:milestone_edit", MilestoneFactory, {"title": "Netwerk vervangen"}),
    ],
)
def test_a_viewer_sees_every_field_of_the_record_but_no_form(
    client, stuurgroeplid, route, factory, values
):
    record = factory(**values)
    client.force_login(stuurgroeplid)
    response = client.get(reverse(route, args=[record.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<form" not in page.split("<main", 1)[1].split("</main>", 1)[0]
    for label in fields_shown(record):
        assert f">{label}</dt>" in page, label
    for value in values.values():
        assert str(value) in page
    assert "Geschiedenis" in page


def test_the_viewer_may_not_post_to_a_read_only_record(client, stuurgroeplid):
    milestone = MilestoneFactory()
    client.force_login(stuurgroeplid)
    response = client.post(reverse("governance:milestone_edit", args=[milestone.pk]), {})
    assert response.status_code == 403
