"""Query budgets: the same budget for 10 organisations × 5 rounds and 100 × 10 (each size built
once for the module)."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse

from core.models import Organisation, OrganisationKind, Role
from maturity import seed
from maturity.models import (
    Assessment,
    AssessmentSource,
    AssessmentStatus,
    Characteristic,
    CharacteristicScore,
)
from tests.maturity.factories import make_round

# The data sets are built once per module: keep its tests in one xdist process.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("maturity_queries")]

# +1 each for the palette (core.charts.organisation_colours), asked once per page.
BUDGET = {"round_list": 5, "round_detail": 11, "organisation_result": 17}


def build(organisations: int, rounds: int):
    orgs = Organisation.objects.bulk_create(
        Organisation(
            name=f"Testgemeente {n}",
            short_name=f"Test {n:03d}",
            slug=f"test-{n}",
            kind=OrganisationKind.GEMEENTE,
            membership_start=datetime.date(2014, 1, 1),
        )
        for n in range(organisations)
    )
    characteristics = list(Characteristic.objects.all())
    for index in range(rounds):
        assessment_round = make_round(2010 + index)
        assessments = Assessment.objects.bulk_create(
            Assessment(
                round=assessment_round,
                organisation=org,
                status=AssessmentStatus.SUBMITTED,
                source=AssessmentSource.IMPORT,
                submitted_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
            )
            for org in orgs
        )
        CharacteristicScore.objects.bulk_create(
            CharacteristicScore(
                assessment=a,
                characteristic=c,
                value=Decimal(1 + (i + j + index) % 40 / 10).quantize(Decimal("0.01")),
            )
            for i, a in enumerate(assessments)
            for j, c in enumerate(characteristics)
        )
    return orgs[0], 2010 + rounds - 1


@pytest.fixture(scope="module", params=[(10, 5), (100, 10)], ids=["10x5", "100x10"])
def data_set(request, module_db, module_role_users):
    """The questionnaire and `organisations` x `rounds` of scores, built once per size."""
    organisations, rounds = request.param
    with transaction.atomic():
        seed.seed({})
        first, year = build(organisations, rounds)
        yield organisations, first, year
        transaction.set_rollback(True)  # the next size starts from the module's data


@pytest.mark.parametrize("role", [Role.KWARTIERMAKER, Role.STUURGROEPLID, Role.RESPONDENT])
def test_pages_keep_their_query_budget(
    data_set, role, client, role_users, django_assert_max_num_queries
):
    organisations, first, year = data_set
    client.force_login(role_users[role])
    pages = {
        "round_list": reverse("maturity:round_list"),
        "round_detail": reverse("maturity:round_detail", args=[year]),
        "organisation_result": reverse("maturity:organisation_result", args=[year, first.slug]),
    }
    for name, url in pages.items():
        with django_assert_max_num_queries(BUDGET[name]):
            response = client.get(url)
        assert response.status_code == 200, name
    html = client.get(pages["round_detail"]).content.decode()
    assert html.count("/organisaties/test-") >= 2 * organisations
