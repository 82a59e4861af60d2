from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core import searching
from search.selectors import MAX_QUERY_LENGTH, clean_query

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


class SearchForm(forms.Form):
    """The query and its filters, all from the address (GET), so a search can be shared."""

    q = forms.CharField(
        label=_("Zoeken naar"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.SearchInput,
        error_messages={
            "max_length": ngettext_lazy(
                "Een zoekvraag is hoogstens %(limit_value)d teken lang; deze telt er "
                "%(show_value)d. Kies de woorden die ertoe doen.",
                "Een zoekvraag is hoogstens %(limit_value)d tekens lang; deze telt er "
                "%(show_value)d. Kies de woorden die ertoe doen.",
                "limit_value",
            )
        },
        help_text=_(
            "Woorden vinden ook hun vervoegingen (besluiten vindt besluit). "
            '"Aanhalingstekens" zoeken een letterlijke woordgroep, -woord sluit een woord uit '
            "en OR zoekt het een of het ander."
        ),
    )
    soort = forms.ChoiceField(label=_("Soort"), required=False)
    werkstroom = forms.TypedChoiceField(label=_("Werkstroom"), required=False, coerce=int)
    van = forms.DateField(
        label=_("Datum vanaf"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    tot = forms.DateField(
        label=_("Datum tot en met"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    mijn = forms.BooleanField(
        label=_("Alleen van mij"),
        required=False,
        help_text=_("Mijn acties en risico's, en de mijlpalen van werkstromen die ik trek."),
    )

    def __init__(self, *args, workstreams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["soort"].choices = [("", _("Alle soorten"))] + [
            (kind.key, kind.label) for kind in searching.kinds
        ]
        self.fields["werkstroom"].choices = [("", _("Alle werkstromen"))] + [
            (ws.pk, str(ws)) for ws in workstreams
        ]

    def clean_q(self):
        return clean_query(self.cleaned_data["q"])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("van"), cleaned.get("tot")
        if start and end and end < start:
            self.add_error("tot", _("Deze datum ligt vóór de datum vanaf."))
        return cleaned

    def period_inputs(self) -> list[tuple]:
        """(bound field, value for <input type="date">: ISO once understood, else as typed)."""
        result = []
        for name in ("van", "tot"):
            understood = getattr(self, "cleaned_data", {}).get(name)
            typed = self.data.get(name, "") if self.is_bound else ""
            result.append((self[name], understood.isoformat() if understood else typed))
        return result

    @property
    def has_criteria(self) -> bool:
        data = self.cleaned_data
        return bool(
            data.get("q")
            or data.get("soort")
            or data.get("werkstroom")
            or data.get("van")
            or data.get("tot")
            or data.get("mijn")
        )

    def search_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["q"],
            "kind": data["soort"] or None,
            "workstream": data["werkstroom"] or None,
            "date_from": data["van"],
            "date_to": data["tot"],
            "mine": data["mijn"],
        }
