from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from budget.models import MAX_AMOUNT, BudgetChange, BudgetLine, Entry
from core.forms import NamedEmptyChoiceMixin, VersionedFormMixin
from core.imports.cells import parse_dutch_number as parse_dutch_amount
from governance.models import Decision

AMOUNT_ERRORS = {
    "max_decimal_places": _("Gebruik hooguit twee decimalen (hele centen)."),
    "max_digits": _("Dit bedrag is onwaarschijnlijk groot."),
    "max_whole_digits": _("Dit bedrag is onwaarschijnlijk groot."),
    "invalid": _("Vul een bedrag in, bijvoorbeeld 1250,50."),
}


class DutchAmountField(forms.DecimalField):
    """Accepts 1.250,50 and 1250,50 as well as 1250.50; never a float."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0.01"))
        kwargs.setdefault("max_value", MAX_AMOUNT)
        super().__init__(**kwargs)
        self.error_messages.update(AMOUNT_ERRORS)
        for validator in self.validators:
            code = getattr(validator, "code", "")
            if code == "min_value":
                validator.message = _("Het bedrag moet groter zijn dan nul.")
            elif code == "max_value":
                validator.message = _(
                    "Dit bedrag is onwaarschijnlijk groot (meer dan € 10.000.000,00)."
                )
            elif code in AMOUNT_ERRORS:
                validator.message = AMOUNT_ERRORS[code]

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def widget_attrs(self, widget):
        # A text field: Dutch amounts (1.250,50) are not valid in an <input type="number">.
        return {}

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:.2f}".replace(".", ",")
        return value

    def to_python(self, value):
        if isinstance(value, str):
            value = parse_dutch_amount(value)
        return super().to_python(value)


class EntryForm(NamedEmptyChoiceMixin, VersionedFormMixin, forms.ModelForm):
    amount = DutchAmountField(label=_("Bedrag"), help_text=_("In euro's, bijvoorbeeld 1250,50."))

    class Meta:
        model = Entry
        fields = [
            "line",
            "kind",
            "is_credit",
            "booked_on",
            "amount",
            "description",
            "supplier",
            "reference",
            "status",
            "is_overrun",
        ]
        widgets = {"booked_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, budget_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = BudgetLine.objects.filter(budget_year=budget_year)
        if not self.instance.pk:
            del self.fields["version"]


class ChangeForm(NamedEmptyChoiceMixin, forms.ModelForm):
    amount = DutchAmountField(label=_("Bedrag"), help_text=_("In euro's, positief."))

    class Meta:
        model = BudgetChange
        fields = ["kind", "from_line", "to_line", "amount", "reason", "decision"]

    def __init__(self, *args, budget_year, **kwargs):
        super().__init__(*args, **kwargs)
        lines = BudgetLine.objects.filter(budget_year=budget_year)
        self.fields["from_line"].queryset = lines
        self.fields["to_line"].queryset = lines
        kind = self.fields["kind"]
        kind.choices = [("", _("Kies de soort wijziging")), *kind.choices[1:]]
        self.fields["from_line"].empty_label = _("Geen post")
        self.fields["to_line"].empty_label = _("Geen post")
        self.fields["decision"].empty_label = _("Geen besluit")
        self.fields["decision"].label_from_instance = lambda decision: decision.number


class DecideForm(VersionedFormMixin, forms.Form):
    decision = forms.ModelChoiceField(
        label=_("Stuurgroepbesluit"),
        queryset=Decision.objects.all(),
        required=False,
        empty_label=_("Geen besluit"),
        help_text=_("Het besluit waarop goedkeuring of afwijzing berust (optioneel)."),
    )
    decision_note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)
        self.fields["decision"].label_from_instance = lambda decision: decision.number
        if instance is not None and instance.decision_id and not self.is_bound:
            self.initial["decision"] = instance.decision_id
