"""The main navigation: each item shows only to users holding its rule.

The apps add their items from their `AppConfig.ready()` (`menu.register(...)`); `order`
places them in the bar. Items with a `group` are shown together under one dropdown (the
registers would otherwise crowd the bar).
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import Registry


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    rule: str
    order: int
    group: str | None = None


menu: Registry[NavItem] = Registry("navigation")


def register(*items: NavItem) -> None:
    """Add items to the bar, keyed by their URL name."""
    for item in items:
        menu.register(item.url_name, item)


register(
    NavItem(_("Overzicht"), "home", "core.use_portal", order=0),
    NavItem(_("Systeemstatus"), "core:system_status", "core.check_worker", order=90),
    NavItem(_("Beheer"), "admin:index", "core.use_admin", order=91),
)


def _is_active(url: str, current_path: str) -> bool:
    return current_path == url if url == "/" else current_path.startswith(url)


def nav_for(user, current_path: str) -> list[dict]:
    """Top-level entries: links, or groups with `children` (in `order`)."""
    entries: list[dict] = []
    groups: dict[str, dict] = {}
    for item in sorted(menu.values(), key=lambda item: item.order):
        if not user.has_perm(item.rule):
            continue
        url = reverse(item.url_name)
        link = {"label": item.label, "url": url, "active": _is_active(url, current_path)}
        if item.group is None:
            entries.append(link)
            continue
        group = groups.get(item.group)
        if group is None:
            group = groups[item.group] = {"label": item.group, "children": [], "active": False}
            entries.append(group)
        group["children"].append(link)
        group["active"] = group["active"] or link["active"]
    return entries
