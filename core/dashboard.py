"""Panels on the stuurgroep dashboard that other apps contribute (the budget burn, ...).

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
