"""The worker side of council reports: render one council's PDF from its job row."""

import datetime
import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_init
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core import reporting
from reports import pdf
from reports.models import PENDING_STATES, CouncilReport, CouncilReportState, ReportRequest
from reports.services import next_version

logger = logging.getLogger(__name__)

# The parts a request's reports share are reused for this long; a job run later (a retry)
# computes them afresh, so a report never mixes old programme data with new council data.
SHARED_PARTS_MAX_AGE = datetime.timedelta(minutes=10)

# A failed render is tried this many more times, after RETRY_DELAY_SECONDS × attempt.
MAX_RETRIES = 2
RETRY_DELAY_SECONDS = 1


@worker_init.connect
def warm_up_renderer(**_kwargs) -> None:
    """Load WeasyPrint, its fonts and matplotlib once when a worker starts (before its pool
    forks), instead of in the first report of every process: seconds on a busy machine."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib.backends import backend_svg  # noqa: F401  (what core.charts draws with)
        from matplotlib.figure import Figure  # noqa: F401

        pdf.render_pdf_bytes(
            '<html lang="nl"><head><title>-</title></head><body><p>-</p></body></html>'
        )
    except Exception:  # a cold start is slower, never broken
        logger.exception("Warming up the report renderer failed")


def _start(report_id: int) -> CouncilReport | None:
    """Claim the job; None when there is nothing to do (done already, failed, or gone)."""
    with transaction.atomic():
        report = (
            CouncilReport.objects.select_for_update()
            .select_related("council", "requested_by")
            .filter(pk=report_id)
            .first()
        )
        if report is None or report.state not in PENDING_STATES:
            return None
        report.state = CouncilReportState.RENDERING
        report.attempts += 1
        report.started_at = timezone.now()
        report.save(update_fields=["state", "attempts", "started_at", "updated_at"])
        return report


def _failure_reason(error: BaseException) -> str:
    with override("nl"):
        if isinstance(error, pdf.SectionRenderError):
            return _(
                "Het onderdeel ‘%(title)s’ kon niet worden opgemaakt. De gegevens van dat "
                "onderdeel passen niet bij de opmaak; laat de beheerder ernaar kijken en "
                "probeer het daarna opnieuw."
            ) % {"title": error.title}
        if isinstance(error, SoftTimeLimitExceeded):
            return _("Het maken van de PDF duurde te lang en is afgebroken.")
        if isinstance(error, OSError):
            return _("De PDF kon niet worden opgeslagen (schijf vol of geen schrijfrechten).")
        return _("Er ging onverwacht iets mis bij het maken van de PDF.")


def _mark_failed(report_id: int, error: BaseException) -> None:
    with override("nl"):
        attempts_note = _("Geprobeerd: %(n)s keer.")
    CouncilReport.objects.filter(pk=report_id, state__in=PENDING_STATES).update(
        state=CouncilReportState.FAILED,
        failure_reason=f"{_failure_reason(error)} "
        + attempts_note % {"n": CouncilReport.objects.get(pk=report_id).attempts},
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


def _finish(report: CouncilReport, *, version: int, name: str, sha256: str, snapshot) -> None:
    with transaction.atomic():
        locked = CouncilReport.objects.select_for_update().get(pk=report.pk)
        if locked.state != CouncilReportState.RENDERING:
            return
        CouncilReport.objects.filter(
            council_id=locked.council_id,
            period_start=locked.period_start,
            period_end=locked.period_end,
            state=CouncilReportState.DONE,
            superseded=False,
        ).update(superseded=True, updated_at=timezone.now())
        locked.state = CouncilReportState.DONE
        locked.version = version
        locked.file.name = name
        locked.sha256 = sha256
        locked.snapshot = snapshot
        locked.data_as_of = snapshot["data_as_of"]
        locked.finished_at = timezone.now()
        locked.failure_reason = ""
        locked.save()


def snapshot_with_shared_parts(*, report: CouncilReport, version: int) -> dict:
    """The report's snapshot, with what it shares with the request's other councils computed
    only once. The first council's job computes those parts under a lock on the request row
    and keeps them there; the others wait for that lock, then build their own snapshot from
    the kept parts without holding it, so they run side by side. Parts older than
    SHARED_PARTS_MAX_AGE (a retry much later) are computed afresh."""
    with transaction.atomic():
        request = ReportRequest.objects.select_for_update().get(pk=report.request_id)
        now = timezone.now()
        if request.shared_as_of is not None and (
            now - request.shared_as_of <= SHARED_PARTS_MAX_AGE
        ):
            parts, data_as_of = request.shared_parts, request.shared_as_of
        else:
            shared = reporting.SharedWork()
            snapshot = pdf.build_snapshot(
                report=report, version=version, data_as_of=now, shared=shared
            )
            # Kept only for the request's other councils: a request for one council has none.
            if shared.computed and request.reports.count() > 1:
                request.shared_parts = shared.values
                request.shared_as_of = now
                request.save(update_fields=["shared_parts", "shared_as_of", "updated_at"])
            return snapshot
    return pdf.build_snapshot(
        report=report, version=version, data_as_of=data_as_of, shared=reporting.SharedWork(parts)
    )


def render_report(report: CouncilReport) -> tuple[int, str, str, dict]:
    """Snapshot, HTML, PDF and file for a claimed job: (version, file name, sha256, snapshot)."""
    # Only one job per council and period can be running (a partial unique index), so the
    # next version number cannot be taken by anyone else meanwhile.
    version = next_version(
        council=report.council, period_start=report.period_start, period_end=report.period_end
    )
    snapshot = snapshot_with_shared_parts(report=report, version=version)
    html = pdf.render_html(snapshot)
    content = pdf.render_pdf_bytes(html)
    name = (
        f"rapportages/{report.council.slug}/voortgangsrapportage-{report.council.slug}-"
        f"{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}-v{version}.pdf"
    )
    sha256 = pdf.write_atomically(name=name, content=content)
    return version, name, sha256, snapshot


@shared_task(bind=True, name="reports.render_council_report", max_retries=MAX_RETRIES)
def render_council_report(self, report_id: int) -> None:
    """Render and archive one council's report; a done, failed or missing job is left alone."""
    report = _start(report_id)
    if report is None:
        return
    try:
        version, name, sha256, snapshot = render_report(report)
    except Exception as error:
        logger.exception("Council report %s failed (attempt %s)", report_id, report.attempts)
        if self.request.retries < self.max_retries and not self.request.called_directly:
            CouncilReport.objects.filter(pk=report_id, state=CouncilReportState.RENDERING).update(
                state=CouncilReportState.QUEUED, updated_at=timezone.now()
            )
            raise self.retry(
                exc=error, countdown=RETRY_DELAY_SECONDS * (self.request.retries + 1)
            ) from error
        _mark_failed(report_id, error)
        return
    _finish(report, version=version, name=name, sha256=sha256, snapshot=snapshot)


@shared_task(name="reports.requeue_stuck")
def requeue_stuck_reports() -> tuple[int, int]:
    """Beat's sweep over report jobs stuck in the queue or in rendering (see the service)."""
    from reports.services import council_reports_requeue_stuck

    requeued, failed = council_reports_requeue_stuck()
    if requeued or failed:
        logger.warning("Stuck council reports: %s re-queued, %s failed", requeued, failed)
    return requeued, failed
