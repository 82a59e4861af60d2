"""The API's representations: lowerCamelCase fields, stable ids and links between resources."""

from decimal import Decimal

from django.urls import reverse
from django.utils.functional import cached_property
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from budget.models import BudgetLine, BudgetYear, Share
from core.models import Organisation
from governance.models import (
    Action,
    AgendaItem,
    Commitment,
    Decision,
    Meeting,
    Milestone,
    StatusReport,
    Workstream,
)
from maturity.models import AssessmentRound
from reports.models import CouncilReport


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


class CamelCaseSerializer(serializers.ModelSerializer):
    """Model fields under lowerCamelCase names (ADR: lowerCamelCase properties)."""

    def get_fields(self):
        fields = {}
        for name, field in super().get_fields().items():
            if name.startswith("_"):
                fields[name] = field
                continue
            if field.source is None and camel(name) != name:
                field.source = name
            fields[camel(name)] = field
        return fields


@extend_schema_field(
    {
        "type": "object",
        "description": "HAL-style links: `self` and the related resources.",
        "additionalProperties": {
            "type": "object",
            "properties": {"href": {"type": "string", "format": "uri"}},
            "required": ["href"],
        },
    }
)
class LinksField(serializers.Field):
    """`_links`: {"self": {"href": ...}, "<relation>": {"href": ...}} for one object.

    `relations` maps a relation name to (URL name, attribute holding the related id);
    a relation whose id is empty is left out.
    """

    # Stands in for the id while a URL name is reversed once; every link is then that URL with
    # the object's id in its place (a list of 100 rows would otherwise reverse 100s of times).
    PLACEHOLDER = "2147483647"

    def __init__(self, view_name: str, relations: dict[str, tuple[str, str]] | None = None):
        self.view_name = view_name
        self.relations = relations or {}
        self._templates: dict[str, tuple[str, str]] = {}
        super().__init__(source="*", read_only=True)

    def _template(self, view_name: str) -> tuple[str, str]:
        """The absolute URL of `view_name` before and after the id (once per serializer: the
        field is bound to one request)."""
        template = self._templates.get(view_name)
        if template is None:
            url = reverse(view_name, kwargs={"pk": self.PLACEHOLDER})
            request = self.context.get("request")
            if request is not None:
                url = request.build_absolute_uri(url)
            head, placeholder, tail = url.rpartition(self.PLACEHOLDER)
            assert placeholder, url
            template = self._templates[view_name] = (head, tail)
        return template

    def _href(self, view_name: str, pk) -> dict:
        head, tail = self._template(view_name)
        return {"href": f"{head}{pk}{tail}"}

    def to_representation(self, instance):
        links = {"self": self._href(self.view_name, instance.pk)}
        for relation, (view_name, attribute) in self.relations.items():
            pk = getattr(instance, attribute)
            if pk is not None:
                links[relation] = self._href(view_name, pk)
        return links


# --- Organisations and workstreams --------------------------------------------------------------


class OrganisationSerializer(CamelCaseSerializer):
    _links = LinksField("api:organisation-detail")

    class Meta:
        model = Organisation
        fields = [
            "_links",
            "id",
            "name",
            "short_name",
            "slug",
            "kind",
            "has_council",
            "is_budget_participant",
            "membership_start",
            "membership_end",
        ]


class CurrentStatusSerializer(serializers.Serializer):
    overallStatus = serializers.ChoiceField(
        source="current_status",
        choices=StatusReport._meta.get_field("overall_status").choices,
        help_text="Overall status of the latest published status report.",
    )
    periodEnd = serializers.DateField(
        source="current_period_end", help_text="Last day of that report's period."
    )
    statusReport = serializers.IntegerField(
        source="current_report_id", help_text="Id of that status report."
    )


class WorkstreamSerializer(CamelCaseSerializer):
    _links = LinksField(
        "api:workstream-detail",
        {"leadOrganisation": ("api:organisation-detail", "lead_organisation_id")},
    )
    leadLabel = serializers.CharField(source="lead_label", help_text="Who leads the workstream.")
    currentStatus = serializers.SerializerMethodField(
        help_text=(
            "The latest published status report's verdict; null when there is none, or when "
            "your role may not see the registers (as in the portal)."
        )
    )

    class Meta:
        model = Workstream
        fields = [
            "_links",
            "id",
            "number",
            "name",
            "slug",
            "lead_organisation",
            "leadLabel",
            "goal",
            "currentStatus",
        ]

    @extend_schema_field(CurrentStatusSerializer(allow_null=True))
    def get_currentStatus(self, workstream):  # noqa: N802 (the field's name is camelCase)
        if not self.context.get("may_see_status") or not workstream.current_status:
            return None
        return self._current_status.to_representation(workstream)

    @cached_property
    def _current_status(self) -> CurrentStatusSerializer:
        # One for the whole list: a serializer copies its fields when it is made.
        return CurrentStatusSerializer()


class StatusReportSerializer(CamelCaseSerializer):
    _links = LinksField(
        "api:status-report-detail", {"workstream": ("api:workstream-detail", "workstream_id")}
    )

    class Meta:
        model = StatusReport
        fields = [
            "_links",
            "id",
            "workstream",
            "period_start",
            "period_end",
            "overall_status",
            "progress_summary",
            "results",
            "next_steps",
            "escalations",
            "published_at",
        ]


class MilestoneSerializer(CamelCaseSerializer):
    _links = LinksField(
        "api:milestone-detail", {"workstream": ("api:workstream-detail", "workstream_id")}
    )
    isOverdue = serializers.BooleanField(source="is_overdue", help_text="Open and past due.")

    class Meta:
        model = Milestone
        fields = [
            "_links",
            "id",
            "workstream",
            "title",
            "due_date",
            "baseline_due_date",
            "completed_on",
            "status",
            "isOverdue",
        ]


# --- Meetings, decisions, actions, commitments --------------------------------------------------


class AgendaItemSerializer(CamelCaseSerializer):
    class Meta:
        model = AgendaItem
        fields = ["position", "title", "workstream"]


class MeetingSerializer(CamelCaseSerializer):
    _links = LinksField("api:meeting-detail")
    agenda = AgendaItemSerializer(source="agenda_items", many=True, read_only=True)
    minutes = serializers.SerializerMethodField(
        help_text="The minutes once adopted; null while they are a draft."
    )

    class Meta:
        model = Meeting
        fields = [
            "_links",
            "id",
            "held_on",
            "title",
            "location",
            "agenda",
            "minutes_state",
            "minutes",
            "adopted_on",
        ]

    def get_minutes(self, meeting) -> str | None:
        return meeting.minutes if meeting.is_adopted else None


class DecisionSerializer(CamelCaseSerializer):
    _links = LinksField("api:decision-detail", {"meeting": ("api:meeting-detail", "meeting_id")})
    number = serializers.CharField(help_text="SG-YYYY-NNN, unique.")

    class Meta:
        model = Decision
        fields = [
            "_links",
            "id",
            "number",
            "year",
            "sequence",
            "decided_on",
            "text",
            "meeting",
            "workstreams",
        ]


class ActionSerializer(CamelCaseSerializer):
    _links = LinksField(
        "api:action-detail",
        {
            "workstream": ("api:workstream-detail", "workstream_id"),
            "decision": ("api:decision-detail", "decision_id"),
            "ownerOrganisation": ("api:organisation-detail", "owner_organisation_id"),
        },
    )
    isOverdue = serializers.BooleanField(source="is_overdue", help_text="Open and past due.")

    class Meta:
        model = Action
        fields = [
            "_links",
            "id",
            "title",
            "description",
            "owner_organisation",
            "workstream",
            "decision",
            "due_date",
            "status",
            "isOverdue",
        ]


class CommitmentSerializer(CamelCaseSerializer):
    _links = LinksField(
        "api:commitment-detail",
        {
            "council": ("api:organisation-detail", "council_id"),
            "workstream": ("api:workstream-detail", "workstream_id"),
        },
    )
    isOverdue = serializers.BooleanField(source="is_overdue", help_text="Open and past due.")

    class Meta:
        model = Commitment
        fields = [
            "_links",
            "id",
            "council",
            "made_by",
            "made_on",
            "text",
            "due_date",
            "status",
            "workstream",
            "isOverdue",
        ]


# --- Budget -------------------------------------------------------------------------------------


class YearTotalField(serializers.DecimalField):
    """One of the year's totals, from the budget app's own summary (context `year_totals`)."""

    def __init__(self, attribute: str, **kwargs):
        self.attribute = attribute
        super().__init__(max_digits=14, decimal_places=2, source="*", read_only=True, **kwargs)

    def to_representation(self, budget_year):
        summary = self.context["year_totals"].get(budget_year.year)
        value = getattr(summary, self.attribute) if summary else Decimal("0.00")
        return super().to_representation(value)


class BudgetYearSerializer(CamelCaseSerializer):
    _links = LinksField("api:budget-year-detail")
    total = YearTotalField("budget", help_text="Sum of the year's lines (euros).")
    committed = YearTotalField("committed", help_text="Committed, net of credits (euros).")
    spent = YearTotalField("spent", help_text="Spent, net of credits (euros).")

    class Meta:
        model = BudgetYear
        fields = [
            "_links",
            "id",
            "year",
            "allocation_method",
            "note",
            "total",
            "committed",
            "spent",
        ]


class BudgetLineSerializer(CamelCaseSerializer):
    _links = LinksField(
        "api:budget-line-detail", {"budgetYear": ("api:budget-year-detail", "budget_year_id")}
    )
    committed = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="Committed, net of credits (euros)."
    )
    spent = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="Spent, net of credits (euros)."
    )

    class Meta:
        model = BudgetLine
        fields = [
            "_links",
            "id",
            "budget_year",
            "position",
            "name",
            "original_amount",
            "amount",
            "is_contingency",
            "note",
            "committed",
            "spent",
        ]


class ShareSerializer(CamelCaseSerializer):
    _links = LinksField(
        "api:budget-share-detail",
        {
            "budgetYear": ("api:budget-year-detail", "budget_year_id"),
            "organisation": ("api:organisation-detail", "organisation_id"),
        },
    )

    class Meta:
        model = Share
        fields = ["_links", "id", "budget_year", "organisation", "amount", "member_days", "weight"]


# --- Maturity -----------------------------------------------------------------------------------


class MaturityRoundSerializer(CamelCaseSerializer):
    _links = LinksField("api:maturity-round-detail")
    submittedCount = serializers.IntegerField(
        source="submitted_count", help_text="How many organisations submitted their scores."
    )

    class Meta:
        model = AssessmentRound
        fields = ["_links", "id", "year", "name", "status", "quadrant_threshold", "submittedCount"]


class ScoreSerializer(serializers.Serializer):
    characteristic = serializers.CharField(help_text="Code of the characteristic.")
    name = serializers.CharField(help_text="Name of the characteristic (Dutch).")
    value = serializers.DecimalField(max_digits=4, decimal_places=2, help_text="Score, 1–5.")


QUADRANT_CHOICES = ["traditional", "futureReady", "integratedExperience", "industrialised"]


class OrganisationResultSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(help_text="Id of the organisation.")
    quadrant = serializers.ChoiceField(
        choices=QUADRANT_CHOICES, allow_null=True, help_text="Place in the quadrant."
    )
    quadrantLabel = serializers.CharField(allow_null=True, help_text="Dutch name of the quadrant.")
    customerExperience = serializers.DecimalField(
        max_digits=4, decimal_places=2, allow_null=True, help_text="Score on the first axis."
    )
    operationalEfficiency = serializers.DecimalField(
        max_digits=4, decimal_places=2, allow_null=True, help_text="Score on the second axis."
    )
    scores = ScoreSerializer(many=True)


class BenchmarkSerializer(serializers.Serializer):
    quadrant = serializers.ChoiceField(choices=QUADRANT_CHOICES, allow_null=True)
    quadrantLabel = serializers.CharField(allow_null=True)
    averages = ScoreSerializer(many=True)


class MaturityRoundDetailSerializer(MaturityRoundSerializer):
    results = OrganisationResultSerializer(
        many=True, help_text="One entry per submitted self-assessment; drafts never appear."
    )
    benchmark = BenchmarkSerializer()

    class Meta(MaturityRoundSerializer.Meta):
        fields = [*MaturityRoundSerializer.Meta.fields, "results", "benchmark"]


# --- Council reports ----------------------------------------------------------------------------


class CouncilReportSerializer(CamelCaseSerializer):
    _links = LinksField(
        "api:council-report-detail",
        {
            "council": ("api:organisation-detail", "council_id"),
            "download": ("api:council-report-download", "pk"),
        },
    )

    class Meta:
        model = CouncilReport
        fields = [
            "_links",
            "id",
            "council",
            "period_kind",
            "period_start",
            "period_end",
            "version",
            "superseded",
            "finished_at",
            "data_as_of",
            "sha256",
        ]
