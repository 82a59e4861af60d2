from django.contrib import admin

from notifications.models import NotificationLog, NotificationPreference


@admin.register(NotificationLog)
class NotificationLogAdmin(admin.ModelAdmin):
    """Every mail the portal sent or tried to send; failed ones also on /meldingen/mislukt/."""

    list_display = ["created_at", "event", "recipient", "state", "attempts", "sent_at"]
    list_filter = ["state", "event"]
    list_select_related = ["recipient"]
    search_fields = ["key", "recipient__username", "recipient__email", "subject"]
    readonly_fields = [field.name for field in NotificationLog._meta.fields]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("context", "attachments")


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "group", "delivery", "updated_at"]
    list_filter = ["group", "delivery"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
