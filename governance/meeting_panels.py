"""Panels on a meeting's page that other apps contribute (the meeting pack, ...).

The meeting page (governance) shows the registered panels without naming their apps, the way
the dashboard shows its panels (core.dashboard); an app registers a `MeetingPanel` from its
`AppConfig.ready()`. `data(user=..., meeting=...)` returns what the panel's template shows (as
`data`), or something empty to leave the panel out for that user.
"""

from collections.abc import Callable
from dataclasses import dataclass

from core.registry import Registry


@dataclass(frozen=True)
class MeetingPanel:
    order: int
    template: str
    data: Callable[..., object]


panels: Registry[MeetingPanel] = Registry("meeting page panels")


def panels_for(*, user, meeting) -> list[dict]:
    """The panels `user` gets on `meeting`'s page, in order: [{"template", "data"}]."""
    shown = []
    for panel in sorted(panels.values(), key=lambda panel: panel.order):
        data = panel.data(user=user, meeting=meeting)
        if data:
            shown.append({"template": panel.template, "data": data})
    return shown
