from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from core.models import Organisation, Role, User, WorkerHeartbeat


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = [
        "short_name",
        "name",
        "kind",
        "has_council",
        "is_budget_participant",
        "membership_start",
        "membership_end",
    ]
    list_filter = ["kind", "has_council", "is_budget_participant"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    readonly_fields = ["version", "created_at", "updated_at"]


class PortalUserChangeForm(UserAdmin.form):
    roles = forms.TypedMultipleChoiceField(
        label=_("rollen"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta(UserAdmin.form.Meta):
        model = User


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    form = PortalUserChangeForm
    list_display = ["username", "first_name", "last_name", "organisation", "roles", "is_active"]
    list_filter = ["organisation", "is_active"]
    list_select_related = ["organisation"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (_("Portaal"), {"fields": ["organisation", "job_title", "roles", "language"]}),
    ]


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["pk", "created_at", "requested_by", "processed_at", "worker_hostname"]
