"""Reads for council reports, scoped to what the user may see."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from core.models import Organisation
from reports.models import CouncilReport, CouncilReportState, ReportRequest

RECENT_REQUESTS = 5


def council_report_list(*, user) -> QuerySet[CouncilReport]:
    """Reports the user may see: programme staff all, a griffier their own council's."""
    return (
        CouncilReport.objects.visible_to(user)
        .select_related("council", "requested_by")
        .order_by("-period_start", "council__short_name", "-requested_at")
    )


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
