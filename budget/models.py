"""The shared budget: years, lines, the split over participants, realisation and changes."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import Organisation, VersionedModel, track_history
from core.scopes import ScopedQuerySet

MONEY = {"max_digits": 14, "decimal_places": 2}
# No single amount in this budget comes near this: larger is a typing error.
MAX_AMOUNT = Decimal("10000000.00")
AMOUNT_VALIDATORS = [
    MinValueValidator(Decimal("0.01"), _("Het bedrag moet groter zijn dan nul.")),
    MaxValueValidator(
        MAX_AMOUNT, _("Dit bedrag is onwaarschijnlijk groot (meer dan € 10.000.000,00).")
    ),
]


class AllocationMethod(models.TextChoices):
    EQUAL = "gelijk", _("Gelijke delen")
    WEIGHTED = "gewogen", _("Gewogen")


@track_history()
class BudgetYear(VersionedModel):
    year = models.PositiveSmallIntegerField(
        _("jaar"), unique=True, help_text=_("Het begrotingsjaar.")
    )
    allocation_method = models.CharField(
        _("verdeelsleutel"),
        max_length=10,
        choices=AllocationMethod.choices,
        default=AllocationMethod.EQUAL,
        help_text=_(
            "Gelijke delen over de deelnemers van dat jaar, of gewogen (bijvoorbeeld naar "
            "inwonertal)."
        ),
    )
    note = models.TextField(_("toelichting"), blank=True, help_text=_("Toelichting bij het jaar."))
    is_demo = models.BooleanField(
        _("demodata"),
        default=False,
        editable=False,
        help_text=_("Aangemaakt als demodata: geen vastgestelde begroting."),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("begrotingsjaar")
        verbose_name_plural = _("begrotingsjaren")
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="budget_year_plausible"
            )
        ]

    # The rule that guards the record's page (asked before linking to it).
    detail_rule = "budget.see_budget_year"

    def get_absolute_url(self) -> str:
        return reverse("budget:year", args=[self.year])

    def __str__(self):
        return str(self.year)


@track_history()
class BudgetLine(VersionedModel):
    budget_year = models.ForeignKey(
        BudgetYear,
        verbose_name=_("begrotingsjaar"),
        on_delete=models.PROTECT,
        related_name="lines",
        help_text=_("Het jaar waartoe de post behoort."),
    )
    position = models.PositiveSmallIntegerField(
        _("volgorde"), default=0, help_text=_("Plaats van de post in overzichten.")
    )
    name = models.CharField(_("post"), max_length=200, help_text=_("Naam van de begrotingspost."))
    original_amount = models.DecimalField(
        _("primitieve begroting"),
        **MONEY,
        help_text=_("Het bedrag zoals oorspronkelijk begroot, vóór begrotingswijzigingen."),
    )
    amount = models.DecimalField(
        _("begroot"),
        **MONEY,
        help_text=_("Het actuele bedrag: de primitieve begroting plus goedgekeurde wijzigingen."),
    )
    is_contingency = models.BooleanField(
        _("onvoorzien"),
        default=False,
        help_text=_("De post Onvoorzien; elke onttrekking vraagt goedkeuring van de stuurgroep."),
    )
    note = models.CharField(
        _("toelichting"),
        max_length=500,
        blank=True,
        help_text=_("Bijvoorbeeld dat het bedrag een maximale schatting is."),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("begrotingspost")
        verbose_name_plural = _("begrotingsposten")
        ordering = ["budget_year__year", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["budget_year", "name"], name="budget_line_unique"),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(original_amount__gte=0),
                name="budget_line_not_negative",
                violation_error_message=_("Een begrotingspost kan niet negatief worden."),
            ),
            models.UniqueConstraint(
                fields=["budget_year"],
                condition=Q(is_contingency=True),
                name="budget_one_contingency_per_year",
            ),
        ]

    # The rule that guards the record's page (asked before linking to it).
    detail_rule = "budget.see_budget_line"

    def get_absolute_url(self) -> str:
        return reverse("budget:line", args=[self.pk])

    def __str__(self):
        return f"{self.name} ({self.budget_year.year})"


@track_history()
class AllocationWeight(VersionedModel):
    """A participant's weight in a weighted split (unused with equal shares)."""

    budget_year = models.ForeignKey(
        BudgetYear,
        verbose_name=_("begrotingsjaar"),
        on_delete=models.CASCADE,
        related_name="weights",
        help_text=_("Het jaar waarvoor het gewicht geldt."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("deelnemer"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("De deelnemer."),
    )
    weight = models.DecimalField(
        _("gewicht"),
        max_digits=12,
        decimal_places=2,
        help_text=_("Bijvoorbeeld het aantal inwoners; alleen de verhouding telt."),
    )

    class Meta:
        verbose_name = _("verdeelgewicht")
        verbose_name_plural = _("verdeelgewichten")
        constraints = [
            models.UniqueConstraint(
                fields=["budget_year", "organisation"], name="allocation_weight_unique"
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="allocation_weight_positive"),
        ]

    def __str__(self):
        return f"{self.organisation} {self.budget_year}: {self.weight}"


@track_history()
class Share(VersionedModel):
    """A participant's share of a year, as last calculated: its history keeps earlier splits."""

    budget_year = models.ForeignKey(
        BudgetYear,
        verbose_name=_("begrotingsjaar"),
        on_delete=models.CASCADE,
        related_name="shares",
        help_text=_("Het jaar."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("deelnemer"),
        on_delete=models.PROTECT,
        related_name="budget_shares",
        help_text=_("De deelnemer die dit aandeel draagt."),
    )
    amount = models.DecimalField(_("aandeel"), **MONEY, help_text=_("Het aandeel in euro's."))
    member_days = models.PositiveSmallIntegerField(
        _("dagen lid"), help_text=_("Aantal dagen van het jaar dat de deelnemer lid was.")
    )
    weight = models.DecimalField(
        _("gewicht"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(1),
        help_text=_("Het gewicht in de verdeling (1 bij gelijke delen)."),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("aandeel")
        verbose_name_plural = _("aandelen")
        ordering = ["budget_year__year", "organisation__short_name"]
        constraints = [
            models.UniqueConstraint(fields=["budget_year", "organisation"], name="share_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="share_not_negative"),
        ]

    def __str__(self):
        return f"{self.organisation} {self.budget_year}"


class EntryKind(models.TextChoices):
    COMMITMENT = "verplichting", _("Verplichting")
    EXPENDITURE = "uitgave", _("Uitgave")


class EntryStatus(models.TextChoices):
    PROVISIONAL = "voorlopig", _("Voorlopig")
    FINAL = "definitief", _("Definitief")


@track_history()
class Entry(VersionedModel):
    """A commitment (verplichting) or expenditure (uitgave) on a budget line.

    Amounts are always positive; a credit (a reversal, a refund) is marked `is_credit`, so a
    minus sign can never slip in by accident.
    """

    line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("begrotingspost"),
        on_delete=models.PROTECT,
        related_name="entries",
        help_text=_("De post waarop geboekt wordt."),
    )
    kind = models.CharField(
        _("soort"),
        max_length=15,
        choices=EntryKind.choices,
        help_text=_("Verplichting (aangegaan, nog niet betaald) of uitgave (betaald)."),
    )
    is_credit = models.BooleanField(
        _("creditboeking"),
        default=False,
        help_text=_("Een terugboeking of creditnota: verlaagt het geboekte bedrag."),
    )
    booked_on = models.DateField(_("datum"), help_text=_("Datum van de boeking, in het jaar."))
    amount = models.DecimalField(
        _("bedrag"),
        **MONEY,
        validators=AMOUNT_VALIDATORS,
        help_text=_("Bedrag in euro's, positief, hooguit twee decimalen."),
    )
    description = models.CharField(
        _("omschrijving"), max_length=300, help_text=_("Waarvoor de boeking is.")
    )
    supplier = models.CharField(
        _("leverancier"), max_length=200, blank=True, help_text=_("Leverancier of crediteur.")
    )
    reference = models.CharField(
        _("kenmerk"),
        max_length=100,
        blank=True,
        help_text=_("Factuurnummer, ordernummer of ander kenmerk."),
    )
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=EntryStatus.choices,
        default=EntryStatus.PROVISIONAL,
        help_text=_("Voorlopig of definitief."),
    )
    is_overrun = models.BooleanField(
        _("overschrijding"),
        default=False,
        help_text=_(
            "Bewust boven het budget van de post geboekt; gaat als escalatie naar de stuurgroep."
        ),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingevoerd door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie de boeking invoerde."),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("boeking")
        verbose_name_plural = _("boekingen")
        ordering = ["booked_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(amount__lte=MAX_AMOUNT),
                name="entry_amount_positive_and_plausible",
                violation_error_message=_("Het bedrag moet groter dan nul en plausibel zijn."),
            ),
        ]

    # The rule that guards the record's page (asked before linking to it).
    detail_rule = "budget.see_entry"

    def get_absolute_url(self) -> str:
        return reverse("budget:entry", args=[self.pk])

    def __str__(self):
        return f"{self.get_kind_display()} {self.description}"

    def clean(self):
        super().clean()
        if self.booked_on and self.line_id and self.booked_on.year != self.line.budget_year.year:
            raise ValidationError(
                {
                    "booked_on": _("De datum moet in het begrotingsjaar %(year)s liggen.")
                    % {"year": self.line.budget_year.year}
                }
            )

    @property
    def signed_amount(self) -> Decimal:
        return -self.amount if self.is_credit else self.amount


class ChangeKind(models.TextChoices):
    MOVE = "verschuiving", _("Verschuiving tussen posten")
    RAISE = "verhoging", _("Verhoging van een post")
    LOWER = "verlaging", _("Verlaging van een post")
    CONTINGENCY = "onvoorzien", _("Onttrekking aan Onvoorzien")


class ChangeStatus(models.TextChoices):
    PROPOSED = "voorgesteld", _("Voorgesteld")
    APPROVED = "goedgekeurd", _("Goedgekeurd")
    REJECTED = "afgewezen", _("Afgewezen")


@track_history()
class BudgetChange(VersionedModel):
    """A begrotingswijziging: proposed by the kwartiermaker, effective only once approved."""

    budget_year = models.ForeignKey(
        BudgetYear,
        verbose_name=_("begrotingsjaar"),
        on_delete=models.PROTECT,
        related_name="changes",
        help_text=_("Het jaar waarin de wijziging valt."),
    )
    kind = models.CharField(
        _("soort wijziging"),
        max_length=15,
        choices=ChangeKind.choices,
        help_text=_("Verschuiving, verhoging, verlaging of onttrekking aan Onvoorzien."),
    )
    from_line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("van post"),
        on_delete=models.PROTECT,
        related_name="changes_out",
        null=True,
        blank=True,
        help_text=_("De post die lager wordt (bij verschuiving, verlaging en Onvoorzien)."),
    )
    to_line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("naar post"),
        on_delete=models.PROTECT,
        related_name="changes_in",
        null=True,
        blank=True,
        help_text=_("De post die hoger wordt (bij verschuiving, verhoging en Onvoorzien)."),
    )
    amount = models.DecimalField(
        _("bedrag"),
        **MONEY,
        validators=AMOUNT_VALIDATORS,
        help_text=_("Bedrag van de wijziging in euro's, positief."),
    )
    reason = models.TextField(_("motivering"), help_text=_("Waarom de wijziging nodig is."))
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("stuurgroepbesluit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_changes",
        help_text=_("Het besluit van de stuurgroep waarop de wijziging berust."),
    )
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=ChangeStatus.choices,
        default=ChangeStatus.PROPOSED,
        help_text=_("Pas na goedkeuring verandert de begroting."),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voorgesteld door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie de wijziging voorstelde."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besloten door"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Het stuurgroeplid dat goedkeurde of afwees."),
    )
    decided_at = models.DateTimeField(
        _("besloten op"), null=True, blank=True, help_text=_("Moment van goedkeuring of afwijzing.")
    )
    decision_note = models.CharField(
        _("toelichting bij besluit"),
        max_length=500,
        blank=True,
        help_text=_("Bijvoorbeeld de reden van afwijzing."),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("begrotingswijziging")
        verbose_name_plural = _("begrotingswijzigingen")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(amount__lte=MAX_AMOUNT),
                name="budget_change_amount_positive",
            ),
            models.CheckConstraint(
                condition=Q(status=ChangeStatus.PROPOSED)
                | (Q(decided_by__isnull=False) & Q(decided_at__isnull=False)),
                name="budget_change_decided_has_who_and_when",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind__in=[ChangeKind.MOVE, ChangeKind.CONTINGENCY])
                    & Q(from_line__isnull=False)
                    & Q(to_line__isnull=False)
                    & ~Q(from_line=models.F("to_line"))
                )
                | (Q(kind=ChangeKind.RAISE) & Q(from_line__isnull=True) & Q(to_line__isnull=False))
                | (Q(kind=ChangeKind.LOWER) & Q(from_line__isnull=False) & Q(to_line__isnull=True)),
                name="budget_change_lines_match_kind",
            ),
        ]

    # The rule that guards the record's page (asked before linking to it).
    detail_rule = "budget.see_budget_change"

    def get_absolute_url(self) -> str:
        return reverse("budget:change", args=[self.pk])

    def __str__(self):
        return f"{self.get_kind_display()} € {self.amount}"

    @property
    def total_effect(self) -> Decimal:
        """How the year's total moves when this change is approved."""
        if self.kind == ChangeKind.RAISE:
            return self.amount
        if self.kind == ChangeKind.LOWER:
            return -self.amount
        return Decimal(0)
