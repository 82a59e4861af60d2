import pytest


@pytest.fixture
def eager_tasks():
    """Tasks queued on commit run here and now (Celery's own eager mode), so a test sees the
    mails its transaction sends; tests/notifications/test_worker.py uses a real worker."""
    from wbw_portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
