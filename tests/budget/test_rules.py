"""Budget rules for every role, and each budget page behind its rule (tests/access.py)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from budget import services
from budget.models import BudgetLine, ChangeKind
from core.models import Organisation
from tests.access import GR, KM, SG, WT, assert_page_guarded, roles_allowed
from tests.budget.factories import EntryFactory

# The pages need the seeded budget years; the module's records are built on the shared seed.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]

STAFF = {SG, KM}
# The rule table of docs/permissions.md ("Budget: who reads what"). The trekker (Tholen) and
# the griffier (Roosendaal's council) belong to participants and read the programme budget and
# their own share; the respondent (Roosendaal) and the beheerder get no budget pages.
SEE_BUDGET = STAFF | {WT, GR}

# (rule, object) -> roles for which it holds.
RULES = {
    ("budget.see_budget", None): SEE_BUDGET,
    ("budget.see_all_shares", None): STAFF,
    ("budget.see_share", "roosendaal"): STAFF | {GR},
    ("budget.see_share", "tholen"): STAFF | {WT},
    ("budget.see_realisation", None): STAFF,
    ("budget.see_changes", None): STAFF,
    ("budget.enter_realisation", None): {KM},
    ("budget.import_realisation", None): {KM},
    ("budget.propose_change", None): {KM},
    ("budget.approve_change", "change"): {SG},
    ("budget.recalculate_shares", None): STAFF,
    # The object rules of the scopes (core.scopes): the same rows as the lists show.
    ("budget.see_share", None): STAFF,
    ("budget.see_budget_year", "budget_year"): SEE_BUDGET,
    ("budget.see_budget_line", "line"): SEE_BUDGET,
    ("budget.see_entry", "entry"): STAFF,
    ("budget.see_budget_change", "change"): STAFF,
}

# (url name, object, method) -> the (rule, object) of RULES that guards the page.
PAGES = {
    ("budget:index", None, "get"): ("budget.see_budget", None),
    ("budget:year", "year", "get"): ("budget.see_budget", None),
    ("budget:participants", "year", "get"): ("budget.see_budget", None),
    ("budget:burn_down", "year", "get"): ("budget.see_budget", None),
    ("budget:recalculate", "year", "post"): ("budget.recalculate_shares", None),
    ("budget:entries", "year", "get"): ("budget.see_realisation", None),
    ("budget:entry_create", "year", "get"): ("budget.enter_realisation", None),
    ("budget:line", "line", "get"): ("budget.see_budget_line", "line"),
    ("budget:entry", "entry", "get"): ("budget.see_entry", "entry"),
    ("budget:entry_edit", "entry", "get"): ("budget.enter_realisation", None),
    ("budget:entry_import", "year", "get"): ("budget.import_realisation", None),
    ("budget:changes", "year", "get"): ("budget.see_changes", None),
    ("budget:change_create", "year", "get"): ("budget.propose_change", None),
    ("budget:change", "change", "get"): ("budget.see_changes", None),
    ("budget:change", "change", "post"): ("budget.approve_change", "change"),
}


@pytest.fixture(scope="module")
def objects(module_db, module_role_users):
    line = BudgetLine.objects.get(budget_year__year=2024, name="Kwartiermaker 16 uur per week")
    onvoorzien = BudgetLine.objects.get(budget_year__year=2024, is_contingency=True)
    entry = EntryFactory(line=line)
    change = services.change_propose(
        acting_user=entry.entered_by,
        budget_year=line.budget_year,
        kind=ChangeKind.CONTINGENCY,
        from_line=onvoorzien,
        to_line=line,
        amount=Decimal("100.00"),
        reason="Test",
    )
    return {
        None: None,
        "budget_year": line.budget_year,
        "line": line,
        "roosendaal": Organisation.objects.get(short_name="Roosendaal"),
        "tholen": Organisation.objects.get(short_name="Tholen"),
        "year": 2024,
        "entry": entry,
        "change": change,
    }


@pytest.mark.parametrize(("rule", "key"), list(RULES))
def test_rule_for_every_role(role_users, objects, rule, key):
    assert roles_allowed(role_users, rule, objects[key]) == RULES[(rule, key)]


def test_the_table_covers_every_budget_rule():
    import rules

    names = {name for name in rules.permissions.permissions if name.startswith("budget.")}
    assert names == {rule for rule, _ in RULES}
    assert set(PAGES.values()) <= set(RULES)


def _url(name, key, objects):
    if key is None:
        return reverse(name)
    if key == "year":
        return reverse(name, kwargs={"year": objects["year"]})
    return reverse(name, kwargs={"pk": objects[key].pk})


@pytest.mark.parametrize(("url_name", "key", "method"), list(PAGES))
def test_page_is_guarded_by_its_rule(client, role_users, objects, url_name, key, method):
    assert_page_guarded(
        client,
        role_users,
        url=_url(url_name, key, objects),
        method=method,
        allowed=RULES[PAGES[(url_name, key, method)]],
    )
