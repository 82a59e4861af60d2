"""`make bench`: latency and SQL query count per page on a scaled dataset.

Runs against a separate database on the same server as the portal (embedded or DATABASE_URL):
`wbw_bench`, or `<name>_bench` beside a DATABASE_URL database `<name>`, so that people sharing
a server do not drop each other's bench. It is filled with the demo data times BENCH_SCALE
(default 10). Every page is measured next to the login page and a trivial view in the same run;
the ratios are what to compare across machines (the target: the dashboard and every list at most
5x the login page). It measures; it does not pass or fail.

BENCH_DATABASE names the database, BENCH_REQUESTS (default 40) sets the requests per page,
BENCH_ONLY=word measures only the pages whose name contains the word, BENCH_PROFILE=word
prints a cProfile of those pages instead, BENCH_COLD=1 measures without the page caches
(core.caching) and BENCH_REUSE=1 reuses the database of the previous run (no drop, no seed).
"""

import os
import statistics
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wbw_portal.settings")
# The in-process client speaks plain HTTP.
for name in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
    os.environ.setdefault(name, "0")
os.environ.setdefault(
    "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
)


def _bench_environment() -> None:
    """Like a test run: the embedded servers for unset variables, a key for this run only."""
    import secrets

    from wbw_portal import embedded

    embedded.bootstrap(purpose="test")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    # Absolute links in mails (required with DEBUG off); the bench sends none.
    os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
    # The demo accounts have no second factor; the bench measures pages, not the MFA setup.
    os.environ.setdefault("WBW_MFA", "optional")
    # Not a log line per request between the table's lines (warnings and errors still show).
    os.environ.setdefault("LOG_LEVEL", "WARNING")


_bench_environment()

# STATIC_ROOT only exists after collectstatic; the bench serves nothing static.
warnings.filterwarnings("ignore", message="No directory at")

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "40"))
SCALE = int(os.environ.get("BENCH_SCALE", "10"))


ONLY = os.environ.get("BENCH_ONLY", "")
REUSE = os.environ.get("BENCH_REUSE", "") == "1"
if os.environ.get("BENCH_COLD", "") == "1":
    os.environ["PAGE_CACHE_TIMEOUT"] = "0"  # every request misses the page caches
PROFILE = os.environ.get("BENCH_PROFILE", "")


def bench_database_url() -> str:
    from wbw_portal import embedded

    url = os.environ.get("DATABASE_URL")
    if not url:
        var_dir = Path(os.environ.get("VAR_DIR", ROOT / "var"))
        return embedded.embedded_database_url(var_dir, database="wbw_bench")
    parts = urlsplit(url)
    name = os.environ.get("BENCH_DATABASE") or f"{parts.path.strip('/') or 'wbw'}_bench"
    return urlunsplit(parts._replace(path=f"/{name}"))


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.strip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    url = bench_database_url()
    if not REUSE:
        ensure_database(url)
    os.environ["DATABASE_URL"] = url

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from benchmarks.pages import BASELINE, LOGIN, all_pages, scale_data
    from core.health import worker_heartbeat_record
    from core.models import User

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    if REUSE:
        # The pages read the tokens the API module makes while scaling: make them again.
        from benchmarks import bench_api

        bench_api.scale(SCALE)
    else:
        call_command("seed_wbw", "--demo", verbosity=0)
        scale_data(SCALE)
    name = urlsplit(url).path.strip("/")
    print(f"database {name}, demo data x{SCALE}, {REQUESTS} requests per page\n")

    def measure(page):
        if page == BASELINE:
            # No worker runs here: the health view answers as in production, where one does.
            worker_heartbeat_record()
        client = Client(HTTP_HOST="127.0.0.1", **(page.headers or {}))
        if page.username:
            client.force_login(User.objects.get(username=page.username))
        path = page.url()
        client.get(path)  # warm up
        timings = []
        queries = []
        with connection.execute_wrapper(
            lambda execute, sql, *args: (queries.append(sql), execute(sql, *args))[1]
        ):
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        for _ in range(REQUESTS):
            start = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        return statistics.median(timings), p95, len(queries)

    if PROFILE:
        for page in all_pages():
            if PROFILE in page.name:
                profile(page)
        return

    base_median, base_p95, base_queries = measure(BASELINE)
    login_median, login_p95, login_queries = measure(LOGIN)
    header = (
        f"{'page':<40}{'median ms':>10}{'p95 ms':>10}{'queries':>9}{'x login':>9}{'x trivial':>11}"
    )
    print(header)
    print("-" * len(header))

    def line(page, median, p95, queries):
        login_ratio = median / login_median if login_median else float("nan")
        trivial_ratio = median / base_median if base_median else float("nan")
        print(
            f"{page.name:<40}{median:>10.2f}{p95:>10.2f}{queries:>9}"
            f"{login_ratio:>9.1f}{trivial_ratio:>11.1f}"
        )

    line(BASELINE, base_median, base_p95, base_queries)
    line(LOGIN, login_median, login_p95, login_queries)
    for page in all_pages():
        if page == LOGIN or (ONLY and ONLY not in page.name):
            continue
        line(page, *measure(page))


def profile(page) -> None:
    """Twenty warm requests of one page under cProfile: the 25 functions with most own time."""
    import cProfile
    import pstats

    from django.test import Client

    from core.models import User

    client = Client(HTTP_HOST="127.0.0.1", **(page.headers or {}))
    if page.username:
        client.force_login(User.objects.get(username=page.username))
    path = page.url()
    client.get(path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(20):
        client.get(path)
    profiler.disable()
    print(f"\n=== {page.name} ({path}), 20 requests")
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
