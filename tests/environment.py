"""Loaded by pytest (`-p tests.environment`) before Django is set up.

Test runs speak plain HTTP, like a local run, and use the plain static-files storage (the
manifest storage needs `collectstatic`, which production runs at build time).
"""

import os
from pathlib import Path

os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault(
    "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
)
# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by the
# test itself are still synchronous, so this guard does not apply to them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Tasks queued by tests never reach the worker of a `make run` on the same checkout.
os.environ.setdefault(
    "CELERY_BROKER_DIR", str(Path(__file__).resolve().parent.parent / "var" / "broker-test")
)
