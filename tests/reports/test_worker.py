"""Reports rendered by a real Celery worker process, end to end."""

import datetime
import hashlib
import io
import threading
import time
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from reports import services
from reports.models import CouncilReport, CouncilReportState, ReportDownload, ReportRequest
from tests.factories import WorkstreamFactory
from tests.reports.conftest import FINISHED, Q1_2026, wait_for_state
from tests.reports.sections_provider import BROKEN_MARKER

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery_worker]


def pdf_reader(content: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(content))


def read(report) -> bytes:
    with open(report.file.path, "rb") as handle:
        return handle.read()


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pdf_reader(content).pages)


def request_reports(councils, user, queue, period=Q1_2026):
    _request, reports = services.report_request_create(
        councils=councils,
        period_kind="kwartaal",
        period_start=period[0],
        period_end=period[1],
        acting_user=user,
        queue=queue,
    )
    return reports


def test_request_render_store_and_download_by_the_griffier(
    report_worker_queue, client, kwartiermaker, tholen, griffier_tholen, workstreams
):
    WorkstreamFactory(
        number=20,
        name="Onderdeel: Begroting (test)",
        slug="begroting-test",
        goal="Plan en realisatie <script>alert(1)</script>",
    )
    [report] = request_reports([tholen], kwartiermaker, report_worker_queue)

    report = wait_for_state(report, FINISHED)
    assert report.state == CouncilReportState.DONE, report.failure_reason
    assert report.version == 1
    assert report.attempts == 1
    assert report.data_as_of is not None
    stored = read(report)
    assert stored.startswith(b"%PDF-")
    assert report.sha256 == hashlib.sha256(stored).hexdigest()
    # The snapshot holds exactly what the report shows, including the provider's section.
    snapshot = report.snapshot
    assert snapshot["council"]["name"] == "Gemeente Tholen"
    assert snapshot["period"]["start"] == "2026-01-01"
    [ours] = [s for s in snapshot["sections"] if s["key"] == "begroting-test"]
    assert ours["data"]["table"]["rows"] == [["Tholen", "128.000,00"]]
    assert [w["name"] for w in snapshot["workstreams"]][:2] == [w.name for w in workstreams]

    client.force_login(griffier_tholen)
    response = client.get(reverse("reports:download", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    downloaded = b"".join(response.streaming_content)
    assert downloaded == stored
    assert ReportDownload.objects.filter(report=report, user=griffier_tholen, version=1).exists()

    text = pdf_text(downloaded)
    assert "Gemeente Tholen" in text
    assert "1e kwartaal 2026" in text
    assert "1 januari 2026 t/m 31 maart 2026" in text
    for workstream in workstreams:
        assert workstream.name in " ".join(text.split())
    assert "Begroting (test)" in text
    assert "128.000,00" in text
    # User-entered text is escaped, so it shows as text instead of becoming markup.
    assert "<script>alert(1)</script>" in text
    assert "Managementsamenvatting" in text


def test_the_pdf_is_tagged_titled_in_dutch_and_has_bookmarks(
    report_worker_queue, kwartiermaker, moerdijk, workstreams
):
    [report] = request_reports([moerdijk], kwartiermaker, report_worker_queue)
    report = wait_for_state(report, FINISHED)
    assert report.state == CouncilReportState.DONE, report.failure_reason
    reader = pdf_reader(read(report))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "nl"
    assert reader.metadata.title == "Voortgangsrapportage Gemeente Moerdijk, 1e kwartaal 2026"
    bookmarks = [item["/Title"] for item in reader.outline if isinstance(item, dict)]
    assert "Managementsamenvatting" in bookmarks
    assert "Stand van de werkstromen" in bookmarks
    # Fonts are embedded (a font file stream on every font descriptor).
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (
                descendants[0].get_object()["/FontDescriptor"]
                if descendants
                else font["/FontDescriptor"]
            ).get_object()
            embedded = ("/FontFile", "/FontFile2", "/FontFile3")
            fonts.append(any(key in descriptor for key in embedded))
    assert fonts and all(fonts)
    # Every app's registered chapter is in the report.
    text = pdf_text(read(report))
    for title in ("Stand van de werkstromen", "Begroting en realisatie", "Digitale volwassenheid"):
        assert title in text


def test_issuing_again_makes_version_two_and_keeps_version_one(
    report_worker_queue, kwartiermaker, tholen, workstreams
):
    [first] = request_reports([tholen], kwartiermaker, report_worker_queue)
    first = wait_for_state(first, FINISHED)
    first_bytes = read(first)

    [second] = request_reports([tholen], kwartiermaker, report_worker_queue)
    assert second.pk != first.pk
    second = wait_for_state(second, FINISHED)

    first.refresh_from_db()
    assert (first.version, first.superseded) == (1, True)
    assert (second.version, second.superseded) == (2, False)
    assert first.file.name != second.file.name
    # Version 1 is untouched: same bytes, same checksum.
    assert read(first) == first_bytes
    assert hashlib.sha256(first_bytes).hexdigest() == first.sha256
    assert "Versie 2" in pdf_text(read(second))


def test_identical_requests_at_the_same_time_make_one_job(
    report_worker_queue, kwartiermaker, tholen, moerdijk, workstreams
):
    barrier = threading.Barrier(4)
    results, errors = [], []

    def request():
        try:
            barrier.wait(timeout=10)
            reports = request_reports([tholen, moerdijk], kwartiermaker, report_worker_queue)
            results.append([r.pk for r in reports])
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert ReportRequest.objects.count() == 4
    assert CouncilReport.objects.count() == 2
    assert len({tuple(sorted(pks)) for pks in results}) == 1
    for report in CouncilReport.objects.all():
        assert wait_for_state(report, FINISHED).state == CouncilReportState.DONE


def test_a_render_error_ends_in_mislukt_with_a_reason_and_retry_works(
    report_worker_queue, kwartiermaker, tholen, workstreams
):
    broken = WorkstreamFactory(number=30, name=BROKEN_MARKER, slug="kapot")
    [report] = request_reports([tholen], kwartiermaker, report_worker_queue)

    report = wait_for_state(report, FINISHED)
    assert report.state == CouncilReportState.FAILED
    assert "Kapot onderdeel" in report.failure_reason
    assert "kon niet worden opgemaakt" in report.failure_reason
    assert report.attempts == 3  # the first try and two bounded retries
    assert not report.file
    assert services.council_report_can_retry(report)

    broken.delete()  # whoever maintains the section fixes it
    services.council_report_retry(
        report=report, acting_user=kwartiermaker, queue=report_worker_queue
    )
    report = wait_for_state(report, FINISHED)
    assert report.state == CouncilReportState.DONE
    assert report.failure_reason == ""
    assert report.version == 1
    assert report.attempts == 4


def test_a_worker_killed_mid_render_leaves_no_file_and_the_job_can_be_retried(
    tmp_path_factory, report_worker_queue, kwartiermaker, tholen, workstreams, settings
):
    from tests.reports.conftest import start_report_worker
    from tests.reports.sections_provider import SLOW_MARKER

    def files():
        # Earlier tests of the session wrote under the same MEDIA_ROOT.
        return {(p, p.stat().st_mtime_ns) for p in Path(settings.MEDIA_ROOT).rglob("*.pdf")}

    before = files()
    slow = WorkstreamFactory(number=31, name=SLOW_MARKER, slug="traag")
    worker = start_report_worker(tmp_path_factory, prefix="test-doomed")
    try:
        [report] = request_reports([tholen], kwartiermaker, worker.queue)
        wait_for_state(report, {CouncilReportState.RENDERING}, timeout=60)
        time.sleep(1)
        worker.kill()
    finally:
        worker.stop()

    report.refresh_from_db()
    assert report.state == CouncilReportState.RENDERING  # nobody is left to finish it
    assert not report.file
    assert files() == before  # no new, no half-written and no changed report file

    # Once it has been "bezig" longer than a task may run, it counts as abandoned.
    assert not services.council_report_can_retry(report)
    CouncilReport.objects.filter(pk=report.pk).update(
        started_at=report.started_at
        - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 1)
    )
    report.refresh_from_db()
    assert services.council_report_can_retry(report)
    slow.delete()
    services.council_report_retry(
        report=report, acting_user=kwartiermaker, queue=report_worker_queue
    )
    report = wait_for_state(report, FINISHED)
    assert report.state == CouncilReportState.DONE
    assert report.version == 1
    assert report.attempts == 2
