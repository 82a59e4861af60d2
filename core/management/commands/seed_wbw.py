from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from core import seed as core_seed

# Each app with a `seed` module may define `seed(organisations)` and `seed_demo(users)`;
# they run in this order, after the organisations (and, with --demo, the demo accounts).
SEEDING_APPS = ["governance", "budget", "maturity"]


def _app_seed_modules():
    modules = []
    for app in SEEDING_APPS:
        try:
            modules.append(import_module(f"{app}.seed"))
        except ModuleNotFoundError as error:
            if error.name != f"{app}.seed":
                raise
    return modules


class Command(BaseCommand):
    help = "Load the West-Brabant West collaboration (idempotent); --demo adds demo accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo", action="store_true", help="Also create one demo account per role."
        )

    @transaction.atomic
    def handle(self, *args, demo=False, **options):
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
