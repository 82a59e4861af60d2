from django.contrib import admin
from django.db import models

from governance.models import (
    Action,
    Commitment,
    Decision,
    Meeting,
    Milestone,
    RegionalFunction,
    RegisterAccessGrant,
    Risk,
    RoleAssignment,
    ScopeItem,
    StatusReport,
    SteeringGroupSeat,
    Workstream,
)

READ_ONLY = ["version", "created_at", "updated_at"]
# A web address typed without a scheme is taken as https://, as in the portal's meeting form
# (and Django 6's default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class ScopeItemInline(admin.TabularInline):
    model = ScopeItem
    extra = 0


@admin.register(Workstream)
class WorkstreamAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "lead_organisation", "lead_description", "lead_user"]
    readonly_fields = READ_ONLY
    inlines = [ScopeItemInline]


@admin.register(SteeringGroupSeat)
class SteeringGroupSeatAdmin(admin.ModelAdmin):
    list_display = ["organisation", "function_title", "member"]
    list_select_related = ["organisation", "member"]


@admin.register(StatusReport)
class StatusReportAdmin(admin.ModelAdmin):
    """Reports are written in the portal; a published one is frozen by the database."""

    list_display = ["workstream", "period_end", "overall_status", "state", "published_at"]
    list_filter = ["state", "overall_status", "workstream"]
    list_select_related = ["workstream"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.is_published


@admin.register(RegisterAccessGrant)
class RegisterAccessGrantAdmin(admin.ModelAdmin):
    list_display = ["user", "reason", "valid_until"]
    list_select_related = ["user"]
    readonly_fields = READ_ONLY


@admin.register(RegionalFunction)
class RegionalFunctionAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    readonly_fields = READ_ONLY


for model, columns in [
    (Milestone, ["title", "workstream", "due_date", "status"]),
    (Meeting, ["held_on", "title", "minutes_state"]),
    (Decision, ["__str__", "decided_on", "meeting"]),
    (Action, ["title", "owner", "due_date", "status"]),
    (Commitment, ["council", "due_date", "status"]),
    (Risk, ["title", "workstream", "score", "status"]),
    (RoleAssignment, ["person_name", "function", "organisation", "hours_per_week"]),
]:
    admin.site.register(
        model,
        type(
            f"{model.__name__}Admin",
            (admin.ModelAdmin,),
            {
                "list_display": columns,
                "readonly_fields": READ_ONLY,
                "formfield_overrides": HTTPS_URLS,
            },
        ),
    )
