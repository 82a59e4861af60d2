"""Single sign-on per organisation: django-allauth OpenID Connect apps from the environment.

    SSO_ORGANISATIONS=roosendaal,tholen             organisation slugs with their own provider
    SSO_ROOSENDAAL_ISSUER=https://login.microsoftonline.com/<tenant>/v2.0
    SSO_ROOSENDAAL_CLIENT_ID=...
    SSO_ROOSENDAAL_CLIENT_SECRET=...                the secret never lives in the database
    SSO_ROOSENDAAL_LABEL=Gemeente Roosendaal        optional: the button's text
    SSO_ROOSENDAAL_EMAIL_DOMAINS=roosendaal.nl      optional: trust addresses in these domains as
                                                    verified (Entra ID sends no email_verified)

The app's provider_id is the organisation's slug; a user who signs in through it belongs to that
organisation (accounts.adapters). The issuer is pinned: an ID token from any other issuer is
refused, whatever the provider's discovery document says.
"""

import re
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured


def _prefix(slug: str) -> str:
    return "SSO_" + re.sub(r"[^A-Z0-9]", "_", slug.upper()) + "_"


def provider_apps(env: environ.Env) -> list[dict]:
    """allauth's `SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]`, one per organisation."""
    apps = []
    for slug in env.list("SSO_ORGANISATIONS", default=[]):
        prefix = _prefix(slug)
        values = {}
        for name in ("ISSUER", "CLIENT_ID", "CLIENT_SECRET"):
            value = env(prefix + name, default="")
            if not value:
                raise ImproperlyConfigured(
                    f"{prefix}{name} is not set (SSO_ORGANISATIONS names '{slug}')."
                )
            values[name] = value
        issuer = values["ISSUER"]
        settings = {
            "server_url": issuer.rstrip("/"),
            "organisation": slug,
            "oauth_pkce_enabled": True,
            # Pin the issuer, exactly as configured: allauth checks the ID token's `iss` with it.
            "openid_configuration_overrides": {"issuer": issuer},
            "email_authentication": True,
        }
        domains = env.list(prefix + "EMAIL_DOMAINS", default=[])
        if domains:
            settings["verified_email"] = [domain.lower() for domain in domains]
        apps.append(
            {
                "provider_id": slug,
                "name": env(prefix + "LABEL", default="") or slug,
                "client_id": values["CLIENT_ID"],
                "secret": values["CLIENT_SECRET"],
                "settings": settings,
            }
        )
    return apps


def form_action_origins(apps: list[dict]) -> list[str]:
    """Origins the sign-in buttons' form may lead to: the CSP's form-action must allow them.

    The button posts to the portal, which redirects to the provider; browsers apply form-action
    to that redirect too.
    """
    origins = set()
    for app in apps:
        parts = urlsplit(app["settings"]["server_url"])
        origins.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(origins)
