from django.contrib import admin

from budget.models import AllocationWeight, BudgetLine, BudgetYear


class AllocationWeightInline(admin.TabularInline):
    model = AllocationWeight
    extra = 0


@admin.register(BudgetYear)
class BudgetYearAdmin(admin.ModelAdmin):
    """Years and their allocation key; line amounts change only through approved changes."""

    list_display = ["year", "allocation_method"]
    inlines = [AllocationWeightInline]
    readonly_fields = ["version", "created_at", "updated_at"]


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["name", "budget_year", "amount", "original_amount", "is_contingency"]
    list_filter = ["budget_year"]
    readonly_fields = ["amount", "version", "created_at", "updated_at"]
