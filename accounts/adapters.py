"""django-allauth adapters: how the portal signs people in.

Local accounts (demo and break-glass) are created by a beheerder only: nobody signs up. A
single sign-on login is matched to a user of the provider's organisation by verified e-mail,
or provisioned into that organisation with no roles; roles stay in the portal.
"""

import logging
import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from accounts.mfa import may_remove_totp
from core.models import Organisation, User

logger = logging.getLogger(__name__)

LOGIN_BACKEND = "core.backends.RoleModelBackend"


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": _(
            "Deze combinatie van gebruikersnaam en wachtwoord is niet bekend. Let op: "
            "het wachtwoord is hoofdlettergevoelig."
        ),
    }

    def is_open_for_signup(self, request):
        return False  # local accounts come from a beheerder

    def is_reauthentication_required(self, *, app, **kwargs):
        # Setting up MFA right after signing in (the forced setup) does not ask for the
        # password a second time: a password login within the reauthentication window counts.
        required = super().is_reauthentication_required(app=app, **kwargs)
        if required and app == "allauth.mfa" and context.request is not None:
            return not signed_in_with_password_recently(context.request)
        return required

    def login(self, request, user):
        # django-axes' backend comes first in AUTHENTICATION_BACKENDS but cannot load a user;
        # the session must remember the portal's own backend.
        if not hasattr(user, "backend"):
            user.backend = LOGIN_BACKEND
        super().login(request, user)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return True  # provisioning into the provider's organisation, with no roles

    def organisation_of(self, sociallogin) -> Organisation | None:
        slug = sociallogin.provider.app.settings.get("organisation")
        return Organisation.objects.filter(slug=slug).first() if slug else None

    def authenticate_by_email(self, sociallogin):
        """Match a verified address to a user of the provider's own organisation only.

        One municipality's identity provider must never sign someone in as a user of another
        organisation, whatever address it asserts.
        """
        organisation = self.organisation_of(sociallogin)
        if organisation is None:
            return None
        for address in sociallogin.email_addresses:
            if not address.verified:
                continue
            matches = list(
                User.objects.filter(organisation=organisation, email__iexact=address.email)[:2]
            )
            if len(matches) == 1:  # an ambiguous address matches nobody
                return matches[0], address.email
        return None

    def pre_social_login(self, request, sociallogin):
        organisation = self.organisation_of(sociallogin)
        if organisation is None:
            logger.warning(
                "SSO login refused: provider %s names no known organisation",
                sociallogin.provider.app.provider_id,
            )
            raise ImmediateHttpResponse(
                _sso_refusal(request, _("Deze inlogdienst hoort bij geen bekende organisatie."))
            )
        user = sociallogin.user
        if sociallogin.is_existing and user.organisation_id != organisation.pk:
            logger.warning(
                "SSO login refused: user %s is not of organisation %s", user.pk, organisation.slug
            )
            raise ImmediateHttpResponse(
                _sso_refusal(
                    request,
                    _("Uw account in het portaal hoort niet bij %(organisation)s.")
                    % {"organisation": organisation.name},
                )
            )

        if not sociallogin.is_existing:
            addresses = {address.email for address in sociallogin.email_addresses}
            taken = [a for a in addresses if a and User.objects.filter(email__iexact=a).exists()]
            if taken:
                # Not verified, or the account of another organisation: never a second account
                # with the same address, and never a silent takeover.
                logger.warning("SSO login refused: address already used by another account")
                raise ImmediateHttpResponse(
                    _sso_refusal(
                        request,
                        _(
                            "Er bestaat al een account met het e-mailadres %(email)s dat niet "
                            "via %(organisation)s inlogt. Vraag de beheerder om het te koppelen."
                        )
                        % {"email": taken[0], "organisation": organisation.name},
                    )
                )

    def save_user(self, request, sociallogin, form=None):
        user = sociallogin.user
        user.organisation = self.organisation_of(sociallogin)
        user.roles = []
        user = super().save_user(request, sociallogin, form)
        logger.info("SSO provisioned user %s into organisation %s", user.pk, user.organisation.slug)
        return user

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        logger.warning(
            "SSO login failed at provider %s: %s %s",
            getattr(provider.app, "provider_id", provider.id),
            error,
            type(exception).__name__ if exception else "",
        )


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Voor uw rol is tweestapsverificatie verplicht; u kunt die niet uitschakelen."
        ),
    }

    def can_delete_authenticator(self, authenticator):
        return may_remove_totp(authenticator.user)


def signed_in_with_password_recently(request) -> bool:
    if not request.user.is_authenticated:
        return False
    records = get_authentication_records(request, request.user)
    window = account_settings.REAUTHENTICATION_TIMEOUT
    return any(
        record.get("method") == "password" and time.time() - record.get("at", 0) < window
        for record in records
    )


def _sso_refusal(request, reason):
    return render(request, "socialaccount/refused.html", {"reason": reason}, status=403)
