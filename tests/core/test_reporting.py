import datetime

import pytest

from core.reporting import ReportSection, SectionRegistry, sections

DAY = datetime.date(2026, 3, 31)


def _provider(key, order):
    def provide(*, council, period_start, period_end, as_of, shared):
        return [ReportSection(key=key, title=key, template="t.html", order=order)]

    return provide


def test_every_app_registers_its_chapters_at_start_up():
    assert {"governance", "budget", "maturity"} <= {key for key, _provider in sections}


def test_sections_come_from_registered_providers_in_order():
    registry = SectionRegistry("test")
    registry.register("late", _provider("late", 20))

    @registry.register("early")
    def early(*, council, period_start, period_end, as_of, shared):
        return [ReportSection(key="early", title="early", template="t.html", order=10)]

    collected = registry.collect(council=None, period_start=DAY, period_end=DAY)
    assert [section.key for section in collected] == ["early", "late"]

    registry.unregister("early")
    collected = registry.collect(council=None, period_start=DAY, period_end=DAY)
    assert [section.key for section in collected] == ["late"]


def test_a_second_provider_under_a_taken_key_is_refused():
    registry = SectionRegistry("test")
    registry.register("budget", _provider("budget", 30))
    with pytest.raises(ValueError, match="budget"):
        registry.register("budget", _provider("other", 40))
