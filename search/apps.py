from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_triggers(using, **kwargs):
    from search import triggers

    triggers.sync(using)


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Zoeken")

    def ready(self):
        from search import rules  # noqa: F401

        # After every `migrate` (and every test database flush): the documents' triggers match
        # the kinds the apps registered in their own ready().
        post_migrate.connect(_sync_triggers, sender=self, dispatch_uid="search.sync_triggers")
