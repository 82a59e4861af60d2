from decimal import Decimal

import pytest

from budget.templatetags.money import euro, percent


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("128000"), "€\u00a0128.000,00"),
        (Decimal("0.01"), "€\u00a00,01"),
        (Decimal("1234567.891"), "€\u00a01.234.567,89"),
        (Decimal("-950.5"), "€\u00a0-950,50"),
        (Decimal("0"), "€\u00a00,00"),
        (None, ""),
    ],
)
def test_euro_in_dutch_notation(value, text):
    assert euro(value) == text


def test_percent_has_a_decimal_comma():
    assert percent(Decimal("12.345")) == "12,3%"
    assert percent(None) == "—"
