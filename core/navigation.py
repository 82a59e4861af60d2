"""The main navigation: each item shows only to users holding its rule.

Items with a `group` are shown together under one dropdown (the registers would otherwise
crowd the bar).
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

REGISTERS = _("Sturing")


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    rule: str
    group: str | None = None


NAV_ITEMS = [
    NavItem(_("Overzicht"), "home", "core.use_portal"),
    NavItem(
        _("Statusrapportages"), "governance:report_list", "governance.see_registers", REGISTERS
    ),
    NavItem(_("Mijlpalen"), "governance:milestone_list", "governance.see_registers", REGISTERS),
    NavItem(_("Vergaderingen"), "governance:meeting_list", "governance.see_registers", REGISTERS),
    NavItem(_("Besluiten"), "governance:decision_list", "governance.see_registers", REGISTERS),
    NavItem(_("Acties"), "governance:action_list", "governance.see_registers", REGISTERS),
    NavItem(_("Toezeggingen"), "governance:commitment_list", "governance.see_registers", REGISTERS),
    NavItem(_("Risico's"), "governance:risk_list", "governance.see_registers", REGISTERS),
    NavItem(_("Kennisgroep"), "governance:roles", "governance.see_registers", REGISTERS),
    NavItem(_("Begroting"), "budget:index", "budget.see_budget"),
    NavItem(_("Digitale volwassenheid"), "maturity:round_list", "maturity.see_results"),
    NavItem(_("Raadsrapportages"), "reports:list", "reports.list_council_reports"),
    NavItem(_("Systeemstatus"), "core:system_status", "core.check_worker"),
    NavItem(_("Beheer"), "admin:index", "core.use_admin"),
    NavItem(_("Wijzigingslogboek"), "audit:events", "audit.view_audit"),
    NavItem(_("Toegangsoverzicht"), "audit:access_review", "audit.view_audit"),
]


def _is_active(url: str, current_path: str) -> bool:
    return current_path == url if url == "/" else current_path.startswith(url)


def nav_for(user, current_path: str) -> list[dict]:
    """Top-level entries: links, or groups with `children` (in NAV_ITEMS order)."""
    entries: list[dict] = []
    groups: dict[str, dict] = {}
    for item in NAV_ITEMS:
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
