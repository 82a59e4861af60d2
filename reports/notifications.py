"""The council report's e-mail: when a report is ready, its council's griffiers and whoever
requested it hear so (notifications app, queued once the job's transaction commits)."""

from django.urls import reverse

from core.models import Role, User
from notifications import events, services
from reports.models import CouncilReport


def report_ready_announce(*, report: CouncilReport) -> None:
    griffiers = User.objects.with_role(Role.GRIFFIER).filter(
        organisation_id=report.council_id, is_active=True
    )
    services.notify_on_commit(
        event=events.REPORT_READY.key,
        recipients=[*griffiers, report.requested_by],
        context={
            "council": report.council.name,  # "Gemeente Etten-Leur": the subject
            "council_short": report.council.short_name,  # "Etten-Leur": "de gemeenteraad van"
            "period_start": report.period_start,
            "period_end": report.period_end,
            "version": report.version,
            "url": reverse("reports:detail", args=[report.pk]),
        },
        key=f"{events.REPORT_READY.key}:{report.pk}",
    )
