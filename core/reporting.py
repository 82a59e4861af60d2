"""The contract between the council progress report and the apps that fill it.

An app provides chapters by registering a provider, usually in a module
`<app>/report_sections.py` (the reports app imports every installed app's module of that name
at start-up, like the admin's `admin.py`):

    @reporting.sections.register("budget")
    def sections(*, council, period_start, period_end, as_of, shared) -> list[ReportSection]: ...

The report collects what the registered providers return. `data` must be JSON-serialisable
(amounts as strings such as "128000.00", dates as ISO strings): it is frozen in the report's
snapshot and rendered by `template`, which receives it as `data` (and `section` for the title).

`as_of` is the date of the report's data: whatever is judged against "today" (is it late?) is
judged against it, never against the end of the period, so the report is true on the day of
issue. `shared` holds what every council's report of one request has in common (programme-wide
chapters, charts): a provider computes such a part through `shared.get(key, compute)`, and the
reports app computes it once per request instead of once per council.

The registry lives in core so that the apps filling it need not import the reports app.
"""

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from core.registry import Registry

SectionProvider = Callable[..., list["ReportSection"]]


@dataclass(frozen=True)
class ReportSection:
    key: str  # unique, e.g. "budget"
    title: str  # Dutch heading in the report and its table of contents
    template: str  # renders the section from `data`
    order: int  # position in the report; lower first
    data: dict = field(default_factory=dict)


class SharedWork:
    """Parts that the councils' reports of one request share, computed once.

    Values are JSON (the reports app keeps them with the request, so worker processes share
    them too); a computed value goes through JSON at once, so the first council's report sees
    exactly what the others will.
    """

    def __init__(self, values: dict | None = None):
        self.values: dict = dict(values or {})
        self.computed: list[str] = []  # keys computed here (not found), for tests and bench

    def get(self, key: str, compute: Callable[[], object]):
        if key not in self.values:
            self.values[key] = json.loads(json.dumps(compute()))
            self.computed.append(key)
        return self.values[key]


class SectionRegistry(Registry[SectionProvider]):
    """Providers of report sections, by a unique key (normally the app label)."""

    def collect(
        self,
        *,
        council,
        period_start: datetime.date,
        period_end: datetime.date,
        as_of: datetime.date | None = None,
        shared: SharedWork | None = None,
    ) -> list[ReportSection]:
        """All sections for `council` over the period, from every registered provider; by
        default as of today and sharing nothing with other councils' reports."""
        from django.utils import timezone

        as_of = as_of or timezone.localdate()
        shared = SharedWork() if shared is None else shared
        collected: list[ReportSection] = []
        for _key, provider in self:
            collected.extend(
                provider(
                    council=council,
                    period_start=period_start,
                    period_end=period_end,
                    as_of=as_of,
                    shared=shared,
                )
            )
        return sorted(collected, key=lambda section: (section.order, section.key))


sections = SectionRegistry("report sections")
