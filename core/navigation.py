"""The main navigation: each item shows only to users holding its rule."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    rule: str


NAV_ITEMS = [
    NavItem(_("Overzicht"), "home", "core.use_portal"),
    # governance items
    # budget items
    # maturity items
    NavItem(_("Rapportages"), "governance_reports:list", "governance.list_council_reports"),
    NavItem(_("Systeemstatus"), "core:system_status", "core.check_worker"),
    NavItem(_("Beheer"), "admin:index", "core.use_admin"),
]


def nav_for(user, current_path: str) -> list[dict]:
    items = []
    for item in NAV_ITEMS:
        if not user.has_perm(item.rule):
            continue
        url = reverse(item.url_name)
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": item.label, "url": url, "active": active})
    return items
