"""The test databases are built from the models, not by replaying the migrations.

Replaying them renders every historical model state again and cost each pytest-xdist process
about 35 s of CPU (78 s of wall time with two processes on two cores) before the first test;
about 11 s since the initial migrations create each model in one operation (see
core/management/commands/fold_initial_migrations.py).
`--no-migrations` (pyproject addopts) builds the same tables in a few seconds. What the
migrations add beyond the tables is added here, the same way production gets it:

- before the tables: the extensions and the Dutch text-search configuration that search's
  initial migration creates (its trigram index needs them);
- after the tables: the model triggers (pgtrigger, pghistory) and pghistory's context
  function, which production installs through the migrations, and audit's index on that
  context (its migration 0002 is SQL). The data-version and search triggers are installed
  after every `migrate` anyway (core.caching, search). Every migration is then recorded as
  applied, as `migrate --fake` would.

`tests/test_migrations.py` proves the shortcut honest: it replays the real migrations into a
database of its own and compares that schema, object by object, with the one built here.

Every sequence of a test database starts at FIRST_ID (10,000), not at 1: the portal formats
numbers the Dutch way with a thousands separator (USE_THOUSAND_SEPARATOR), so an id that a
template localizes by mistake reads "10.001" in a URL, a form value or an HTML id and the test
breaks at once; with ids below 1,000 the mistake would only show once production's tables grow.
"""

import re

from django.db import connections
from django.db.models.signals import post_migrate, pre_migrate


def _migrations_disabled() -> bool:
    from django.conf import settings

    return settings.MIGRATION_MODULES.__class__.__name__ == "DisableMigrations"


def _database_features(sender, using="default", **kwargs) -> None:
    if sender.label != "search" or not _migrations_disabled():
        return
    from importlib import import_module

    initial = import_module("search.migrations.0001_initial")
    with connections[using].cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'dutch_unaccent'")
        if cursor.fetchone() is None:
            cursor.execute(initial.CREATE_CONFIG)


def _model_triggers(sender, using="default", **kwargs) -> None:
    if sender.label != "pgtrigger" or not _migrations_disabled():
        return
    from django.apps import apps
    from pgtrigger import installation

    installation.install(database=using)
    apps.get_model("pghistory", "Context").install_pgh_attach_context_func(using=using)
    _record_migrations_applied(using)


def _audit_index(sender, using="default", **kwargs) -> None:
    if sender.label != "audit" or not _migrations_disabled():
        return
    from importlib import import_module

    migration = import_module("audit.migrations.0002_context_user_index").Migration
    with connections[using].cursor() as cursor:
        for operation in migration.operations:
            cursor.execute(operation.sql)


# The first primary key (and value of every other sequence) in a test database; see above.
FIRST_ID = 10_000


def raise_sequences_sql() -> str:
    """SQL that moves every sequence of the schema that is below FIRST_ID on to it, so that the
    next value it hands out is FIRST_ID. A sequence set without being used (`setval(..., false)`,
    as Django does for an empty table) shows no last value and counts as below."""
    return (
        "SELECT setval(quote_ident(schemaname) || '.' || quote_ident(sequencename), "
        f"{FIRST_ID}, false) FROM pg_sequences WHERE schemaname = current_schema() "
        f"AND coalesce(last_value, 0) < {FIRST_ID}"
    )


def _first_ids(sender, using="default", **kwargs) -> None:
    """Every sequence starts at FIRST_ID, also after `TRUNCATE ... RESTART IDENTITY` (a flush
    with reset_sequences); one that is below it now is moved on to it."""
    if sender.label != "core":  # once per migrate; post_migrate comes after every table exists
        return
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename) "
            "FROM pg_sequences WHERE schemaname = current_schema() AND start_value < %s",
            [FIRST_ID],
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f"ALTER SEQUENCE {name} START WITH {FIRST_ID}")
        cursor.execute(raise_sequences_sql())


def _record_migrations_applied(using: str) -> None:
    """As `migrate --fake` would: processes the tests start (a worker, a subprocess) load the
    real migrations and, like the health check, must find none pending."""
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.recorder import MigrationRecorder
    from django.test.utils import override_settings

    with override_settings(MIGRATION_MODULES={}):
        loader = MigrationLoader(None, ignore_no_migrations=True)
    recorder = MigrationRecorder(connections[using])
    recorder.ensure_schema()
    applied = recorder.applied_migrations()
    recorder.migration_qs.bulk_create(
        recorder.Migration(app=app, name=name)
        for app, name in sorted(loader.disk_migrations)
        if (app, name) not in applied
    )


def connect() -> None:
    pre_migrate.connect(_database_features, dispatch_uid="tests.schema.features")
    post_migrate.connect(_model_triggers, dispatch_uid="tests.schema.triggers")
    post_migrate.connect(_audit_index, dispatch_uid="tests.schema.audit_index")
    post_migrate.connect(_first_ids, dispatch_uid="tests.schema.first_ids")


# What a schema consists of, object by object, independent of the order in which it was built.
CATALOG_QUERIES = {
    "extension": "SELECT extname FROM pg_extension",
    "text search configuration": (
        "SELECT cfgname FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace "
        "WHERE n.nspname = 'public'"
    ),
    "column": (
        "SELECT table_name, column_name, data_type, is_nullable, "
        "coalesce(character_maximum_length, -1), coalesce(column_default, ''), "
        "is_generated, coalesce(generation_expression, '') "
        "FROM information_schema.columns WHERE table_schema = 'public'"
    ),
    "constraint": (
        "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
        "FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
        "WHERE n.nspname = 'public'"
    ),
    "index": "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
    "trigger": (
        "SELECT t.tgrelid::regclass::text, t.tgname, pg_get_triggerdef(t.oid) "
        "FROM pg_trigger t WHERE NOT t.tgisinternal"
    ),
    "function": (
        "SELECT p.proname, md5(p.prosrc) FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'"
    ),
}


# Differences that do not come from this project:
# - django_migrations exists only where migrations ran;
# - Django's own auth migrations leave the id of auth_group_permissions an integer in one path
#   and a bigint in the other (an old table from before DEFAULT_AUTO_FIELD; no code of ours
#   reads it).
NOT_OURS = {"django_migrations"}
NOT_OURS_COLUMNS = {("auth_group_permissions", "id")}
# A column list in a trigger follows the table's column order, which differs when a migration
# added the column later; the order has no meaning there.
_UPDATE_OF = re.compile(r"UPDATE OF (.+?) ON ")


def _normalised(kind: str, row: tuple) -> tuple:
    if kind == "trigger":
        definition = _UPDATE_OF.sub(
            lambda m: "UPDATE OF " + ", ".join(sorted(m.group(1).split(", "))) + " ON ",
            row[2],
        )
        return (*row[:2], definition)
    return row


def catalog(cursor) -> dict[str, set[tuple]]:
    """Every object of the public schema, per kind, as a set of tuples."""
    found = {}
    for kind, query in CATALOG_QUERIES.items():
        cursor.execute(query)
        found[kind] = {
            _normalised(kind, tuple(row))
            for row in cursor.fetchall()
            if kind in {"extension", "text search configuration", "function"}
            or (row[0] not in NOT_OURS and (kind != "column" or row[:2] not in NOT_OURS_COLUMNS))
        }
    return found
