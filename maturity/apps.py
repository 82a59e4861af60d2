from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaturityConfig(AppConfig):
    name = "maturity"
    verbose_name = _("Digitale volwassenheid")

    def ready(self):
        from core.imports.pipeline import register
        from maturity.imports import BenchmarkImporter, ScoresImporter

        register(ScoresImporter)
        register(BenchmarkImporter)
