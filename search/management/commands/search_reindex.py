from django.core.management.base import BaseCommand

from search import triggers


class Command(BaseCommand):
    help = "Reinstall the search triggers and rebuild every search document from the records."

    def handle(self, *args, **options):
        kinds = triggers.sync(force=True)
        self.stdout.write(f"Zoekindex opnieuw opgebouwd voor: {', '.join(kinds) or '-'}")
