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


class IntegerFilter(django_filters.Filter):
    """An id or a year: a whole number from 1 (a decimal or a word is a 400, not a silent match)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)  # PostgreSQL's bigint
        super().__init__(*args, **kwargs)


class IsoDateFilter(django_filters.DateFilter):
    """A date as YYYY-MM-DD only (ADR: ISO 8601), not the portal's Dutch input formats."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        super().__init__(*args, **kwargs)


class OrganisationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices)
    hasCouncil = django_filters.BooleanFilter(field_name="has_council")
    isBudgetParticipant = django_filters.BooleanFilter(field_name="is_budget_participant")

    class Meta:
        model = Organisation
        fields = []


class StatusReportFilter(django_filters.FilterSet):
    workstream = IntegerFilter(field_name="workstream_id")
    overallStatus = django_filters.ChoiceFilter(
        field_name="overall_status", choices=OverallStatus.choices
    )
    periodEndFrom = IsoDateFilter(field_name="period_end", lookup_expr="gte")

    class Meta:
        model = StatusReport
        fields = []


class MilestoneFilter(django_filters.FilterSet):
    workstream = IntegerFilter(field_name="workstream_id")
    status = django_filters.ChoiceFilter(choices=MilestoneStatus.choices)
    dueFrom = IsoDateFilter(field_name="due_date", lookup_expr="gte")
    dueUntil = IsoDateFilter(field_name="due_date", lookup_expr="lte")

    class Meta:
        model = Milestone
        fields = []


class MeetingFilter(django_filters.FilterSet):
    heldFrom = IsoDateFilter(field_name="held_on", lookup_expr="gte")
    heldUntil = IsoDateFilter(field_name="held_on", lookup_expr="lte")

    class Meta:
        model = Meeting
        fields = []


class DecisionFilter(django_filters.FilterSet):
    year = IntegerFilter(field_name="year")
    meeting = IntegerFilter(field_name="meeting_id")
    workstream = IntegerFilter(field_name="workstreams", distinct=True)

    class Meta:
        model = Decision
        fields = []


class ActionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices)
    workstream = IntegerFilter(field_name="workstream_id")
    ownerOrganisation = IntegerFilter(field_name="owner_organisation_id")

    class Meta:
        model = Action
        fields = []


class CommitmentFilter(django_filters.FilterSet):
    council = IntegerFilter(field_name="council_id")
    status = django_filters.ChoiceFilter(choices=CommitmentStatus.choices)
    workstream = IntegerFilter(field_name="workstream_id")
    dueUntil = IsoDateFilter(field_name="due_date", lookup_expr="lte")

    class Meta:
        model = Commitment
        fields = []


class BudgetLineFilter(django_filters.FilterSet):
    year = IntegerFilter(field_name="budget_year__year")

    class Meta:
        model = BudgetLine
        fields = []


class ShareFilter(django_filters.FilterSet):
    year = IntegerFilter(field_name="budget_year__year")
    organisation = IntegerFilter(field_name="organisation_id")

    class Meta:
        model = Share
        fields = []


class CouncilReportFilter(django_filters.FilterSet):
    council = IntegerFilter(field_name="council_id")
    superseded = django_filters.BooleanFilter()
    periodStartFrom = IsoDateFilter(field_name="period_start", lookup_expr="gte")

    class Meta:
        model = CouncilReport
        fields = []
