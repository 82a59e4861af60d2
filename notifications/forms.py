from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import Delivery, Group

# What each group brings, in the words of the person choosing.
GROUP_HELP = {
    Group.REPORTS: _(
        "Een raadsrapportage is klaar (aan de griffiers van die gemeente en de aanvrager)."
    ),
    Group.BUDGET: _(
        "Een begrotingswijziging is voorgesteld (aan de stuurgroep), of over uw eigen voorstel is "
        "besloten."
    ),
    Group.MEETINGS: _(
        "Een agenda is gepubliceerd of gewijzigd, met de uitnodiging voor uw agenda; een verslag "
        "ligt klaar om vast te stellen."
    ),
    Group.REMINDERS: _(
        "Uw acties en mijlpalen die binnen 7 dagen moeten of te laat zijn (dagelijks), werkstromen "
        "zonder recente statusrapportage (wekelijks). 'Direct' en 'Dagelijks overzicht' geven hier "
        "hetzelfde."
    ),
    Group.MATURITY: _(
        "Een volwassenheidsmeting gaat open of sluit binnen 7 dagen, of de zelfscores van uw "
        "organisatie zijn heropend."
    ),
}


class PreferencesForm(forms.Form):
    """One choice per group of events: off, immediately or in a daily digest."""

    def __init__(self, *args, initial_deliveries: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for group in Group:
            self.fields[group.value] = forms.ChoiceField(
                label=group.label,
                choices=Delivery.choices,
                initial=initial_deliveries[group.value],
                widget=forms.RadioSelect,
                help_text=GROUP_HELP[group],
                error_messages={"required": _("Kies hoe u deze meldingen wilt ontvangen.")},
            )
