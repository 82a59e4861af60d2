"""A report section provider for tests only, registered in the test worker
(and, per test, through the `with_test_sections` fixture).

Its content comes from the database, so a test can steer it: every workstream named
"Onderdeel: ..." becomes a section; a workstream named BROKEN_MARKER adds a section whose
template does not exist, which makes rendering fail the way a broken provider would; one
named SLOW_MARKER makes a section long enough to kill a worker in the middle of rendering it.
"""

from contextlib import contextmanager

from core import reporting
from core.reporting import ReportSection

KEY = "tests"
BROKEN_MARKER = "Onderdeel: kapot"
SLOW_MARKER = "Onderdeel: traag"  # a very long table: rendering takes a while
GENERIC_TEMPLATE = "reports/pdf/section_generic.html"


def sections(*, council, period_start, period_end, as_of, shared):
    from governance.models import Workstream

    result = []
    for workstream in Workstream.objects.filter(name__startswith="Onderdeel: ").order_by("number"):
        if workstream.name == BROKEN_MARKER:
            result.append(
                ReportSection(
                    key="kapot",
                    title="Kapot onderdeel",
                    template="reports/pdf/bestaat-niet.html",
                    order=50,
                    data={},
                )
            )
            continue
        rows = 4000 if workstream.name == SLOW_MARKER else 1
        result.append(
            ReportSection(
                key=workstream.slug,
                title=workstream.name.removeprefix("Onderdeel: "),
                template=GENERIC_TEMPLATE,
                order=workstream.number,
                data={
                    "summary": f"Samenvatting voor {council.short_name}: {workstream.goal}",
                    "paragraphs": [workstream.goal],
                    "table": {
                        "caption": "Aandeel per gemeente",
                        "columns": ["Gemeente", "Aandeel"],
                        "rows": [[council.short_name, "128.000,00"]] * rows,
                    },
                },
            )
        )
    return result


@contextmanager
def registered():
    """This provider registered with the report for the duration of the block."""
    reporting.sections.register(KEY, sections)
    try:
        yield
    finally:
        reporting.sections.unregister(KEY)
