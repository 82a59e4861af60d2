"""`Authorization: Bearer <token>` with a personal API token; no sessions, no cookies."""

from django.utils.translation import gettext as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from api import selectors, services


class ApiTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None  # no token: the permission check answers 401
        if len(parts) != 2:
            raise AuthenticationFailed(_("Geef het token mee als 'Authorization: Bearer <token>'."))
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise AuthenticationFailed(_("Dit token is onbekend.")) from error
        token = selectors.api_token_for_key(raw)
        if token is None:
            raise AuthenticationFailed(_("Dit token is onbekend."))
        if token.is_revoked:
            raise AuthenticationFailed(_("Dit token is ingetrokken."))
        if token.is_expired:
            raise AuthenticationFailed(_("Dit token is verlopen; maak een nieuw token aan."))
        if not token.user.is_active:
            raise AuthenticationFailed(_("Het account van dit token is niet actief."))
        services.api_token_record_use(token=token)
        return token.user, token

    def authenticate_header(self, request):
        # Makes DRF answer 401 (not 403) when the token is missing or refused.
        return 'Bearer realm="api"'
