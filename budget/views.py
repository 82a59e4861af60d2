from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from rules.contrib.views import permission_required

from budget import exports, selectors, services
from budget.charts import burn_down_chart
from budget.forms import ChangeForm, DecideForm, EntryForm
from budget.imports import EntryImporter
from budget.models import BudgetChange, BudgetLine, BudgetYear, ChangeStatus, Entry
from budget.templatetags.money import format_euro
from core.caching import lazy, page_cache
from core.concurrency import StaleObjectError
from core.confirm import Confirmation, confirm_page, is_going_back, needs_confirmation
from core.detail import crumbs, record_detail
from core.exports import export_response
from core.formatting import format_moment
from core.forms import show_refusal
from core.imports.views import import_page
from core.selectors import history_for


def _year(year: int) -> BudgetYear:
    return get_object_or_404(BudgetYear, year=year)


@permission_required("budget.see_budget", raise_exception=True)
def index(request):
    """The years' totals and the shares: a cached fragment (core.caching) keyed on the budget
    and the organisations (the shares' names); on a hit neither is read."""
    return render(
        request,
        "budget/index.html",
        {
            "years": lazy(lambda: selectors.multi_year_summary(user=request.user)),
            "shares": lazy(lambda: selectors.share_list(user=request.user)),
            "page_cache": page_cache(request, "budget", "core"),
        },
    )


@permission_required("budget.see_budget", raise_exception=True)
def year_overview(request, year: int):
    """The lines and the shares: a cached fragment (core.caching) keyed on the budget, the
    organisations and people (the shares' membership days and history); on a hit nothing of
    them is read. The recalculation button posts a form outside the fragment."""
    budget_year = _year(year)
    shares = lazy(lambda: list(selectors.share_list(user=request.user, budget_year=budget_year)))
    context = {
        "overview": lazy(
            lambda: selectors.year_overview(user=request.user, budget_year=budget_year)
        ),
        "budget_year": budget_year,
        "shares": shares,
        "page_cache": page_cache(request, "budget", "core"),
    }
    if request.user.has_perm("budget.see_all_shares"):
        context["shares_current"] = lazy(
            lambda: selectors.shares_are_current(budget_year, shares())
        )
        context["share_history"] = lazy(lambda: selectors.share_history(shares()))
    return render(request, "budget/year.html", context)


@permission_required("budget.recalculate_shares", raise_exception=True)
@require_POST
def shares_recalculate(request, year: int):
    services.shares_recalculate(budget_year=_year(year), acting_user=request.user)
    messages.success(request, _("De verdeling over de deelnemers is opnieuw berekend."))
    return redirect("budget:year", year=year)


@permission_required("budget.see_budget", raise_exception=True)
def participants(request, year: int):
    budget_year = _year(year)
    return render(
        request,
        "budget/participants.html",
        {
            "budget_year": budget_year,
            "rows": selectors.participant_overview(user=request.user, budget_year=budget_year),
        },
    )


@permission_required("budget.see_budget", raise_exception=True)
def burn_down(request, year: int):
    budget_year = _year(year)
    points = selectors.burn_down(user=request.user, budget_year=budget_year)
    return render(
        request,
        "budget/burn_down.html",
        {
            "budget_year": budget_year,
            "points": points,
            "chart": burn_down_chart(points=points, year=budget_year.year),
        },
    )


ENTRIES_PER_PAGE = 100


@permission_required("budget.see_realisation", raise_exception=True)
def entry_list(request, year: int):
    from budget.filters import EntryFilter
    from budget.tables import EntryTable
    from core.pagination import configure_table

    budget_year = _year(year)
    # Built only when the cached fragment is missing or out of date (core.caching).
    entry_filter = lazy(
        lambda: EntryFilter(
            request.GET or None,
            queryset=selectors.entry_list(user=request.user, budget_year=budget_year),
            budget_year=budget_year,
        )
    )

    def table():
        table = EntryTable(
            entry_filter().qs, can_edit=request.user.has_perm("budget.enter_realisation")
        )
        configure_table(request, table, per_page=ENTRIES_PER_PAGE)
        return table

    return render(
        request,
        "budget/entry_list.html",
        {
            "budget_year": budget_year,
            "table": lazy(table),
            "filter": entry_filter,
            "page_cache": page_cache(request, "budget", "core"),
        },
    )


def _form_values(form) -> dict:
    return {name: form.cleaned_data[name] for name in services.ENTRY_FIELDS}


@permission_required("budget.enter_realisation", raise_exception=True)
@require_http_methods(["GET", "POST"])
def entry_create(request, year: int):
    budget_year = _year(year)
    form = EntryForm(request.POST or None, budget_year=budget_year)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_create(acting_user=request.user, **_form_values(form))
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("De boeking is opgeslagen."))
            return redirect("budget:entries", year=year)
    return render(request, "budget/entry_form.html", {"budget_year": budget_year, "form": form})


def _year_crumbs(user, budget_year, *more):
    """Begroting > the year (> more): where a budget record sits."""
    return crumbs(
        user,
        (_("Begroting"), reverse("budget:index"), "budget.see_budget"),
        (
            str(budget_year.year),
            reverse("budget:year", args=[budget_year.year]),
            "budget.see_budget",
        ),
        *more,
    )


@require_safe
def line_detail(request, pk: int):
    line = get_object_or_404(BudgetLine.objects.select_related("budget_year"), pk=pk)
    if not request.user.has_perm("budget.see_budget_line", line):
        raise PermissionDenied
    return record_detail(
        request,
        line,
        title=str(line),
        breadcrumbs=_year_crumbs(request.user, line.budget_year),
    )


@require_safe
def entry_detail(request, pk: int):
    entry = get_object_or_404(
        Entry.objects.select_related("line__budget_year", "entered_by"), pk=pk
    )
    if not request.user.has_perm("budget.see_entry", entry):
        raise PermissionDenied
    budget_year = entry.line.budget_year
    return record_detail(
        request,
        entry,
        title=_("Boeking %(description)s") % {"description": entry},
        breadcrumbs=_year_crumbs(
            request.user,
            budget_year,
            (_("Boekingen"), reverse("budget:entries", args=[budget_year.year]), None),
        ),
        edit_url=reverse("budget:entry_edit", args=[pk])
        if request.user.has_perm("budget.enter_realisation")
        else None,
    )


@permission_required("budget.enter_realisation", raise_exception=True)
@require_http_methods(["GET", "POST"])
def entry_edit(request, pk: int):
    entry = get_object_or_404(Entry.objects.select_related("line__budget_year"), pk=pk)
    budget_year = entry.line.budget_year
    form = EntryForm(request.POST or None, instance=entry, budget_year=budget_year)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_update(
                entry=Entry.objects.get(pk=pk),
                expected_version=form.cleaned_data["version"],
                acting_user=request.user,
                **_form_values(form),
            )
        except (StaleObjectError, ValidationError) as error:
            status = show_refusal(form, error)
        else:
            messages.success(request, _("De boeking is gewijzigd."))
            return redirect("budget:entry", pk=pk)
    return render(
        request,
        "budget/entry_form.html",
        {
            "budget_year": budget_year,
            "form": form,
            "entry": entry,
            "record": entry,
            "breadcrumbs": _year_crumbs(
                request.user,
                budget_year,
                (_("Boekingen"), reverse("budget:entries", args=[budget_year.year]), None),
                (str(entry), entry.get_absolute_url(), None),
            ),
            "title": _("Boeking wijzigen"),
            "history": history_for(entry),
        },
        status=status,
    )


@permission_required("budget.see_changes", raise_exception=True)
def change_list(request, year: int):
    budget_year = _year(year)
    return render(
        request,
        "budget/change_list.html",
        {
            "budget_year": budget_year,
            # A cached fragment (core.caching): the changes' lines, and their decisions' numbers.
            "changes": lazy(
                lambda: selectors.change_list(user=request.user, budget_year=budget_year)
            ),
            "page_cache": page_cache(request, "budget", "governance", "core"),
        },
    )


@permission_required("budget.propose_change", raise_exception=True)
@require_http_methods(["GET", "POST"])
def change_create(request, year: int):
    budget_year = _year(year)
    form = ChangeForm(request.POST or None, budget_year=budget_year)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.change_propose(
                acting_user=request.user, budget_year=budget_year, **form.cleaned_data
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request,
                _(
                    "De wijziging is voorgesteld. Zij telt pas mee na goedkeuring door de "
                    "stuurgroep."
                ),
            )
            return redirect("budget:change", pk=change.pk)
    return render(request, "budget/change_form.html", {"budget_year": budget_year, "form": form})


@permission_required("budget.see_changes", raise_exception=True)
@require_http_methods(["GET", "POST"])
def change_detail(request, pk: int):
    change = get_object_or_404(
        BudgetChange.objects.select_related(
            "budget_year",
            "from_line__budget_year",
            "to_line__budget_year",
            "decision",
            "proposed_by",
            "decided_by",
        ),
        pk=pk,
    )
    form = DecideForm(request.POST or None, instance=change)
    status = 200
    if request.method == "POST":
        if not request.user.has_perm("budget.approve_change", change):
            raise PermissionDenied
        action = request.POST.get("action")
        if is_going_back(request):
            action = None  # back from the confirmation: the form again, as typed
        # Asked only while the decision can still be taken: decided (or changed) by someone
        # else meanwhile, the answer says so at once (issue 15) instead of asking first.
        still_open = (
            form.is_valid()
            and change.status == ChangeStatus.PROPOSED
            and change.version == form.cleaned_data["version"]
        )
        if still_open and action in ("approve", "reject") and needs_confirmation(request):
            return confirm_page(request, _decide_confirmation(change, action))
        if form.is_valid() and action in ("approve", "reject"):
            decide = services.change_approve if action == "approve" else services.change_reject
            try:
                decide(
                    change=change,
                    expected_version=form.cleaned_data["version"],
                    acting_user=request.user,
                    note=form.cleaned_data["decision_note"],
                    decision=form.cleaned_data["decision"],
                )
            except (StaleObjectError, ValidationError) as error:
                status = show_refusal(form, error)
                change.refresh_from_db()  # the failed attempt changed it in memory only
            else:
                text = (
                    _("De wijziging is goedgekeurd en verwerkt in de begroting.")
                    if action == "approve"
                    else _("De wijziging is afgewezen.")
                )
                messages.success(request, text)
                return redirect("budget:change", pk=pk)
            if change.status != ChangeStatus.PROPOSED:
                # Someone decided meanwhile: the decide form is gone from the page, so the
                # answer says it above the page (issue 15).
                messages.error(request, _decided_meanwhile(change))
                status = 409
    return render(
        request,
        "budget/change_detail.html",
        {
            "change": change,
            "record": change,
            "title": f"{change.get_kind_display()}: {format_euro(change.amount)}",
            "breadcrumbs": _year_crumbs(
                request.user,
                change.budget_year,
                (
                    _("Wijzigingen"),
                    reverse("budget:changes", args=[change.budget_year.year]),
                    "budget.see_changes",
                ),
            ),
            "budget_year": change.budget_year,
            "form": form,
            "is_open": change.status == ChangeStatus.PROPOSED,
            "history": history_for(change),
        },
        status=status,
    )


def _decide_confirmation(change, action: str) -> Confirmation:
    """Approving or rejecting a budget change is final; approving also books it."""
    details = (
        (_("Wijziging"), f"{change.get_kind_display()}: {format_euro(change.amount)}"),
        (_("Van post"), change.from_line.name if change.from_line else "—"),
        (_("Naar post"), change.to_line.name if change.to_line else "—"),
    )
    if action == "approve":
        return Confirmation(
            title=_("Begrotingswijziging goedkeuren"),
            question=_(
                "Wilt u deze wijziging goedkeuren? Ze wordt direct verwerkt in de begroting "
                "%(year)s en kan daarna niet meer worden teruggedraaid."
            )
            % {"year": change.budget_year.year},
            confirm_label=_("Ja, goedkeuren"),
            details=details,
        )
    return Confirmation(
        title=_("Begrotingswijziging afwijzen"),
        question=_(
            "Wilt u deze wijziging afwijzen? Een afgewezen wijziging kan niet meer worden "
            "goedgekeurd."
        ),
        confirm_label=_("Ja, afwijzen"),
        details=details,
        danger=True,
    )


def _decided_meanwhile(change) -> str:
    return _(
        "%(who)s heeft deze wijziging intussen al %(status)s (%(when)s). Uw besluit is niet "
        "verwerkt."
    ) % {
        "who": change.decided_by.get_full_name() or change.decided_by.get_username(),
        "status": change.get_status_display().lower(),
        "when": format_moment(change.decided_at),
    }


def export(request, name: str, fmt: str, year: int | None = None):
    """Any overview as .xlsx or .csv, built from the same scoped selectors as the page."""
    if name not in exports.EXPORTS:
        raise Http404
    builder, rule = exports.EXPORTS[name]
    if not request.user.has_perm(rule):
        raise PermissionDenied
    if (year is None) != (name == "meerjarig"):
        raise Http404
    budget_year = _year(year) if year is not None else None
    table = builder(user=request.user, budget_year=budget_year)
    filename = f"begroting-{name}{'-' + str(year) if year else ''}"
    return export_response(table, fmt=fmt, filename=filename)


@permission_required("budget.import_realisation", raise_exception=True)
@require_http_methods(["GET", "POST"])
def entry_import(request, year: int):
    """Upload -> preview with row errors -> confirm (core.imports); all-or-nothing."""
    budget_year = _year(year)
    return import_page(
        request,
        importers=[EntryImporter],
        scope=budget_year,
        template="budget/import.html",
        context={"budget_year": budget_year},
        done_url=reverse("budget:entries", args=[year]),
    )
