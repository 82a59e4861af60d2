from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from rules.contrib.views import permission_required

from core.concurrency import StaleObjectError
from core.confirm import Confirmation, confirm_page, is_going_back, needs_confirmation
from core.detail import crumbs, record_detail
from core.exports import export_response
from core.forms import show_refusal
from core.imports.views import import_page
from core.models import Organisation
from maturity import exports, presentation, selectors, services
from maturity.forms import AssessmentForm, ReopenForm, RoundForm, TargetForm
from maturity.imports import BenchmarkImporter, ScoresImporter
from maturity.models import (
    NOT_APPLICABLE,
    Assessment,
    AssessmentRound,
    AssessmentStatus,
    RoundStatus,
)


def _round(year: int) -> AssessmentRound:
    return get_object_or_404(AssessmentRound.objects.select_related("questionnaire"), year=year)


@permission_required("maturity.see_results", raise_exception=True)
def round_list(request):
    rounds = list(selectors.round_list(user=request.user))
    own = {}
    if request.user.organisation_id:
        own = {
            a.round_id: a
            for a in Assessment.objects.filter(organisation_id=request.user.organisation_id)
        }
    return render(
        request,
        "maturity/round_list.html",
        {
            "rounds": rounds,
            "own": [(r, own.get(r.pk)) for r in rounds],
            "can_score": request.user.has_perm("maturity.score_round"),
            "can_manage": request.user.has_perm("maturity.manage_rounds"),
        },
    )


@permission_required("maturity.manage_rounds", raise_exception=True)
@require_http_methods(["GET", "POST"])
def round_create(request):
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment_round = services.round_create(**form.cleaned_data, acting_user=request.user)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Meting aangemaakt."))
            return redirect("maturity:round_detail", year=assessment_round.year)
    return render(request, "maturity/round_form.html", {"form": form})


def _round_crumbs(user, assessment_round=None):
    items = [(_("Digitale volwassenheid"), reverse("maturity:round_list"), "maturity.see_results")]
    if assessment_round is not None:
        items.append(
            (
                str(assessment_round),
                reverse("maturity:round_detail", args=[assessment_round.year]),
                "maturity.see_results",
            )
        )
    return crumbs(user, *items)


@require_safe
def round_record(request, year: int):
    """The round's own data (year, questionnaire, status, thresholds), read-only."""
    assessment_round = _round(year)
    if not request.user.has_perm("maturity.see_round", assessment_round):
        raise PermissionDenied
    return record_detail(
        request,
        assessment_round,
        title=_("Gegevens van de meting %(round)s") % {"round": assessment_round},
        breadcrumbs=_round_crumbs(request.user, assessment_round),
        template="maturity/round_record.html",
        extra={
            "assessments": Assessment.objects.visible_to(request.user)
            .filter(round=assessment_round)
            .select_related("organisation")
        },
    )


@require_safe
def assessment_detail(request, pk: int):
    """A self-assessment, read-only: its data and its scores per characteristic."""
    assessment = get_object_or_404(
        Assessment.objects.select_related(
            "round__questionnaire", "organisation", "submitted_by", "reopened_by"
        ),
        pk=pk,
    )
    if not request.user.has_perm("maturity.see_assessment", assessment):
        raise PermissionDenied
    may_edit = request.user.has_perm("maturity.edit_scores", assessment)
    return record_detail(
        request,
        assessment,
        title=_("Zelfscore %(assessment)s") % {"assessment": assessment},
        template="maturity/assessment_detail.html",
        breadcrumbs=_round_crumbs(request.user, assessment.round),
        edit_url=reverse("maturity:assessment_edit", args=[assessment.round.year])
        if may_edit
        else None,
        edit_label=_("Scores invullen"),
        extra={
            "scores": assessment.scores.select_related("characteristic__pillar").order_by(
                "characteristic__pillar__order", "characteristic__order"
            )
        },
    )


@permission_required("maturity.see_results", raise_exception=True)
def round_detail(request, year: int):
    assessment_round = _round(year)
    results = selectors.round_results(assessment_round=assessment_round, user=request.user)
    context = {
        "round": assessment_round,
        "results": results,
        "quadrant": presentation.quadrant_view(results),
        "side_by_side": results.side_by_side(),
        "unscored": [
            (r, presentation.result_unscored_text(r)) for r in results.organisations if r.unscored
        ],
        "can_manage": request.user.has_perm("maturity.manage_rounds"),
        "can_import": request.user.has_perm("maturity.import_data"),
        "can_export": request.user.has_perm("maturity.export_results"),
    }
    if context["can_manage"]:
        context["assessments"] = selectors.assessments_of_round(assessment_round=assessment_round)
        context["reopen_form"] = ReopenForm()
    return render(request, "maturity/round_detail.html", context)


@permission_required("maturity.manage_rounds", raise_exception=True)
@require_POST
def round_transition(request, year: int, transition: str):
    assessment_round = _round(year)
    service = {"openen": services.round_open, "sluiten": services.round_close}.get(transition)
    if service is None:
        raise Http404
    if service is services.round_close and needs_confirmation(request):
        return confirm_page(request, _close_confirmation(assessment_round))
    try:
        service(assessment_round=assessment_round, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De status van de meting is gewijzigd."))
    return redirect("maturity:round_detail", year=year)


def _close_confirmation(assessment_round) -> Confirmation:
    """Closing a round ends scoring for everyone; drafts then no longer count."""
    drafts = assessment_round.assessments.filter(status=AssessmentStatus.DRAFT).count()
    warning = (
        ngettext(
            "%(n)s organisatie heeft haar scores nog niet ingediend; dat concept telt na het "
            "sluiten niet mee.",
            "%(n)s organisaties hebben hun scores nog niet ingediend; die concepten tellen na "
            "het sluiten niet mee.",
            drafts,
        )
        % {"n": drafts}
        if drafts
        else ""
    )
    return Confirmation(
        title=_("Meting sluiten"),
        question=_(
            "Wilt u de meting %(year)s sluiten? Daarna kan niemand meer scores invullen of "
            "indienen."
        )
        % {"year": assessment_round.year},
        confirm_label=_("Ja, meting sluiten"),
        cancel_url=reverse("maturity:round_detail", args=[assessment_round.year]),
        warning=warning,
    )


@permission_required("maturity.see_results", raise_exception=True)
@require_http_methods(["GET", "POST"])
def organisation_result(request, year: int, slug: str):
    assessment_round = _round(year)
    organisation = get_object_or_404(Organisation, slug=slug)
    results = selectors.round_results(assessment_round=assessment_round, user=request.user)
    result = results.for_organisation(organisation.pk)
    if result is None:
        raise Http404(_("Deze organisatie heeft voor deze meting geen ingediende scores."))
    next_round = selectors.next_round(assessment_round)
    can_set_targets = next_round is not None and request.user.has_perm(
        "maturity.set_targets", organisation
    )
    target_form = TargetForm(request.POST or None) if can_set_targets else None
    if request.method == "POST":
        if not can_set_targets:
            raise PermissionDenied
        if target_form.is_valid():
            shared = target_form.cleaned_data["shared"]
            if shared and not request.user.has_perm("maturity.set_targets", None):
                target_form.add_error("shared", _("Alleen de kwartiermaker stelt gedeelde doelen."))
            else:
                services.target_set(
                    assessment_round=next_round,
                    organisation=None if shared else organisation,
                    characteristic=target_form.cleaned_data["characteristic"],
                    value=target_form.cleaned_data["value"],
                    acting_user=request.user,
                )
                messages.success(request, _("Doel opgeslagen."))
                return redirect(request.path)
    trend = selectors.trend_for(organisation=organisation)
    colour = presentation.organisation_colour(result)
    targets = (
        selectors.targets_for(assessment_round=next_round, organisation=organisation)
        if next_round
        else {}
    )
    return render(
        request,
        "maturity/organisation_result.html",
        {
            "round": assessment_round,
            "results": results,
            "result": result,
            "organisation": organisation,
            "profile_chart": presentation.profile_view(result, colour=colour),
            "unscored_text": presentation.result_unscored_text(result),
            "movement_chart": presentation.movement_view(
                result, year=assessment_round.year, colour=colour
            ),
            "trend_chart": presentation.trend_view(organisation, trend, results),
            "trend_series": presentation.trend_series(trend, results) if trend else [],
            "trend_years": [r.year for r, _scores in trend],
            "next_round": next_round,
            "targets": [(c, targets[c.code]) for c in results.characteristics if c.code in targets],
            "target_form": target_form,
            "can_create_actions": request.user.has_perm("maturity.create_actions"),
            "linked_actions": result.assessment.improvement_actions.select_related(
                "action", "characteristic"
            ),
        },
    )


@permission_required("maturity.create_actions", raise_exception=True)
@require_POST
def actions_create(request, year: int, slug: str):
    assessment_round = _round(year)
    organisation = get_object_or_404(Organisation, slug=slug)
    results = selectors.round_results(assessment_round=assessment_round, user=request.user)
    result = results.for_organisation(organisation.pk)
    if result is None or result.summary is None:
        raise Http404
    below = [row for row in result.profile if row.characteristic.name in result.summary.below]
    created = services.improvement_actions_create(
        assessment=result.assessment,
        characteristics=[row.characteristic for row in below],
        gaps={row.characteristic.code: row.difference for row in below},
        acting_user=request.user,
    )
    messages.success(
        request,
        ngettext(
            "%(count)s actie toegevoegd aan de werkstroom Digitale volwassenheid.",
            "%(count)s acties toegevoegd aan de werkstroom Digitale volwassenheid.",
            len(created),
        )
        % {"count": len(created)},
    )
    return redirect("maturity:organisation_result", year=year, slug=slug)


@permission_required("maturity.score_round", raise_exception=True)
@require_http_methods(["GET", "POST"])
def assessment_edit(request, year: int):
    assessment_round = _round(year)
    organisation = request.user.organisation
    if organisation is None:
        raise PermissionDenied
    assessment = selectors.assessment_for(
        assessment_round=assessment_round, organisation=organisation
    )
    if assessment is not None and not request.user.has_perm("maturity.see_draft", assessment):
        raise PermissionDenied
    questions = selectors.questions_for(assessment_round=assessment_round)
    answers = (
        {
            a.question_id: NOT_APPLICABLE if a.is_not_applicable else a.value
            for a in assessment.answers.all()
        }
        if assessment
        else {}
    )
    if assessment is None:
        locked = assessment_round.status != RoundStatus.OPEN
    else:
        assessment.round = assessment_round
        locked = not request.user.has_perm("maturity.edit_scores", assessment)
    form = AssessmentForm(
        request.POST if request.method == "POST" else None,
        questions=questions,
        answers=answers,
        initial={"version": assessment.version if assessment else None},
    )
    status = 200
    # htmx posts the draft as the respondent answers; it gets the status fragment back.
    autosave = bool(request.htmx) and request.method == "POST"
    if request.method == "POST":
        if locked:
            form.is_valid()
            form.add_error(
                None,
                _("Deze scores liggen vast: ze zijn al ingediend of de meting is niet open."),
            )
            status = 409
        elif is_going_back(request):
            pass  # back from the confirmation: the questionnaire again, as answered
        elif form.is_valid():
            submit = "indienen" in request.POST and not autosave
            complete = all(value is not None for value in form.answers().values())
            # Incomplete answers go straight to the service, which refuses them with its reason.
            if submit and complete and needs_confirmation(request):
                return confirm_page(
                    request, _submit_confirmation(assessment_round, organisation, form, questions)
                )
            try:
                saved = services.assessment_save(
                    assessment_round=assessment_round,
                    organisation=organisation,
                    answers=form.answers(),
                    expected_version=form.cleaned_data.get("version"),
                    submit=submit,
                    acting_user=request.user,
                )
            except (StaleObjectError, ValidationError) as error:
                status = show_refusal(form, error)
            else:
                if autosave:
                    return render(
                        request,
                        "maturity/includes/autosave_status.html",
                        {
                            "saved": True,
                            "version": saved.version,
                            "answered": saved.answers.count(),
                            "total": len(questions),
                            "oob": True,
                        },
                    )
                if submit:
                    messages.success(request, _("Uw scores zijn ingediend."))
                    return redirect("maturity:round_detail", year=year)
                messages.success(request, _("Concept opgeslagen."))
                return redirect("maturity:assessment_edit", year=year)
    if autosave:
        errors = [str(e) for e in form.non_field_errors()] + [
            str(e)
            for name, field_errors in form.errors.items()
            if name != "__all__"
            for e in field_errors
        ]
        # 200, so htmx swaps the message in; the status code a form post gets stays below.
        return render(request, "maturity/includes/autosave_status.html", {"errors": errors})
    return render(
        request,
        "maturity/assessment_form.html",
        {
            "round": assessment_round,
            "assessment": assessment,
            "form": form,
            "locked": locked,
            "organisation": organisation,
            "answered": sum(1 for q in questions if answers.get(q.pk) is not None),
            "total": len(questions),
        },
        status=status,
    )


def _submit_confirmation(assessment_round, organisation, form, questions) -> Confirmation:
    """Submitted scores are locked; only the kwartiermaker can reopen them."""
    return Confirmation(
        title=_("Scores indienen"),
        question=_(
            "Wilt u de scores van %(organisation)s voor de meting %(year)s indienen? Daarna "
            "kunt u ze niet meer wijzigen; alleen de kwartiermaker kan ze heropenen."
        )
        % {"organisation": organisation, "year": assessment_round.year},
        confirm_label=_("Ja, scores indienen"),
        details=((_("Beantwoorde vragen"), str(len(questions))),),
    )


@permission_required("maturity.reopen_scores", raise_exception=True)
@require_POST
def assessment_reopen(request, pk: int):
    assessment = get_object_or_404(Assessment.objects.select_related("round"), pk=pk)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.assessment_reopen(
                assessment=assessment,
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("De scores zijn heropend."))
    else:
        messages.error(request, _("Geef een reden voor het heropenen."))
    return redirect("maturity:round_detail", year=assessment.round.year)


@permission_required("maturity.import_data", raise_exception=True)
@require_http_methods(["GET", "POST"])
def import_data(request, year: int):
    """Upload -> preview with row errors -> confirm (core.imports); all-or-nothing."""
    assessment_round = _round(year)
    importers = [ScoresImporter]
    if request.user.has_perm("maturity.manage_benchmark"):
        importers.append(BenchmarkImporter)
    return import_page(
        request,
        importers=importers,
        scope=assessment_round,
        template="maturity/import.html",
        context={"round": assessment_round},
        done_url=reverse("maturity:round_detail", args=[year]),
    )


@permission_required("maturity.export_results", raise_exception=True)
def export_results(request, year: int, fmt: str):
    assessment_round = _round(year)
    results = selectors.round_results(assessment_round=assessment_round, user=request.user)
    table = exports.results_table(results)
    return export_response(table, fmt=fmt, filename=f"volwassenheid-{year}")
