"""Reads for the audit pages: the change log over pghistory's events, and the access review."""

import datetime
import functools
import json
from dataclasses import dataclass, field

from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from pghistory import core as pghistory_core
from pghistory.models import Context

from core.access import grants_for
from core.models import User

# What an event did to its record, as the change log and its export name it.
ACTION_LABELS = {
    "insert": gettext_lazy("aangemaakt"),
    "update": gettext_lazy("gewijzigd"),
    "delete": gettext_lazy("verwijderd"),
}


def tracked_models() -> list[tuple[str, str]]:
    """(label, verbose name) of every model whose history is recorded, by name."""
    return list(_tracked_models(get_language()))


@functools.lru_cache(maxsize=32)
def _tracked_models(language: str | None) -> tuple[tuple[str, str], ...]:
    """tracked_models() in `language`: model metadata, the same on every request (the change log
    reads it twice per page, and walking every model cost as much as a query)."""
    found = []
    for model in apps.get_models():
        if getattr(model, "pgh_event_models", None) and not getattr(
            model, "pgh_tracked_model", None
        ):
            found.append((model._meta.label, str(model._meta.verbose_name).capitalize()))
    return tuple(sorted(found, key=lambda item: item[1]))


@dataclass
class EventRow:
    at: datetime.datetime
    label: str
    model: str
    model_name: str
    record: str
    user: User | None
    changes: dict = field(default_factory=dict)
    event_model: str = ""  # the event's own key: its event model's label and pgh_id
    pgh_id: int | None = None

    @property
    def model_class(self):
        """The tracked model, for its field labels (None for a model since removed)."""
        try:
            return apps.get_model(self.model)
        except (LookupError, ValueError):
            return None


class ChangeLog:
    """The events matching the change log's filters, read straight from pghistory's event tables.

    pghistory's `Events` view is a UNION ALL over every event table that computes each event's
    diff (a subquery per event) before it filters, orders or limits: its cost grows with the whole
    history. Here the filters go into every table's own query, a page is the newest `limit` keys
    of the union older (or newer) than a cursor, each table reading at most `limit` rows through
    its (`pgh_created_at`, `pgh_id`) index from the cursor on, so a page deep in the history
    costs what the first one does; only that page's diffs are computed, with pghistory's SQL.
    """

    def __init__(self, *, user=None, model="", record="", date_from=None, date_to=None):
        self._branches = [
            branch
            for event_model in pghistory_core.event_models()
            if (branch := _branch(event_model, user, model, record, date_from, date_to))
        ]
        # The user's contexts, found once per query (through the index on the context's user,
        # see audit/migrations/0002) rather than once per table.
        self._with, self._with_params = "", []
        if user is not None:
            self._with = (
                f"WITH {_USER_CONTEXTS} AS MATERIALIZED"
                f" (SELECT id FROM {_CONTEXT_TABLE} WHERE metadata->>'user' = %s) "
            )
            self._with_params = [str(user.pk)]

    def count(self, *, up_to: int) -> int:
        """How many events match, counting no further than `up_to` (one query)."""
        if not self._branches:
            return 0
        union = " UNION ALL ".join(
            f"(SELECT 1 FROM {b.table} WHERE {b.where})" for b in self._branches
        )
        params = [p for b in self._branches for p in b.params]
        with connection.cursor() as cursor:
            cursor.execute(
                f"{self._with}SELECT count(*) FROM ({union} LIMIT %s) AS matching",
                [*self._with_params, *params, up_to],
            )
            return cursor.fetchone()[0]

    def rows(self, *, limit: int) -> list[EventRow]:
        """The newest `limit` events, with their diffs and users."""
        return event_rows([key[:2] for key in self.keys(limit=limit)])

    def keys(
        self, *, limit: int, older_than: "Cursor | None" = None, newer_than: "Cursor | None" = None
    ) -> list[tuple[str, int, datetime.datetime]]:
        """(event model label, pgh_id, pgh_created_at) of the `limit` events next to a cursor
        (older than `older_than`, or newer than `newer_than`; neither: the newest), newest
        first: one query."""
        # Newest first; the events of one transaction share their moment (NOW()): those by
        # event model label (by code point, as the database's C collation sorted it), then
        # newest written first. (pghistory sorted them by its text pgh_slug,
        # "<event model>:<pgh_id>", which put "…:9" before "…:10" and needs every event of the
        # moment read and sorted: a bulk import's ten thousand.)
        if not self._branches or limit <= 0:
            return []
        cursor_key = newer_than or older_than
        newer = newer_than is not None
        order = "ASC" if newer else "DESC"
        parts, params = [], []
        for b in self._branches:
            where, where_params = b.where, list(b.params)
            if cursor_key is not None:
                condition, condition_params = _beyond(b.label, cursor_key, newer=newer)
                where = f"{where} AND {condition}"
                where_params += condition_params
            parts.append(
                f"(SELECT %s::TEXT AS model, %s::INT AS rank, pgh_id, pgh_created_at"
                f" FROM {b.table} WHERE {where}"
                f" ORDER BY pgh_created_at {order}, pgh_id {order} LIMIT %s)"
            )
            params += [b.label, _rank(b.label), *where_params, limit]
        with connection.cursor() as cursor:
            cursor.execute(
                f"{self._with}SELECT model, pgh_id, pgh_created_at"
                f" FROM ({' UNION ALL '.join(parts)}) AS events"
                f" ORDER BY pgh_created_at {order}, rank {order}, pgh_id {order} LIMIT %s",
                [*self._with_params, *params, limit],
            )
            found = cursor.fetchall()
        return found[::-1] if newer else found


def _beyond(label: str, cursor: "Cursor", *, newer: bool) -> tuple[str, list]:
    """The table's rows past `cursor` in the change log's order, as a condition its
    (`pgh_created_at`, `pgh_id`) index answers: at the cursor's moment the tables sort by label,
    so another table's rows of that moment are all past it or none is."""
    if label == cursor.event_model:
        op = ">" if newer else "<"
        return f"(pgh_created_at, pgh_id) {op} (%s, %s)", [cursor.at, cursor.pgh_id]
    # Older (newer) are the moments before (after) the cursor's, and the cursor's own moment
    # in the tables sorting before (after) the cursor's.
    if newer:
        op = ">=" if label > cursor.event_model else ">"
    else:
        op = "<=" if label < cursor.event_model else "<"
    return f"pgh_created_at {op} %s", [cursor.at]


def _rank(label: str) -> int:
    """The event model's place among all event models by label: the order of the events of
    one moment, the same in every database whatever its collation."""
    return _event_model_labels().index(label)


@functools.cache
def _event_model_labels() -> tuple[str, ...]:
    return tuple(sorted(model._meta.label for model in pghistory_core.event_models()))


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MAX_PGH_ID = 2**63 - 1


@dataclass(frozen=True)
class Cursor:
    """A place in the change log, between events: the key of the event next to it.

    In the address as "<microseconds since 1970>.<pgh_id>.<event model label>"; anything else
    there (a tampered or outdated link) reads as no cursor.
    """

    at: datetime.datetime
    event_model: str
    pgh_id: int

    @classmethod
    def of(cls, key: tuple[str, int, datetime.datetime]) -> "Cursor":
        label, pgh_id, at = key
        return cls(at=at, event_model=label, pgh_id=pgh_id)

    def __str__(self) -> str:
        micros = (self.at - _EPOCH) // datetime.timedelta(microseconds=1)
        return f"{micros}.{self.pgh_id}.{self.event_model}"

    @classmethod
    def parse(cls, text: str | None) -> "Cursor | None":
        """The cursor written as `text`, or None if `text` is not one."""
        if not text or len(text) > 200:
            return None
        parts = text.split(".", 2)
        if len(parts) != 3 or not (parts[0].isascii() and parts[1].isascii()):
            return None
        micros, pgh_id, label = parts
        try:
            at = _EPOCH + datetime.timedelta(microseconds=int(micros))
            pgh_id = int(pgh_id)
        except (ValueError, OverflowError):
            return None
        if not 0 < pgh_id <= _MAX_PGH_ID or label not in _event_model_labels():
            return None
        return cls(at=at, event_model=label, pgh_id=pgh_id)


# Events per page, as the registers' lists: an event of a council report alone lists some twenty
# changed fields, so a longer page is hard to read on a phone and costs its rendering.
PAGE_SIZE = 25
COUNT_LIMIT = 10_000  # counted exactly up to here; beyond, "more than" (a count reads every row)


@dataclass
class EventPage:
    """One page of the change log, with the cursors of its "newer/older" links."""

    rows: list[EventRow]
    count: int  # the matching events, or COUNT_LIMIT + 1 for "more than COUNT_LIMIT"
    newer: Cursor | None = None  # the link to the page before this one, if there is one
    older: Cursor | None = None  # the link to the page after this one, if there is one
    bad_cursor: bool = False  # the address had a cursor that is none: this is the first page
    # A "newer" cursor led back to the newest events: no rows are read, the caller shows the
    # newest page (the one without a cursor) instead.
    back_at_newest: bool = False

    @property
    def count_is_exact(self) -> bool:
        return self.count <= COUNT_LIMIT

    @property
    def count_limit(self) -> int:
        return COUNT_LIMIT

    @property
    def is_newest(self) -> bool:
        return self.newer is None

    @property
    def has_other_pages(self) -> bool:
        return self.newer is not None or self.older is not None


def event_page(
    log: "ChangeLog | None", *, older_than: str | None = None, newer_than: str | None = None
) -> EventPage:
    """The page of the log next to a cursor as written in the address (`older_than`: the page
    after it, `newer_than`: the page before it; neither: the newest page): three queries and
    one per user set, however deep the page. A newer page that turns out to be the newest is
    only marked `back_at_newest`: it reads the keys next to the cursor, no count and no rows.
    A cursor that is none gives the newest page."""
    if log is None:
        return EventPage(rows=[], count=0)
    written = newer_than or older_than
    cursor = Cursor.parse(written)
    bad_cursor = bool(written) and cursor is None
    newer_page = cursor is not None and bool(newer_than)
    keys = []
    if cursor is not None:
        keys = log.keys(
            limit=PAGE_SIZE + 1,
            older_than=None if newer_page else cursor,
            newer_than=cursor if newer_page else None,
        )
    if newer_page and len(keys) <= PAGE_SIZE:
        # Back at the newest events: the newest page, full (events may have been written since),
        # at its own address.
        return EventPage(rows=[], count=0, back_at_newest=True)
    count = log.count(up_to=COUNT_LIMIT + 1)
    if cursor is None:
        keys = log.keys(limit=PAGE_SIZE + 1)
    if newer_page:
        # Newest first: the one beyond the page (it has newer events) is the first.
        more, keys = len(keys) > PAGE_SIZE, keys[-PAGE_SIZE:]
        return EventPage(
            rows=event_rows([key[:2] for key in keys]),
            count=count,
            newer=Cursor.of(keys[0]) if more else None,
            older=Cursor.of(keys[-1]),  # the page this link came from
        )
    more, keys = len(keys) > PAGE_SIZE, keys[:PAGE_SIZE]
    return EventPage(
        rows=event_rows([key[:2] for key in keys]),
        count=count,
        # Past an older page's last event nothing is: its newer page is the one before it.
        newer=(Cursor.of(keys[0]) if keys else cursor) if cursor is not None else None,
        older=Cursor.of(keys[-1]) if more else None,
        bad_cursor=bad_cursor,
    )


def audit_events(
    *,
    user: User | None = None,
    model: str = "",
    record: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> ChangeLog:
    """The events matching the filters, newest first (lazy: count it, read a page of rows)."""
    end = None
    if date_to and date_to < datetime.date.max:  # the last day there is bounds nothing
        end = _day_start(date_to + datetime.timedelta(days=1))
    return ChangeLog(
        user=user,
        model=model,
        record=record,
        date_from=_day_start(date_from) if date_from else None,
        date_to=end,
    )


@dataclass(frozen=True)
class _Branch:
    """One event table's part of the change log: its filtered rows."""

    label: str
    table: str
    where: str
    params: tuple


def _branch(event_model, user, model, record, start, end) -> _Branch | None:
    """The table's filter as SQL, or None when no event of the table can match."""
    tracked = event_model.pgh_tracked_model._meta.label
    if model and tracked != model:
        return None
    where, params = ["TRUE"], []
    if user is not None:
        if not hasattr(event_model, "pgh_context"):
            return None
        # pghistory's middleware keeps the user in the context's metadata (ChangeLog finds
        # the user's contexts).
        where.append(f"pgh_context_id IN (SELECT id FROM {_USER_CONTEXTS})")
    if record:
        value = _record_value(event_model, record)
        if value is None:
            return None
        where.append("pgh_obj_id = %s")
        params.append(value)
    if start:
        where.append("pgh_created_at >= %s")
        params.append(start)
    if end:
        where.append("pgh_created_at < %s")
        params.append(end)
    return _Branch(
        label=event_model._meta.label,
        table=connection.ops.quote_name(event_model._meta.db_table),
        where=" AND ".join(where),
        params=tuple(params),
    )


def _record_value(event_model, record: str):
    """`record` as the table's object key, or None if no key of the table reads as `record`.

    pghistory compares the key as text (`pgh_obj_id::TEXT = record`); comparing the typed key
    uses the table's index and matches the same rows: only a value whose text is `record`.
    """
    if "pgh_obj" not in {f.name for f in event_model._meta.fields}:
        return None
    target = event_model._meta.get_field("pgh_obj").target_field
    try:
        value = target.to_python(record)
    except ValidationError:
        return None
    return value if str(value) == record else None


# Per event: the stored fields and the fields that differ from the same record's previous event
# in its table (whatever that event's label), bookkeeping (pgh_*) left out: pghistory's own SQL
# (pghistory.models.EventsQueryCompiler._get_select), so the diff is what its `Events` showed.
_DETAILS = """
    SELECT %s, cur.pgh_id, cur.pgh_created_at, cur.pgh_label, {obj_id}, {context},
      (SELECT JSONB_OBJECT_AGG(c.key, c.value) FROM JSONB_EACH(d.curr) c
       WHERE c.key NOT LIKE 'pgh_%%'),
      (SELECT JSONB_OBJECT_AGG(c.key, ARRAY[p.value, c.value])
       FROM JSONB_EACH(d.curr) c JOIN JSONB_EACH(d.prev) p ON c.key = p.key
       WHERE c.key NOT LIKE 'pgh_%%' AND c.value != p.value)
    FROM {table} cur
    CROSS JOIN LATERAL (
      SELECT ROW_TO_JSON(cur)::JSONB AS curr, ({previous})::JSONB AS prev
    ) d
    WHERE cur.pgh_id = ANY(%s)
"""
_PREVIOUS = """
    SELECT ROW_TO_JSON(prev) FROM {table} prev
    WHERE prev.pgh_obj_id = cur.pgh_obj_id AND prev.pgh_id < cur.pgh_id
    ORDER BY prev.pgh_id DESC LIMIT 1
"""
_CONTEXT_TABLE = connection.ops.quote_name(Context._meta.db_table)
_USER_CONTEXTS = "user_contexts"


def event_rows(keys: list[tuple[str, int]]) -> list[EventRow]:
    """The events with these (event model label, pgh_id) keys, in that order, with their
    diffs and users: two queries however many rows."""
    if not keys:
        return []
    by_model: dict[str, list[int]] = {}
    for label, pgh_id in keys:
        by_model.setdefault(label, []).append(pgh_id)
    parts, params = [], []
    for label, ids in by_model.items():
        event_model = apps.get_model(label)
        table = connection.ops.quote_name(event_model._meta.db_table)
        has_obj = "pgh_obj" in {f.name for f in event_model._meta.fields}
        has_context = hasattr(event_model, "pgh_context")
        parts.append(
            _DETAILS.format(
                table=table,
                obj_id="cur.pgh_obj_id::TEXT" if has_obj else "NULL::TEXT",
                # A lookup by key per event: a join would read the whole context table.
                context=(
                    f"(SELECT ctx.metadata FROM {_CONTEXT_TABLE} ctx"
                    " WHERE ctx.id = cur.pgh_context_id)"
                    if has_context
                    else "NULL::JSONB"
                ),
                previous=_PREVIOUS.format(table=table) if has_obj else "SELECT NULL::JSON",
            )
        )
        params += [label, ids]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        found = {(row[0], row[1]): row for row in cursor.fetchall()}
    events = [found[key] for key in keys if key in found]

    names = dict(tracked_models())
    contexts = {key: _json(row[5]) or {} for key, row in found.items()}
    user_ids = {context.get("user") for context in contexts.values()} - {None}
    users = User.objects.in_bulk(user_ids) if user_ids else {}
    rows = []
    for label, pgh_id, at, action, obj_id, _context, data, diff in events:
        changes = _json(diff) or {}
        if not changes and action in ("insert", "delete"):
            # Created or deleted: every stored field, as after resp. before.
            data = _json(data) or {}
            changes = (
                {k: [None, v] for k, v in data.items()}
                if action == "insert"
                else {k: [v, None] for k, v in data.items()}
            )
        model = apps.get_model(label).pgh_tracked_model._meta.label
        rows.append(
            EventRow(
                at=at,
                label=action,
                model=model,
                model_name=names.get(model, model),
                record=obj_id or "",
                user=users.get(contexts[(label, pgh_id)].get("user")),
                changes=changes,
                event_model=label,
                pgh_id=pgh_id,
            )
        )
    return rows


def _json(value):
    """A JSONB column from a raw cursor (Django loads JSONB as text for its JSONField)."""
    return json.loads(value) if isinstance(value, str) else value


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass
class AccessRow:
    user: User
    roles: list[str]
    grants: list[str]
    sso: list[str]
    mfa: bool
    recovery_codes_left: int | None


def access_review() -> list[AccessRow]:
    """Every user: organisation, roles, grants, last login, MFA. Four queries in all."""
    users = list(User.objects.select_related("organisation").order_by("username"))
    grants = grants_for(users)
    mfa: dict[int, set[str]] = {}
    codes_left: dict[int, int] = {}
    for authenticator in Authenticator.objects.filter(user__in=users):
        mfa.setdefault(authenticator.user_id, set()).add(authenticator.type)
        if authenticator.type == Authenticator.Type.RECOVERY_CODES:
            codes_left[authenticator.user_id] = len(authenticator.wrap().get_unused_codes())
    sso: dict[int, list[str]] = {}
    for account in SocialAccount.objects.filter(user__in=users):
        sso.setdefault(account.user_id, []).append(account.provider)
    return [
        AccessRow(
            user=user,
            roles=user.get_roles_display(),
            grants=grants.get(user.pk, []),
            sso=sso.get(user.pk, []),
            mfa=Authenticator.Type.TOTP in mfa.get(user.pk, set()),
            recovery_codes_left=codes_left.get(user.pk),
        )
        for user in users
    ]
