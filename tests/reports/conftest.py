import datetime
import os
import subprocess
import sys
import time
import uuid

import pytest

from reports.models import CouncilReport, CouncilReportState
from tests.conftest import broker_reachable, database_url_for_tests, skip_or_fail
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
        time.sleep(0.25)
    raise AssertionError(f"report {report.pk} still {report.state} after {timeout} s")


FINISHED = {CouncilReportState.DONE, CouncilReportState.FAILED}


def start_report_worker(tmp_path_factory, prefix="test-reports"):
    """Start a real worker process for the test provider's reports: (queue, process, log)."""
    if not broker_reachable():
        skip_or_fail("the Celery broker (Redis) is not reachable")
    queue = f"{prefix}-{uuid.uuid4().hex[:8]}"
    media = tmp_path_factory.getbasetemp() / "media"
    media.mkdir(exist_ok=True)
    log_path = tmp_path_factory.mktemp("report-worker") / "worker.log"
    env = {**os.environ, "DATABASE_URL": database_url_for_tests(), "MEDIA_ROOT": str(media)}
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tests.reports.worker_app",
                "worker",
                "--pool=solo",
                "-Q",
                queue,
                "-n",
                f"{queue}@%h",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return queue, process, log_path


@pytest.fixture(scope="session")
def report_worker_queue(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real Celery worker on the test database whose reports include the test provider.

    Like tests.conftest.celery_worker_queue, but started from tests.reports.worker_app
    so that the worker process has the test section provider configured, and with the same
    MEDIA_ROOT as the tests.
    """
    queue, process, log_path = start_report_worker(tmp_path_factory)
    yield queue
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    if process.returncode not in (0, -15):
        print(log_path.read_text())
