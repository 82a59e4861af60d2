"""Thin views: check the rule, hand the form's values to a service, render."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core import action_needed, dashboard
from core.caching import lazy, page_cache
from core.concurrency import StaleObjectError
from core.confirm import Confirmation, confirm_page, is_going_back, needs_confirmation
from core.detail import crumbs, record_detail
from core.exports import export_response
from core.forms import show_refusal
from core.pagination import configure_table
from core.selectors import history_for
from core.templatetags.portal import long_date
from governance import (
    agenda_suggestions,
    exports,
    filters,
    forms,
    meeting_panels,
    selectors,
    services,
    tables,
)
from governance.models import (
    Action,
    AgendaItem,
    Commitment,
    Decision,
    Meeting,
    MeetingDocument,
    MeetingDocumentVersion,
    Milestone,
    Risk,
    RoleAssignment,
    StatusReport,
    Workstream,
)

PER_PAGE = 25
# The data a register list shows: governance registers, organisations and people.
LIST_DATA = ("governance", "core")


def _require(request, rule: str, obj=None) -> None:
    if not request.user.has_perm(rule, obj):
        raise PermissionDenied(rule)


def _handle_form(request, form, save, *, template, context, confirm=None):
    """Validate `form`, call `save(form)` (a service); keep the input on any error.

    A stale save answers 409 with the user's input and a Dutch explanation. `confirm(form)`
    may name an irreversible step this POST asks for (core.confirm): then a valid form is
    first answered with the confirmation page, and saved only when that page posts it again.
    """
    status = 200
    if request.method == "POST" and not is_going_back(request) and form.is_valid():
        confirmation = confirm(form) if confirm else None
        if confirmation is not None and needs_confirmation(request):
            return confirm_page(request, confirmation)
        try:
            target = save(form)
        except (StaleObjectError, ValidationError) as error:
            status = show_refusal(form, error)
        else:
            messages.success(request, _("Opgeslagen."))
            return redirect(target)
    return render(request, template, {**context, "form": form}, status=status)


def _new(form):
    """A create form: there is no version to carry yet."""
    form.fields["version"].required = False
    return form


def _list(request, *, title, table_class, filterset_class, queryset, new_url=None, extra=None):
    """A register list. The filter, table and extras are built only when the page's cached
    fragment is missing or out of date (core.caching); `new_url` and `extra` may be callables."""
    filterset = lazy(lambda: filterset_class(request.GET or None, queryset=queryset))

    def table():
        table = table_class(filterset().qs if filterset().is_bound else queryset)
        configure_table(request, table, per_page=PER_PAGE)
        return table

    context = {
        "title": title,
        "table": lazy(table),
        "filter": filterset,
        "new_url": lazy(new_url) if callable(new_url) else new_url,
        "page_cache": page_cache(request, *LIST_DATA),
    }
    for name, value in (extra or {}).items():
        context[name] = lazy(value) if callable(value) else value
    return render(request, "governance/list.html", context)


def home(request):
    """'Actie nodig' for this user (core.action_needed) above the stuurgroep dashboard for
    programme staff (with the panels other apps add, such as the budget burn), or above the
    plain workstream list for others.

    The dashboard and the list are a cached fragment (core.caching), keyed on the data they
    show: the registers, organisations and people, and the data groups of the panels. On a hit
    nothing of them is evaluated. 'Actie nodig' is per user and depends on today: the items of
    the providers that name their data groups are kept under the same key (one data version
    read for both), the others are read on every request."""
    cache = page_cache(
        request, "core", "governance", *dashboard.data_groups(), *action_needed.data_groups()
    )
    context = {
        "page_cache": cache,
        "action_items": action_needed.items_for(request.user, cache=cache),
    }
    context["is_dashboard"] = request.user.has_perm("governance.see_dashboard")
    if context["is_dashboard"]:
        context["dashboard"] = lazy(lambda: selectors.stuurgroep_dashboard(user=request.user))
        context["panels"] = lazy(lambda: dashboard.panels_for(request.user))
    else:
        context["workstreams"] = lazy(lambda: selectors.workstream_list(user=request.user))
        context["may_open"] = lazy(lambda: request.user.has_perm("governance.see_registers"))
        # A workstream lead's home leads to their own workstream's hub.
        context["own_workstreams"] = lazy(
            lambda: (
                selectors.workstreams_led_by(user=request.user)
                if request.user.has_perm("governance.see_registers")
                else []
            )
        )
    return render(request, "governance/home.html", context)


# --- Workstreams and status reports -------------------------------------------------------------


def workstream_list(request):
    """The programme's workstreams. Readers of the registers see each one's status and open
    its hub; others see who leads what."""
    _require(request, "governance.list_workstreams")
    readers = request.user.has_perm("governance.see_registers")

    def workstreams():
        # Only when the cached table (core.caching) is missing or out of date.
        if not readers:
            return list(selectors.workstream_list(user=request.user))
        rows = list(selectors.workstreams_with_status(user=request.user))
        for workstream in rows:
            workstream.trend = selectors.trend(
                workstream.current_status, workstream.previous_status
            )
        return rows

    return render(
        request,
        "governance/workstream_list.html",
        {
            "workstreams": lazy(workstreams),
            "with_status": readers,
            "page_cache": page_cache(request, *LIST_DATA),
        },
    )


@require_safe
def workstream_detail(request, slug):
    """The workstream's hub: its status, milestones, risks and actions."""
    _require(request, "governance.see_registers")
    try:
        workstream = selectors.workstream_detail(user=request.user, slug=slug)
    except Workstream.DoesNotExist as error:
        raise Http404 from error
    reports = list(workstream.status_reports.all())
    published = [r for r in reports if r.is_published]
    return render(
        request,
        "governance/workstream_detail.html",
        {
            "workstream": workstream,
            "title": str(workstream),
            "breadcrumbs": [(_("Werkstromen"), reverse("governance:workstream_list"))],
            "reports": reports,
            "current": published[0] if published else None,
            "previous": published[1] if len(published) > 1 else None,
            "trend": selectors.trend(
                published[0].overall_status if published else None,
                published[1].overall_status if len(published) > 1 else None,
            ),
            "can_edit": request.user.has_perm("governance.edit_workstream_status", workstream),
            "today": datetime.date.today(),
        },
    )


def report_list(request):
    _require(request, "governance.see_registers")
    return _list(
        request,
        title=_("Statusrapportages"),
        table_class=tables.StatusReportTable,
        filterset_class=filters.StatusReportFilter,
        queryset=selectors.status_report_list(user=request.user),
        new_url=reverse("governance:report_quick")
        if request.user.has_perm("governance.edit_workstream_status", None)
        else None,
    )


def _report_save(request, workstream_of):
    def save(form):
        publish = request.POST.get("submit") == "publish"
        report = services.status_report_create(
            workstream=workstream_of(form),
            values=form.service_values(),
            publish=publish,
            acting_user=request.user,
        )
        return reverse("governance:report_detail", args=[report.pk])

    return save


def report_create(request, slug):
    workstream = get_object_or_404(Workstream, slug=slug)
    _require(request, "governance.edit_workstream_status", workstream)
    previous = _previous_report(workstream)
    form = _new(forms.StatusReportForm(request.POST or None, initial=_report_initial(previous)))
    return _handle_form(
        request,
        form,
        _report_save(request, lambda form: workstream),
        template="governance/report_form.html",
        context={
            "title": _("Nieuwe statusrapportage"),
            "workstream": workstream,
            "previous": previous,
        },
        confirm=_publish_confirmation(request, lambda form: workstream),
    )


def _publish_confirmation(request, workstream_of):
    """Publishing a status report is final (a correction is a new report): confirm it first."""

    def confirm(form):
        if request.POST.get("submit") != "publish":
            return None
        texts = ("progress_summary", "results", "next_steps")
        draft = StatusReport(**{name: form.cleaned_data.get(name) or "" for name in texts})
        if draft.missing_for_publication():
            return None  # the service refuses it with the fields to fill in; nothing to confirm
        period = (
            f"{long_date(form.cleaned_data['period_start'])} – "
            f"{long_date(form.cleaned_data['period_end'])}"
        )
        return Confirmation(
            title=_("Statusrapportage publiceren"),
            question=_(
                "Wilt u deze statusrapportage publiceren? Een gepubliceerde rapportage kan niet "
                "meer worden gewijzigd; een correctie wordt een nieuwe rapportage."
            ),
            confirm_label=_("Ja, publiceren"),
            details=((_("Werkstroom"), str(workstream_of(form))), (_("Periode"), period)),
        )

    return confirm


# What a new report takes over from the previous one, to be updated rather than retyped.
PREFILLED_FIELDS = ("overall_status", "progress_summary", "results", "next_steps", "escalations")


def _previous_report(workstream):
    return workstream.status_reports.order_by("-period_end", "-pk").first() if workstream else None


def _report_initial(previous):
    """A new report continues where the previous one ended, prefilled with its text."""
    today = datetime.date.today()
    start = previous.period_end + datetime.timedelta(days=1) if previous else today.replace(day=1)
    initial = {"period_start": start, "period_end": max(today, start)}
    if previous is not None:
        initial.update({name: getattr(previous, name) for name in PREFILLED_FIELDS})
    return initial


def report_quick(request):
    """The kwartiermaker's quick form: one page for any workstream."""
    _require(request, "governance.edit_workstream_status", None)
    form = _new(forms.QuickStatusReportForm(request.POST or None, initial=_report_initial(None)))
    return _handle_form(
        request,
        form,
        _report_save(request, lambda form: form.cleaned_data["workstream"]),
        template="governance/report_form.html",
        context={"title": _("Snelle statusrapportage")},
        confirm=_publish_confirmation(request, lambda form: form.cleaned_data["workstream"]),
    )


def _workstream_crumbs(user, workstream):
    """Werkstromen > the workstream's hub: where a workstream's records sit."""
    items = [(_("Werkstromen"), reverse("governance:workstream_list"), None)]
    if workstream is not None:
        items.append((str(workstream), workstream.get_absolute_url(), "governance.see_registers"))
    return crumbs(user, *items)


def _register_crumbs(user, label, url_name, rule="governance.see_registers"):
    return crumbs(user, (label, reverse(url_name), rule))


@require_safe
def report_detail(request, pk):
    _require(request, "governance.see_registers")
    report = get_object_or_404(
        StatusReport.objects.select_related("workstream", "author", "published_by"), pk=pk
    )
    can_edit = not report.is_published and request.user.has_perm(
        "governance.edit_workstream_status", report.workstream
    )
    return record_detail(
        request,
        report,
        title=_("Statusrapportage %(workstream)s t/m %(end)s")
        % {
            "workstream": report.workstream.name,
            "end": formats.date_format(report.period_end, "SHORT_DATE_FORMAT"),
        },
        template="governance/report_detail.html",
        breadcrumbs=_workstream_crumbs(request.user, report.workstream),
        edit_url=reverse("governance:report_edit", args=[report.pk]) if can_edit else None,
        edit_label=_("Concept bewerken of publiceren"),
        extra={"report": report},
    )


def report_edit(request, pk):
    report = get_object_or_404(StatusReport.objects.select_related("workstream"), pk=pk)
    _require(request, "governance.edit_workstream_status", report.workstream)
    if report.is_published:
        messages.error(
            request, _("Deze rapportage is gepubliceerd; maak een nieuwe rapportage als correctie.")
        )
        return redirect("governance:report_detail", pk=report.pk)
    form = forms.StatusReportForm(request.POST or None, instance=report)

    def save(form):
        services.status_report_update(
            report=report,
            values=form.service_values(),
            expected_version=form.cleaned_data["version"],
            publish=request.POST.get("submit") == "publish",
            acting_user=request.user,
        )
        return reverse("governance:report_detail", args=[report.pk])

    return _handle_form(
        request,
        form,
        save,
        template="governance/report_form.html",
        context={
            "title": _("Statusrapportage bewerken"),
            "workstream": report.workstream,
            "report": report,
        },
        confirm=_publish_confirmation(request, lambda form: report.workstream),
    )


# --- Milestones ---------------------------------------------------------------------------------


def milestone_list(request):
    _require(request, "governance.see_registers")
    return _list(
        request,
        title=_("Mijlpalen"),
        table_class=tables.MilestoneTable,
        filterset_class=filters.MilestoneFilter,
        queryset=selectors.milestone_list(user=request.user),
    )


def milestone_create(request, slug):
    workstream = get_object_or_404(Workstream, slug=slug)
    _require(request, "governance.edit_workstream_status", workstream)
    form = _new(forms.MilestoneForm(request.POST or None))

    def save(form):
        services.milestone_create(
            workstream=workstream, values=form.service_values(), acting_user=request.user
        )
        return reverse("governance:workstream_detail", args=[workstream.slug])

    return _handle_form(
        request,
        form,
        save,
        template="governance/form.html",
        context={"title": _("Nieuwe mijlpaal voor %s") % workstream.name},
    )


@require_safe
def milestone_detail(request, pk):
    _require(request, "governance.see_registers")
    milestone = get_object_or_404(Milestone.objects.select_related("workstream"), pk=pk)
    may_edit = request.user.has_perm("governance.edit_workstream_status", milestone.workstream)
    return record_detail(
        request,
        milestone,
        title=milestone.title,
        breadcrumbs=_workstream_crumbs(request.user, milestone.workstream),
        edit_url=reverse("governance:milestone_edit", args=[pk]) if may_edit else None,
    )


def milestone_edit(request, pk):
    milestone = get_object_or_404(Milestone.objects.select_related("workstream"), pk=pk)
    _require(request, "governance.edit_workstream_status", milestone.workstream)
    form = forms.MilestoneForm(request.POST or None, instance=milestone)

    def save(form):
        services.milestone_update(
            milestone=milestone,
            values=form.service_values(),
            expected_version=form.cleaned_data["version"],
            acting_user=request.user,
        )
        return reverse("governance:milestone_detail", args=[milestone.pk])

    return _handle_form(
        request,
        form,
        save,
        template="governance/form.html",
        context={
            "title": _("Mijlpaal bewerken"),
            "record": milestone,
            "breadcrumbs": _workstream_crumbs(request.user, milestone.workstream)
            + [(milestone.title, milestone.get_absolute_url())],
            "history": history_for(milestone),
        },
    )


# --- Meetings -----------------------------------------------------------------------------------


def meeting_list(request):
    _require(request, "governance.see_registers")
    return _list(
        request,
        title=_("Stuurgroepvergaderingen"),
        table_class=tables.MeetingTable,
        filterset_class=filters.MeetingFilter,
        queryset=selectors.meeting_list(user=request.user),
        new_url=reverse("governance:meeting_create")
        if request.user.has_perm("governance.manage_meetings")
        else None,
    )


def meeting_create(request):
    _require(request, "governance.manage_meetings")
    form = _new(forms.MeetingForm(request.POST or None))

    def save(form):
        meeting = services.meeting_create(values=form.service_values(), acting_user=request.user)
        return reverse("governance:meeting_detail", args=[meeting.pk])

    return _handle_form(
        request,
        form,
        save,
        template="governance/form.html",
        context={"title": _("Nieuwe stuurgroepvergadering")},
    )


def _visible_meeting(request, pk) -> Meeting:
    _require(request, "governance.see_registers")
    meeting = get_object_or_404(Meeting, pk=pk)
    _require(request, "governance.see_meeting", meeting)
    return meeting


def _agenda_item(request, pk, item_pk) -> tuple[Meeting, AgendaItem]:
    """The meeting and one of its items, for someone who may manage meetings."""
    meeting = _visible_meeting(request, pk)
    _require(request, "governance.manage_meetings")
    return meeting, get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)


def _back_to_meeting(meeting, item=None):
    url = reverse("governance:meeting_detail", args=[meeting.pk])
    return redirect(f"{url}#agendapunt-{item.pk}" if item else url)


def meeting_detail(request, pk):
    """The meeting as a record page for every reader; the preparation tools for those allowed."""
    _require(request, "governance.see_registers")
    try:
        meeting = selectors.meeting_detail(user=request.user, pk=pk)
    except Meeting.DoesNotExist as error:
        raise Http404 from error
    user = request.user
    can_prepare = user.has_perm("governance.prepare_agenda", meeting)
    rows = selectors.agenda_rows(meeting=meeting, user=user)
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "rows": rows,
            "agenda_form": forms.AgendaItemForm() if can_prepare else None,
            "suggestions": agenda_suggestions.suggestions_for(meeting=meeting, user=user)
            if can_prepare
            else (),
            "can_prepare": can_prepare,
            # Minutes, decisions and actions per item once the meeting is announced or held.
            "show_outcomes": meeting.is_agenda_published
            or meeting.held_on <= datetime.date.today(),
            "can_publish": user.has_perm("governance.publish_agenda", meeting),
            "can_write_minutes": user.has_perm("governance.write_item_minutes", meeting),
            "can_manage": user.has_perm("governance.manage_meetings") and not meeting.is_adopted,
            # Empty minutes cannot be adopted (the service says so too): no button for them.
            "can_adopt": user.has_perm("governance.adopt_minutes")
            and not meeting.is_adopted
            and bool(meeting.minutes.strip()),
            "can_offer": user.has_perm("governance.manage_meetings")
            and not meeting.is_adopted
            and (bool(meeting.minutes.strip()) or any(row.item.minutes for row in rows)),
            "can_record": user.has_perm("governance.record_decision"),
            "can_act": user.has_perm("governance.manage_actions"),
            "papers": selectors.meeting_document_groups(meeting=meeting, user=user),
            "history": history_for(meeting),
            "panels": meeting_panels.panels_for(user=request.user, meeting=meeting),
        },
    )


def meeting_agenda_print(request, pk):
    """The agenda on its own, for paper (print stylesheet) and for reading on screen."""
    _require(request, "governance.see_registers")
    try:
        meeting = selectors.meeting_for_print(user=request.user, pk=pk)
    except Meeting.DoesNotExist as error:
        raise Http404 from error
    return render(
        request,
        "governance/meeting_agenda_print.html",
        {
            "meeting": meeting,
            "rows": selectors.agenda_rows(meeting=meeting, user=request.user, links=False),
        },
    )


def meeting_edit(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    _require(request, "governance.manage_meetings")
    if meeting.is_adopted:
        messages.error(request, _("Het verslag is vastgesteld en kan niet meer worden gewijzigd."))
        return redirect("governance:meeting_detail", pk=meeting.pk)
    form = forms.MeetingForm(request.POST or None, instance=meeting)

    def save(form):
        services.meeting_update(
            meeting=meeting,
            values=form.service_values(),
            expected_version=form.cleaned_data["version"],
            acting_user=request.user,
        )
        return reverse("governance:meeting_detail", args=[meeting.pk])

    return _handle_form(
        request,
        form,
        save,
        template="governance/form.html",
        context={"title": _("Vergadering en verslag bewerken")},
    )


def _refuse_unless_draft(request, meeting):
    """A redirect with the reason when the agenda can no longer be changed, else None."""
    if request.user.has_perm("governance.prepare_agenda", meeting):
        return None
    messages.error(
        request,
        _("Het verslag is vastgesteld; de agenda ligt vast.")
        if meeting.is_adopted
        else _("De agenda is gepubliceerd; agendapunten kunnen niet meer worden gewijzigd."),
    )
    return _back_to_meeting(meeting)


def meeting_agenda_add(request, pk):
    """Add an agenda item: the form sits on the meeting page; errors come back here."""
    meeting = _visible_meeting(request, pk)
    _require(request, "governance.manage_meetings")
    refusal = _refuse_unless_draft(request, meeting)
    if refusal:
        return refusal
    form = _new(forms.AgendaItemForm(request.POST or None))

    def save(form):
        item = services.agenda_item_add(
            meeting=meeting, values=form.service_values(), acting_user=request.user
        )
        return reverse("governance:meeting_detail", args=[meeting.pk]) + f"#agendapunt-{item.pk}"

    return _handle_form(
        request,
        form,
        save,
        template="governance/form.html",
        context={"title": _("Agendapunt toevoegen aan %s") % meeting},
    )


def agenda_item_edit(request, pk, item_pk):
    meeting, item = _agenda_item(request, pk, item_pk)
    refusal = _refuse_unless_draft(request, meeting)
    if refusal:
        return refusal
    form = forms.AgendaItemForm(request.POST or None, instance=item)

    def save(form):
        services.agenda_item_update(
            item=item,
            values=form.service_values(),
            expected_version=form.cleaned_data["version"],
            acting_user=request.user,
        )
        return reverse("governance:meeting_detail", args=[meeting.pk]) + f"#agendapunt-{item.pk}"

    return _handle_form(
        request,
        form,
        save,
        template="governance/form.html",
        context={"title": _("Agendapunt bewerken"), "history": history_for(item)},
    )


def _agenda_change(request, pk, item_pk, change, success: str):
    meeting, item = _agenda_item(request, pk, item_pk)
    try:
        change(item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back_to_meeting(meeting)
    messages.success(request, success)
    return _back_to_meeting(meeting, item if item.pk else None)


@require_POST
def agenda_item_delete(request, pk, item_pk):
    return _agenda_change(
        request,
        pk,
        item_pk,
        lambda item: services.agenda_item_delete(item=item, acting_user=request.user),
        _("Agendapunt verwijderd."),
    )


@require_POST
def agenda_item_move(request, pk, item_pk, direction):
    if direction not in ("omhoog", "omlaag"):
        raise Http404
    return _agenda_change(
        request,
        pk,
        item_pk,
        lambda item: services.agenda_item_move(
            item=item, up=direction == "omhoog", acting_user=request.user
        ),
        _("Agendapunt verplaatst."),
    )


def agenda_item_minutes(request, pk, item_pk):
    """The minutes of one agenda item, written until the meeting's minutes are adopted."""
    meeting, item = _agenda_item(request, pk, item_pk)
    if meeting.is_adopted:
        messages.error(request, _("Het verslag is vastgesteld en kan niet meer worden gewijzigd."))
        return _back_to_meeting(meeting, item)
    form = forms.AgendaItemMinutesForm(request.POST or None, instance=item)

    def save(form):
        services.agenda_item_record_minutes(
            item=item,
            minutes=form.cleaned_data["minutes"],
            expected_version=form.cleaned_data["version"],
            acting_user=request.user,
        )
        return reverse("governance:meeting_detail", args=[meeting.pk]) + f"#agendapunt-{item.pk}"

    return _handle_form(
        request,
        form,
        save,
        template="governance/form.html",
        context={
            "title": _("Verslag bij agendapunt %(number)s. %(title)s")
            % {"number": item.position, "title": item.title}
        },
    )


@require_POST
def meeting_suggestion_add(request, pk):
    """One click: a suggested record (an escalation, a budget change, ...) onto the agenda."""
    meeting = _visible_meeting(request, pk)
    _require(request, "governance.manage_meetings")
    try:
        record_id = int(request.POST.get("record", ""))
    except ValueError:
        record_id = 0
    try:
        item = services.agenda_item_add_suggestion(
            meeting=meeting,
            key=request.POST.get("kind", ""),
            record_id=record_id,
            acting_user=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back_to_meeting(meeting)
    messages.success(request, _("Agendapunt toegevoegd: %s") % item.title)
    return _back_to_meeting(meeting, item)


@require_POST
def meeting_agenda_publish(request, pk):
    """Publishing cannot be undone: the confirmation step first (core.confirm)."""
    meeting = _visible_meeting(request, pk)
    _require(request, "governance.manage_meetings")
    refusal = _refuse_unless_draft(request, meeting)
    if refusal:
        return refusal
    missing = services.agenda_missing_for_publication(meeting)
    if missing:
        messages.error(request, " ".join(missing))
        return _back_to_meeting(meeting)
    if needs_confirmation(request):
        items = meeting.agenda_items.order_by("position")
        return confirm_page(
            request,
            Confirmation(
                title=_("Agenda publiceren"),
                question=_(
                    "Wilt u de agenda van %(meeting)s publiceren? De leden van de stuurgroep "
                    "krijgen bericht en de agendapunten liggen daarna vast: ze kunnen niet meer "
                    "worden gewijzigd, verplaatst of verwijderd."
                )
                % {"meeting": meeting.title},
                confirm_label=_("Ja, agenda publiceren"),
                cancel_url=reverse("governance:meeting_detail", args=[meeting.pk]),
                details=(
                    (_("Datum"), long_date(meeting.held_on)),
                    *((str(item.position), item.title) for item in items),
                ),
            ),
        )
    try:
        services.meeting_agenda_publish(
            meeting=meeting,
            expected_version=int(request.POST.get("version") or 0),
            acting_user=request.user,
        )
    except StaleObjectError:
        messages.error(
            request, _("De vergadering is intussen gewijzigd; controleer de agenda opnieuw.")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De agenda is gepubliceerd; de stuurgroep krijgt bericht."))
    return _back_to_meeting(meeting)


@require_POST
@require_POST
def meeting_offer_minutes(request, pk):
    """Mail the stuurgroep that the minutes are ready for adoption."""
    meeting = get_object_or_404(Meeting, pk=pk)
    _require(request, "governance.manage_meetings")
    try:
        services.meeting_offer_minutes(meeting=meeting, acting_user=request.user)
        messages.success(
            request, _("Het verslag is per e-mail ter vaststelling aangeboden aan de stuurgroep.")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("governance:meeting_detail", pk=meeting.pk)


def meeting_adopt(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    _require(request, "governance.adopt_minutes")
    if needs_confirmation(request):
        return confirm_page(
            request,
            Confirmation(
                title=_("Verslag vaststellen"),
                question=_(
                    "Wilt u het verslag van de vergadering van %(date)s vaststellen? Een "
                    "vastgesteld verslag kan niet meer worden gewijzigd."
                )
                % {"date": long_date(meeting.held_on)},
                confirm_label=_("Ja, verslag vaststellen"),
                cancel_url=reverse("governance:meeting_detail", args=[meeting.pk]),
            ),
        )
    try:
        services.meeting_adopt_minutes(
            meeting=meeting,
            expected_version=int(request.POST.get("version") or 0),
            acting_user=request.user,
        )
        messages.success(request, _("Het verslag is vastgesteld."))
    except StaleObjectError:
        messages.error(
            request,
            _("Het verslag is intussen gewijzigd; lees het opnieuw voordat u het vaststelt."),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("governance:meeting_detail", pk=meeting.pk)


# --- Decisions and actions ----------------------------------------------------------------------


def decision_list(request):
    _require(request, "governance.see_registers")
    return _list(
        request,
        title=_("Besluitenlijst"),
        table_class=tables.DecisionTable,
        filterset_class=filters.DecisionFilter,
        queryset=selectors.decision_list(user=request.user),
        new_url=reverse("governance:decision_create")
        if request.user.has_perm("governance.record_decision")
        else None,
        extra={"export_name": "besluiten"},
    )


def _from_agenda_item(request) -> AgendaItem | None:
    """The agenda item a decision or action is recorded from (?agendapunt=<id>), if visible."""
    try:
        pk = int(request.GET.get("agendapunt", ""))
    except ValueError:
        return None
    item = AgendaItem.objects.select_related("meeting", "workstream").filter(pk=pk).first()
    if item is None or not request.user.has_perm("governance.see_meeting", item.meeting):
        return None
    return item


def _agenda_item_intro(item: AgendaItem | None) -> str:
    if item is None:
        return ""
    return _("Bij agendapunt %(number)s. %(title)s van %(meeting)s.") % {
        "number": item.position,
        "title": item.title,
        "meeting": item.meeting,
    }


def _after_recording(form, fallback: str) -> str:
    """Back to the meeting when recorded from one of its agenda items, else to the list."""
    item = form.cleaned_data.get("agenda_item")
    if item is not None:
        return reverse("governance:meeting_detail", args=[item.meeting_id]) + (
            f"#agendapunt-{item.pk}"
        )
    return reverse(fallback)


def decision_create(request):
    _require(request, "governance.record_decision")
    item = _from_agenda_item(request)
    initial = {"decided_on": datetime.date.today(), "meeting": request.GET.get("vergadering")}
    if item is not None:
        initial.update(
            meeting=item.meeting_id,
            agenda_item=item.pk,
            workstreams=[item.workstream_id] if item.workstream_id else [],
        )
    form = _new(forms.DecisionForm(request.POST or None, initial=initial))

    def save(form):
        services.decision_record(
            values=form.service_values(),
            workstreams=form.cleaned_data["workstreams"],
            acting_user=request.user,
        )
        return _after_recording(form, "governance:decision_list")

    return _handle_form(
        request,
        form,
        save,
        template="governance/form.html",
        context={"title": _("Besluit vastleggen"), "intro": _agenda_item_intro(item)},
    )


@require_safe
def decision_detail(request, pk):
    _require(request, "governance.see_registers")
    decision = get_object_or_404(Decision.objects.select_related("meeting"), pk=pk)
    may_edit = request.user.has_perm("governance.record_decision")
    return record_detail(
        request,
        decision,
        title=_("Besluit %s") % decision.number,
        breadcrumbs=_register_crumbs(request.user, _("Besluitenlijst"), "governance:decision_list"),
        edit_url=reverse("governance:decision_edit", args=[pk]) if may_edit else None,
        extra={"related_actions": decision.actions.all()},
        template="governance/decision_detail.html",
    )


def decision_edit(request, pk):
    decision = get_object_or_404(Decision, pk=pk)
    _require(request, "governance.record_decision")
    form = forms.DecisionForm(request.POST or None, instance=decision)

    def save(form):
        services.decision_update(
            decision=decision,
            values=form.service_values(),
            workstreams=form.cleaned_data["workstreams"],
            expected_version=form.cleaned_data["version"],
            acting_user=request.user,
        )
        return reverse("governance:decision_detail", args=[decision.pk])

    return _handle_form(
        request,
        form,
        save,
        template="governance/form.html",
        context={
            "title": _("Besluit %s bewerken") % decision.number,
            "record": decision,
            "breadcrumbs": _register_crumbs(
                request.user, _("Besluitenlijst"), "governance:decision_list"
            )
            + [(decision.number, decision.get_absolute_url())],
            "history": history_for(decision),
        },
    )


def action_list(request):
    _require(request, "governance.see_registers")
    return _list(
        request,
        title=_("Actielijst"),
        table_class=tables.ActionTable,
        filterset_class=filters.ActionFilter,
        queryset=selectors.action_list(user=request.user),
        new_url=reverse("governance:action_create")
        if request.user.has_perm("governance.manage_actions")
        else None,
        extra={"export_name": "acties"},
    )


def register_export(request, name: str, fmt: str):
    """The decision or action list as .csv or .xlsx, with the list page's rule and filters."""
    _require(request, "governance.see_registers")
    if name not in exports.EXPORTS:
        raise Http404
    builder, filename = exports.EXPORTS[name]
    table = builder(user=request.user, params=request.GET)
    return export_response(table, fmt=fmt, filename=filename)


def _simple_create(request, *, rule, form_class, service, title, list_url, form_kwargs=None):
    _require(request, rule)
    form = _new(form_class(request.POST or None, **(form_kwargs or {})))

    def save(form):
        service(values=form.service_values(), acting_user=request.user)
        return reverse(list_url)

    return _handle_form(
        request, form, save, template="governance/form.html", context={"title": title}
    )


def _simple_detail(
    request, *, instance, rule, rule_obj=None, edit_url_name, title, breadcrumbs, see_rule=None
):
    """A record's page for whoever may see it; "Bewerken" only when `rule` holds (asked with
    `rule_obj`). `see_rule`: an object rule for records some readers see without the whole
    register (a griffier's own council's commitments)."""
    if see_rule:
        _require(request, see_rule, instance)
    else:
        _require(request, "governance.see_registers")
    may_edit = request.user.has_perm(rule, rule_obj)
    return record_detail(
        request,
        instance,
        title=title,
        breadcrumbs=breadcrumbs,
        edit_url=reverse(edit_url_name, args=[instance.pk]) if may_edit else None,
    )


def _simple_edit(
    request,
    *,
    instance,
    rule,
    rule_obj=None,
    form_class,
    service,
    kwarg,
    title,
    breadcrumbs,
    form_kwargs=None,
):
    _require(request, rule, rule_obj)
    form = form_class(request.POST or None, instance=instance, **(form_kwargs or {}))

    def save(form):
        service(
            **{kwarg: instance},
            values=form.service_values(),
            expected_version=form.cleaned_data["version"],
            acting_user=request.user,
        )
        return instance.get_absolute_url()

    return _handle_form(
        request,
        form,
        save,
        template="governance/form.html",
        context={
            "title": title,
            "record": instance,
            "breadcrumbs": [*breadcrumbs, (str(instance), instance.get_absolute_url())],
            "history": history_for(instance),
        },
    )


def action_create(request):
    _require(request, "governance.manage_actions")
    item = _from_agenda_item(request)
    initial = {}
    if item is not None:
        initial = {"agenda_item": item.pk, "workstream": item.workstream_id}
    form = _new(forms.ActionForm(request.POST or None, initial=initial))

    def save(form):
        services.action_create(values=form.service_values(), acting_user=request.user)
        return _after_recording(form, "governance:action_list")

    return _handle_form(
        request,
        form,
        save,
        template="governance/form.html",
        context={"title": _("Nieuwe actie"), "intro": _agenda_item_intro(item)},
    )


def _action_crumbs(user):
    return _register_crumbs(user, _("Actielijst"), "governance:action_list")


@require_safe
def action_detail(request, pk):
    action = get_object_or_404(
        Action.objects.select_related("owner", "owner_organisation", "workstream", "decision"),
        pk=pk,
    )
    return _simple_detail(
        request,
        instance=action,
        rule="governance.manage_actions",
        edit_url_name="governance:action_edit",
        title=action.title,
        breadcrumbs=_action_crumbs(request.user),
    )


def action_edit(request, pk):
    return _simple_edit(
        request,
        instance=get_object_or_404(Action, pk=pk),
        rule="governance.manage_actions",
        form_class=forms.ActionForm,
        service=services.action_update,
        kwarg="action",
        title=_("Actie bewerken"),
        breadcrumbs=_action_crumbs(request.user),
    )


# --- Commitments --------------------------------------------------------------------------------


def commitment_list(request):
    _require(request, "governance.see_registers")
    return _list(
        request,
        title=_("Toezeggingen aan de raden"),
        table_class=tables.CommitmentTable,
        filterset_class=filters.CommitmentFilter,
        queryset=selectors.commitment_list(user=request.user),
        new_url=reverse("governance:commitment_create")
        if request.user.has_perm("governance.manage_commitments")
        else None,
    )


def commitment_create(request):
    return _simple_create(
        request,
        rule="governance.manage_commitments",
        form_class=forms.CommitmentForm,
        service=services.commitment_create,
        title=_("Nieuwe toezegging"),
        list_url="governance:commitment_list",
    )


def _commitment_crumbs(user):
    return _register_crumbs(user, _("Toezeggingen"), "governance:commitment_list")


@require_safe
def commitment_detail(request, pk):
    commitment = get_object_or_404(
        Commitment.objects.select_related("council", "workstream"), pk=pk
    )
    return _simple_detail(
        request,
        instance=commitment,
        rule="governance.manage_commitments",
        edit_url_name="governance:commitment_edit",
        # A griffier reads their own council's commitments (found through the search).
        see_rule="governance.see_commitment",
        title=str(commitment),
        breadcrumbs=_commitment_crumbs(request.user),
    )


def commitment_edit(request, pk):
    return _simple_edit(
        request,
        instance=get_object_or_404(Commitment, pk=pk),
        rule="governance.manage_commitments",
        form_class=forms.CommitmentForm,
        service=services.commitment_update,
        kwarg="commitment",
        title=_("Toezegging bewerken"),
        breadcrumbs=_commitment_crumbs(request.user),
    )


# --- Risks --------------------------------------------------------------------------------------


def risk_list(request):
    _require(request, "governance.see_registers")

    def new_url():
        can_add = request.user.has_perm("governance.edit_workstream_status", None) or any(
            request.user.has_perm("governance.edit_workstream_status", ws)
            for ws in Workstream.objects.all()
        )
        return reverse("governance:risk_create") if can_add else None

    return _list(
        request,
        title=_("Risicoregister"),
        table_class=tables.RiskTable,
        filterset_class=filters.RiskFilter,
        queryset=selectors.risk_list(user=request.user),
        new_url=new_url,
        extra={"heat_map": lambda: selectors.risk_heat_map(user=request.user)},
    )


def risk_create(request):
    _require(request, "governance.see_registers")
    form = _new(forms.RiskForm(request.POST or None, user=request.user))
    if not form.fields["workstream"].queryset.exists() and not request.user.has_perm(
        "governance.edit_workstream_status", None
    ):
        raise PermissionDenied("governance.edit_workstream_status")

    def save(form):
        services.risk_create(values=form.service_values(), acting_user=request.user)
        return reverse("governance:risk_list")

    return _handle_form(
        request, form, save, template="governance/form.html", context={"title": _("Nieuw risico")}
    )


def _risk_crumbs(user, risk):
    if risk.workstream_id:
        return _workstream_crumbs(user, risk.workstream)
    return _register_crumbs(user, _("Risicoregister"), "governance:risk_list")


@require_safe
def risk_detail(request, pk):
    risk = get_object_or_404(Risk.objects.select_related("workstream", "owner"), pk=pk)
    return _simple_detail(
        request,
        instance=risk,
        rule="governance.edit_workstream_status",
        rule_obj=risk.workstream,
        edit_url_name="governance:risk_edit",
        title=risk.title,
        breadcrumbs=_risk_crumbs(request.user, risk),
    )


def risk_edit(request, pk):
    risk = get_object_or_404(Risk.objects.select_related("workstream"), pk=pk)
    return _simple_edit(
        request,
        instance=risk,
        rule="governance.edit_workstream_status",
        rule_obj=risk.workstream,
        form_class=forms.RiskForm,
        service=services.risk_update,
        kwarg="risk",
        title=_("Risico bewerken"),
        breadcrumbs=_risk_crumbs(request.user, risk),
        form_kwargs={"user": request.user},
    )


# --- Regional roles -----------------------------------------------------------------------------


def role_overview(request):
    """The functions and who fills them: a cached fragment (core.caching) keyed on governance
    and the organisations (their names); on a hit nothing of them is read."""
    _require(request, "governance.see_registers")
    return render(
        request,
        "governance/roles.html",
        {
            "functions": lazy(lambda: selectors.regional_function_list(user=request.user)),
            "can_manage": request.user.has_perm("governance.manage_roles"),
            "page_cache": page_cache(request, "governance", "core"),
        },
    )


def role_assignment_create(request):
    return _simple_create(
        request,
        rule="governance.manage_roles",
        form_class=forms.RoleAssignmentForm,
        service=services.role_assignment_create,
        title=_("Bezetting toevoegen"),
        list_url="governance:roles",
    )


def _role_crumbs(user):
    return _register_crumbs(user, _("Kennisgroep"), "governance:roles")


@require_safe
def role_assignment_detail(request, pk):
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("function", "organisation"), pk=pk
    )
    return _simple_detail(
        request,
        instance=assignment,
        rule="governance.manage_roles",
        edit_url_name="governance:role_assignment_edit",
        title=str(assignment),
        breadcrumbs=_role_crumbs(request.user),
    )


def role_assignment_edit(request, pk):
    return _simple_edit(
        request,
        instance=get_object_or_404(RoleAssignment, pk=pk),
        rule="governance.manage_roles",
        form_class=forms.RoleAssignmentForm,
        service=services.role_assignment_update,
        kwarg="assignment",
        title=_("Bezetting bewerken"),
        breadcrumbs=_role_crumbs(request.user),
    )


# --- Changes since the last meeting -------------------------------------------------------------


def changes(request):
    """What changed after the last stuurgroep meeting, by the records' history; other apps add
    their sections (the budget changes) through core.dashboard.change_sections."""
    _require(request, "governance.see_registers")
    changes = lazy(lambda: selectors.changes_since_meeting(user=request.user))
    # Everything is built only when the cached fragment is missing or out of date.
    return render(
        request,
        "governance/changes.html",
        {
            "changes": changes,
            "sections": lazy(lambda: dashboard.change_sections_for(request.user, changes().since)),
            "page_cache": page_cache(request, *LIST_DATA, *dashboard.change_data_groups()),
        },
    )


# --- Meeting documents (vergaderstukken) --------------------------------------------------------


def _editable_meeting_or_redirect(request, meeting):
    """None when papers may be changed; else a redirect back with the reason."""
    if meeting.is_adopted:
        messages.error(
            request, _("Het verslag van deze vergadering is vastgesteld; de stukken liggen vast.")
        )
        return redirect("governance:meeting_detail", pk=meeting.pk)
    return None


def _meeting_crumbs(user, meeting):
    """Vergaderingen › the meeting: where a meeting paper's pages sit."""
    return crumbs(
        user,
        (_("Vergaderingen"), reverse("governance:meeting_list"), "governance.see_registers"),
        (str(meeting), reverse("governance:meeting_detail", args=[meeting.pk]), None),
    )


def _document_form_page(request, form, save, *, title, back_url, breadcrumbs=()):
    """Validate, save through the service, or show the form again with the Dutch reasons
    (what was typed stays; a browser never refills a file input, so the message asks again)."""
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            target = save(form)
        except ValidationError as error:
            status = show_refusal(form, error)
        else:
            messages.success(request, _("Het stuk is opgeslagen."))
            return redirect(target)
    return render(
        request,
        "governance/document_form.html",
        {"form": form, "title": title, "back_url": back_url, "breadcrumbs": breadcrumbs},
        status=status,
    )


def meeting_document_create(request, pk):
    _require(request, "governance.manage_meetings")
    meeting = get_object_or_404(Meeting, pk=pk)
    if refused := _editable_meeting_or_redirect(request, meeting):
        return refused
    initial = {"agenda_item": request.GET.get("agendapunt")}
    form = forms.MeetingDocumentForm(
        request.POST or None, request.FILES or None, meeting=meeting, initial=initial
    )

    def save(form):
        upload = form.cleaned_data["file"]
        services.meeting_document_add(
            meeting=meeting,
            agenda_item=form.cleaned_data["agenda_item"],
            title=form.cleaned_data["title"],
            file=upload,
            file_name=upload.name,
            acting_user=request.user,
        )
        return reverse("governance:meeting_detail", args=[meeting.pk])

    return _document_form_page(
        request,
        form,
        save,
        title=_("Stuk toevoegen aan %(meeting)s") % {"meeting": meeting.title},
        back_url=reverse("governance:meeting_detail", args=[meeting.pk]),
        breadcrumbs=_meeting_crumbs(request.user, meeting),
    )


def _visible_document(request, pk):
    document = get_object_or_404(MeetingDocument.objects.select_related("meeting"), pk=pk)
    _require(request, "governance.see_meeting_document", document)
    return document


def meeting_document_detail(request, pk):
    _visible_document(request, pk)
    document = selectors.meeting_document_detail(user=request.user, pk=pk)
    sees_log = request.user.has_perm("governance.see_meeting_document_download")
    return render(
        request,
        "governance/document_detail.html",
        {
            "document": document,
            "title": document.title,
            "breadcrumbs": _meeting_crumbs(request.user, document.meeting),
            "can_manage": request.user.has_perm("governance.manage_meetings")
            and not document.meeting.is_adopted,
            "downloads": selectors.meeting_document_downloads(user=request.user, document=document)
            if sees_log
            else None,
            "history": history_for(document),
        },
    )


def meeting_document_replace(request, pk):
    _require(request, "governance.manage_meetings")
    document = _visible_document(request, pk)
    if refused := _editable_meeting_or_redirect(request, document.meeting):
        return refused
    form = forms.MeetingDocumentVersionForm(request.POST or None, request.FILES or None)

    def save(form):
        upload = form.cleaned_data["file"]
        services.meeting_document_replace(
            document=document, file=upload, file_name=upload.name, acting_user=request.user
        )
        return reverse("governance:meeting_document_detail", args=[document.pk])

    return _document_form_page(
        request,
        form,
        save,
        title=_("Nieuwe versie van %(title)s") % {"title": document.title},
        back_url=reverse("governance:meeting_document_detail", args=[document.pk]),
        breadcrumbs=[
            *_meeting_crumbs(request.user, document.meeting),
            (document.title, reverse("governance:meeting_document_detail", args=[document.pk])),
        ],
    )


@require_POST
def meeting_document_delete(request, pk):
    _require(request, "governance.manage_meetings")
    document = _visible_document(request, pk)
    if needs_confirmation(request):
        return confirm_page(
            request,
            Confirmation(
                title=_("Stuk verwijderen"),
                question=_(
                    "Wilt u '%(title)s' met al zijn versies verwijderen? Dit kan niet ongedaan "
                    "worden gemaakt; het downloadlog blijft bewaard."
                )
                % {"title": document.title},
                confirm_label=_("Ja, stuk verwijderen"),
                cancel_url=reverse("governance:meeting_document_detail", args=[document.pk]),
                details=((_("Vergadering"), str(document.meeting)),),
                danger=True,
            ),
        )
    try:
        services.meeting_document_delete(document=document, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("governance:meeting_document_detail", pk=document.pk)
    messages.success(request, _("Het stuk '%(title)s' is verwijderd.") % {"title": document.title})
    return redirect("governance:meeting_detail", pk=document.meeting_id)


def meeting_document_download(request, pk):
    """The file as an attachment under its cleaned original name (RFC 6266), never rendered
    in the portal's origin (nosniff; the middleware adds no-store); every download logged."""
    try:
        version = selectors.meeting_document_version(pk=pk)
    except MeetingDocumentVersion.DoesNotExist as error:
        raise Http404 from error
    _require(request, "governance.see_meeting_document", version.document)
    try:
        handle = version.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Het bestand is niet meer beschikbaar.")) from error
    services.meeting_document_download_record(version=version, acting_user=request.user)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=version.original_name,
        content_type=version.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
