"""The migrations build exactly the schema the tests run on (tests/schema.py).

The test databases are built from the models; production is built by the migrations. This test
replays the real migrations (`manage.py migrate`, as a deployment runs it) into a database of its
own and compares the two schemas object by object: columns, constraints, indexes, triggers,
functions, extensions and the text-search configuration.
"""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.db.migrations import AddConstraint, AddField, AddIndex
from django.db.migrations.loader import MigrationLoader
from django.test.utils import override_settings
from pgtrigger.migrations import AddTrigger

from tests import schema
from tests.conftest import database_url_for_tests

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def migrated_database(db):
    name = f"{connection.settings_dict['NAME']}_migrated"[:63]
    url = database_url_for_tests().rsplit("/", 1)[0]
    with psycopg.connect(f"{url}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": f"{url}/{name}"},
            check=True,
            capture_output=True,
            timeout=600,
        )
        with psycopg.connect(f"{url}/{name}") as migrated, migrated.cursor() as cursor:
            yield schema.catalog(cursor)
    finally:
        with psycopg.connect(f"{url}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_migrations_build_the_schema_the_tests_run_on(migrated_database):
    with connection.cursor() as cursor:
        built_from_models = schema.catalog(cursor.cursor)

    for kind in schema.CATALOG_QUERIES:
        only_migrated = sorted(migrated_database[kind] - built_from_models[kind])
        only_models = sorted(built_from_models[kind] - migrated_database[kind])
        assert not only_migrated and not only_models, (
            f"{kind}: only after the migrations: {only_migrated[:5]}; "
            f"only in the test database: {only_models[:5]}"
        )
    # The comparison saw the schema, not two empty sets.
    assert len(built_from_models["column"]) > 500
    assert len(built_from_models["trigger"]) > 50


def test_the_initial_migrations_create_each_model_in_one_operation():
    """makemigrations adds a new model's relations, indexes, constraints and triggers in operations
    after its CreateModel; during `migrate` each re-renders the models related to its model, three
    times the work of the test above. `manage.py fold_initial_migrations` folds them."""
    ours = {path.parent.parent.name for path in ROOT.glob("*/migrations/0001_initial.py")}
    with override_settings(MIGRATION_MODULES={}):
        loader = MigrationLoader(None, ignore_no_migrations=True)
    unfolded = {
        app_label
        for (app_label, name), migration in loader.disk_migrations.items()
        if app_label in ours and name == "0001_initial"
        for operation in migration.operations
        if isinstance(operation, (AddField, AddIndex, AddConstraint, AddTrigger))
    }
    assert not unfolded, f"run `manage.py fold_initial_migrations {' '.join(sorted(unfolded))}`"
