from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import NamedEmptyChoiceMixin
from maturity.models import NOT_APPLICABLE, AssessmentRound, Characteristic


def _answer(value: str) -> int | str:
    """A posted answer: a point on the scale, or NOT_APPLICABLE as it is."""
    return value if value == NOT_APPLICABLE else int(value)


class RoundForm(NamedEmptyChoiceMixin, forms.ModelForm):
    class Meta:
        model = AssessmentRound
        fields = [
            "year",
            "name",
            "questionnaire",
            "quadrant_threshold",
            "notable_difference",
            "others_by_name",
            "closes_on",
        ]
        localized_fields = ["quadrant_threshold", "notable_difference"]
        widgets = {"closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class AssessmentForm(forms.Form):
    """One radio group per question, plus "weet niet / n.v.t."; empty answers are allowed in a
    draft."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, questions, answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        answers = answers or {}
        for question in questions:
            choices = [(str(v), str(v)) for v in range(question.scale_min, question.scale_max + 1)]
            choices.append((NOT_APPLICABLE, _("weet niet / n.v.t.")))
            self.fields[f"question_{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                choices=choices,
                coerce=_answer,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                initial=answers.get(question.pk),
                help_text=_("%(min)s = helemaal oneens, %(max)s = helemaal eens")
                % {"min": question.scale_min, "max": question.scale_max},
                error_messages={
                    "invalid_choice": _("Kies een waarde van %(min)s tot en met %(max)s.")
                    % {"min": question.scale_min, "max": question.scale_max}
                },
            )

    def groups(self):
        """(pillar, [(characteristic, [bound fields])]) in questionnaire order."""
        grouped = []
        for question in self.questions:
            characteristic = question.characteristic
            if not grouped or grouped[-1][0] != characteristic.pillar:
                grouped.append((characteristic.pillar, []))
            characteristics = grouped[-1][1]
            if not characteristics or characteristics[-1][0] != characteristic:
                characteristics.append((characteristic, []))
            characteristics[-1][1].append(self[f"question_{question.pk}"])
        return grouped

    def answers(self) -> dict[int, int | str | None]:
        return {q.pk: self.cleaned_data.get(f"question_{q.pk}") for q in self.questions}


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden"),
        max_length=300,
        help_text=_("Waarom worden de ingediende scores weer opengezet?"),
    )


class TargetForm(NamedEmptyChoiceMixin, forms.Form):
    characteristic = forms.ModelChoiceField(
        label=_("Kenmerk"),
        queryset=Characteristic.objects.select_related("pillar"),
        empty_label=_("Kies een kenmerk"),
    )
    value = forms.DecimalField(
        label=_("Doelscore"),
        localize=True,  # Dutch input: 3,5
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        max_digits=4,
        decimal_places=2,
        min_value=Decimal("1"),
        max_value=Decimal("5"),
        help_text=_("Een score van 1 tot en met 5."),
        error_messages={
            "min_value": _("Een doelscore ligt tussen 1 en 5."),
            "max_value": _("Een doelscore ligt tussen 1 en 5."),
            "invalid": _("Vul een getal in, bijvoorbeeld 3,5."),
        },
    )
    shared = forms.BooleanField(
        label=_("Doel voor de hele samenwerking"),
        required=False,
        help_text=_("Alleen de kwartiermaker stelt doelen voor de hele samenwerking."),
    )
