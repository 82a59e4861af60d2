"""Suggested agenda items: records the stuurgroep should discuss at its next meeting.

Each app registers a `SuggestionKind` in its `AppConfig.ready()` (governance registers open
escalations, the previous meeting's minutes, overdue actions and overdue commitments; the budget
app registers budget changes awaiting approval), so governance never imports the apps whose
records it suggests. A suggestion added to the agenda becomes an agenda item whose generic
`source` is the record; the kind of a source also tells the meeting page where the record lives
and which rule lets a viewer open it.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.registry import Registry


@dataclass(frozen=True)
class SuggestionKind:
    key: str  # stable, in URLs and forms: "escalaties"
    label: object  # heading on the meeting page: "Open escalaties"
    model: type[models.Model]
    order: int
    # The records to suggest for `meeting`, as `user` may see them (the model's scope).
    candidates: Callable[..., Iterable[models.Model]]
    title: Callable[[models.Model], str]  # the proposed agenda item's title
    url: Callable[[models.Model], str]  # the record's page
    see_rule: str  # object rule that lets a viewer open that page
    description: Callable[[models.Model], str] = lambda record: ""
    workstream: Callable[[models.Model], object] = lambda record: getattr(
        record, "workstream", None
    )


@dataclass(frozen=True)
class Suggestion:
    kind: SuggestionKind
    record: models.Model
    title: str


class SuggestionRegistry(Registry[SuggestionKind]):
    def register(self, kind: SuggestionKind) -> SuggestionKind:
        return super().register(kind.key, kind)

    def for_model(self, model) -> SuggestionKind | None:
        """The first kind whose records are of `model` (its page and rule)."""
        return next((kind for _key, kind in self if kind.model is model), None)

    def ordered(self) -> list[SuggestionKind]:
        return sorted(self.values(), key=lambda kind: (kind.order, kind.key))


kinds = SuggestionRegistry("agenda suggestions")
TITLE_LENGTH = 300  # AgendaItem.title


def suggestions_for(*, meeting, user) -> list[tuple[SuggestionKind, list[Suggestion]]]:
    """Per kind, the records not yet on this meeting's agenda (one query per kind, plus one)."""
    on_agenda = set(
        meeting.agenda_items.filter(source_type__isnull=False).values_list(
            "source_type_id", "source_id"
        )
    )
    result = []
    for kind in kinds.ordered():
        type_id = ContentType.objects.get_for_model(kind.model).pk
        found = [
            Suggestion(kind=kind, record=record, title=kind.title(record)[:TITLE_LENGTH])
            for record in kind.candidates(meeting=meeting, user=user)
            if (type_id, record.pk) not in on_agenda
        ]
        result.append((kind, found))
    return result


def find(*, meeting, user, key: str, record_id: int) -> Suggestion | None:
    """The suggestion `key`/`record_id` if it is still offered to `user` for `meeting`."""
    if key not in kinds:
        return None
    for kind, found in suggestions_for(meeting=meeting, user=user):
        if kind.key == key:
            return next((s for s in found if s.record.pk == record_id), None)
    return None


def source_link(*, item, user) -> str | None:
    """The page of an agenda item's source record, if `user` may open it."""
    record = item.source
    if record is None:
        return None
    kind = kinds.for_model(type(record))
    if kind is None or not user.has_perm(kind.see_rule, record):
        return None
    return kind.url(record)


# --- Governance's own kinds ---------------------------------------------------------------------


def _open_escalations(*, meeting, user):
    """Each workstream's latest published report, when it escalates and no agenda took it yet."""
    from governance.models import AgendaItem, StatusReport, StatusReportState

    report_type = ContentType.objects.get_for_model(StatusReport)
    taken = AgendaItem.objects.filter(source_type=report_type).values("source_id")
    latest = (
        StatusReport.objects.filter(state=StatusReportState.PUBLISHED)
        .order_by("workstream_id", "-period_end", "-pk")
        .distinct("workstream_id")
        .values("pk")
    )
    return (
        StatusReport.objects.visible_to(user)
        .filter(pk__in=latest)
        .exclude(escalations="")
        .exclude(pk__in=taken)
        .select_related("workstream")
        .order_by("workstream__number")
    )


def _previous_minutes(*, meeting, user):
    """The meeting before this one, while its minutes are not adopted."""
    from governance.models import Meeting, MinutesState

    previous = (
        Meeting.objects.visible_to(user)
        .filter(held_on__lt=meeting.held_on, minutes_state=MinutesState.DRAFT)
        .order_by("-held_on", "-pk")[:1]
    )
    return list(previous)


def _overdue_actions(*, meeting, user):
    from governance.models import OPEN_ACTION_STATUSES, Action

    return (
        Action.objects.visible_to(user)
        .filter(status__in=OPEN_ACTION_STATUSES, due_date__lt=datetime.date.today())
        .select_related("workstream")
        .order_by("due_date", "pk")
    )


def _overdue_commitments(*, meeting, user):
    from governance.models import Commitment, CommitmentStatus

    return (
        Commitment.objects.visible_to(user)
        .filter(status=CommitmentStatus.OPEN, due_date__lt=datetime.date.today())
        .select_related("workstream", "council")
        .order_by("due_date", "pk")
    )


def register_governance_kinds() -> None:
    from governance.models import Action, Commitment, Meeting, StatusReport

    kinds.register(
        SuggestionKind(
            key="escalaties",
            label=gettext_lazy("Open escalaties"),
            model=StatusReport,
            order=10,
            candidates=_open_escalations,
            title=lambda report: _("Escalatie %(workstream)s") % {"workstream": report.workstream},
            description=lambda report: report.escalations,
            url=lambda report: reverse("governance:report_detail", args=[report.pk]),
            see_rule="governance.see_status_report",
        )
    )
    kinds.register(
        SuggestionKind(
            key="verslag",
            label=gettext_lazy("Verslag van de vorige vergadering vaststellen"),
            model=Meeting,
            order=30,
            candidates=_previous_minutes,
            title=lambda previous: _("Vaststellen verslag %(meeting)s") % {"meeting": previous},
            url=lambda previous: reverse("governance:meeting_detail", args=[previous.pk]),
            see_rule="governance.see_meeting",
            workstream=lambda previous: None,
        )
    )
    kinds.register(
        SuggestionKind(
            key="acties",
            label=gettext_lazy("Verlopen acties"),
            model=Action,
            order=40,
            candidates=_overdue_actions,
            title=lambda action: _("Verlopen actie: %(title)s") % {"title": action.title},
            description=lambda action: action.description,
            url=lambda action: reverse("governance:action_detail", args=[action.pk]),
            see_rule="governance.see_action",
        )
    )
    kinds.register(
        SuggestionKind(
            key="toezeggingen",
            label=gettext_lazy("Verlopen toezeggingen"),
            model=Commitment,
            order=50,
            candidates=_overdue_commitments,
            title=lambda commitment: (
                _("Verlopen toezegging aan %(council)s") % {"council": commitment.council}
            ),
            description=lambda commitment: commitment.text,
            url=lambda commitment: reverse("governance:commitment_detail", args=[commitment.pk]),
            see_rule="governance.see_commitment",
        )
    )
