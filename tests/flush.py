"""Emptying the database after a transactional test (live server, Celery worker) by DELETE.

Django empties it with one TRUNCATE of every table and then sends post_migrate, which fills
the content types and permissions again. TRUNCATE gives each of the ~110 tables and their
indexes new files, which costs about 0.35 s per test on this machine; deleting the few rows a
test leaves behind takes about 20 ms. So, in the test run only, `sql_flush` deletes instead:

- with `session_replication_role = replica` for the transaction, so that neither foreign keys
  nor triggers (history, frozen records, data versions) act on the rows being removed;
- keeping the content types and permissions, and sending no post_migrate: its receivers make
  the content types and permissions again and reinstall the triggers (and, with
  --no-migrations, record every migration as applied, tests/schema.py), about 1 s per test
  here, while DELETE leaves all of these in place;
- then moving every data version on (core.caching), as the TRUNCATE triggers would, so that no
  page cached before the flush is read after it.

A role that is not a superuser may not set the replication role: then Django's TRUNCATE runs.

DELETE leaves the sequences where they are, at or above tests.schema.FIRST_ID. A test with
`reset_sequences` gets Django's TRUNCATE with RESTART IDENTITY, which goes back to the start
value the schema set (FIRST_ID), and Django's reset of the sequences before such a test sets
them to 1: here it moves them on to FIRST_ID after that, so no test sees small ids.
"""

from django.core.management.commands import flush as flush_command
from django.db import connections
from django.db.backends.postgresql.operations import DatabaseOperations

KEPT_TABLES = {"django_content_type", "auth_permission"}
_truncate = DatabaseOperations.sql_flush
_reset_sequences_by_name = DatabaseOperations.sequence_reset_by_name_sql
_emit_post_migrate = flush_command.emit_post_migrate_signal


def _is_superuser(connection) -> bool:
    if not hasattr(connection, "wbw_is_superuser"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            connection.wbw_is_superuser = cursor.fetchone()[0]
    return connection.wbw_is_superuser


def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
    self.connection.wbw_flushed_by_delete = False
    if reset_sequences or not _is_superuser(self.connection):
        return _truncate(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
    self.connection.wbw_flushed_by_delete = True
    return [
        "SET LOCAL session_replication_role = replica",
        *(f"DELETE FROM {self.quote_name(table)}" for table in tables if table not in KEPT_TABLES),
        "SET LOCAL session_replication_role = DEFAULT",
        move_data_versions_on(),
    ]


def sequence_reset_by_name_sql(self, style, sequences):
    from tests.schema import raise_sequences_sql

    statements = _reset_sequences_by_name(self, style, sequences)
    return [*statements, raise_sequences_sql()] if statements else statements


def move_data_versions_on() -> str:
    """SQL that moves every data version on (core.caching): no page cached before is read after."""
    from core.caching import VERSION_TABLE

    return f"UPDATE {VERSION_TABLE} SET version = nextval('{VERSION_TABLE}_seq')"


def emit_post_migrate_signal(verbosity, interactive, db, **kwargs):
    if getattr(connections[db], "wbw_flushed_by_delete", False):
        connections[db].wbw_flushed_by_delete = False
        return
    _emit_post_migrate(verbosity, interactive, db, **kwargs)


def connect() -> None:
    DatabaseOperations.sql_flush = sql_flush
    DatabaseOperations.sequence_reset_by_name_sql = sequence_reset_by_name_sql
    flush_command.emit_post_migrate_signal = emit_post_migrate_signal
