"""Digital maturity (M&I/Partners model): questionnaire, rounds, self-scores and benchmark."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import Organisation, TimeStampedModel, User, VersionedModel, track_history
from core.scopes import ScopedQuerySet
from maturity.findings import DEFAULT_NOTABLE_DIFFERENCE

SCORE_FIELD = {"max_digits": 4, "decimal_places": 2}
SCORE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10"))]
# The "weet niet / n.v.t." answer as the form posts it and services.assessment_save takes it;
# stored as an Answer without a value, and left out of the mean (findings.characteristic_means).
NOT_APPLICABLE = "nvt"


class PillarCode(models.TextChoices):
    AMBITION = "ambitie", _("Digitale ambitie en vorderingen")
    CULTURE = "cultuur", _("Cultuur- en organisatiekenmerken")
    LEADERSHIP = "leiderschap", _("Leiderschapskenmerken")


class Axis(models.TextChoices):
    NONE = "", _("Geen as")
    CUSTOMER = "klantervaring", _("Klantervaring (horizontale as)")
    EFFICIENCY = "efficiency", _("Operationele efficiency (verticale as)")


@track_history()
class Pillar(VersionedModel):
    """One of the model's three pillars."""

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        choices=PillarCode.choices,
        help_text=_("Vaste code van de pijler."),
    )
    name = models.CharField(_("naam"), max_length=200, help_text=_("Naam van de pijler."))
    order = models.PositiveSmallIntegerField(_("volgorde"), help_text=_("Volgorde in overzichten."))

    class Meta:
        verbose_name = _("pijler")
        verbose_name_plural = _("pijlers")
        ordering = ["order"]

    def __str__(self):
        return self.name


@track_history()
class Characteristic(VersionedModel):
    """A characteristic (kenmerk) scored per organisation; ambition ones are quadrant axes."""

    pillar = models.ForeignKey(
        Pillar,
        verbose_name=_("pijler"),
        on_delete=models.PROTECT,
        related_name="characteristics",
        help_text=_("De pijler waar dit kenmerk onder valt."),
    )
    code = models.SlugField(
        _("code"), unique=True, help_text=_("Vaste code, ook gebruikt bij import en export.")
    )
    name = models.CharField(_("naam"), max_length=200, unique=True, help_text=_("Naam."))
    order = models.PositiveSmallIntegerField(_("volgorde"), help_text=_("Volgorde in overzichten."))
    axis = models.CharField(
        _("as in het kwadrant"),
        max_length=20,
        choices=Axis.choices,
        blank=True,
        default=Axis.NONE,
        help_text=_("Alleen de twee ambitiedimensies vormen de assen van het kwadrant."),
    )
    is_assumed = models.BooleanField(
        _("aanname"),
        default=False,
        help_text=_("Aangevinkt als het kenmerk niet in het rapport staat maar is aangenomen."),
    )

    class Meta:
        verbose_name = _("kenmerk")
        verbose_name_plural = _("kenmerken")
        ordering = ["pillar__order", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["axis"],
                condition=~Q(axis=""),
                name="characteristic_one_per_axis",
                violation_error_message=_("Elke as van het kwadrant heeft precies één kenmerk."),
            )
        ]

    def __str__(self):
        return self.name


@track_history()
class QuestionnaireVersion(VersionedModel):
    """A version of the questionnaire; frozen once a round using it opens for scoring."""

    name = models.CharField(
        _("naam"), max_length=100, unique=True, help_text=_("Bijvoorbeeld 'Vragenlijst 2022'.")
    )
    frozen_at = models.DateTimeField(
        _("bevroren op"),
        null=True,
        blank=True,
        help_text=_("Vanaf dit moment kunnen de vragen niet meer veranderen."),
    )

    class Meta:
        verbose_name = _("vragenlijstversie")
        verbose_name_plural = _("vragenlijstversies")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


@track_history()
class Question(VersionedModel):
    """A question about one characteristic, answered on a whole-number scale."""

    questionnaire = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("vragenlijst"),
        on_delete=models.PROTECT,
        related_name="questions",
        help_text=_("De vragenlijstversie waar de vraag in staat."),
    )
    characteristic = models.ForeignKey(
        Characteristic,
        verbose_name=_("kenmerk"),
        on_delete=models.PROTECT,
        related_name="questions",
        help_text=_("Het kenmerk dat deze vraag meet."),
    )
    order = models.PositiveSmallIntegerField(
        _("volgorde"), help_text=_("Volgorde binnen het kenmerk.")
    )
    text = models.CharField(_("vraag"), max_length=400, help_text=_("De stelling of vraag."))
    scale_min = models.PositiveSmallIntegerField(
        _("schaal van"), default=1, help_text=_("Laagste antwoord (helemaal oneens).")
    )
    scale_max = models.PositiveSmallIntegerField(
        _("schaal tot en met"), default=5, help_text=_("Hoogste antwoord (helemaal eens).")
    )

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["characteristic__pillar__order", "characteristic__order", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "characteristic", "order"], name="question_unique_order"
            ),
            models.CheckConstraint(
                condition=Q(scale_min__lt=models.F("scale_max")) & Q(scale_max__lte=10),
                name="question_scale_valid",
                violation_error_message=_("De schaal loopt van laag naar hoog, tot hoogstens 10."),
            ),
        ]

    def __str__(self):
        return self.text


class RoundStatus(models.TextChoices):
    PREPARING = "voorbereiding", _("In voorbereiding")
    OPEN = "open", _("Open voor scores")
    CLOSED = "gesloten", _("Gesloten")


@track_history()
class AssessmentRound(VersionedModel):
    """One measurement (meting), e.g. the 2022 baseline; compared with the previous round."""

    year = models.PositiveSmallIntegerField(
        _("jaar"), unique=True, help_text=_("Jaar van de meting; één meting per jaar.")
    )
    name = models.CharField(_("naam"), max_length=100, help_text=_("Bijvoorbeeld 'Nulmeting'."))
    questionnaire = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("vragenlijst"),
        on_delete=models.PROTECT,
        related_name="rounds",
        help_text=_("De vragenlijstversie van deze meting."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RoundStatus.choices,
        default=RoundStatus.PREPARING,
        help_text=_("Alleen in een open meting vullen respondenten scores in."),
    )
    quadrant_threshold = models.DecimalField(
        _("grens laag/hoog in het kwadrant"),
        **SCORE_FIELD,
        default=Decimal("3.00"),
        validators=SCORE_VALIDATORS,
        help_text=_("Een score op of boven deze grens telt als hoog (zie docs/maturity.md)."),
    )
    notable_difference = models.DecimalField(
        _("opvallend verschil met de benchmark"),
        **SCORE_FIELD,
        default=DEFAULT_NOTABLE_DIFFERENCE,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("4"))],
        help_text=_(
            "Een kenmerk dat minstens zoveel boven of onder het benchmarkgemiddelde ligt, "
            "wordt in de samenvatting genoemd (zie docs/maturity.md)."
        ),
    )
    others_by_name = models.BooleanField(
        _("andere organisaties bij naam"),
        default=True,
        help_text=_(
            "Aan: de raadsrapportage toont de andere deelnemers bij naam (zoals in 2022). "
            "Uit: als 'Deelnemer A', 'Deelnemer B', enzovoort."
        ),
    )
    is_demo = models.BooleanField(
        _("demodata"),
        default=False,
        help_text=_("De scores van deze meting zijn verzonnen voor de demonstratie."),
    )
    closes_on = models.DateField(
        _("sluit op"),
        null=True,
        blank=True,
        help_text=_(
            "De laatste dag om scores in te dienen; een week vooraf krijgen respondenten die "
            "nog niet indienden een herinnering. Leeg: geen sluitingsdatum aangekondigd."
        ),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(notable_difference__gt=0),
                name="round_notable_difference_positive",
                violation_error_message=_("Het opvallende verschil is groter dan nul."),
            )
        ]

    # The rule that guards the record's page (asked before linking to it).
    detail_rule = "maturity.see_round"

    def get_absolute_url(self) -> str:
        return reverse("maturity:round_record", args=[self.year])

    def __str__(self):
        return f"{self.name} {self.year}"


@track_history()
class BenchmarkValue(VersionedModel):
    """The benchmark average (and spread, where known) of a characteristic in a round."""

    round = models.ForeignKey(
        AssessmentRound,
        verbose_name=_("meting"),
        on_delete=models.CASCADE,
        related_name="benchmark_values",
        help_text=_("De meting."),
    )
    characteristic = models.ForeignKey(
        Characteristic,
        verbose_name=_("kenmerk"),
        on_delete=models.PROTECT,
        related_name="benchmark_values",
        help_text=_("Het kenmerk."),
    )
    average = models.DecimalField(
        _("benchmarkgemiddelde"),
        **SCORE_FIELD,
        validators=SCORE_VALIDATORS,
        help_text=_("Gemiddelde score van de benchmark."),
    )
    spread = models.DecimalField(
        _("spreiding"),
        **SCORE_FIELD,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
        help_text=_("Standaardafwijking van de benchmark, als die bekend is."),
    )

    class Meta:
        verbose_name = _("benchmarkwaarde")
        verbose_name_plural = _("benchmarkwaarden")
        ordering = ["round__year", "characteristic__pillar__order", "characteristic__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "characteristic"], name="benchmark_value_unique"
            ),
        ]

    def __str__(self):
        return f"{self.round} · {self.characteristic}: {self.average}"


class AssessmentStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    SUBMITTED = "ingediend", _("Ingediend")


class AssessmentSource(models.TextChoices):
    FORM = "formulier", _("Ingevuld in het portaal")
    IMPORT = "import", _("Geïmporteerd")
    DEMO = "demo", _("Demodata")


@track_history()
class Assessment(VersionedModel):
    """An organisation's self-assessment in a round: a draft until submitted, then locked."""

    round = models.ForeignKey(
        AssessmentRound,
        verbose_name=_("meting"),
        on_delete=models.PROTECT,
        related_name="assessments",
        help_text=_("De meting."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="maturity_assessments",
        help_text=_("De organisatie die zichzelf scoort."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
        help_text=_("Na indienen liggen de scores vast."),
    )
    source = models.CharField(
        _("herkomst"),
        max_length=20,
        choices=AssessmentSource.choices,
        default=AssessmentSource.FORM,
        help_text=_("Hoe de scores in het portaal kwamen."),
    )
    submitted_at = models.DateTimeField(
        _("ingediend op"), null=True, blank=True, help_text=_("Moment van indienen.")
    )
    submitted_by = models.ForeignKey(
        User,
        verbose_name=_("ingediend door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Wie de scores indiende."),
    )
    reopened_at = models.DateTimeField(
        _("heropend op"), null=True, blank=True, help_text=_("Laatste heropening.")
    )
    reopened_by = models.ForeignKey(
        User,
        verbose_name=_("heropend door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("De kwartiermaker die de scores heropende."),
    )
    reopen_reason = models.CharField(
        _("reden heropening"),
        max_length=300,
        blank=True,
        help_text=_("Waarom de ingediende scores weer open zijn gezet."),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("zelfscore")
        verbose_name_plural = _("zelfscores")
        ordering = ["round__year", "organisation__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation"], name="assessment_one_per_round_and_organisation"
            ),
            models.CheckConstraint(
                condition=Q(status="concept") | Q(submitted_at__isnull=False),
                name="assessment_submitted_has_moment",
                violation_error_message=_("Een ingediende zelfscore heeft een indienmoment."),
            ),
        ]

    # The rule that guards the record's page (asked before linking to it).
    detail_rule = "maturity.see_assessment"

    def get_absolute_url(self) -> str:
        return reverse("maturity:assessment_detail", args=[self.pk])

    def __str__(self):
        return f"{self.organisation} · {self.round}"

    @property
    def is_submitted(self) -> bool:
        return self.status == AssessmentStatus.SUBMITTED


@track_history()
class Answer(VersionedModel):
    """One answer in a self-assessment."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("zelfscore"),
        on_delete=models.CASCADE,
        related_name="answers",
        help_text=_("De zelfscore."),
    )
    question = models.ForeignKey(
        Question,
        verbose_name=_("vraag"),
        on_delete=models.PROTECT,
        related_name="answers",
        help_text=_("De vraag."),
    )
    value = models.PositiveSmallIntegerField(
        _("antwoord"),
        null=True,
        blank=True,
        help_text=_(
            "Het gekozen punt op de schaal van de vraag; leeg bij 'weet niet / n.v.t.', dat niet "
            "meetelt in het gemiddelde."
        ),
    )

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="answer_unique"),
            models.CheckConstraint(condition=Q(value__lte=10), name="answer_value_in_range"),
        ]

    def __str__(self):
        return f"{self.question_id}: {'n.v.t.' if self.value is None else self.value}"

    @property
    def is_not_applicable(self) -> bool:
        return self.value is None


@track_history()
class CharacteristicScore(TimeStampedModel):
    """An organisation's score on a characteristic: mean of its answers, or imported.

    A characteristic whose answers were all "weet niet / n.v.t." has no row: it has no score.
    """

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("zelfscore"),
        on_delete=models.CASCADE,
        related_name="scores",
        help_text=_("De zelfscore."),
    )
    characteristic = models.ForeignKey(
        Characteristic,
        verbose_name=_("kenmerk"),
        on_delete=models.PROTECT,
        related_name="scores",
        help_text=_("Het kenmerk."),
    )
    value = models.DecimalField(
        _("score"), **SCORE_FIELD, validators=SCORE_VALIDATORS, help_text=_("De score.")
    )

    class Meta:
        verbose_name = _("kenmerkscore")
        verbose_name_plural = _("kenmerkscores")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "characteristic"], name="characteristic_score_unique"
            ),
        ]

    def __str__(self):
        return f"{self.characteristic}: {self.value}"


@track_history()
class Target(VersionedModel):
    """A target score for a characteristic in a (next) round; no organisation = collaboration."""

    round = models.ForeignKey(
        AssessmentRound,
        verbose_name=_("meting"),
        on_delete=models.CASCADE,
        related_name="targets",
        help_text=_("De meting waarin het doel gehaald moet zijn."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="maturity_targets",
        help_text=_("Leeg voor een doel van de hele samenwerking."),
    )
    characteristic = models.ForeignKey(
        Characteristic,
        verbose_name=_("kenmerk"),
        on_delete=models.PROTECT,
        related_name="targets",
        help_text=_("Het kenmerk."),
    )
    value = models.DecimalField(
        _("doelscore"), **SCORE_FIELD, validators=SCORE_VALIDATORS, help_text=_("Beoogde score.")
    )
    set_by = models.ForeignKey(
        User,
        verbose_name=_("vastgesteld door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Wie het doel vastlegde."),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation", "characteristic"],
                nulls_distinct=False,
                name="target_unique",
            ),
        ]

    def __str__(self):
        return f"{self.characteristic}: {self.value}"


class ImprovementAction(TimeStampedModel):
    """Links an action in workstream 'Digitale volwassenheid' to the gap it addresses."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("zelfscore"),
        on_delete=models.CASCADE,
        related_name="improvement_actions",
        help_text=_("De zelfscore waaruit de actie voortkomt."),
    )
    characteristic = models.ForeignKey(
        Characteristic,
        verbose_name=_("kenmerk"),
        on_delete=models.PROTECT,
        related_name="improvement_actions",
        help_text=_("Het kenmerk dat achterblijft bij de benchmark."),
    )
    action = models.OneToOneField(
        "governance.Action",
        verbose_name=_("actie"),
        on_delete=models.CASCADE,
        related_name="maturity_link",
        help_text=_("De actie op de actielijst."),
    )

    class Meta:
        verbose_name = _("verbeteractie")
        verbose_name_plural = _("verbeteracties")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "characteristic"], name="improvement_action_unique"
            ),
        ]

    def __str__(self):
        return str(self.action)
