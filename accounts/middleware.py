import time

from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.mfa import must_set_up_totp

# Reachable while TOTP still has to be set up: the setup itself, the recovery codes it shows,
# the password step allauth may ask first, signing out and the language switch.
ALLOWED_URL_NAMES = (
    "mfa_activate_totp",
    "mfa_view_recovery_codes",
    "mfa_download_recovery_codes",
    "account_reauthenticate",
    "logout",
    "account_logout",
    "set_language",
)


class MFARequiredMiddleware:
    """Sends users whose role requires MFA to the TOTP setup until they have done it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed_paths = None

    def allowed_paths(self) -> set[str]:
        if self._allowed_paths is None:
            self._allowed_paths = {reverse(name) for name in ALLOWED_URL_NAMES}
        return self._allowed_paths

    def __call__(self, request):
        if (
            request.path not in self.allowed_paths()
            and not request.path.startswith("/static/")
            and must_set_up_totp(request)
        ):
            messages.warning(
                request,
                _(
                    "Voor uw rol is tweestapsverificatie verplicht. Stel eerst een "
                    "authenticator-app in; daarna gaat u verder naar het portaal."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


# The session's expiry moves on with activity, but at most once a minute: Django's
# SESSION_SAVE_EVERY_REQUEST would write the session row on every page (three queries).
IDLE_TOUCH_SECONDS = 60
_TOUCHED_KEY = "wbw_idle_touched"


def mark_session_active(session) -> None:
    """Record activity now; the session is saved with a fresh expiry (SESSION_COOKIE_AGE)."""
    session[_TOUCHED_KEY] = int(time.time())


class IdleTimeoutMiddleware:
    """Ends sessions idle for SESSION_IDLE_TIMEOUT_MINUTES (the session's expiry age)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        # Only a session someone signed in with: an API request is authenticated by its token
        # and must not start a session (and a cookie) of its own.
        if (
            session is not None
            and user is not None
            and user.is_authenticated
            and SESSION_KEY in session
        ):
            touched = session.get(_TOUCHED_KEY, 0)
            if time.time() - touched >= IDLE_TOUCH_SECONDS:
                mark_session_active(session)
        return response
