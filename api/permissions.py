"""The API asks the portal's own rules: a view names the rule of the matching page."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from api.models import ApiToken, TokenScope


class PortalRule(BasePermission):
    """A valid read token, and the page-level rule the view names in `permission_rule`.

    Which rows the user then sees is the models' scope (`visible_to(user)`), not this class.
    """

    message = _("Uw rol geeft geen toegang tot dit onderdeel.")

    def has_permission(self, request, view) -> bool:
        if getattr(view, "public", False):
            return True
        token = request.auth
        if not isinstance(token, ApiToken):
            return False  # DRF turns this into 401: no credentials were given
        if token.scope != TokenScope.READ:
            return False  # the only scope there is; the views themselves are read-only
        rule = getattr(view, "permission_rule", None)
        return rule is None or request.user.has_perm(rule)
