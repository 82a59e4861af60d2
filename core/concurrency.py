"""Optimistic concurrency: a save only lands if nobody else saved the record in between."""

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Iemand anders heeft dit record gewijzigd nadat u het opende. Uw wijzigingen zijn niet "
    "opgeslagen maar staan hieronder nog ingevuld. Open het record opnieuw om de nieuwste "
    "versie te zien en breng uw wijzigingen daarna opnieuw aan."
)


class StaleObjectError(Exception):
    """The record's version changed since the user loaded it."""

    def __init__(self, instance):
        super().__init__(str(STALE_MESSAGE))
        self.instance = instance


def save_versioned(instance, *, expected_version: int, fields: list[str]) -> None:
    """UPDATE `fields` of `instance` only if its stored version is still `expected_version`.

    The check happens inside the UPDATE itself, so two concurrent writers cannot both win.
    Raises StaleObjectError when the row moved on (or was deleted).
    """
    model = type(instance)
    values = {name: getattr(instance, name) for name in fields}
    values["updated_at"] = timezone.now()
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1, **values
    )
    if updated != 1:
        raise StaleObjectError(instance)
    instance.version = expected_version + 1
    instance.updated_at = values["updated_at"]
