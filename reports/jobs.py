"""The render-job mechanism, one implementation for every frozen document the worker makes.

A job row is queued by the web process, claimed and rendered by a Celery worker, retried a
few times on failure, swept when it is stuck (its task lost or its worker killed), and, when it
succeeds, frozen: a version number, a file that never changes and its SHA-256. A new request
for the same document makes the next version and marks the earlier one superseded.

Council reports (`CouncilReport`) and meeting packs (`MeetingPack`) are both `RenderJob`s; each
describes itself once as a `JobKind` (which task renders it, which fields name the document
whose versions it counts) and uses the functions here for everything else.

Every write transaction on jobs takes the reports' data version row first (`write_lock`,
core.caching), before any job row, and after any row of another app it locks (a meeting, the
councils): writers of jobs then queue on that one row and can never deadlock with each other.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from core.caching import lock_data_version
from core.models import TimeStampedModel

logger = logging.getLogger(__name__)

# A failed render is tried this many more times, after RETRY_DELAY_SECONDS × attempt.
MAX_RETRIES = 2
RETRY_DELAY_SECONDS = 1


class JobState(models.TextChoices):
    QUEUED = "wachtrij", gettext_lazy("In wachtrij")
    RENDERING = "bezig", gettext_lazy("Bezig")
    DONE = "gereed", gettext_lazy("Gereed")
    FAILED = "mislukt", gettext_lazy("Mislukt")


PENDING_STATES = [JobState.QUEUED, JobState.RENDERING]


def write_lock() -> None:
    """First in every transaction that writes or locks jobs (see the module's docstring)."""
    lock_data_version("reports")


class RenderJob(TimeStampedModel):
    """First a job, then a frozen, archived file. Not a VersionedModel: nobody edits a job
    through a form; `version` is the edition of the document (1, 2, ...), given on success."""

    state = models.CharField(
        gettext_lazy("status"),
        max_length=10,
        choices=JobState.choices,
        default=JobState.QUEUED,
        help_text=gettext_lazy("In wachtrij, bezig, gereed of mislukt."),
    )
    failure_reason = models.TextField(
        gettext_lazy("reden van mislukken"),
        blank=True,
        help_text=gettext_lazy("In gewone taal waarom het maken van het document mislukte."),
    )
    attempts = models.PositiveSmallIntegerField(
        gettext_lazy("pogingen"),
        default=0,
        help_text=gettext_lazy("Hoe vaak een worker aan het document begon."),
    )
    requeues = models.PositiveSmallIntegerField(
        gettext_lazy("keren opnieuw in wachtrij"),
        default=0,
        help_text=gettext_lazy(
            "Hoe vaak de periodieke controle deze vastgelopen taak opnieuw in de wachtrij zette."
        ),
    )
    requested_at = models.DateTimeField(
        gettext_lazy("aangevraagd op"),
        help_text=gettext_lazy("Moment van de aanvraag (of van de laatste herkansing)."),
    )
    started_at = models.DateTimeField(
        gettext_lazy("gestart op"),
        null=True,
        blank=True,
        help_text=gettext_lazy("Wanneer een worker voor het laatst aan het document begon."),
    )
    finished_at = models.DateTimeField(
        gettext_lazy("gereed op"),
        null=True,
        blank=True,
        help_text=gettext_lazy("Wanneer het document klaar was."),
    )
    version = models.PositiveIntegerField(
        gettext_lazy("versie"),
        null=True,
        blank=True,
        help_text=gettext_lazy("Versie van het document; 1 is de eerste."),
    )
    superseded = models.BooleanField(
        gettext_lazy("vervangen"),
        default=False,
        help_text=gettext_lazy("Er is een nieuwere versie van dit document."),
    )
    sha256 = models.CharField(
        gettext_lazy("SHA-256"),
        max_length=64,
        blank=True,
        help_text=gettext_lazy(
            "Controlegetal van het bestand, om te bewijzen dat het niet is gewijzigd."
        ),
    )

    class Meta:
        abstract = True

    @property
    def is_pending(self) -> bool:
        return self.state in PENDING_STATES

    @property
    def is_done(self) -> bool:
        return self.state == JobState.DONE and bool(self.file)

    @property
    def progress(self) -> int:
        """A coarse percentage for the progress bar."""
        return {
            JobState.QUEUED: 10,
            JobState.RENDERING: 50,
            JobState.DONE: 100,
            JobState.FAILED: 100,
        }[self.state]


def job_constraints(
    prefix: str, *, document: list[str], already_pending
) -> list[models.BaseConstraint]:
    """The invariants of a kind of job, named `<prefix>_...`: one pending job and one row per
    version for each document (the `document` fields), and what a done or failed job has."""
    return [
        # Identical requests made at the same time produce one job, not two.
        models.UniqueConstraint(
            fields=document,
            condition=Q(state__in=PENDING_STATES),
            name=f"{prefix}_one_pending_job",
            violation_error_message=already_pending,
        ),
        models.UniqueConstraint(fields=[*document, "version"], name=f"{prefix}_version_unique"),
        models.CheckConstraint(
            condition=~Q(state=JobState.DONE)
            | (Q(version__isnull=False) & ~Q(file="") & ~Q(sha256="")),
            name=f"{prefix}_done_has_file",
        ),
        models.CheckConstraint(
            condition=~Q(state=JobState.FAILED) | ~Q(failure_reason=""),
            name=f"{prefix}_failed_has_reason",
        ),
    ]


@dataclass(frozen=True)
class JobKind:
    """What the mechanism needs to know of one kind of job."""

    model: type[RenderJob]
    # Dotted path of the Celery task that renders one job (imported when queueing).
    task: str
    # The fields that name the document whose versions the jobs are (a council and period, a
    # meeting): at most one pending job and one current version per document.
    document_fields: tuple[str, ...]
    # Called with the frozen job inside the transaction that freezes it (e.g. to announce it
    # by e-mail once that transaction commits).
    on_done: Callable[[RenderJob], None] | None = None

    @property
    def already_pending(self) -> str:
        """Refusal when the document already has a pending job (the constraint's message)."""
        [constraint] = [
            c for c in self.model._meta.constraints if c.name.endswith("_one_pending_job")
        ]
        return constraint.violation_error_message

    def document(self, job) -> dict:
        return {field: getattr(job, field) for field in self.document_fields}

    def siblings(self, job) -> models.QuerySet:
        return self.model.objects.filter(**self.document(job))


def queue_render(kind: JobKind, job_id: int, queue: str | None = None) -> None:
    """Send the job to a worker once the transaction that made it commits."""
    task = import_string(kind.task)
    options = {"queue": queue} if queue else {}
    transaction.on_commit(lambda: task.apply_async(args=[job_id], **options))


def is_stuck(job: RenderJob, *, now=None) -> bool:
    """Queued longer than REPORT_QUEUED_DEADLINE (the broker lost its task, or no worker takes
    it), or rendering longer than the hard time limit (its worker died)."""
    now = now or timezone.now()
    if job.state == JobState.QUEUED and job.requested_at:
        return now - job.requested_at > datetime.timedelta(seconds=settings.REPORT_QUEUED_DEADLINE)
    if job.state == JobState.RENDERING and job.started_at:
        return now - job.started_at > datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    return False


def can_retry(job: RenderJob) -> bool:
    """Failed jobs may be retried at once; so may a stuck one."""
    return job.state == JobState.FAILED or is_stuck(job)


@transaction.atomic
def retry(kind: JobKind, job: RenderJob, *, queue: str | None = None) -> RenderJob:
    """Queue a failed (or abandoned) job again."""
    write_lock()
    job = kind.model.objects.select_for_update().get(pk=job.pk)
    if not can_retry(job):
        raise ValidationError(_("Dit document kan nu niet opnieuw worden gemaakt."))
    job.state = JobState.QUEUED
    job.failure_reason = ""
    job.requested_at = timezone.now()
    job.started_at = None
    try:
        with transaction.atomic():
            job.save(update_fields=["state", "failure_reason", "requested_at", "started_at"])
    except IntegrityError as error:
        raise ValidationError(kind.already_pending) from error
    queue_render(kind, job.pk, queue)
    return job


def requeue_or_fail(kind: JobKind, job: RenderJob, *, now, queue=None) -> bool:
    """Queue a stuck job (locked by the caller, after `write_lock`) again, or fail it after
    REPORT_MAX_REQUEUES. Returns True when it failed."""
    if job.requeues >= settings.REPORT_MAX_REQUEUES:
        with override("nl"):
            job.failure_reason = _(
                "Het document bleef steeds hangen (in de wachtrij of tijdens het maken) "
                "en is na %(n)s keer opnieuw proberen gestopt. Probeer het later opnieuw "
                "of laat de beheerder kijken of de achtergrondverwerking draait."
            ) % {"n": job.requeues}
        job.state = JobState.FAILED
        job.finished_at = now
        job.save(update_fields=["state", "failure_reason", "finished_at", "updated_at"])
        return True
    job.state = JobState.QUEUED
    job.requeues += 1
    job.requested_at = now
    job.started_at = None
    job.save(update_fields=["state", "requeues", "requested_at", "started_at", "updated_at"])
    queue_render(kind, job.pk, queue)
    return False


def requeue_stuck(kind: JobKind, *, queue: str | None = None) -> tuple[int, int]:
    """Re-queue this kind's jobs stuck in the queue or in rendering past their deadline, at most
    REPORT_MAX_REQUEUES times; after that mark them failed. Returns (requeued, failed)."""
    now = timezone.now()
    queued_deadline = now - datetime.timedelta(seconds=settings.REPORT_QUEUED_DEADLINE)
    rendering_deadline = now - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    requeued = failed = 0
    with transaction.atomic():
        write_lock()
        stuck = kind.model.objects.select_for_update(skip_locked=True).filter(
            Q(state=JobState.QUEUED, requested_at__lt=queued_deadline)
            | Q(state=JobState.RENDERING, started_at__lt=rendering_deadline)
        )
        for job in stuck:
            if requeue_or_fail(kind, job, now=now, queue=queue):
                failed += 1
            else:
                requeued += 1
    return requeued, failed


def next_version(kind: JobKind, job: RenderJob) -> int:
    """The document's next version. Only one job per document can be rendering (a partial
    unique index), so nobody else can take this number meanwhile."""
    highest = kind.siblings(job).aggregate(highest=Max("version"))["highest"]
    return (highest or 0) + 1


# --- The worker side -------------------------------------------------------------------------
def start(kind: JobKind, job_id: int, *, related=()) -> RenderJob | None:
    """Claim the job; None when there is nothing to do (done already, failed, or gone)."""
    with transaction.atomic():
        write_lock()
        job = (
            kind.model.objects.select_for_update(of=("self",))
            .select_related(*related)
            .filter(pk=job_id)
            .first()
        )
        if job is None or job.state not in PENDING_STATES:
            return None
        job.state = JobState.RENDERING
        job.attempts += 1
        job.started_at = timezone.now()
        job.save(update_fields=["state", "attempts", "started_at", "updated_at"])
        return job


class DocumentError(Exception):
    """A render failed for a reason that can be told to the user as it is (in Dutch)."""


def failure_reason(error: BaseException) -> str:
    with override("nl"):
        if isinstance(error, DocumentError):
            return str(error)
        if isinstance(error, SoftTimeLimitExceeded):
            return _("Het maken van de PDF duurde te lang en is afgebroken.")
        if isinstance(error, OSError):
            return _("De PDF kon niet worden opgeslagen (schijf vol of geen schrijfrechten).")
        return _("Er ging onverwacht iets mis bij het maken van de PDF.")


def mark_failed(kind: JobKind, job_id: int, error: BaseException) -> None:
    with override("nl"):
        attempts_note = _("Geprobeerd: %(n)s keer.")
    with transaction.atomic():
        write_lock()
        kind.model.objects.filter(pk=job_id, state__in=PENDING_STATES).update(
            state=JobState.FAILED,
            failure_reason=f"{failure_reason(error)} "
            + attempts_note % {"n": kind.model.objects.get(pk=job_id).attempts},
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )


@dataclass(frozen=True)
class Rendered:
    """What a render produced: the version it took, the stored file and its checksum, and any
    further fields of the job to fill in (a snapshot, a moment of the data)."""

    version: int
    name: str
    sha256: str
    fields: dict


def finish(kind: JobKind, job: RenderJob, rendered: Rendered) -> None:
    """Freeze the job as `rendered`; the document's earlier current version is superseded."""
    with transaction.atomic():
        write_lock()
        locked = kind.model.objects.select_for_update().get(pk=job.pk)
        if locked.state != JobState.RENDERING:
            return
        kind.siblings(locked).filter(state=JobState.DONE, superseded=False).update(
            superseded=True, updated_at=timezone.now()
        )
        locked.state = JobState.DONE
        locked.version = rendered.version
        locked.file.name = rendered.name
        locked.sha256 = rendered.sha256
        for field, value in rendered.fields.items():
            setattr(locked, field, value)
        locked.finished_at = timezone.now()
        locked.failure_reason = ""
        locked.save()
        if kind.on_done is not None:
            kind.on_done(locked)


def run(task, kind: JobKind, job_id: int, render: Callable[[RenderJob], Rendered], *, related=()):
    """A render task's body: claim, render, retry a failure (MAX_RETRIES) or record it, freeze.
    `task` is the bound Celery task; a done, failed or missing job is left alone."""
    job = start(kind, job_id, related=related)
    if job is None:
        return
    try:
        rendered = render(job)
    except Exception as error:
        logger.exception("%s %s failed (attempt %s)", kind.model.__name__, job_id, job.attempts)
        if task.request.retries < task.max_retries and not task.request.called_directly:
            with transaction.atomic():
                write_lock()
                kind.model.objects.filter(pk=job_id, state=JobState.RENDERING).update(
                    state=JobState.QUEUED, updated_at=timezone.now()
                )
            raise task.retry(
                exc=error, countdown=RETRY_DELAY_SECONDS * (task.request.retries + 1)
            ) from error
        mark_failed(kind, job_id, error)
        return
    finish(kind, job, rendered)
