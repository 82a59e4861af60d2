"""Page sizes and page numbers from the query string, bounded (issue 15).

django-tables2's RequestConfig takes `per_page` from the query string as it comes: a negative
value is a 500, a huge one reads the whole table. Every paginated list goes through
`configure_table`, which clamps the page size to PAGE_SIZE_RANGE (documented in
docs/operations.md) and shows the first page for a page number that is no number, the last one
for a number past the end.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger
from django_tables2 import RequestConfig

PAGE_SIZE_RANGE = (1, 200)


def page_size(raw, default: int) -> int:
    """The page size asked for in `raw` (a query-string value), within PAGE_SIZE_RANGE."""
    try:
        asked = int(str(raw).strip())
    except (TypeError, ValueError):
        return default
    low, high = PAGE_SIZE_RANGE
    return min(max(asked, low), high)


def configure_table(request, table, *, per_page: int):
    """Ordering from the request (as RequestConfig does) and a bounded pagination."""
    RequestConfig(request, paginate=False).configure(table)
    size = page_size(request.GET.get(table.prefixed_per_page_field), per_page)
    number = request.GET.get(table.prefixed_page_field) or 1
    try:
        table.paginate(per_page=size, page=number)
    except PageNotAnInteger:
        table.paginate(per_page=size, page=1)
    except EmptyPage:
        table.paginate(per_page=size, page=table.paginator.num_pages)
    return table
