"""Panels on the stuurgroep dashboard that other apps contribute (the budget burn, ...), and
the sections they add to the page "what changed since the last stuurgroep" (budget changes).

The dashboard (governance) shows the registered panels without naming their apps; an app
registers a `Panel` from its `AppConfig.ready()`. `data(user=...)` returns what the panel's
template shows (as `data`), or something empty to leave the panel out for that user.
"""

from collections.abc import Callable
from dataclasses import dataclass

from core.registry import Registry


@dataclass(frozen=True)
class Panel:
    order: int
    template: str
    data: Callable[..., object]
    data_group: str  # whose writes change the panel (core.caching.DATA_GROUPS)


panels: Registry[Panel] = Registry("dashboard panels")


def data_groups() -> list[str]:
    """The data groups the registered panels show, for the dashboard's cache key."""
    return sorted({panel.data_group for panel in panels.values()})


def panels_for(user) -> list[dict]:
    """The panels `user` gets, in order: [{"template", "data"}]."""
    shown = []
    for panel in sorted(panels.values(), key=lambda panel: panel.order):
        data = panel.data(user=user)
        if data:
            shown.append({"template": panel.template, "data": data})
    return shown


@dataclass(frozen=True)
class ChangesSection:
    """A part of the changes page: `data(user=..., since=...)` lists what the app recorded
    after `since` (by the records' history, core.selectors.changed_since), or something empty
    to leave the section out for that user."""

    order: int
    template: str
    data: Callable[..., object]
    data_group: str


change_sections: Registry[ChangesSection] = Registry("changes since the last meeting")


def change_sections_for(user, since) -> list[dict]:
    """The sections `user` gets on the changes page, in order: [{"template", "data"}]."""
    shown = []
    for section in sorted(change_sections.values(), key=lambda section: section.order):
        data = section.data(user=user, since=since)
        if data:
            shown.append({"template": section.template, "data": data})
    return shown


def change_data_groups() -> list[str]:
    return sorted({section.data_group for section in change_sections.values()})
