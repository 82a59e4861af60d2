from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("E-mailmeldingen")

    def ready(self):
        # The events register themselves on import.
        from notifications import action_needed, events  # noqa: F401

        # Mails that could not be sent, under 'Actie nodig' on the home page.
        action_needed.register()
