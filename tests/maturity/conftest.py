import pytest
from django.core.management import call_command


@pytest.fixture
def demo_seeded(db):
    """The collaboration with the maturity questionnaire and the demo rounds."""
    from django.conf import settings

    settings.DEMO_PASSWORD = "demo-wachtwoord"
    call_command("seed_wbw", "--demo", verbosity=0)


@pytest.fixture
def questionnaire(db):
    """Only the questionnaire structure (no demo rounds), with the role fixtures' organisations."""
    from maturity import seed

    seed.seed({})


@pytest.fixture
def open_round(questionnaire):
    from tests.maturity.factories import make_round

    return make_round(2025)
