"""The MFA policy: who must use TOTP, and when.

With WBW_MFA=required, stuurgroepleden, kwartiermakers and beheerders who signed in with a
local password must have an authenticator app before they reach any page. A login through
their organisation's identity provider (single sign-on) leaves MFA to that provider.
"""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings

from core.models import Role

MFA_ROLES = frozenset({Role.STUURGROEPLID, Role.KWARTIERMAKER, Role.BEHEERDER})
# Remembered per session once the user has TOTP: no query on every request.
_VERIFIED_SESSION_KEY = "wbw_mfa_present"


def mfa_is_required() -> bool:
    return settings.WBW_MFA == "required"


def holds_mfa_role(user) -> bool:
    return bool(MFA_ROLES.intersection(user.roles or ()))


def signed_in_with_sso(request) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "socialaccount" for record in records)


def has_totp(user) -> bool:
    return is_mfa_enabled(user, [Authenticator.Type.TOTP])


def must_set_up_totp(request) -> bool:
    """The signed-in user must activate TOTP before using the portal."""
    user = request.user
    if not (mfa_is_required() and user.is_authenticated and holds_mfa_role(user)):
        return False
    if request.session.get(_VERIFIED_SESSION_KEY) == user.pk or signed_in_with_sso(request):
        return False
    if has_totp(user):
        request.session[_VERIFIED_SESSION_KEY] = user.pk
        return False
    return True


def may_remove_totp(user) -> bool:
    """Users whose role requires MFA cannot switch it off themselves (a beheerder can)."""
    return not (mfa_is_required() and holds_mfa_role(user))
