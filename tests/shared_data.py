"""Data built once and shared by many tests, in transactions that roll back.

The test database connection holds up to three layers, outermost first:

1. **the seed** (`seed_wbw`, or `seed_wbw --demo`) for tests that ask for `seeded` or
   `demo_seeded`. It is built once and kept while the next test asks for the same seed; a test
   that asks for no seed never sees it (the layer is rolled back first). Collection puts tests
   of the same seed next to each other, so each seed is built about once per session (once
   per xdist worker).
2. **a module's shared data** (`module_db`, on the seed the module's tests use): data a
   module's fixtures build once, such as a user per role for the rule tables or a large data set
   for query budgets.
3. **the test's own transaction** (pytest-django's `db`), rolled back after every test.

Transactional tests (a live server, a Celery worker) commit for real, so no layer is open while
they run; `seeded` then puts the seed into the test's database from a copy of it that the
process took when it first loaded it (or loads it with `seed_wbw` when it has no copy yet).
Loading the seed announces nothing (core.seed.loading), so a load that commits and one that
is rolled back leave the same rows.
"""

from pathlib import Path

import pytest

# fixture name -> arguments of `seed_wbw`; the order is the order tests run in.
SEEDS = {"seeded": (), "demo_seeded": ("--demo",)}
# fixtures that stand on a seed -> that seed
SEED_OF_FIXTURE = {"seeded": "seeded", "module_db_seeded": "seeded", "demo_seeded": "demo_seeded"}
DEMO_PASSWORD = "demo-wachtwoord"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def wanted_seed(item) -> str | None:
    """The seed a test asks for; the demo seed holds the plain one."""
    wanted = {
        SEED_OF_FIXTURE[name]
        for name in getattr(item, "fixturenames", ())
        if name in SEED_OF_FIXTURE
    }
    return next((name for name in reversed(SEEDS) if name in wanted), None)


def django_db_order(item) -> int:
    """pytest-django's order: 0 = in a rolled-back transaction, 1 = transactional, 2 = no db."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    transactional = bool(
        marker
        and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
        or "django_db_reset_sequences" in fixtures
    )
    if transactional:
        return 1
    return 0 if marker or "db" in fixtures else 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Keep pytest-django's order; within it, run the tests of one seed one after another.

    Transactional tests come last and share out no seed layer: the long-running ones among them
    (the browser crawl, a minute each) start first, so that pytest-xdist's processes finish at
    about the same time instead of one waiting for the other's last long test.
    """
    ranks = {None: 0, **{name: rank for rank, name in enumerate(SEEDS, start=1)}}

    def key(item):
        order = django_db_order(item)
        if order == 0:
            return order, ranks[wanted_seed(item)]
        return order, 0 if item.get_closest_marker("long_running") else 1

    items.sort(key=key)


class Layers:
    """The open layers on the default connection, as a stack of atomic blocks."""

    def __init__(self, blocker):
        self.blocker = blocker
        self.stack: list[tuple[str, object]] = []  # (label, Atomic), outermost first
        self.seed: str | None = None

    def _open(self, label: str) -> None:
        from django.db import transaction

        atomic = transaction.atomic()
        with self.blocker.unblock():
            atomic.__enter__()
        self.stack.append((label, atomic))

    def _close(self, label: str) -> None:
        from django.db import transaction

        top, atomic = self.stack.pop()
        assert top == label, f"closing {label!r} but {top!r} is the innermost layer"
        with self.blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
        if label == "seed":
            self.seed = None

    @property
    def module_open(self) -> bool:
        return any(label == "module" for label, _ in self.stack)

    def _check_no_foreign_transaction(self, for_what: str) -> None:
        from django.db import connection

        if connection.atomic_blocks != [atomic for _, atomic in self.stack]:
            pytest.fail(
                f"{for_what}: a fixture holds a transaction of its own around the tests; "
                "build data shared by a module on module_db (tests/shared_data.py)"
            )

    def ensure_seed(self, wanted: str | None, *, for_what: str) -> None:
        if self.module_open:
            # The module's shared data was built on a seed; its tests all see that seed.
            if wanted not in (None, self.seed):
                pytest.fail(
                    f"{for_what} asks for seed {wanted!r}, but this module's shared data "
                    f"(module_db) was built on seed {self.seed!r}: give the module one seed"
                )
            return
        if self.seed == wanted:
            return
        self._check_no_foreign_transaction(for_what)
        if self.seed is not None:
            self._close("seed")
        if wanted is None:
            return
        from django.test import override_settings

        self._open("seed")
        with (
            self.blocker.unblock(),
            override_settings(PASSWORD_HASHERS=FAST_HASHERS, DEMO_PASSWORD=DEMO_PASSWORD),
        ):
            load_seed(wanted)
        self.seed = wanted

    def open_module(self, seed: str | None, *, for_what: str) -> None:
        self.ensure_seed(seed, for_what=for_what)
        self._open("module")

    def close_module(self) -> None:
        self._close("module")

    def close_all(self) -> None:
        while self.stack:
            self._close(self.stack[-1][0])


_active: Layers | None = None


@pytest.fixture(scope="session")
def _shared_layers(django_db_setup, django_db_blocker):
    global _active
    _active = Layers(django_db_blocker)
    yield _active
    _active.close_all()
    _active = None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Roll the layers back before a transactional test or one without the database.

    Such tests let other connections (a live server, a worker, a subprocess) write or truncate
    rows that the open layers would hold back. This runs before the test's fixtures: the
    browser fixture gives the test thread a connection of its own (Playwright runs an event
    loop in it), so afterwards the layers' connection could no longer be reached.
    """
    if _active is not None and django_db_order(item) != 0 and not _active.module_open:
        _active.close_all()


@pytest.fixture
def _shared_layers_for_test(request, _shared_layers):
    """Bring the layers into the state this test needs, before its own transaction opens."""
    name = request.node.nodeid
    if django_db_order(request.node) == 1:
        if _shared_layers.module_open:
            pytest.fail(f"{name} is transactional: it cannot run inside module_db data")
        _shared_layers.close_all()
    else:
        _shared_layers.ensure_seed(wanted_seed(request.node), for_what=name)
    return _shared_layers


@pytest.fixture
def _django_db_helper(_shared_layers_for_test, _django_db_helper):
    """pytest-django's per-test database fixture, entered after the shared layers are ready.

    Every database test (`db`, `transactional_db`, the `django_db` mark) passes through here.
    """
    return _django_db_helper


def module_seed(request) -> str | None:
    """The seed a module's tests ask for (the largest, if they differ)."""
    module = request.module
    wanted = {
        wanted_seed(item)
        for item in request.session.items
        if getattr(item, "module", None) is module
    }
    return next((name for name in reversed(SEEDS) if name in wanted), None)


@pytest.fixture(scope="module")
def module_db(request, _shared_layers, django_db_blocker):
    """A transaction around one module: module-scoped fixtures that depend on this build their
    data once, every test of the module sees it, and it is rolled back after the module.

    It stands on the seed the module's tests ask for (e.g. `pytest.mark.usefixtures("seeded")`
    in its `pytestmark`, or `module_db_seeded`), or on none; every test of the module sees that
    seed. Its tests run in transactions of their own inside it (`db`); a module that uses it
    holds no transactional tests.
    """
    from django.test import override_settings

    _shared_layers.open_module(module_seed(request), for_what=request.node.nodeid)
    django_db_blocker.unblock()
    # The function-scoped fast hasher of tests/conftest.py is not active at module scope.
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield
    django_db_blocker.restore()
    _shared_layers.close_module()


@pytest.fixture(scope="module")
def module_db_seeded(module_db):
    """module_db on the seeded collaboration."""


class SeedCopy:
    """What a seed left in the database's tables (COPY data) and in MEDIA_ROOT, to put back
    into an emptied database: about 0.2 s, where `seed_wbw --demo` takes about 3.5 s."""

    def __init__(self, tables: dict[str, bytes], files: dict[str, bytes]):
        self.tables = tables
        self.files = files

    @staticmethod
    def table_names() -> list[str]:
        """The tables a flush after a transactional test empties (tests/flush.py)."""
        from django.db import connection

        from tests.flush import KEPT_TABLES

        names = connection.introspection.django_table_names(only_existing=True)
        return sorted(set(names) - KEPT_TABLES)

    @classmethod
    def tables_empty(cls) -> bool:
        from django.db import connection

        names = cls.table_names()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT NOT (" + " OR ".join(f'EXISTS (SELECT FROM "{n}")' for n in names) + ")"
            )
            return cursor.fetchone()[0]

    @staticmethod
    def media_files() -> dict[str, Path]:
        from django.conf import settings

        root = Path(settings.MEDIA_ROOT)
        return {str(path.relative_to(root)): path for path in root.rglob("*") if path.is_file()}

    @classmethod
    def take(cls, files_before: set[str]) -> "SeedCopy":
        from django.db import connection

        tables = {}
        with connection.cursor() as cursor:
            for table in cls.table_names():
                with cursor.copy(f'COPY "{table}" TO STDOUT') as copy:
                    data = b"".join(bytes(block) for block in copy)
                if data:
                    tables[table] = data
        files = {
            name: path.read_bytes()
            for name, path in cls.media_files().items()
            if name not in files_before
        }
        return cls(tables, files)

    def put_back(self) -> bool:
        """Load the copy into the tables, if they are all empty (else False: nothing done)."""
        from django.apps import apps
        from django.conf import settings
        from django.core.management.color import no_style
        from django.db import connection, transaction

        from tests.flush import move_data_versions_on
        from tests.schema import raise_sequences_sql

        if not self.tables_empty():
            return False  # the test's own rows came first: seed_wbw merges with them
        with transaction.atomic(), connection.cursor() as cursor:
            # As the flush: no trigger (history, frozen records) acts on rows put back.
            cursor.execute("SET LOCAL session_replication_role = replica")
            for table, data in self.tables.items():
                with cursor.copy(f'COPY "{table}" FROM STDIN') as copy:
                    copy.write(data)
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
            models = apps.get_models(include_auto_created=True)
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
            cursor.execute(raise_sequences_sql())  # those of empty tables went back to 1
            cursor.execute(move_data_versions_on())  # as after the flush and the seed itself
        for name, content in self.files.items():
            path = Path(settings.MEDIA_ROOT, name)
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
        return True


# seed name -> its copy, taken the first time this process loaded it into empty tables
_seed_copies: dict[str, SeedCopy] = {}


def load_seed(name: str) -> None:
    """seed_wbw for the seed `name`. The process keeps a copy of its first load into empty
    tables (usually the seed layer's), which its transactional tests then start from."""
    from django.core.management import call_command

    copyable = name not in _seed_copies and SeedCopy.tables_empty()
    # The media files that were there before: only a copy needs them (a walk of MEDIA_ROOT).
    files_before = set(SeedCopy.media_files()) if copyable else set()
    call_command("seed_wbw", *SEEDS[name], verbosity=0)
    if copyable:
        _seed_copies[name] = SeedCopy.take(files_before)


def _seed_fixture(request, _shared_layers_for_test, name: str) -> None:
    if _shared_layers_for_test.seed == wanted_seed(request.node):
        return  # built once, in the layer below this test's transaction
    if django_db_order(request.node) != 1:
        pytest.fail(f"{request.node.nodeid}: the shared seed {name!r} is missing")
    # A transactional test commits; the seed is put into it and flushed afterwards: from the
    # process's copy of it, else (no copy yet, or the test's own rows came first) by seed_wbw.
    request.getfixturevalue("settings").DEMO_PASSWORD = DEMO_PASSWORD
    if name in _seed_copies and _seed_copies[name].put_back():
        return
    load_seed(name)


@pytest.fixture
def seeded(request, db, _shared_layers_for_test):
    """The real collaboration, as `seed_wbw` loads it."""
    _seed_fixture(request, _shared_layers_for_test, "seeded")


@pytest.fixture
def demo_seeded(request, db, _shared_layers_for_test):
    """The collaboration with the demo accounts and rounds (`seed_wbw --demo`)."""
    _seed_fixture(request, _shared_layers_for_test, "demo_seeded")
