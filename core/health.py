"""The components `/gezond/` checks: one function each, returning a ComponentCheck.

Each check is cheap and bounded (timeouts of a few seconds), so load balancers and container
health checks can poll it. Details (error texts, ages) are for staff; anonymous callers only
learn which component is fine and which is not.
"""

import logging
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections

logger = logging.getLogger(__name__)

HEARTBEAT_CACHE_KEY = "health:worker-heartbeat"


@dataclass(frozen=True)
class ComponentCheck:
    ok: bool
    detail: str = ""


def check_database() -> ComponentCheck:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
    return ComponentCheck(ok=True)


def check_broker() -> ComponentCheck:
    """A fresh connection to the broker answers, within two seconds. One retry, at once: kombu
    would otherwise wait two seconds before it, and a refused connection answers late."""
    from wbw_portal.celery import app

    with app.connection_for_write(url=settings.CELERY_BROKER_URL) as connection:
        connection.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        connection.default_channel.client.ping()
    return ComponentCheck(ok=True)


def worker_heartbeat_record() -> None:
    """Called by the periodic heartbeat task in a worker: the worker (and beat) are alive."""
    cache.set(HEARTBEAT_CACHE_KEY, time.time(), timeout=None)


def check_worker() -> ComponentCheck:
    """A worker ran the periodic heartbeat (sent by beat) recently enough."""
    beat = cache.get(HEARTBEAT_CACHE_KEY)
    if beat is None:
        return ComponentCheck(ok=False, detail="no heartbeat recorded")
    age = time.time() - beat
    limit = settings.WBW_WORKER_HEARTBEAT_MAX_AGE
    return ComponentCheck(
        ok=age <= limit, detail=f"last heartbeat {age:.0f} s ago (limit {limit} s)"
    )


def check_media() -> ComponentCheck:
    """The media storage takes a file and gives it up again."""
    name = default_storage.save(f"gezond/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    default_storage.delete(name)
    return ComponentCheck(ok=True)


_migrations_applied = False


def check_migrations() -> ComponentCheck:
    """No migration is waiting. Once clean, a process stays clean: code cannot change under it."""
    global _migrations_applied
    if _migrations_applied:
        return ComponentCheck(ok=True)
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        return ComponentCheck(ok=False, detail=f"{len(plan)} migration(s) not applied")
    _migrations_applied = True
    return ComponentCheck(ok=True)


CHECKS = {
    "database": check_database,
    "broker": check_broker,
    "worker": check_worker,
    "media": check_media,
    "migrations": check_migrations,
}


def run_checks() -> dict[str, ComponentCheck]:
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as error:  # a health check reports a failure, it does not raise
            logger.warning("health check %s failed: %s", name, error)
            results[name] = ComponentCheck(ok=False, detail=f"{type(error).__name__}: {error}")
    return results
