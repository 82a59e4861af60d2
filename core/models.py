import datetime
import uuid

import pghistory
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def track_history(**options):
    """Record every insert, update and delete of a model (django-pghistory triggers).

    Fresh tracker instances per call: pghistory binds each tracker to one model.
    """
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        meta={"indexes": event_indexes()},
        **options,
    )


def event_indexes() -> list[models.Index]:
    """The indexes of every event table, for the change log (audit.selectors.ChangeLog).

    Its page is each table's newest events (`pgh_created_at`, then `pgh_id` for the events of one
    transaction, which share their moment); an event's diff needs the same record's previous
    event (`pgh_obj_id`, then `pgh_id`). Both are read through an index, so neither grows with
    the history.
    """
    return [
        models.Index(fields=["pgh_created_at", "pgh_id"]),
        models.Index(fields=["pgh_obj", "pgh_id"]),
    ]


class TimeStampedModel(models.Model):
    """Base for domain records: when a row was created and last changed."""

    created_at = models.DateTimeField(
        _("aangemaakt op"),
        auto_now_add=True,
        help_text=_("Moment waarop het record is aangemaakt."),
    )
    updated_at = models.DateTimeField(
        _("gewijzigd op"), auto_now=True, help_text=_("Moment van de laatste wijziging.")
    )

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """A record edited through forms: `version` guards against lost updates.

    Saves go through core.concurrency.save_versioned, which checks the version in the UPDATE.
    """

    version = models.PositiveIntegerField(
        _("versie"),
        default=1,
        editable=False,
        help_text=_(
            "Wordt bij elke opslag opgehoogd; voorkomt dat wijzigingen elkaar overschrijven."
        ),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Any ordinary save (admin, seed) also moves the version on, so an edit form opened
        # before it is refused as stale rather than silently overwriting it.
        if not self._state.adding:
            self.version += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version", "updated_at"}
        super().save(*args, **kwargs)


class OrganisationKind(models.TextChoices):
    GEMEENTE = "gemeente", _("Gemeente")
    UITVOERINGSORGANISATIE = "uitvoeringsorganisatie", _("Uitvoeringsorganisatie")
    ICT_DIENSTVERLENER = "ict_dienstverlener", _("ICT-dienstverlener")


class OrganisationQuerySet(models.QuerySet):
    def members_on(self, day: datetime.date):
        """Organisations whose membership of the collaboration covers `day`."""
        return self.filter(membership_start__lte=day).filter(
            Q(membership_end__isnull=True) | Q(membership_end__gte=day)
        )

    def participants_in_year(self, year: int):
        """Budget participants that were members on at least one day of `year`."""
        return (
            self.filter(is_budget_participant=True)
            .filter(membership_start__lte=datetime.date(year, 12, 31))
            .filter(
                Q(membership_end__isnull=True) | Q(membership_end__gte=datetime.date(year, 1, 1))
            )
        )

    def with_council(self):
        return self.filter(has_council=True)


@track_history()
class Organisation(VersionedModel):
    name = models.CharField(_("naam"), max_length=200, unique=True, help_text=_("Volledige naam."))
    short_name = models.CharField(
        _("korte naam"), max_length=50, unique=True, help_text=_("Naam zoals in overzichten.")
    )
    slug = models.SlugField(_("slug"), unique=True, help_text=_("Voor adressen (URL's)."))
    kind = models.CharField(
        _("soort"),
        max_length=30,
        choices=OrganisationKind.choices,
        help_text=_("Soort organisatie."),
    )
    has_council = models.BooleanField(
        _("heeft een gemeenteraad"),
        default=False,
        help_text=_("Alleen gemeenten hebben een raad die voortgangsrapportages ontvangt."),
    )
    is_budget_participant = models.BooleanField(
        _("deelnemer in de begroting"),
        default=True,
        help_text=_("Deelnemers dragen een aandeel in de gezamenlijke begroting."),
    )
    membership_start = models.DateField(
        _("lid sinds"), help_text=_("Eerste dag van het lidmaatschap van de samenwerking.")
    )
    membership_end = models.DateField(
        _("lid tot en met"),
        null=True,
        blank=True,
        help_text=_("Laatste dag van het lidmaatschap; leeg zolang de organisatie lid is."),
    )
    membership_note = models.CharField(
        _("toelichting lidmaatschap"),
        max_length=300,
        blank=True,
        help_text=_("Bijvoorbeeld de bron of een aanname over de data."),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["short_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(membership_end__isnull=True)
                | Q(membership_end__gte=models.F("membership_start")),
                name="organisation_membership_end_after_start",
                violation_error_message=_("Het einde van het lidmaatschap ligt vóór het begin."),
            ),
            models.CheckConstraint(
                condition=Q(has_council=False) | Q(kind=OrganisationKind.GEMEENTE),
                name="organisation_council_only_for_gemeente",
                violation_error_message=_("Alleen een gemeente heeft een gemeenteraad."),
            ),
        ]

    def __str__(self):
        return self.short_name

    def is_member_on(self, day: datetime.date) -> bool:
        return self.membership_start <= day and (
            self.membership_end is None or self.membership_end >= day
        )


class Role(models.TextChoices):
    STUURGROEPLID = "stuurgroeplid", _("Stuurgroeplid")
    KWARTIERMAKER = "kwartiermaker", _("Kwartiermaker")
    WERKSTROOMTREKKER = "werkstroomtrekker", _("Werkstroomtrekker")
    RESPONDENT = "respondent", _("Respondent volwassenheidsmeting")
    GRIFFIER = "griffier", _("Griffier")
    BEHEERDER = "beheerder", _("Beheerder")


class PortalUserManager(UserManager):
    def with_role(self, role: str):
        return self.filter(roles__contains=[role])


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    exclude=["password", "last_login"],
    meta={"indexes": event_indexes()},
)
class User(AbstractUser):
    """A person using the portal: belongs to one organisation and holds one or more roles."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        help_text=_("De organisatie waarvoor deze persoon werkt; een griffier hoort bij de raad."),
    )
    roles = ArrayField(
        models.CharField(max_length=30, choices=Role.choices),
        verbose_name=_("rollen"),
        default=list,
        blank=True,
        help_text=_("Wat deze persoon in het portaal mag doen."),
    )
    job_title = models.CharField(
        _("functie"),
        max_length=150,
        blank=True,
        help_text=_("Bijvoorbeeld gemeentesecretaris of directeur."),
    )
    language = models.CharField(
        _("taal"),
        max_length=5,
        choices=[("nl", "Nederlands"), ("en", "English")],
        default="nl",
        help_text=_(
            "De taal van de e-mails aan deze persoon; wordt gezet met de taalkeuze onderaan "
            "elke pagina."
        ),
    )

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=Q(roles__contained_by=Role.values),
                name="user_roles_known",
                violation_error_message=_("Onbekende rol."),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def get_roles_display(self) -> list[str]:
        labels = dict(Role.choices)
        return [str(labels[role]) for role in self.roles]

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if Role.GRIFFIER in self.roles and not (
            self.organisation and self.organisation.has_council
        ):
            raise ValidationError(
                {"organisation": _("Een griffier hoort bij een gemeente met een gemeenteraad.")}
            )


class WorkerHeartbeat(TimeStampedModel):
    """A round trip through the broker to a worker; proves the asynchronous path works."""

    requested_by = models.ForeignKey(
        User,
        verbose_name=_("aangevraagd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Wie de controle startte."),
    )
    processed_at = models.DateTimeField(
        _("verwerkt op"),
        null=True,
        blank=True,
        help_text=_("Wanneer een worker de taak uitvoerde."),
    )
    worker_hostname = models.CharField(
        _("worker"),
        max_length=200,
        blank=True,
        help_text=_("Naam van de worker die de taak uitvoerde."),
    )

    class Meta:
        verbose_name = _("workercontrole")
        verbose_name_plural = _("workercontroles")
        ordering = ["-created_at"]

    def __str__(self):
        return f"#{self.pk}"


class ImportStatus(models.TextChoices):
    PREVIEWED = "voorbeeld", _("voorbeeld getoond")
    QUEUED = "wachtrij", _("in wachtrij")
    RUNNING = "bezig", _("bezig")
    DONE = "klaar", _("ingelezen")
    FAILED = "mislukt", _("geweigerd")


class ImportUpload(TimeStampedModel):
    """An uploaded import file between preview and confirmation (see core.imports).

    Kept so the confirmation books exactly the previewed file; removed when it is booked, and
    by core.tasks.import_uploads_cleanup once it is abandoned.
    """

    id = models.UUIDField(
        primary_key=True,
        default=uuid.uuid4,
        editable=False,
        help_text=_("Onraadbaar kenmerk; staat in het bevestigingsformulier."),
    )
    importer = models.CharField(
        _("soort import"),
        max_length=60,
        help_text=_("Welke import het bestand leest, bijvoorbeeld budget.entries."),
    )
    scope_id = models.PositiveIntegerField(
        _("onderwerp"),
        help_text=_("Het begrotingsjaar of de meting waarin wordt ingelezen (primaire sleutel)."),
    )
    uploaded_by = models.ForeignKey(
        User,
        verbose_name=_("ingelezen door"),
        on_delete=models.CASCADE,
        related_name="import_uploads",
        help_text=_("Alleen deze persoon kan de import bevestigen."),
    )
    file_name = models.CharField(
        _("bestandsnaam"), max_length=255, help_text=_("Naam van het bestand bij het uploaden.")
    )
    content = models.BinaryField(
        _("inhoud"), help_text=_("Het bestand zoals het is geüpload (begrensd in grootte).")
    )
    row_count = models.PositiveIntegerField(
        _("regels"), default=0, help_text=_("Aantal regels met gegevens in het bestand.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ImportStatus.choices,
        default=ImportStatus.PREVIEWED,
        help_text=_("Waar de import staat."),
    )
    processed = models.PositiveIntegerField(
        _("verwerkt"),
        default=0,
        help_text=_("Aantal regels dat de achtergrondverwerking al heeft gecontroleerd."),
    )
    attempts = models.PositiveSmallIntegerField(
        _("pogingen"),
        default=0,
        editable=False,
        help_text=_("Hoe vaak de achtergrondverwerking aan de import is begonnen."),
    )
    result = models.JSONField(
        _("uitkomst"),
        default=dict,
        blank=True,
        help_text=_("Aantal ingelezen regels, of de fouten per regel als de import is geweigerd."),
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_at"], name="import_upload_created_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImportStatus.values),
                name="import_upload_status_known",
            ),
            models.CheckConstraint(
                condition=Q(processed__lte=models.F("row_count")),
                name="import_upload_progress_bounded",
            ),
        ]

    def __str__(self):
        return f"{self.importer} {self.file_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)

    @property
    def is_failed(self) -> bool:
        return self.status == ImportStatus.FAILED

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        return int(100 * self.processed / self.row_count) if self.row_count else 0
