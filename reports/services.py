"""Writes for council reports: requesting, retrying and finishing report jobs."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Organisation, User
from governance.models import Meeting
from reports import jobs
from reports.jobs import PENDING_STATES
from reports.models import (
    CouncilReport,
    MeetingPack,
    ReportDownload,
    ReportListVisit,
    ReportRequest,
)
from reports.notifications import report_ready_announce

COUNCIL_REPORTS = jobs.JobKind(
    model=CouncilReport,
    task="reports.tasks.render_council_report",
    document_fields=("council_id", "period_start", "period_end"),
    # The council's griffiers and the requester hear that the report is ready.
    on_done=lambda report: report_ready_announce(report=report),
)


def _queue_render(report_id: int, queue: str | None) -> None:
    jobs.queue_render(COUNCIL_REPORTS, report_id, queue)


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
    # Lock the councils (in a fixed order, so two requests cannot deadlock): a concurrent
    # identical request waits here and then finds this request's job. Then the jobs' write
    # lock (reports/jobs.py: rows of other apps first).
    locked = list(
        Organisation.objects.select_for_update()
        .filter(pk__in=[council.pk for council in councils])
        .order_by("pk")
    )
    jobs.write_lock()
    request.save()
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


def council_report_retry(
    *, report: CouncilReport, acting_user: User, queue: str | None = None
) -> CouncilReport:
    """Queue a failed (or abandoned) report again."""
    return jobs.retry(COUNCIL_REPORTS, report, queue=queue)


council_report_can_retry = jobs.can_retry
council_report_is_stuck = jobs.is_stuck


def council_reports_requeue_stuck(*, queue: str | None = None) -> tuple[int, int]:
    """Re-queue council reports stuck in the queue or in rendering (see jobs.requeue_stuck)."""
    return jobs.requeue_stuck(COUNCIL_REPORTS, queue=queue)


def _requeue_or_fail(report: CouncilReport, *, now, queue) -> bool:
    return jobs.requeue_or_fail(COUNCIL_REPORTS, report, now=now, queue=queue)


def next_version(*, council: Organisation, period_start, period_end) -> int:
    return jobs.next_version(
        COUNCIL_REPORTS,
        CouncilReport(council=council, period_start=period_start, period_end=period_end),
    )


@transaction.atomic
def report_download_record(*, report: CouncilReport, acting_user: User) -> ReportDownload:
    """Log that `acting_user` downloaded this version of the report."""
    return ReportDownload.objects.create(report=report, user=acting_user, version=report.version)


def report_list_visit_record(*, acting_user: User) -> None:
    """Remember that `acting_user` opened the reports' list now (one upsert): reports issued
    later show as new on their home page."""
    ReportListVisit.objects.bulk_create(
        [ReportListVisit(user=acting_user, visited_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["user"],
        update_fields=["visited_at"],
    )


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


# --- Meeting packs ---------------------------------------------------------------------------
MEETING_PACKS = jobs.JobKind(
    model=MeetingPack,
    task="reports.tasks.render_meeting_pack",
    document_fields=("meeting_id",),
)


@transaction.atomic
def meeting_pack_request(
    *, meeting: Meeting, acting_user: User, queue: str | None = None
) -> MeetingPack:
    """Have the meeting's papers put together as one PDF (the next version); while a pack for
    the meeting is being made, that job is returned instead of a second one."""
    if not acting_user.has_perm("reports.request_meeting_pack", meeting):
        raise PermissionDenied("reports.request_meeting_pack")
    # Two requests for the same meeting queue one after the other here.
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    jobs.write_lock()  # after the meeting's row (reports/jobs.py)
    now = timezone.now()
    pending = MeetingPack.objects.filter(meeting=meeting, state__in=PENDING_STATES).first()
    if pending is not None and jobs.is_stuck(pending, now=now):
        pending = MeetingPack.objects.select_for_update().get(pk=pending.pk)
        if jobs.requeue_or_fail(MEETING_PACKS, pending, now=now, queue=queue):
            pending = None  # failed: a new job below
    if pending is not None:
        return pending
    pack = MeetingPack(meeting=meeting, requested_by=acting_user, requested_at=now)
    pack.full_clean(validate_constraints=False)
    pack.save()
    jobs.queue_render(MEETING_PACKS, pack.pk, queue)
    return pack


def meeting_pack_retry(*, pack: MeetingPack, acting_user: User, queue: str | None = None):
    """Queue a failed (or abandoned) pack again."""
    if not acting_user.has_perm("reports.request_meeting_pack", pack.meeting):
        raise PermissionDenied("reports.request_meeting_pack")
    return jobs.retry(MEETING_PACKS, pack, queue=queue)


def meeting_packs_requeue_stuck(*, queue: str | None = None) -> tuple[int, int]:
    """Re-queue meeting packs stuck in the queue or in rendering (see jobs.requeue_stuck)."""
    return jobs.requeue_stuck(MEETING_PACKS, queue=queue)
