"""Loaded by pytest (`-p tests.environment`) before Django is set up.

Without DATABASE_URL / CELERY_BROKER_URL the test run uses the embedded PostgreSQL and Redis
under var/ (started here, not by the settings), on Redis databases of its own so that tasks
queued by tests never reach the worker of a `make run` on the same checkout. CI sets
WBW_REQUIRE_SERVICES=1 and its own URLs: then no embedded server is ever started.

Test runs speak plain HTTP, like a local run, and use the plain static-files storage (the
manifest storage needs `collectstatic`, which production runs at build time).
"""

import atexit
import os
import secrets
import shutil
import tempfile

from wbw_portal import embedded

embedded.bootstrap(purpose="test")
# A key for this run only (the worker processes it starts inherit it); nothing is written.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
# Absolute links in mails and calendar invitations (required with DEBUG off, as in CI).
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault(
    "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
)
# Uploaded and generated files (the demo seed's meeting paper, reports) never land in the
# checkout's var/media: one directory per run, shared with the processes it starts (they
# inherit the variable) and removed by the process that made it.
if not os.environ.get("MEDIA_ROOT"):
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="wbw-test-media-")
    atexit.register(shutil.rmtree, os.environ["MEDIA_ROOT"], ignore_errors=True)
# ... and one folder below it per pytest-xdist process, so that a test comparing what is stored
# never sees the other process's files.
if os.environ.get("PYTEST_XDIST_WORKER") and not os.environ["MEDIA_ROOT"].endswith(
    os.sep + os.environ["PYTEST_XDIST_WORKER"]
):
    os.environ["MEDIA_ROOT"] = os.path.join(
        os.environ["MEDIA_ROOT"], os.environ["PYTEST_XDIST_WORKER"]
    )
# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by the
# test itself are still synchronous, so this guard does not apply to them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Each pytest-xdist process (and the workers it starts) keeps its cache keys apart, so that a
# worker's heartbeat or a cached page of one process is never seen by a test of the other.
# (The controller process imports this module too, before xdist sets PYTEST_XDIST_WORKER in
# the processes it starts, which inherit its environment: so set, not setdefault.)
# Keys are apart from earlier runs' too: the ids and data versions a page is cached under start
# again with every test database, so a run could otherwise meet a fragment of the last one.
os.environ.setdefault("WBW_TEST_RUN", secrets.token_hex(6))
os.environ["CACHE_KEY_PREFIX"] = (
    f"wbw-test-{os.environ['WBW_TEST_RUN']}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
)
# MFA is switched on per test where it is the subject (tests/accounts); elsewhere a forced
# login stands for a completed sign-in.
os.environ.setdefault("WBW_MFA", "optional")
