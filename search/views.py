from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from search import selectors
from search.forms import SearchForm


@require_GET
@permission_required("search.search", raise_exception=True)
def results(request):
    workstreams = selectors.workstream_choices()
    form = SearchForm(request.GET or None, workstreams=workstreams)
    results = None
    if form.is_bound and form.is_valid() and form.has_criteria:
        try:
            page = int(request.GET.get("pagina", 1))
        except ValueError:
            page = 1
        results = selectors.search(
            user=request.user, page=page, workstreams=workstreams, **form.search_arguments()
        )
    return render(
        request,
        "search/results.html",
        {
            "form": form,
            "period_inputs": form.period_inputs(),
            "max_length": selectors.MAX_QUERY_LENGTH,
            "results": results,
        },
    )
