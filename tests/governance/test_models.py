import datetime

import pytest
from django.db import IntegrityError

from governance.models import Decision

pytestmark = pytest.mark.django_db


def test_decision_number_is_per_year_and_zero_padded():
    decision = Decision.objects.create(
        year=2025, sequence=7, decided_on=datetime.date(2025, 3, 4), text="Besluit"
    )
    assert decision.number == "SG-2025-007"


def test_a_decision_number_is_unique_within_its_year():
    Decision.objects.create(year=2025, sequence=1, decided_on=datetime.date(2025, 1, 9), text="a")
    Decision.objects.create(year=2024, sequence=1, decided_on=datetime.date(2024, 1, 9), text="b")
    with pytest.raises(IntegrityError):
        Decision.objects.create(
            year=2025, sequence=1, decided_on=datetime.date(2025, 2, 9), text="c"
        )
