"""The events the portal mails about, and the registries the domain apps fill.

An event names its preference group, its subject and its templates
(templates/notifications/mail/<template>.txt and .html). The domain apps announce events with
notifications.services.notify() from their own services; what beat looks for every day or
week (due actions, stale statuses, rounds about to close) the apps register here from their
AppConfig.ready(), so this app never imports them.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.registry import Registry
from notifications.models import Delivery, Group


@dataclass(frozen=True)
class Event:
    key: str
    group: str | None  # None: not a preference of its own (the daily digest)
    subject: Promise  # formatted with the event's context, in the recipient's language
    template: str
    description: Promise
    # A digest by nature (the reminders): "daily digest" then means the same as "immediately".
    is_digest: bool = False


events: Registry[Event] = Registry("notification events")


def _event(key, group, subject, description, *, is_digest=False) -> Event:
    return events.register(key, Event(key, group, subject, key, description, is_digest))


REPORT_READY = _event(
    "report_ready",
    Group.REPORTS,
    _("Raadsrapportage %(council)s gereed"),
    _("Een raadsrapportage is klaar: aan de griffier(s) van die gemeente en de aanvrager."),
)
BUDGET_CHANGE_PROPOSED = _event(
    "budget_change_proposed",
    Group.BUDGET,
    _("Begrotingswijziging voorgesteld: %(title)s"),
    _("Een begrotingswijziging is voorgesteld: aan de stuurgroep, behalve de indiener."),
)
BUDGET_CHANGE_APPROVED = _event(
    "budget_change_approved",
    Group.BUDGET,
    _("Begrotingswijziging goedgekeurd: %(title)s"),
    _("Uw begrotingswijziging is goedgekeurd: aan de indiener."),
)
BUDGET_CHANGE_REJECTED = _event(
    "budget_change_rejected",
    Group.BUDGET,
    _("Begrotingswijziging afgewezen: %(title)s"),
    _("Uw begrotingswijziging is afgewezen: aan de indiener."),
)
AGENDA_PUBLISHED = _event(
    "agenda_published",
    Group.MEETINGS,
    _("Agenda %(title)s"),
    _("Een agenda is gepubliceerd, met uitnodiging (.ics): aan stuurgroep en kwartiermaker."),
)
AGENDA_CHANGED = _event(
    "agenda_changed",
    Group.MEETINGS,
    _("Agenda gewijzigd: %(title)s"),
    _("Een gepubliceerde agenda is gewijzigd: aan stuurgroep en kwartiermaker."),
)
MEETING_PAPERS_CHANGED = _event(
    "meeting_papers_changed",
    Group.MEETINGS,
    _("Vergaderstukken gewijzigd: %(title)s"),
    _(
        "Bij een gepubliceerde agenda is een stuk toegevoegd, vervangen of verwijderd: aan "
        "stuurgroep en kwartiermaker."
    ),
)
MINUTES_READY = _event(
    "minutes_ready",
    Group.MEETINGS,
    _("Verslag ter vaststelling: %(title)s"),
    _("Een verslag is klaar om vast te stellen: aan de stuurgroep."),
)
REMINDERS_DUE = _event(
    "reminders_due",
    Group.REMINDERS,
    ngettext_lazy(
        "Herinnering: %(count)s actie of mijlpaal vraagt aandacht",
        "Herinnering: %(count)s acties en mijlpalen vragen aandacht",
        "count",
    ),
    _("Acties en mijlpalen die binnen 7 dagen moeten of te laat zijn: dagelijks aan de eigenaar."),
    is_digest=True,
)
STATUS_STALE = _event(
    "status_stale",
    Group.REMINDERS,
    ngettext_lazy(
        "Herinnering: %(count)s werkstroom zonder recente statusrapportage",
        "Herinnering: %(count)s werkstromen zonder recente statusrapportage",
        "count",
    ),
    _("Werkstromen zonder recente statusrapportage: wekelijks aan trekker en kwartiermaker."),
    is_digest=True,
)
ROUND_OPENED = _event(
    "maturity_round_opened",
    Group.MATURITY,
    _("Volwassenheidsmeting %(round)s is geopend"),
    _("Een meting gaat open: aan de respondenten van elke organisatie."),
)
ROUND_CLOSING = _event(
    "maturity_round_closing",
    Group.MATURITY,
    _("Volwassenheidsmeting %(round)s sluit binnenkort"),
    _("Een meting sluit binnen 7 dagen: aan respondenten die nog niet hebben ingediend."),
)
ASSESSMENT_REOPENED = _event(
    "assessment_reopened",
    Group.MATURITY,
    _("Zelfscore %(round)s heropend"),
    _("De zelfscores van uw organisatie zijn heropend: aan de respondenten van die organisatie."),
)
DIGEST = _event(
    "digest",
    None,
    ngettext_lazy(
        "Dagelijks overzicht: %(count)s melding",
        "Dagelijks overzicht: %(count)s meldingen",
        "count",
    ),
    _("Het dagelijkse overzicht van meldingen waarvoor u 'dagelijks overzicht' koos."),
)

# What a user without a choice of their own gets.
DEFAULT_DELIVERY = dict.fromkeys(Group.values, Delivery.IMMEDIATELY)


# --- What beat looks for (filled by the domain apps) -------------------------------------------
@dataclass(frozen=True)
class ReminderItem:
    """One line of a reminder digest: `section` groups the lines in the mail."""

    recipient_id: int
    section: str
    title: str
    url: str
    date: datetime.date | None = None
    overdue: bool = False


@dataclass(frozen=True)
class ReminderSource:
    """Items for a digest event (`event`), collected daily or weekly by beat."""

    event: str
    cadence: str  # "daily" | "weekly"
    items: Callable[[datetime.date], Iterable[ReminderItem]]
    # More for the mail's text, e.g. the threshold it speaks of.
    context: Callable[[], dict] = dict


reminder_sources: Registry[ReminderSource] = Registry("notification reminder sources")


@dataclass(frozen=True)
class ScheduledCheck:
    """A daily check that announces events itself (e.g. a round about to close)."""

    run: Callable[[datetime.date], int]


scheduled_checks: Registry[ScheduledCheck] = Registry("notification scheduled checks")
