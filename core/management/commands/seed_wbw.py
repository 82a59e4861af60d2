from django.core.management.base import BaseCommand
from django.db import transaction

from core import seed as core_seed
from governance import seed as governance_seed


class Command(BaseCommand):
    help = "Load the West-Brabant West collaboration (idempotent); --demo adds demo accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo", action="store_true", help="Also create one demo account per role."
        )

    @transaction.atomic
    def handle(self, *args, demo=False, **options):
        organisations = core_seed.seed_organisations()
        governance_seed.seed_governance(organisations)
        self.stdout.write(self.style.SUCCESS("Samenwerking West-Brabant West geladen."))
        if not demo:
            return
        password = core_seed.demo_password()
        users = {user.username: user for user in core_seed.seed_demo_accounts(password)}
        governance_seed.seed_governance_demo(users)
        self.stdout.write(self.style.SUCCESS("Demo-accounts (wachtwoord voor allemaal):"))
        for username, user in users.items():
            roles = ", ".join(user.get_roles_display())
            self.stdout.write(f"  {username:<14} {roles}")
        self.stdout.write(f"  wachtwoord:    {password}")
