"""The portal-wide search: PostgreSQL full-text search over the search documents.

Every result comes from a record the user may open: each kind's documents are filtered through
the kind's `visible_to(user)`, the same scope as its pages. One query finds the hits, counts
them per kind and builds the snippets of the shown ones, whatever the amount of data. Only when
the words find nothing: one query to tell "no searchable words" from "no match", one to set up
the typo fallback, and the fallback's own query.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
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
from django.db.models.functions import RowNumber
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
HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)
TITLE_OPTIONS = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"
SNIPPET_LENGTH = 240  # characters of the text shown when there are no words to mark
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
    title: str  # with MARK_START/MARK_END around matching words, like the snippet
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
    open_kinds: list[str] = []  # the user may open every record of these: no subquery needed
    scoped: list[Q] = []
    for kind in searching.kinds:
        if mine and kind.mine is None:
            continue
        records = kind.visible_queryset(user)
        if mine:
            records = records.filter(kind.mine(user))
        if records.query.is_empty():
            continue
        if records.query.has_filters():
            scoped.append(Q(kind=kind.key, object_id__in=records.order_by().values("pk")))
        else:
            open_kinds.append(kind.key)
    if len(open_kinds) == len(searching.kinds):
        return Q()  # every record of every kind
    clauses = ([Q(kind__in=open_kinds)] if open_kinds else []) + scoped
    if not clauses:
        return None
    condition = clauses[0]
    for clause in clauses[1:]:
        condition |= clause
    return condition


def _prepare_fuzzy() -> None:
    """Settings for the typo fallback, for the rest of this transaction only."""
    with connection.cursor() as cursor:
        cursor.execute(
            # pg_trgm's default threshold (0.6) misses a wrong letter in a short word ("cisco"
            # for "ciso" is 0.5). And its cost estimate of the trigram index is so pessimistic
            # that the planner computes word_similarity for every document instead (45 ms
            # against 8 ms at 3,500 documents); without plain and index scans it uses the
            # trigram index through a bitmap scan.
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true),"
            " set_config('enable_seqscan', 'off', true),"
            " set_config('enable_indexscan', 'off', true)",
            [str(WORD_SIMILARITY_THRESHOLD)],
        )


def _fuzzy_match(unaccented: str) -> Func:
    # fuzzy_text %> q: some extent of the document is at least WORD_SIMILARITY_THRESHOLD
    # similar to the query (pg_trgm word similarity); served by the trigram index.
    return Func(
        F("fuzzy_text"),
        Value(unaccented),
        template="%(expressions)s",
        arg_joiner=" %%> ",
        output_field=BooleanField(),
    )


def _fuzzy_rank(unaccented: str) -> Func:
    return Func(
        Value(unaccented), F("fuzzy_text"), function="word_similarity", output_field=FloatField()
    )


def _terms_and_unaccented(text: str) -> tuple[bool, str]:
    """Whether the query has searchable words (not only stop words or signs), and the query
    without accents, as the fuzzy text is stored."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT numnode(websearch_to_tsquery(%s::regconfig, %s)) > 0, public.unaccent(%s)",
            [SEARCH_CONFIG, text, text],
        )
        has_terms, unaccented = cursor.fetchone()
    return has_terms, unaccented


def search(**arguments) -> SearchResults:
    """Records `user` may open that match `text` and the filters, grouped by kind.

    Without `kind`: the best PER_KIND hits of every kind, with each kind's count. With `kind`:
    that kind's hits, PAGE_SIZE per page. An empty `text` lists by date what the filters select.
    """
    # One transaction, so the typo fallback's settings apply to its own query only.
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
    if selected is not None:
        documents = documents.filter(kind=selected.key)
    if workstream:
        documents = documents.filter(workstream_ids__contains=[workstream])
    if date_from:
        documents = documents.filter(date__gte=date_from)
    if date_to:
        documents = documents.filter(date__lte=date_to)

    if text:
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        matches = documents.filter(search_vector=query)
        rank = SearchRank(F("search_vector"), query)
    else:
        matches = documents
        rank = Value(0.0, output_field=FloatField())
    page = max(page, 1)
    rows = _hits(matches, rank, text=text, paginated=selected is not None, page=page)
    fuzzy = False
    if text and not rows and page == 1:
        has_terms, unaccented = _terms_and_unaccented(text)
        if not has_terms:
            return SearchResults(groups=[], total=0, no_terms=True, kind=selected)
        if sum(c.isalnum() for c in text) < MIN_FUZZY_CHARACTERS:
            return SearchResults(groups=[], total=0, kind=selected)
        fuzzy = True
        _prepare_fuzzy()
        # The trigram index finds the candidates first; the filters apply to those.
        candidates = SearchDocument.objects.filter(_fuzzy_match(unaccented)).values("pk")
        matches = documents.filter(pk__in=candidates)
        rank = _fuzzy_rank(unaccented)
        rows = _hits(matches, rank, text="", paginated=selected is not None, page=page)
    elif not rows and page > 1:
        # Past the last page (an old link): show the last one.
        count = matches.count()
        page = max(1, -(-count // PAGE_SIZE))
        rows = _hits(matches, rank, text=text, paginated=True, page=page) if count else []
    return _results(rows, selected=selected, fuzzy=fuzzy, page=page, workstreams=workstreams)


def _hits(matches: QuerySet, rank, *, text: str, paginated: bool, page: int) -> list[dict]:
    """The shown hits with their snippets and their kind's number of hits, in one query.

    Ranking and counting run over all matches; the snippets (ts_headline, the expensive part)
    only for the shown hits.
    """
    ordering = [F("date").desc(nulls_last=True), F("id").desc()]
    if text:
        ordering.insert(0, F("rank").desc())
    ranked = matches.annotate(rank=rank)
    if paginated:
        start = (page - 1) * PAGE_SIZE
        chosen = (
            ranked.annotate(kind_count=Window(Count("id")))
            .order_by(*ordering)
            .values("id", "rank", "kind_count")[start : start + PAGE_SIZE]
        )
    else:
        chosen = (
            ranked.annotate(
                kind_count=Window(Count("id"), partition_by=[F("kind")]),
                position=Window(RowNumber(), partition_by=[F("kind")], order_by=ordering),
            )
            .filter(position__lte=PER_KIND)
            .values("id", "rank", "kind_count")
        )
    chosen_sql, chosen_params = chosen.query.sql_with_params()
    markers = MARK_START + MARK_END
    source = "translate(coalesce(nullif(d.body, ''), d.title), %s, '')"
    if text:
        query = "websearch_to_tsquery(%s::regconfig, %s)"
        snippet = f"ts_headline(%s::regconfig, {source}, {query}, %s)"
        snippet_params = [SEARCH_CONFIG, markers, SEARCH_CONFIG, text, HEADLINE_OPTIONS]
        # The whole title, with its matching words marked too.
        title = f"ts_headline(%s::regconfig, translate(d.title, %s, ''), {query}, %s)"
        title_params = [SEARCH_CONFIG, markers, SEARCH_CONFIG, text, TITLE_OPTIONS]
    else:
        snippet = f"left({source}, %s)"
        snippet_params = [markers, SNIPPET_LENGTH]
        title = "translate(d.title, %s, '')"
        title_params = [markers]
    table = SearchDocument._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.kind, d.object_id, d.title, {title}, d.date, d.workstream_ids, d.url_arg,"
            f" {snippet}, c.kind_count"
            f" FROM ({chosen_sql}) AS c JOIN {table} AS d ON d.id = c.id"
            " ORDER BY c.rank DESC, d.date DESC NULLS LAST, d.id DESC",
            [*title_params, *snippet_params, *chosen_params],
        )
        columns = ["kind", "object_id", "title", "marked_title", "date", "workstream_ids"]
        columns += ["url_arg", "snippet", "kind_count"]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _marked_title(title: str, marked: str) -> str:
    # ts_headline leaves out what its parser takes for HTML tags: mark the title only when
    # nothing but the marks was added.
    if marked.replace(MARK_START, "").replace(MARK_END, "") == title:
        return marked
    return title.replace(MARK_START, "").replace(MARK_END, "")


def _results(
    rows: list[dict],
    *,
    selected: searching.SearchableKind | None,
    fuzzy: bool,
    page: int,
    workstreams: list[Workstream] | None,
) -> SearchResults:
    names = {ws.pk: ws.name for ws in (workstreams or [])}
    counts = {row["kind"]: row["kind_count"] for row in rows}
    results = SearchResults(groups=[], total=sum(counts.values()), fuzzy=fuzzy, kind=selected)
    if selected is not None:
        results.page_number = page
        results.page_count = max(1, -(-results.total // PAGE_SIZE))
    groups = {
        kind.key: KindGroup(kind=kind, count=counts[kind.key])
        for kind in searching.kinds
        if kind.key in counts
    }
    for row in rows:
        group = groups.get(row["kind"])
        if group is None:
            continue
        fragment = group.kind.url_fragment
        group.hits.append(
            Hit(
                kind=group.kind,
                object_id=row["object_id"],
                title=_marked_title(row["title"], row["marked_title"]),
                date=row["date"],
                workstreams=[names[pk] for pk in row["workstream_ids"] if pk in names],
                snippet=row["snippet"],
                url=reverse(group.kind.url_name, args=[row["url_arg"]])
                + ("#" + fragment.format(object_id=row["object_id"]) if fragment else ""),
            )
        )
    results.groups = list(groups.values())
    return results
