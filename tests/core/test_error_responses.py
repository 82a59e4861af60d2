"""With DEBUG off, no response of the web process shows a stack trace, settings or internals.

The portal runs in gunicorn as in production (DEBUG=0), once on the test database and once on a
database that does not exist, and is sent requests that end in 400, 403, 404, 405 and 500.
"""

import os
import socket
import subprocess
import sys
import time

import pytest
import requests

from tests.conftest import database_url_for_tests
from tests.core.test_settings import ROOT, clean_env
from tests.oidc.provider import free_port

LEAKS = [
    "Traceback",
    "SECRET_KEY",
    "DATABASES",
    "settings.py",
    "site-packages",
    "psycopg",
    "OperationalError",
    "Exception Value",
    "django.core",
    'File "',
    "You're seeing this error because you have",
    str(ROOT),
]


def start_gunicorn(database_url: str):
    port = free_port()
    env = clean_env(
        {
            "DEBUG": "0",
            "SECRET_KEY": "not-the-real-one-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "http://127.0.0.1",
            "DATABASE_URL": database_url,
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        }
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "wbw_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn exited"
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return process, f"http://127.0.0.1:{port}"
        time.sleep(0.1)
    process.kill()
    raise AssertionError("gunicorn did not start")


def assert_no_leak(response):
    body = response.text
    for leak in LEAKS:
        assert leak not in body, f"{response.request.method} {response.url}: {leak!r} in the answer"
    assert "X-Powered-By" not in response.headers


@pytest.fixture
def web(db):
    process, url = start_gunicorn(database_url_for_tests())
    yield url
    process.terminate()
    process.wait(timeout=15)


@pytest.fixture
def web_without_database(db):
    url = database_url_for_tests().rsplit("/", 1)[0] + "/bestaat_niet_" + str(os.getpid())
    process, base = start_gunicorn(url)
    yield base
    process.terminate()
    process.wait(timeout=15)


def test_error_answers_in_production_show_no_internals(web):
    cases = [
        ("get", "/bestaat-niet/", {}, 404),
        ("get", "/account/oidc/onbekend/login/", {}, 404),
        ("get", "/static/bestaat-niet.css", {}, 404),
        ("post", "/inloggen/", {"data": {"login": "x", "password": "y"}}, 403),  # no CSRF token
        ("get", "/", {"headers": {"Host": "evil.example.org"}}, 400),
        ("get", "/audit/wijzigingen/?date_from=gisteren", {}, 302),  # to the login
    ]
    for method, path, options, status in cases:
        response = requests.request(
            method, web + path, allow_redirects=False, timeout=30, **options
        )
        assert response.status_code == status, (path, response.status_code)
        assert_no_leak(response)
    page = requests.get(web + "/bestaat-niet/", timeout=30)
    assert "Pagina niet gevonden" in page.text


def test_a_server_error_in_production_shows_the_dutch_page_only(web_without_database):
    # The database is unreachable: looking up the reset link's user fails inside the request.
    response = requests.get(
        web_without_database + "/account/password/reset/key/1-abc/",
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 500
    assert "Er ging iets mis" in response.text
    assert_no_leak(response)
