import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.models import Role
from tests import flush, schema
from tests.factories import OrganisationFactory, UserFactory

# `seeded`, `demo_seeded` and `module_db`: data built once and shared, see tests/shared_data.py.
pytest_plugins = ["tests.shared_data"]

# Test databases are built from the models (`--no-migrations`); see tests/schema.py.
schema.connect()
# Transactional tests are followed by DELETE, not TRUNCATE; see tests/flush.py.
flush.connect()

# With WBW_REQUIRE_SERVICES=1 (CI), tests needing PostgreSQL, Redis, a worker or Chromium fail
# instead of skipping when those are missing.
REQUIRE_SERVICES = os.environ.get("WBW_REQUIRE_SERVICES", "") in {"1", "true", "yes"}
PASSWORD = "correct-horse-battery"


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups (--dist loadgroup)
def pytest_collection_modifyitems(items):
    """A module whose data is built once (`module_db`) runs in one process, so that it is built
    once in all, not once in each."""
    for item in items:
        if "module_db" in item.fixturenames and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


def skip_or_fail(reason: str):
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (WBW_REQUIRE_SERVICES is set, so this is an error)")
    pytest.skip(reason)


def chromium_path() -> str | None:
    """CHROMIUM_PATH, else Debian's Chromium: its headless shell (package chromium-headless-shell,
    the build Playwright itself uses for headless runs) where installed, as it costs a third less
    CPU than the full browser in headless mode; else the browser (package chromium)."""
    return (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium-headless-shell")
        or shutil.which("chromium")
    )


@pytest.fixture(autouse=True)
def dutch_after_each_test():
    """A request in English (LocaleMiddleware) leaves English active in the thread: every test
    starts from the portal's language, whatever ran before it in the same process."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2 is slow on purpose; tests check behaviour, not hash strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# The organisations and the one user per role that the tests share.
ORGANISATIONS = {
    "Roosendaal": {"name": "Gemeente Roosendaal"},
    "Tholen": {"name": "Gemeente Tholen"},
    "ICT WBW": {"ict": True},
}
# role -> (username, organisation): the trekker's Tholen leads a workstream in the governance
# tests; the others of Roosendaal share one organisation.
ROLE_USERS = {
    Role.STUURGROEPLID: ("sg", "Roosendaal"),
    Role.KWARTIERMAKER: ("km", None),
    Role.WERKSTROOMTREKKER: ("tr", "Tholen"),
    Role.RESPONDENT: ("rs", "Roosendaal"),
    Role.GRIFFIER: ("gr", "Roosendaal"),
    Role.BEHEERDER: ("bh", "ICT WBW"),
}


def make_organisation(short_name: str):
    return OrganisationFactory(short_name=short_name, **ORGANISATIONS[short_name])


def make_role_user(role: str):
    """The user of `role` (get-or-create: the same row however often it is asked for)."""
    username, organisation = ROLE_USERS[role]
    return UserFactory(
        username=username,
        organisation=make_organisation(organisation) if organisation else None,
        **{role: True},  # the factory's trait of that name
    )


@pytest.fixture
def roosendaal(db):
    return make_organisation("Roosendaal")


@pytest.fixture
def tholen(db):
    return make_organisation("Tholen")


@pytest.fixture
def stuurgroeplid(roosendaal):
    return make_role_user(Role.STUURGROEPLID)


@pytest.fixture
def kwartiermaker(db):
    return make_role_user(Role.KWARTIERMAKER)


@pytest.fixture
def trekker(tholen):
    return make_role_user(Role.WERKSTROOMTREKKER)


@pytest.fixture
def respondent(roosendaal):
    return make_role_user(Role.RESPONDENT)


@pytest.fixture
def griffier(roosendaal):
    return make_role_user(Role.GRIFFIER)


@pytest.fixture
def beheerder(db):
    return make_role_user(Role.BEHEERDER)


class SmtpServer:
    """A real SMTP server (aiosmtpd) on a free local port, collecting what it receives."""

    def __init__(self):
        from aiosmtpd.controller import Controller
        from aiosmtpd.handlers import Message

        self.received = []
        received = self.received

        class Collect(Message):
            def handle_message(self, message):
                received.append(message)

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(Collect(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    @property
    def url(self) -> str:
        """The server as EMAIL_URL, for a process we start (a worker)."""
        return f"smtp://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.controller.stop()


def use_smtp_server(settings, server: SmtpServer) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server; the portal's mail settings use it. The list of received messages."""
    server = SmtpServer()
    use_smtp_server(settings, server)
    try:
        yield server.received
    finally:
        server.stop()


@pytest.fixture(scope="module")
def module_role_users(module_db) -> dict:
    """role -> user id: one user per role, built once for a module (the rule tables)."""
    return {role: make_role_user(role).pk for role in ROLE_USERS}


@pytest.fixture
def role_users(module_role_users, db) -> dict:
    """role -> the module's user of that role ("anoniem": AnonymousUser), as fresh objects
    for this test, so nothing a rule cached on a user outlives the test."""
    from django.contrib.auth.models import AnonymousUser

    from core.models import User

    users = User.objects.select_related("organisation").in_bulk(module_role_users.values())
    return {
        "anoniem": AnonymousUser(),
        **{role: users[pk] for role, pk in module_role_users.items()},
    }


ROLE_FIXTURES = {
    "anoniem": None,
    Role.STUURGROEPLID: "stuurgroeplid",
    Role.KWARTIERMAKER: "kwartiermaker",
    Role.WERKSTROOMTREKKER: "trekker",
    Role.RESPONDENT: "respondent",
    Role.GRIFFIER: "griffier",
    Role.BEHEERDER: "beheerder",
}


@pytest.fixture
def user_for_role(request):
    """user_for_role(role) -> a user holding only that role (None for anonymous)."""

    def make(role):
        fixture = ROLE_FIXTURES[role]
        return None if fixture is None else request.getfixturevalue(fixture)

    return make


@pytest.fixture
def client_for(client, user_for_role):
    """client_for(role) -> a test client logged in as a user with that role."""

    def make(role):
        user = user_for_role(role)
        if user is not None:
            client.force_login(user)
        return client

    return make


def database_url_for_tests() -> str:
    """A URL for the test database, for processes we start (a Celery worker)."""
    from urllib.parse import quote

    from django.conf import settings

    db = settings.DATABASES["default"]
    credentials = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = quote(db["HOST"] or "", safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}@{host}{port}/{db['NAME']}"


def broker_reachable() -> bool:
    from django.conf import settings

    from wbw_portal.celery import app

    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, timeout=2)
    except Exception:  # kombu raises the transport's own errors
        return False
    return bool(settings.CELERY_BROKER_URL)


@dataclass
class Worker:
    """A real `celery worker` process on the test database, consuming a queue of its own."""

    queue: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def pool_children(self) -> list[int]:
        import psutil

        return [child.pid for child in psutil.Process(self.process.pid).children()]

    def kill(self) -> None:
        """SIGKILL the worker and its pool children: a crash, nothing acknowledged."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self, timeout: float = 20) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # no pool child outlives the test
        if self.process.returncode not in (0, -signal.SIGTERM, -signal.SIGKILL):
            print(self.log())


def start_worker(
    tmp_path_factory,
    *,
    app: str = "tests.worker_app",
    prefix: str = "test",
    queue: str | None = None,
    pool: str = "solo",
    concurrency: int = 1,
    env: dict | None = None,
) -> Worker:
    """Start the one kind of test worker: `app` names the Celery entry point it loads (the
    portal's app, through tests/worker_app.py).

    Each worker consumes a queue of its own (or `queue`, to take over a dead worker's). It skips
    Django's system checks at start (CELERY_SKIP_CHECKS): they cost about half a second of CPU
    per worker, and `manage.py check` and the pytest run itself run them anyway.
    """
    if not broker_reachable():
        skip_or_fail("the Celery broker (Redis) is not reachable")
    queue = queue or f"{prefix}-{uuid.uuid4().hex[:10]}"
    log_path = tmp_path_factory.mktemp("worker") / f"{prefix}.log"
    worker_env = {
        **os.environ,
        "DATABASE_URL": database_url_for_tests(),
        "CELERY_SKIP_CHECKS": "1",
        **(env or {}),
    }
    command = [
        sys.executable, "-m", "celery", "-A", app, "worker",
        f"--pool={pool}", f"--concurrency={concurrency}",
        "-Q", queue, "-n", f"{queue}@%h", "--loglevel=INFO",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            command,
            env=worker_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill() reaches the pool children
        )
    return Worker(queue=queue, process=process, log_path=log_path)


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, tmp_path_factory) -> Worker:
    """A real worker process on the test database, for the whole session. It logs JSON lines
    (production's format) for tests/core/test_logging.py and renders the reports of the report
    tests under their MEDIA_ROOT (tests/reports/conftest.py)."""
    media = tmp_path_factory.getbasetemp() / "media"
    media.mkdir(exist_ok=True)
    worker = start_worker(tmp_path_factory, env={"LOG_FORMAT": "json", "MEDIA_ROOT": str(media)})
    yield worker
    worker.stop()


@pytest.fixture(scope="session")
def celery_worker_queue(celery_worker) -> str:
    """The queue of the session's worker (`celery_worker`)."""
    return celery_worker.queue
