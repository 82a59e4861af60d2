"""What the councils' reports of one request share is computed once, by the first job."""

import datetime

import pytest

from core import reporting
from core.reporting import ReportSection
from reports.models import CouncilReport, CouncilReportState, ReportRequest
from reports.services import report_request_create
from reports.tasks import SHARED_PARTS_MAX_AGE, render_council_report
from tests.governance.factories import CommitmentFactory

pytestmark = pytest.mark.django_db

computed = []


def counting_provider(*, council, period_start, period_end, as_of, shared):
    """Shares one value per request and records every time it is really computed."""

    def compute():
        computed.append(council.short_name)
        return {"computed_for": council.short_name, "as_of": as_of.isoformat()}

    value = shared.get("tests.shared", compute)
    return [
        ReportSection(
            key="tests-shared",
            title="Gedeeld",
            template="reports/pdf/section_generic.html",
            order=90,
            data={"paragraphs": [f"Berekend voor {value['computed_for']}"], **value},
        )
    ]


@pytest.fixture
def counting():
    computed.clear()
    reporting.sections.register("tests-shared", counting_provider)
    yield computed
    reporting.sections.unregister("tests-shared")


def _request(councils, user):
    with_commit = report_request_create(
        councils=councils,
        period_kind="kwartaal",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
        acting_user=user,
        queue="tests-never-consumed",
    )
    return with_commit


def _render(reports):
    for report in reports:
        render_council_report.run(report.pk)
    return [CouncilReport.objects.get(pk=report.pk) for report in reports]


def _section(report, key):
    return next(s["data"] for s in report.snapshot["sections"] if s["key"] == key)


def test_the_first_job_computes_the_shared_parts_and_the_others_reuse_them(
    counting, kwartiermaker, roosendaal, tholen, django_capture_on_commit_callbacks
):
    CommitmentFactory(council=roosendaal, text="Aan Roosendaal")
    CommitmentFactory(council=tholen, text="Aan Tholen")
    with django_capture_on_commit_callbacks(execute=False):
        request, reports = _request([roosendaal, tholen], kwartiermaker)
    first, second = _render(reports)
    assert first.state == second.state == CouncilReportState.DONE
    assert computed == [first.council.short_name]  # once for the request, not per council
    assert _section(second, "tests-shared")["computed_for"] == first.council.short_name
    # The programme-wide chapters come from the first job too; the council's own do not.
    assert _section(first, "governance_status") == _section(second, "governance_status")
    assert [c["text"] for c in _section(first, "governance_commitments")["commitments"]] == [
        f"Aan {first.council.short_name}"
    ]
    assert [c["text"] for c in _section(second, "governance_commitments")["commitments"]] == [
        f"Aan {second.council.short_name}"
    ]
    # Every report of the request has the same data date.
    assert first.snapshot["data_as_of"] == second.snapshot["data_as_of"]
    assert set(ReportRequest.objects.get(pk=request.pk).shared_parts) >= {
        "tests.shared",
        "governance",
        "budget",
    }


def test_a_job_run_much_later_computes_the_shared_parts_afresh(
    counting, kwartiermaker, roosendaal, tholen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        request, (first, second) = _request([roosendaal, tholen], kwartiermaker)
    _render([first])
    ReportRequest.objects.filter(pk=request.pk).update(
        shared_as_of=ReportRequest.objects.get(pk=request.pk).shared_as_of
        - SHARED_PARTS_MAX_AGE
        - datetime.timedelta(seconds=1)
    )
    _render([second])
    assert computed == [first.council.short_name, second.council.short_name]


def test_a_request_for_one_council_keeps_nothing(
    counting, kwartiermaker, roosendaal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        request, reports = _request([roosendaal], kwartiermaker)
    [report] = _render(reports)
    assert report.state == CouncilReportState.DONE
    assert computed == ["Roosendaal"]
    assert ReportRequest.objects.get(pk=request.pk).shared_parts == {}
