"""Settings come from the environment; without DATABASE_URL a real, embedded PostgreSQL runs."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
# Variables our test environment sets that a production-like process must not inherit.
TEST_ONLY_VARS = {
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "STATICFILES_BACKEND",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DEBUG",
    "CELERY_BROKER_DIR",
}

PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
from django.db import connection
db = settings.DATABASES["default"]
out = {"engine": db["ENGINE"], "name": db["NAME"], "host": db["HOST"], "port": db["PORT"],
       "broker": settings.CELERY_BROKER_URL, "transport": settings.CELERY_BROKER_TRANSPORT_OPTIONS,
       "debug": settings.DEBUG, "hosts": settings.ALLOWED_HOSTS}
if __import__("os").environ.get("CONNECT"):
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        out["server_version"] = cursor.fetchone()[0]
print(json.dumps(out))
"""


def run_settings(env_overrides: dict, *, unset=()) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARS and k not in unset}
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "wbw_portal.settings"
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_database_url_an_embedded_postgresql_starts_under_var(tmp_path):
    var_dir = tmp_path / "var"
    try:
        values = run_settings(
            {"VAR_DIR": str(var_dir), "CONNECT": "1"},
            unset={"DATABASE_URL", "CELERY_BROKER_URL"},
        )
        assert values["engine"] == "django.db.backends.postgresql"
        assert values["name"] == "wbw"
        assert Path(values["host"]).is_relative_to(var_dir) or Path(values["host"]).is_dir()
        assert (var_dir / "pgdata" / "PG_VERSION").exists()
        assert int(values["server_version"].split(".")[0]) >= 16
        # ... and Celery uses the filesystem broker under the same var/.
        assert values["broker"] == "filesystem://"
        assert values["transport"]["data_folder_in"].startswith(str(var_dir))
    finally:
        subprocess.run(
            [sys.executable, "-m", "wbw_portal.embedded", "stop"],
            cwd=ROOT,
            env={**os.environ, "VAR_DIR": str(var_dir)},
            capture_output=True,
            timeout=60,
        )


def test_database_and_broker_urls_from_the_environment_are_used(tmp_path):
    values = run_settings(
        {
            "VAR_DIR": str(tmp_path / "var"),
            "DATABASE_URL": "postgres://portal:geheim@db.internal:5433/regie",
            "CELERY_BROKER_URL": "redis://cache.internal:6379/2",
            "ALLOWED_HOSTS": "regie.example.nl,www.regie.example.nl",
        }
    )
    assert (values["name"], values["host"], values["port"]) == ("regie", "db.internal", 5433)
    assert values["broker"] == "redis://cache.internal:6379/2"
    assert values["hosts"] == ["regie.example.nl", "www.regie.example.nl"]
    # The visibility timeout must outlast the hard time limit, or Redis redelivers a running task.
    assert values["transport"]["visibility_timeout"] > settings.CELERY_TASK_TIME_LIMIT
    # No embedded server was started for this configuration.
    assert not (tmp_path / "var" / "pgdata").exists()


def test_a_non_postgresql_database_url_is_refused(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARS}
    env.update(
        {
            "VAR_DIR": str(tmp_path),
            "DATABASE_URL": "sqlite:///portal.db",
            "DJANGO_SETTINGS_MODULE": "wbw_portal.settings",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "must point to PostgreSQL" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARS}
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "regie.example.nl",
            "DJANGO_SETTINGS_MODULE": "wbw_portal.settings",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_celery_defaults_suit_long_tasks():
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    assert settings.CELERY_WORKER_MAX_TASKS_PER_CHILD > 0
    assert settings.CELERY_ACCEPT_CONTENT == ["json"]


@pytest.mark.skipif(
    not os.environ.get("WBW_REQUIRE_SERVICES"), reason="only CI promises PostgreSQL and Redis"
)
def test_ci_runs_on_the_machines_postgresql_and_redis():
    assert os.environ.get("DATABASE_URL"), "CI must test against the real PostgreSQL server"
    assert settings.CELERY_BROKER_URL.startswith("redis://")
