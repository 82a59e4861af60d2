"""Page fragments cached under a data version that changes with every write to their data.

The version lives in PostgreSQL, not in Python: a statement-level trigger on every table of a
data group (an app, see DATA_GROUPS) sets the group's row in `core_data_version` to a fresh
number from a sequence. So every write path moves it - services, `QuerySet.update()`,
`bulk_create`, the admin, raw SQL, `TRUNCATE` - and the new version becomes visible exactly
when the written data does (same transaction). A page that reads the versions before its data
can at worst cache newer data under an older key, which the next reader does not use; it can
never cache old data under the new key. Sequence numbers are never handed out twice (not even
after a rollback), and the key carries the database's oid, so the test, bench and development
databases that share one Redis never see each other's fragments.

The triggers are (re)installed after every `migrate` (post_migrate), so a new table of a group
is covered the moment it exists; `tests/core/test_caching.py` checks that no table is missed.

Use in a view: pass the expensive parts lazily (`lazy(...)`) and the key (`page_cache(...)`),
and wrap the template part in `{% cache page_cache.timeout <name> page_cache.key %}`. On a hit
the lazy parts are never evaluated: one query (the versions) and one Redis read.
"""

import functools
import hashlib
import uuid
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.translation import get_language

VERSION_TABLE = "core_data_version"
TRIGGER = "core_data_version_bump"

# Data group -> the apps whose tables it covers: only the data cached pages show, as every
# write to a covered table holds its group's version row until the transaction ends (writers
# of one group commit one after the other). `core` covers organisations and people; a login
# (last_login) or a password change does not count as a change of the shown data. `reports`
# covers the council reports and meeting packs: their writers (the web process and the render
# worker) lock job rows, so each takes the group's version row first (`lock_data_version`),
# after any row of another app, and no two of them can wait for each other in the other order.
# The maturity pages are not cached, so their tables are not covered.
DATA_GROUPS = {
    "core": ("core",),
    "governance": ("governance",),
    "budget": ("budget",),
    "reports": ("reports",),
}
# Tables of the groups' apps that no page shows (or that change on every request): the
# worker's heartbeat, import uploads, and the council reports' download log and list visits
# (written by reading a report or the list; 'Actie nodig' reads the visits, and is not cached).
IGNORED_TABLES = {
    "core_workerheartbeat",
    "core_importupload",
    "reports_reportdownload",
    "reports_reportlistvisit",
}
# Columns whose updates do not change any page (user rows: written at every login).
IGNORED_COLUMNS = {"core_user": {"last_login", "password"}}

INSTALL_SQL = f"""
CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (
    data_group text PRIMARY KEY,
    version bigint NOT NULL
);
CREATE SEQUENCE IF NOT EXISTS {VERSION_TABLE}_seq;
CREATE OR REPLACE FUNCTION {TRIGGER}_now(text) RETURNS void LANGUAGE sql AS $$
    INSERT INTO {VERSION_TABLE} (data_group, version)
    VALUES ($1, nextval('{VERSION_TABLE}_seq'))
    ON CONFLICT (data_group) DO UPDATE SET version = EXCLUDED.version;
$$;
CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM {TRIGGER}_now(TG_ARGV[0]);
    RETURN NULL;
END
$$;
"""


def group_tables() -> dict[str, str]:
    """Every table the groups cover (models, many-to-many tables, history events) -> group."""
    tables = {}
    for group, labels in DATA_GROUPS.items():
        for label in labels:
            try:
                config = apps.get_app_config(label)
            except LookupError:
                continue
            for model in config.get_models(include_auto_created=True):
                if model._meta.managed and not model._meta.proxy:
                    table = model._meta.db_table
                    if table not in IGNORED_TABLES:
                        tables[table] = group
    return tables


def install_triggers(*, using: str = "default") -> None:
    """Create the version table and a trigger on every covered table (idempotent)."""
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "postgresql":
        return
    covered = group_tables()
    with conn.cursor() as cursor:
        cursor.execute(INSTALL_SQL)
        # Tables no longer covered (a group was dropped) lose their triggers.
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname IN (%s, %s)",
            [TRIGGER, f"{TRIGGER}_truncate"],
        )
        for table, trigger in cursor.fetchall():
            if table not in covered:
                cursor.execute(f"DROP TRIGGER {trigger} ON {conn.ops.quote_name(table)}")
        existing = set(conn.introspection.table_names(cursor))
        for table, group in covered.items():
            if table not in existing:
                continue
            ignored = IGNORED_COLUMNS.get(table)
            if ignored:
                columns = [
                    column.name
                    for column in conn.introspection.get_table_description(cursor, table)
                    if column.name not in ignored
                ]
                update = "UPDATE OF " + ", ".join(conn.ops.quote_name(c) for c in columns)
            else:
                update = "UPDATE"
            quoted = conn.ops.quote_name(table)
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER {TRIGGER} AFTER INSERT OR {update} OR DELETE "
                f"ON {quoted} FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}(%s)",
                [group],
            )
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER {TRIGGER}_truncate AFTER TRUNCATE "
                f"ON {quoted} FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}(%s)",
                [group],
            )


def install_triggers_after_migrate(sender, using="default", **kwargs) -> None:
    install_triggers(using=using)


def lock_data_version(group: str) -> None:
    """Move the group's version now and hold its row until the transaction ends: called first
    in a write transaction that will also lock rows of the group (render jobs), so every such
    writer takes the version row before any other row of the group and none of them can
    deadlock with another on it. Inside `transaction.atomic()` only."""
    if group not in DATA_GROUPS:
        raise ValueError(f"unknown data group: {group}")
    if connection.vendor != "postgresql":
        return
    if not connection.in_atomic_block:
        raise RuntimeError("lock_data_version() outside a transaction holds nothing")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {TRIGGER}_now(%s)", [group])


def data_version(*groups: str) -> str:
    """The current version of the data groups, as one string: one query."""
    unknown = set(groups) - set(DATA_GROUPS)
    if unknown:
        raise ValueError(f"unknown data groups: {sorted(unknown)}")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT oid FROM pg_database WHERE datname = current_database()), "
            f"array(SELECT data_group || '.' || version FROM {VERSION_TABLE} "
            "WHERE data_group = ANY(%s) ORDER BY data_group)",
            [sorted(groups)],
        )
        oid, versions = cursor.fetchone()
    return f"{oid}:{','.join(versions)}"


@functools.cache
def code_version() -> str:
    """What the portal's code and templates are, as a short hash of their files' names, sizes
    and modification times (read once per process): a deployment with other templates or views
    never answers from pages cached by the one before. The same in every process of one
    deployment, so the processes share their caches."""
    root = settings.BASE_DIR
    # The apps and wbw_portal, with everything below them: template tags and formats render
    # fragments too.
    packages = [root / "wbw_portal", *(path.parent for path in root.glob("*/apps.py"))]
    digest = hashlib.sha256()
    for path in sorted(
        [
            *root.glob("templates/**/*.html"),
            *(path for package in packages for path in package.rglob("*.py")),
            *(path for package in packages for path in package.rglob("templates/**/*.html")),
        ]
    ):
        stat = path.stat()
        digest.update(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class PageCache:
    key: str
    timeout: int
    groups: tuple[str, ...] = ()  # the data groups the key is versioned on


def page_cache(request, *groups: str, extra: str = "", store: bool = True) -> PageCache:
    """The key of one user's view of a page (path and query string, language, today's date: pages
    mark what is overdue) at the current version of `groups`. Per user: what a user may see is
    decided by their scopes and rules, never by the cache. `store=False`: a key of its own that
    is never kept, for a view that shows something changing with time alone (no query)."""
    if not store:
        return PageCache(key=uuid.uuid4().hex, timeout=0, groups=tuple(sorted(set(groups))))
    parts = [
        code_version(),
        data_version(*groups),
        str(request.user.pk),
        get_language() or "",
        timezone.localdate().isoformat(),
        request.get_full_path(),
        extra,
    ]
    if not settings.PAGE_CACHE_TIMEOUT:  # 0 turns the page caches off (`make bench` cold)
        parts.append(uuid.uuid4().hex)
    return PageCache(
        key=hashlib.sha256("\x1f".join(parts).encode()).hexdigest(),
        timeout=settings.PAGE_CACHE_TIMEOUT,
        groups=tuple(sorted(set(groups))),
    )


def cached_value(page: PageCache, name: str, compute, *, groups=()):
    """What `compute()` returns (picklable), kept under the page's key like a `{% cache %}`
    fragment, for data that is not a fragment (such as a list a template renders with parts
    read live). `groups` are the data groups `compute` reads: the key must be versioned on all
    of them. On a hit `compute` is not called."""
    missing = set(groups) - set(page.groups)
    if missing:
        raise ValueError(f"the page cache is not versioned on {sorted(missing)}")
    key = f"wbw.value.{name}.{page.key}"
    found = cache.get(key, _MISSING)
    if found is _MISSING:
        found = compute()
        cache.set(key, found, page.timeout)
    return found


_MISSING = object()


def lazy(function):
    """A context value computed when a template first uses it (so never on a cache hit), once."""
    return functools.cache(function)
