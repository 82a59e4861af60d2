"""Council progress reports: a request for a period, one job and frozen PDF per council."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import Organisation, TimeStampedModel, User, track_history
from core.scopes import ScopedQuerySet
from governance.models import Meeting
from reports.jobs import JobState, RenderJob, job_constraints

__all__ = [
    "CouncilReport",
    "MeetingPack",
    "PeriodKind",
    "ReportDownload",
    "ReportListVisit",
    "ReportRequest",
    "CouncilReportState",
]


class PeriodKind(models.TextChoices):
    QUARTER = "kwartaal", _("Kwartaal")
    HALF_YEAR = "halfjaar", _("Halfjaar")
    YEAR = "jaar", _("Jaar")
    FREE = "vrij", _("Vrije periode")


# One set of states for every render job (reports/jobs.py); the names the reports used.
CouncilReportState = JobState


# The shared parts are a cache of what the councils' reports have in common, not a record.
@track_history(exclude=["shared_parts", "shared_as_of"])
class ReportRequest(TimeStampedModel):
    """One request by programme staff: a period, for one council or all of them at once."""

    period_kind = models.CharField(
        _("soort periode"),
        max_length=10,
        choices=PeriodKind.choices,
        help_text=_("Kwartaal, halfjaar, jaar of vrije data."),
    )
    period_start = models.DateField(_("begin periode"), help_text=_("Eerste dag van de periode."))
    period_end = models.DateField(_("einde periode"), help_text=_("Laatste dag van de periode."))
    requested_by = models.ForeignKey(
        User,
        verbose_name=_("aangevraagd door"),
        on_delete=models.PROTECT,
        related_name="report_requests",
        help_text=_("Wie de rapportage aanvroeg."),
    )
    shared_parts = models.JSONField(
        _("gedeelde onderdelen"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_(
            "Wat de rapportages van deze aanvraag gemeen hebben (programmabrede hoofdstukken, "
            "grafieken), één keer berekend voor alle gemeenten."
        ),
    )
    shared_as_of = models.DateTimeField(
        _("gedeelde onderdelen per"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Het moment van de gegevens in de gedeelde onderdelen."),
    )

    class Meta:
        verbose_name = _("rapportageaanvraag")
        verbose_name_plural = _("rapportageaanvragen")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="report_request_period_end_after_start",
                violation_error_message=_("Het einde van de periode ligt vóór het begin."),
            )
        ]

    def __str__(self):
        return f"{self.get_period_kind_display()} {self.period_start} – {self.period_end}"


# The snapshot is large and frozen once the report is done: history of the job's state
# changes is kept without copying it into every event.
@track_history(exclude=["snapshot"])
class CouncilReport(RenderJob):
    """The report for one council over a period: first a job, then a frozen, archived PDF
    (the job mechanism: reports/jobs.py); `version` is the edition for this council and period.
    """

    request = models.ForeignKey(
        ReportRequest,
        verbose_name=_("aanvraag"),
        on_delete=models.PROTECT,
        related_name="reports",
        help_text=_("De aanvraag waaruit deze rapportage voortkomt."),
    )
    council = models.ForeignKey(
        Organisation,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="council_reports",
        help_text=_("De gemeente voor wier raad de rapportage is."),
    )
    period_kind = models.CharField(
        _("soort periode"),
        max_length=10,
        choices=PeriodKind.choices,
        help_text=_("Kwartaal, halfjaar, jaar of vrije data."),
    )
    period_start = models.DateField(_("begin periode"), help_text=_("Eerste dag van de periode."))
    period_end = models.DateField(_("einde periode"), help_text=_("Laatste dag van de periode."))
    requested_by = models.ForeignKey(
        User,
        verbose_name=_("aangevraagd door"),
        on_delete=models.PROTECT,
        related_name="council_reports",
        help_text=_("Wie de rapportage aanvroeg."),
    )
    data_as_of = models.DateTimeField(
        _("gegevens per"),
        null=True,
        blank=True,
        help_text=_("Het moment waarop de gegevens voor de rapportage zijn vastgelegd."),
    )
    file = models.FileField(
        _("bestand"),
        upload_to="rapportages/",
        blank=True,
        help_text=_("De uitgegeven PDF; wordt na uitgifte nooit meer gewijzigd."),
    )
    snapshot = models.JSONField(
        _("momentopname"),
        null=True,
        blank=True,
        help_text=_("De gegevens waaruit de rapportage precies is gemaakt."),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("raadsrapportage")
        verbose_name_plural = _("raadsrapportages")
        ordering = ["-requested_at", "council__short_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="council_report_period_end_after_start",
            ),
            *job_constraints(
                "council_report",
                document=["council", "period_start", "period_end"],
                already_pending=_("Voor deze gemeente en periode wordt al een rapportage gemaakt."),
            ),
        ]
        indexes = [models.Index(fields=["council", "period_start", "period_end"])]

    def __str__(self):
        return f"{self.council} {self.period_start} – {self.period_end}"


class ReportDownload(models.Model):
    """Who downloaded which version of a report, and when."""

    report = models.ForeignKey(
        CouncilReport,
        verbose_name=_("rapportage"),
        on_delete=models.PROTECT,
        related_name="downloads",
        help_text=_("De gedownloade rapportage (en daarmee de versie)."),
    )
    user = models.ForeignKey(
        User,
        verbose_name=_("gebruiker"),
        on_delete=models.PROTECT,
        related_name="report_downloads",
        help_text=_("Wie downloadde."),
    )
    version = models.PositiveIntegerField(
        _("versie"), help_text=_("De versie van de rapportage die is gedownload.")
    )
    downloaded_at = models.DateTimeField(
        _("gedownload op"), auto_now_add=True, help_text=_("Moment van downloaden.")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("download van een rapportage")
        verbose_name_plural = _("downloads van rapportages")
        ordering = ["-downloaded_at"]

    def __str__(self):
        return f"{self.user} · {self.report} v{self.version}"


class ReportListVisit(models.Model):
    """When a user last opened the council reports' list: what was issued after it shows as
    new under 'Actie nodig' (a griffier's home page)."""

    user = models.OneToOneField(
        User,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="report_list_visit",
        help_text=_("Wie de lijst opende."),
    )
    visited_at = models.DateTimeField(
        _("laatst bekeken op"), help_text=_("Wanneer de gebruiker de lijst laatst opende.")
    )

    class Meta:
        verbose_name = _("bezoek aan de raadsrapportages")
        verbose_name_plural = _("bezoeken aan de raadsrapportages")

    def __str__(self):
        return f"{self.user} · {self.visited_at:%Y-%m-%d %H:%M}"


# The contents list is frozen with the file; the history keeps the job's life, not that list.
@track_history(exclude=["contents"])
class MeetingPack(RenderJob):
    """The papers (vergaderstukken) of one meeting as one PDF: cover, agenda, the workstreams'
    status, the item texts and the PDF attachments in agenda order. Frozen once made; a new
    request makes the next version (the job mechanism: reports/jobs.py)."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("vergadering"),
        on_delete=models.PROTECT,
        related_name="packs",
        help_text=_("De vergadering waarvan dit de vergaderstukken zijn."),
    )
    requested_by = models.ForeignKey(
        User,
        verbose_name=_("aangevraagd door"),
        on_delete=models.PROTECT,
        related_name="meeting_packs",
        help_text=_("Wie de vergaderstukken liet samenstellen."),
    )
    file = models.FileField(
        _("bestand"),
        upload_to="vergaderstukken/",
        blank=True,
        help_text=_("De samengestelde PDF; wordt na het maken nooit meer gewijzigd."),
    )
    data_as_of = models.DateTimeField(
        _("gegevens per"),
        null=True,
        blank=True,
        help_text=_("Het moment waarop agenda, stand en bijlagen zijn vastgelegd."),
    )
    contents = models.JSONField(
        _("inhoud"),
        null=True,
        blank=True,
        help_text=_("Welke agendapunten en bijlagen (met versie en controlegetal) erin staan."),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("vergaderstukken")
        verbose_name_plural = _("vergaderstukken")
        ordering = ["-requested_at"]
        constraints = [
            *job_constraints(
                "meeting_pack",
                document=["meeting"],
                already_pending=_(
                    "Voor deze vergadering worden de vergaderstukken al samengesteld."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.meeting} v{self.version or '-'}"
