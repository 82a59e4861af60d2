"""Reads for the governance pages: every query set here has a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from core.rules import is_programme_staff, is_werkstroomtrekker
from core.tokens import hash_token
from governance.models import (
    OPEN_ACTION_STATUSES,
    OPEN_MILESTONE_STATUSES,
    STATUS_RANK,
    Action,
    CalendarFeed,
    Commitment,
    CommitmentStatus,
    Decision,
    Meeting,
    Milestone,
    MilestoneStatus,
    RegionalFunction,
    Risk,
    RiskStatus,
    RoleAssignment,
    StatusReport,
    StatusReportState,
    Workstream,
)

TOP_RISKS = 5
VULNERABLE_BELOW = 2  # people per regional function
RECENT_DECISIONS = 5


def programme_workstreams() -> QuerySet[Workstream]:
    """Every workstream with its lead organisation, in programme order (public facts: also
    what the council report lists)."""
    return Workstream.objects.select_related("lead_organisation").order_by("number")


def workstream_list(*, user) -> QuerySet[Workstream]:
    """The workstreams `user` may see, in programme order."""
    return programme_workstreams().visible_to(user)


def _published(user, workstream_ref="pk"):
    return (
        StatusReport.objects.visible_to(user)
        .filter(workstream=OuterRef(workstream_ref), state=StatusReportState.PUBLISHED)
        .order_by("-published_at", "-pk")
    )


def workstreams_with_status(*, user, today: datetime.date | None = None) -> QuerySet[Workstream]:
    """Workstreams annotated with current and previous published status, next milestone and
    the number of overdue milestones: one query however many reports and milestones."""
    today = today or datetime.date.today()
    milestones = Milestone.objects.visible_to(user)
    next_milestone = milestones.filter(
        workstream=OuterRef("pk"), status__in=OPEN_MILESTONE_STATUSES, due_date__gte=today
    ).order_by("due_date", "pk")
    overdue = (
        milestones.filter(
            workstream=OuterRef("pk"), status__in=OPEN_MILESTONE_STATUSES, due_date__lt=today
        )
        .order_by()
        .values("workstream")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return workstream_list(user=user).annotate(
        current_status=Subquery(_published(user).values("overall_status")[:1]),
        previous_status=Subquery(_published(user).values("overall_status")[1:2]),
        current_report_id=Subquery(_published(user).values("pk")[:1]),
        current_period_end=Subquery(_published(user).values("period_end")[:1]),
        current_escalations=Subquery(_published(user).values("escalations")[:1]),
        next_milestone_title=Subquery(next_milestone.values("title")[:1]),
        next_milestone_due=Subquery(next_milestone.values("due_date")[:1]),
        overdue_milestones=Coalesce(Subquery(overdue[:1]), 0),
    )


def trend(current: str | None, previous: str | None) -> str:
    """'beter', 'slechter', 'gelijk' or '' (no earlier report to compare with)."""
    if not current or not previous:
        return ""
    delta = STATUS_RANK[current] - STATUS_RANK[previous]
    return "beter" if delta < 0 else "slechter" if delta > 0 else "gelijk"


@dataclass
class Dashboard:
    workstreams: list
    recent_decisions: list
    overdue_actions: list
    overdue_commitments: list
    top_risks: list
    vulnerable_functions: list


def stuurgroep_dashboard(*, user, today: datetime.date | None = None) -> Dashboard:
    """Everything on the stuurgroep's home page, in a fixed number of queries (eight)."""
    today = today or datetime.date.today()
    workstreams = list(workstreams_with_status(user=user, today=today))
    for workstream in workstreams:
        workstream.trend = trend(workstream.current_status, workstream.previous_status)
    # The lists' scopes, with only the relations and columns the dashboard shows: the profile
    # of this page at 10x data was model instantiation, not PostgreSQL.
    return Dashboard(
        workstreams=workstreams,
        recent_decisions=list(
            decision_list(user=user)
            .select_related(None)
            .prefetch_related(None)
            .only("year", "sequence", "decided_on", "text")[:RECENT_DECISIONS]
        ),
        overdue_actions=list(
            action_list(user=user)
            .select_related(None)
            .select_related("owner")
            .filter(status__in=OPEN_ACTION_STATUSES, due_date__lt=today)
        ),
        overdue_commitments=list(
            commitment_list(user=user)
            .select_related(None)
            .select_related("council")
            .filter(status=CommitmentStatus.OPEN, due_date__lt=today)
        ),
        top_risks=list(risk_list(user=user).exclude(status=RiskStatus.CLOSED)[:TOP_RISKS]),
        vulnerable_functions=list(vulnerable_functions(user=user)),
    )


def vulnerable_functions(*, user) -> QuerySet[RegionalFunction]:
    """Functions with fewer than two people ('één is geen'), counted in SQL."""
    return (
        RegionalFunction.objects.visible_to(user)
        .annotate(people=Count("assignments"))
        .filter(people__lt=VULNERABLE_BELOW)
    )


def workstream_detail(*, user, slug: str) -> Workstream:
    """One workstream with scope, milestones, reports and risks prefetched."""
    return (
        Workstream.objects.visible_to(user)
        .select_related("lead_organisation", "lead_user")
        .prefetch_related(
            "scope_items",
            Prefetch(
                "milestones",
                queryset=Milestone.objects.visible_to(user).order_by("due_date", "pk"),
            ),
            Prefetch(
                "status_reports",
                queryset=StatusReport.objects.visible_to(user)
                .select_related("author", "published_by")
                .order_by("-period_end", "-pk"),
            ),
            Prefetch(
                "risks",
                queryset=Risk.objects.visible_to(user).select_related("owner").order_by("-score"),
            ),
        )
        .get(slug=slug)
    )


def status_report_list(*, user) -> QuerySet[StatusReport]:
    return StatusReport.objects.visible_to(user).select_related(
        "workstream", "author", "published_by"
    )


def milestone_list(*, user) -> QuerySet[Milestone]:
    return Milestone.objects.visible_to(user).select_related("workstream")


def meeting_list(*, user) -> QuerySet[Meeting]:
    return Meeting.objects.visible_to(user).annotate(
        decision_count=Count("decisions", distinct=True),
        agenda_count=Count("agenda_items", distinct=True),
    )


def meeting_detail(*, user, pk: int) -> Meeting:
    return (
        Meeting.objects.visible_to(user)
        .select_related("adopted_by")
        .prefetch_related(
            "agenda_items__workstream",
            Prefetch(
                "decisions",
                queryset=Decision.objects.visible_to(user).prefetch_related("workstreams"),
            ),
        )
        .get(pk=pk)
    )


def decision_list(*, user) -> QuerySet[Decision]:
    return (
        Decision.objects.visible_to(user).select_related("meeting").prefetch_related("workstreams")
    )


def action_list(*, user) -> QuerySet[Action]:
    return Action.objects.visible_to(user).select_related(
        "owner", "owner_organisation", "workstream", "decision"
    )


def commitment_list(*, user) -> QuerySet[Commitment]:
    return Commitment.objects.visible_to(user).select_related("council", "workstream")


def risk_list(*, user) -> QuerySet[Risk]:
    return (
        Risk.objects.visible_to(user).select_related("workstream", "owner").order_by("-score", "pk")
    )


def risk_heat_map(*, user) -> list[dict]:
    """A 5×5 grid (impact across, probability down, 5 on top) with the open risks per cell."""
    counts = {
        (row["probability"], row["impact"]): row["n"]
        for row in Risk.objects.visible_to(user)
        .exclude(status=RiskStatus.CLOSED)
        .values("probability", "impact")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return [
        {
            "probability": probability,
            "cells": [
                {
                    "impact": impact,
                    "score": probability * impact,
                    "count": counts.get((probability, impact), 0),
                    "level": _risk_level(probability * impact),
                }
                for impact in range(1, 6)
            ],
        }
        for probability in range(5, 0, -1)
    ]


def _risk_level(score: int) -> str:
    return "hoog" if score >= 15 else "midden" if score >= 8 else "laag"


def regional_function_list(*, user) -> list[RegionalFunction]:
    """Functions with their people; fewer than two people is a vulnerability ('één is geen')."""
    functions = list(
        RegionalFunction.objects.visible_to(user)
        .annotate(people=Count("assignments"))
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=RoleAssignment.objects.visible_to(user).select_related("organisation"),
            )
        )
    )
    for function in functions:
        function.is_vulnerable = function.people < VULNERABLE_BELOW
        function.total_hours = sum(a.hours_per_week for a in function.assignments.all())
    return functions


@dataclass
class WorkstreamChanges:
    workstream: Workstream
    status_changed: bool
    previous_status: str | None
    current_status: str | None
    completed: list
    slipped: list
    new_risks: list
    escalations: list


def changes_since(*, user, since: datetime.date) -> list[WorkstreamChanges]:
    """Per workstream, what moved since `since`: status, milestones, new risks, escalations.

    Five queries, whatever the amount of data.
    """
    workstreams = list(workstream_list(user=user))
    reports = list(
        StatusReport.objects.visible_to(user)
        .filter(state=StatusReportState.PUBLISHED)
        .order_by("published_at", "pk")
    )
    since_dt = datetime.datetime.combine(since, datetime.time.min).astimezone()
    milestones = list(
        Milestone.objects.visible_to(user)
        .filter(updated_at__gte=since_dt)
        .order_by("due_date", "pk")
    )
    risks = list(
        Risk.objects.visible_to(user).filter(created_at__gte=since_dt).order_by("-score", "pk")
    )
    result = []
    for workstream in workstreams:
        own = [r for r in reports if r.workstream_id == workstream.pk]
        before = [r for r in own if r.published_at < since_dt]
        after = [r for r in own if r.published_at >= since_dt]
        previous = before[-1].overall_status if before else None
        current = after[-1].overall_status if after else previous
        ws_milestones = [m for m in milestones if m.workstream_id == workstream.pk]
        result.append(
            WorkstreamChanges(
                workstream=workstream,
                status_changed=bool(after) and current != previous,
                previous_status=previous,
                current_status=current,
                completed=[
                    m
                    for m in ws_milestones
                    if m.status == MilestoneStatus.REACHED and m.completed_on >= since
                ],
                slipped=[m for m in ws_milestones if m.has_slipped],
                new_risks=[r for r in risks if r.workstream_id == workstream.pk],
                escalations=[r for r in after if r.escalations.strip()],
            )
        )
    return result


def programme_risks_since(*, user, since: datetime.date) -> list[Risk]:
    """New programme-wide risks (no workstream) since `since`."""
    since_dt = datetime.datetime.combine(since, datetime.time.min).astimezone()
    return list(
        Risk.objects.visible_to(user)
        .filter(workstream__isnull=True, created_at__gte=since_dt)
        .order_by("-score")
    )


def last_meeting_before(*, user, today: datetime.date | None = None) -> Meeting | None:
    today = today or datetime.date.today()
    return (
        Meeting.objects.visible_to(user)
        .filter(held_on__lte=today)
        .order_by("-held_on", "-pk")
        .first()
    )


# --- Calendar ---------------------------------------------------------------------------------
# The feed reaches this far back; what lies ahead is all in it.
FEED_HISTORY = datetime.timedelta(days=365)


def calendar_feed_for_secret(secret: str) -> CalendarFeed | None:
    """The feed whose URL holds `secret`, with its active user; None for an unknown secret."""
    if not secret:
        return None
    return (
        CalendarFeed.objects.select_related("user__organisation")
        .filter(key_hash=hash_token(secret), user__is_active=True)
        .first()
    )


def calendar_feed_entries(*, user, today: datetime.date | None = None):
    """(meetings, milestones) for `user`'s feed, from a year ago on, both through their scopes.

    The milestones are those of the user's workstreams: programme staff follow every
    workstream, a workstream lead the workstreams they lead; never more than their pages show.
    """
    since = (today or datetime.date.today()) - FEED_HISTORY
    meetings = (
        Meeting.objects.visible_to(user)
        .filter(held_on__gte=since)
        .prefetch_related("agenda_items")
        .order_by("held_on", "pk")
    )
    milestones = (
        Milestone.objects.visible_to(user)
        .filter(due_date__gte=since)
        .select_related("workstream")
        .order_by("due_date", "pk")
    )
    if not is_programme_staff(user):
        own = Q(workstream__lead_user_id=user.pk)
        if is_werkstroomtrekker(user) and user.organisation_id is not None:
            own |= Q(workstream__lead_organisation_id=user.organisation_id)
        milestones = milestones.filter(own)
    return meetings, milestones
