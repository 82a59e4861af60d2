from django.contrib import admin

from governance.models import SteeringGroupSeat, Workstream


@admin.register(Workstream)
class WorkstreamAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "lead_organisation", "lead_description"]
    readonly_fields = ["version", "created_at", "updated_at"]


@admin.register(SteeringGroupSeat)
class SteeringGroupSeatAdmin(admin.ModelAdmin):
    list_display = ["organisation", "function_title", "member"]
    list_select_related = ["organisation", "member"]
