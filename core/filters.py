"""What every list filter shares: plain Dutch choices ("Alle / Ja / Nee"), never "---------"."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _


class AllYesNoSelect(forms.NullBooleanSelect):
    """A yes/no filter whose empty choice means "do not filter": Alle / Ja / Nee."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", _("Alle")), ("true", _("Ja")), ("false", _("Nee")))


class YesNoFilter(django_filters.BooleanFilter):
    """A BooleanFilter offered as Alle / Ja / Nee."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", AllYesNoSelect)
        super().__init__(*args, **kwargs)
