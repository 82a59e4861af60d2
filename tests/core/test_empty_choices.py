"""Select boxes name their empty choice; Django's "---------" never reaches the screen."""

import pytest
from django.urls import reverse

from governance.forms import RiskForm

pytestmark = pytest.mark.django_db


def test_required_and_optional_selects_name_their_empty_choice():
    from django import forms

    from core.forms import NamedEmptyChoiceMixin
    from governance.models import Workstream

    class Sample(NamedEmptyChoiceMixin, forms.Form):
        workstream = forms.ModelChoiceField(Workstream.objects.all())
        other = forms.ModelChoiceField(Workstream.objects.all(), required=False)
        kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A")])
        maybe = forms.ChoiceField(choices=[("", "---------"), ("a", "A")], required=False)

    form = Sample()
    assert form.fields["workstream"].empty_label == "Maak een keuze"
    assert form.fields["other"].empty_label == "Geen"
    assert form.fields["kind"].choices == [("", "Maak een keuze"), ("a", "A")]
    assert form.fields["maybe"].choices == [("", "Geen"), ("a", "A")]
    assert "---------" not in str(form) and "---------" not in str(RiskForm())


def test_a_label_the_form_sets_itself_stays(kwartiermaker):
    from governance.forms import AgendaItemForm

    assert AgendaItemForm().fields["workstream"].empty_label == "Het hele programma"


@pytest.mark.parametrize(
    "url_name",
    [
        "governance:action_create",
        "governance:risk_create",
        "governance:commitment_create",
        "governance:decision_create",
        "governance:report_quick",
        "governance:role_assignment_create",
    ],
)
def test_new_record_forms_show_no_dashes(client, kwartiermaker, url_name):
    client.force_login(kwartiermaker)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert "---------" not in response.content.decode()
