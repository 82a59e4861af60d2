"""/gezond/: one JSON answer per component, 503 when one fails, no details for strangers."""

import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from core import health
from core.tasks import worker_alive

COMPONENTS = {"database", "broker", "worker", "media", "migrations"}


def wait_for_heartbeat(timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while cache.get(health.HEARTBEAT_CACHE_KEY) is None:
        assert time.monotonic() < deadline, "no worker ran the heartbeat task"
        time.sleep(0.2)


@pytest.fixture
def fresh_heartbeat(celery_worker_queue):
    """A real worker ran the periodic heartbeat task just now."""
    cache.delete(health.HEARTBEAT_CACHE_KEY)
    worker_alive.apply_async(queue=celery_worker_queue)
    wait_for_heartbeat()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db(transaction=True)
@pytest.mark.celery_worker
def test_all_components_healthy_answers_200_per_component(client, fresh_heartbeat):
    response = client.get(reverse("core:health"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {name: {"status": "ok"} for name in COMPONENTS}
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db(transaction=True)
@pytest.mark.celery_worker
def test_a_gone_worker_turns_the_answer_into_503(client, settings, fresh_heartbeat):
    assert client.get(reverse("core:health")).status_code == 200
    # No worker sends the next heartbeat (the tests run no beat): once the last one is older
    # than the limit, the worker counts as gone. A limit of 0 s is passed at once.
    # (The heartbeat key is this test process's own: CACHE_KEY_PREFIX per pytest-xdist process.)
    settings.WBW_WORKER_HEARTBEAT_MAX_AGE = 0
    response = client.get(reverse("core:health"))
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["worker"] == {"status": "fout"}
    assert all(checks[name]["status"] == "ok" for name in COMPONENTS - {"worker"})


@pytest.mark.django_db
def test_no_heartbeat_at_all_is_a_failure(client):
    cache.delete(health.HEARTBEAT_CACHE_KEY)
    response = client.get(reverse("core:health"))
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["status"] == "fout"


@pytest.mark.django_db
def test_unwritable_media_storage_fails(client, settings, tmp_path):
    health.worker_heartbeat_record()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.MEDIA_ROOT = blocker / "media"
    response = client.get(reverse("core:health"))
    assert response.status_code == 503
    assert response.json()["checks"]["media"]["status"] == "fout"


@pytest.mark.django_db
def test_an_unreachable_broker_fails(client, settings):
    health.worker_heartbeat_record()
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"  # nothing listens there
    started = time.monotonic()
    response = client.get(reverse("core:health"))
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["status"] == "fout"
    assert time.monotonic() - started < 1  # refused at once: no wait before the retry


@pytest.mark.django_db
def test_pending_migrations_fail(client, settings, monkeypatch):
    health.worker_heartbeat_record()
    monkeypatch.setattr(health, "_migrations_applied", False)
    settings.MIGRATION_MODULES = {"humanize": "tests.core.pending_migrations"}
    response = client.get(reverse("core:health"))
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"]["status"] == "fout"


@pytest.mark.django_db
def test_strangers_learn_no_details_versions_or_secrets(client, settings, beheerder, tmp_path):
    cache.delete(health.HEARTBEAT_CACHE_KEY)
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker / "media"
    anonymous = client.get(reverse("core:health")).content.decode()
    for leak in ("detail", settings.SECRET_KEY, str(settings.MEDIA_ROOT), "redis", "Django"):
        assert leak not in anonymous
    client.force_login(beheerder)
    staff = client.get(reverse("core:health")).json()["checks"]
    assert "heartbeat" in staff["worker"]["detail"]
    assert "NotADirectoryError" in staff["media"]["detail"]
