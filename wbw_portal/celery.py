"""The Celery application; configuration comes from Django settings (CELERY_* names)."""

import os

from celery import Celery
from django_structlog.celery.steps import DjangoStructLogInitStep

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wbw_portal.settings")

app = Celery("wbw_portal")


@app.on_configure.connect
def _development_servers(sender, **kwargs):
    """A `celery worker`/`beat` in development gets the embedded servers, like manage.py.

    Runs when the app first reads its configuration, not at import: importing this module
    (and so the settings) starts nothing.
    """
    from wbw_portal import embedded

    embedded.bootstrap()


app.config_from_object("django.conf:settings", namespace="CELERY")
# Log lines of a task carry its task id (and the request id of the request that queued it).
app.steps["worker"].add(DjangoStructLogInitStep)
app.autodiscover_tasks()
