"""Report pages: what each may see, request, retry and download; query counts (which role may
open which page: test_rules.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Role
from reports.models import CouncilReport, CouncilReportState, ReportDownload
from tests.factories import OrganisationFactory
from tests.machine_values import localized_numbers_in_attributes
from tests.reports.factories import CouncilReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def roosendaal_report(roosendaal):
    return CouncilReportFactory(council=roosendaal, done=True)


def test_a_request_for_all_councils_queues_one_job_per_council(
    client_for, django_capture_on_commit_callbacks, roosendaal, tholen
):
    client = client_for(Role.KWARTIERMAKER)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("reports:request"),
            {
                "councils": [roosendaal.pk, tholen.pk],
                "period_kind": "halfjaar",
                "year": 2026,
                "half": 2,
                "confirm": "1",
            },
        )
    assert response.status_code == 302
    reports = CouncilReport.objects.order_by("council__short_name")
    assert [r.council for r in reports] == [roosendaal, tholen]
    assert {(r.period_start.isoformat(), r.period_end.isoformat()) for r in reports} == {
        ("2026-07-01", "2026-12-31")
    }
    assert all(r.state == CouncilReportState.QUEUED for r in reports)
    # Queued after commit, never rendered in the web process.
    assert len(callbacks) == 2
    assert all(not r.file for r in reports)


def test_a_free_period_needs_an_end_after_its_start(client_for, roosendaal):
    response = client_for(Role.KWARTIERMAKER).post(
        reverse("reports:request"),
        {
            "councils": [roosendaal.pk],
            "period_kind": "vrij",
            "start": "2026-05-01",
            "end": "2026-04-01",
        },
    )
    assert response.status_code == 200
    assert "ligt vóór het begin" in response.content.decode()
    assert not CouncilReport.objects.exists()


def test_a_former_member_cannot_be_chosen(client_for):
    former = OrganisationFactory(short_name="Bergen op Zoom", former=True)
    response = client_for(Role.KWARTIERMAKER).post(
        reverse("reports:request"),
        {"councils": [former.pk], "period_kind": "jaar", "year": 2026},
    )
    assert response.status_code == 200
    assert not CouncilReport.objects.exists()


def test_a_griffier_sees_only_their_own_councils_reports(client, griffier, roosendaal, tholen):
    own = CouncilReportFactory(council=roosendaal, done=True)
    other = CouncilReportFactory(council=tholen, done=True)
    client.force_login(griffier)
    page = client.get(reverse("reports:list")).content.decode()
    assert reverse("reports:download", args=[own.pk]) in page
    assert reverse("reports:download", args=[other.pk]) not in page
    fragment = client.get(
        reverse("reports:list"),
        {"wachtend": f"{own.pk},{other.pk}"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert reverse("reports:download", args=[own.pk]) in fragment
    assert reverse("reports:download", args=[other.pk]) not in fragment
    assert "Tholen" not in fragment


def test_a_griffier_of_tholen_cannot_fetch_moerdijks_report_by_its_url(
    client, griffier_tholen, griffier_moerdijk, moerdijk
):
    report = CouncilReportFactory(council=moerdijk, done=True)
    client.force_login(griffier_tholen)
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 403
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 403
    assert not ReportDownload.objects.exists()
    client.force_login(griffier_moerdijk)
    response = client.get(reverse("reports:download", args=[report.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert list(ReportDownload.objects.values_list("user__username", "version")) == [
        ("gr-moerdijk", 1)
    ]


def test_a_report_that_is_not_finished_cannot_be_downloaded(client_for, roosendaal):
    report = CouncilReportFactory(council=roosendaal)
    response = client_for(Role.KWARTIERMAKER).get(reverse("reports:download", args=[report.pk]))
    assert response.status_code == 404


def test_the_detail_page_shows_downloads_to_staff_only(
    client, kwartiermaker, griffier, roosendaal_report
):
    ReportDownload.objects.create(report=roosendaal_report, user=griffier, version=1)
    client.force_login(kwartiermaker)
    page = client.get(reverse("reports:detail", args=[roosendaal_report.pk]))
    assert "Downloads" in page.content.decode()
    client.force_login(griffier)
    page = client.get(reverse("reports:detail", args=[roosendaal_report.pk]))
    assert page.status_code == 200
    assert "Downloads" not in page.content.decode()


def test_retrying_a_failed_report_queues_it_again(
    client_for, django_capture_on_commit_callbacks, roosendaal
):
    report = CouncilReportFactory(council=roosendaal, failed=True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(Role.KWARTIERMAKER).post(reverse("reports:retry", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.failure_reason) == (CouncilReportState.QUEUED, "")
    assert len(callbacks) == 1


@pytest.mark.parametrize("role", [Role.GRIFFIER, Role.WERKSTROOMTREKKER])
def test_others_may_not_retry(client_for, roosendaal, role):
    report = CouncilReportFactory(council=roosendaal, failed=True)
    response = client_for(role).post(reverse("reports:retry", args=[report.pk]))
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.state == CouncilReportState.FAILED


def test_a_finished_report_cannot_be_retried(client_for, roosendaal_report):
    client_for(Role.KWARTIERMAKER).post(reverse("reports:retry", args=[roosendaal_report.pk]))
    roosendaal_report.refresh_from_db()
    assert roosendaal_report.state == CouncilReportState.DONE


@pytest.mark.parametrize("size", [2, 12])
def test_list_and_polled_table_query_counts_do_not_grow_with_the_data(
    client_for, django_assert_max_num_queries, size
):
    councils = [OrganisationFactory() for _ in range(size)]
    reports = [CouncilReportFactory(council=c, done=True) for c in councils]
    reports += [CouncilReportFactory(council=c) for c in councils]
    client = client_for(Role.KWARTIERMAKER)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("reports:list")).status_code == 200
    ids = ",".join(str(r.pk) for r in reports)
    with django_assert_max_num_queries(9):
        response = client.get(
            reverse("reports:list"), {"wachtend": ids}, headers={"HX-Request": "true"}
        )
        assert response.status_code == 200


def test_the_list_is_paginated(client_for):
    from reports.views import REPORTS_PER_PAGE

    for _ in range(REPORTS_PER_PAGE + 1):
        CouncilReportFactory(council=OrganisationFactory(), done=True)
    client = client_for(Role.KWARTIERMAKER)
    first = client.get(reverse("reports:list")).content.decode()
    assert first.count("<tr data-report-id=") == REPORTS_PER_PAGE
    assert "Pagina 1 van 2" in first
    assert localized_numbers_in_attributes(first) == []  # the reports' ids, the page links
    second = client.get(reverse("reports:list"), {"pagina": 2}).content.decode()
    assert second.count("<tr data-report-id=") == 1


def test_the_cached_list_shows_every_write_at_once(
    client_for, roosendaal, django_assert_max_num_queries
):
    """The list is a cached fragment (core.caching): a warm read renders nothing, and a write
    to the reports or to the organisations shows at once."""
    report = CouncilReportFactory(council=roosendaal, failed=True)
    client = client_for(Role.KWARTIERMAKER)
    page = client.get(reverse("reports:list")).content.decode()
    assert "Het ging mis." in page and "Opnieuw proberen" in page
    # The retry button posts the one form outside the cached part, which holds the CSRF token.
    retry = reverse("reports:retry", args=[report.pk])
    assert f'form="report-retry" formaction="{retry}"' in page
    form = '<form id="report-retry" method="post"><input type="hidden" name="csrfmiddlewaretoken"'
    assert form in page
    # Session, user, the list visit, pending?, the data version.
    with django_assert_max_num_queries(5):
        client.get(reverse("reports:list"))
    CouncilReport.objects.filter(pk=report.pk).update(failure_reason="Weer mis.")
    page = client.get(reverse("reports:list")).content.decode()
    assert "Weer mis." in page and "Het ging mis." not in page
    roosendaal.short_name = "Roosendaal-Nispen"
    roosendaal.save()
    assert "Roosendaal-Nispen" in client.get(reverse("reports:list")).content.decode()
    done = CouncilReportFactory(council=roosendaal, done=True)
    page = client.get(reverse("reports:list")).content.decode()
    assert reverse("reports:download", args=[done.pk]) in page


def test_a_pending_job_gets_its_retry_button_by_time_alone(client_for, roosendaal, settings):
    """While a report is pending the list is not cached: past its deadline a queued job may be
    retried, although nothing was written."""
    CouncilReportFactory(council=roosendaal)
    client = client_for(Role.KWARTIERMAKER)
    assert "Opnieuw proberen" not in client.get(reverse("reports:list")).content.decode()
    settings.REPORT_QUEUED_DEADLINE = 0
    assert "Opnieuw proberen" in client.get(reverse("reports:list")).content.decode()


def test_the_detail_page_shows_who_retried_a_report(client, kwartiermaker, roosendaal):
    report = CouncilReportFactory(council=roosendaal, failed=True)
    client.force_login(kwartiermaker)
    client.post(reverse("reports:retry", args=[report.pk]))
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Geschiedenis" in page
    assert "status: mislukt → wachtrij" in page
    assert str(kwartiermaker) in page


@pytest.fixture
def finished_request(roosendaal, tholen):
    from tests.reports.factories import ReportRequestFactory

    report_request = ReportRequestFactory()
    done = [
        CouncilReportFactory(request=report_request, council=council, done=True)
        for council in (roosendaal, tholen)
    ]
    CouncilReportFactory(request=report_request, council=OrganisationFactory(), failed=True)
    return report_request, done


def test_the_kwartiermaker_downloads_a_requests_reports_as_one_zip(
    client_for, finished_request, kwartiermaker
):
    import io
    import zipfile

    report_request, done = finished_request
    client = client_for(Role.KWARTIERMAKER)
    listing = client.get(reverse("reports:list")).content.decode()
    url = reverse("reports:request_zip", args=[report_request.pk])
    assert url in listing and "2 van 3" in listing
    # On a phone the requests table scrolls in its frame, not the page sideways.
    assert '<div class="table-responsive">\n<table class="table table-sm align-middle">' in listing
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "Voortgangsrapportages 2026-01-01 tm 2026-03-31.zip" in response["Content-Disposition"]
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(bundle.namelist()) == [
        "Voortgangsrapportage Roosendaal 2026-01-01 tm 2026-03-31 v1.pdf",
        "Voortgangsrapportage Tholen 2026-01-01 tm 2026-03-31 v1.pdf",
    ]
    for report in done:
        name = f"Voortgangsrapportage {report.council.short_name} 2026-01-01 tm 2026-03-31 v1.pdf"
        with report.file.open("rb") as handle:
            assert bundle.read(name) == handle.read()
    # Each report in the zip counts as a download, as a single download does.
    assert ReportDownload.objects.filter(report__in=done).count() == 2


@pytest.mark.parametrize("role", [Role.GRIFFIER, Role.WERKSTROOMTREKKER, Role.RESPONDENT])
def test_only_programme_staff_download_a_whole_request(client_for, finished_request, role):
    report_request, _done = finished_request
    client = client_for(role)
    assert client.get(reverse("reports:request_zip", args=[report_request.pk])).status_code == 403
    if role == Role.GRIFFIER:
        listing = client.get(reverse("reports:list")).content.decode()
        assert reverse("reports:request_zip", args=[report_request.pk]) not in listing
    assert not ReportDownload.objects.exists()


def test_a_request_without_a_finished_report_has_no_zip(client_for, roosendaal):
    report = CouncilReportFactory(council=roosendaal)
    client = client_for(Role.KWARTIERMAKER)
    url = reverse("reports:request_zip", args=[report.request.pk])
    assert url not in client.get(reverse("reports:list")).content.decode()
    assert client.get(url).status_code == 404


def test_the_polled_table_stops_polling_and_announces_once_nothing_is_pending(
    client_for, roosendaal
):
    report = CouncilReportFactory(council=roosendaal)
    client = client_for(Role.KWARTIERMAKER)
    page = client.get(reverse("reports:list")).content.decode()
    assert f"wachtend={report.pk}" in page and 'hx-trigger="every 2s"' in page
    assert 'id="report-announcer"' in page

    fragment = client.get(
        reverse("reports:list"), {"wachtend": str(report.pk)}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "<html" not in fragment and 'hx-trigger="every 2s"' in fragment
    assert "hx-swap-oob" not in fragment  # still pending: nothing to announce

    report.state, report.failure_reason = CouncilReportState.FAILED, "Het ging mis."
    report.save()
    fragment = client.get(
        reverse("reports:list"), {"wachtend": str(report.pk)}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "hx-trigger" not in fragment
    assert "Het ging mis." in fragment and "Opnieuw proberen" in fragment
    assert 'id="report-announcer" hx-swap-oob="innerHTML"' in fragment
    assert "Roosendaal: Mislukt." in fragment


def test_a_period_that_has_not_ended_asks_first_and_names_its_end(client_for, roosendaal):
    client = client_for(Role.KWARTIERMAKER)
    year = timezone.localdate().year
    data = {"councils": [roosendaal.pk], "period_kind": "jaar", "year": year}
    response = client.post(reverse("reports:request"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Deze periode is nog niet voorbij: ze eindigt op 31 december {year}." in page
    assert f'name="councils" value="{roosendaal.pk}"' in page
    assert not CouncilReport.objects.exists()
    response = client.post(reverse("reports:request"), {**data, "confirm": "back"})
    assert response.status_code == 200 and not CouncilReport.objects.exists()
    response = client.post(reverse("reports:request"), {**data, "confirm": "1"})
    assert response.status_code == 302
    assert CouncilReport.objects.get().period_end == datetime.date(year, 12, 31)


def test_a_period_that_has_ended_needs_no_confirmation(client_for, roosendaal):
    response = client_for(Role.KWARTIERMAKER).post(
        reverse("reports:request"),
        {"councils": [roosendaal.pk], "period_kind": "jaar", "year": 2025},
    )
    assert response.status_code == 302
    assert CouncilReport.objects.get().period_end == datetime.date(2025, 12, 31)


def test_a_griffiers_report_page_leaves_the_technical_fields_to_programme_staff(
    client_for, roosendaal_report
):
    url = reverse("reports:detail", args=[roosendaal_report.pk])
    page = client_for(Role.GRIFFIER).get(url).content.decode()
    assert "Gegevens per" in page and "Downloaden" in page
    assert "Technische gegevens" not in page and "{#" not in page
    assert "Pogingen" not in page and "SHA-256" not in page
    assert roosendaal_report.sha256 not in page
    page = client_for(Role.KWARTIERMAKER).get(url).content.decode()
    assert "<summary>Technische gegevens</summary>" in page
    assert "Pogingen" in page and roosendaal_report.sha256 in page


def test_the_request_form_is_cached_until_the_councils_change(
    client_for, roosendaal, django_assert_max_num_queries
):
    """The empty form is a cached fragment (core.caching): a new member council shows at once."""
    client = client_for(Role.KWARTIERMAKER)
    assert "Roosendaal" in client.get(reverse("reports:request")).content.decode()
    with django_assert_max_num_queries(3):  # session, user, the data version
        client.get(reverse("reports:request"))
    OrganisationFactory(short_name="Nieuwe Raad", has_council=True)
    assert "Nieuwe Raad" in client.get(reverse("reports:request")).content.decode()
