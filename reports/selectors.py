"""Reads for council reports, scoped to what the user may see."""

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from core.models import Organisation
from reports import jobs
from reports.models import (
    CouncilReport,
    CouncilReportState,
    MeetingPack,
    ReportListVisit,
    ReportRequest,
)

RECENT_REQUESTS = 5


def council_report_list(*, user) -> QuerySet[CouncilReport]:
    """Reports the user may see: programme staff all, a griffier their own council's."""
    return (
        CouncilReport.objects.visible_to(user)
        .select_related("council", "requested_by")
        .defer("snapshot")  # the frozen data behind the PDF: large, and no list shows it
        .order_by("-period_start", "council__short_name", "-requested_at")
    )


def any_pending(*, user) -> bool:
    """Whether a report the user may see is queued or being made. One query."""
    return CouncilReport.objects.visible_to(user).filter(state__in=jobs.PENDING_STATES).exists()


def council_choices() -> QuerySet[Organisation]:
    """The councils a report can be requested for: municipalities that are members today."""
    return (
        Organisation.objects.with_council().members_on(timezone.localdate()).order_by("short_name")
    )


def report_request_list(*, user, limit: int = RECENT_REQUESTS) -> list[ReportRequest]:
    """The latest requests with how many of their reports are ready: programme staff only
    (a request spans councils), in one query."""
    if not user.has_perm("reports.see_all_council_reports"):
        return []
    return list(
        ReportRequest.objects.select_related("requested_by")
        .defer("shared_parts")  # the chapters computed once per request: large, not listed
        .annotate(
            report_count=Count("reports"),
            ready_count=Count("reports", filter=Q(reports__state=CouncilReportState.DONE)),
        )
        .order_by("-created_at", "-pk")[:limit]
    )


def request_ready_reports(*, user, report_request: ReportRequest) -> list[CouncilReport]:
    """The request's finished reports the user may download, one per council."""
    return list(
        council_report_list(user=user)
        .filter(request=report_request, state=CouncilReportState.DONE)
        .exclude(file="")
        .order_by("council__short_name")
    )


# --- 'Actie nodig' (reports/action_needed.py): one query each ------------------------------------


def latest_issued_report(*, user) -> CouncilReport | None:
    """The newest issued report the user may see (a griffier: their council's)."""
    return (
        CouncilReport.objects.visible_to(user)
        .filter(state=CouncilReportState.DONE, superseded=False)
        .select_related("council")
        .order_by("-period_end", "-finished_at", "-pk")
        .first()
    )


def issued_since_last_visit(*, user) -> QuerySet[CouncilReport]:
    """Reports (every version) issued after the user last opened the reports' list; all of
    them when they never did. Newest first."""
    last_visit = ReportListVisit.objects.filter(user=user).values("visited_at")[:1]
    return (
        CouncilReport.objects.visible_to(user)
        .filter(state=CouncilReportState.DONE)
        .alias(last_visit=Subquery(last_visit))
        .filter(Q(last_visit__isnull=True) | Q(finished_at__gt=F("last_visit")))
        .select_related("council")
        .order_by("-finished_at", "-pk")
    )


def councils_without_report(*, start, end) -> QuerySet[Organisation]:
    """Councils that were members on the period's last day and have no report over exactly
    that period that was issued or is being made (failed jobs do not count)."""
    covered = CouncilReport.objects.filter(
        council=OuterRef("pk"), period_start=start, period_end=end
    ).exclude(state=CouncilReportState.FAILED)
    return (
        Organisation.objects.with_council()
        .members_on(end)
        .exclude(Exists(covered))
        .order_by("short_name")
    )


def failed_reports(*, user) -> QuerySet[CouncilReport]:
    """Report jobs that failed and were not retried, newest first."""
    return (
        CouncilReport.objects.visible_to(user)
        .filter(state=CouncilReportState.FAILED)
        .select_related("council")
        .order_by("-requested_at", "-pk")
    )


# A meeting's page lists at most this many versions of its pack.
PACK_VERSIONS_SHOWN = 10


def meeting_pack_panel(*, user, meeting) -> dict | None:
    """The meeting pack's panel on the meeting page: its versions the user may read, newest
    first, the job being made, and whether the user may have a new one made; None when the
    user may neither read a pack nor request one. Two queries."""
    may_request = user.has_perm("reports.request_meeting_pack", meeting)
    packs = list(
        MeetingPack.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("requested_by")
        .order_by("-requested_at", "-pk")[:PACK_VERSIONS_SHOWN]
    )
    if not packs and not may_request:
        return None
    for pack in packs:
        pack.can_retry = may_request and jobs.can_retry(pack)
    return {
        "meeting": meeting,
        "packs": packs,
        "pending": any(pack.is_pending for pack in packs),
        "may_request": may_request,
    }


def current_meeting_pack(*, user, meeting) -> MeetingPack | None:
    """The newest finished pack of `meeting` the user may read, or None. One query."""
    return (
        MeetingPack.objects.visible_to(user)
        .filter(meeting=meeting, state=jobs.JobState.DONE)
        .exclude(file="")
        .order_by("-version", "-pk")
        .first()
    )
