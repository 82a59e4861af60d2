"""The portal-wide search: PostgreSQL full-text search over the search documents.

Every result comes from a record the user may open: each kind's documents are filtered through
the kind's `visible_to(user)`, the same scope as its pages. The number of queries is fixed per
path, whatever the amount of data: counts per kind (1), hits (1); only when the full-text search
finds nothing, one query to tell "no searchable words" from "no match", then the typo fallback's
counts and hits (3 more).
"""

import datetime
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Count,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Left, NullIf, RowNumber
from django.urls import reverse

from core import searching
from governance.models import Workstream
from search.models import SEARCH_CONFIG, SearchDocument

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 20
PER_KIND = 5  # hits per kind on the overview (no kind chosen)
# ts_headline marks matches with these (private-use) characters; the template escapes the
# snippet first and only then turns them into <mark>, so record text never becomes HTML.
MARK_START = "\ue000"
MARK_END = "\ue001"
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000\ue001]")
_SPACE = re.compile(r"\s+")
# Fewer letters or digits than this: too little for the typo fallback (it would match anything).
MIN_FUZZY_CHARACTERS = 3
WORD_SIMILARITY_THRESHOLD = 0.5


def clean_query(text: str) -> str:
    """The query as searched: no control characters (PostgreSQL refuses NUL), single spaces."""
    return _SPACE.sub(" ", _UNSAFE.sub(" ", text or "")).strip()


@dataclass
class Hit:
    kind: searching.SearchableKind
    object_id: int
    title: str
    date: datetime.date | None
    workstreams: list[str]
    snippet: str  # ts_headline output with MARK_START/MARK_END; render with |search_snippet
    url: str


@dataclass
class KindGroup:
    kind: searching.SearchableKind
    count: int
    hits: list[Hit] = field(default_factory=list)


@dataclass
class SearchResults:
    groups: list[KindGroup]
    total: int
    fuzzy: bool = False  # found by similarity (typo fallback), not by words
    no_terms: bool = False  # the query had no searchable words (only stop words or signs)
    kind: searching.SearchableKind | None = None  # the one kind shown, paginated
    page_number: int = 1
    page_count: int = 1


def workstream_choices() -> list[Workstream]:
    """The workstreams, for the filter and to name a hit's workstreams (one query)."""
    return list(Workstream.objects.only("pk", "number", "name").order_by("number"))


def _visible(user, *, mine: bool) -> Q | None:
    """Documents of records `user` may open (and owns, with `mine`); None: nothing at all."""
    condition = None
    for kind in searching.kinds:
        if mine and kind.mine is None:
            continue
        records = kind.visible_queryset(user)
        if mine:
            records = records.filter(kind.mine(user))
        if records.query.is_empty():
            continue
        if records.query.has_filters():
            clause = Q(kind=kind.key, object_id__in=records.order_by().values("pk"))
        else:
            # The user may open every record of this kind: no subquery needed.
            clause = Q(kind=kind.key)
        condition = clause if condition is None else condition | clause
    return condition


def _unaccent(text: str) -> Func:
    return Func(Value(text), function="public.unaccent")


def _lower_similarity_threshold() -> None:
    # pg_trgm's default (0.6) misses a wrong letter in a short word ("cisco" for "ciso" is
    # 0.5); set for the rest of this transaction only.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
            [str(WORD_SIMILARITY_THRESHOLD)],
        )


def _fuzzy_match(text: str) -> Func:
    # fuzzy_text %> q: some extent of the document is at least WORD_SIMILARITY_THRESHOLD
    # similar to the query (pg_trgm word similarity); served by the trigram index.
    return Func(
        F("fuzzy_text"),
        _unaccent(text),
        template="%(expressions)s",
        arg_joiner=" %%> ",
        output_field=BooleanField(),
    )


def _fuzzy_rank(text: str) -> Func:
    return Func(
        _unaccent(text), F("fuzzy_text"), function="word_similarity", output_field=FloatField()
    )


def _has_terms(text: str) -> bool:
    """False when the query holds only stop words or signs (an empty tsquery)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT numnode(websearch_to_tsquery(%s::regconfig, %s))", [SEARCH_CONFIG, text]
        )
        return cursor.fetchone()[0] > 0


def _snippet(query: SearchQuery | None):
    source = Func(
        Coalesce(NullIf(F("body"), Value("")), F("title")),
        Value(MARK_START + MARK_END),
        Value(""),
        function="translate",
    )
    if query is None:
        return Left(source, 240)
    return SearchHeadline(
        source,
        query,
        config=SEARCH_CONFIG,
        start_sel=MARK_START,
        stop_sel=MARK_END,
        max_words=30,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def search(**arguments) -> "SearchResults":
    """Records `user` may open that match `text` and the filters, grouped by kind.

    Without `kind`: the best PER_KIND hits of every kind, with each kind's count. With `kind`:
    that kind's hits, PAGE_SIZE per page. An empty `text` lists by date what the filters select.
    """
    # One transaction, so the typo fallback's similarity threshold applies to its queries only.
    with transaction.atomic(savepoint=False):
        return _search(**arguments)


def _search(
    *,
    user,
    text: str,
    kind: str | None = None,
    workstream: int | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    mine: bool = False,
    page: int = 1,
    workstreams: list[Workstream] | None = None,
) -> SearchResults:
    text = clean_query(text)[:MAX_QUERY_LENGTH]
    selected = searching.kinds.get(kind) if kind else None
    visible = _visible(user, mine=mine)
    if visible is None:
        return SearchResults(groups=[], total=0, kind=selected)
    documents = SearchDocument.objects.filter(visible)
    if workstream:
        documents = documents.filter(workstream_ids__contains=[workstream])
    if date_from:
        documents = documents.filter(date__gte=date_from)
    if date_to:
        documents = documents.filter(date__lte=date_to)

    fuzzy = False
    query = None
    if text:
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        matches = documents.filter(search_vector=query)
        rank = SearchRank(F("search_vector"), query)
    else:
        matches = documents
        rank = Value(0.0, output_field=FloatField())
    counts = _counts(matches)
    if text and not counts:
        if not _has_terms(text):
            return SearchResults(groups=[], total=0, no_terms=True, kind=selected)
        if sum(c.isalnum() for c in text) < MIN_FUZZY_CHARACTERS:
            return SearchResults(groups=[], total=0, kind=selected)
        fuzzy = True
        _lower_similarity_threshold()
        matches = documents.filter(_fuzzy_match(text))
        rank = _fuzzy_rank(text)
        counts = _counts(matches)

    names = {ws.pk: ws.name for ws in (workstreams or [])}
    results = SearchResults(groups=[], total=sum(counts.values()), fuzzy=fuzzy, kind=selected)
    if not counts:
        return results
    ordering = [F("date").desc(nulls_last=True), F("id").desc()]
    if text:
        ordering.insert(0, F("rank").desc())
    ranked = matches.annotate(rank=rank)
    if selected is not None:
        count = counts.get(selected.key, 0)
        results.page_count = max(1, -(-count // PAGE_SIZE))
        results.page_number = min(max(page, 1), results.page_count)
        start = (results.page_number - 1) * PAGE_SIZE
        chosen = ranked.filter(kind=selected.key).order_by(*ordering)[start : start + PAGE_SIZE]
    else:
        chosen = ranked.annotate(
            position=Window(RowNumber(), partition_by=[F("kind")], order_by=ordering)
        ).filter(position__lte=PER_KIND)
    # Headlines are the expensive part: computed for the shown hits only.
    hits = (
        SearchDocument.objects.filter(pk__in=chosen.values("pk"))
        .annotate(rank=rank, snippet=_snippet(None if fuzzy else query))
        .order_by(*ordering)
        .values("kind", "object_id", "title", "date", "workstream_ids", "url_arg", "snippet")
    )
    groups: dict[str, KindGroup] = {}
    for each in searching.kinds:
        if each.key in counts and (selected is None or selected.key == each.key):
            groups[each.key] = KindGroup(kind=each, count=counts[each.key])
    for row in hits:
        group = groups.get(row["kind"])
        if group is None:
            continue
        group.hits.append(
            Hit(
                kind=group.kind,
                object_id=row["object_id"],
                title=row["title"],
                date=row["date"],
                workstreams=[names[pk] for pk in row["workstream_ids"] if pk in names],
                snippet=row["snippet"],
                url=reverse(group.kind.url_name, args=[row["url_arg"]])
                + (
                    "#" + group.kind.url_fragment.format(object_id=row["object_id"])
                    if group.kind.url_fragment
                    else ""
                ),
            )
        )
    results.groups = list(groups.values())
    return results


def _counts(matches: QuerySet) -> dict[str, int]:
    return {
        row["kind"]: row["n"]
        for row in matches.order_by().values("kind").annotate(n=Count("id"))
        if row["kind"] in searching.kinds
    }
