"""A maturity round's data and a self-assessment each have a read-only page with every field;
the respondent of a draft is offered "Scores invullen" there, nobody else."""

import pytest
from django.urls import reverse

from core.models import User
from maturity.models import Assessment, AssessmentRound
from tests.record_pages import assert_every_field_shown, main_of, text_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("viewer", ["griffier", "trekker", "stuurgroep"])
def test_a_viewer_sees_every_field_of_the_round_and_of_a_submitted_assessment(
    demo_seeded, client, viewer
):
    assessment = Assessment.objects.filter(status="ingediend").select_related("round").first()
    client.force_login(User.objects.get(username=viewer))
    for record in (assessment.round, assessment):
        response = client.get(record.get_absolute_url())
        assert response.status_code == 200, record
        main = main_of(response.content.decode())
        assert_every_field_shown(main, record)
        assert "Scores invullen" not in text_of(main)
    # The assessment's page lists its scores per characteristic.
    main = main_of(client.get(assessment.get_absolute_url()).content.decode())
    score = assessment.scores.select_related("characteristic").first()
    assert score.characteristic.name in main


def test_the_respondent_of_a_draft_is_offered_to_fill_it_in(demo_seeded, client):
    respondent = User.objects.get(username="respondent")
    open_round = AssessmentRound.objects.get(status="open")  # the demo's 2024 round
    draft, _ = Assessment.objects.get_or_create(
        round=open_round, organisation=respondent.organisation
    )
    client.force_login(respondent)
    main = main_of(client.get(draft.get_absolute_url()).content.decode())
    assert f'href="{reverse("maturity:assessment_edit", args=[open_round.year])}"' in main
    client.force_login(User.objects.get(username="stuurgroep"))
    assert client.get(draft.get_absolute_url()).status_code == 403
