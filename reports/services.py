"""Writes for council reports: requesting, retrying and finishing report jobs."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.models import Organisation, User
from reports.models import (
    PENDING_STATES,
    CouncilReport,
    CouncilReportState,
    ReportDownload,
    ReportRequest,
)


def _queue_render(report_id: int, queue: str | None) -> None:
    from reports.tasks import render_council_report

    options = {"queue": queue} if queue else {}
    transaction.on_commit(lambda: render_council_report.apply_async(args=[report_id], **options))


@transaction.atomic
def report_request_create(
    *,
    councils: list[Organisation],
    period_kind: str,
    period_start: datetime.date,
    period_end: datetime.date,
    acting_user: User,
    queue: str | None = None,
) -> tuple[ReportRequest, list[CouncilReport]]:
    """Request a report per council; a council already being reported on for the same period
    keeps its running job instead of getting a second one."""
    if not councils:
        raise ValidationError(_("Kies ten minste één gemeente."))
    if any(not council.has_council for council in councils):
        raise ValidationError(_("Alleen gemeenten met een gemeenteraad krijgen een rapportage."))
    request = ReportRequest(
        period_kind=period_kind,
        period_start=period_start,
        period_end=period_end,
        requested_by=acting_user,
    )
    request.full_clean()
    request.save()
    # Lock the councils (in a fixed order, so two requests cannot deadlock): a concurrent
    # identical request waits here and then finds this request's job.
    locked = list(
        Organisation.objects.select_for_update()
        .filter(pk__in=[council.pk for council in councils])
        .order_by("pk")
    )
    now = timezone.now()
    reports = []
    for council in locked:
        pending = CouncilReport.objects.filter(
            council=council,
            period_start=period_start,
            period_end=period_end,
            state__in=PENDING_STATES,
        ).first()
        if pending is not None and council_report_is_stuck(pending, now=now):
            # Never attach to a job that has not moved within its deadline: queue it again now
            # (the sweep would, later), or fail it when it has been re-queued enough.
            pending = CouncilReport.objects.select_for_update().get(pk=pending.pk)
            if _requeue_or_fail(pending, now=now, queue=queue):
                pending = None  # failed: a new job below
        if pending is not None:
            reports.append(pending)
            continue
        report = CouncilReport(
            request=request,
            council=council,
            period_kind=period_kind,
            period_start=period_start,
            period_end=period_end,
            requested_by=acting_user,
            requested_at=now,
        )
        report.full_clean(validate_constraints=False)
        try:
            # The partial unique index is the last word if anything bypassed the lock.
            with transaction.atomic():
                report.save()
        except IntegrityError:
            reports.append(
                CouncilReport.objects.get(
                    council=council,
                    period_start=period_start,
                    period_end=period_end,
                    state__in=PENDING_STATES,
                )
            )
            continue
        _queue_render(report.pk, queue)
        reports.append(report)
    return request, reports


@transaction.atomic
def council_report_retry(
    *, report: CouncilReport, acting_user: User, queue: str | None = None
) -> CouncilReport:
    """Queue a failed (or abandoned) report again."""
    report = CouncilReport.objects.select_for_update().get(pk=report.pk)
    if not council_report_can_retry(report):
        raise ValidationError(_("Deze rapportage kan nu niet opnieuw worden gemaakt."))
    report.state = CouncilReportState.QUEUED
    report.failure_reason = ""
    report.requested_at = timezone.now()
    report.started_at = None
    try:
        with transaction.atomic():
            report.save(update_fields=["state", "failure_reason", "requested_at", "started_at"])
    except IntegrityError as error:
        raise ValidationError(
            _("Voor deze gemeente en periode wordt al een rapportage gemaakt.")
        ) from error
    _queue_render(report.pk, queue)
    return report


def council_report_can_retry(report: CouncilReport) -> bool:
    """Failed jobs may be retried at once; so may a stuck one (council_report_is_stuck)."""
    return report.state == CouncilReportState.FAILED or council_report_is_stuck(report)


def council_report_is_stuck(report: CouncilReport, *, now=None) -> bool:
    """Queued longer than REPORT_QUEUED_DEADLINE (the broker lost its task, or no worker takes
    it), or rendering longer than the hard time limit (its worker died)."""
    from django.conf import settings

    now = now or timezone.now()
    if report.state == CouncilReportState.QUEUED and report.requested_at:
        return now - report.requested_at > datetime.timedelta(
            seconds=settings.REPORT_QUEUED_DEADLINE
        )
    if report.state == CouncilReportState.RENDERING and report.started_at:
        return now - report.started_at > datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    return False


def council_reports_requeue_stuck(*, queue: str | None = None) -> tuple[int, int]:
    """Re-queue jobs stuck in the queue or in rendering past their deadline, at most
    REPORT_MAX_REQUEUES times; after that mark them failed. Returns (requeued, failed).

    A job is stuck when the broker lost its task (queued too long) or its worker died (rendering
    longer than a task may run). Run by beat (reports.requeue_stuck).
    """
    from django.conf import settings

    now = timezone.now()
    queued_deadline = now - datetime.timedelta(seconds=settings.REPORT_QUEUED_DEADLINE)
    rendering_deadline = now - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    requeued = failed = 0
    with transaction.atomic():
        stuck = CouncilReport.objects.select_for_update(skip_locked=True).filter(
            Q(state=CouncilReportState.QUEUED, requested_at__lt=queued_deadline)
            | Q(state=CouncilReportState.RENDERING, started_at__lt=rendering_deadline)
        )
        for report in stuck:
            if _requeue_or_fail(report, now=now, queue=queue):
                failed += 1
            else:
                requeued += 1
    return requeued, failed


def _requeue_or_fail(report: CouncilReport, *, now, queue) -> bool:
    """Queue a stuck job (locked by the caller) again, or fail it after REPORT_MAX_REQUEUES.
    Returns True when it failed."""
    from django.conf import settings

    if report.requeues >= settings.REPORT_MAX_REQUEUES:
        with override("nl"):
            report.failure_reason = _(
                "De rapportage bleef steeds hangen (in de wachtrij of tijdens het maken) "
                "en is na %(n)s keer opnieuw proberen gestopt. Probeer het later opnieuw "
                "of laat de beheerder kijken of de achtergrondverwerking draait."
            ) % {"n": report.requeues}
        report.state = CouncilReportState.FAILED
        report.finished_at = now
        report.save(update_fields=["state", "failure_reason", "finished_at", "updated_at"])
        return True
    report.state = CouncilReportState.QUEUED
    report.requeues += 1
    report.requested_at = now
    report.started_at = None
    report.save(update_fields=["state", "requeues", "requested_at", "started_at", "updated_at"])
    _queue_render(report.pk, queue)
    return False


def next_version(*, council: Organisation, period_start, period_end) -> int:
    highest = CouncilReport.objects.filter(
        council=council, period_start=period_start, period_end=period_end
    ).aggregate(highest=Max("version"))["highest"]
    return (highest or 0) + 1


@transaction.atomic
def report_download_record(*, report: CouncilReport, acting_user: User) -> ReportDownload:
    """Log that `acting_user` downloaded this version of the report."""
    return ReportDownload.objects.create(report=report, user=acting_user, version=report.version)


@transaction.atomic
def request_zip(*, reports: list[CouncilReport], names: list[str], acting_user: User):
    """One zip of `reports` (stored, not recompressed: PDFs are compressed already), as a
    temporary file ready to stream; every report's download is logged."""
    import tempfile
    import zipfile

    # Handed open to the response, which streams and closes it.
    archive = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as bundle:
        for report, name in zip(reports, names, strict=True):
            with report.file.open("rb") as source:
                bundle.writestr(name, source.read())
    for report in reports:
        report_download_record(report=report, acting_user=acting_user)
    archive.seek(0)
    return archive
