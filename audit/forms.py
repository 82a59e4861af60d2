from django import forms
from django.utils.translation import gettext_lazy as _

from audit.selectors import tracked_models
from core.models import User


class EventFilterForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Gebruiker"),
        queryset=User.objects.order_by("username"),
        required=False,
        empty_label=_("Alle gebruikers"),
    )
    model = forms.ChoiceField(label=_("Soort gegeven"), required=False)
    record = forms.CharField(
        label=_("Recordnummer"),
        required=False,
        max_length=40,
    )
    date_from = forms.DateField(
        label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("Alle"))] + tracked_models()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("De einddatum ligt vóór de begindatum."))
        return cleaned
