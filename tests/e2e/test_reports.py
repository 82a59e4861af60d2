"""Council reports in the browser: request, watch progress, download."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reports.models import CouncilReport, ReportDownload, ReportRequest
from reports.tasks import render_council_report
from tests.factories import WorkstreamFactory
from tests.reports import sections_provider
from tests.reports.sections_provider import BROKEN_MARKER

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def rendered_report(council, user):
    request = ReportRequest.objects.create(
        period_kind="kwartaal",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
        requested_by=user,
    )
    report = CouncilReport.objects.create(
        request=request,
        council=council,
        period_kind="kwartaal",
        period_start=request.period_start,
        period_end=request.period_end,
        requested_by=user,
        requested_at=timezone.now(),
    )
    render_council_report.run(report.pk)  # what the worker does, here in the test process
    report.refresh_from_db()
    return report


def test_a_griffier_logs_in_and_downloads_their_report(
    page, login, griffier, roosendaal, tholen, kwartiermaker, assert_accessible
):
    own = rendered_report(roosendaal, kwartiermaker)
    rendered_report(tholen, kwartiermaker)
    login("gr")
    page.get_by_role("link", name="Rapportages").click()
    expect(page.get_by_role("heading", name="Raadsrapportages")).to_be_visible()
    expect(page.get_by_role("cell", name="Tholen")).to_have_count(0)
    expect(page.get_by_role("link", name="Rapportage aanvragen")).to_have_count(0)
    assert_accessible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Downloaden Roosendaal 1e kwartaal 2026").click()
    download = download_info.value
    assert download.suggested_filename.endswith("v1.pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read() == own.file.open("rb").read()
    assert ReportDownload.objects.filter(report=own, user=griffier).count() == 1

    page.get_by_role("link", name="Roosendaal", exact=True).click()
    expect(
        page.get_by_role("heading", name="Voortgangsrapportage Gemeente Roosendaal")
    ).to_be_visible()
    assert_accessible()


def test_the_kwartiermaker_requests_and_watches_progress_without_reloading(
    page, login, kwartiermaker, roosendaal, tholen, assert_accessible
):
    with sections_provider.registered():
        login("km")
        page.goto("/rapportages/")
        page.get_by_role("link", name="Rapportage aanvragen").click()
        assert_accessible()
        # Only the fields of the chosen kind of period are shown.
        expect(page.get_by_label("Van")).to_be_hidden()
        page.get_by_role("radio", name="Vrije periode").check()
        expect(page.get_by_label("Van")).to_be_visible()
        expect(page.get_by_role("combobox", name="Kwartaal")).to_be_hidden()
        page.get_by_role("radio", name="Kwartaal").check()
        page.get_by_role("spinbutton", name="Jaar").fill("2026")
        page.get_by_role("combobox", name="Kwartaal").select_option("2")
        page.get_by_role("button", name="Aanvragen").click()

        expect(page.get_by_text("2 rapportage(s) aangevraagd")).to_be_visible()
        expect(page.get_by_text("In wachtrij")).to_have_count(2)
        expect(page.get_by_role("progressbar")).to_have_count(2)
        assert_accessible()
        page.evaluate("window.notReloaded = true")

        roosendaal_report = CouncilReport.objects.get(council=roosendaal)
        render_council_report.run(roosendaal_report.pk)
        row = page.locator(f'tr[data-report-id="{roosendaal_report.pk}"]')
        expect(row.get_by_text("Gereed")).to_be_visible(timeout=15_000)
        expect(row.get_by_role("link", name="Downloaden")).to_be_visible()

        WorkstreamFactory(number=99, name=BROKEN_MARKER, slug="kapot")
        tholen_report = CouncilReport.objects.get(council=tholen)
        render_council_report.run(tholen_report.pk)
        row = page.locator(f'tr[data-report-id="{tholen_report.pk}"]')
        expect(row.get_by_text("Mislukt")).to_be_visible(timeout=15_000)
        expect(row.get_by_text("kon niet worden opgemaakt")).to_be_visible()
        retry = row.get_by_role("button", name="Opnieuw proberen Tholen")
        expect(retry).to_be_visible()
        assert page.evaluate("window.notReloaded") is True
        assert_accessible()

        retry.click()
        expect(page.get_by_text("wordt opnieuw gemaakt")).to_be_visible()
        expect(
            page.locator(f'tr[data-report-id="{tholen_report.pk}"]').get_by_text("In wachtrij")
        ).to_be_visible()
        page.get_by_role("link", name="Tholen", exact=True).click()
        expect(page.get_by_role("heading", name="Geschiedenis")).to_be_visible()
        expect(page.get_by_text("status: mislukt → wachtrij")).to_be_visible()
        assert_accessible()
