from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("E-mailmeldingen")

    def ready(self):
        from notifications import events  # noqa: F401  (the events register themselves)
