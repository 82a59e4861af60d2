"""Council reports' items under 'Actie nodig' (core.action_needed): for a griffier the latest
report and what was issued since their last visit; for the kwartiermaker a quarter that ended
without council reports and failed report jobs. Registered in ReportsConfig.ready()."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from core.action_needed import (
    ITEMS_PER_KIND,
    ActionItem,
    ExtraLinks,
    Link,
    Provider,
    extra_links,
    providers,
)
from core.rules import is_griffier, is_kwartiermaker
from reports.models import PeriodKind
from reports.periods import period_bounds, period_label
from reports.selectors import (
    councils_without_report,
    current_meeting_pack,
    failed_reports,
    issued_since_last_visit,
    latest_issued_report,
)


def _label(report) -> str:
    return period_label(kind=report.period_kind, start=report.period_start, end=report.period_end)


def griffier_items(*, user, today: datetime.date) -> list[ActionItem]:
    """The latest report for the griffier's council, and every version issued since they last
    opened the reports' list."""
    if not is_griffier(user) or not user.has_perm("reports.list_council_reports"):
        return []
    items = []
    latest = latest_issued_report(user=user)
    new = list(issued_since_last_visit(user=user)[: ITEMS_PER_KIND + 1])
    new_ids = {report.pk for report in new}
    if latest is not None:
        items.append(
            ActionItem(
                kind=_("Laatste raadsrapportage"),
                label=_("%(council)s, %(period)s (versie %(version)s)")
                % {"council": latest.council, "period": _label(latest), "version": latest.version},
                url=reverse("reports:detail", args=[latest.pk]),
                date=latest.finished_at.date() if latest.finished_at else None,
                badge=_("nieuw") if latest.pk in new_ids else "",
                level="warning" if latest.pk in new_ids else "info",
                links=(Link(_("PDF downloaden"), reverse("reports:download", args=[latest.pk])),),
            )
        )
    kind = _("Nieuw sinds uw vorige bezoek")
    shown = [report for report in new if latest is None or report.pk != latest.pk]
    items += [
        ActionItem(
            kind=kind,
            label=_("%(council)s, %(period)s (versie %(version)s)")
            % {"council": report.council, "period": _label(report), "version": report.version},
            url=reverse("reports:detail", args=[report.pk]),
            date=report.finished_at.date() if report.finished_at else None,
            badge=_("nieuw"),
            level="warning",
        )
        for report in shown[:ITEMS_PER_KIND]
    ]
    if len(new) > ITEMS_PER_KIND:
        items.append(
            ActionItem(
                kind=kind,
                label=_("Meer dan %(n)s: bekijk alle rapportages") % {"n": ITEMS_PER_KIND},
                url=reverse("reports:list"),
            )
        )
    return items


def last_ended_quarter(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """First and last day of the quarter before the one `today` is in."""
    quarter = (today.month - 1) // 3 + 1
    year, quarter = (today.year - 1, 4) if quarter == 1 else (today.year, quarter - 1)
    return period_bounds(kind=PeriodKind.QUARTER, year=year, part=quarter)


def kwartiermaker_items(*, user, today: datetime.date) -> list[ActionItem]:
    """The last ended quarter's councils without a report; failed report jobs."""
    if not (is_kwartiermaker(user) and user.has_perm("reports.request_council_report")):
        return []
    items = []
    start, end = last_ended_quarter(today)
    missing = list(councils_without_report(start=start, end=end))
    if missing:
        items.append(
            ActionItem(
                kind=_("Raadsrapportages ontbreken"),
                label=_("%(period)s is afgelopen zonder rapportage voor %(councils)s")
                % {
                    "period": period_label(kind=PeriodKind.QUARTER, start=start, end=end),
                    "councils": ", ".join(str(council) for council in missing),
                },
                url=reverse("reports:request"),
                date=end,
                badge=str(len(missing)),
                level="warning",
            )
        )
    kind = _("Rapportage mislukt")
    failed = list(failed_reports(user=user)[: ITEMS_PER_KIND + 1])
    items += [
        ActionItem(
            kind=kind,
            label=_("%(council)s, %(period)s")
            % {"council": report.council, "period": _label(report)},
            url=reverse("reports:detail", args=[report.pk]),
            date=report.requested_at.date(),
            detail=report.failure_reason,
            badge=_("mislukt"),
            level="danger",
        )
        for report in failed[:ITEMS_PER_KIND]
    ]
    if len(failed) > ITEMS_PER_KIND:
        items.append(
            ActionItem(
                kind=kind,
                label=_("Meer dan %(n)s: bekijk alle rapportages") % {"n": ITEMS_PER_KIND},
                url=reverse("reports:list"),
            )
        )
    return items


def meeting_pack_links(*, user, record) -> list[Link]:
    """The next meeting's pack (the newest finished version) for whoever may read it."""
    pack = current_meeting_pack(user=user, meeting=record)
    if pack is None or not user.has_perm("reports.download_meeting_pack", pack):
        return []
    return [
        Link(
            _("Vergaderstukken (PDF, versie %(version)s)") % {"version": pack.version},
            reverse("reports:meeting_pack_download", args=[pack.pk]),
        )
    ]


def register() -> None:
    # Not cached: what is new depends on the griffier's last visit to the list, written on
    # reading it (no data group).
    providers.register("reports.griffier", Provider(70, griffier_items, queries=2))
    providers.register(
        "reports.kwartiermaker",
        Provider(45, kwartiermaker_items, queries=2, data_groups=("core", "reports")),
    )
    extra_links.register(
        "reports.meeting_pack",
        ExtraLinks(
            model="governance.meeting",
            links=meeting_pack_links,
            queries=1,
            data_groups=("core", "reports"),
        ),
    )
