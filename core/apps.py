from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "core"
    verbose_name = _("Organisaties en gebruikers")

    def ready(self):
        from django.db.models.signals import post_migrate

        from core.caching import install_triggers_after_migrate
        from core.forms import install_date_validation, install_text_validation

        # No text field of any form takes a control character, no date field a date outside
        # the years 1900-2199 (core.forms).
        install_text_validation()
        install_date_validation()

        # The data-version triggers behind the page caches, on every table (core.caching).
        post_migrate.connect(install_triggers_after_migrate, sender=self)


class CoreAdminConfig(admin_apps.AdminConfig):
    """The Django admin, open only to beheerders (see core.admin_site)."""

    default = False
    default_site = "core.admin_site.BeheerAdminSite"
