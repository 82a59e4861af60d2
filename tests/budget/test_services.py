import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from budget import selectors, services
from budget.models import BudgetLine, ChangeKind, ChangeStatus, Entry, EntryKind, Share
from core.concurrency import StaleObjectError
from core.models import Organisation
from core.selectors import history_for
from governance.models import Decision
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def entry_values(line, **overrides):
    values = {
        "line": line,
        "kind": EntryKind.EXPENDITURE,
        "booked_on": datetime.date(line.budget_year.year, 4, 1),
        "amount": Decimal("2500.00"),
        "description": "Inhuur",
        "supplier": "Adviesbureau",
        "reference": "F-1",
    }
    return values | overrides


# --- Realisation guards ----------------------------------------------------------------------


def test_an_entry_within_budget_is_booked(line, kwartiermaker):
    entry = services.entry_create(acting_user=kwartiermaker, **entry_values(line))
    assert entry.entered_by == kwartiermaker and entry.status == "voorlopig"
    overview = selectors.year_overview(user=kwartiermaker, budget_year=line.budget_year)
    row = next(row for row in overview.lines if row.line == line)
    assert row.spent == Decimal("2500.00") and row.remaining == Decimal("97500.00")


def test_an_entry_over_budget_is_refused_with_a_dutch_message(line, kwartiermaker):
    services.entry_create(acting_user=kwartiermaker, **entry_values(line, amount=Decimal("99000")))
    with pytest.raises(ValidationError) as error:
        services.entry_create(
            acting_user=kwartiermaker, **entry_values(line, amount=Decimal("1000.01"))
        )
    assert "boven het budget" in str(error.value.message_dict["amount"])
    assert "€\u00a01.000,00" in error.value.message_dict["amount"][0]
    assert Entry.objects.count() == 1


def test_an_overrun_marked_as_such_is_booked_as_an_escalation(line, kwartiermaker):
    services.entry_create(
        acting_user=kwartiermaker,
        **entry_values(line, amount=Decimal("100000.01"), is_overrun=True),
    )
    overview = selectors.year_overview(user=kwartiermaker, budget_year=line.budget_year)
    assert overview.escalations == 1
    row = next(row for row in overview.lines if row.line == line)
    assert row.level == "over" and row.remaining == Decimal("-0.01")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("amount", Decimal("10.001")),
        ("amount", Decimal("0")),
        ("amount", Decimal("-5.00")),
        ("amount", Decimal("10000000.01")),
        ("booked_on", datetime.date(2025, 1, 1)),
        ("booked_on", datetime.date(2023, 12, 31)),
    ],
)
def test_bad_amounts_and_dates_are_refused_on_their_field(line, kwartiermaker, field, value):
    with pytest.raises(ValidationError) as error:
        services.entry_create(acting_user=kwartiermaker, **entry_values(line, **{field: value}))
    assert field in error.value.message_dict


def test_a_credit_lowers_the_total_but_cannot_exceed_what_was_booked(line, kwartiermaker):
    services.entry_create(acting_user=kwartiermaker, **entry_values(line))
    services.entry_create(
        acting_user=kwartiermaker, **entry_values(line, amount=Decimal("500"), is_credit=True)
    )
    assert selectors.line_usage(line) == Decimal("2000.00")
    with pytest.raises(ValidationError) as error:
        services.entry_create(
            acting_user=kwartiermaker,
            **entry_values(line, amount=Decimal("2000.01"), is_credit=True),
        )
    assert "creditboeking" in str(error.value.message_dict["amount"])


def test_commitments_and_expenditures_are_summed_separately(line, kwartiermaker):
    services.entry_create(
        acting_user=kwartiermaker, **entry_values(line, kind=EntryKind.COMMITMENT)
    )
    services.entry_create(acting_user=kwartiermaker, **entry_values(line, amount=Decimal("1")))
    row = next(
        r
        for r in selectors.year_overview(user=kwartiermaker, budget_year=line.budget_year).lines
        if r.line == line
    )
    assert (row.committed, row.spent, row.used) == (
        Decimal("2500.00"),
        Decimal("1.00"),
        Decimal("2501.00"),
    )
    assert row.percent_used == Decimal("2.501")


def test_a_stale_edit_is_refused(line, kwartiermaker):
    entry = services.entry_create(acting_user=kwartiermaker, **entry_values(line))
    version = entry.version
    first = Entry.objects.get(pk=entry.pk)
    services.entry_update(
        entry=first, expected_version=version, acting_user=kwartiermaker, description="Eerste"
    )
    second = Entry.objects.get(pk=entry.pk)
    with pytest.raises(StaleObjectError):
        services.entry_update(
            entry=second, expected_version=version, acting_user=kwartiermaker, description="Later"
        )
    assert Entry.objects.get(pk=entry.pk).description == "Eerste"


def test_an_edit_is_checked_against_the_budget_without_counting_itself(line, kwartiermaker):
    entry = services.entry_create(
        acting_user=kwartiermaker, **entry_values(line, amount=Decimal("100000"))
    )
    services.entry_update(
        entry=entry,
        expected_version=entry.version,
        acting_user=kwartiermaker,
        amount=Decimal("99999.99"),
    )
    with pytest.raises(ValidationError):
        services.entry_update(
            entry=entry,
            expected_version=entry.version,
            acting_user=kwartiermaker,
            amount=Decimal("100000.01"),
        )


# --- Budget changes --------------------------------------------------------------------------


def propose_draw(onvoorzien, line, kwartiermaker, amount="10000.00", **extra):
    return services.change_propose(
        acting_user=kwartiermaker,
        budget_year=onvoorzien.budget_year,
        kind=ChangeKind.CONTINGENCY,
        from_line=onvoorzien,
        to_line=line,
        amount=Decimal(amount),
        reason="Extra inhuur",
        **extra,
    )


def amounts(budget_year):
    return dict(BudgetLine.objects.filter(budget_year=budget_year).values_list("name", "amount"))


def test_a_proposed_change_has_no_effect_until_approved(
    onvoorzien, line, kwartiermaker, stuurgroeplid
):
    before = amounts(line.budget_year)
    change = propose_draw(onvoorzien, line, kwartiermaker)
    assert amounts(line.budget_year) == before
    services.change_approve(
        change=change, expected_version=change.version, acting_user=stuurgroeplid
    )
    after = amounts(line.budget_year)
    assert after[onvoorzien.name] == Decimal("40000.00")
    assert after[line.name] == Decimal("110000.00")
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED and change.decided_by == stuurgroeplid
    assert change.decided_at is not None
    # A move keeps the total, so the shares stay.
    assert {s.amount for s in Share.objects.filter(budget_year=line.budget_year)} == {
        Decimal("128000.00")
    }


def test_a_rejected_change_changes_nothing(onvoorzien, line, kwartiermaker, stuurgroeplid):
    before = amounts(line.budget_year)
    change = propose_draw(onvoorzien, line, kwartiermaker)
    services.change_reject(
        change=change, expected_version=change.version, acting_user=stuurgroeplid, note="Nee"
    )
    assert amounts(line.budget_year) == before
    change.refresh_from_db()
    assert change.status == ChangeStatus.REJECTED and change.decision_note == "Nee"


def test_a_raise_changes_the_total_and_the_shares_with_the_previous_split_in_history(
    line, kwartiermaker, stuurgroeplid
):
    decision = Decision.objects.create(
        year=2024, sequence=3, decided_on=datetime.date(2024, 5, 1), text="Verhoging"
    )
    change = services.change_propose(
        acting_user=kwartiermaker,
        budget_year=line.budget_year,
        kind=ChangeKind.RAISE,
        to_line=line,
        amount=Decimal("0.03"),
        reason="Indexatie",
        decision=decision,
    )
    services.change_approve(
        change=change, expected_version=change.version, acting_user=stuurgroeplid
    )
    shares = dict(
        Share.objects.filter(budget_year=line.budget_year).values_list(
            "organisation__short_name", "amount"
        )
    )
    assert sum(shares.values()) == Decimal("640000.03")
    assert shares == {
        "Etten-Leur": Decimal("128000.01"),
        "Moerdijk": Decimal("128000.01"),
        "Roosendaal": Decimal("128000.01"),
        "Tholen": Decimal("128000.00"),
        "Werkplein": Decimal("128000.00"),
    }
    share = Share.objects.get(budget_year=line.budget_year, organisation__short_name="Moerdijk")
    diffs = [entry.changes.get("amount") for entry in history_for(share)]
    # History (JSON) keeps the amounts as numbers: compare them as Decimals.
    assert [Decimal("128000.00"), Decimal("128000.01")] in [
        [Decimal(str(a)) for a in d] for d in diffs if d
    ]


def test_draws_on_onvoorzien_must_be_marked_as_such(onvoorzien, line, kwartiermaker):
    with pytest.raises(ValidationError) as error:
        services.change_propose(
            acting_user=kwartiermaker,
            budget_year=line.budget_year,
            kind=ChangeKind.MOVE,
            from_line=onvoorzien,
            to_line=line,
            amount=Decimal("1.00"),
            reason="x",
        )
    assert "kind" in error.value.message_dict


def test_a_change_cannot_lower_a_line_below_what_is_booked(onvoorzien, line, kwartiermaker):
    stuurgroep = UserFactory(stuurgroeplid=True)
    services.entry_create(
        acting_user=kwartiermaker, **entry_values(onvoorzien, amount=Decimal("45000.00"))
    )
    change = propose_draw(onvoorzien, line, kwartiermaker)
    with pytest.raises(ValidationError):
        services.change_approve(
            change=change, expected_version=change.version, acting_user=stuurgroep
        )
    change.refresh_from_db()
    assert change.status == ChangeStatus.PROPOSED
    assert BudgetLine.objects.get(pk=onvoorzien.pk).amount == Decimal("50000.00")


def test_only_a_stuurgroep_member_decides_and_only_once(
    onvoorzien, line, kwartiermaker, stuurgroeplid
):
    change = propose_draw(onvoorzien, line, kwartiermaker)
    with pytest.raises(PermissionDenied):
        services.change_approve(
            change=change, expected_version=change.version, acting_user=kwartiermaker
        )
    services.change_approve(
        change=change, expected_version=change.version, acting_user=stuurgroeplid
    )
    with pytest.raises((ValidationError, StaleObjectError)):
        services.change_approve(
            change=change, expected_version=change.version, acting_user=stuurgroeplid
        )
    assert BudgetLine.objects.get(pk=line.pk).amount == Decimal("110000.00")


def test_a_stale_approval_is_refused(onvoorzien, line, kwartiermaker, stuurgroeplid):
    change = propose_draw(onvoorzien, line, kwartiermaker)
    with pytest.raises(StaleObjectError):
        services.change_approve(
            change=change, expected_version=change.version - 1, acting_user=stuurgroeplid
        )
    assert BudgetLine.objects.get(pk=line.pk).amount == Decimal("100000.00")


# --- Membership mid-year ---------------------------------------------------------------------


def test_ending_a_membership_mid_year_reallocates_that_year_to_the_cent(budget_2024):
    werkplein = Organisation.objects.get(short_name="Werkplein")
    werkplein.membership_end = datetime.date(2024, 6, 30)
    werkplein.save()
    stored = list(Share.objects.filter(budget_year=budget_2024))
    assert not selectors.shares_are_current(budget_2024, stored)
    services.shares_recalculate(budget_year=budget_2024)
    shares = dict(
        Share.objects.filter(budget_year=budget_2024).values_list(
            "organisation__short_name", "amount"
        )
    )
    assert sum(shares.values()) == Decimal("640000.00")
    # 640000 x 182 / (4 x 366 + 182) = 70765.4921.. ; the others 142308.6269..
    assert shares["Werkplein"] == Decimal("70765.49")
    # Three cents are left after rounding down; the four equal remainders take them in
    # alphabetical order, so Tholen (last) keeps the lower amount.
    assert shares["Etten-Leur"] == shares["Roosendaal"] == Decimal("142308.63")
    assert shares["Tholen"] == Decimal("142308.62")
    assert Share.objects.get(budget_year=budget_2024, organisation=werkplein).member_days == 182
    # 2025: Werkplein is no longer a participant at all.
    services.shares_recalculate(budget_year=budget_2024.__class__.objects.get(year=2025))
    assert not Share.objects.filter(budget_year__year=2025, organisation=werkplein).exists()
    assert {s.amount for s in Share.objects.filter(budget_year__year=2025)} == {
        Decimal("162500.00")
    }


def test_a_weighted_key_splits_by_weight_and_to_the_cent(budget_2024):
    from budget.models import AllocationMethod, AllocationWeight

    budget_2024.allocation_method = AllocationMethod.WEIGHTED
    budget_2024.save()
    weights = {"Roosendaal": 3, "Etten-Leur": 1, "Moerdijk": 1, "Tholen": 1, "Werkplein": 1}
    for name, weight in weights.items():
        AllocationWeight.objects.create(
            budget_year=budget_2024,
            organisation=Organisation.objects.get(short_name=name),
            weight=Decimal(weight),
        )
    services.shares_recalculate(budget_year=budget_2024)
    shares = dict(
        Share.objects.filter(budget_year=budget_2024).values_list(
            "organisation__short_name", "amount"
        )
    )
    assert sum(shares.values()) == Decimal("640000.00")
    # 640000 / 7 = 91428.5714..: Roosendaal 274285.71 (cent remainder .43), the others
    # 91428.57 (.14); the one cent left over goes to the largest remainder, Roosendaal.
    assert shares["Roosendaal"] == Decimal("274285.72")
    assert {shares[name] for name in weights if name != "Roosendaal"} == {Decimal("91428.57")}
