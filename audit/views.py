from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from rules.contrib.views import permission_required

from audit import selectors, services
from audit.forms import EventFilterForm
from audit.models import AuditPage
from core.caching import page_cache
from core.exports import ExportTable, export_response

EXPORT_LIMIT = 50_000
# The change log's cursors in its address: the page of the events older resp. newer than one.
OLDER, NEWER = "ouder", "nieuwer"


def _filtered_events(request):
    form = EventFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        events = selectors.audit_events(
            user=data["user"],
            model=data["model"],
            record=data["record"].strip(),
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
    elif form.is_bound:
        events = None  # the form shows what to correct
    else:
        events = selectors.audit_events()
    return form, events


@permission_required("audit.view_audit", raise_exception=True)
def events(request):
    form, found = _filtered_events(request)
    page = selectors.event_page(
        found,
        older_than=request.GET.get(OLDER),
        newer_than=request.GET.get(NEWER),
    )
    query = request.GET.copy()
    for name in (OLDER, NEWER, "pagina"):  # "pagina": the page numbers of old links
        query.pop(name, None)
    if page.back_at_newest:
        # The newest page has an address without a cursor, one that stays the newest page.
        return redirect(f"{request.path}?{query.urlencode()}" if query else request.path)
    services.audit_viewing_record(
        viewer=request.user,
        page=AuditPage.EVENTS,
        query=request.GET.urlencode(),
        exported=False,
    )
    return render(
        request,
        "audit/events.html",
        {
            "form": form,
            "page": page,
            "rows": page.rows,
            "query": query.urlencode(),
            "older": OLDER,
            "newer": NEWER,
            "export_limit": EXPORT_LIMIT,
            # The filter form (its user list: every account) as a fragment; a form's choices
            # and messages follow from the address and the accounts alone.
            "page_cache": page_cache(request, "core"),
        },
    )


@permission_required("audit.view_audit", raise_exception=True)
def events_export(request):
    form, found = _filtered_events(request)
    rows = found.rows(limit=EXPORT_LIMIT) if found is not None else []
    services.audit_viewing_record(
        viewer=request.user, page=AuditPage.EVENTS, query=request.GET.urlencode(), exported=True
    )
    table = ExportTable(
        title=_("Wijzigingslogboek"),
        headers=[
            _("Moment"),
            _("Gebruiker"),
            _("Soort gegeven"),
            _("Record"),
            _("Actie"),
            _("Veld"),
            _("Was"),
            _("Wordt"),
        ],
        rows=[
            [
                row.at,
                row.user.username if row.user else "",
                row.model_name,
                row.record,
                selectors.ACTION_LABELS.get(row.label, row.label),
                name,
                _text(before),
                _text(after),
            ]
            for row in rows
            for name, (before, after) in (sorted(row.changes.items()) or [("", (None, None))])
        ],
    )
    return export_response(table, fmt="csv", filename="wijzigingslogboek")


@permission_required("audit.view_audit", raise_exception=True)
def access_review(request):
    services.audit_viewing_record(
        viewer=request.user, page=AuditPage.ACCESS_REVIEW, query="", exported=False
    )
    return render(request, "audit/access_review.html", {"rows": selectors.access_review()})


@permission_required("audit.view_audit", raise_exception=True)
def access_review_export(request):
    services.audit_viewing_record(
        viewer=request.user, page=AuditPage.ACCESS_REVIEW, query="", exported=True
    )
    table = ExportTable(
        title=_("Toegangsoverzicht"),
        headers=[
            _("Gebruikersnaam"),
            _("Naam"),
            _("E-mailadres"),
            _("Organisatie"),
            _("Actief"),
            _("Rollen"),
            _("Toegang daarnaast"),
            _("Inloggen via"),
            _("Laatst ingelogd"),
            _("Tweestapsverificatie"),
            _("Herstelcodes over"),
        ],
        rows=[
            [
                row.user.username,
                row.user.get_full_name(),
                row.user.email,
                str(row.user.organisation or ""),
                row.user.is_active,
                ", ".join(row.roles),
                "; ".join(row.grants),
                ", ".join(row.sso) or _("wachtwoord"),
                row.user.last_login,
                row.mfa,
                row.recovery_codes_left,
            ]
            for row in selectors.access_review()
        ],
    )
    return export_response(table, fmt="csv", filename="toegangsoverzicht")


def _text(value) -> str:
    return "" if value is None else str(value)
