"""The admin checks versions and respects frozen records, as the portal does (issue 15).

BeheerAdminSite.register gives every ModelAdmin of a VersionedModel this behaviour, so no app
has to remember it:

- **Version check**: the change form carries the version the beheerder opened (a hidden
  field). On save the row is locked (SELECT ... FOR UPDATE, inside the admin's transaction)
  and a version that moved on meanwhile - a save in the portal or by another beheerder - is
  refused with the portal's stale message; the input stays in the form.
- **Frozen records**: a record whose `is_frozen` is true (a published status report, a
  meeting with adopted minutes) is shown read-only and cannot be deleted; fields a model lists
  in `frozen_fields` (a decision's year and number) are read-only once the record exists. The
  database triggers on those models are the last guard.
"""

from django import forms
from django.core.exceptions import ValidationError

from core.concurrency import STALE_MESSAGE

VERSION_FIELD = "opened_version"


class VersionCheckedForm(forms.Form):
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            self.initial[VERSION_FIELD] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            current = (
                type(self.instance)
                ._default_manager.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current is None or cleaned.get(VERSION_FIELD) != current:
                raise ValidationError(STALE_MESSAGE, code="stale")
        return cleaned


class VersionCheckedAdmin:
    """Mixed into the ModelAdmin of every VersionedModel by BeheerAdminSite.register."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and "form" not in kwargs:
            # The admin's own form with the hidden version field declared on it, so the
            # fieldsets may name it.
            kwargs["form"] = type(
                self.form.__name__, (VersionCheckedForm, self.form), {"__module__": __name__}
            )
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None or not fieldsets:
            return fieldsets
        named = [name for _title, options in fieldsets for name in options.get("fields", ())]
        if VERSION_FIELD not in named:
            title, options = fieldsets[0]
            fieldsets[0] = (title, {**options, "fields": [*options["fields"], VERSION_FIELD]})
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly += [f for f in getattr(obj, "frozen_fields", ()) if f not in readonly]
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and getattr(obj, "is_frozen", False):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and getattr(obj, "is_frozen", False):
            return False
        return super().has_delete_permission(request, obj)
