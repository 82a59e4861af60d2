"""Report services, periods, the PDF's URL fetcher and the task run in-process."""

import datetime
import os

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from reports import pdf, services
from reports.models import CouncilReport, CouncilReportState
from reports.periods import period_bounds, period_label
from reports.tasks import render_council_report
from tests.factories import OrganisationFactory
from tests.reports.conftest import Q1_2026
from tests.reports.factories import CouncilReportFactory


@pytest.mark.parametrize(
    "kind,part,start,end",
    [
        ("kwartaal", 1, "2026-01-01", "2026-03-31"),
        ("kwartaal", 4, "2026-10-01", "2026-12-31"),
        ("halfjaar", 1, "2026-01-01", "2026-06-30"),
        ("halfjaar", 2, "2026-07-01", "2026-12-31"),
        ("jaar", None, "2026-01-01", "2026-12-31"),
    ],
)
def test_period_bounds(kind, part, start, end):
    assert period_bounds(kind=kind, year=2026, part=part) == (
        datetime.date.fromisoformat(start),
        datetime.date.fromisoformat(end),
    )


def test_period_labels_are_dutch():
    q3 = period_bounds(kind="kwartaal", year=2025, part=3)
    assert period_label(kind="kwartaal", start=q3[0], end=q3[1]) == "3e kwartaal 2025"
    free = (datetime.date(2026, 3, 3), datetime.date(2026, 6, 9))
    assert period_label(kind="vrij", start=free[0], end=free[1]) == "3 maart 2026 t/m 9 juni 2026"


def request(councils, user, period=Q1_2026):
    return services.report_request_create(
        councils=councils,
        period_kind="kwartaal",
        period_start=period[0],
        period_end=period[1],
        acting_user=user,
    )[1]


@pytest.mark.django_db
def test_a_pending_job_is_reused_by_an_identical_request(kwartiermaker, tholen):
    [first] = request([tholen], kwartiermaker)
    [again] = request([tholen], kwartiermaker)
    assert again.pk == first.pk
    [other_period] = request([tholen], kwartiermaker, (Q1_2026[0], datetime.date(2026, 6, 30)))
    assert other_period.pk != first.pk


@pytest.mark.django_db
def test_the_database_refuses_a_second_pending_job(kwartiermaker, tholen):
    first = CouncilReportFactory(council=tholen)
    with pytest.raises(IntegrityError):
        CouncilReportFactory(council=tholen, request=first.request)


@pytest.mark.django_db
def test_a_council_without_a_raad_gets_no_report(kwartiermaker):
    werkplein = OrganisationFactory(short_name="Werkplein", werkplein=True)
    with pytest.raises(ValidationError):
        request([werkplein], kwartiermaker)


@pytest.mark.django_db
def test_a_finished_job_is_not_retried_but_an_abandoned_one_is(kwartiermaker, tholen, settings):
    done = CouncilReportFactory(council=tholen, done=True)
    assert not services.council_report_can_retry(done)
    running = CouncilReportFactory(
        council=tholen,
        state=CouncilReportState.RENDERING,
        started_at=timezone.now() - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 5),
    )
    assert services.council_report_can_retry(running)
    running.started_at = timezone.now()
    assert not services.council_report_can_retry(running)


@pytest.mark.django_db
def test_the_task_is_idempotent_and_never_rewrites_an_issued_report(
    kwartiermaker, tholen, workstreams
):
    [report] = request([tholen], kwartiermaker)
    render_council_report.run(report.pk)
    report.refresh_from_db()
    assert report.state == CouncilReportState.DONE
    issued = (report.file.name, report.sha256, report.finished_at, report.attempts)
    mtime = os.stat(report.file.path).st_mtime_ns

    render_council_report.run(report.pk)  # a duplicate delivery
    report.refresh_from_db()
    assert (report.file.name, report.sha256, report.finished_at, report.attempts) == issued
    assert os.stat(report.file.path).st_mtime_ns == mtime
    render_council_report.run(987654)  # a job that is gone: nothing to do, no error


@pytest.mark.django_db
def test_sections_from_providers_are_rendered_and_snapshotted(
    with_test_sections, kwartiermaker, tholen, workstreams
):
    from tests.factories import WorkstreamFactory

    WorkstreamFactory(number=40, name="Onderdeel: Risico's", slug="risicos", goal="Top 3")
    [report] = request([tholen], kwartiermaker)
    render_council_report.run(report.pk)
    report.refresh_from_db()
    # The test provider's section is there, next to whatever the apps provide.
    [ours] = [s for s in report.snapshot["sections"] if s["key"] == "risicos"]
    assert ours["title"] == "Risico's"
    html = pdf.render_html(report.snapshot)
    assert 'id="onderdeel-risicos"' in html
    assert "Samenvatting voor Tholen: Top 3" in html  # on the management summary page


@pytest.mark.django_db
def test_a_broken_section_fails_with_a_dutch_reason_when_run_in_process(
    with_test_sections, kwartiermaker, tholen
):
    from tests.factories import WorkstreamFactory
    from tests.reports.sections_provider import BROKEN_MARKER

    WorkstreamFactory(number=41, name=BROKEN_MARKER, slug="kapot")
    [report] = request([tholen], kwartiermaker)
    render_council_report.run(report.pk)
    report.refresh_from_db()
    assert report.state == CouncilReportState.FAILED
    assert report.failure_reason.startswith("Het onderdeel ‘Kapot onderdeel’")
    assert CouncilReport.objects.filter(state=CouncilReportState.DONE).count() == 0


class TestUrlFetcher:
    def test_serves_the_portals_own_stylesheet(self):
        response = pdf.portal_url_fetcher(pdf.PORTAL_BASE_URL + "static/css/report-pdf.css")
        assert b"@page" in response.read()

    @pytest.mark.parametrize(
        "url",
        [
            "file:///etc/passwd",
            "http://example.org/static/css/report-pdf.css",
            "https://regieportaal.invalid/static/../../wbw_portal/settings.py",
            "https://regieportaal.invalid/static/%2e%2e/%2e%2e/etc/passwd",
            "https://regieportaal.invalid/static//etc/passwd",
            "https://regieportaal.invalid/media/rapportages/x.pdf",
            "https://regieportaal.invalid/static/css/report-pdf.css?x=1",
            "data:text/html,<p>hoi</p>",
        ],
    )
    def test_refuses_everything_else(self, url):
        with pytest.raises(pdf.ResourceRefused):
            pdf.portal_url_fetcher(url)

    def test_a_user_typed_file_reference_does_not_reach_the_pdf(self):
        html = (
            '<html lang="nl"><head><title>t</title></head><body>'
            '<img src="file:///etc/hostname" alt="x"><p>tekst</p></body></html>'
        )
        content = pdf.render_pdf_bytes(html)
        with open("/etc/hostname", "rb") as handle:
            secret = handle.read().strip()
        assert secret not in content


def test_an_interrupted_write_leaves_no_file(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "rapportages").mkdir()
    (tmp_path / "rapportages" / "bezet.pdf").mkdir()  # the rename cannot replace a directory
    with pytest.raises(OSError):
        pdf.write_atomically(name="rapportages/bezet.pdf", content=b"%PDF-1.7")
    assert [p.name for p in (tmp_path / "rapportages").iterdir()] == ["bezet.pdf"]
    digest = pdf.write_atomically(name="rapportages/goed.pdf", content=b"%PDF-1.7")
    assert (tmp_path / "rapportages" / "goed.pdf").read_bytes() == b"%PDF-1.7"
    assert len(digest) == 64


def test_the_web_process_never_imports_weasyprint():
    import os
    import subprocess
    import sys

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "wbw_portal.settings"}
    code = (
        "import django, sys; django.setup();"
        "from django.urls import resolve; import wbw_portal.urls;"
        "resolve('/rapportages/'); import reports.views, reports.tasks;"
        "print('weasyprint' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=env,
    )
    assert result.stdout.strip().splitlines()[-1] == "False"
