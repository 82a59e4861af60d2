from django.db import migrations


class Migration(migrations.Migration):
    """An index on the user in pghistory's context (one row per request that wrote): the change
    log's user filter looked it up by scanning the whole table. Built concurrently, as every
    tracked write adds to the table."""

    atomic = False

    dependencies = [
        ("audit", "0001_initial"),
        ("pghistory", "0007_auto_20250421_0444"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS audit_pghistory_context_user"
            " ON pghistory_context ((metadata->>'user'))",
            reverse_sql="DROP INDEX CONCURRENTLY IF EXISTS audit_pghistory_context_user",
        ),
    ]
