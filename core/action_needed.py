"""'Actie nodig': what each user should do next, at the top of their home page.

The home page (governance) shows the items without naming the apps that produce them; each app
registers a `Provider` from its `AppConfig.ready()` (governance: meetings, minutes, escalations,
commitments, stale statuses, overdue milestones and actions, a lead's own workstreams; budget:
changes awaiting approval; maturity: the open round; reports: council reports and failed jobs).

A provider's `items(user=..., today=...)` returns the items for that user, or an empty list. It
decides by the user's roles and rules whom an item concerns, links only to pages the user may
open (the rule that guards the page says yes), and makes a fixed number of queries whatever the
amount of data (`budget`, pinned by tests/core/test_action_needed.py at two data sizes).
Another app may add links to an item about one of its records through `extra_links` (the meeting
pack on the next meeting).

The items are per user and depend on today's date and on data of every app. A provider that
names the data groups it reads (`data_groups`, core.caching; with those of the extra links it
asks for) has its items kept in the home page's cache, keyed on the user, today and those
groups' versions (`items_for(..., cache=...)`); the others are read on every request (maturity
and the mail log are no data group; a griffier's items depend on their last visit to the
reports' list, which is written on reading).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from core.caching import cached_value
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
    queries: int  # the most queries `items` makes itself, whatever the amount of data
    links_to: str = ""  # the model whose records' extra links (`links_for`) the items carry
    # The data groups (core.caching) `items` reads besides the user and today: with them the
    # items are cached (see the module's docstring); empty, they are read on every request.
    data_groups: tuple[str, ...] = ()

    @property
    def budget(self) -> int:
        """Its own queries and those of the extra links it asks for."""
        return self.queries + (extra_link_queries(self.links_to) if self.links_to else 0)

    @property
    def cached_groups(self) -> tuple[str, ...]:
        """Every group its items read, its extra links' included; () when any part of them
        reads data outside the groups (then they are never cached)."""
        if not self.data_groups:
            return ()
        groups = set(self.data_groups)
        if self.links_to:
            for entry in extra_links.values():
                if entry.model == self.links_to:
                    if not entry.data_groups:
                        return ()
                    groups |= set(entry.data_groups)
        return tuple(sorted(groups))


providers: Registry[Provider] = Registry("actie nodig")


@dataclass(frozen=True)
class ExtraLinks:
    """Links another app adds to the item about a record of `model` (e.g. the meeting pack to
    the next meeting, by reports): the item's provider asks `links_for`, never the app."""

    model: str  # the record's model label, lower case: "governance.meeting"
    links: Callable[..., list[Link]]  # links(user=..., record=...), only links the user may open
    queries: int
    data_groups: tuple[str, ...] = ()  # what `links` reads (as Provider.data_groups)


extra_links: Registry[ExtraLinks] = Registry("actie nodig: extra links")


def links_for(*, user, record) -> list[Link]:
    """What the apps add to an item about `record`, in registration order."""
    label = record._meta.label_lower
    found: list[Link] = []
    for entry in extra_links.values():
        if entry.model == label:
            found.extend(entry.links(user=user, record=record))
    return found


def extra_link_queries(model: str) -> int:
    """The queries the extra links of `model`'s records make: part of the asking provider's
    budget."""
    return sum(entry.queries for entry in extra_links.values() if entry.model == model)


def data_groups() -> tuple[str, ...]:
    """The data groups the cached providers read: what the page's cache key must cover."""
    return tuple(sorted({group for p in providers.values() for group in p.cached_groups}))


def items_for(user, today: datetime.date | None = None, *, cache=None) -> list[ActionItem]:
    """Every provider's items for `user`, in the providers' order. With `cache` (the page's
    core.caching.page_cache for this user and today, versioned on `data_groups()`), the items
    of the providers that name their data groups come from the cache when it has them."""
    if not (user and user.is_authenticated):
        return []
    today = today or timezone.localdate()
    ordered = sorted(providers, key=lambda entry: entry[1].order)
    cached: dict[str, list[ActionItem]] = {}
    if cache is not None:
        keep = [(key, provider) for key, provider in ordered if provider.cached_groups]
        cached = cached_value(
            cache,
            "action_needed",
            lambda: {key: provider.items(user=user, today=today) for key, provider in keep},
            groups={group for _key, provider in keep for group in provider.cached_groups},
        )
    found: list[ActionItem] = []
    for key, provider in ordered:
        if key in cached:
            found.extend(cached[key])
        else:
            found.extend(provider.items(user=user, today=today))
    return found


def query_budget() -> int:
    """The most queries the whole section makes: the sum of the providers' budgets (a
    provider's budget includes the extra links it asks for)."""
    return sum(provider.budget for provider in providers.values())
