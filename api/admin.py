from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from api import services
from api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Beheerders see every token and revoke them; tokens are made by their owners only."""

    list_display = ["name", "user", "prefix", "expires_on", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at", "expires_on"]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__username", "user__last_name"]
    readonly_fields = [
        "user",
        "name",
        "prefix",
        "scope",
        "expires_on",
        "last_used_at",
        "revoked_at",
        "revoked_by",
        "created_at",
        "updated_at",
    ]
    exclude = ["key_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the token's history stays

    @admin.action(description=_("Geselecteerde tokens intrekken"))
    def revoke(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            if request.user.has_perm("api.revoke_token", token):
                services.api_token_revoke(token=token, acting_user=request.user)
                count += 1
        self.message_user(
            request,
            ngettext("%(n)d token ingetrokken.", "%(n)d tokens ingetrokken.", count) % {"n": count},
            messages.SUCCESS,
        )
