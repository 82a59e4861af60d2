"""Governance's items under 'Actie nodig' (core.action_needed): for the stuurgroep, the
kwartiermaker and the workstream leads. Registered in GovernanceConfig.ready()."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from core import action_needed
from core.action_needed import ITEMS_PER_KIND, ActionItem, Link, Provider, providers
from core.rules import is_stuurgroeplid, is_werkstroomtrekker
from core.templatetags.portal import long_date
from governance import selectors
from governance.models import AgendaState

DUE_SOON_DAYS = 30


def _more(kind: str, count_shown: int, url: str) -> ActionItem:
    return ActionItem(
        label=_("Meer dan %(n)s: bekijk de hele lijst") % {"n": count_shown},
        url=url,
        kind=kind,
    )


def _capped(rows: list, make, *, kind: str, more_url: str) -> list[ActionItem]:
    """Items for the first ITEMS_PER_KIND rows; a link to the whole list when there are more
    (`rows`, one query, was sliced to one row extra to tell)."""
    rows = list(rows)
    items = [make(row) for row in rows[:ITEMS_PER_KIND]]
    if len(rows) > ITEMS_PER_KIND:
        items.append(_more(kind, ITEMS_PER_KIND, more_url))
    return items


def _local_day(published_at) -> datetime.date:
    return timezone.localtime(published_at).date()


def status_age(published_at, today: datetime.date) -> str:
    """'Laatste gepubliceerde status: 12 dagen oud (1 november 2026)' or 'nog geen'."""
    if published_at is None:
        return _("Nog geen gepubliceerde status.")
    day = _local_day(published_at)
    days = (today - day).days
    return ngettext(
        "Laatste gepubliceerde status: %(days)s dag oud (%(date)s).",
        "Laatste gepubliceerde status: %(days)s dagen oud (%(date)s).",
        days,
    ) % {"days": days, "date": long_date(day)}


# --- Stuurgroep ----------------------------------------------------------------------------------


def stuurgroep_items(*, user, today: datetime.date) -> list[ActionItem]:
    """The next meeting, minutes to adopt, open escalations and overdue commitments."""
    if not is_stuurgroeplid(user):
        return []
    items: list[ActionItem] = []
    meeting = selectors.next_meeting(user=user, today=today)
    if meeting is not None and user.has_perm("governance.see_meeting", meeting):
        items.append(_meeting_item(meeting, user))
        # Agendas published further ahead are news too (one query, without the extra links).
        kind = _("Agenda gepubliceerd")
        items += _capped(
            selectors.later_published_meetings(user=user, today=today, after=meeting)[
                : ITEMS_PER_KIND + 1
            ],
            lambda later: ActionItem(
                kind=kind,
                label=later.title or _("Stuurgroepvergadering"),
                url=reverse("governance:meeting_detail", args=[later.pk]),
                date=later.held_on,
                badge=_("agenda gepubliceerd"),
                level="success",
            ),
            kind=kind,
            more_url=reverse("governance:meeting_list"),
        )
    if user.has_perm("governance.adopt_minutes"):
        kind = _("Notulen vaststellen")
        items += _capped(
            selectors.minutes_awaiting_adoption(user=user, today=today)[: ITEMS_PER_KIND + 1],
            lambda meeting: ActionItem(
                kind=kind,
                label=_("Notulen van %(meeting)s") % {"meeting": meeting.title},
                url=reverse("governance:meeting_detail", args=[meeting.pk]),
                date=meeting.held_on,
                badge=_("concept"),
                level="warning",
            ),
            kind=kind,
            more_url=reverse("governance:meeting_list") + "?minutes_state=concept",
        )
    kind = _("Escalatie")
    items += _capped(
        selectors.open_escalations(user=user)[: ITEMS_PER_KIND + 1],
        lambda workstream: ActionItem(
            kind=kind,
            label=_("%(workstream)s: %(text)s")
            % {"workstream": workstream.name, "text": _shorten(workstream.current_escalations)},
            url=reverse("governance:report_detail", args=[workstream.current_report_id]),
            date=workstream.current_period_end,
            level="warning",
        ),
        kind=kind,
        more_url=reverse("home") + "#werkstromen",
    )
    kind = _("Toezegging te laat")
    items += _capped(
        selectors.commitments_due(user=user, until=today - datetime.timedelta(days=1))[
            : ITEMS_PER_KIND + 1
        ],
        lambda commitment: _commitment_item(commitment, today, kind),
        kind=kind,
        more_url=reverse("governance:commitment_list") + "?status=open",
    )
    return items


def _meeting_item(meeting, user) -> ActionItem:
    """The next meeting: when and where, the agenda's state, its agenda and calendar file, and
    what other apps add (the meeting pack, from reports)."""
    published = meeting.agenda_state == AgendaState.PUBLISHED
    parts = []
    if meeting.start_time:
        times = time_format(meeting.start_time, "H:i")
        if meeting.end_time:
            times += "–" + time_format(meeting.end_time, "H:i")
        parts.append(times)
    if meeting.location:
        parts.append(meeting.location)
    parts.append(
        ngettext("%(n)s agendapunt", "%(n)s agendapunten", meeting.agenda_count)
        % {"n": meeting.agenda_count}
    )
    links = []
    if published:
        links.append(Link(_("Agenda"), reverse("governance:meeting_agenda", args=[meeting.pk])))
    links.append(
        Link(_("In uw agenda (.ics)"), reverse("governance:meeting_ics", args=[meeting.pk]))
    )
    links.extend(action_needed.links_for(user=user, record=meeting))
    return ActionItem(
        kind=_("Volgende vergadering"),
        label=meeting.title or _("Stuurgroepvergadering"),
        url=reverse("governance:meeting_detail", args=[meeting.pk]),
        date=meeting.held_on,
        detail=" · ".join(parts),
        badge=_("agenda gepubliceerd") if published else _("agenda in voorbereiding"),
        level="success" if published else "secondary",
        links=tuple(links),
    )


def _shorten(text: str, words: int = 20) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _commitment_item(commitment, today, kind) -> ActionItem:
    overdue = commitment.due_date < today
    return ActionItem(
        kind=kind,
        label=_("%(council)s: %(text)s")
        % {"council": commitment.council, "text": _shorten(commitment.text, 15)},
        url=reverse("governance:commitment_detail", args=[commitment.pk]),
        date=commitment.due_date,
        badge=_("te laat") if overdue else "",
        level="danger" if overdue else "warning",
    )


# --- Kwartiermaker -------------------------------------------------------------------------------


def kwartiermaker_items(*, user, today: datetime.date) -> list[ActionItem]:
    """Stale statuses, overdue milestones and actions, commitments due within 30 days."""
    # Programme-wide status work (object None) is the kwartiermaker's.
    if not user.has_perm("governance.edit_workstream_status", None):
        return []
    items: list[ActionItem] = []
    kind = _("Status verouderd")
    for workstream in selectors.workstreams_with_latest_status(user=user):
        if selectors.is_stale(workstream.latest_published_at, today):
            items.append(
                ActionItem(
                    kind=kind,
                    label=_("Nieuwe statusrapportage: %(workstream)s")
                    % {"workstream": workstream.name},
                    url=reverse("governance:report_create", args=[workstream.slug]),
                    detail=status_age(workstream.latest_published_at, today),
                    badge=_("verouderd"),
                    level="warning",
                )
            )
    kind = _("Mijlpaal te laat")
    items += _capped(
        selectors.milestones_due(user=user, until=today - datetime.timedelta(days=1))[
            : ITEMS_PER_KIND + 1
        ],
        lambda milestone: _milestone_item(milestone, today, kind),
        kind=kind,
        more_url=reverse("governance:milestone_list"),
    )
    if user.has_perm("governance.manage_actions"):
        kind = _("Actie te laat")
        items += _capped(
            selectors.actions_due(user=user, until=today - datetime.timedelta(days=1))[
                : ITEMS_PER_KIND + 1
            ],
            lambda action: _action_item(action, today, kind),
            kind=kind,
            more_url=reverse("governance:action_list") + "?open_only=true",
        )
    if user.has_perm("governance.manage_commitments"):
        kind = _("Toezegging binnen %(days)s dagen") % {"days": DUE_SOON_DAYS}
        items += _capped(
            selectors.commitments_due(
                user=user, until=today + datetime.timedelta(days=DUE_SOON_DAYS)
            )[: ITEMS_PER_KIND + 1],
            lambda commitment: _commitment_item(commitment, today, kind),
            kind=kind,
            more_url=reverse("governance:commitment_list") + "?status=open",
        )
    return items


def _milestone_item(milestone, today, kind) -> ActionItem:
    overdue = milestone.due_date < today
    return ActionItem(
        kind=kind,
        label=_("%(workstream)s: %(title)s")
        % {"workstream": milestone.workstream.name, "title": milestone.title},
        url=reverse("governance:milestone_detail", args=[milestone.pk]),
        date=milestone.due_date,
        badge=_("te laat") if overdue else "",
        level="danger" if overdue else "warning",
    )


def _action_item(action, today, kind) -> ActionItem:
    overdue = action.due_date < today
    return ActionItem(
        kind=kind,
        label=action.title,
        url=reverse("governance:action_detail", args=[action.pk]),
        date=action.due_date,
        detail=str(action.owner or action.owner_organisation or ""),
        badge=_("te laat") if overdue else "",
        level="danger" if overdue else "warning",
    )


# --- Workstream leads ----------------------------------------------------------------------------


def lead_items(*, user, today: datetime.date) -> list[ActionItem]:
    """A lead's own workstreams (with the age of their latest status, a prefilled new report)
    and their milestones and actions due within 30 days or overdue."""
    if not is_werkstroomtrekker(user):
        return []
    workstreams = [
        workstream
        for workstream in selectors.led_workstreams(user=user)
        if user.has_perm("governance.edit_workstream_status", workstream)
    ]
    if not workstreams:
        return []
    items: list[ActionItem] = []
    for workstream in workstreams:
        stale = selectors.is_stale(workstream.latest_published_at, today)
        items.append(
            ActionItem(
                kind=pgettext("action needed", "Uw werkstroom"),
                label=_("Nieuwe statusrapportage: %(workstream)s")
                % {"workstream": workstream.name},
                url=reverse("governance:report_create", args=[workstream.slug]),
                detail=status_age(workstream.latest_published_at, today),
                badge=_("verouderd") if stale else "",
                level="warning" if stale else "info",
            )
        )
    ids = [workstream.pk for workstream in workstreams]
    until = today + datetime.timedelta(days=DUE_SOON_DAYS)
    kind = _("Mijlpaal binnenkort of te laat")
    items += _capped(
        selectors.milestones_due(user=user, until=until, workstream_ids=ids)[: ITEMS_PER_KIND + 1],
        lambda milestone: _milestone_item(milestone, today, kind),
        kind=kind,
        more_url=reverse("governance:milestone_list"),
    )
    kind = _("Actie binnenkort of te laat")
    items += _capped(
        selectors.actions_due(user=user, until=until, workstream_ids=ids)[: ITEMS_PER_KIND + 1],
        lambda action: _action_item(action, today, kind),
        kind=kind,
        more_url=reverse("governance:action_list") + "?open_only=true",
    )
    return items


def register() -> None:
    # The stuurgroep's: four, plus what other apps' links to the next meeting cost (the pack).
    providers.register(
        "governance.stuurgroep",
        Provider(
            10,
            stuurgroep_items,
            queries=5,
            links_to="governance.meeting",
            data_groups=("core", "governance"),
        ),
    )
    providers.register(
        "governance.kwartiermaker",
        Provider(30, kwartiermaker_items, queries=4, data_groups=("core", "governance")),
    )
    providers.register(
        "governance.lead", Provider(50, lead_items, queries=3, data_groups=("core", "governance"))
    )
