from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self):
        # Registers the API's rules (personal tokens) with django-rules.
        # Registers the OpenAPI extension for the token authentication.
        from api import (
            rules,  # noqa: F401
            schema,  # noqa: F401
        )
