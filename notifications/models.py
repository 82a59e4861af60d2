"""E-mail notifications: each user's choice per group of events, and one log row per event and
recipient (the unique key that makes sending idempotent)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class Group(models.TextChoices):
    """The groups of events a user turns on or off together (docs/notifications.md)."""

    REPORTS = "rapportages", _("Raadsrapportages")
    BUDGET = "begroting", _("Begroting")
    MEETINGS = "vergaderingen", _("Vergaderingen")
    REMINDERS = "herinneringen", _("Herinneringen")
    MATURITY = "volwassenheid", _("Digitale volwassenheid")


class Delivery(models.TextChoices):
    OFF = "uit", _("Uit")
    IMMEDIATELY = "direct", _("Direct")
    DAILY = "dagelijks", _("Dagelijks overzicht")


class LogState(models.TextChoices):
    QUEUED = "wachtrij", _("In wachtrij")
    WAITING = "dagoverzicht", _("Wacht op dagelijks overzicht")
    SENT = "verstuurd", _("Verstuurd")
    IN_DIGEST = "in_overzicht", _("Verstuurd in dagelijks overzicht")
    FAILED = "mislukt", _("Mislukt")


class NotificationPreference(TimeStampedModel):
    """How one user wants the events of one group: off, immediately, or in a daily digest.

    No row means the group's default (Group.default_delivery in notifications.events)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        help_text=_("Wie de meldingen ontvangt."),
    )
    group = models.CharField(
        _("soort meldingen"),
        max_length=20,
        choices=Group.choices,
        help_text=_("De groep gebeurtenissen waarvoor deze keuze geldt."),
    )
    delivery = models.CharField(
        _("bezorging"),
        max_length=20,
        choices=Delivery.choices,
        help_text=_("Uit, direct, of één keer per dag in een overzicht."),
    )

    class Meta:
        verbose_name = _("meldingsvoorkeur")
        verbose_name_plural = _("meldingsvoorkeuren")
        ordering = ["user", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "group"], name="notification_preference_one_per_group"
            ),
            models.CheckConstraint(
                condition=Q(group__in=Group.values) & Q(delivery__in=Delivery.values),
                name="notification_preference_known_values",
            ),
        ]

    def __str__(self):
        return f"{self.user} {self.group}: {self.delivery}"


class NotificationLog(TimeStampedModel):
    """One mail to one recipient for one event. The (key, recipient) pair is unique, so an
    event announced twice, or a task run twice, never mails anyone twice."""

    key = models.CharField(
        _("sleutel"),
        max_length=200,
        help_text=_("Wat deze melding uniek maakt, bijvoorbeeld 'report_ready:12'."),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ontvanger"),
        on_delete=models.CASCADE,
        related_name="notifications",
        help_text=_("Aan wie de melding gaat."),
    )
    event = models.CharField(
        _("gebeurtenis"),
        max_length=50,
        help_text=_("Soort gebeurtenis; bepaalt onderwerp en tekst van de e-mail."),
    )
    context = models.JSONField(
        _("gegevens"),
        default=dict,
        blank=True,
        help_text=_("Wat de e-mail over de gebeurtenis vertelt (titels, data, adressen)."),
    )
    attachments = models.JSONField(
        _("bijlagen"),
        default=list,
        blank=True,
        help_text=_("Tekstbijlagen, zoals een agenda-uitnodiging (.ics)."),
    )
    state = models.CharField(
        _("stand"),
        max_length=20,
        choices=LogState.choices,
        default=LogState.QUEUED,
        help_text=_("In wachtrij, wachtend op het dagoverzicht, verstuurd of mislukt."),
    )
    attempts = models.PositiveSmallIntegerField(
        _("pogingen"), default=0, help_text=_("Hoe vaak versturen is geprobeerd.")
    )
    last_error = models.TextField(
        _("laatste fout"), blank=True, help_text=_("Wat de mailserver bij de laatste poging zei.")
    )
    subject = models.CharField(
        _("onderwerp"),
        max_length=300,
        blank=True,
        help_text=_("Het onderwerp zoals verstuurd (of geprobeerd)."),
    )
    sent_at = models.DateTimeField(
        _("verstuurd op"), null=True, blank=True, help_text=_("Wanneer de mail de server bereikte.")
    )
    digest = models.ForeignKey(
        "self",
        verbose_name=_("dagoverzicht"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        help_text=_("Het dagelijkse overzicht waarin deze melding is meegestuurd."),
    )

    class Meta:
        verbose_name = _("e-mailmelding")
        verbose_name_plural = _("e-mailmeldingen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "recipient"], name="notification_log_once_per_recipient"
            ),
            models.CheckConstraint(
                condition=Q(state__in=LogState.values), name="notification_log_state_known"
            ),
            models.CheckConstraint(
                condition=~Q(state=LogState.FAILED) | ~Q(last_error=""),
                name="notification_log_failed_has_error",
            ),
        ]
        indexes = [
            models.Index(
                fields=["state", "recipient"],
                name="notification_log_state_idx",
                condition=Q(state__in=[LogState.QUEUED, LogState.WAITING, LogState.FAILED]),
            )
        ]

    def __str__(self):
        return f"{self.key} → {self.recipient}"
