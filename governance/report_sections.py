"""Governance sections of a council's progress report (contract: core.reporting).

Only published status reports count, as they stood at the end of the period, so the report
reads the same however often it is regenerated.
"""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import reporting
from core.reporting import ReportSection
from governance.models import (
    Commitment,
    Decision,
    Milestone,
    MilestoneStatus,
    OverallStatus,
    Risk,
    RiskStatus,
    StatusReport,
    StatusReportState,
    Workstream,
)
from governance.selectors import trend

TOP_RISKS = 5
LOOK_AHEAD = datetime.timedelta(days=90)


def _end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def _iso(day):
    return day.isoformat() if day else None


@reporting.sections.register("governance")
def sections(*, council, period_start: datetime.date, period_end: datetime.date):
    workstreams = list(Workstream.objects.order_by("number"))
    reports = list(
        StatusReport.objects.filter(
            state=StatusReportState.PUBLISHED, published_at__lte=_end_of(period_end)
        ).order_by("published_at", "pk")
    )
    status_labels = dict(OverallStatus.choices)
    status_rows, next_steps = [], []
    for workstream in workstreams:
        own = [r for r in reports if r.workstream_id == workstream.pk]
        current = own[-1] if own else None
        previous = own[-2] if len(own) > 1 else None
        status_rows.append(
            {
                "number": workstream.number,
                "name": workstream.name,
                "status": current.overall_status if current else None,
                "status_label": str(status_labels[current.overall_status]) if current else None,
                "trend": trend(
                    current.overall_status if current else None,
                    previous.overall_status if previous else None,
                ),
                "summary": current.progress_summary if current else "",
                "report_period_end": _iso(current.period_end) if current else None,
            }
        )
        if current and current.next_steps:
            next_steps.append({"workstream": workstream.name, "text": current.next_steps})

    milestones = Milestone.objects.select_related("workstream").filter(
        Q(completed_on__range=(period_start, period_end))
        | Q(
            status__in=[MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS],
            due_date__lte=period_end + LOOK_AHEAD,
        )
    )
    reached = [
        {"workstream": m.workstream.name, "title": m.title, "date": _iso(m.completed_on)}
        for m in milestones.order_by("completed_on", "pk")
        if m.completed_on and period_start <= m.completed_on <= period_end
    ]
    due = [
        {
            "workstream": m.workstream.name,
            "title": m.title,
            "date": _iso(m.due_date),
            "overdue": m.due_date < period_end,
        }
        for m in milestones.order_by("due_date", "pk")
        if m.status in (MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS)
    ]
    decisions = [
        {
            "number": d.number,
            "date": _iso(d.decided_on),
            "text": d.text,
            "workstreams": [w.name for w in d.workstreams.all()],
        }
        for d in Decision.objects.filter(decided_on__range=(period_start, period_end))
        .prefetch_related("workstreams")
        .order_by("year", "sequence")
    ]
    commitments = [
        {
            "text": c.text,
            "made_by": c.made_by,
            "made_on": _iso(c.made_on),
            "due_date": _iso(c.due_date),
            "status": c.status,
            "status_label": c.get_status_display(),
            "workstream": c.workstream.name if c.workstream else None,
            "overdue": c.status == "open" and c.due_date < period_end,
        }
        for c in Commitment.objects.filter(council=council, made_on__lte=period_end)
        .select_related("workstream")
        .order_by("due_date", "pk")
    ]
    risks = [
        {
            "title": r.title,
            "workstream": r.workstream.name if r.workstream else None,
            "probability": r.probability,
            "impact": r.impact,
            "score": r.score,
            "mitigation": r.mitigation,
        }
        for r in Risk.objects.exclude(status=RiskStatus.CLOSED)
        .select_related("workstream")
        .order_by("-score", "pk")[:TOP_RISKS]
    ]
    return [
        ReportSection(
            key="governance_status",
            title=_("Stand van de werkstromen"),
            template="governance/report/status.html",
            order=10,
            data={"workstreams": status_rows, "reached": reached, "due": due},
        ),
        ReportSection(
            key="governance_decisions",
            title=_("Besluiten van de stuurgroep"),
            template="governance/report/decisions.html",
            order=20,
            data={"decisions": decisions},
        ),
        ReportSection(
            key="governance_commitments",
            title=_("Toezeggingen aan de raad"),
            template="governance/report/commitments.html",
            order=30,
            data={"council": council.name, "commitments": commitments},
        ),
        ReportSection(
            key="governance_risks",
            title=_("Belangrijkste risico's"),
            template="governance/report/risks.html",
            order=40,
            data={"risks": risks},
        ),
        ReportSection(
            key="governance_next_steps",
            title=_("Volgende stappen"),
            template="governance/report/next_steps.html",
            order=50,
            data={"next_steps": next_steps},
        ),
    ]
