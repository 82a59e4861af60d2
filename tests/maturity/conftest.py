import pytest


@pytest.fixture
def questionnaire(db):
    """Only the questionnaire structure (no demo rounds), with the role fixtures' organisations."""
    from maturity import seed

    seed.seed({})


@pytest.fixture
def open_round(questionnaire):
    from tests.maturity.factories import make_round

    return make_round(2025)
