"""The largest-remainder split: exact to the cent, deterministic, pro rata to membership."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budget.allocation import Claim, allocate, days_in_year, membership_days

FIVE = [Claim(key) for key in ["Etten-Leur", "Moerdijk", "Roosendaal", "Tholen", "Werkplein"]]


def test_seeded_years_split_into_five_equal_shares():
    assert set(allocate(Decimal("640000.00"), FIVE).values()) == {Decimal("128000.00")}
    assert set(allocate(Decimal("650000.00"), FIVE).values()) == {Decimal("130000.00")}


def test_one_cent_over_three_parties_goes_to_the_first_key():
    parts = allocate(Decimal("0.01"), [Claim("c"), Claim("a"), Claim("b")])
    assert parts == {"a": Decimal("0.01"), "b": Decimal("0.00"), "c": Decimal("0.00")}


def test_hundred_euro_over_three_parties_ties_broken_by_key():
    parts = allocate(Decimal("100.00"), [Claim("B"), Claim("A"), Claim("C")])
    assert parts == {"A": Decimal("33.34"), "B": Decimal("33.33"), "C": Decimal("33.33")}


def test_largest_remainder_wins_before_key_order():
    # 10.00 by 1:2 -> 3.333.. and 6.666..: the larger remainder (6.666..) gets the cent.
    parts = allocate(Decimal("10.00"), [Claim("a", Decimal(1)), Claim("b", Decimal(2))])
    assert parts == {"a": Decimal("3.33"), "b": Decimal("6.67")}


def test_weights_split_in_proportion():
    parts = allocate(
        Decimal("1000.00"), [Claim("groot", Decimal("300")), Claim("klein", Decimal("100"))]
    )
    assert parts == {"groot": Decimal("750.00"), "klein": Decimal("250.00")}


def test_leaving_mid_year_is_pro_rata_to_days_of_membership():
    year = 2024  # a leap year: 366 days
    days = membership_days(year, datetime.date(2014, 1, 1), datetime.date(2024, 6, 30))
    assert days == 182
    claims = [Claim("a", days=366), Claim("b", days=366), Claim("vertrekker", days=days)]
    parts = allocate(Decimal("640000.00"), claims)
    assert sum(parts.values()) == Decimal("640000.00")
    # 640000 x 182 / 914 = 127439.824..; 640000 x 366 / 914 = 256280.087..
    assert parts == {
        "a": Decimal("256280.09"),
        "b": Decimal("256280.09"),
        "vertrekker": Decimal("127439.82"),
    }


def test_membership_days_cover_joining_and_outside_years():
    assert membership_days(2025, datetime.date(2025, 7, 1), None) == 184
    assert membership_days(2025, datetime.date(2014, 1, 1), None) == 365
    assert membership_days(2025, datetime.date(2014, 1, 1), datetime.date(2021, 12, 31)) == 0
    assert membership_days(2025, datetime.date(2026, 1, 1), None) == 0
    assert days_in_year(2024) == 366 and days_in_year(2025) == 365


@pytest.mark.parametrize(
    ("total", "claims", "error"),
    [
        (Decimal("1.001"), FIVE, ValueError),
        (Decimal("-1.00"), FIVE, ValueError),
        (Decimal("1.00"), [Claim("a", Decimal(0))], ValueError),
        (Decimal("1.00"), [Claim("a"), Claim("a")], ValueError),
        (1.0, FIVE, TypeError),
    ],
)
def test_bad_input_is_refused(total, claims, error):
    with pytest.raises(error):
        allocate(total, claims)


def test_zero_total_gives_zero_shares():
    assert set(allocate(Decimal("0.00"), FIVE).values()) == {Decimal("0.00")}


claims_strategy = st.lists(
    st.builds(
        Claim,
        key=st.text(min_size=1, max_size=8),
        weight=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2),
        days=st.integers(min_value=1, max_value=366),
    ),
    min_size=1,
    max_size=12,
    unique_by=lambda claim: claim.key,
)
totals = st.integers(min_value=0, max_value=10**12).map(lambda cents: Decimal(cents) / 100)


@given(total=totals, claims=claims_strategy)
def test_any_split_adds_up_to_the_total_to_the_cent(total, claims):
    parts = allocate(total, claims)
    assert sum(parts.values()) == total
    assert all(part >= 0 and part == part.quantize(Decimal("0.01")) for part in parts.values())


@given(total=totals, claims=claims_strategy)
def test_any_split_is_deterministic_and_independent_of_order(total, claims):
    assert allocate(total, claims) == allocate(total, list(reversed(claims)))


@given(total=totals, claims=claims_strategy)
def test_no_part_is_more_than_a_cent_from_its_exact_quota(total, claims):
    parts = allocate(total, claims)
    claim_sum = sum(claim.weight * claim.days for claim in claims)
    for claim in claims:
        exact = total * claim.weight * claim.days / claim_sum
        assert abs(parts[claim.key] - exact) < Decimal("0.01")


@given(
    total=totals,
    start=st.dates(datetime.date(2023, 1, 1), datetime.date(2025, 12, 31)),
    length=st.integers(min_value=0, max_value=800),
)
def test_any_membership_period_splits_exactly(total, start, length):
    end = start + datetime.timedelta(days=length)
    days = membership_days(2024, start, end)
    claims = [Claim("blijver", days=366), Claim("wisselaar", days=days)]
    parts = allocate(total, claims)
    assert sum(parts.values()) == total
    if days == 0:
        assert parts["wisselaar"] == 0
