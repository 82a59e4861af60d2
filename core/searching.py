"""The contract between the portal-wide search and the apps whose records can be found.

An app makes a model searchable by registering a `SearchableKind` in its `AppConfig.ready()`
(usually from a module `<app>/searchables.py`):

    searching.kinds.register(SearchableKind(key="besluit", model=Decision, ...))

A kind says, in ORM expressions over its own model, what a record's search document is (title,
body, date, workstreams, link) and, as callables, which records a user may open (the same scope
as the app's pages) and which are the user's own. The search app turns the expressions into
database triggers that keep one search document per record current on every write, bulk updates
and imports included, and filters every result through `visible_to`.

The registry lives in core so that the apps filling it need not import the search app.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Func, Q, QuerySet
from django.db.models.functions import NullIf

from core.registry import Registry


@dataclass(frozen=True)
class Watch:
    """Another table whose writes change documents of a kind.

    After any insert, update or delete of `model`, the documents of the kind's records matching
    `<lookup>__in (<column> of the changed rows)` are rebuilt. `lookup="pk"` with the column of
    a foreign key to the kind (an agenda item's `meeting_id`) also works for deleted rows.
    """

    model: type[models.Model]
    lookup: str = "pk"
    column: str = "id"


@dataclass(frozen=True)
class SearchableKind:
    key: str  # stable, Dutch, singular: "besluit"; stored in the search documents
    label: str  # plural heading on the results page: "Besluiten"
    model: type[models.Model]
    order: int  # position of the kind's group on the results page; lower first
    title: object  # expressions over `model`, evaluated in the database
    body: object
    date: object  # a date: shown, and filtered on by period
    url_name: str  # the record's page: reverse(url_name, args=[url_arg])
    workstreams: object = None  # an integer array of workstream ids (see `ids_array`)
    url_arg: object = models.F("pk")
    url_fragment: str = ""  # e.g. "mijlpaal-{object_id}"
    condition: Q | None = None  # which records are searchable at all; None: all
    # The records `user` may open, exactly as the pages scope them; default the model's
    # `objects.visible_to(user)`.
    visible_to: Callable[..., QuerySet] | None = None
    # The user's own records ("alleen van mij"); None: the kind has no owner.
    mine: Callable[..., Q] | None = None
    watches: tuple[Watch, ...] = field(default_factory=tuple)

    def visible_queryset(self, user) -> QuerySet:
        if self.visible_to is not None:
            return self.visible_to(user)
        return self.model.objects.visible_to(user)


class SearchableRegistry(Registry[SearchableKind]):
    """The searchable kinds, by key; iterated in their `order`."""

    def register(self, kind: SearchableKind) -> SearchableKind:
        if kind.key in self and self[kind.key] != kind:
            raise ValueError(f"A searchable kind {kind.key!r} is already registered.")
        self._entries[kind.key] = kind
        return kind

    def get(self, key: str) -> SearchableKind | None:
        return self._entries.get(key)

    def __iter__(self):
        return iter(sorted(self.values(), key=lambda kind: (kind.order, kind.key)))

    def __len__(self) -> int:
        return len(self._entries)


kinds = SearchableRegistry("searchable kinds")


def ids_array(*fields: str) -> Func:
    """An integer array of the non-null foreign keys `fields` of a row (its workstreams)."""
    return Func(
        *[models.F(name) for name in fields],
        template="array_remove(ARRAY[%(expressions)s]::integer[], NULL)",
        output_field=ArrayField(models.IntegerField()),
    )


def text_join(*expressions) -> Func:
    """The non-empty texts joined by newlines, for a document's body."""
    parts = [
        NullIf(models.F(e) if isinstance(e, str) else e, models.Value("")) for e in expressions
    ]
    return Func(models.Value("\n"), *parts, function="concat_ws", output_field=models.TextField())
