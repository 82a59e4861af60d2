from django import forms

from core.concurrency import STALE_MESSAGE


class VersionedFormMixin(forms.Form):
    """Carries the record's version through the form, so a stale save can be refused.

    The view passes `expected_version` to the service and, on StaleObjectError, calls
    `add_stale_error()` and re-renders: the user's input stays in the form.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and not self.is_bound:
            self.initial["version"] = instance.version

    def add_stale_error(self):
        self.add_error(None, STALE_MESSAGE)
