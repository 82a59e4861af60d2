import datetime
import time

import pytest

from reports.models import CouncilReport, CouncilReportState
from tests.conftest import Worker, start_worker
from tests.factories import OrganisationFactory, UserFactory, WorkstreamFactory
from tests.reports import sections_provider

Q1_2026 = (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    """Reports are written under a MEDIA_ROOT of their own per test session."""
    root = tmp_path_factory.getbasetemp() / "media"
    root.mkdir(exist_ok=True)
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def moerdijk(db):
    return OrganisationFactory(short_name="Moerdijk", name="Gemeente Moerdijk")


@pytest.fixture
def griffier_tholen(tholen):
    return UserFactory(username="gr-tholen", organisation=tholen, griffier=True)


@pytest.fixture
def griffier_moerdijk(moerdijk):
    return UserFactory(username="gr-moerdijk", organisation=moerdijk, griffier=True)


@pytest.fixture
def workstreams(roosendaal, tholen):
    return [
        WorkstreamFactory(
            number=2, name="Informatievoorziening (intern en extern)", lead_organisation=roosendaal
        ),
        WorkstreamFactory(
            number=3,
            name="Cybersecurity, privacy, informatiebeveiliging en recovery",
            lead_organisation=tholen,
        ),
    ]


@pytest.fixture
def with_test_sections():
    """Register the test section provider in this (test) process, for one test."""
    with sections_provider.registered():
        yield


def wait_for_state(report: CouncilReport, states, timeout: float = 90) -> CouncilReport:
    """Poll the job's row until a worker brought it into one of `states`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.state in states:
            return report
        time.sleep(0.1)
    raise AssertionError(f"report {report.pk} still {report.state} after {timeout} s")


FINISHED = {CouncilReportState.DONE, CouncilReportState.FAILED}


def start_report_worker(tmp_path_factory, prefix="test-reports", **options) -> Worker:
    """A worker of its own (test workers' reports include the test provider: tests/worker_app.py),
    writing under the tests' MEDIA_ROOT."""
    media = tmp_path_factory.getbasetemp() / "media"
    media.mkdir(exist_ok=True)
    env = {"MEDIA_ROOT": str(media), **options.pop("env", {})}
    return start_worker(tmp_path_factory, prefix=prefix, env=env, **options)


@pytest.fixture(scope="session")
def report_worker_queue(celery_worker_queue):
    """The queue of the session's worker (tests/conftest.py), which writes reports under the
    MEDIA_ROOT of these tests: one worker start less than a worker of their own."""
    return celery_worker_queue
