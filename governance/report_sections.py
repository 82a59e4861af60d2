"""Governance sections of a council's progress report (contract: core.reporting).

Only published status reports count, as they stood at the end of the period, so the report
reads the same however often it is regenerated. Whether something is late is judged on the
date of the report's data (`as_of`), never on the end of the period: a report issued on
28 November does not call a milestone due on 15 December late.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from core import reporting
from core.reporting import ReportSection
from governance.models import (
    OPEN_MILESTONE_STATUSES,
    Commitment,
    CommitmentStatus,
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


def milestone_state(milestone: Milestone, *, as_of: datetime.date) -> tuple[str, str]:
    """(code, Dutch word) of a milestone in a report: 'te laat' only when it is open and its
    due date lies before the data date; otherwise its own status (gepland, bezig, behaald)."""
    if milestone.is_overdue_on(as_of):
        return "late", _("te laat")
    return milestone.status, str(MilestoneStatus(milestone.status).label).lower()


def commitment_state(commitment: Commitment, *, as_of: datetime.date) -> tuple[str, str]:
    """(code, Dutch word) of a commitment in a report, late judged on the data date."""
    if commitment.is_overdue_on(as_of):
        return "late", _("te laat")
    return commitment.status, str(CommitmentStatus(commitment.status).label).lower()


def _milestone(m: Milestone, *, as_of: datetime.date) -> dict:
    state, label = milestone_state(m, as_of=as_of)
    return {
        "workstream": m.workstream.name,
        "workstream_number": m.workstream.number,
        "title": m.title,
        "date": _iso(m.completed_on or m.due_date),
        "state": state,
        "state_label": label,
        "overdue": state == "late",
        "slipped": m.has_slipped,
    }


def _programme(*, period_start, period_end, as_of) -> dict:
    """What every council's report says about the programme (shared by one request's reports)."""
    workstreams = list(Workstream.objects.select_related("lead_organisation").order_by("number"))
    reports = list(
        StatusReport.objects.filter(
            state=StatusReportState.PUBLISHED, published_at__lte=_end_of(period_end)
        ).order_by("published_at", "pk")
    )
    open_milestones = list(
        Milestone.objects.select_related("workstream")
        .filter(status__in=OPEN_MILESTONE_STATUSES)
        .order_by("due_date", "pk")
    )
    status_labels = dict(OverallStatus.choices)
    status_rows = []
    for workstream in workstreams:
        own = [r for r in reports if r.workstream_id == workstream.pk]
        current = own[-1] if own else None
        previous = own[-2] if len(own) > 1 else None
        next_milestone = next(
            (m for m in open_milestones if m.workstream_id == workstream.pk), None
        )
        status_rows.append(
            {
                "number": workstream.number,
                "name": workstream.name,
                "lead": workstream.lead_label or "",
                "status": current.overall_status if current else None,
                "status_label": str(status_labels[current.overall_status]) if current else None,
                "trend": trend(
                    current.overall_status if current else None,
                    previous.overall_status if previous else None,
                ),
                "summary": current.progress_summary if current else "",
                "result": current.results if current else "",
                "next_steps": current.next_steps if current else "",
                "report_period_end": _iso(current.period_end) if current else None,
                "next_milestone": _milestone(next_milestone, as_of=as_of)
                if next_milestone
                else None,
            }
        )

    reached = [
        _milestone(m, as_of=as_of)
        for m in Milestone.objects.select_related("workstream")
        .filter(status=MilestoneStatus.REACHED, completed_on__range=(period_start, period_end))
        .order_by("completed_on", "pk")
    ]
    due = [
        _milestone(m, as_of=as_of) for m in open_milestones if m.due_date <= period_end + LOOK_AHEAD
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
    risk_labels = dict(RiskStatus.choices)
    risks = [
        {
            "title": r.title,
            "workstream": r.workstream.name if r.workstream else None,
            "probability": r.probability,
            "impact": r.impact,
            "score": r.score,
            "status_label": str(risk_labels[r.status]),
            "mitigation": r.mitigation,
        }
        for r in Risk.objects.exclude(status=RiskStatus.CLOSED)
        .select_related("workstream")
        .order_by("-score", "pk")[:TOP_RISKS]
    ]
    return {
        "status_rows": status_rows,
        "reached": reached,
        "due": due,
        "decisions": decisions,
        "risks": risks,
    }


def _commitments(*, council, period_end, as_of) -> list[dict]:
    commitments = []
    for c in (
        Commitment.objects.filter(council=council, made_on__lte=period_end)
        .select_related("workstream")
        .order_by("due_date", "pk")
    ):
        state, label = commitment_state(c, as_of=as_of)
        commitments.append(
            {
                "text": c.text,
                "made_by": c.made_by,
                "made_on": _iso(c.made_on),
                "due_date": _iso(c.due_date),
                "status": c.status,
                "status_label": c.get_status_display(),
                "state": state,
                "state_label": label,
                "workstream": c.workstream.name if c.workstream else None,
                "overdue": state == "late",
            }
        )
    return commitments


@reporting.sections.register("governance")
def sections(
    *,
    council,
    period_start: datetime.date,
    period_end: datetime.date,
    as_of: datetime.date,
    shared: reporting.SharedWork,
):
    programme = shared.get(
        "governance",
        lambda: _programme(period_start=period_start, period_end=period_end, as_of=as_of),
    )
    status_rows = programme["status_rows"]
    reached, due = programme["reached"], programme["due"]
    decisions, risks = programme["decisions"], programme["risks"]
    commitments = _commitments(council=council, period_end=period_end, as_of=as_of)
    return [
        ReportSection(
            key="governance_status",
            title=_("Stand van de werkstromen"),
            template="governance/report/status.html",
            order=10,
            data={
                "workstreams": status_rows,
                "reached": reached,
                "due": due,
                "as_of": as_of.isoformat(),
            },
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
            data={
                "council": council.name,
                "commitments": commitments,
                "as_of": as_of.isoformat(),
            },
        ),
        ReportSection(
            key="governance_risks",
            title=_("Belangrijkste risico's"),
            template="governance/report/risks.html",
            order=50,
            data={"risks": risks},
        ),
    ]
