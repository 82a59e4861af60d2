import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import YesNoFilter
from core.models import Organisation
from governance.models import (
    Action,
    ActionStatus,
    AgendaState,
    Commitment,
    Decision,
    Meeting,
    Milestone,
    MinutesState,
    Risk,
    StatusReport,
    Workstream,
)


class WorkstreamFilterMixin(django_filters.FilterSet):
    workstream = django_filters.ModelChoiceFilter(
        queryset=Workstream.objects.order_by("number"),
        label=_("Werkstroom"),
        empty_label=_("Alle"),
    )


class StatusReportFilter(WorkstreamFilterMixin):
    class Meta:
        model = StatusReport
        fields = ["workstream", "overall_status", "state"]


class MilestoneFilter(WorkstreamFilterMixin):
    class Meta:
        model = Milestone
        fields = ["workstream", "status"]


class DecisionFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Jaar"))
    text = django_filters.CharFilter(lookup_expr="icontains", label=_("Tekst bevat"))

    class Meta:
        model = Decision
        fields = ["year", "text"]


class ActionFilter(WorkstreamFilterMixin):
    open_only = YesNoFilter(label=_("Alleen open acties"), method="filter_open_only")

    class Meta:
        model = Action
        fields = ["workstream", "status"]

    def filter_open_only(self, queryset, name, value):
        if value:
            return queryset.filter(status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS])
        return queryset


class CommitmentFilter(WorkstreamFilterMixin):
    council = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.with_council(), label=_("Raad"), empty_label=_("Alle")
    )

    class Meta:
        model = Commitment
        fields = ["council", "workstream", "status"]


class RiskFilter(WorkstreamFilterMixin):
    programme_wide = YesNoFilter(
        label=_("Alleen programmabrede risico's"), method="filter_programme_wide"
    )
    min_score = django_filters.NumberFilter(
        field_name="score", lookup_expr="gte", label=_("Score minimaal")
    )

    class Meta:
        model = Risk
        fields = ["workstream", "status"]

    def filter_programme_wide(self, queryset, name, value):
        return queryset.filter(Q(workstream__isnull=True)) if value else queryset


class MeetingFilter(django_filters.FilterSet):
    agenda_state = django_filters.ChoiceFilter(
        choices=AgendaState.choices, label=_("Stand van de agenda"), empty_label=_("Alle")
    )
    minutes_state = django_filters.ChoiceFilter(
        choices=MinutesState.choices, label=_("Stand van het verslag"), empty_label=_("Alle")
    )

    class Meta:
        model = Meeting
        fields = ["agenda_state", "minutes_state"]
