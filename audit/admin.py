from django.contrib import admin

from audit.models import AuditViewing


@admin.register(AuditViewing)
class AuditViewingAdmin(admin.ModelAdmin):
    """Read-only: who opened or exported the audit pages."""

    list_display = ["viewed_at", "viewer", "page", "exported", "query"]
    list_filter = ["page", "exported"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
