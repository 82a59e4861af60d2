from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Inloggen en tweestapsverificatie")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts.middleware import mark_session_active

        def session_starts_active(sender, request, user, **kwargs):
            mark_session_active(request.session)

        user_logged_in.connect(
            session_starts_active, weak=False, dispatch_uid="accounts_session_active"
        )
