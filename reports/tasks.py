"""The worker side of council reports: render one council's PDF from its job row."""

import datetime
import logging

from celery import shared_task
from celery.signals import worker_init
from django.db import transaction
from django.utils import timezone

from core import reporting
from reports import jobs, pdf
from reports.models import CouncilReport, ReportRequest
from reports.services import COUNCIL_REPORTS, MEETING_PACKS

logger = logging.getLogger(__name__)

# The parts a request's reports share are reused for this long; a job run later (a retry)
# computes them afresh, so a report never mixes old programme data with new council data.
SHARED_PARTS_MAX_AGE = datetime.timedelta(minutes=10)


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


def snapshot_with_shared_parts(*, report: CouncilReport, version: int) -> dict:
    """The report's snapshot, with what it shares with the request's other councils computed
    only once. The first council's job computes those parts under a lock on the request row
    and keeps them there; the others wait for that lock, then build their own snapshot from
    the kept parts without holding it, so they run side by side. Parts older than
    SHARED_PARTS_MAX_AGE (a retry much later) are computed afresh."""
    # No `jobs.write_lock()` first: it would hold every writer of jobs for the whole snapshot.
    # Only these tasks lock a request's row, and they write nothing before it.
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


def render_report(report: CouncilReport) -> jobs.Rendered:
    """Snapshot, HTML, PDF and file for a claimed job."""
    version = jobs.next_version(COUNCIL_REPORTS, report)
    snapshot = snapshot_with_shared_parts(report=report, version=version)
    html = pdf.render_html(snapshot)
    content = pdf.render_pdf_bytes(html)
    name = (
        f"rapportages/{report.council.slug}/voortgangsrapportage-{report.council.slug}-"
        f"{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}-v{version}.pdf"
    )
    sha256 = pdf.write_atomically(name=name, content=content)
    return jobs.Rendered(
        version=version,
        name=name,
        sha256=sha256,
        fields={"snapshot": snapshot, "data_as_of": snapshot["data_as_of"]},
    )


@shared_task(bind=True, name="reports.render_council_report", max_retries=jobs.MAX_RETRIES)
def render_council_report(self, report_id: int) -> None:
    """Render and archive one council's report; a done, failed or missing job is left alone."""
    jobs.run(self, COUNCIL_REPORTS, report_id, render_report, related=("council", "requested_by"))


@shared_task(bind=True, name="reports.render_meeting_pack", max_retries=jobs.MAX_RETRIES)
def render_meeting_pack(self, pack_id: int) -> None:
    """Put a meeting's papers together as one frozen PDF; a done, failed or missing job is
    left alone."""
    from reports.meeting_pack import render_pack

    jobs.run(self, MEETING_PACKS, pack_id, render_pack, related=("meeting", "requested_by"))


@shared_task(name="reports.requeue_stuck")
def requeue_stuck_reports() -> tuple[int, int]:
    """Beat's sweep over render jobs (council reports, meeting packs) stuck in the queue or in
    rendering (see jobs.requeue_stuck)."""
    requeued = failed = 0
    for kind in (COUNCIL_REPORTS, MEETING_PACKS):
        kind_requeued, kind_failed = jobs.requeue_stuck(kind)
        if kind_requeued or kind_failed:
            logger.warning(
                "Stuck %s: %s re-queued, %s failed",
                kind.model._meta.verbose_name_plural,
                kind_requeued,
                kind_failed,
            )
        requeued += kind_requeued
        failed += kind_failed
    return requeued, failed
