"""Council reports in `make bench`, and the rendering benchmark.

As a bench module: the report pages with `factor` times a year of reports for four councils.

As a script (`python -m benchmarks.bench_reports`, on the separate `wbw_bench` database): the
whole report task next to WeasyPrint alone on the same HTML, for a short (7-page) and a
~30-page report, and the process's memory over 50 consecutive renders (the task runs in this process
exactly as in a `--pool=solo` worker; only the broker round trip is left out).
It measures; it does not pass or fail.
"""

import datetime
import os
import statistics
import tempfile
import time
from importlib import import_module
from pathlib import Path

from benchmarks.pages import Page

PAGES = [
    Page("rapportages (kwartiermaker)", "/rapportages/", "kwartiermaker"),
    Page("rapportages (griffier)", "/rapportages/", "griffier"),
    Page("rapportage aanvragen", "/rapportages/aanvragen/", "kwartiermaker"),
]

# Rows of the synthetic section. Every chapter starts on a new page, so the shortest report
# (cover, contents, summary, workstreams, one section, notes) has about 7 pages.
ROWS_FOR_REPORT = {"short report": 15, "~30-page report": 700}
_rows = 0


def scale(factor: int) -> None:
    """`factor` × four quarters of finished reports for every council."""
    from django.utils import timezone

    from core.models import Organisation, User
    from reports.models import CouncilReport, CouncilReportState, ReportRequest

    user = User.objects.get(username="kwartiermaker")
    councils = list(Organisation.objects.with_council())
    now = timezone.now()
    for year in range(2026 - factor, 2026):
        for quarter in range(4):
            start = datetime.date(year, quarter * 3 + 1, 1)
            end = datetime.date(
                year + (quarter == 3), (quarter * 3 + 3) % 12 + 1, 1
            ) - datetime.timedelta(days=1)
            request = ReportRequest.objects.create(
                period_kind="kwartaal", period_start=start, period_end=end, requested_by=user
            )
            CouncilReport.objects.bulk_create(
                CouncilReport(
                    request=request,
                    council=council,
                    period_kind="kwartaal",
                    period_start=start,
                    period_end=end,
                    requested_by=user,
                    requested_at=now,
                    state=CouncilReportState.DONE,
                    version=1,
                    file=f"rapportages/bench/{council.slug}-{start}.pdf",
                    sha256="0" * 64,
                    snapshot={},
                    finished_at=now,
                )
                for council in councils
            )


def sections(*, council, period_start, period_end, as_of, shared):
    """A report section provider for the benchmark: one long table of `_rows` rows."""
    from core.reporting import ReportSection

    if not _rows:
        return []
    return [
        ReportSection(
            key="benchmark",
            title="Benchmarkonderdeel",
            template="reports/pdf/section_generic.html",
            order=10,
            data={
                "summary": f"{_rows} regels",
                "paragraphs": ["Een lange tabel om de opmaak over veel pagina's te meten."] * 3,
                "table": {
                    "caption": "Regels",
                    "columns": ["Nr.", "Omschrijving", "Bedrag"],
                    "rows": [
                        [str(n), f"Begrotingsregel {n} voor {council.short_name}", f"{n}.000,00"]
                        for n in range(_rows)
                    ],
                },
            },
        )
    ]


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wbw_portal.settings")
    from benchmarks.run import bench_database_url, ensure_database

    url = bench_database_url()
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from core import reporting
    from core.models import Organisation, User
    from reports import pdf
    from reports.models import CouncilReport, ReportRequest
    from reports.tasks import render_council_report

    call_command("migrate", verbosity=0)
    call_command("seed_wbw", "--demo", verbosity=0)
    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="wbw-bench-media-"))
    # The provider is the imported module, not this `__main__`: size its table there.
    provider = import_module("benchmarks.bench_reports")
    reporting.sections.register("bench", provider.sections)
    user = User.objects.get(username="kwartiermaker")
    council = Organisation.objects.get(short_name="Tholen")
    period = iter(range(1, 10_000))

    def new_job() -> CouncilReport:
        day = datetime.date(2020, 1, 1) + datetime.timedelta(days=next(period))
        request = ReportRequest.objects.create(
            period_kind="vrij", period_start=day, period_end=day, requested_by=user
        )
        return CouncilReport.objects.create(
            request=request,
            council=council,
            period_kind="vrij",
            period_start=day,
            period_end=day,
            requested_by=user,
            requested_at=timezone.now(),
        )

    def whole_task() -> tuple[float, CouncilReport]:
        report = new_job()
        start = time.perf_counter()
        render_council_report.run(report.pk)
        elapsed = time.perf_counter() - start
        report.refresh_from_db()
        assert report.state == "gereed", report.failure_reason
        return elapsed, report

    def weasyprint_alone(report) -> float:
        html = pdf.render_html(report.snapshot)
        start = time.perf_counter()
        pdf.render_pdf_bytes(html)
        return time.perf_counter() - start

    from pypdf import PdfReader

    whole_task()  # warm up: imports WeasyPrint, loads fonts
    print(f"{'report':<18}{'pages':>6}{'task s':>9}{'WeasyPrint s':>14}{'ratio':>7}")
    for label, rows in ROWS_FOR_REPORT.items():
        provider._rows = rows
        tasks, alone = [], []
        for _ in range(3):
            elapsed, report = whole_task()
            tasks.append(elapsed)
            alone.append(weasyprint_alone(report))
        pages = len(PdfReader(report.file.path).pages)
        task, wp = statistics.median(tasks), statistics.median(alone)
        print(f"{label:<18}{pages:>6}{task:>9.2f}{wp:>14.2f}{task / wp:>7.2f}")

    provider._rows = ROWS_FOR_REPORT["short report"]
    samples = []
    for n in range(50):
        whole_task()
        if n in (0, 9, 24, 49):
            samples.append((n + 1, _rss_mb()))
    print("\nmemory of the rendering process over 50 consecutive short renders")
    for count, rss in samples:
        print(f"  after {count:>2} renders: {rss:7.1f} MB RSS")
    limit = settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD / 1024
    print(
        f"  (workers are recycled above {limit:.0f} MB and after "
        f"{settings.CELERY_WORKER_MAX_TASKS_PER_CHILD} tasks)"
    )


if __name__ == "__main__":
    main()
