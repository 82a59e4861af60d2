from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from core import seed as core_seed


def _app_seed_modules():
    """Every installed app's `seed` module, in INSTALLED_APPS order (after core's own).

    A module may define `seed(organisations)` and `seed_demo(users)`; they run after the
    organisations (and, with --demo, the demo accounts) exist.
    """
    return [
        import_module(f"{config.name}.seed")
        for config in apps.get_app_configs()
        if config.name != "core"
        and Path(config.path).parent == Path(settings.BASE_DIR)  # the portal's own apps
        and module_has_submodule(config.module, "seed")
    ]


class Command(BaseCommand):
    help = "Load the West-Brabant West collaboration (idempotent); --demo adds demo accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo", action="store_true", help="Also create one demo account per role."
        )

    def handle(self, *args, demo=False, **options):
        # Nothing is announced while the seed loads; the transaction commits inside loading().
        with core_seed.loading(), transaction.atomic():
            self._load(demo=demo)

    def _load(self, *, demo):
        modules = _app_seed_modules()
        organisations = core_seed.seed_organisations()
        for module in modules:
            if hasattr(module, "seed"):
                module.seed(organisations)
        self.stdout.write(self.style.SUCCESS("Samenwerking West-Brabant West geladen."))
        if not demo:
            return
        password = core_seed.demo_password()
        users = {user.username: user for user in core_seed.seed_demo_accounts(password)}
        for module in modules:
            if hasattr(module, "seed_demo"):
                module.seed_demo(users)
        self.stdout.write(self.style.SUCCESS("Demo-accounts (wachtwoord voor allemaal):"))
        for username, user in users.items():
            roles = ", ".join(user.get_roles_display())
            self.stdout.write(f"  {username:<14} {roles}")
        self.stdout.write(f"  wachtwoord:    {password}")
