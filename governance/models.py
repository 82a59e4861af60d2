import pghistory
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Organisation, User, VersionedModel


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Workstream(VersionedModel):
    """One of the programme's workstreams (werkstromen), from recommendations 2–6 of the report."""

    number = models.PositiveSmallIntegerField(
        _("nummer"), unique=True, help_text=_("Volgnummer van de werkstroom in het programma.")
    )
    name = models.CharField(_("naam"), max_length=200, unique=True, help_text=_("Naam."))
    slug = models.SlugField(_("slug"), unique=True, help_text=_("Voor adressen (URL's)."))
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("trekkende organisatie"),
        on_delete=models.PROTECT,
        related_name="led_workstreams",
        null=True,
        blank=True,
        help_text=_("Organisatie die de werkstroom trekt; leeg als de stuurgroep zelf trekt."),
    )
    lead_description = models.CharField(
        _("trekker (omschrijving)"),
        max_length=200,
        blank=True,
        help_text=_(
            "Wie trekt, als dat geen organisatie is, bijvoorbeeld 'Stuurgroep / kwartiermaker'."
        ),
    )
    goal = models.TextField(_("doel"), blank=True, help_text=_("Wat de werkstroom moet opleveren."))

    class Meta:
        verbose_name = _("werkstroom")
        verbose_name_plural = _("werkstromen")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.name}"

    @property
    def lead_label(self) -> str:
        return (
            self.lead_organisation.short_name if self.lead_organisation else self.lead_description
        )


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class SteeringGroupSeat(VersionedModel):
    """A seat in the stuurgroep: a function at a participant, and the person holding it."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="steering_group_seats",
        help_text=_("De organisatie die deze zetel vertegenwoordigt."),
    )
    function_title = models.CharField(
        _("functie"), max_length=150, help_text=_("Bijvoorbeeld gemeentesecretaris of directeur.")
    )
    member = models.ForeignKey(
        User,
        verbose_name=_("lid"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="steering_group_seats",
        help_text=_(
            "De persoon die de zetel nu bezet; leeg als die (in het portaal) nog onbekend is."
        ),
    )

    class Meta:
        verbose_name = _("stuurgroepzetel")
        verbose_name_plural = _("stuurgroepzetels")
        ordering = ["organisation__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "function_title"], name="steering_group_seat_unique"
            )
        ]

    def __str__(self):
        return f"{self.function_title} {self.organisation}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Decision(VersionedModel):
    """A stuurgroep decision (besluitenlijst), numbered per year: SG-2025-007."""

    year = models.PositiveSmallIntegerField(_("jaar"), help_text=_("Jaar van het besluit."))
    sequence = models.PositiveSmallIntegerField(
        _("volgnummer"), help_text=_("Volgnummer binnen het jaar; samen met het jaar uniek.")
    )
    decided_on = models.DateField(_("datum"), help_text=_("Datum waarop het besluit is genomen."))
    text = models.TextField(_("besluit"), help_text=_("De tekst van het besluit."))
    workstreams = models.ManyToManyField(
        Workstream,
        verbose_name=_("werkstromen"),
        blank=True,
        related_name="decisions",
        help_text=_("Werkstromen waarop het besluit betrekking heeft."),
    )

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="decision_number_unique"),
            models.CheckConstraint(
                condition=models.Q(sequence__gte=1), name="decision_sequence_positive"
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def number(self) -> str:
        return f"SG-{self.year}-{self.sequence:03d}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_uitvoering", _("In uitvoering")
    DONE = "afgerond", _("Afgerond")
    CANCELLED = "vervallen", _("Vervallen")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Action(VersionedModel):
    """An item on the stuurgroep's action list (actielijst)."""

    title = models.CharField(_("actie"), max_length=300, help_text=_("Wat er moet gebeuren."))
    description = models.TextField(_("toelichting"), blank=True, help_text=_("Toelichting."))
    owner = models.ForeignKey(
        User,
        verbose_name=_("eigenaar"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        help_text=_("Wie de actie uitvoert."),
    )
    owner_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie van de eigenaar"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        help_text=_("Organisatie die voor de actie aan de lat staat."),
    )
    workstream = models.ForeignKey(
        Workstream,
        verbose_name=_("werkstroom"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        help_text=_("Werkstroom waar de actie bij hoort; leeg voor het hele programma."),
    )
    due_date = models.DateField(_("uiterlijk"), null=True, blank=True, help_text=_("Deadline."))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ActionStatus.choices,
        default=ActionStatus.OPEN,
        help_text=_("Stand van de actie."),
    )

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.title


from governance.reports.models import *  # noqa: E402,F401,F403
