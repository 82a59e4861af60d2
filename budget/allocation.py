"""Dividing an amount over participants to the cent: the largest-remainder method.

Pure functions, no database: the one place where a share is computed. The rule (also in
docs/budget.md and on the budget page):

1. A participant's claim is its weight (1 for an equal split, "5 delen") times the number of
   days of that year on which it was a member (pro rata for joining or leaving mid-year).
2. Everyone first gets the whole cents of total x claim / sum of claims (rounded down).
3. The cents left over (fewer than the number of participants) go one each to the
   participants with the largest remainders; equal remainders go in the order of the keys
   (alphabetical by short name), so the same input always gives the same output.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Claim:
    key: str  # tie-breaker: lower keys win equal remainders
    weight: Decimal = Decimal(1)
    days: int = 1


def allocate(total: Decimal, claims: Sequence[Claim]) -> dict[str, Decimal]:
    """Split `total` (whole cents, >= 0) over `claims`; the parts add up to `total` exactly."""
    if not isinstance(total, Decimal):
        raise TypeError("total must be a Decimal")
    if total < 0:
        raise ValueError("total must not be negative")
    total_cents = total * 100
    if total_cents != total_cents.to_integral_value():
        raise ValueError("total must be a whole number of cents")
    keys = [claim.key for claim in claims]
    if len(set(keys)) != len(keys):
        raise ValueError("claim keys must be unique")
    sizes = {}
    for claim in claims:
        if claim.weight < 0 or claim.days < 0:
            raise ValueError("weights and days must not be negative")
        sizes[claim.key] = Fraction(claim.weight) * claim.days
    claim_sum = sum(sizes.values(), Fraction(0))
    if claim_sum == 0:
        if total == 0:
            return {key: Decimal("0.00") for key in keys}
        raise ValueError("nobody to allocate to: all claims are zero")

    cents = int(total_cents)
    exact = {key: cents * size / claim_sum for key, size in sizes.items()}
    floors = {key: value.numerator // value.denominator for key, value in exact.items()}
    left_over = cents - sum(floors.values())
    # Largest remainder first; equal remainders in key order.
    order = sorted(keys, key=lambda key: (-(exact[key] - floors[key]), key))
    for key in order[:left_over]:
        floors[key] += 1
    return {key: (Decimal(floors[key]) / 100).quantize(CENT) for key in keys}


def membership_days(year: int, start: datetime.date, end: datetime.date | None) -> int:
    """Days of `year` covered by a membership from `start` to `end` (inclusive, None: open)."""
    first = max(start, datetime.date(year, 1, 1))
    last = min(end or datetime.date(year, 12, 31), datetime.date(year, 12, 31))
    return max((last - first).days + 1, 0)


def days_in_year(year: int) -> int:
    return (datetime.date(year, 12, 31) - datetime.date(year, 1, 1)).days + 1
