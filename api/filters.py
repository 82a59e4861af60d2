"""Filters of the API (django-filter), with lowerCamelCase query keys; unknown keys are a 400."""

import django_filters
from django import forms
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

from budget.models import BudgetLine, Share
from core.models import Organisation, OrganisationKind
from governance.models import (
    Action,
    ActionStatus,
    Commitment,
    CommitmentStatus,
    Decision,
    Meeting,
    Milestone,
    MilestoneStatus,
    OverallStatus,
    StatusReport,
)
from reports.models import CouncilReport


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter's backend that refuses query keys it does not know (ADR: no silent ignore)."""

    def filter_queryset(self, request, queryset, view):
        allowed = set()
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            allowed |= set(filterset_class.base_filters)
        paginator = getattr(view, "paginator", None)
        if paginator is not None and getattr(view, "action", None) == "list":
            allowed |= {paginator.page_query_param, paginator.page_size_query_param}
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            raise ValidationError({name: [_("Onbekende parameter.")] for name in unknown})
        return super().filter_queryset(request, queryset, view)


def _documented(filter_, schema: dict) -> None:
    """Give the OpenAPI schema of this filter here (with its help text as description), so the
    schema generator need not inspect the model field: for a relation it would query it."""
    description = filter_.extra.get("help_text")
    filter_._spectacular_annotation = {
        "field": {**schema, **({"description": str(description)} if description else {})}
    }


class IntegerFilter(django_filters.Filter):
    """An id or a year: a whole number from 1 (a decimal or a word is a 400, not a silent match)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)  # PostgreSQL's bigint
        super().__init__(*args, **kwargs)
        _documented(self, {"type": "integer", "minimum": 1})


class IsoDateFilter(django_filters.DateFilter):
    """A date as YYYY-MM-DD only (ADR: ISO 8601), not the portal's Dutch input formats."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        super().__init__(*args, **kwargs)
        _documented(self, {"type": "string", "format": "date"})


class OrganisationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=OrganisationKind.choices, help_text="Kind of organisation."
    )
    hasCouncil = django_filters.BooleanFilter(
        field_name="has_council", help_text="Municipalities with a council."
    )
    isBudgetParticipant = django_filters.BooleanFilter(
        field_name="is_budget_participant", help_text="Participants in the shared budget."
    )

    class Meta:
        model = Organisation
        fields = []


class StatusReportFilter(django_filters.FilterSet):
    workstream = IntegerFilter(field_name="workstream_id", help_text="Id of a workstream.")
    overallStatus = django_filters.ChoiceFilter(
        field_name="overall_status", choices=OverallStatus.choices
    )
    periodEndFrom = IsoDateFilter(
        field_name="period_end", lookup_expr="gte", help_text="Period ending on or after."
    )

    class Meta:
        model = StatusReport
        fields = []


class MilestoneFilter(django_filters.FilterSet):
    workstream = IntegerFilter(field_name="workstream_id", help_text="Id of a workstream.")
    status = django_filters.ChoiceFilter(choices=MilestoneStatus.choices)
    dueFrom = IsoDateFilter(field_name="due_date", lookup_expr="gte", help_text="Due on or after.")
    dueUntil = IsoDateFilter(
        field_name="due_date", lookup_expr="lte", help_text="Due on or before."
    )

    class Meta:
        model = Milestone
        fields = []


class MeetingFilter(django_filters.FilterSet):
    heldFrom = IsoDateFilter(field_name="held_on", lookup_expr="gte", help_text="Held on or after.")
    heldUntil = IsoDateFilter(
        field_name="held_on", lookup_expr="lte", help_text="Held on or before."
    )

    class Meta:
        model = Meeting
        fields = []


class DecisionFilter(django_filters.FilterSet):
    year = IntegerFilter(field_name="year", help_text="Year of the decision.")
    meeting = IntegerFilter(field_name="meeting_id", help_text="Id of a meeting.")
    workstream = IntegerFilter(
        field_name="workstreams", distinct=True, help_text="Id of a workstream concerned."
    )

    class Meta:
        model = Decision
        fields = []


class ActionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices)
    workstream = IntegerFilter(field_name="workstream_id", help_text="Id of a workstream.")
    ownerOrganisation = IntegerFilter(
        field_name="owner_organisation_id", help_text="Id of the organisation that owns it."
    )

    class Meta:
        model = Action
        fields = []


class CommitmentFilter(django_filters.FilterSet):
    council = IntegerFilter(field_name="council_id", help_text="Id of the council (organisation).")
    status = django_filters.ChoiceFilter(choices=CommitmentStatus.choices)
    workstream = IntegerFilter(field_name="workstream_id", help_text="Id of a workstream.")
    dueUntil = IsoDateFilter(
        field_name="due_date", lookup_expr="lte", help_text="Due on or before."
    )

    class Meta:
        model = Commitment
        fields = []


class BudgetLineFilter(django_filters.FilterSet):
    year = IntegerFilter(field_name="budget_year__year", help_text="Budget year, e.g. 2025.")

    class Meta:
        model = BudgetLine
        fields = []


class ShareFilter(django_filters.FilterSet):
    year = IntegerFilter(field_name="budget_year__year", help_text="Budget year, e.g. 2025.")
    organisation = IntegerFilter(field_name="organisation_id", help_text="Id of the participant.")

    class Meta:
        model = Share
        fields = []


class CouncilReportFilter(django_filters.FilterSet):
    council = IntegerFilter(field_name="council_id", help_text="Id of the council (organisation).")
    superseded = django_filters.BooleanFilter(
        help_text="false: only the latest version of each council and period."
    )
    periodStartFrom = IsoDateFilter(
        field_name="period_start", lookup_expr="gte", help_text="Period starting on or after."
    )

    class Meta:
        model = CouncilReport
        fields = []
