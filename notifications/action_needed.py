"""Notifications' item under 'Actie nodig' (core.action_needed): mails that could not be sent,
for the people who look after them (kwartiermaker, beheerder). Registered in
NotificationsConfig.ready()."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.action_needed import ActionItem, Provider, providers
from notifications.selectors import failed_notifications_summary


def failed_mail_items(*, user, today: datetime.date) -> list[ActionItem]:
    if not user.has_perm("notifications.view_failed"):
        return []
    summary = failed_notifications_summary()
    if not summary["count"]:
        return []
    return [
        ActionItem(
            kind=_("E-mail mislukt"),
            label=ngettext(
                "%(n)s e-mail kon niet worden verstuurd",
                "%(n)s e-mails konden niet worden verstuurd",
                summary["count"],
            )
            % {"n": summary["count"]},
            url=reverse("notifications:failed"),
            date=summary["latest"].date() if summary["latest"] else None,
            badge=_("mislukt"),
            level="danger",
        )
    ]


def register() -> None:
    providers.register("notifications.failed", Provider(48, failed_mail_items, queries=1))
