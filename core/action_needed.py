"""'Actie nodig': what each user should do next, at the top of their home page.

The home page (governance) shows the items without naming the apps that produce them; each app
registers a `Provider` from its `AppConfig.ready()` (governance: meetings, minutes, escalations,
commitments, stale statuses, overdue milestones and actions, a lead's own workstreams; budget:
changes awaiting approval; maturity: the open round; reports: council reports and failed jobs).

A provider's `items(user=..., today=...)` returns the items for that user, or an empty list. It
decides by the user's roles and rules whom an item concerns, links only to pages the user may
open (the rule that guards the page says yes), and makes a fixed number of queries whatever the
amount of data (`queries`, pinned by tests/core/test_action_needed.py at two data sizes).

The items are per user and depend on today's date and on data of every app, so the home page
never caches them (core.caching covers only the registers and the budget).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from core.registry import Registry

# How many items of one kind a provider lists before it links to the whole list instead.
ITEMS_PER_KIND = 5


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class ActionItem:
    """One thing to do: `label` links to `url`, where it can be done."""

    label: str
    url: str
    kind: str  # short Dutch heading of the kind, e.g. "Vergadering", "Begrotingswijziging"
    date: datetime.date | None = None
    detail: str = ""  # one line under the label
    badge: str = ""  # e.g. "te laat", "12 van 28"
    level: str = "info"  # "danger" (overdue, failed), "warning" (soon, stale) or "info"
    links: tuple[Link, ...] = field(default_factory=tuple)  # further links (agenda, pack)


@dataclass(frozen=True)
class Provider:
    order: int
    items: Callable[..., list[ActionItem]]  # items(user=..., today=...)
    queries: int  # the most queries `items` makes, whatever the amount of data


providers: Registry[Provider] = Registry("actie nodig")


def items_for(user, today: datetime.date | None = None) -> list[ActionItem]:
    """Every provider's items for `user`, in the providers' order."""
    if not (user and user.is_authenticated):
        return []
    today = today or timezone.localdate()
    found: list[ActionItem] = []
    for provider in sorted(providers.values(), key=lambda provider: provider.order):
        found.extend(provider.items(user=user, today=today))
    return found


def query_budget() -> int:
    """The most queries the whole section makes: the sum of the providers' budgets."""
    return sum(provider.queries for provider in providers.values())
