from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.events import events
from notifications.models import Delivery, Group


def _descriptions(group: str) -> list[str]:
    return [str(event.description) for _key, event in events if event.group == group]


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
                help_text=" ".join(_descriptions(group.value)),
                error_messages={"required": _("Kies hoe u deze meldingen wilt ontvangen.")},
            )
