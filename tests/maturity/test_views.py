from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import Role
from maturity.models import Answer, Assessment, AssessmentStatus, Question
from tests.machine_values import localized_numbers_in_attributes
from tests.maturity.factories import make_round, make_submitted

pytestmark = pytest.mark.django_db


def test_round_page_shows_quadrant_chart_table_and_summary(
    client_for, open_round, tholen, roosendaal
):
    make_submitted(open_round, tholen, value=Decimal("3.50"))
    make_submitted(open_round, roosendaal, value=Decimal("2.50"))
    page = client_for(Role.STUURGROEPLID).get(reverse("maturity:round_detail", args=[2025]))
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    assert "Kwadrantdiagram met klantervaring door digitale business" in html  # alt text
    assert "Tholen: 3,50 en 3,50, kwadrant toekomstvoorbereid." in html
    assert (
        "Roosendaal scoort zichzelf op de cultuur- en organisatiekenmerken over het geheel onder"
        " het benchmarkgemiddelde." in html
    )
    assert "Gegevens van het kwadrant" in html


def test_drafts_are_not_in_the_results(client_for, open_round, roosendaal):
    Assessment.objects.create(round=open_round, organisation=roosendaal)
    html = (
        client_for(Role.KWARTIERMAKER)
        .get(reverse("maturity:round_detail", args=[2025]))
        .content.decode()
    )
    assert "nog geen ingediende scores" in html


def _answers(value=3, skip=0):
    questions = list(Question.objects.all())
    return {f"question_{q.pk}": str(value) for q in questions[skip:]}


def test_respondent_saves_a_draft_then_submits(client_for, open_round, respondent):
    client = client_for(Role.RESPONDENT)
    url = reverse("maturity:assessment_edit", args=[2025])
    assert client.get(url).status_code == 200
    response = client.post(url, {**_answers(skip=5), "concept": "1"})
    assert response.status_code == 302
    assessment = Assessment.objects.get(organisation=respondent.organisation)
    assert assessment.status == AssessmentStatus.DRAFT
    assert Answer.objects.filter(assessment=assessment).count() == 23
    # Submitting with answers missing: Dutch error, draft kept.
    response = client.post(
        url, {**_answers(skip=5), "indienen": "1", "confirm": "1", "version": assessment.version}
    )
    assert (
        "Beantwoord alle vragen voordat u indient; er ontbreken er 5." in response.content.decode()
    )
    assert Answer.objects.filter(assessment=assessment).count() == 23
    assessment.refresh_from_db()
    response = client.post(
        url, {**_answers(value=4), "indienen": "1", "confirm": "1", "version": assessment.version}
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED and assessment.submitted_by == respondent
    assert {s.value for s in assessment.scores.all()} == {Decimal("4.00")}
    # A second submission is refused and nothing changes.
    response = client.post(
        url, {**_answers(value=1), "indienen": "1", "confirm": "1", "version": assessment.version}
    )
    assert response.status_code == 409
    assert "liggen vast" in response.content.decode()
    assert {s.value for s in assessment.scores.all()} == {Decimal("4.00")}


def test_out_of_scale_answer_is_a_dutch_error(client_for, open_round, respondent):
    client = client_for(Role.RESPONDENT)
    question = Question.objects.first()
    response = client.post(
        reverse("maturity:assessment_edit", args=[2025]),
        {f"question_{question.pk}": "7", "concept": "1"},
    )
    assert response.status_code == 200
    assert "Kies een waarde van 1 tot en met 5." in response.content.decode()
    assert not Answer.objects.exists()


def test_kwartiermaker_reopens_and_it_is_recorded(client_for, open_round, tholen, kwartiermaker):
    assessment = make_submitted(open_round, tholen)
    client = client_for(Role.KWARTIERMAKER)
    page = client.get(reverse("maturity:round_detail", args=[2025])).content.decode()
    assert f'<label class="visually-hidden" for="reden-{assessment.pk}">' in page
    assert localized_numbers_in_attributes(page) == []
    response = client.post(
        reverse("maturity:assessment_reopen", args=[assessment.pk]), {"reason": "Typefout"}
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    assert assessment.reopened_by == kwartiermaker and assessment.reopen_reason == "Typefout"


@pytest.mark.parametrize("role", [Role.STUURGROEPLID, Role.RESPONDENT, Role.WERKSTROOMTREKKER])
def test_others_cannot_reopen_or_manage(role, client_for, open_round, tholen):
    assessment = make_submitted(open_round, tholen)
    client = client_for(role)
    assert (
        client.post(
            reverse("maturity:assessment_reopen", args=[assessment.pk]), {"reason": "x"}
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("maturity:round_transition", args=[2025, "sluiten"])).status_code == 403
    )
    assert client.get(reverse("maturity:import_data", args=[2025])).status_code == 403
    assert client.get(reverse("maturity:round_create")).status_code == 403
    assessment.refresh_from_db()
    assert assessment.is_submitted


def test_kwartiermaker_creates_and_opens_a_round(client_for, questionnaire):
    client = client_for(Role.KWARTIERMAKER)
    from maturity.models import AssessmentRound, QuestionnaireVersion

    response = client.post(
        reverse("maturity:round_create"),
        {
            "year": 2026,
            "name": "Meting",
            "questionnaire": QuestionnaireVersion.objects.get().pk,
            "quadrant_threshold": "3.00",
            "notable_difference": "0,25",
        },
    )
    assert response.status_code == 302
    client.post(reverse("maturity:round_transition", args=[2026, "openen"]))
    created = AssessmentRound.objects.get(year=2026)
    assert created.status == "open"
    # The kwartiermaker's settings for the findings and the council report.
    assert created.notable_difference == Decimal("0.25")
    assert created.others_by_name is False  # the box was left unticked: anonymised


def test_round_form_offers_the_findings_settings_with_their_defaults(client_for, questionnaire):
    html = client_for(Role.KWARTIERMAKER).get(reverse("maturity:round_create")).content.decode()
    assert 'name="notable_difference"' in html and 'value="0,30"' in html
    assert 'name="others_by_name"' in html and "checked" in html


def test_a_notable_difference_of_zero_is_refused(client_for, questionnaire):
    from maturity.models import AssessmentRound, QuestionnaireVersion

    response = client_for(Role.KWARTIERMAKER).post(
        reverse("maturity:round_create"),
        {
            "year": 2027,
            "name": "Meting",
            "questionnaire": QuestionnaireVersion.objects.get().pk,
            "quadrant_threshold": "3,00",
            "notable_difference": "0",
        },
    )
    assert response.status_code == 200
    assert not AssessmentRound.objects.filter(year=2027).exists()


def test_movement_and_actions(client_for, questionnaire, tholen, kwartiermaker):
    from governance.models import Action
    from tests.factories import WorkstreamFactory

    WorkstreamFactory(number=4, name="Digitale volwassenheid", lead_organisation=tholen)
    first = make_round(2024)
    second = make_round(2025, benchmark=Decimal("3.00"))
    make_submitted(first, tholen, value=Decimal("2.50"))
    make_submitted(
        second, tholen, value=Decimal("3.00"), scores={"digitaal-talent": Decimal("2.00")}
    )
    client = client_for(Role.KWARTIERMAKER)
    html = client.get(
        reverse("maturity:organisation_result", args=[2025, tholen.slug])
    ).content.decode()
    assert "+0,50" in html and "−0,50" in html
    client.post(reverse("maturity:actions_create", args=[2025, tholen.slug]))
    client.post(reverse("maturity:actions_create", args=[2025, tholen.slug]))  # idempotent
    actions = Action.objects.all()
    assert [a.title for a in actions] == ["Verbeteren: Digitaal talent (Tholen)"]
    assert actions[0].workstream.number == 4 and actions[0].owner_organisation == tholen


def test_a_stale_draft_save_keeps_the_input_and_says_so(client_for, open_round, respondent):
    from maturity import services

    client = client_for(Role.RESPONDENT)
    url = reverse("maturity:assessment_edit", args=[2025])
    client.get(url)  # form opened: no draft yet, so no version
    services.assessment_save(
        assessment_round=open_round,
        organisation=respondent.organisation,
        answers={},
        expected_version=None,
        acting_user=respondent,
    )  # a colleague starts the draft meanwhile
    question = Question.objects.first()
    response = client.post(url, {f"question_{question.pk}": "2", "concept": "1", "version": ""})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Iemand anders heeft dit record gewijzigd" in html
    assert 'value="2" checked' in html or 'value="2"checked' in html
    assert not Answer.objects.exists()


def test_autosave_answers_with_a_fragment_carrying_the_new_version(
    client_for, open_round, respondent
):
    client = client_for(Role.RESPONDENT)
    url = reverse("maturity:assessment_edit", args=[2025])
    question = Question.objects.first()
    htmx = {"HX-Request": "true"}
    response = client.post(url, {f"question_{question.pk}": "4", "version": ""}, headers=htmx)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Concept automatisch opgeslagen: 1 van 28 vragen beantwoord." in html
    assert "<html" not in html  # a fragment, not the page
    version = Answer.objects.get().assessment.version
    assert f'name="version" value="{version}" id="id_version" hx-swap-oob="true"' in html
    assert 'hx-swap-oob="true"><span>Beantwoord: 1 van 28.' in html
    response = client.post(url, {f"question_{question.pk}": "9", "version": version}, headers=htmx)
    assert "Kies een waarde van 1 tot en met 5." in response.content.decode()
    # a second tab saves meanwhile; this tab's next save carries the old version
    client.post(url, {f"question_{question.pk}": "5", "version": version}, headers=htmx)
    stale = client.post(url, {f"question_{question.pk}": "3", "version": version}, headers=htmx)
    assert "Iemand anders heeft dit record gewijzigd" in stale.content.decode()
    assert Answer.objects.get().value == 5


def test_the_form_autosaves_through_htmx_without_script_of_its_own(client_for, open_round):
    html = client_for(Role.RESPONDENT).get(reverse("maturity:assessment_edit", args=[2025]))
    page = html.content.decode()
    assert 'hx-post="/' in page and 'hx-trigger="change"' in page
    assert 'hx-sync="this:queue last"' in page and "maturity.js" not in page
    assert 'src="/static/vendor/htmx/htmx.min.js"' in page


def test_targets_for_the_next_round(client_for, questionnaire, roosendaal, tholen, user_for_role):
    from maturity.models import Characteristic, Target

    current = make_round(2024)
    make_round(2025)
    make_submitted(current, roosendaal)
    make_submitted(current, tholen)
    talent = Characteristic.objects.get(code="digitaal-talent")
    own = reverse("maturity:organisation_result", args=[2024, roosendaal.slug])
    other = reverse("maturity:organisation_result", args=[2024, tholen.slug])
    client = client_for(Role.RESPONDENT)  # Roosendaal
    assert client.post(other, {"characteristic": talent.pk, "value": "4"}).status_code == 403
    response = client.post(own, {"characteristic": talent.pk, "value": "4", "shared": "on"})
    assert "Alleen de kwartiermaker stelt gedeelde doelen." in response.content.decode()
    response = client.post(own, {"characteristic": talent.pk, "value": "7"})
    assert "Een doelscore ligt tussen 1 en 5." in response.content.decode()
    assert client.post(own, {"characteristic": talent.pk, "value": "3,8"}).status_code == 302
    target = Target.objects.get()
    assert (target.organisation, target.round.year, target.value) == (
        roosendaal,
        2025,
        Decimal("3.80"),
    )
    assert "3,80" in client.get(own).content.decode()


def test_seeded_round_page_states_the_report_findings(demo_seeded, client_for):
    from maturity.models import AssessmentRound
    from maturity.selectors import round_results

    html = (
        client_for(Role.GRIFFIER)
        .get(reverse("maturity:round_detail", args=[2022]))
        .content.decode()
    )
    assert "demodata" in html
    for result in round_results(
        assessment_round=AssessmentRound.objects.get(year=2022)
    ).organisations:
        assert result.summary.text.replace("'", "&#x27;") in html
    for name in ["Roosendaal", "Moerdijk", "Etten-Leur", "Werkplein"]:
        assert f"{name}: " in html and "kwadrant traditioneel" in html
    assert "Tholen: 3,30 en 3,20, kwadrant toekomstvoorbereid." in html
    assert "Benchmark: 3,40 en 3,50, kwadrant toekomstvoorbereid." in html


def test_respondent_gets_the_scoring_link_until_submitted(demo_seeded, client):
    from core.models import User

    client.force_login(User.objects.get(username="respondent"))  # Moerdijk: not yet scored
    assert "Scores invullen" in client.get(reverse("maturity:round_list")).content.decode()


def test_no_scoring_link_after_submission(demo_seeded, client_for):
    # The fixture respondent works for Roosendaal, which submitted 2024 in the demo data.
    assert (
        "Scores invullen"
        not in client_for(Role.RESPONDENT).get(reverse("maturity:round_list")).content.decode()
    )


def test_no_scoring_link_for_the_stuurgroep(demo_seeded, client_for):
    assert (
        "Scores invullen"
        not in client_for(Role.STUURGROEPLID).get(reverse("maturity:round_list")).content.decode()
    )


def test_submitting_asks_first(client_for, open_round, respondent):
    client = client_for(Role.RESPONDENT)
    url = reverse("maturity:assessment_edit", args=[2025])
    response = client.post(url, {**_answers(value=4), "indienen": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Wilt u de scores van Roosendaal voor de meting 2025 indienen?" in page
    assert not Assessment.objects.exists()  # nothing saved, not even a draft
    # Back: the questionnaire with the answers as given.
    response = client.post(url, {**_answers(value=4), "indienen": "1", "confirm": "back"})
    assert response.status_code == 200
    assert response.context["form"].data.get(next(iter(_answers()))) == "4"
    assert not Assessment.objects.exists()
    response = client.post(url, {**_answers(value=4), "indienen": "1", "confirm": "1"})
    assert response.status_code == 302
    assert Assessment.objects.get().status == AssessmentStatus.SUBMITTED


def test_closing_a_round_asks_first_and_names_the_drafts(client_for, open_round, roosendaal):
    Assessment.objects.create(round=open_round, organisation=roosendaal)
    client = client_for(Role.KWARTIERMAKER)
    url = reverse("maturity:round_transition", args=[2025, "sluiten"])
    response = client.post(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Wilt u de meting 2025 sluiten?" in page
    assert "1 organisatie heeft haar scores nog niet ingediend" in page
    open_round.refresh_from_db()
    assert open_round.status == "open"
    client.post(url, {"confirm": "1"})
    open_round.refresh_from_db()
    assert open_round.status == "gesloten"
