"""Page-number pagination with links (ADR): `page` and `pageSize`, `_links` and a Link header."""

from django.core.paginator import InvalidPage
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

MAX_PAGE_SIZE = 100


def _positive_int(request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise ValidationError({name: [_("Geef een geheel getal vanaf 1.")]})
    return int(raw)


class LinkedPagination(PageNumberPagination):
    page_query_param = "page"
    page_size_query_param = "pageSize"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        size = _positive_int(request, self.page_size_query_param)
        if size is None:
            return self.page_size
        if size > self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Hoogstens %(n)s per pagina.") % {"n": MAX_PAGE_SIZE}
                    ]
                }
            )
        return size

    def paginate_queryset(self, queryset, request, view=None):
        """A malformed page number is a 400; a page beyond the last one is a 404."""
        self.request = request
        page_size = self.get_page_size(request)
        number = _positive_int(request, self.page_query_param) or 1
        paginator = self.django_paginator_class(queryset, page_size)
        try:
            self.page = paginator.page(number)
        except InvalidPage as error:
            raise NotFound(
                _("Pagina %(page)s bestaat niet; er zijn %(pages)s pagina's.")
                % {"page": number, "pages": paginator.num_pages}
            ) from error
        return list(self.page)

    def _url(self, number: int) -> str:
        return replace_query_param(self.request.build_absolute_uri(), self.page_query_param, number)

    def links(self) -> dict:
        page = self.page
        links = {
            "self": {"href": self._url(page.number)},
            "first": {"href": self._url(1)},
            "last": {"href": self._url(page.paginator.num_pages)},
        }
        if page.has_previous():
            links["prev"] = {"href": self._url(page.previous_page_number())}
        if page.has_next():
            links["next"] = {"href": self._url(page.next_page_number())}
        return links

    def get_paginated_response(self, data):
        links = self.links()
        header = ", ".join(f'<{link["href"]}>; rel="{rel}"' for rel, link in links.items())
        return Response(
            {
                "_links": links,
                "count": self.page.paginator.count,
                "page": self.page.number,
                "pageSize": self.page.paginator.per_page,
                "pageCount": self.page.paginator.num_pages,
                "results": data,
            },
            headers={"Link": header},
        )

    def get_paginated_response_schema(self, schema):
        link = {
            "type": "object",
            "properties": {"href": {"type": "string", "format": "uri"}},
            "required": ["href"],
        }
        return {
            "type": "object",
            "required": ["_links", "count", "page", "pageSize", "pageCount", "results"],
            "properties": {
                "_links": {
                    "type": "object",
                    "properties": dict.fromkeys(("self", "first", "prev", "next", "last"), link),
                    "required": ["self", "first", "last"],
                },
                "count": {"type": "integer", "example": 123},
                "page": {"type": "integer", "example": 1},
                "pageSize": {"type": "integer", "example": 25},
                "pageCount": {"type": "integer", "example": 5},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Page number, from 1.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": (
                    f"Results per page, 1 to {MAX_PAGE_SIZE} (default {self.page_size})."
                ),
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]
