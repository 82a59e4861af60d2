"""The 'weet niet / n.v.t.' rule: such answers count as answered but stay out of the mean, and a
characteristic answered only with them has no score, which the pages and the PDF say."""

import datetime
import io
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from core.models import Role
from core.reporting import sections as report_sections
from maturity import services
from maturity.findings import characteristic_means
from maturity.models import NOT_APPLICABLE, Answer, CharacteristicScore, Question

pytestmark = pytest.mark.django_db


def test_the_mean_leaves_not_applicable_out_and_only_not_applicable_gives_no_score():
    means = characteristic_means(
        {
            "a": [Decimal(4), None, Decimal(5)],
            "b": [None, None],
            "c": [Decimal(2), Decimal(3)],
        }
    )
    assert means == {"a": Decimal("4.50"), "c": Decimal("2.50")}


def _submit_with_not_applicable(open_round, respondent):
    """Talent: 4 and n.v.t. -> 4,00; klant centraal: only n.v.t. -> no score; rest 3."""
    answers = {q.pk: 3 for q in Question.objects.all()}
    talent = list(Question.objects.filter(characteristic__code="digitaal-talent"))
    answers[talent[0].pk] = 4
    answers[talent[1].pk] = NOT_APPLICABLE
    for question in Question.objects.filter(characteristic__code="klant-centraal"):
        answers[question.pk] = NOT_APPLICABLE
    return services.assessment_save(
        assessment_round=open_round,
        organisation=respondent.organisation,
        answers=answers,
        expected_version=None,
        submit=True,
        acting_user=respondent,
    )


def test_submitting_with_not_applicable_answers(open_round, respondent):
    assessment = _submit_with_not_applicable(open_round, respondent)
    assert assessment.is_submitted  # n.v.t. counts as answered
    assert Answer.objects.filter(assessment=assessment, value__isnull=True).count() == 3
    scores = {
        s.characteristic.code: s.value
        for s in CharacteristicScore.objects.filter(assessment=assessment).select_related(
            "characteristic"
        )
    }
    assert scores["digitaal-talent"] == Decimal("4.00")  # not (4 + 0) / 2, not 3,5
    assert "klant-centraal" not in scores
    assert len(scores) == 13


def test_the_form_offers_not_applicable_and_keeps_it(client_for, open_round, respondent):
    client = client_for(Role.RESPONDENT)
    url = reverse("maturity:assessment_edit", args=[2025])
    question = Question.objects.first()
    response = client.post(url, {f"question_{question.pk}": "nvt", "concept": "1"})
    assert response.status_code == 302
    answer = Answer.objects.get()
    assert answer.value is None and answer.is_not_applicable
    html = client.get(url).content.decode()
    name = f"question_{question.pk}"
    assert f'name="{name}" id="id_{name}_5" value="nvt" checked' in html
    assert "weet niet / n.v.t." in html
    assert "Beantwoord: 1 van 28." in html


def test_the_pages_say_which_characteristic_has_no_score(client_for, open_round, respondent):
    _submit_with_not_applicable(open_round, respondent)
    client = client_for(Role.STUURGROEPLID)
    organisation = respondent.organisation
    page = client.get(reverse("maturity:organisation_result", args=[2025, organisation.slug]))
    expected = (
        "Geen score voor Klant centraal: op dit kenmerk is alleen &#x27;weet niet / n.v.t.&#x27; "
        "geantwoord."
    )
    assert expected in page.content.decode()
    round_page = client.get(reverse("maturity:round_detail", args=[2025])).content.decode()
    assert expected in round_page


def test_the_council_report_says_so_in_the_pdf(open_round, respondent):
    from reports.pdf import render_pdf_bytes

    _submit_with_not_applicable(open_round, respondent)
    [section] = [
        s
        for s in report_sections.collect(
            council=respondent.organisation,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 12, 31),
            as_of=datetime.date(2025, 12, 31),
        )
        if s.key == "maturity"
    ]
    assert [row["characteristic"] for row in section.data["profile"]].count("Klant centraal") == 0
    html = render_to_string(section.template, {"data": section.data, "section": section})
    from pypdf import PdfReader

    pdf = render_pdf_bytes(f"<html lang='nl'><body>{html}</body></html>")
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )
    assert "Geen score voor Klant centraal: op dit kenmerk is alleen 'weet niet / n.v.t.'" in text
