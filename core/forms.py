import datetime
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.concurrency import STALE_MESSAGE, StaleObjectError

# Line breaks and tabs belong in text; every other control character (Unicode category Cc:
# NUL, escape, bell, C1 controls) is refused, as the imports refuse it (core.imports.cells).
ALLOWED_CONTROL_CHARACTERS = frozenset("\t\n\r")


def reject_control_characters(value) -> None:
    """A form validator: text with a control character gets the field's own Dutch message,
    before anything is saved (PostgreSQL refuses NUL; exports and PDFs choke on the others)."""
    if not isinstance(value, str):
        return
    for character in value:
        if character not in ALLOWED_CONTROL_CHARACTERS and unicodedata.category(character) == "Cc":
            raise ValidationError(
                _("Bevat een niet-toegestaan stuurteken (%(code)s); verwijder het."),
                code="control_character",
                params={"code": f"U+{ord(character):04X}"},
            )


def install_text_validation() -> None:
    """Every text field of every form (the portal's, the filters', the admin's, allauth's)
    refuses control characters: one default validator on forms.CharField, the base of them
    all (core.apps). Subclasses with validators of their own (e-mail, URL, slug) allow no
    control character anyway."""
    if reject_control_characters not in forms.CharField.default_validators:
        forms.CharField.default_validators = [
            *forms.CharField.default_validators,
            reject_control_characters,
        ]


# Every date the portal deals with lies well inside these years; outside them a date is a typo
# (or an attack on date arithmetic: the day after 9999-12-31 does not exist).
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2199, 12, 31)


def reject_dates_out_of_range(value) -> None:
    if isinstance(value, datetime.date) and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            _("Kies een datum tussen %(first)s en %(last)s."),
            code="date_out_of_range",
            params={
                "first": EARLIEST_DATE.strftime("%d-%m-%Y"),
                "last": LATEST_DATE.strftime("%d-%m-%Y"),
            },
        )


def install_date_validation() -> None:
    """Every date field of every form (the portal's, the filters', the admin's) refuses a date
    outside EARLIEST_DATE..LATEST_DATE with a Dutch message: one default validator on
    forms.DateField (core.apps), as for control characters in text."""
    if reject_dates_out_of_range not in forms.DateField.default_validators:
        forms.DateField.default_validators = [
            *forms.DateField.default_validators,
            reject_dates_out_of_range,
        ]


DASHES = "---------"  # Django's empty choice; never shown on screen


class NamedEmptyChoiceMixin(forms.Form):
    """Names a select's empty choice instead of Django's "---------": "Maak een keuze" where a
    choice is required, "Geen" where it may stay empty. A label a form sets itself stays.
    A required choice shown as radio buttons gets no blank button and, on a new record, no
    pre-selected value: the user chooses."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        is_new = instance is None or instance.pk is None
        for name, field in self.fields.items():
            label = _("Maak een keuze") if field.required else _("Geen")
            if getattr(field, "empty_label", None) == DASHES:
                field.empty_label = label
            elif isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField
            ):
                radio = isinstance(field.widget, forms.RadioSelect)
                choices = list(field.choices)
                if choices and choices[0] == ("", DASHES):
                    dropped = radio and field.required
                    field.choices = choices[1:] if dropped else [("", label), *choices[1:]]
                if radio and field.required and is_new and not self.is_bound:
                    field.initial = None
                    self.initial.pop(name, None)


class VersionedFormMixin(forms.Form):
    """Carries the record's version through the form, so a stale save can be refused.

    The view passes `expected_version` to the service and, on StaleObjectError, hands the
    error to `show_refusal` and re-renders: the user's input stays in the form.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and not self.is_bound:
            self.initial["version"] = instance.version


def show_refusal(form, error: StaleObjectError | ValidationError) -> int:
    """Put what a service refused on `form`, keeping the user's input; returns the HTTP status.

    A stale save (someone saved in between) is a 409 with the Dutch explanation; validation
    errors go to their fields where the form has them, else above the form (200).
    """
    if isinstance(error, StaleObjectError):
        form.add_error(None, STALE_MESSAGE)
        return 409
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
    return 200
