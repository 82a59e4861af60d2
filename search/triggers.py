"""Database triggers that keep one search document per searchable record.

For every registered kind (core.searching) and every table it depends on (its own and its
watches), three statement-level triggers (after insert, update and delete, each with the
statement's changed rows as a transition table) rebuild the documents of the affected records
in one INSERT ... SELECT. So a form save, a bulk `QuerySet.update()`, a `bulk_create` import or
plain SQL all leave the index current in the same transaction, and a 10,000-row import costs
one statement, not 10,000.

The SELECT is the kind's ORM expressions compiled to SQL. The triggers are installed after every
`migrate` (post_migrate), through django-pgtrigger's installer: each trigger carries a hash of
its SQL, so a changed document definition is detected, its triggers replaced and its documents
rebuilt; triggers of kinds that no longer exist are removed. They are not in migrations because
the definitions live in the apps that own the models (which must not depend on the search app).
"""

import hashlib
import logging

import pgtrigger
from django.contrib.postgres.fields import ArrayField
from django.db import connections, transaction
from django.db.models import DateField, F, IntegerField, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce

from core import searching
from search.models import SEARCH_CONFIG, SearchDocument

logger = logging.getLogger(__name__)

CHANGED = "search_changed"  # the transition table of the changed rows
PREFIX = "search_"  # of every trigger and function this module owns
OPERATIONS = {"ins": pgtrigger.Insert, "upd": pgtrigger.Update, "del": pgtrigger.Delete}


def _expression(value):
    return F(value) if isinstance(value, str) else value


def _compose(queryset, using: str) -> str:
    sql, params = queryset.query.sql_with_params()
    return connections[using].ops.compose_sql(sql, params)


def document_select(kind: searching.SearchableKind, *, ids_sql: str | None, using: str) -> str:
    """SQL for the documents of `kind`: of every record, or of those whose pk is in `ids_sql`."""
    queryset = kind.model._base_manager.order_by()
    if kind.condition is not None:
        queryset = queryset.filter(kind.condition)
    if ids_sql is not None:
        queryset = queryset.filter(pk__in=RawSQL(ids_sql, ()))
    no_workstreams = RawSQL("'{}'::integer[]", (), output_field=ArrayField(IntegerField()))
    queryset = queryset.annotate(
        _search_pk=F("pk"),
        _search_title=Coalesce(
            Cast(_expression(kind.title), TextField()), Value(""), output_field=TextField()
        ),
        _search_body=Coalesce(
            Cast(_expression(kind.body), TextField()), Value(""), output_field=TextField()
        ),
        _search_date=Cast(_expression(kind.date), DateField()),
        _search_workstreams=Coalesce(_expression(kind.workstreams), no_workstreams)
        if kind.workstreams is not None
        else no_workstreams,
        _search_url_arg=Cast(_expression(kind.url_arg), TextField()),
    ).values(
        "_search_pk",
        "_search_title",
        "_search_body",
        "_search_date",
        "_search_workstreams",
        "_search_url_arg",
    )
    return _compose(queryset, using)


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def refresh_sql(kind: searching.SearchableKind, *, ids_sql: str | None, using: str) -> str:
    """Delete and rebuild the documents of `kind` for the records in `ids_sql` (None: all)."""
    table = SearchDocument._meta.db_table
    config = _quote(SEARCH_CONFIG)
    scope = f" AND object_id IN ({ids_sql})" if ids_sql is not None else ""
    return f"""
        DELETE FROM {table} WHERE kind = {_quote(kind.key)}{scope};
        INSERT INTO {table}
            (kind, object_id, title, body, date, workstream_ids, url_arg, fuzzy_text,
             search_vector, indexed_at)
        SELECT {_quote(kind.key)}, d._search_pk, d._search_title, d._search_body, d._search_date,
            d._search_workstreams, d._search_url_arg,
            public.unaccent(d._search_title || ' ' || d._search_body),
            setweight(to_tsvector({config}::regconfig, d._search_title), 'A')
                || setweight(to_tsvector({config}::regconfig, d._search_body), 'B'),
            now()
        FROM ({document_select(kind, ids_sql=ids_sql, using=using)}) AS d
        ON CONFLICT (kind, object_id) DO UPDATE SET
            title = EXCLUDED.title, body = EXCLUDED.body, date = EXCLUDED.date,
            workstream_ids = EXCLUDED.workstream_ids, url_arg = EXCLUDED.url_arg,
            fuzzy_text = EXCLUDED.fuzzy_text, search_vector = EXCLUDED.search_vector,
            indexed_at = EXCLUDED.indexed_at;
    """


class SearchTrigger(pgtrigger.Trigger):
    """A pgtrigger trigger named `search_...`: pgtrigger's own pruning leaves it alone."""

    def get_pgid(self, model) -> str:
        model_hash = hashlib.sha1(self.get_uri(model).encode()).hexdigest()[:5]
        return f"{PREFIX}{self.name}_{model_hash}".lower()


def _changed_ids_sql(kind: searching.SearchableKind, watch: searching.Watch, using: str) -> str:
    changed = f'SELECT "{watch.column}" FROM {CHANGED}'
    if watch.lookup == "pk":
        return changed
    records = kind.model._base_manager.filter(
        **{f"{watch.lookup}__in": RawSQL(changed, ())}
    ).values("pk")
    return _compose(records.order_by(), using)


def expected_triggers(using: str = "default") -> list[tuple[type, SearchTrigger, str]]:
    """(table's model, trigger, kind key) for every registered kind and every table it reads."""
    result = []
    for kind in searching.kinds:
        own = searching.Watch(model=kind.model, lookup="pk", column=kind.model._meta.pk.column)
        for index, watch in enumerate((own, *kind.watches)):
            func = refresh_sql(kind, ids_sql=_changed_ids_sql(kind, watch, using), using=using)
            for suffix, operation in OPERATIONS.items():
                referencing = (
                    pgtrigger.Referencing(old=CHANGED)
                    if suffix == "del"
                    else pgtrigger.Referencing(new=CHANGED)
                )
                trigger = SearchTrigger(
                    name=f"{kind.key}_{index}_{suffix}",
                    level=pgtrigger.Statement,
                    when=pgtrigger.After,
                    operation=operation,
                    referencing=referencing,
                    func=func + " RETURN NULL;",
                )
                result.append((watch.model, trigger, kind.key))
    return result


def _tables_of(key: str) -> set[str]:
    kind = searching.kinds.get(key)
    models = [kind.model, *(watch.model for watch in kind.watches)]
    tables = {model._meta.db_table for model in models}
    # Tables the document's expressions join (e.g. the workstream's name) must exist too.
    for field in kind.model._meta.get_fields():
        if field.is_relation and field.concrete and field.related_model is not None:
            tables.add(field.related_model._meta.db_table)
    return tables


def sync(using: str = "default", *, force: bool = False) -> list[str]:
    """Install missing or changed triggers, drop stale ones, rebuild what changed.

    Returns the keys of the kinds whose documents were rebuilt.
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    if SearchDocument._meta.db_table not in tables:
        return []  # a partial migrate before the search app's own
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.tgname, c.relname, obj_description(t.oid, 'pg_trigger') FROM pg_trigger t"
            " JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname LIKE %s",
            [PREFIX.replace("_", "\\_") + "%"],
        )
        installed = {name: (table, comment) for name, table, comment in cursor.fetchall()}
    # Kinds whose tables do not all exist yet (a partial migrate) wait for the next migrate.
    expected = [
        entry
        for entry in expected_triggers(using)
        if all(table in tables for table in _tables_of(entry[2]))
    ]
    rebuild: set[str] = set()
    with transaction.atomic(using=using):
        for model, trigger, key in expected:
            pgid = trigger.get_pgid(model)
            compiled = trigger.compile(model)
            current = installed.get(pgid)
            if force or current is None or current[1] != compiled.hash:
                trigger.install(model, database=using)
                rebuild.add(key)
        wanted = {trigger.get_pgid(model) for model, trigger, _key in expected}
        with connection.cursor() as cursor:
            for name, (table, _comment) in installed.items():
                if name not in wanted:
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"')
                    cursor.execute(f'DROP FUNCTION IF EXISTS "{name}"()')
            keys = [kind.key for kind in searching.kinds]
            ready = {key for _model, _trigger, key in expected}
            cursor.execute(
                f"DELETE FROM {SearchDocument._meta.db_table} WHERE NOT (kind = ANY(%s))", [keys]
            )
            for kind in searching.kinds:
                if kind.key in rebuild and kind.key in ready:
                    cursor.execute(refresh_sql(kind, ids_sql=None, using=using))
    if rebuild:
        logger.info("search: triggers installed and documents rebuilt for %s", sorted(rebuild))
    return sorted(rebuild)


def rebuild(using: str = "default") -> None:
    """Rebuild every document from the records (e.g. after restoring a database dump)."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {SearchDocument._meta.db_table} WHERE NOT (kind = ANY(%s))",
            [[kind.key for kind in searching.kinds]],
        )
        for kind in searching.kinds:
            cursor.execute(refresh_sql(kind, ids_sql=None, using=using))
