"""Council reports in `make bench`, and the rendering benchmark.

As a bench module: the report pages with `factor` times a year of reports for four councils.

As a script (`python -m benchmarks.bench_reports`, on a database of its own next to the
configured one, `<name>_bench`), the three figures of the council report's speed:

1. the whole task against WeasyPrint alone on the same HTML, for the demo quarterly report
   (the short report a council member reads), a synthetic short one and a ~30-page one, as
   ratios of wall-clock and of CPU seconds (the task runs in this process exactly as in a
   `--pool=solo` worker; only the broker round trip is left out);
2. the work that one request's councils share: programme-wide parts and charts made once per
   request instead of once per council;
3. all councils' demo reports through a real Celery worker, from the request to the last file;

and the process's memory over 50 consecutive renders. It measures; it does not pass or fail.
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
    Page("raadsrapportages (kwartiermaker)", "/rapportages/", "kwartiermaker"),
    Page("raadsrapportages (griffier)", "/rapportages/", "griffier"),
    Page("raadsrapportage aanvragen", "/rapportages/aanvragen/", "kwartiermaker"),
]

# Rows of the synthetic section added to a report of a period without programme data.
ROWS_FOR_REPORT = {"synthetic short report": 15, "~30-page report": 700}
_rows = 0
# The demo's quarterly report (the one a council member reads) and how the worker runs.
DEMO_QUARTER = (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
WORKER_CONCURRENCY = 2
MEMORY_RENDERS = 50


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


class _Clock:
    """Wall-clock and CPU seconds of this process for a block. On a machine shared with other
    work the wall clock mostly measures waiting; the CPU seconds show the work itself."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def _request(councils, user, *, period=DEMO_QUARTER, queue=None):
    """A request with a job per council. With a queue, through the service (the worker on that
    queue renders them); without, as rows only, for this process to render."""
    from django.utils import timezone

    from reports.models import CouncilReport, ReportRequest
    from reports.services import report_request_create

    if queue:
        request_row, reports = report_request_create(
            councils=councils,
            period_kind="kwartaal",
            period_start=period[0],
            period_end=period[1],
            acting_user=user,
            queue=queue,
        )
        return request_row, reports
    request_row = ReportRequest.objects.create(
        period_kind="kwartaal", period_start=period[0], period_end=period[1], requested_by=user
    )
    reports = [
        CouncilReport.objects.create(
            request=request_row,
            council=council,
            period_kind="kwartaal",
            period_start=period[0],
            period_end=period[1],
            requested_by=user,
            requested_at=timezone.now(),
        )
        for council in councils
    ]
    return request_row, reports


_periods = iter(range(1, 100_000))


def _fresh_period():
    """A period of its own per job, so no job finds another's pending job or version."""
    day = datetime.date(2010, 1, 1) + datetime.timedelta(days=next(_periods))
    return day, day


def bench_task_against_weasyprint(*, user, council, label, rows, runs=5):
    """The whole task for one council next to WeasyPrint alone on the same HTML, in pairs
    close in time, the order alternating (whichever runs second finds the text-layout caches
    warm). Charts are drawn afresh every time (no chart cache from the last run)."""
    from django.db import connection
    from pypdf import PdfReader

    from core import charts
    from reports import pdf
    from reports.models import CouncilReport
    from reports.tasks import render_council_report

    import_module("benchmarks.bench_reports")._rows = rows

    def task() -> tuple[_Clock, CouncilReport]:
        connection.close()  # as a fresh worker task: its own connection
        charts.clear_cache()
        period = _fresh_period() if rows else DEMO_QUARTER
        _request_row, [report] = _request([council], user, period=period)
        with _Clock() as clock:
            render_council_report.run(report.pk)
        report = CouncilReport.objects.get(pk=report.pk)
        assert report.state == "gereed", report.failure_reason
        report.request.reports.update(superseded=True)
        return clock, report

    def alone(html) -> _Clock:
        with _Clock() as clock:
            pdf.render_pdf_bytes(html)
        return clock

    _clock, report = task()
    html = pdf.render_html(report.snapshot)
    pairs = []
    for run in range(runs):
        if run % 2:
            weasyprint = alone(html)
            whole, report = task()
        else:
            whole, report = task()
            weasyprint = alone(html)
        html = pdf.render_html(report.snapshot)
        pairs.append((whole, weasyprint))
    pages = len(PdfReader(report.file.path).pages)
    wall = statistics.median(t.wall / a.wall for t, a in pairs)
    cpu = statistics.median(t.cpu / a.cpu for t, a in pairs)
    task_wall = statistics.median(t.wall for t, _a in pairs)
    alone_wall = statistics.median(a.wall for _t, a in pairs)
    print(f"{label:<34}{pages:>6}{task_wall:>9.2f}{alone_wall:>14.2f}{wall:>12.2f}{cpu:>12.2f}")
    return wall, cpu


def bench_shared_work(*, user, councils):
    """One request for all councils against one request per council: how often the
    programme-wide parts and the charts are made."""
    from core import charts, reporting
    from reports.models import ReportRequest
    from reports.tasks import render_council_report

    import_module("benchmarks.bench_reports")._rows = 0
    computes = []
    original_get = reporting.SharedWork.get

    def counting_get(self, key, compute):
        def counted():
            computes.append(key)
            return compute()

        return original_get(self, key, counted)

    reporting.SharedWork.get = counting_get
    results = {}
    for label, groups in (
        ("one request, all councils", [councils]),
        ("one request per council", [[c] for c in councils]),
    ):
        charts.clear_cache()
        drawn_before = charts.render_count()
        computes.clear()
        with _Clock() as clock:
            for group in groups:
                request_row, reports = _request(group, user)
                for report in reports:
                    render_council_report.run(report.pk)
                ReportRequest.objects.get(pk=request_row.pk).reports.update(superseded=True)
        results[label] = (len(computes), charts.render_count() - drawn_before, clock)
    reporting.SharedWork.get = original_get
    print(f"{'':<28}{'shared parts computed':>23}{'charts drawn':>14}{'cpu s':>8}{'wall s':>8}")
    for label, (computed, drawn, clock) in results.items():
        print(f"{label:<28}{computed:>23}{drawn:>14}{clock.cpu:>8.2f}{clock.wall:>8.2f}")
    return results


def _start_worker(*, queue: str, media: Path, database_url: str):
    import subprocess
    import sys

    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media)}
    log = open(media / "worker.log", "w")  # noqa: SIM115 - kept open for the process's life
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "wbw_portal",
            "worker",
            "-Q",
            queue,
            "-n",
            f"{queue}@%h",
            f"--concurrency={WORKER_CONCURRENCY}",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return process, log


def _wait_for_worker(queue: str, timeout: float = 180) -> None:
    """Until the worker answers on its queue (it has booted and warmed up its renderer)."""
    from wbw_portal.celery import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if app.control.ping(destination=[f"{queue}@{_hostname()}"], timeout=1.0):
            return
    raise AssertionError(f"the bench worker did not start within {timeout} s")


def _hostname() -> str:
    import socket

    return socket.gethostname()


def _wait_until_done(reports, timeout=300) -> list[float]:
    """Seconds (since now) at which each report was finished, in order of finishing."""
    from reports.models import CouncilReport

    ids = {r.pk for r in reports}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = list(CouncilReport.objects.filter(pk__in=ids).values("state", "finished_at"))
        if all(row["state"] in ("gereed", "mislukt") for row in rows):
            assert all(row["state"] == "gereed" for row in rows), rows
            return sorted(row["finished_at"] for row in rows)
        time.sleep(0.05)
    raise AssertionError(f"reports not ready after {timeout} s")


def bench_four_councils(*, user, councils, database_url, media):
    """The demo quarter for all councils through a real Celery worker (prefork, as many
    processes as `make run` starts): from the request to the last file."""
    import uuid

    from django.utils import timezone

    queue = f"bench-reports-{uuid.uuid4().hex[:8]}"
    process, log = _start_worker(queue=queue, media=media, database_url=database_url)
    try:
        _wait_for_worker(queue)
        figures = []
        for label in ("first request to a worker just started", "next request"):
            requested = timezone.now()
            _request_row, reports = _request(councils, user, queue=queue)
            finished = _wait_until_done(reports)
            figures.append(
                (
                    label,
                    (finished[0] - requested).total_seconds(),
                    (finished[-1] - requested).total_seconds(),
                )
            )
            _request_row.reports.update(superseded=True)
    finally:
        process.terminate()
        process.wait(timeout=60)
        log.close()
    print(f"{'':<42}{'first file s':>13}{'last file s':>13}")
    for label, first, last in figures:
        print(f"{label:<42}{first:>13.2f}{last:>13.2f}")
    return figures


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wbw_portal.settings")
    # Importing benchmarks.run prepares the environment (embedded servers where unset).
    from benchmarks.run import bench_database_url, ensure_database

    url = bench_database_url()
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    import logging

    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    from django.conf import settings
    from django.core.management import call_command

    from core import reporting
    from core.models import Organisation, User
    from reports.selectors import council_choices
    from reports.tasks import render_council_report

    call_command("migrate", verbosity=0)
    call_command("seed_wbw", "--demo", verbosity=0)
    media = Path(tempfile.mkdtemp(prefix="wbw-bench-media-"))
    settings.MEDIA_ROOT = media
    # The provider is the imported module, not this `__main__`: size its table there.
    provider = import_module("benchmarks.bench_reports")
    reporting.sections.register("bench", provider.sections)
    user = User.objects.get(username="kwartiermaker")
    councils = list(council_choices())
    etten_leur = Organisation.objects.get(short_name="Etten-Leur")

    provider._rows = 0
    _request_row, [warm] = _request([etten_leur], user, period=_fresh_period())
    render_council_report.run(warm.pk)  # warm up: imports WeasyPrint and matplotlib, fonts

    print("1. The whole task against WeasyPrint alone on the same HTML (median of the pairs)")
    print(
        f"{'report':<34}{'pages':>6}{'task s':>9}{'WeasyPrint s':>14}"
        f"{'ratio wall':>12}{'ratio cpu':>12}"
    )
    bench_task_against_weasyprint(
        user=user, council=etten_leur, label="demo quarter Etten-Leur (short)", rows=0, runs=6
    )
    for label, rows in ROWS_FOR_REPORT.items():
        bench_task_against_weasyprint(user=user, council=etten_leur, label=label, rows=rows, runs=4)

    print("\n2. Work shared by the councils' reports of one request (demo quarter, in process)")
    bench_shared_work(user=user, councils=councils)

    print(f"\n3. All {len(councils)} councils' demo reports through a real worker")
    reporting.sections.unregister("bench")  # the worker process does not have it
    bench_four_councils(user=user, councils=councils, database_url=url, media=media)

    reporting.sections.register("bench", provider.sections)
    provider._rows = ROWS_FOR_REPORT["synthetic short report"]
    samples = []
    for n in range(MEMORY_RENDERS):
        _request_row, [report] = _request([etten_leur], user, period=_fresh_period())
        render_council_report.run(report.pk)
        if n in (0, 9, 24, 49):
            samples.append((n + 1, _rss_mb()))
    print(f"\nmemory of the rendering process over {MEMORY_RENDERS} consecutive short renders")
    for count, rss in samples:
        print(f"  after {count:>2} renders: {rss:7.1f} MB RSS")
    limit = settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD / 1024
    print(
        f"  (workers are recycled above {limit:.0f} MB and after "
        f"{settings.CELERY_WORKER_MAX_TASKS_PER_CHILD} tasks)"
    )


if __name__ == "__main__":
    main()
