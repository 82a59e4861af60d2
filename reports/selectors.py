"""Reads for council reports, scoped to what the user may see."""

from django.db.models import QuerySet
from django.utils import timezone

from core.models import Organisation
from reports.models import CouncilReport


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
