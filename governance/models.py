import datetime
from decimal import Decimal

import pgtrigger
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Organisation, TimeStampedModel, User, VersionedModel, track_history
from core.scopes import ScopedQuerySet
from governance.attachments import KIND_CHOICES, KINDS


@track_history()
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
    lead_user = models.ForeignKey(
        User,
        verbose_name=_("werkstroomtrekker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_workstreams",
        help_text=_("De persoon die de werkstroom trekt."),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("werkstroom")
        verbose_name_plural = _("werkstromen")
        ordering = ["number"]

    # The rule that guards the record's page (asked before linking to it).
    detail_rule = "governance.see_registers"

    def get_absolute_url(self) -> str:
        return reverse("governance:workstream_detail", args=[self.slug])

    def __str__(self):
        return f"{self.number}. {self.name}"

    @property
    def lead_label(self) -> str:
        return (
            self.lead_organisation.short_name if self.lead_organisation else self.lead_description
        )


@track_history()
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


@track_history()
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
    meeting = models.ForeignKey(
        "Meeting",
        verbose_name=_("vergadering"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        help_text=_("De vergadering waarin het besluit is genomen."),
    )
    agenda_item = models.ForeignKey(
        "AgendaItem",
        verbose_name=_("agendapunt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        help_text=_("Het agendapunt waarbij het besluit is genomen."),
    )
    is_demo = models.BooleanField(
        _("demodata"), default=False, editable=False, help_text=_("Aangemaakt als demodata.")
    )

    objects = ScopedQuerySet.as_manager()

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
        triggers = [
            # The number is given once (services.decision_record); nothing renumbers it.
            pgtrigger.Protect(
                name="decision_number_is_frozen",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__year__df=pgtrigger.F("new__year"))
                | pgtrigger.Q(old__sequence__df=pgtrigger.F("new__sequence")),
            )
        ]

    # Read-only in the admin once the record exists (core.admin_versioning).
    frozen_fields = ("year", "sequence")

    # The rule that guards the record's page (asked before linking to it).
    detail_rule = "governance.see_decision"

    def get_absolute_url(self) -> str:
        return reverse("governance:decision_detail", args=[self.pk])

    def __str__(self):
        return self.number

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.agenda_item_id and self.agenda_item.meeting_id != self.meeting_id:
            raise ValidationError(
                {"meeting": _("Het agendapunt hoort bij een andere vergadering.")}
            )

    @property
    def number(self) -> str:
        return f"SG-{self.year}-{self.sequence:03d}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_uitvoering", _("In uitvoering")
    DONE = "afgerond", _("Afgerond")
    CANCELLED = "vervallen", _("Vervallen")


@track_history()
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
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("besluit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        help_text=_("Het besluit waar de actie uit voortkomt."),
    )
    agenda_item = models.ForeignKey(
        "AgendaItem",
        verbose_name=_("agendapunt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        help_text=_("Het agendapunt waarbij de actie is afgesproken."),
    )
    is_demo = models.BooleanField(
        _("demodata"), default=False, editable=False, help_text=_("Aangemaakt als demodata.")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["due_date", "pk"]

    # The rule that guards the record's page (asked before linking to it).
    detail_rule = "governance.see_action"

    def get_absolute_url(self) -> str:
        return reverse("governance:action_detail", args=[self.pk])

    def __str__(self):
        return self.title

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in OPEN_ACTION_STATUSES
            and self.due_date is not None
            and self.due_date < datetime.date.today()
        )


OPEN_ACTION_STATUSES = [ActionStatus.OPEN, ActionStatus.IN_PROGRESS]


# --- Registers (issue 3) ------------------------------------------------------------------------


@track_history()
class ScopeItem(VersionedModel):
    """A deliverable the report lists for a workstream (its scope)."""

    workstream = models.ForeignKey(
        Workstream,
        verbose_name=_("werkstroom"),
        on_delete=models.CASCADE,
        related_name="scope_items",
        help_text=_("De werkstroom waartoe dit onderdeel hoort."),
    )
    position = models.PositiveSmallIntegerField(
        _("volgorde"), help_text=_("Positie in de lijst van onderdelen.")
    )
    text = models.CharField(
        _("onderdeel"), max_length=300, help_text=_("Wat de werkstroom moet opleveren.")
    )

    class Meta:
        verbose_name = _("onderdeel van de opdracht")
        verbose_name_plural = _("onderdelen van de opdracht")
        ordering = ["workstream__number", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["workstream", "position"], name="scope_item_position_unique"
            )
        ]

    def __str__(self):
        return self.text


class MilestoneStatus(models.TextChoices):
    PLANNED = "gepland", _("Gepland")
    IN_PROGRESS = "bezig", _("Bezig")
    REACHED = "behaald", _("Behaald")
    CANCELLED = "vervallen", _("Vervallen")


OPEN_MILESTONE_STATUSES = [MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS]


@track_history()
class Milestone(VersionedModel):
    """A milestone (mijlpaal) of a workstream; overdue is derived from the due date, not stored."""

    workstream = models.ForeignKey(
        Workstream,
        verbose_name=_("werkstroom"),
        on_delete=models.PROTECT,
        related_name="milestones",
        help_text=_("De werkstroom waartoe de mijlpaal hoort."),
    )
    title = models.CharField(_("mijlpaal"), max_length=300, help_text=_("Wat er bereikt wordt."))
    due_date = models.DateField(
        _("gepland op"), help_text=_("Datum waarop de mijlpaal gepland is.")
    )
    baseline_due_date = models.DateField(
        _("oorspronkelijk gepland op"),
        editable=False,
        help_text=_("De eerste geplande datum; een latere datum betekent dat de mijlpaal schoof."),
    )
    completed_on = models.DateField(
        _("behaald op"),
        null=True,
        blank=True,
        help_text=_("Datum waarop de mijlpaal is behaald; alleen bij status 'Behaald'."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MilestoneStatus.choices,
        default=MilestoneStatus.PLANNED,
        help_text=_("Stand van de mijlpaal."),
    )
    is_demo = models.BooleanField(
        _("demodata"), default=False, editable=False, help_text=_("Aangemaakt als demodata.")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("mijlpaal")
        verbose_name_plural = _("mijlpalen")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(status=MilestoneStatus.REACHED, completed_on__isnull=False)
                    | (
                        ~models.Q(status=MilestoneStatus.REACHED)
                        & models.Q(completed_on__isnull=True)
                    )
                ),
                name="milestone_completed_on_iff_reached",
                violation_error_message=_(
                    "Een behaalde mijlpaal heeft een datum 'behaald op'; een andere niet."
                ),
            ),
        ]

    # The rule that guards the record's page (asked before linking to it).
    detail_rule = "governance.see_milestone"

    def get_absolute_url(self) -> str:
        return reverse("governance:milestone_detail", args=[self.pk])

    def __str__(self):
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.status == MilestoneStatus.REACHED and not self.completed_on:
            errors["completed_on"] = _("Vul in wanneer de mijlpaal is behaald.")
        if self.status != MilestoneStatus.REACHED and self.completed_on:
            errors["completed_on"] = _("Alleen een behaalde mijlpaal heeft een datum 'behaald op'.")
        if self.completed_on and self.completed_on > datetime.date.today():
            errors["completed_on"] = _("Een mijlpaal kan niet in de toekomst behaald zijn.")
        for name in ("due_date", "completed_on"):
            value = getattr(self, name)
            if value and not (MIN_DATE <= value <= MAX_DATE):
                errors[name] = _("Kies een datum tussen 2020 en 2035.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(datetime.date.today())

    def is_overdue_on(self, day: datetime.date) -> bool:
        """Late on `day`: still open and due before it. A report judges this on the date of
        its data, never on the end of its period, so it is true on the day of issue."""
        return self.status in OPEN_MILESTONE_STATUSES and self.due_date < day

    @property
    def has_slipped(self) -> bool:
        return self.due_date > self.baseline_due_date


MIN_DATE = datetime.date(2020, 1, 1)
MAX_DATE = datetime.date(2035, 12, 31)


class OverallStatus(models.TextChoices):
    ON_TRACK = "op_koers", _("Op koers")
    ATTENTION = "aandacht", _("Aandacht nodig")
    AT_RISK = "in_gevaar", _("In gevaar")


# Lower is better; the trend compares the current report's rank with the previous one's.
STATUS_RANK = {OverallStatus.ON_TRACK: 0, OverallStatus.ATTENTION: 1, OverallStatus.AT_RISK: 2}


class StatusReportState(models.TextChoices):
    DRAFT = "concept", _("Concept")
    PUBLISHED = "gepubliceerd", _("Gepubliceerd")


@track_history()
class StatusReport(VersionedModel):
    """A workstream's status report; publishing freezes it (a database trigger refuses edits)."""

    workstream = models.ForeignKey(
        Workstream,
        verbose_name=_("werkstroom"),
        on_delete=models.PROTECT,
        related_name="status_reports",
        help_text=_("De werkstroom waarover gerapporteerd wordt."),
    )
    period_start = models.DateField(_("periode van"), help_text=_("Eerste dag van de periode."))
    period_end = models.DateField(_("periode tot en met"), help_text=_("Laatste dag."))
    overall_status = models.CharField(
        _("totaalbeeld"),
        max_length=20,
        choices=OverallStatus.choices,
        help_text=_("Op koers, aandacht nodig of in gevaar."),
    )
    progress_summary = models.TextField(
        _("voortgang"), blank=True, help_text=_("Korte samenvatting van de voortgang.")
    )
    results = models.TextField(
        _("resultaten sinds de vorige rapportage"),
        blank=True,
        help_text=_("Wat er sinds de vorige rapportage is bereikt."),
    )
    next_steps = models.TextField(
        _("volgende stappen"), blank=True, help_text=_("Wat er de komende periode gebeurt.")
    )
    escalations = models.TextField(
        _("escalaties naar de stuurgroep"),
        blank=True,
        help_text=_("Wat de stuurgroep moet besluiten of oppakken; leeg als er niets is."),
    )
    state = models.CharField(
        _("stand"),
        max_length=20,
        choices=StatusReportState.choices,
        default=StatusReportState.DRAFT,
        editable=False,
        help_text=_("Een gepubliceerde rapportage wordt nooit meer gewijzigd."),
    )
    author = models.ForeignKey(
        User,
        verbose_name=_("opgesteld door"),
        on_delete=models.PROTECT,
        related_name="status_reports",
        null=True,
        blank=True,
        editable=False,
        help_text=_("Wie de rapportage opstelde."),
    )
    published_at = models.DateTimeField(
        _("gepubliceerd op"), null=True, blank=True, editable=False, help_text=_("Moment.")
    )
    published_by = models.ForeignKey(
        User,
        verbose_name=_("gepubliceerd door"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        help_text=_("Wie de rapportage publiceerde."),
    )
    is_demo = models.BooleanField(
        _("demodata"), default=False, editable=False, help_text=_("Aangemaakt als demodata.")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("statusrapportage")
        verbose_name_plural = _("statusrapportages")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="status_report_period_order",
                violation_error_message=_("Het einde van de periode ligt vóór het begin."),
            ),
            models.CheckConstraint(
                condition=models.Q(state=StatusReportState.DRAFT)
                | (
                    models.Q(published_at__isnull=False)
                    & ~models.Q(progress_summary="")
                    & ~models.Q(results="")
                    & ~models.Q(next_steps="")
                ),
                name="status_report_published_complete",
                violation_error_message=_("Een gepubliceerde rapportage is volledig ingevuld."),
            ),
        ]
        triggers = [
            pgtrigger.Protect(
                name="published_report_is_frozen",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__state="gepubliceerd"),
            )
        ]

    # The rule that guards the record's page (asked before linking to it).
    detail_rule = "governance.see_status_report"

    def get_absolute_url(self) -> str:
        return reverse("governance:report_detail", args=[self.pk])

    def __str__(self):
        return _("%(workstream)s, %(start)s t/m %(end)s") % {
            "workstream": self.workstream.name,
            "start": self.period_start.strftime("%d-%m-%Y"),
            "end": self.period_end.strftime("%d-%m-%Y"),
        }

    @property
    def is_published(self) -> bool:
        return self.state == StatusReportState.PUBLISHED

    @property
    def is_frozen(self) -> bool:
        """Read-only everywhere, the admin included (core.admin_versioning)."""
        return self.is_published

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        for name in ("period_start", "period_end"):
            value = getattr(self, name)
            if value and not (MIN_DATE <= value <= MAX_DATE):
                errors[name] = _("Kies een datum tussen 2020 en 2035.")
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("Het einde van de periode ligt vóór het begin.")
        if errors:
            raise ValidationError(errors)

    def missing_for_publication(self) -> dict:
        """Field errors that stand in the way of publishing."""
        required = _("Vul dit in voordat u publiceert.")
        return {
            name: required
            for name in ("progress_summary", "results", "next_steps")
            if not getattr(self, name).strip()
        }


class MinutesState(models.TextChoices):
    DRAFT = "concept", _("Concept")
    ADOPTED = "vastgesteld", _("Vastgesteld")


class AgendaState(models.TextChoices):
    DRAFT = "concept", _("Concept")
    PUBLISHED = "gepubliceerd", _("Gepubliceerd")


@track_history()
class Meeting(VersionedModel):
    """A stuurgroep meeting, with agenda and minutes (draft, then adopted)."""

    held_on = models.DateField(_("datum"), help_text=_("Datum van de vergadering."))
    title = models.CharField(
        _("titel"), max_length=200, help_text=_("Bijvoorbeeld 'Stuurgroep maart'.")
    )
    start_time = models.TimeField(
        _("aanvang"), null=True, blank=True, help_text=_("Begintijd, bijvoorbeeld 14:00.")
    )
    end_time = models.TimeField(
        _("einde"), null=True, blank=True, help_text=_("Eindtijd; na de begintijd.")
    )
    location = models.CharField(
        _("locatie"), max_length=200, blank=True, help_text=_("Waar of online.")
    )
    video_url = models.URLField(
        _("videoverbinding"),
        blank=True,
        help_text=_("Link om online deel te nemen; leeg als er geen videoverbinding is."),
    )
    agenda_state = models.CharField(
        _("stand van de agenda"),
        max_length=20,
        choices=AgendaState.choices,
        default=AgendaState.DRAFT,
        editable=False,
        help_text=_("Een concept-agenda wordt voorbereid; een gepubliceerde is verstuurd."),
    )
    agenda_published_at = models.DateTimeField(
        _("agenda gepubliceerd op"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Moment waarop de agenda is gepubliceerd."),
    )
    calendar_sequence = models.PositiveIntegerField(
        _("agendavolgnummer"),
        default=0,
        editable=False,
        help_text=_(
            "Wordt opgehoogd als datum, tijd, locatie of agenda van een gepubliceerde "
            "vergadering wijzigt (SEQUENCE in de agenda-uitnodiging)."
        ),
    )
    minutes = models.TextField(
        _("verslag"), blank=True, help_text=_("Het verslag van de vergadering.")
    )
    minutes_state = models.CharField(
        _("stand van het verslag"),
        max_length=20,
        choices=MinutesState.choices,
        default=MinutesState.DRAFT,
        editable=False,
        help_text=_("Een vastgesteld verslag wordt niet meer gewijzigd."),
    )
    adopted_on = models.DateField(
        _("vastgesteld op"), null=True, blank=True, editable=False, help_text=_("Datum.")
    )
    adopted_by = models.ForeignKey(
        User,
        verbose_name=_("vastgesteld door"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        help_text=_("Wie het verslag vaststelde."),
    )
    is_demo = models.BooleanField(
        _("demodata"), default=False, editable=False, help_text=_("Aangemaakt als demodata.")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("stuurgroepvergadering")
        verbose_name_plural = _("stuurgroepvergaderingen")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes_state=MinutesState.DRAFT)
                | (models.Q(adopted_on__isnull=False) & ~models.Q(minutes="")),
                name="meeting_adopted_minutes_complete",
                violation_error_message=_("Een vastgesteld verslag heeft tekst en een datum."),
            ),
            models.CheckConstraint(
                condition=models.Q(start_time__isnull=True)
                | models.Q(end_time__isnull=True)
                | models.Q(end_time__gt=models.F("start_time")),
                name="meeting_end_after_start",
                violation_error_message=_("De eindtijd ligt vóór of op de begintijd."),
            ),
            models.CheckConstraint(
                condition=models.Q(agenda_state=AgendaState.DRAFT)
                | models.Q(agenda_published_at__isnull=False),
                name="meeting_published_agenda_has_moment",
                violation_error_message=_("Een gepubliceerde agenda heeft een moment."),
            ),
        ]
        triggers = [
            pgtrigger.Protect(
                name="adopted_minutes_are_frozen",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__minutes_state="vastgesteld"),
            )
        ]

    # The rule that guards the record's page (asked before linking to it).
    detail_rule = "governance.see_meeting"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting_detail", args=[self.pk])

    def __str__(self):
        return f"{self.title} ({self.held_on.strftime('%d-%m-%Y')})"

    @property
    def is_adopted(self) -> bool:
        return self.minutes_state == MinutesState.ADOPTED

    @property
    def is_frozen(self) -> bool:
        """Read-only everywhere, the admin included (core.admin_versioning)."""
        return self.is_adopted

    @property
    def is_agenda_published(self) -> bool:
        return self.agenda_state == AgendaState.PUBLISHED

    @property
    def is_agenda_draft(self) -> bool:
        return self.agenda_state == AgendaState.DRAFT

    def _at(self, time: datetime.time | None) -> datetime.datetime | None:
        if self.held_on is None or time is None:
            return None
        return timezone.make_aware(
            datetime.datetime.combine(self.held_on, time), timezone.get_default_timezone()
        )

    @property
    def starts_at(self) -> datetime.datetime | None:
        """The start as an aware datetime in settings.TIME_ZONE; None without a start time."""
        return self._at(self.start_time)

    @property
    def ends_at(self) -> datetime.datetime | None:
        return self._at(self.end_time)

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.held_on and not (MIN_DATE <= self.held_on <= MAX_DATE):
            errors["held_on"] = _("Kies een datum tussen 2020 en 2035.")
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("De eindtijd ligt vóór de begintijd; kies een latere eindtijd.")
        if self.end_time and not self.start_time:
            errors["start_time"] = _("Vul ook de begintijd in.")
        if errors:
            raise ValidationError(errors)


@track_history()
class AgendaItem(VersionedModel):
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("vergadering"),
        on_delete=models.CASCADE,
        related_name="agenda_items",
        help_text=_("De vergadering waarop het punt staat."),
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), help_text=_("Nummer op de agenda."))
    title = models.CharField(_("agendapunt"), max_length=300, help_text=_("Onderwerp."))
    workstream = models.ForeignKey(
        Workstream,
        verbose_name=_("werkstroom"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        help_text=_("Werkstroom waar het punt over gaat; leeg voor het hele programma."),
    )
    description = models.TextField(
        _("toelichting"),
        blank=True,
        help_text=_("Waar het punt over gaat en wat er gevraagd wordt."),
    )
    presenter = models.CharField(
        _("inbreng door"), max_length=200, blank=True, help_text=_("Wie het punt inleidt.")
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duur (minuten)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(480)],
        help_text=_("Geplande tijd voor het punt, in minuten."),
    )
    minutes = models.TextField(
        _("verslag bij dit punt"), blank=True, help_text=_("Wat er bij dit punt is besproken.")
    )
    # The record a suggested item was added from (an escalation, a budget change, ...). Generic,
    # because some of those records live in apps governance may not import.
    source_type = models.ForeignKey(
        ContentType,
        verbose_name=_("soort bron"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text=_("Soort record waar het punt uit voortkomt."),
    )
    source_id = models.PositiveBigIntegerField(
        _("bron"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Het record waar het punt uit voortkomt."),
    )
    source = GenericForeignKey("source_type", "source_id")

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_item_unique"),
            models.CheckConstraint(
                condition=models.Q(source_type__isnull=True, source_id__isnull=True)
                | models.Q(source_type__isnull=False, source_id__isnull=False),
                name="agenda_item_source_complete",
                violation_error_message=_("Een bron heeft een soort en een record."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "source_type", "source_id"],
                name="agenda_item_source_once_per_meeting",
                violation_error_message=_("Dit onderwerp staat al op de agenda."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def starts_at(self) -> datetime.datetime | None:
        """Planned start: the meeting's start plus the durations of the items before this one.

        Reads the meeting's items (prefetch `meeting__agenda_items` for lists); None when the
        meeting has no start time or an earlier item has no duration.
        """
        start = self.meeting.starts_at
        if start is None:
            return None
        offset = 0
        for item in self.meeting.agenda_items.all():
            if item.position >= self.position:
                break
            if item.duration_minutes is None:
                return None
            offset += item.duration_minutes
        return start + datetime.timedelta(minutes=offset)


class CommitmentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "afgedaan", _("Afgedaan")
    CANCELLED = "vervallen", _("Vervallen")


@track_history()
class Commitment(VersionedModel):
    """A commitment (toezegging) made to a council; it appears in that council's report."""

    council = models.ForeignKey(
        Organisation,
        verbose_name=_("raad"),
        on_delete=models.PROTECT,
        related_name="commitments",
        limit_choices_to={"has_council": True},
        help_text=_("De gemeente(raad) aan wie de toezegging is gedaan."),
    )
    made_by = models.CharField(
        _("toegezegd door"),
        max_length=200,
        help_text=_("De stuurgroep of de portefeuillehouder die de toezegging deed."),
    )
    made_on = models.DateField(_("toegezegd op"), help_text=_("Datum van de toezegging."))
    text = models.TextField(_("toezegging"), help_text=_("Wat er is toegezegd."))
    due_date = models.DateField(_("uiterlijk"), help_text=_("Wanneer de toezegging af moet zijn."))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.OPEN,
        help_text=_("Stand van de toezegging."),
    )
    workstream = models.ForeignKey(
        Workstream,
        verbose_name=_("werkstroom"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        help_text=_("Werkstroom die de toezegging uitvoert; leeg voor het hele programma."),
    )
    is_demo = models.BooleanField(
        _("demodata"), default=False, editable=False, help_text=_("Aangemaakt als demodata.")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("toezegging")
        verbose_name_plural = _("toezeggingen")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_date__gte=models.F("made_on")),
                name="commitment_due_after_made",
                violation_error_message=_("De einddatum ligt vóór de datum van de toezegging."),
            )
        ]

    # The rule that guards the record's page (asked before linking to it).
    detail_rule = "governance.see_commitment"

    def get_absolute_url(self) -> str:
        return reverse("governance:commitment_detail", args=[self.pk])

    def __str__(self):
        return self.text[:80]

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(datetime.date.today())

    def is_overdue_on(self, day: datetime.date) -> bool:
        """Late on `day`: still open and due before it (see Milestone.is_overdue_on)."""
        return self.status == CommitmentStatus.OPEN and self.due_date < day


class RiskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONTROLLED = "beheerst", _("Beheerst")
    CLOSED = "gesloten", _("Gesloten")


@track_history()
class Risk(VersionedModel):
    """A risk, per workstream or programme-wide; score = probability × impact (1–25)."""

    workstream = models.ForeignKey(
        Workstream,
        verbose_name=_("werkstroom"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risks",
        help_text=_("Leeg voor een risico voor het hele programma."),
    )
    title = models.CharField(_("risico"), max_length=300, help_text=_("Korte omschrijving."))
    description = models.TextField(_("toelichting"), blank=True, help_text=_("Oorzaak en gevolg."))
    probability = models.PositiveSmallIntegerField(
        _("kans"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (zeer klein) tot en met 5 (zeer groot)."),
    )
    impact = models.PositiveSmallIntegerField(
        _("impact"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (zeer klein) tot en met 5 (zeer groot)."),
    )
    score = models.GeneratedField(
        expression=models.F("probability") * models.F("impact"),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
        verbose_name=_("score"),
        help_text=_("Kans maal impact."),
    )
    owner = models.ForeignKey(
        User,
        verbose_name=_("eigenaar"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risks",
        help_text=_("Wie het risico bewaakt."),
    )
    mitigation = models.TextField(
        _("beheersmaatregelen"), blank=True, help_text=_("Wat het risico verkleint.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RiskStatus.choices,
        default=RiskStatus.OPEN,
        help_text=_("Stand van het risico."),
    )
    is_demo = models.BooleanField(
        _("demodata"), default=False, editable=False, help_text=_("Aangemaakt als demodata.")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("risico")
        verbose_name_plural = _("risico's")
        ordering = ["-score", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(probability__gte=1, probability__lte=5),
                name="risk_probability_1_5",
                violation_error_message=_("De kans ligt tussen 1 en 5."),
            ),
            models.CheckConstraint(
                condition=models.Q(impact__gte=1, impact__lte=5),
                name="risk_impact_1_5",
                violation_error_message=_("De impact ligt tussen 1 en 5."),
            ),
        ]

    # The rule that guards the record's page (asked before linking to it).
    detail_rule = "governance.see_risk"

    def get_absolute_url(self) -> str:
        return reverse("governance:risk_detail", args=[self.pk])

    def __str__(self):
        return self.title


@track_history()
class RegionalFunction(VersionedModel):
    """A regional function of the kennisgroep (or the kwartiermaker)."""

    name = models.CharField(_("functie"), max_length=150, unique=True, help_text=_("Naam."))
    position = models.PositiveSmallIntegerField(
        _("volgorde"), default=0, help_text=_("Volgorde in overzichten.")
    )
    description = models.CharField(
        _("omschrijving"), max_length=300, blank=True, help_text=_("Waar de functie voor is.")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("regionale functie")
        verbose_name_plural = _("regionale functies")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


@track_history()
class RoleAssignment(VersionedModel):
    """A person filling a regional function, for some hours a week."""

    function = models.ForeignKey(
        RegionalFunction,
        verbose_name=_("functie"),
        on_delete=models.PROTECT,
        related_name="assignments",
        help_text=_("De regionale functie."),
    )
    person_name = models.CharField(
        _("naam"), max_length=200, help_text=_("Naam van de persoon die de functie vervult.")
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
        help_text=_("De organisatie waar de persoon in dienst is."),
    )
    hours_per_week = models.DecimalField(
        _("uren per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("40"))],
        help_text=_("Uren per week voor de regionale functie."),
    )
    is_demo = models.BooleanField(
        _("demodata"), default=False, editable=False, help_text=_("Aangemaakt als demodata.")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bezetting")
        verbose_name_plural = _("bezetting")
        ordering = ["function__position", "person_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours_per_week__gt=0, hours_per_week__lte=40),
                name="role_assignment_hours_range",
                violation_error_message=_("Uren per week liggen tussen 0 en 40."),
            )
        ]

    # The rule that guards the record's page (asked before linking to it).
    detail_rule = "governance.see_role_assignment"

    def get_absolute_url(self) -> str:
        return reverse("governance:role_assignment_detail", args=[self.pk])

    def __str__(self):
        return f"{self.person_name} ({self.function})"


@track_history()
class RegisterAccessGrant(VersionedModel):
    """Read access to the internal registers for someone outside the programme (e.g. a griffier)."""

    user = models.OneToOneField(
        User,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="governance_register_grant",
        help_text=_("Wie de registers mag inzien."),
    )
    reason = models.CharField(
        _("reden"), max_length=300, help_text=_("Waarom deze persoon inzage krijgt.")
    )
    valid_until = models.DateField(
        _("geldig tot en met"),
        null=True,
        blank=True,
        help_text=_("Laatste dag van de inzage; leeg voor onbepaalde tijd."),
    )

    class Meta:
        verbose_name = _("inzage in de registers")
        verbose_name_plural = _("inzage in de registers")

    def __str__(self):
        return str(self.user)

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_until is None or self.valid_until >= day


# A feed is read by calendar apps every few hours: the history keeps renewals, not every use.
@track_history(exclude=["key_hash", "last_used_at"])
class CalendarFeed(TimeStampedModel):
    """A user's personal calendar feed: their meetings and milestones behind a secret URL.

    Only the secret's SHA-256 is stored (core.tokens): the URL is shown once, when it is made
    or renewed; renewing replaces the hash, so the old URL stops working at once.
    """

    user = models.OneToOneField(
        User,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        help_text=_("Van wie de agendafeed is; de feed toont wat deze persoon mag zien."),
    )
    key_hash = models.CharField(
        _("controlegetal"),
        max_length=64,
        unique=True,
        editable=False,
        help_text=_("SHA-256 van het geheim in de feed-URL; het geheim zelf wordt niet bewaard."),
    )
    renewed_at = models.DateTimeField(
        _("aangemaakt of vernieuwd op"),
        help_text=_("Sinds dit moment werkt de huidige feed-URL."),
    )
    last_used_at = models.DateTimeField(
        _("laatst opgehaald"),
        null=True,
        blank=True,
        help_text=_("Wanneer een agenda-app de feed voor het laatst ophaalde."),
    )

    class Meta:
        verbose_name = _("agendafeed")
        verbose_name_plural = _("agendafeeds")

    def __str__(self):
        return str(self.user)


@track_history()
class MeetingDocument(TimeStampedModel):
    """A meeting paper (vergaderstuk) on a meeting or one of its agenda items.

    The file lives in its versions (MeetingDocumentVersion): replacing it adds a version and
    keeps the earlier ones.
    """

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("vergadering"),
        on_delete=models.PROTECT,  # its files go with the documents, never by a cascade
        related_name="documents",
        help_text=_("De vergadering waarvoor het stuk is."),
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agendapunt"),
        on_delete=models.SET_NULL,  # a removed agenda item leaves its papers on the meeting
        null=True,
        blank=True,
        related_name="documents",
        help_text=_("Het agendapunt waarbij het stuk hoort; leeg voor de vergadering als geheel."),
    )
    title = models.CharField(
        _("titel"), max_length=200, help_text=_("Waar het stuk over gaat, zoals op de agenda.")
    )
    is_demo = models.BooleanField(
        _("demodata"), default=False, editable=False, help_text=_("Aangemaakt als demodata.")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("vergaderstuk")
        verbose_name_plural = _("vergaderstukken")
        ordering = ["meeting", "pk"]

    def __str__(self):
        return self.title


@track_history()
class MeetingDocumentVersion(models.Model):
    """One uploaded file of a meeting document, stored under a generated name."""

    document = models.ForeignKey(
        MeetingDocument,
        verbose_name=_("vergaderstuk"),
        on_delete=models.CASCADE,
        related_name="versions",
        help_text=_("Het stuk waarvan dit een versie is."),
    )
    number = models.PositiveIntegerField(
        _("versie"), help_text=_("1 voor het eerste bestand, daarna oplopend.")
    )
    file = models.FileField(
        _("bestand"),
        max_length=200,
        upload_to="vergaderstukken/",  # the service names the file itself (a uuid)
        help_text=_("Opgeslagen onder een gegenereerde naam, nooit die van de gebruiker."),
    )
    original_name = models.CharField(
        _("bestandsnaam"),
        max_length=255,
        help_text=_("De naam van het geüploade bestand (zonder mappen), voor de download."),
    )
    kind = models.CharField(
        _("soort"),
        max_length=10,
        choices=KIND_CHOICES,
        help_text=_("Het bestandstype zoals vastgesteld uit de inhoud."),
    )
    size = models.PositiveBigIntegerField(_("grootte"), help_text=_("In bytes."))
    sha256 = models.CharField(
        _("SHA-256"), max_length=64, help_text=_("Controlegetal van de inhoud.")
    )
    uploaded_by = models.ForeignKey(
        User,
        verbose_name=_("geüpload door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie het bestand uploadde."),
    )
    uploaded_at = models.DateTimeField(
        _("geüpload op"), auto_now_add=True, help_text=_("Moment van uploaden.")
    )

    class Meta:
        verbose_name = _("versie van een vergaderstuk")
        verbose_name_plural = _("versies van vergaderstukken")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="meeting_document_version_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(size__gt=0) & models.Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="meeting_document_version_has_content",
            ),
            models.CheckConstraint(
                condition=~models.Q(file="") & ~models.Q(original_name=""),
                name="meeting_document_version_has_file",
            ),
        ]

    def __str__(self):
        return f"{self.document} v{self.number}"

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind].label

    @property
    def content_type(self) -> str:
        return KINDS[self.kind].content_type


class MeetingDocumentDownload(models.Model):
    """Who downloaded which version of a meeting document, and when.

    The document's title and checksum are copied, so the log outlives a deleted document.
    """

    version = models.ForeignKey(
        MeetingDocumentVersion,
        verbose_name=_("versie"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="downloads",
        help_text=_("De gedownloade versie; leeg als het stuk later is verwijderd."),
    )
    document_title = models.CharField(
        _("vergaderstuk"), max_length=200, help_text=_("Titel van het stuk bij het downloaden.")
    )
    version_number = models.PositiveIntegerField(_("versie"), help_text=_("Versienummer."))
    sha256 = models.CharField(
        _("SHA-256"), max_length=64, help_text=_("Controlegetal van het gedownloade bestand.")
    )
    user = models.ForeignKey(
        User,
        verbose_name=_("gebruiker"),
        on_delete=models.PROTECT,
        related_name="meeting_document_downloads",
        help_text=_("Wie downloadde."),
    )
    downloaded_at = models.DateTimeField(
        _("gedownload op"), auto_now_add=True, help_text=_("Moment van downloaden.")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("download van een vergaderstuk")
        verbose_name_plural = _("downloads van vergaderstukken")
        ordering = ["-downloaded_at", "-pk"]

    def __str__(self):
        return f"{self.user} · {self.document_title} v{self.version_number}"
