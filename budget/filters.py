import django_filters
from django.utils.translation import gettext_lazy as _

from budget.models import BudgetLine, Entry, EntryKind, EntryStatus
from core.filters import YesNoFilter


class EntryFilter(django_filters.FilterSet):
    line = django_filters.ModelChoiceFilter(
        label=_("Post"), queryset=BudgetLine.objects.none(), empty_label=_("Alle posten")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Soort"), choices=EntryKind.choices, empty_label=_("Alle soorten")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=EntryStatus.choices, empty_label=_("Alle statussen")
    )
    is_overrun = YesNoFilter(label=_("Alleen escalaties"), method="only_overruns")
    q = django_filters.CharFilter(label=_("Zoeken"), method="search")

    class Meta:
        model = Entry
        fields = ["line", "kind", "status"]

    def __init__(self, *args, budget_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["line"].queryset = BudgetLine.objects.filter(budget_year=budget_year)

    def only_overruns(self, queryset, name, value):
        return queryset.filter(is_overrun=True) if value else queryset

    def search(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(
            Q(description__icontains=value)
            | Q(supplier__icontains=value)
            | Q(reference__icontains=value)
        )
