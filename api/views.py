"""API v1 resources: read-only views over the apps' scoped querysets, asking the portal's rules.

Each resource names the rule of the page it mirrors (`permission_rule`, checked by
api.permissions.PortalRule) and reads through the apps' selectors, which read through the
models' one scope (`Model.objects.visible_to(user)`), so the API can never show more than the
portal.
"""

import base64
import binascii
import json

from django.core.cache import cache
from django.db.models import Prefetch
from django.http import FileResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from api import filters, selectors, serializers
from budget.selectors import (
    budget_year_list,
    lines_with_realisation,
    multi_year_summary,
    share_list,
)
from core.caching import page_cache
from core.models import Organisation
from governance import selectors as governance_selectors
from governance.models import StatusReportState, Workstream
from maturity import selectors as maturity_selectors
from maturity.findings import Quadrant
from reports import services as report_services
from reports.models import CouncilReportState
from reports.selectors import council_report_list

QUADRANT_CODES = {
    Quadrant.TRADITIONAL: "traditional",
    Quadrant.FUTURE_READY: "futureReady",
    Quadrant.INTEGRATED_EXPERIENCE: "integratedExperience",
    Quadrant.INDUSTRIALISED: "industrialised",
}


class ResourceViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only collection (`list`) and item (`retrieve`); ids are whole numbers."""

    permission_rule: str | None = None
    lookup_value_regex = "[0-9]+"
    http_method_names = ["get", "head"]
    # A list loads only the model's columns that its serializer shows (its fields, or their
    # sources), plus `list_extra_columns`, and joins only the relations these name
    # (`relation__column`): a row is then cheap to read and to build. False: every column.
    list_only_shown: bool = False
    list_extra_columns: tuple[str, ...] = ()
    # The data groups (core.caching) a list shows besides organisations and people (`core`:
    # users' roles and organisations decide the scopes), or None. With them, a list's response
    # is cached per user, address and language under the groups' current version, so any write
    # to that data is seen at once; the token and the rule are still checked on every request.
    data_groups: tuple[str, ...] | None = None

    def list(self, request, *args, **kwargs):
        if self.data_groups is None:
            return super().list(request, *args, **kwargs)
        # The links are absolute: the scheme and host are part of the key.
        page = page_cache(request, "core", *self.data_groups, extra=request.build_absolute_uri("/"))
        key = f"api-list:{page.key}"
        cached = cache.get(key)
        if cached is not None:
            data, link = cached
            return Response(data, headers={"Link": link})
        response = super().list(request, *args, **kwargs)
        cache.set(key, (response.data, response["Link"]), page.timeout)
        return response

    def get_queryset(self):
        queryset = self.scope(self.request.user)
        if self.action == "list" and self.list_only_shown:
            columns = [*self.shown_columns(), *self.list_extra_columns]
            related = {c.rpartition("__")[0] for c in columns if "__" in c}
            queryset = queryset.select_related(None)
            if related:  # (select_related() without names would follow every relation)
                queryset = queryset.select_related(*related)
            queryset = queryset.only(*columns)
        return queryset

    def shown_columns(self) -> tuple[str, ...]:
        """The model's columns that the serializer's fields show."""
        serializer = self.get_serializer_class()
        columns = {field.name for field in serializer.Meta.model._meta.concrete_fields}
        shown = []
        for name, field in serializer().fields.items():
            source = name if field.source in (None, "*") else field.source.split(".")[0]
            if source in columns and source not in shown:
                shown.append(source)
        return tuple(shown)

    def scope(self, user):
        raise NotImplementedError


def _list_and_detail(resource: str, *, scope_note: str = ""):
    """Document a viewset's list and item from its own `permission_rule` (one place)."""

    def document(viewset):
        rule = viewset.permission_rule
        text = f"Requires the portal rule `{rule}`." if rule else "Open to every token."
        if scope_note:
            text += " " + scope_note
        return extend_schema_view(
            list=extend_schema(summary=f"List {resource}", description=text),
            retrieve=extend_schema(summary=f"One of the {resource}", description=text),
        )(viewset)

    return document


@_list_and_detail("organisations")
class OrganisationViewSet(ResourceViewSet):
    permission_rule = "core.use_portal"
    serializer_class = serializers.OrganisationSerializer
    filterset_class = filters.OrganisationFilter
    data_groups = ()

    def scope(self, user):
        # Organisations have no scope of their own: every portal user sees them all.
        return Organisation.objects.order_by("short_name")


@_list_and_detail(
    "workstreams",
    scope_note="`currentStatus` only for roles that may see the registers.",
)
class WorkstreamViewSet(ResourceViewSet):
    permission_rule = "governance.list_workstreams"
    serializer_class = serializers.WorkstreamSerializer
    list_only_shown = True
    list_extra_columns = ("lead_description", "lead_organisation__short_name")  # the lead's name
    data_groups = ("governance",)

    def scope(self, user):
        return governance_selectors.workstreams_with_status(user=user)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["may_see_status"] = self.request.user.has_perm("governance.see_registers")
        return context


@_list_and_detail("published status reports", scope_note="Never drafts.")
class StatusReportViewSet(ResourceViewSet):
    permission_rule = "governance.see_registers"
    serializer_class = serializers.StatusReportSerializer
    filterset_class = filters.StatusReportFilter
    list_only_shown = True
    data_groups = ("governance",)

    def scope(self, user):
        return governance_selectors.status_report_list(user=user).filter(
            state=StatusReportState.PUBLISHED
        )


@_list_and_detail("milestones")
class MilestoneViewSet(ResourceViewSet):
    permission_rule = "governance.see_registers"
    serializer_class = serializers.MilestoneSerializer
    filterset_class = filters.MilestoneFilter
    list_only_shown = True
    data_groups = ("governance",)

    def scope(self, user):
        return governance_selectors.milestone_list(user=user).order_by("due_date", "pk")


@_list_and_detail("meetings", scope_note="Minutes only once adopted.")
class MeetingViewSet(ResourceViewSet):
    permission_rule = "governance.see_registers"
    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilter
    list_only_shown = True
    data_groups = ("governance",)

    def scope(self, user):
        return selectors.meeting_list(user=user)


@_list_and_detail("decisions")
class DecisionViewSet(ResourceViewSet):
    permission_rule = "governance.see_registers"
    serializer_class = serializers.DecisionSerializer
    filterset_class = filters.DecisionFilter
    list_only_shown = True
    data_groups = ("governance",)

    def scope(self, user):
        # The linked workstreams are shown by id only.
        return (
            governance_selectors.decision_list(user=user)
            .prefetch_related(None)
            .prefetch_related(Prefetch("workstreams", queryset=Workstream.objects.only("pk")))
        )


@_list_and_detail("actions")
class ActionViewSet(ResourceViewSet):
    permission_rule = "governance.see_registers"
    serializer_class = serializers.ActionSerializer
    filterset_class = filters.ActionFilter
    list_only_shown = True
    data_groups = ("governance",)

    def scope(self, user):
        return governance_selectors.action_list(user=user)


@_list_and_detail(
    "commitments to councils",
    scope_note="Programme roles see all; a griffier their own council's (as in its report).",
)
class CommitmentViewSet(ResourceViewSet):
    permission_rule = "governance.see_commitments"
    serializer_class = serializers.CommitmentSerializer
    filterset_class = filters.CommitmentFilter
    list_only_shown = True
    data_groups = ("governance",)

    def scope(self, user):
        return governance_selectors.commitment_list(user=user)


@_list_and_detail(
    "budget years",
    scope_note="With the year's total, committed and spent amounts (euros, net of credits).",
)
class BudgetYearViewSet(ResourceViewSet):
    permission_rule = "budget.see_budget"
    serializer_class = serializers.BudgetYearSerializer
    data_groups = ("budget",)

    def scope(self, user):
        return budget_year_list(user=user)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        user = self.request.user
        # Lazy: asked only when a year is rendered (never while the schema is generated).
        context["year_totals"] = SimpleLazyObject(
            lambda: {summary.year: summary.total for summary in multi_year_summary(user=user)}
        )
        return context


@_list_and_detail("budget lines", scope_note="With realisation.")
class BudgetLineViewSet(ResourceViewSet):
    permission_rule = "budget.see_budget"
    serializer_class = serializers.BudgetLineSerializer
    filterset_class = filters.BudgetLineFilter
    list_only_shown = True
    data_groups = ("budget",)

    def scope(self, user):
        return lines_with_realisation().visible_to(user)


@_list_and_detail(
    "participant shares",
    scope_note="Programme roles see every share; participant staff their own organisation's.",
)
class ShareViewSet(ResourceViewSet):
    permission_rule = "budget.see_budget"
    serializer_class = serializers.ShareSerializer
    filterset_class = filters.ShareFilter
    list_only_shown = True
    data_groups = ("budget",)

    def scope(self, user):
        return share_list(user=user)


@extend_schema_view(
    list=extend_schema(
        summary="List maturity rounds",
        description="Requires `maturity.see_results`. Results are on each round's own resource.",
    ),
    retrieve=extend_schema(
        summary="One maturity round with its results",
        description=(
            "Requires `maturity.see_results`. Results come from submitted self-assessments "
            "only: quadrant, scores per characteristic, and the benchmark."
        ),
        responses=serializers.MaturityRoundDetailSerializer,
    ),
)
class MaturityRoundViewSet(ResourceViewSet):
    permission_rule = "maturity.see_results"
    serializer_class = serializers.MaturityRoundSerializer

    def scope(self, user):
        return maturity_selectors.round_list(user=user)

    def retrieve(self, request, *args, **kwargs):
        assessment_round = self.get_object()
        results = maturity_selectors.round_results(
            assessment_round=assessment_round, user=request.user
        )
        names = {c.code: c.name for c in results.characteristics}

        def scores(values: dict) -> list[dict]:
            return [
                {"characteristic": code, "name": names[code], "value": value}
                for code, value in values.items()
            ]

        def quadrant(value):
            return (QUADRANT_CODES[value], value.label) if value else (None, None)

        assessment_round.results = []
        for result in results.organisations:
            code, label = quadrant(result.quadrant)
            assessment_round.results.append(
                {
                    "organisation": result.assessment.organisation_id,
                    "quadrant": code,
                    "quadrantLabel": label,
                    "customerExperience": result.customer,
                    "operationalEfficiency": result.efficiency,
                    "scores": scores(result.scores),
                }
            )
        code, label = quadrant(getattr(results, "benchmark_quadrant", None))
        assessment_round.benchmark = {
            "quadrant": code,
            "quadrantLabel": label,
            "averages": scores({code: value.average for code, value in results.benchmark.items()}),
        }
        serializer = serializers.MaturityRoundDetailSerializer(
            assessment_round, context=self.get_serializer_context()
        )
        return Response(serializer.data)


class PdfRenderer(BaseRenderer):
    """application/pdf for the download; an error there is still rendered as JSON (problem)."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return json.dumps(data).encode()


@_list_and_detail(
    "issued council reports",
    scope_note="Programme roles see every council's; a griffier only their own council's.",
)
class CouncilReportViewSet(ResourceViewSet):
    permission_rule = "reports.list_council_reports"
    serializer_class = serializers.CouncilReportSerializer
    filterset_class = filters.CouncilReportFilter
    list_only_shown = True
    data_groups = ("reports",)

    def scope(self, user):
        return (
            council_report_list(user=user)
            .filter(state=CouncilReportState.DONE)
            .order_by("-finished_at", "-pk")
        )

    @extend_schema(
        summary="Download an issued council report (PDF)",
        description=(
            "The frozen PDF. Its SHA-256 equals the report's `sha256`; the response carries it "
            "as ETag and in Repr-Digest. Each download is recorded, as in the portal."
        ),
        responses={
            (200, "application/pdf"): OpenApiResponse(
                response={"type": "string", "format": "binary"}, description="The PDF."
            )
        },
    )
    @action(detail=True, methods=["get"], renderer_classes=[PdfRenderer], filter_backends=[])
    def download(self, request, pk=None):
        report = self.get_object()
        if not report.file:
            raise NotFound(_("Het bestand van deze rapportage ontbreekt."))
        etag = f'"{report.sha256}"'
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            return not_modified
        report_services.report_download_record(report=report, acting_user=request.user)
        filename = (
            f"Voortgangsrapportage {report.council.short_name} "
            f"{report.period_start:%Y-%m-%d} tm {report.period_end:%Y-%m-%d} v{report.version}.pdf"
        )
        response = FileResponse(
            report.file.open("rb"),
            as_attachment=True,
            filename=filename,
            content_type="application/pdf",
        )
        response["ETag"] = etag
        try:
            digest = base64.b64encode(binascii.unhexlify(report.sha256)).decode()
        except (binascii.Error, ValueError):
            digest = ""
        if digest:
            response["Repr-Digest"] = f"sha-256=:{digest}:"
        return response


COLLECTIONS = {
    "organisations": "api:organisation-list",
    "workstreams": "api:workstream-list",
    "statusReports": "api:status-report-list",
    "milestones": "api:milestone-list",
    "meetings": "api:meeting-list",
    "decisions": "api:decision-list",
    "actions": "api:action-list",
    "commitments": "api:commitment-list",
    "budgetYears": "api:budget-year-list",
    "budgetLines": "api:budget-line-list",
    "budgetShares": "api:budget-share-list",
    "maturityRounds": "api:maturity-round-list",
    "councilReports": "api:council-report-list",
}


class IndexView(APIView):
    """The API's landing point: links to every collection and to the documentation."""

    public = True
    authentication_classes = []
    http_method_names = ["get", "head"]

    @extend_schema(
        summary="Links to every collection",
        description="Public. The collections themselves need a token.",
        responses={
            200: {
                "type": "object",
                "properties": {
                    "_links": {
                        "type": "object",
                        "additionalProperties": {
                            "type": "object",
                            "properties": {"href": {"type": "string", "format": "uri"}},
                        },
                    }
                },
            }
        },
    )
    def get(self, request):
        links = {
            name: {"href": request.build_absolute_uri(reverse(url_name))}
            for name, url_name in COLLECTIONS.items()
        }
        links["openapi"] = {"href": request.build_absolute_uri(reverse("api:openapi"))}
        links["documentation"] = {"href": request.build_absolute_uri(reverse("api:docs"))}
        return Response({"_links": links})


class NotFoundView(APIView):
    """Any other path under /api/: a 404 problem (also for a trailing slash, ADR)."""

    public = True
    authentication_classes = []
    schema = None

    def get(self, request, *args, **kwargs):
        raise NotFound(_("Dit adres bestaat niet in de API."))

    post = put = patch = delete = head = get
