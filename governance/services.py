"""Writes for the governance registers. Each function is atomic, validates, takes acting_user."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import save_versioned
from core.tokens import hash_token, new_token
from governance.models import (
    Action,
    AgendaItem,
    CalendarFeed,
    Commitment,
    Decision,
    Meeting,
    Milestone,
    MinutesState,
    Risk,
    RoleAssignment,
    StatusReport,
    StatusReportState,
    Workstream,
)


def _require(user, rule: str, obj=None) -> None:
    if not user.has_perm(rule, obj):
        raise PermissionDenied(rule)


def _create(model, *, values: dict, **extra):
    instance = model(**values, **extra)
    instance.full_clean()
    instance.save()
    return instance


def _update(instance, *, values: dict, expected_version: int):
    """Apply `values`, validate, and save only if nobody saved in between (StaleObjectError)."""
    for name, value in values.items():
        setattr(instance, name, value)
    instance.full_clean()
    save_versioned(instance, expected_version=expected_version, fields=list(values))
    return instance


# --- Milestones ---------------------------------------------------------------------------------


@transaction.atomic
def milestone_create(*, workstream: Workstream, values: dict, acting_user) -> Milestone:
    _require(acting_user, "governance.edit_workstream_status", workstream)
    return _create(
        Milestone,
        values=values,
        workstream=workstream,
        baseline_due_date=values.get("due_date"),
    )


@transaction.atomic
def milestone_update(
    *, milestone: Milestone, values: dict, expected_version: int, acting_user
) -> Milestone:
    _require(acting_user, "governance.edit_workstream_status", milestone.workstream)
    return _update(milestone, values=values, expected_version=expected_version)


# --- Status reports -----------------------------------------------------------------------------


def _publish(report: StatusReport, acting_user) -> None:
    missing = report.missing_for_publication()
    if missing:
        raise ValidationError(missing)
    report.state = StatusReportState.PUBLISHED
    report.published_at = timezone.now()
    report.published_by = acting_user


@transaction.atomic
def status_report_create(
    *, workstream: Workstream, values: dict, acting_user, publish: bool = False
) -> StatusReport:
    """Draft a report; with publish=True it is published (and frozen) in the same step."""
    _require(acting_user, "governance.edit_workstream_status", workstream)
    report = StatusReport(workstream=workstream, author=acting_user, **values)
    report.full_clean()
    if publish:
        _publish(report, acting_user)
    report.save()
    return report


@transaction.atomic
def status_report_update(
    *, report: StatusReport, values: dict, expected_version: int, acting_user, publish=False
) -> StatusReport:
    """Edit a draft; a published report is never edited again (a correction is a new report)."""
    _require(acting_user, "governance.edit_workstream_status", report.workstream)
    if report.is_published:
        raise ValidationError(
            _("Deze rapportage is gepubliceerd en kan niet meer worden gewijzigd.")
        )
    for name, value in values.items():
        setattr(report, name, value)
    report.full_clean()
    fields = list(values)
    if publish:
        _publish(report, acting_user)
        fields += ["state", "published_at", "published_by"]
    save_versioned(report, expected_version=expected_version, fields=fields)
    return report


@transaction.atomic
def status_report_publish(*, report: StatusReport, expected_version: int, acting_user):
    return status_report_update(
        report=report,
        values={},
        expected_version=expected_version,
        acting_user=acting_user,
        publish=True,
    )


# --- Meetings, decisions, actions ---------------------------------------------------------------


@transaction.atomic
def meeting_create(*, values: dict, acting_user) -> Meeting:
    _require(acting_user, "governance.manage_meetings")
    return _create(Meeting, values=values)


@transaction.atomic
def meeting_update(*, meeting: Meeting, values: dict, expected_version: int, acting_user):
    _require(acting_user, "governance.manage_meetings")
    if meeting.is_adopted:
        raise ValidationError(_("Het verslag is vastgesteld en kan niet meer worden gewijzigd."))
    return _update(meeting, values=values, expected_version=expected_version)


@transaction.atomic
def meeting_adopt_minutes(*, meeting: Meeting, expected_version: int, acting_user) -> Meeting:
    """Adopt (vaststellen) the minutes: from then on they are frozen."""
    _require(acting_user, "governance.adopt_minutes")
    if meeting.is_adopted:
        raise ValidationError(_("Het verslag is al vastgesteld."))
    if not meeting.minutes.strip():
        raise ValidationError({"minutes": _("Een leeg verslag kan niet worden vastgesteld.")})
    meeting.minutes_state = MinutesState.ADOPTED
    meeting.adopted_on = datetime.date.today()
    meeting.adopted_by = acting_user
    save_versioned(
        meeting,
        expected_version=expected_version,
        fields=["minutes_state", "adopted_on", "adopted_by"],
    )
    return meeting


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, values: dict, acting_user) -> AgendaItem:
    _require(acting_user, "governance.manage_meetings")
    # Lock the meeting row so two people adding items get distinct positions.
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_adopted:
        raise ValidationError(_("Het verslag is vastgesteld; de agenda ligt vast."))
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
    return _create(AgendaItem, values=values, meeting=meeting, position=last + 1)


def _next_decision_sequence(year: int) -> int:
    last = Decision.objects.filter(year=year).aggregate(last=Max("sequence"))["last"] or 0
    return last + 1


@transaction.atomic
def decision_record(*, values: dict, workstreams=(), acting_user) -> Decision:
    """Record a decision with the next number of its year (SG-2025-007).

    A transaction-level advisory lock per year serialises concurrent recorders, so two
    decisions never get the same number; the unique constraint backs this up.
    """
    _require(acting_user, "governance.record_decision")
    decided_on = values["decided_on"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [7301, decided_on.year])
    decision = Decision(
        year=decided_on.year, sequence=_next_decision_sequence(decided_on.year), **values
    )
    decision.full_clean()
    decision.save()
    decision.workstreams.set(workstreams)
    return decision


@transaction.atomic
def decision_update(
    *, decision: Decision, values: dict, workstreams, expected_version: int, acting_user
):
    _require(acting_user, "governance.record_decision")
    if "decided_on" in values and values["decided_on"].year != decision.year:
        raise ValidationError({"decided_on": _("Een besluit blijft in het jaar van zijn nummer.")})
    _update(decision, values=values, expected_version=expected_version)
    decision.workstreams.set(workstreams)
    return decision


@transaction.atomic
def action_create(*, values: dict, acting_user) -> Action:
    _require(acting_user, "governance.manage_actions")
    return _create(Action, values=values)


@transaction.atomic
def action_update(*, action: Action, values: dict, expected_version: int, acting_user):
    _require(acting_user, "governance.manage_actions")
    return _update(action, values=values, expected_version=expected_version)


# --- Commitments, risks, regional roles ---------------------------------------------------------


@transaction.atomic
def commitment_create(*, values: dict, acting_user) -> Commitment:
    _require(acting_user, "governance.manage_commitments")
    return _create(Commitment, values=values)


@transaction.atomic
def commitment_update(*, commitment: Commitment, values: dict, expected_version: int, acting_user):
    _require(acting_user, "governance.manage_commitments")
    return _update(commitment, values=values, expected_version=expected_version)


@transaction.atomic
def risk_create(*, values: dict, acting_user) -> Risk:
    _require(acting_user, "governance.edit_workstream_status", values.get("workstream"))
    return _create(Risk, values=values)


@transaction.atomic
def risk_update(*, risk: Risk, values: dict, expected_version: int, acting_user) -> Risk:
    # Both the current and the new workstream must be the user's to edit.
    _require(acting_user, "governance.edit_workstream_status", risk.workstream)
    _require(acting_user, "governance.edit_workstream_status", values.get("workstream"))
    _update(risk, values=values, expected_version=expected_version)
    risk.refresh_from_db(fields=["score"])
    return risk


@transaction.atomic
def role_assignment_create(*, values: dict, acting_user) -> RoleAssignment:
    _require(acting_user, "governance.manage_roles")
    return _create(RoleAssignment, values=values)


@transaction.atomic
def role_assignment_update(
    *, assignment: RoleAssignment, values: dict, expected_version: int, acting_user
):
    _require(acting_user, "governance.manage_roles")
    return _update(assignment, values=values, expected_version=expected_version)


# --- Calendar feed ---------------------------------------------------------------------------
@transaction.atomic
def calendar_feed_renew(*, user, acting_user) -> tuple[CalendarFeed, str]:
    """Give `user` a new feed secret (the first, or one replacing the old, which stops working
    at once); returns the feed and the secret, which is shown once and never stored."""
    if acting_user.pk != user.pk:
        raise PermissionDenied("governance.use_calendar_feed")
    _require(acting_user, "governance.use_calendar_feed")
    secret = new_token(prefix="")
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first() or CalendarFeed(
        user=user
    )
    feed.key_hash = hash_token(secret)
    feed.renewed_at = timezone.now()
    feed.last_used_at = None
    feed.full_clean()
    feed.save()
    return feed, secret


# A calendar app polls every few minutes to hours: one write per hour at most.
FEED_USE_RESOLUTION = datetime.timedelta(hours=1)


def calendar_feed_record_use(*, feed: CalendarFeed) -> None:
    """Record that the feed was fetched now (one UPDATE, skipped within the hour)."""
    now = timezone.now()
    if feed.last_used_at is not None and now - feed.last_used_at < FEED_USE_RESOLUTION:
        return
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    feed.last_used_at = now
