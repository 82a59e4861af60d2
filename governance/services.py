"""Writes for the governance registers. Each function is atomic, validates, takes acting_user."""

import datetime
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Case, F, Max, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import StaleObjectError, save_versioned
from core.tokens import hash_token, new_token
from governance import agenda_suggestions, signals
from governance.attachments import Inspected, inspect_upload
from governance.models import (
    Action,
    AgendaItem,
    AgendaState,
    CalendarFeed,
    Commitment,
    Decision,
    Meeting,
    MeetingDocument,
    MeetingDocumentDownload,
    MeetingDocumentVersion,
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


# A change to one of these on a published meeting is a new version of the invitation.
CALENDAR_FIELDS = ("held_on", "title", "start_time", "end_time", "location", "video_url")


def _send_on_commit(signal, **kwargs) -> None:
    transaction.on_commit(lambda: signal.send(sender=Meeting, **kwargs))


@transaction.atomic
def meeting_update(*, meeting: Meeting, values: dict, expected_version: int, acting_user):
    """Edit a meeting; on a published agenda a change of date, time or place bumps
    `calendar_sequence` and sends `signals.agenda_changed` once the transaction commits."""
    _require(acting_user, "governance.manage_meetings")
    if meeting.is_adopted:
        raise ValidationError(_("Het verslag is vastgesteld en kan niet meer worden gewijzigd."))
    changes = [
        name
        for name in CALENDAR_FIELDS
        if name in values and getattr(meeting, name) != values[name]
    ]
    for name, value in values.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    fields = list(values)
    if meeting.is_agenda_published and changes:
        meeting.calendar_sequence += 1
        fields.append("calendar_sequence")
        _send_on_commit(
            signals.agenda_changed, meeting=meeting, acting_user=acting_user, changes=changes
        )
    save_versioned(meeting, expected_version=expected_version, fields=fields)
    return meeting


@transaction.atomic
def meeting_offer_minutes(*, meeting: Meeting, acting_user) -> Meeting:
    """Offer the minutes to the stuurgroep for adoption: they are mailed once the transaction
    commits (once per version of the meeting: offering unchanged minutes again mails nobody)."""
    from governance.notifications import minutes_ready_announce

    _require(acting_user, "governance.manage_meetings")
    if meeting.is_adopted:
        raise ValidationError(_("Het verslag is al vastgesteld."))
    if not (meeting.minutes.strip() or meeting.agenda_items.exclude(minutes="").exists()):
        raise ValidationError(_("Er is nog geen verslag om aan te bieden."))
    minutes_ready_announce(meeting=meeting)
    return meeting


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


# --- Agenda -------------------------------------------------------------------------------------

# Positions are moved out of the way (1..n -> 1001..) before they are set again, so no
# intermediate state breaks the unique (meeting, position) constraint.
_POSITION_OFFSET = 1000
AGENDA_ITEM_FIELDS = ("title", "description", "presenter", "duration_minutes", "workstream")


def _lock_draft_agenda(meeting: Meeting) -> Meeting:
    """Lock the meeting row (so concurrent agenda edits queue) and refuse unless a draft."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.is_adopted:
        raise ValidationError(_("Het verslag is vastgesteld; de agenda ligt vast."))
    if locked.is_agenda_published:
        raise ValidationError(
            _("De agenda is gepubliceerd; agendapunten kunnen niet meer worden gewijzigd.")
        )
    return locked


def _check_item_values(values: dict) -> None:
    if not (values.get("title") or "").strip():
        raise ValidationError({"title": _("Geef het agendapunt een titel.")})


def _renumber(meeting: Meeting, ordered_ids: list[int]) -> None:
    items = AgendaItem.objects.filter(meeting=meeting)
    items.update(position=F("position") + _POSITION_OFFSET)
    if ordered_ids:
        items.update(
            position=Case(
                *[When(pk=pk, then=Value(number)) for number, pk in enumerate(ordered_ids, 1)]
            )
        )


def _ordered_ids(meeting: Meeting) -> list[int]:
    return list(meeting.agenda_items.order_by("position").values_list("pk", flat=True))


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, values: dict, acting_user, source=None) -> AgendaItem:
    """Add an item at the end of a draft agenda; `source` links it to the record it is about."""
    _require(acting_user, "governance.manage_meetings")
    _lock_draft_agenda(meeting)
    _check_item_values(values)
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
    extra = {}
    if source is not None:
        extra = {
            "source_type": ContentType.objects.get_for_model(source),
            "source_id": source.pk,
        }
    return _create(AgendaItem, values=values, meeting=meeting, position=last + 1, **extra)


@transaction.atomic
def agenda_item_add_suggestion(
    *, meeting: Meeting, key: str, record_id: int, acting_user
) -> AgendaItem:
    """One click: the suggested record becomes an agenda item linked to it."""
    _require(acting_user, "governance.manage_meetings")
    _lock_draft_agenda(meeting)
    suggestion = agenda_suggestions.find(
        meeting=meeting, user=acting_user, key=key, record_id=record_id
    )
    if suggestion is None:
        raise ValidationError(
            _("Dit voorstel is niet (meer) beschikbaar; misschien staat het al op de agenda.")
        )
    kind, record = suggestion.kind, suggestion.record
    values = {
        "title": suggestion.title,
        "description": kind.description(record) or "",
        "workstream": kind.workstream(record),
    }
    return agenda_item_add(meeting=meeting, values=values, acting_user=acting_user, source=record)


@transaction.atomic
def agenda_item_update(
    *, item: AgendaItem, values: dict, expected_version: int, acting_user
) -> AgendaItem:
    _require(acting_user, "governance.manage_meetings")
    _lock_draft_agenda(item.meeting)
    _check_item_values({"title": item.title, **values})
    return _update(item, values=values, expected_version=expected_version)


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, acting_user) -> None:
    """Remove an item from a draft agenda; the items after it move up one place."""
    _require(acting_user, "governance.manage_meetings")
    meeting = _lock_draft_agenda(item.meeting)
    item.delete()
    _renumber(meeting, _ordered_ids(meeting))


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, up: bool, acting_user) -> None:
    """Swap an item with the one above (up=True) or below it; at either end nothing moves."""
    _require(acting_user, "governance.manage_meetings")
    meeting = _lock_draft_agenda(item.meeting)
    ordered = _ordered_ids(meeting)
    if item.pk not in ordered:
        raise ValidationError(_("Dit agendapunt bestaat niet meer."))
    index = ordered.index(item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    _renumber(meeting, ordered)


@transaction.atomic
def agenda_item_record_minutes(
    *, item: AgendaItem, minutes: str, expected_version: int, acting_user
) -> AgendaItem:
    """The minutes of one agenda item; written until the meeting's minutes are adopted."""
    _require(acting_user, "governance.manage_meetings")
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    if meeting.is_adopted:
        raise ValidationError(_("Het verslag is vastgesteld en kan niet meer worden gewijzigd."))
    return _update(item, values={"minutes": minutes}, expected_version=expected_version)


def agenda_missing_for_publication(meeting: Meeting) -> list[str]:
    """What stands in the way of publishing the agenda, in Dutch."""
    missing = []
    if not meeting.agenda_items.exists():
        missing.append(_("Zet minstens één punt op de agenda."))
    if meeting.start_time is None:
        missing.append(_("Vul de begintijd van de vergadering in."))
    if not (meeting.location or meeting.video_url):
        missing.append(_("Vul een locatie of een videoverbinding in."))
    return missing


@transaction.atomic
def meeting_agenda_publish(
    *, meeting: Meeting, acting_user, expected_version: int | None = None
) -> Meeting:
    """Publish the agenda: from now on its items are fixed, and later changes of date, time or
    place bump `calendar_sequence`. Sends `signals.agenda_published` once committed (the
    notifications app tells the stuurgroep)."""
    _require(acting_user, "governance.manage_meetings")
    locked = _lock_draft_agenda(meeting)
    if expected_version is not None and locked.version != expected_version:
        raise StaleObjectError(meeting)
    missing = agenda_missing_for_publication(locked)
    if missing:
        raise ValidationError(missing)
    meeting.agenda_state = AgendaState.PUBLISHED
    meeting.agenda_published_at = timezone.now()
    save_versioned(
        meeting,
        expected_version=locked.version,
        fields=["agenda_state", "agenda_published_at"],
    )
    _send_on_commit(signals.agenda_published, meeting=meeting, acting_user=acting_user)
    return meeting


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
    if values.get("agenda_item") and not values.get("meeting"):
        values = {**values, "meeting": values["agenda_item"].meeting}
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


# --- Meeting documents (vergaderstukken) --------------------------------------------------------


def _inspected(file, name: str) -> Inspected:
    """The upload checked by its content (governance.attachments), errors on the file field."""
    try:
        return inspect_upload(file, name)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error


def _refuse_if_adopted(meeting: Meeting) -> None:
    if meeting.is_adopted:
        raise ValidationError(
            _("Het verslag van deze vergadering is vastgesteld; de stukken liggen vast.")
        )


def _add_version(document, *, number: int, file, inspected: Inspected, acting_user):
    """Store the file under a generated name and record it; a failed record removes the file,
    so there is never a file without a row (nor, the file being written first, the reverse)."""
    stored = default_storage.save(
        f"vergaderstukken/{uuid.uuid4().hex}{inspected.kind.extensions[0]}", File(file)
    )
    try:
        version = MeetingDocumentVersion(
            document=document,
            number=number,
            file=stored,
            original_name=inspected.name,
            kind=inspected.kind.code,
            size=inspected.size,
            sha256=inspected.sha256,
            uploaded_by=acting_user,
        )
        version.full_clean()
        version.save()
    except BaseException:
        default_storage.delete(stored)
        raise
    return version


def _announce_paper_change(meeting: Meeting, *, change: str, paper: str, ident: int, acting_user):
    """Once committed, tell the meeting's readers that a paper of its published agenda was
    "added", "replaced" or "removed" (before publication, the agenda's own announcement covers
    its papers)."""
    if meeting.is_agenda_published:
        _send_on_commit(
            signals.meeting_papers_changed,
            meeting=meeting,
            acting_user=acting_user,
            paper=paper,
            change=change,
            ident=ident,
        )


@transaction.atomic
def meeting_document_add(
    *,
    meeting: Meeting,
    title: str,
    file,
    file_name: str,
    agenda_item=None,
    acting_user,
    is_demo: bool = False,
) -> MeetingDocument:
    """Attach a paper to a meeting or one of its agenda items (version 1)."""
    _require(acting_user, "governance.manage_meetings")
    inspected = _inspected(file, file_name)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _refuse_if_adopted(meeting)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError(
            {"agenda_item": _("Dit agendapunt hoort bij een andere vergadering.")}
        )
    document = _create(
        MeetingDocument,
        values={"title": title},
        meeting=meeting,
        agenda_item=agenda_item,
        is_demo=is_demo,
    )
    version = _add_version(
        document, number=1, file=file, inspected=inspected, acting_user=acting_user
    )
    _announce_paper_change(
        meeting, change="added", paper=document.title, ident=version.pk, acting_user=acting_user
    )
    return document


@transaction.atomic
def meeting_document_replace(
    *, document: MeetingDocument, file, file_name: str, acting_user
) -> MeetingDocumentVersion:
    """A new version of the paper; the earlier versions stay and can still be downloaded."""
    _require(acting_user, "governance.manage_meetings")
    inspected = _inspected(file, file_name)
    # The document's row serialises two people replacing at once (distinct numbers).
    document = (
        MeetingDocument.objects.select_for_update().select_related("meeting").get(pk=document.pk)
    )
    _refuse_if_adopted(document.meeting)
    last = document.versions.aggregate(last=Max("number"))["last"] or 0
    version = _add_version(
        document, number=last + 1, file=file, inspected=inspected, acting_user=acting_user
    )
    document.save(update_fields=["updated_at"])
    _announce_paper_change(
        document.meeting,
        change="replaced",
        paper=document.title,
        ident=version.pk,
        acting_user=acting_user,
    )
    return version


@transaction.atomic
def meeting_document_delete(*, document: MeetingDocument, acting_user) -> None:
    """Remove the paper with all its versions; the files go once the deletion is committed
    (a rolled-back deletion keeps them). The download log keeps its copied title."""
    _require(acting_user, "governance.manage_meetings")
    document = (
        MeetingDocument.objects.select_for_update().select_related("meeting").get(pk=document.pk)
    )
    _refuse_if_adopted(document.meeting)
    names = list(document.versions.values_list("file", flat=True))
    removed = document.pk
    document.delete()
    _announce_paper_change(
        document.meeting,
        change="removed",
        paper=document.title,
        ident=removed,
        acting_user=acting_user,
    )

    def remove_files():
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(remove_files)


def meeting_document_download_record(
    *, version: MeetingDocumentVersion, acting_user
) -> MeetingDocumentDownload:
    """Log that `acting_user` downloaded this version (the caller checked the rule)."""
    return MeetingDocumentDownload.objects.create(
        version=version,
        document_title=version.document.title,
        version_number=version.number,
        sha256=version.sha256,
        user=acting_user,
    )
