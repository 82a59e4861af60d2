"""Pages for council reports; the web process only queues jobs and serves finished files."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from rules.contrib.views import permission_required

from core.caching import lazy, page_cache
from core.confirm import Confirmation, confirm_page, is_going_back, needs_confirmation
from core.forms import show_refusal
from core.selectors import history_for
from core.templatetags.portal import long_date
from governance.models import Meeting
from reports import services
from reports.forms import ReportRequestForm
from reports.models import CouncilReport, MeetingPack, ReportDownload, ReportRequest
from reports.periods import period_label
from reports.selectors import (
    any_pending,
    council_report_list,
    report_request_list,
    request_ready_reports,
)
from reports.selectors import meeting_pack_panel as meeting_pack_panel_data

REPORTS_PER_PAGE = 25
# What a report's history shows: its life as a job, not timestamps or the file's internals.
HISTORY_FIELDS = {"state", "attempts", "version", "superseded", "failure_reason"}


def _watched_ids(request) -> set[int]:
    """The reports a polling page still showed as pending (`wachtend=1,2,3`)."""
    try:
        return {int(part) for part in request.GET.get("wachtend", "").split(",") if part}
    except ValueError as error:
        raise Http404 from error


@permission_required("reports.list_council_reports", raise_exception=True)
def report_list(request):
    """The list; while reports are pending, htmx polls it for the table fragment alone
    (`reports/includes/table.html`), which stops polling once none is pending.

    The page is a cached fragment (core.caching) keyed on the reports, organisations and
    people (the retry buttons post one form outside it, with the CSRF token). While a report
    the user may see is pending, it is rendered afresh: a job stuck past its deadline gets its
    retry button by time alone."""
    table = lazy(lambda: _report_table(request))
    context = {
        "reports": lazy(lambda: table()["reports"]),
        "page": lazy(lambda: table()["page"]),
        "pending_ids": lazy(lambda: table()["pending_ids"]),
        "may_request": request.user.has_perm("reports.request_council_report"),
        "requests": lazy(lambda: _with_labels(report_request_list(user=request.user))),
    }
    if request.htmx:
        watched = _watched_ids(request)
        context["finished"] = [
            r for r in table()["reports"] if r.pk in watched and not r.is_pending
        ]
        return render(request, "reports/includes/table.html", context)
    services.report_list_visit_record(acting_user=request.user)
    context["page_cache"] = page_cache(
        request, "reports", "core", store=not any_pending(user=request.user)
    )
    return render(request, "reports/list.html", context)


def _report_table(request) -> dict:
    page = Paginator(council_report_list(user=request.user), REPORTS_PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    reports = list(page.object_list)
    for report in reports:
        report.period_label = period_label(
            kind=report.period_kind, start=report.period_start, end=report.period_end
        )
        report.can_retry = services.council_report_can_retry(report)
    return {
        "page": page,
        "reports": reports,
        "pending_ids": ",".join(str(r.pk) for r in reports if r.is_pending),
    }


@permission_required("reports.request_council_report", raise_exception=True)
def report_request(request):
    form = ReportRequestForm(request.POST or None)
    if request.method == "POST" and not is_going_back(request) and form.is_valid():
        period_end = form.cleaned_data["period_end"]
        if period_end >= timezone.localdate() and needs_confirmation(request):
            return confirm_page(request, _unfinished_period_confirmation(form))
        try:
            _request, reports = services.report_request_create(
                councils=list(form.cleaned_data["councils"]),
                period_kind=form.cleaned_data["period_kind"],
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                acting_user=request.user,
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request,
                _("%(n)s rapportage(s) aangevraagd; de voortgang staat hieronder.")
                % {"n": len(reports)},
            )
            return redirect("reports:list")
    # The empty form (the councils that are members today, this year and quarter) is a cached
    # fragment keyed on the organisations (core.caching); a posted one is rendered afresh.
    cache = page_cache(request, "core", store=request.method == "GET")
    return render(request, "reports/request.html", {"form": form, "page_cache": cache})


def _unfinished_period_confirmation(form) -> Confirmation:
    """A report for a period still running is frozen without what is yet to happen in it."""
    data = form.cleaned_data
    return Confirmation(
        title=_("Rapportage aanvragen"),
        warning=_(
            "Deze periode is nog niet voorbij: ze eindigt op %(end)s. De rapportage bevat alleen "
            "wat tot vandaag is vastgelegd en wordt daarna niet bijgewerkt."
        )
        % {"end": long_date(data["period_end"])},
        question=_("Wilt u de rapportage toch nu aanvragen?"),
        confirm_label=_("Ja, nu aanvragen"),
        details=(
            (_("Gemeenten"), ", ".join(str(council) for council in data["councils"])),
            (
                _("Periode"),
                f"{long_date(data['period_start'])} – {long_date(data['period_end'])}",
            ),
        ),
    )


def _visible_report(request, pk) -> CouncilReport:
    report = get_object_or_404(CouncilReport.objects.select_related("council"), pk=pk)
    if not request.user.has_perm("reports.download_council_report", report):
        raise PermissionDenied
    return report


def report_detail(request, pk):
    report = _visible_report(request, pk)
    report.period_label = period_label(
        kind=report.period_kind, start=report.period_start, end=report.period_end
    )
    downloads = history = None
    if request.user.has_perm("reports.see_all_council_reports"):
        downloads = (
            ReportDownload.objects.visible_to(request.user)
            .filter(report=report)
            .select_related("user")[:50]
        )
        history = history_for(report, fields=HISTORY_FIELDS)
    versions = (
        council_report_list(user=request.user)
        .filter(
            council=report.council,
            period_start=report.period_start,
            period_end=report.period_end,
            version__isnull=False,
        )
        .order_by("-version")
    )
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "downloads": downloads,
            "history": history,
            "versions": versions,
            # Attempts, checksum, failure reason: the job's internals, for programme staff.
            "show_technical": request.user.has_perm("reports.see_all_council_reports"),
            "can_retry": services.council_report_can_retry(report)
            and request.user.has_perm("reports.request_council_report"),
        },
    )


def _with_labels(requests):
    for item in requests:
        item.period_label = period_label(
            kind=item.period_kind, start=item.period_start, end=item.period_end
        )
    return requests


def _download_name(report: CouncilReport) -> str:
    return (
        f"Voortgangsrapportage {report.council.short_name} "
        f"{report.period_start:%Y-%m-%d} tm {report.period_end:%Y-%m-%d} v{report.version}.pdf"
    )


def report_download(request, pk):
    report = _visible_report(request, pk)
    if report.state != "gereed" or not report.file:
        raise Http404(_("Deze rapportage is (nog) niet beschikbaar."))
    services.report_download_record(report=report, acting_user=request.user)
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=_download_name(report),
        content_type="application/pdf",
    )


@require_GET
@permission_required("reports.see_all_council_reports", raise_exception=True)
def request_download_zip(request, pk):
    """Every finished report of one request in one zip, each download logged as usual."""
    report_request = get_object_or_404(ReportRequest, pk=pk)
    reports = request_ready_reports(user=request.user, report_request=report_request)
    if not reports:
        raise Http404(_("Van deze aanvraag is nog geen rapportage gereed."))
    archive = services.request_zip(
        reports=reports, names=[_download_name(r) for r in reports], acting_user=request.user
    )
    filename = (
        f"Voortgangsrapportages {report_request.period_start:%Y-%m-%d} tm "
        f"{report_request.period_end:%Y-%m-%d}.zip"
    )
    return FileResponse(
        archive, as_attachment=True, filename=filename, content_type="application/zip"
    )


@require_POST
@permission_required("reports.request_council_report", raise_exception=True)
def report_retry(request, pk):
    report = get_object_or_404(CouncilReport, pk=pk)
    try:
        services.council_report_retry(report=report, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De rapportage wordt opnieuw gemaakt."))
    return redirect("reports:list")


# --- Meeting packs ---------------------------------------------------------------------------
def _visible_meeting(request, meeting_pk) -> Meeting:
    meeting = get_object_or_404(Meeting, pk=meeting_pk)
    if not request.user.has_perm("governance.see_meeting", meeting):
        raise PermissionDenied("governance.see_meeting")
    return meeting


@require_GET
def meeting_pack_panel(request, meeting_pk):
    """The pack's panel alone, for htmx to poll while a pack is being made."""
    meeting = _visible_meeting(request, meeting_pk)
    data = meeting_pack_panel_data(user=request.user, meeting=meeting)
    if data is None:
        raise PermissionDenied("reports.download_meeting_pack")
    return render(request, "reports/includes/meeting_pack_panel.html", {"data": data})


@require_POST
@permission_required("reports.request_meeting_pack", raise_exception=True)
def meeting_pack_request(request, meeting_pk):
    meeting = _visible_meeting(request, meeting_pk)
    services.meeting_pack_request(meeting=meeting, acting_user=request.user)
    messages.success(
        request, _("De vergaderstukken worden samengesteld; de voortgang staat hieronder.")
    )
    return redirect(reverse("governance:meeting_detail", args=[meeting.pk]) + "#vergaderpakket")


def meeting_pack_download(request, pk):
    pack = get_object_or_404(MeetingPack.objects.select_related("meeting"), pk=pk)
    if not request.user.has_perm("reports.download_meeting_pack", pack):
        raise PermissionDenied("reports.download_meeting_pack")
    if not pack.is_done:
        raise Http404(_("Deze vergaderstukken zijn (nog) niet beschikbaar."))
    return FileResponse(
        pack.file.open("rb"),
        as_attachment=True,
        filename=f"Vergaderstukken {pack.meeting.title} {pack.meeting.held_on:%Y-%m-%d} "
        f"v{pack.version}.pdf",
        content_type="application/pdf",
    )


@require_POST
@permission_required("reports.request_meeting_pack", raise_exception=True)
def meeting_pack_retry(request, pk):
    pack = get_object_or_404(MeetingPack.objects.select_related("meeting"), pk=pk)
    try:
        services.meeting_pack_retry(pack=pack, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De vergaderstukken worden opnieuw samengesteld."))
    return redirect(
        reverse("governance:meeting_detail", args=[pack.meeting_id]) + "#vergaderpakket"
    )
