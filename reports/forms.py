from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import NamedEmptyChoiceMixin
from reports.models import PeriodKind
from reports.periods import period_bounds
from reports.selectors import council_choices


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ReportRequestForm(NamedEmptyChoiceMixin, forms.Form):
    councils = forms.ModelMultipleChoiceField(
        label=_("Gemeenten"),
        queryset=council_choices(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Per gemeente wordt een eigen rapportage gemaakt voor haar raad."),
    )
    period_kind = forms.ChoiceField(
        label=_("Soort periode"),
        choices=PeriodKind.choices,
        initial=PeriodKind.QUARTER,
        widget=forms.RadioSelect,
    )
    year = forms.IntegerField(
        label=_("Jaar"),
        min_value=2014,
        max_value=2100,
        required=False,
        help_text=_("Voor een kwartaal, halfjaar of jaar."),
    )
    quarter = forms.TypedChoiceField(
        label=_("Kwartaal"),
        choices=[(n, _("%(n)se kwartaal") % {"n": n}) for n in range(1, 5)],
        coerce=int,
        required=False,
    )
    half = forms.TypedChoiceField(
        label=_("Halfjaar"),
        choices=[(1, _("1e halfjaar")), (2, _("2e halfjaar"))],
        coerce=int,
        required=False,
    )
    start = forms.DateField(
        label=_("Van"),
        required=False,
        widget=DateInput(),
        help_text=_("Alleen bij een vrije periode."),
    )
    end = forms.DateField(
        label=_("Tot en met"),
        required=False,
        widget=DateInput(),
        help_text=_("Alleen bij een vrije periode."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["councils"].queryset = council_choices()
        today = timezone.localdate()
        # Called when the form is rendered (not on a cached page, nor to validate a post).
        self.fields["councils"].initial = council_choices
        self.fields["year"].initial = today.year
        self.fields["quarter"].initial = (today.month - 1) // 3 + 1
        self.fields["half"].initial = 1 if today.month <= 6 else 2

    def clean(self):
        data = super().clean()
        kind = data.get("period_kind")
        if kind == PeriodKind.FREE:
            start, end = data.get("start"), data.get("end")
            if not start:
                self.add_error("start", _("Vul de eerste dag van de periode in."))
            if not end:
                self.add_error("end", _("Vul de laatste dag van de periode in."))
            if start and end and end < start:
                self.add_error("end", _("Het einde van de periode ligt vóór het begin."))
            data["period_start"], data["period_end"] = start, end
        elif kind:
            year = data.get("year")
            if not year:
                self.add_error("year", _("Vul het jaar in."))
                return data
            part = {PeriodKind.QUARTER: data.get("quarter"), PeriodKind.HALF_YEAR: data.get("half")}
            if kind in part and not part[kind]:
                field = "quarter" if kind == PeriodKind.QUARTER else "half"
                self.add_error(field, _("Kies welk deel van het jaar."))
                return data
            data["period_start"], data["period_end"] = period_bounds(
                kind=kind, year=year, part=part.get(kind)
            )
        return data
