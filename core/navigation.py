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
    NavItem(_("Statusrapportages"), "governance:report_list", "governance.see_registers"),
    NavItem(_("Mijlpalen"), "governance:milestone_list", "governance.see_registers"),
    NavItem(_("Vergaderingen"), "governance:meeting_list", "governance.see_registers"),
    NavItem(_("Besluiten"), "governance:decision_list", "governance.see_registers"),
    NavItem(_("Acties"), "governance:action_list", "governance.see_registers"),
    NavItem(_("Toezeggingen"), "governance:commitment_list", "governance.see_registers"),
    NavItem(_("Risico's"), "governance:risk_list", "governance.see_registers"),
    NavItem(_("Kennisgroep"), "governance:roles", "governance.see_registers"),
    NavItem(_("Begroting"), "budget:index", "budget.see_budget"),
    NavItem(_("Digitale volwassenheid"), "maturity:round_list", "maturity.see_results"),
    NavItem(_("Raadsrapportages"), "governance_reports:list", "governance.list_council_reports"),
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
