"""Logs an operator can use: JSON lines with time, level, logger, request, user and task ids."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core import health
from core.tasks import worker_alive

ROOT = Path(__file__).resolve().parents[2]

A_REQUEST = """
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
from core.models import User
setup_test_environment()
user = User.objects.create(username="log-test-user")
client = Client()
client.force_login(user)
response = client.get("/gezond/", HTTP_X_REQUEST_ID="spoofed-by-the-client")
print("RESPONSE-ID", response["X-Request-ID"], user.pk)
user.delete()
"""


def json_lines(text: str) -> list[dict]:
    lines = []
    for line in text.splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))
    return lines


@pytest.mark.django_db(transaction=True)
def test_a_request_logs_json_with_its_request_id_and_user_id():
    # /gezond/ answers 200 (logged as info) when a worker's heartbeat is fresh; the request runs
    # in a process of its own that shares this test process's cache keys.
    health.worker_heartbeat_record()
    env = {**os.environ, "LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "wbw_portal.settings"}
    from tests.conftest import database_url_for_tests

    env["DATABASE_URL"] = database_url_for_tests()
    result = subprocess.run(
        [sys.executable, "-c", A_REQUEST], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    request_id, user_id = result.stdout.split("RESPONSE-ID")[1].split()
    assert request_id != "spoofed-by-the-client"  # not trusted unless configured
    finished = [
        line for line in json_lines(result.stderr) if line.get("event") == "request_finished"
    ]
    assert finished, result.stderr
    [line] = finished
    assert line["request_id"] == request_id
    assert line["user_id"] == int(user_id)
    assert line["level"] == "info"
    assert line["logger"] == "django_structlog.middlewares.request"
    assert line["timestamp"].endswith("Z")
    assert line["request"] == "GET /gezond/"


@pytest.mark.django_db(transaction=True)
@pytest.mark.celery_worker
def test_a_task_logs_json_with_its_task_id(celery_worker):
    # The session's worker logs JSON lines, as production does (tests/conftest.py).
    result = worker_alive.apply_async(queue=celery_worker.queue)

    def lines() -> list[dict]:
        log = celery_worker.log()
        written = log[: log.rfind("\n") + 1]  # not a line the worker is still writing
        return [line for line in json_lines(written) if line.get("task_id") == result.id]

    deadline = time.monotonic() + 60
    # The "task_succeeded" line follows the task's own work.
    while not any(line["event"] == "task_succeeded" for line in lines()):
        assert time.monotonic() < deadline, celery_worker.log()
        time.sleep(0.1)
    assert {line["event"] for line in lines()} >= {"task_started", "task_succeeded"}
    assert all(line["level"] and line["timestamp"] and line["logger"] for line in lines())
