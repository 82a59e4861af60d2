import pytest
from django import forms

from core.concurrency import STALE_MESSAGE, StaleObjectError, save_versioned
from core.forms import VersionedFormMixin, show_refusal
from governance.models import Workstream
from tests.factories import WorkstreamFactory

pytestmark = pytest.mark.django_db


class WorkstreamGoalForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Workstream
        fields = ["goal"]


def test_a_save_with_the_current_version_lands_and_moves_the_version_on():
    workstream = WorkstreamFactory(goal="oud")
    workstream.goal = "nieuw"
    save_versioned(workstream, expected_version=1, fields=["goal"])
    workstream.refresh_from_db()
    assert (workstream.goal, workstream.version) == ("nieuw", 2)


def test_the_later_of_two_concurrent_edits_is_refused_and_overwrites_nothing():
    workstream = WorkstreamFactory(goal="oud")
    first = Workstream.objects.get(pk=workstream.pk)
    second = Workstream.objects.get(pk=workstream.pk)
    first.goal = "van de kwartiermaker"
    save_versioned(first, expected_version=first.version, fields=["goal"])
    second.goal = "van de trekker"
    with pytest.raises(StaleObjectError):
        save_versioned(second, expected_version=1, fields=["goal"])
    workstream.refresh_from_db()
    assert workstream.goal == "van de kwartiermaker"


def test_an_ordinary_save_also_moves_the_version_on():
    workstream = WorkstreamFactory()
    workstream.goal = "via beheer"
    workstream.save()
    workstream.refresh_from_db()
    assert workstream.version == 2


def test_a_stale_form_keeps_the_users_input_and_says_why_in_dutch():
    workstream = WorkstreamFactory(goal="oud")
    form = WorkstreamGoalForm(instance=workstream)
    assert form.initial["version"] == 1
    Workstream.objects.filter(pk=workstream.pk).update(version=2)

    bound = WorkstreamGoalForm({"goal": "mijn nieuwe tekst", "version": "1"}, instance=workstream)
    assert bound.is_valid()
    try:
        save_versioned(
            bound.instance, expected_version=bound.cleaned_data["version"], fields=["goal"]
        )
    except StaleObjectError as error:
        assert show_refusal(bound, error) == 409
    assert str(STALE_MESSAGE) in bound.non_field_errors()
    assert "Iemand anders heeft dit record gewijzigd" in str(STALE_MESSAGE)
    assert "mijn nieuwe tekst" in bound.as_p()
