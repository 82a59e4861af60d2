import os
import shutil

import pytest
from django.core.management import call_command

from core.models import Role
from tests.factories import OrganisationFactory, UserFactory

# With WBW_REQUIRE_SERVICES=1 (CI), tests needing PostgreSQL, Redis, a worker or Chromium fail
# instead of skipping when those are missing.
REQUIRE_SERVICES = os.environ.get("WBW_REQUIRE_SERVICES", "") in {"1", "true", "yes"}
PASSWORD = "correct-horse-battery"


def skip_or_fail(reason: str):
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (WBW_REQUIRE_SERVICES is set, so this is an error)")
    pytest.skip(reason)


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2 is slow on purpose; tests check behaviour, not hash strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seeded(db):
    """The real collaboration, as `seed_wbw` loads it."""
    call_command("seed_wbw", verbosity=0)


@pytest.fixture
def roosendaal(db):
    return OrganisationFactory(short_name="Roosendaal", name="Gemeente Roosendaal")


@pytest.fixture
def tholen(db):
    return OrganisationFactory(short_name="Tholen", name="Gemeente Tholen")


@pytest.fixture
def stuurgroeplid(roosendaal):
    return UserFactory(username="sg", organisation=roosendaal, stuurgroeplid=True)


@pytest.fixture
def kwartiermaker(db):
    return UserFactory(username="km", organisation=None, kwartiermaker=True)


@pytest.fixture
def trekker(tholen):
    return UserFactory(username="tr", organisation=tholen, werkstroomtrekker=True)


@pytest.fixture
def respondent(roosendaal):
    return UserFactory(username="rs", organisation=roosendaal, respondent=True)


@pytest.fixture
def griffier(roosendaal):
    return UserFactory(username="gr", organisation=roosendaal, griffier=True)


@pytest.fixture
def beheerder(db):
    ict = OrganisationFactory(short_name="ICT WBW", ict=True)
    return UserFactory(username="bh", organisation=ict, beheerder=True)


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

    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return True
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


@pytest.fixture(scope="session")
def celery_worker_queue(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real `celery worker` process on the test database, consuming a queue of its own."""
    import subprocess
    import sys
    import uuid

    if not broker_reachable():
        skip_or_fail("the Celery broker (Redis) is not reachable")
    queue = f"test-{uuid.uuid4().hex[:10]}"
    log_path = tmp_path_factory.mktemp("worker") / "worker.log"
    env = {**os.environ, "DATABASE_URL": database_url_for_tests()}
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "wbw_portal",
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
    yield queue
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    if process.returncode not in (0, -15):
        print(log_path.read_text())
