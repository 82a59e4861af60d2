import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_VALIDITY_DAYS = 90


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Naam"),
        max_length=100,
        help_text=_("Waarvoor u het token gebruikt, bijvoorbeeld 'Raadsinformatiesysteem'."),
    )
    expires_on = forms.DateField(
        label=_("Geldig tot en met"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Hoogstens een jaar vanaf vandaag."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + datetime.timedelta(
            days=DEFAULT_VALIDITY_DAYS
        )
