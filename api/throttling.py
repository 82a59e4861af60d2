"""Throttling per token (per address for the public documents), in Django's cache."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self):
        # Read at request time, so the setting (API_THROTTLE_RATE) can be changed in tests.
        return settings.API_THROTTLE_RATE

    def get_cache_key(self, request, view):
        token = request.auth
        # The hash (not the id) identifies the token: ids restart in a recreated database,
        # while the counts stay in a shared cache.
        ident = token.key_hash[:32] if isinstance(token, ApiToken) else self.get_ident(request)
        return f"api-throttle:{ident}"
