"""Personal API tokens: a user's key to the read-only API v1, stored only as a hash."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel, User, track_history
from core.scopes import ScopedQuerySet


class TokenScope(models.TextChoices):
    READ = "read", _("Lezen")


class ApiTokenQuerySet(ScopedQuerySet):
    """`visible_to(user)`: the scope in api/rules.py."""

    def usable_on(self, day: datetime.date):
        return self.filter(revoked_at__isnull=True, expires_on__gte=day)


# last_used_at changes on use; the history keeps the life cycle (created, revoked), not every use.
@track_history(exclude=["last_used_at"])
class ApiToken(TimeStampedModel):
    """A personal token for the API. The secret itself is never stored, only its SHA-256."""

    user = models.ForeignKey(
        User,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text=_("Van wie het token is; het API ziet wat deze persoon in het portaal ziet."),
    )
    name = models.CharField(
        _("naam"),
        max_length=100,
        help_text=_("Waarvoor het token is, bijvoorbeeld 'RIS-koppeling'."),
    )
    prefix = models.CharField(
        _("begin van het token"),
        max_length=16,
        help_text=_("De eerste tekens van het token, om het te herkennen; niet geheim."),
    )
    key_hash = models.CharField(
        _("controlegetal"),
        max_length=64,
        unique=True,
        editable=False,
        help_text=_("SHA-256 van het token; het token zelf wordt niet bewaard."),
    )
    scope = models.CharField(
        _("bereik"),
        max_length=10,
        choices=TokenScope.choices,
        default=TokenScope.READ,
        help_text=_("Wat het token mag: alleen lezen."),
    )
    expires_on = models.DateField(
        _("geldig tot en met"), help_text=_("Laatste dag waarop het token werkt.")
    )
    last_used_at = models.DateTimeField(
        _("laatst gebruikt"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Wanneer het token het laatst is gebruikt (tot op een minuut nauwkeurig)."),
    )
    revoked_at = models.DateTimeField(
        _("ingetrokken op"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Wanneer het token is ingetrokken; een ingetrokken token werkt nooit meer."),
    )
    revoked_by = models.ForeignKey(
        User,
        verbose_name=_("ingetrokken door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("Wie het token introk: de eigenaar of een beheerder."),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_by__isnull=True) | Q(revoked_at__isnull=False),
                name="api_token_revoked_by_only_when_revoked",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_on < timezone.localdate()

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired
