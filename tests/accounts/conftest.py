import copy
import json

import pytest

_PROVIDERS = pytest.StashKey[dict]()


def _providers_of_module(request) -> dict:
    """The module's running providers by configuration: starting one (node, oidc-provider, an
    RSA key) costs about a second of CPU, so tests that configure the same provider share it.
    Each test still signs in afresh, in a browser session of its own. Stopped after the module."""
    module = request.node.getparent(pytest.Module)
    providers = module.stash.get(_PROVIDERS, None)
    if providers is None:
        providers = module.stash[_PROVIDERS] = {}

        def stop_all():
            for provider in providers.values():
                provider.stop()

        module.addfinalizer(stop_all)
    return providers


@pytest.fixture
def sso(settings, db, request):
    """sso(organisation, accounts=..., **provider_options) -> a running OpenID Connect provider.

    The portal is configured for it exactly as in production (wbw_portal.sso, from environment
    variables), with the organisation's slug as provider id.
    """
    import environ

    from tests import npm
    from tests.conftest import skip_or_fail
    from tests.oidc import provider as oidc
    from wbw_portal.sso import form_action_origins, provider_apps

    reason = npm.ensure_installed()
    if reason:
        skip_or_fail(reason)
    running = _providers_of_module(request)

    def configure(
        organisation,
        *,
        accounts,
        base_url="http://testserver",
        configured_issuer=None,
        **options,
    ):
        callback = f"{base_url}/account/oidc/{organisation.slug}/login/callback/"
        key = json.dumps([callback, accounts, options], sort_keys=True)
        provider = running.get(key)
        if provider is None or provider.process.poll() is not None:
            provider = running[key] = oidc.start(
                redirect_uris=[callback], accounts=accounts, **options
            )
        prefix = "SSO_" + organisation.slug.upper().replace("-", "_") + "_"
        env = environ.Env()
        env.ENVIRON = {
            "SSO_ORGANISATIONS": organisation.slug,
            prefix + "ISSUER": configured_issuer(provider)
            if configured_issuer
            else provider.issuer,
            prefix + "CLIENT_ID": provider.client_id,
            prefix + "CLIENT_SECRET": provider.client_secret,
            prefix + "LABEL": organisation.name,
        }
        apps = provider_apps(env)
        settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": apps}}
        csp = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
        csp["DIRECTIVES"]["form-action"] = ["'self'", *form_action_origins(apps)]
        settings.CONTENT_SECURITY_POLICY = csp
        return provider

    return configure
