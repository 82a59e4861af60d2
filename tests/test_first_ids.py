"""Test databases hand out ids from tests.schema.FIRST_ID (10,000) on, in every way a test gets
its database: so an id that a template localizes ("10.001") breaks a test (tests/schema.py)."""

import pytest
from django.db import connection

from tests.factories import OrganisationFactory
from tests.schema import FIRST_ID


def sequences_below_first_id() -> list[str]:
    """The sequences whose next value is below FIRST_ID. A sequence's own last_value is the next
    value when it was set and not used since (pg_sequences shows none then), else one below it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT quote_ident(sequencename) FROM pg_sequences WHERE schemaname = current_schema()"
        )
        names = [name for (name,) in cursor.fetchall()]
        cursor.execute(
            " UNION ALL ".join(f"SELECT '{name}', last_value FROM {name}" for name in names)
        )
        return sorted(name for name, value in cursor.fetchall() if value < FIRST_ID)


@pytest.mark.django_db
def test_a_test_in_a_transaction_gets_five_digit_ids():
    assert OrganisationFactory().pk >= FIRST_ID
    assert sequences_below_first_id() == []


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_gets_five_digit_ids():
    assert OrganisationFactory().pk >= FIRST_ID
    assert sequences_below_first_id() == []


@pytest.mark.django_db(reset_sequences=True)
def test_a_test_that_resets_the_sequences_gets_five_digit_ids():
    assert OrganisationFactory().pk >= FIRST_ID
    assert sequences_below_first_id() == []


@pytest.mark.parametrize("run", ["seed loaded", "seed put back from its copy"])
@pytest.mark.django_db(transaction=True)
@pytest.mark.xdist_group("first_ids_on_the_seed")
def test_a_transactional_test_on_the_seed_gets_five_digit_ids(run, seeded):
    """The second run (in the same process, at the latest) gets the seed from its copy, which
    resets the sequences to the rows put back: those of the tables the seed leaves empty too."""
    assert sequences_below_first_id() == []
    assert OrganisationFactory().pk >= FIRST_ID
