"""Reads for the governance pages: every query set here has a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.rules import is_programme_staff, is_werkstroomtrekker
from core.selectors import changed_since
from core.tokens import hash_token
from governance.models import (
    OPEN_ACTION_STATUSES,
    OPEN_MILESTONE_STATUSES,
    STATUS_RANK,
    Action,
    ActionStatus,
    AgendaItem,
    AgendaState,
    CalendarFeed,
    Commitment,
    CommitmentStatus,
    Decision,
    Meeting,
    MeetingDocument,
    MeetingDocumentDownload,
    MeetingDocumentVersion,
    Milestone,
    MilestoneStatus,
    MinutesState,
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


def workstreams_led_by(*, user) -> QuerySet[Workstream]:
    """The workstreams `user` leads: as their lead person, or through their organisation when
    they are a workstream lead (the same as the rule `leads_workstream_of`)."""
    led = Q(lead_user=user)
    if user.organisation_id is not None and is_werkstroomtrekker(user):
        led |= Q(lead_organisation_id=user.organisation_id)
    return workstream_list(user=user).filter(led)


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
        current_published_at=Subquery(_published(user).values("published_at")[:1]),
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
    """One workstream with scope, milestones, reports, risks and actions prefetched."""
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
            Prefetch(
                "actions",
                queryset=Action.objects.visible_to(user)
                .select_related("owner")
                .order_by("due_date", "pk"),
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
    """A meeting with its agenda (each item's source record, decisions and actions) and its
    decisions, in a fixed number of queries (one more per kind of source record)."""
    items = (
        AgendaItem.objects.select_related("workstream")
        .prefetch_related(
            "source",
            Prefetch("decisions", queryset=Decision.objects.visible_to(user)),
            Prefetch("actions", queryset=Action.objects.visible_to(user).select_related("owner")),
        )
        .order_by("position")
    )
    return (
        Meeting.objects.visible_to(user)
        .select_related("adopted_by")
        .prefetch_related(
            Prefetch("agenda_items", queryset=items),
            Prefetch(
                "decisions",
                queryset=Decision.objects.visible_to(user).prefetch_related("workstreams"),
            ),
        )
        .get(pk=pk)
    )


@dataclass(frozen=True)
class AgendaRow:
    item: AgendaItem
    starts_at: datetime.datetime | None
    source_url: str | None  # only when the viewer may open the source record


def agenda_rows(*, meeting: Meeting, user, links: bool = True) -> list[AgendaRow]:
    """The agenda of a meeting from `meeting_detail`, with planned times and (links=True)
    the links to the source records the user may open."""
    from governance.agenda_suggestions import source_link

    rows = []
    start = meeting.starts_at
    for item in meeting.agenda_items.all():
        rows.append(
            AgendaRow(
                item=item,
                starts_at=start,
                source_url=source_link(item=item, user=user) if links else None,
            )
        )
        if start is not None:
            start = (
                start + datetime.timedelta(minutes=item.duration_minutes)
                if item.duration_minutes
                else None
            )
    return rows


def meeting_for_print(*, user, pk: int) -> Meeting:
    """A meeting with just its agenda, for the printable agenda page."""
    return (
        Meeting.objects.visible_to(user)
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("workstream").order_by("position"),
            )
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
    slipped: list  # ChangeSince: `was("due_date")` is the date at the meeting
    new_risks: list
    escalations: list

    @property
    def has_news(self) -> bool:
        return bool(
            self.status_changed
            or self.completed
            or self.slipped
            or self.new_risks
            or self.escalations
        )


@dataclass
class ChangesSinceMeeting:
    """What changed after the last stuurgroep, by the records' history (core.selectors)."""

    since: datetime.datetime
    meeting: Meeting | None
    workstreams: list[WorkstreamChanges]
    programme_risks: list
    decisions: list
    actions_new: list
    actions_done: list
    actions_overdue: list
    commitments_new: list
    commitments_changed: list  # ChangeSince: `was("status")` is the status at the meeting


DEFAULT_LOOKBACK = datetime.timedelta(days=42)  # without any meeting held yet


def meeting_end(meeting: Meeting) -> datetime.datetime:
    """When a meeting is over: its end time, or else the end of its day."""
    if meeting.ends_at is not None:
        return meeting.ends_at
    next_day = datetime.datetime.combine(
        meeting.held_on + datetime.timedelta(days=1), datetime.time.min
    )
    return timezone.make_aware(next_day, timezone.get_default_timezone())


def last_meeting_held(*, user, now: datetime.datetime | None = None) -> Meeting | None:
    """The latest stuurgroep meeting that is over at `now` (a meeting still going on today
    does not count yet). One query."""
    now = now or timezone.now()
    candidates = (
        Meeting.objects.visible_to(user)
        .filter(held_on__lte=timezone.localdate(now))
        .order_by("-held_on", "-pk")[:2]
    )
    return next((m for m in candidates if meeting_end(m) <= now), None)


def changes_since_meeting(*, user, now: datetime.datetime | None = None) -> ChangesSinceMeeting:
    """Everything the 'since the last stuurgroep' page lists, cut at the end of the last
    meeting held. Only changes recorded after it, by each record's history: a milestone that
    slipped or a risk raised before the meeting is not news, whatever happened to it since.

    A fixed number of queries (two per kind of record, see core.selectors.changed_since)."""
    now = now or timezone.now()
    meeting = last_meeting_held(user=user, now=now)
    since = meeting_end(meeting) if meeting else now - DEFAULT_LOOKBACK
    risks = [c.record for c in changed_since(Risk.objects.visible_to(user), since) if c.is_new]
    changes = changes_since(user=user, since=since, new_risks=risks)
    actions = changed_since(
        Action.objects.visible_to(user).select_related("owner", "workstream"), since
    )
    commitments = changed_since(
        Commitment.objects.visible_to(user).select_related("council"), since
    )
    decisions = changed_since(Decision.objects.visible_to(user), since)
    return ChangesSinceMeeting(
        since=since,
        meeting=meeting,
        workstreams=changes,
        programme_risks=sorted(
            (r for r in risks if r.workstream_id is None), key=lambda r: (-r.score, r.pk)
        ),
        decisions=sorted(
            (c.record for c in decisions if c.is_new), key=lambda d: (d.year, d.sequence)
        ),
        actions_new=sorted((c.record for c in actions if c.is_new), key=_by_due_date),
        actions_done=sorted(
            (c.record for c in actions if not c.is_new and c.became("status", ActionStatus.DONE)),
            key=_by_due_date,
        ),
        actions_overdue=list(
            Action.objects.visible_to(user)
            .filter(
                status__in=OPEN_ACTION_STATUSES,
                due_date__lt=timezone.localdate(now),
                # overdue only since the meeting: the due date passed after it
                due_date__gte=timezone.localdate(since),
            )
            .select_related("owner", "workstream")
            .order_by("due_date", "pk")
        ),
        commitments_new=sorted(
            (c.record for c in commitments if c.is_new), key=lambda c: (c.due_date, c.pk)
        ),
        commitments_changed=sorted(
            (c for c in commitments if not c.is_new and c.was("status") != c.record.status),
            key=lambda c: (c.record.due_date, c.record.pk),
        ),
    )


def _by_due_date(record):
    return (record.due_date or datetime.date.max, record.pk)


def changes_since(
    *, user, since: datetime.datetime, new_risks: list[Risk] | None = None
) -> list[WorkstreamChanges]:
    """Per workstream, what moved after `since` by the records' history: the overall status of
    the reports published since, milestones reached or moved to a later date, new risks and
    escalations. Seven queries, whatever the amount of data."""
    workstreams = list(workstream_list(user=user))
    published = list(
        StatusReport.objects.visible_to(user)
        .filter(state=StatusReportState.PUBLISHED)
        .order_by("published_at", "pk")
    )
    # Published is final, so a report published after `since` is one that became so.
    published_after = {
        c.record.pk
        for c in changed_since(StatusReport.objects.visible_to(user), since)
        if c.became("state", StatusReportState.PUBLISHED)
    }
    milestones = changed_since(Milestone.objects.visible_to(user), since)
    if new_risks is None:
        new_risks = [
            c.record for c in changed_since(Risk.objects.visible_to(user), since) if c.is_new
        ]
    result = []
    for workstream in workstreams:
        own = [r for r in published if r.workstream_id == workstream.pk]
        before = [r for r in own if r.pk not in published_after]
        after = [r for r in own if r.pk in published_after]
        previous = before[-1].overall_status if before else None
        current = after[-1].overall_status if after else previous
        ws_milestones = sorted(
            (c for c in milestones if c.record.workstream_id == workstream.pk),
            key=lambda c: (c.record.due_date, c.record.pk),
        )
        result.append(
            WorkstreamChanges(
                workstream=workstream,
                status_changed=bool(after) and current != previous,
                previous_status=previous,
                current_status=current,
                completed=[
                    c.record for c in ws_milestones if c.became("status", MilestoneStatus.REACHED)
                ],
                # Moved to a later date after the meeting; an older slip is not news.
                slipped=[
                    c
                    for c in ws_milestones
                    if not c.is_new and c.record.due_date > c.was("due_date")
                ],
                new_risks=sorted(
                    (r for r in new_risks if r.workstream_id == workstream.pk),
                    key=lambda r: (-r.score, r.pk),
                ),
                escalations=[r for r in after if r.escalations.strip()],
            )
        )
    return result


# --- Calendar ---------------------------------------------------------------------------------
# The feed reaches this far back; what lies ahead is all in it.
FEED_HISTORY = datetime.timedelta(days=365)


def calendar_feed_of(*, user) -> CalendarFeed | None:
    """The user's own feed (a feed is its owner's alone: nobody else reads it, not even a
    beheerder), or None when they have not made one."""
    return CalendarFeed.objects.filter(user_id=user.pk).first()


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


# --- 'Actie nodig' (governance/action_needed.py): one query each ---------------------------------


def next_meeting(*, user, today: datetime.date) -> Meeting | None:
    """The first meeting from today on, with its number of agenda items."""
    return (
        Meeting.objects.visible_to(user)
        .filter(held_on__gte=today)
        .annotate(agenda_count=Count("agenda_items"))
        .order_by("held_on", "pk")
        .first()
    )


def later_published_meetings(*, user, today: datetime.date, after: Meeting) -> QuerySet[Meeting]:
    """Meetings after `after` (the next one) whose agenda is already published, soonest first."""
    return (
        Meeting.objects.visible_to(user)
        .filter(held_on__gte=today, agenda_state=AgendaState.PUBLISHED)
        .exclude(pk=after.pk)
        .order_by("held_on", "pk")
    )


def minutes_awaiting_adoption(*, user, today: datetime.date) -> QuerySet[Meeting]:
    """Meetings held before today whose minutes are written but not yet adopted."""
    return (
        Meeting.objects.visible_to(user)
        .filter(held_on__lt=today, minutes_state=MinutesState.DRAFT)
        .exclude(minutes="")
        .order_by("held_on", "pk")
    )


def open_escalations(*, user) -> list[Workstream]:
    """Workstreams whose latest published status escalates something to the stuurgroep."""
    return [
        workstream
        for workstream in workstream_list(user=user)
        .annotate(
            current_report_id=Subquery(_published(user).values("pk")[:1]),
            current_period_end=Subquery(_published(user).values("period_end")[:1]),
            current_escalations=Subquery(_published(user).values("escalations")[:1]),
        )
        .exclude(current_escalations__isnull=True)
        .exclude(current_escalations="")
        if workstream.current_escalations.strip()
    ]


def workstreams_with_latest_status(*, user) -> QuerySet[Workstream]:
    """Workstreams with the moment their latest status report was published (None: never)."""
    return workstream_list(user=user).annotate(
        latest_published_at=Subquery(_published(user).values("published_at")[:1])
    )


def is_stale(published_at, today: datetime.date) -> bool:
    """The one rule for a stale status: the latest was published more than
    WBW_STALE_STATUS_DAYS local days before `today`, or never. Used by 'Actie nodig' and the
    weekly reminder alike."""
    if published_at is None:
        return True
    return (today - timezone.localtime(published_at).date()).days > settings.WBW_STALE_STATUS_DAYS


def stale_workstreams(*, today: datetime.date) -> list[Workstream]:
    """Every workstream whose status is stale (is_stale), with `latest_published_at` and its
    lead: for the weekly reminder, which goes to each lead and every kwartiermaker."""
    workstreams = (
        Workstream.objects.annotate(
            latest_published_at=Max(
                "status_reports__published_at",
                filter=Q(status_reports__state=StatusReportState.PUBLISHED),
            )
        )
        .select_related("lead_user")
        .order_by("number")
    )
    return [w for w in workstreams if is_stale(w.latest_published_at, today)]


def led_workstreams(*, user) -> QuerySet[Workstream]:
    """The workstreams `user` leads (as lead person or through their organisation), with the
    moment of their latest published status."""
    led = Q(lead_user=user)
    if user.organisation_id is not None:
        led |= Q(lead_organisation_id=user.organisation_id)
    return workstreams_with_latest_status(user=user).filter(led)


def milestones_due(
    *, user, until: datetime.date, workstream_ids: list[int] | None = None
) -> QuerySet[Milestone]:
    """Open milestones due on or before `until`, earliest first."""
    milestones = milestone_list(user=user).filter(
        status__in=OPEN_MILESTONE_STATUSES, due_date__lte=until
    )
    if workstream_ids is not None:
        milestones = milestones.filter(workstream_id__in=workstream_ids)
    return milestones.order_by("due_date", "pk")


def actions_due(
    *, user, until: datetime.date, workstream_ids: list[int] | None = None
) -> QuerySet[Action]:
    """Open actions due on or before `until`, earliest first."""
    actions = (
        Action.objects.visible_to(user)
        .select_related("owner", "owner_organisation")
        .filter(status__in=OPEN_ACTION_STATUSES, due_date__lte=until)
    )
    if workstream_ids is not None:
        actions = actions.filter(workstream_id__in=workstream_ids)
    return actions.order_by("due_date", "pk")


def commitments_due(*, user, until: datetime.date) -> QuerySet[Commitment]:
    """Open commitments to the councils due on or before `until`, earliest first."""
    return (
        Commitment.objects.visible_to(user)
        .select_related("council")
        .filter(status=CommitmentStatus.OPEN, due_date__lte=until)
        .order_by("due_date", "pk")
    )


# --- Meeting documents (vergaderstukken) --------------------------------------------------------


def _documents_with_versions(queryset: QuerySet[MeetingDocument]) -> list[MeetingDocument]:
    """Each document with `.current` (its newest version) and `.earlier` (newest first)."""
    documents = list(
        queryset.select_related("agenda_item").prefetch_related(
            Prefetch(
                "versions",
                queryset=MeetingDocumentVersion.objects.select_related("uploaded_by").order_by(
                    "-number"
                ),
            )
        )
    )
    for document in documents:
        versions = list(document.versions.all())
        document.current, document.earlier = versions[0], versions[1:]
    return sorted(documents, key=_agenda_order)


def _agenda_order(document: MeetingDocument):
    """Meeting-level papers first, then by agenda position; in order of upload within each."""
    item = document.agenda_item
    return (item is not None, item.position if item else 0, document.pk)


@dataclass
class DocumentGroup:
    agenda_item: object  # AgendaItem, or None for the meeting as a whole
    documents: list


@dataclass
class MeetingPapers:
    groups: list[DocumentGroup]
    count: int


def meeting_document_groups(*, meeting: Meeting, user) -> MeetingPapers:
    """The meeting page's papers: one group for the meeting, then one per agenda item (empty
    ones included, for their upload link). Two queries; the agenda items come from `meeting`."""
    documents = _documents_with_versions(
        MeetingDocument.objects.visible_to(user).filter(meeting=meeting)
    )
    groups = {None: DocumentGroup(None, [])}
    for item in meeting.agenda_items.all():
        groups[item.pk] = DocumentGroup(item, [])
    for document in documents:
        groups.get(document.agenda_item_id, groups[None]).documents.append(document)
    return MeetingPapers(groups=list(groups.values()), count=len(documents))


def meeting_documents(*, meeting: Meeting, user) -> list[MeetingDocumentVersion]:
    """The current version of each paper the user may see, in agenda order (meeting-level
    papers first). For the meeting pack: `version.kind == "pdf"`, `version.file.open("rb")`,
    `version.document.title` and `version.document.agenda_item`."""
    documents = _documents_with_versions(
        MeetingDocument.objects.visible_to(user).filter(meeting=meeting)
    )
    for document in documents:
        document.current.document = document
    return [document.current for document in documents]


def meeting_document_detail(*, user, pk: int) -> MeetingDocument:
    """One paper with its meeting and versions; DoesNotExist when the user may not see it."""
    documents = _documents_with_versions(
        MeetingDocument.objects.visible_to(user).select_related("meeting").filter(pk=pk)
    )
    if not documents:
        raise MeetingDocument.DoesNotExist
    return documents[0]


def meeting_document_version(*, pk: int) -> MeetingDocumentVersion:
    """A version with its document and meeting, for the download view to ask the rule."""
    return MeetingDocumentVersion.objects.select_related("document__meeting").get(pk=pk)


def meeting_document_downloads(*, user, document: MeetingDocument, limit: int = 50):
    """The document's download log, newest first (programme staff only, by its scope)."""
    return (
        MeetingDocumentDownload.objects.visible_to(user)
        .filter(version__document=document)
        .select_related("user")[:limit]
    )
