"""`make bench`: latency and SQL query count per page on a scaled dataset.

Runs against a separate database (`wbw_bench`) on the same server as the portal (embedded or
DATABASE_URL), filled with the demo data times BENCH_SCALE (default 10). Every page is measured
next to a trivial view in the same run; the ratio is what to compare across machines.
It measures; it does not pass or fail.
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


_bench_environment()

# STATIC_ROOT only exists after collectstatic; the bench serves nothing static.
warnings.filterwarnings("ignore", message="No directory at")

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "40"))
SCALE = int(os.environ.get("BENCH_SCALE", "10"))


def bench_database_url() -> str:
    from wbw_portal import embedded

    url = os.environ.get("DATABASE_URL")
    if not url:
        var_dir = Path(os.environ.get("VAR_DIR", ROOT / "var"))
        return embedded.embedded_database_url(var_dir, database="wbw_bench")
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/wbw_bench"))


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS wbw_bench WITH (FORCE)")
        conn.execute("CREATE DATABASE wbw_bench")


def main() -> None:
    url = bench_database_url()
    ensure_database(url)
    os.environ["DATABASE_URL"] = url

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from benchmarks.pages import BASELINE, all_pages, scale_data
    from core.models import User

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    call_command("seed_wbw", "--demo", verbosity=0)
    scale_data(SCALE)
    print(f"database wbw_bench, demo data x{SCALE}, {REQUESTS} requests per page\n")

    def measure(page):
        client = Client(HTTP_HOST="127.0.0.1", **(page.headers or {}))
        if page.username:
            client.force_login(User.objects.get(username=page.username))
        client.get(page.path)  # warm up
        timings = []
        queries = []
        with connection.execute_wrapper(
            lambda execute, sql, *args: (queries.append(sql), execute(sql, *args))[1]
        ):
            response = client.get(page.path)
        assert response.status_code == 200, (page.path, response.status_code)
        for _ in range(REQUESTS):
            start = time.perf_counter()
            client.get(page.path)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        return statistics.median(timings), p95, len(queries)

    base_median, base_p95, base_queries = measure(BASELINE)
    header = f"{'page':<34}{'median ms':>10}{'p95 ms':>10}{'queries':>9}{'x trivial':>11}"
    print(header)
    print("-" * len(header))
    print(f"{BASELINE.name:<34}{base_median:>10.2f}{base_p95:>10.2f}{base_queries:>9}{1:>11.1f}")
    for page in all_pages():
        median, p95, queries = measure(page)
        ratio = median / base_median if base_median else float("nan")
        print(f"{page.name:<34}{median:>10.2f}{p95:>10.2f}{queries:>9}{ratio:>11.1f}")


if __name__ == "__main__":
    main()
