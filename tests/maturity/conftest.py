import pytest
from django.core.management import call_command


@pytest.fixture
def demo_seeded(db):
    """The collaboration with the maturity questionnaire and the demo rounds."""
    from django.conf import settings

    settings.DEMO_PASSWORD = "demo-wachtwoord"
    call_command("seed_wbw", "--demo", verbosity=0)
