"""The contract between the council progress report and the capabilities that fill it.

Each app may have a module `<app>/report_sections.py` with

    def sections(*, council, period_start, period_end) -> list[ReportSection]

The report collects the sections of every app that has one, so it works with whatever
capabilities exist and fills in as they land. `data` must be JSON-serialisable (amounts as
strings such as "128000.00", dates as ISO strings): it is frozen in the report's snapshot and
rendered by `template`, which receives it as `data` (and `section` for the title).
"""

import datetime
from dataclasses import dataclass, field
from importlib import import_module

REPORT_SECTION_MODULES = [
    "governance.report_sections",
    "budget.report_sections",
    "maturity.report_sections",
]


@dataclass(frozen=True)
class ReportSection:
    key: str  # unique, e.g. "budget"
    title: str  # Dutch heading in the report and its table of contents
    template: str  # renders the section from `data`
    order: int  # position in the report; lower first
    data: dict = field(default_factory=dict)


def collect_sections(
    *, council, period_start: datetime.date, period_end: datetime.date
) -> list[ReportSection]:
    """All sections for `council` over the period, from every app that provides them."""
    collected: list[ReportSection] = []
    for name in REPORT_SECTION_MODULES:
        try:
            module = import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        collected.extend(
            module.sections(council=council, period_start=period_start, period_end=period_end)
        )
    return sorted(collected, key=lambda section: (section.order, section.key))
