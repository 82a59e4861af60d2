"""Budget pages: behaviour and query budgets (who may open which page: test_rules.py)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from budget import services
from budget.models import BudgetChange, BudgetLine, ChangeKind, ChangeStatus, Entry, EntryKind
from core.models import Role
from tests.budget.factories import EntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(seeded, line, onvoorzien):
    author = EntryFactory(line=line).entered_by
    change = services.change_propose(
        acting_user=author,
        budget_year=line.budget_year,
        kind=ChangeKind.CONTINGENCY,
        from_line=onvoorzien,
        to_line=line,
        amount=Decimal("100.00"),
        reason="Test",
    )
    return {"year": 2024, "entry": Entry.objects.get().pk, "change": change.pk}


def test_a_griffier_sees_the_programme_budget_and_only_their_councils_share(
    client, griffier, seeded
):
    client.force_login(griffier)
    page = client.get(reverse("budget:year", kwargs={"year": 2024})).content.decode()
    assert "Gemeente Roosendaal" in page and "€\u00a0128.000,00" in page
    assert "Gemeente Tholen" not in page
    assert "€\u00a0640.000,00" in page  # the totals
    participants = client.get(reverse("budget:participants", kwargs={"year": 2024}))
    assert "Gemeente Tholen" not in participants.content.decode()


def test_staff_see_every_share_and_the_rule(client, stuurgroeplid, seeded):
    client.force_login(stuurgroeplid)
    page = client.get(reverse("budget:year", kwargs={"year": 2025})).content.decode()
    assert page.count("€\u00a0130.000,00") == 5
    assert "€\u00a0650.000,00" in page
    assert "grootste rest" in page and "dagen lidmaatschap" in page
    assert "Begroting 2025" in page and "2.025" not in page
    assert "maximale schatting" in page


def test_respondent_and_beheerder_do_not_get_the_budget_in_the_menu(
    client, respondent, beheerder, griffier, seeded
):
    for user in (respondent, beheerder):
        client.force_login(user)
        assert reverse("budget:index") not in client.get(reverse("home")).content.decode()
    client.force_login(griffier)
    assert reverse("budget:index") in client.get(reverse("home")).content.decode()


def test_over_budget_entry_via_the_form_keeps_input_and_says_why(client, kwartiermaker, line):
    client.force_login(kwartiermaker)
    data = {
        "line": line.pk,
        "kind": EntryKind.EXPENDITURE,
        "booked_on": "2024-05-01",
        "amount": "100.000,01",
        "description": "Te veel",
        "status": "voorlopig",
    }
    response = client.post(reverse("budget:entry_create", kwargs={"year": 2024}), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "boven het budget" in page and "Te veel" in page
    assert not Entry.objects.exists()
    data["is_overrun"] = "on"
    response = client.post(reverse("budget:entry_create", kwargs={"year": 2024}), data)
    assert response.status_code == 302
    assert Entry.objects.get().amount == Decimal("100000.01")
    listing = client.get(reverse("budget:entries", kwargs={"year": 2024})).content.decode()
    assert "escalatie" in listing and "€\u00a0100.000,01" in listing
    filtered = client.get(reverse("budget:entries", kwargs={"year": 2024}), {"is_overrun": "true"})
    assert "Te veel" in filtered.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "12,345", "twee decimalen"),
        ("amount", "0", "groter zijn dan nul"),
        ("amount", "99999999999", "onwaarschijnlijk groot"),
        ("booked_on", "2025-01-01", "begrotingsjaar 2024"),
    ],
)
def test_form_field_errors_are_dutch(client, kwartiermaker, line, field, value, message):
    client.force_login(kwartiermaker)
    data = {
        "line": line.pk,
        "kind": EntryKind.EXPENDITURE,
        "booked_on": "2024-05-01",
        "amount": "10,00",
        "description": "x",
        "status": "voorlopig",
    }
    data[field] = value
    response = client.post(reverse("budget:entry_create", kwargs={"year": 2024}), data)
    assert message in response.content.decode()
    assert not Entry.objects.exists()


def test_stale_entry_edit_is_refused_with_input_kept(client, kwartiermaker, line):
    entry = EntryFactory(line=line, entered_by=kwartiermaker)
    client.force_login(kwartiermaker)
    url = reverse("budget:entry_edit", kwargs={"pk": entry.pk})
    data = {
        "line": line.pk,
        "kind": EntryKind.EXPENDITURE,
        "booked_on": "2024-03-15",
        "amount": "100,00",
        "description": "Mijn versie",
        "status": "voorlopig",
        "version": entry.version,
    }
    Entry.objects.get(pk=entry.pk).save()  # someone else saves first
    response = client.post(url, data)
    assert response.status_code == 409
    assert "Mijn versie" in response.content.decode()
    assert "Iemand anders" in response.content.decode()
    assert Entry.objects.get(pk=entry.pk).description != "Mijn versie"


def test_approve_through_the_page(client, objects, stuurgroeplid):
    change = BudgetChange.objects.get(pk=objects["change"])
    client.force_login(stuurgroeplid)
    response = client.post(
        reverse("budget:change", kwargs={"pk": change.pk}),
        {"action": "approve", "version": change.version, "decision_note": "", "confirm": "1"},
    )
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED
    assert BudgetLine.objects.get(pk=change.to_line_id).amount == Decimal("100100.00")


def test_propose_through_the_page(client, kwartiermaker, line, onvoorzien):
    client.force_login(kwartiermaker)
    response = client.post(
        reverse("budget:change_create", kwargs={"year": 2024}),
        {
            "kind": ChangeKind.CONTINGENCY,
            "from_line": onvoorzien.pk,
            "to_line": line.pk,
            "amount": "2.500,00",
            "reason": "Extra",
        },
    )
    assert response.status_code == 302
    change = BudgetChange.objects.get()
    assert change.amount == Decimal("2500.00") and change.status == ChangeStatus.PROPOSED
    assert BudgetLine.objects.get(pk=line.pk).amount == Decimal("100000.00")


def add_data(line, onvoorzien, kwartiermaker, n):
    for i in range(n):
        EntryFactory(line=line, entered_by=kwartiermaker, amount=Decimal("1.00"))
        EntryFactory(
            line=onvoorzien,
            entered_by=kwartiermaker,
            commitment=True,
            amount=Decimal("1.00"),
            booked_on=datetime.date(2024, 1 + i % 12, 1),
        )
        BudgetChange.objects.create(
            budget_year=line.budget_year,
            kind=ChangeKind.RAISE,
            to_line=line,
            amount=Decimal("1.00"),
            reason="x",
            proposed_by=kwartiermaker,
        )


@pytest.mark.parametrize(
    ("url_name", "kwargs"),
    [
        ("budget:index", {}),
        ("budget:year", {"year": 2024}),
        ("budget:participants", {"year": 2024}),
        ("budget:burn_down", {"year": 2024}),
        ("budget:entries", {"year": 2024}),
        ("budget:changes", {"year": 2024}),
    ],
)
@pytest.mark.parametrize("size", [1, 20])
def test_query_count_does_not_grow_with_data(
    client, django_assert_max_num_queries, kwartiermaker, line, onvoorzien, url_name, kwargs, size
):
    add_data(line, onvoorzien, kwartiermaker, size)
    client.force_login(kwartiermaker)
    with django_assert_max_num_queries(25):
        response = client.get(reverse(url_name, kwargs=kwargs))
    assert response.status_code == 200


def test_previous_split_is_visible_on_the_year_page(client, stuurgroeplid, kwartiermaker, line):
    change = services.change_propose(
        acting_user=kwartiermaker,
        budget_year=line.budget_year,
        kind=ChangeKind.RAISE,
        to_line=line,
        amount=Decimal("5000.00"),
        reason="Meer uren",
    )
    services.change_approve(
        change=change, expected_version=change.version, acting_user=stuurgroeplid
    )
    client.force_login(stuurgroeplid)
    page = client.get(reverse("budget:year", kwargs={"year": 2024})).content.decode()
    assert "€\u00a0129.000,00" in page  # the new share: 645.000 / 5
    history = page[page.index("Eerdere verdelingen") :]
    assert history.count("€\u00a0128.000,00") == 5 and history.count("€\u00a0129.000,00") == 5


@pytest.mark.parametrize("extra_participants", [0, 15])
def test_year_page_queries_do_not_grow_with_participants(
    client, django_assert_max_num_queries, stuurgroeplid, budget_2024, extra_participants
):
    from tests.factories import OrganisationFactory

    for n in range(extra_participants):
        OrganisationFactory(short_name=f"Extra {n}")
    services.shares_recalculate(budget_year=budget_2024)
    client.force_login(stuurgroeplid)
    # Read cold: the year page's and the overview's cached fragments each add their data
    # version (a warm read: 4 and 3).
    with django_assert_max_num_queries(22):
        for name in ("budget:year", "budget:participants", "budget:index"):
            assert (
                client.get(
                    reverse(name, kwargs={"year": 2024} if name != "budget:index" else {})
                ).status_code
                == 200
            )


def test_entries_are_paginated_and_filtered(client, kwartiermaker, line, onvoorzien):
    EntryFactory.create_batch(101, line=line, entered_by=kwartiermaker, amount=Decimal("1.00"))
    EntryFactory(line=onvoorzien, entered_by=kwartiermaker, description="Workshop Zeeland")
    client.force_login(kwartiermaker)
    url = reverse("budget:entries", kwargs={"year": 2024})
    first = client.get(url).content.decode()
    assert first.count("/begroting/boeking/") == 100
    second = client.get(url + "?page=2").content.decode()
    assert second.count("/begroting/boeking/") == 2
    only = client.get(url, {"line": onvoorzien.pk}).content.decode()
    assert only.count("/begroting/boeking/") == 1 and "Workshop Zeeland" in only
    found = client.get(url, {"q": "zeeland"}).content.decode()
    assert found.count("/begroting/boeking/") == 1


def test_stale_approval_through_the_page_is_refused_with_the_note_kept(
    client, objects, stuurgroeplid
):
    change = BudgetChange.objects.get(pk=objects["change"])
    stale_version = change.version
    BudgetChange.objects.get(pk=change.pk).save()  # someone else touched it
    client.force_login(stuurgroeplid)
    response = client.post(
        reverse("budget:change", kwargs={"pk": change.pk}),
        {
            "action": "approve",
            "version": stale_version,
            "decision_note": "Akkoord SG",
            "confirm": "1",
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Iemand anders" in page and "Akkoord SG" in page
    change.refresh_from_db()
    assert change.status == ChangeStatus.PROPOSED
    assert BudgetLine.objects.get(pk=change.to_line_id).amount == Decimal("100000.00")


def test_the_proposer_cannot_approve_their_own_change(client, objects):
    from tests.factories import UserFactory

    change = BudgetChange.objects.get(pk=objects["change"])
    both = UserFactory(roles=[Role.KWARTIERMAKER, Role.STUURGROEPLID])
    change.proposed_by = both
    change.save()
    client.force_login(both)
    response = client.post(
        reverse("budget:change", kwargs={"pk": change.pk}),
        {"action": "approve", "version": change.version, "decision_note": "", "confirm": "1"},
    )
    assert "niet zelf goedkeuren" in response.content.decode()
    change.refresh_from_db()
    assert change.status == ChangeStatus.PROPOSED


def test_approval_can_link_a_stuurgroep_decision(client, objects, stuurgroeplid):
    from governance.models import Decision

    decision = Decision.objects.create(
        year=2024, sequence=7, decided_on=datetime.date(2024, 6, 1), text="Onvoorzien"
    )
    change = BudgetChange.objects.get(pk=objects["change"])
    client.force_login(stuurgroeplid)
    page = client.get(reverse("budget:change", kwargs={"pk": change.pk})).content.decode()
    assert "SG-2024-007" in page
    client.post(
        reverse("budget:change", kwargs={"pk": change.pk}),
        {"action": "approve", "version": change.version, "decision": decision.pk, "confirm": "1"},
    )
    change.refresh_from_db()
    assert change.decision == decision and change.status == ChangeStatus.APPROVED
    listing = client.get(reverse("budget:changes", kwargs={"year": 2024})).content.decode()
    assert "SG-2024-007" in listing


def test_a_membership_change_is_flagged_and_recalculated_from_the_page(
    client, stuurgroeplid, budget_2024
):
    from core.models import Organisation

    werkplein = Organisation.objects.get(short_name="Werkplein")
    werkplein.membership_end = datetime.date(2024, 6, 30)
    werkplein.save()
    client.force_login(stuurgroeplid)
    url = reverse("budget:year", kwargs={"year": 2024})
    page = client.get(url).content.decode()
    assert "wijkt af van wat de regel nu geeft" in page and "Verdeling herberekenen" in page
    client.post(reverse("budget:recalculate", kwargs={"year": 2024}))
    page = client.get(url).content.decode()
    assert "wijkt af" not in page
    assert "€\u00a070.765,49" in page
    assert "€\u00a0142.308,63" in page and "€\u00a0142.308,62" in page
    history = page[page.index("Eerdere verdelingen") :]
    assert "€\u00a0128.000,00" in history and "€\u00a070.765,49" in history


def test_see_share_is_object_level(respondent, trekker, stuurgroeplid, griffier, seeded):
    from core.models import Organisation

    roosendaal = Organisation.objects.get(short_name="Roosendaal")
    tholen = Organisation.objects.get(short_name="Tholen")
    assert griffier.has_perm("budget.see_share", roosendaal)
    assert not griffier.has_perm("budget.see_share", tholen)
    assert trekker.has_perm("budget.see_share", tholen)
    assert stuurgroeplid.has_perm("budget.see_share", tholen)
    # A respondent has no budget task: no share, no budget pages.
    assert not respondent.has_perm("budget.see_share", roosendaal)
    assert not respondent.has_perm("budget.see_budget")


def test_burn_down_counts_down_per_month_against_an_even_burn(client, stuurgroeplid, line):
    from budget.selectors import burn_down

    EntryFactory(line=line, amount=Decimal("40000.00"), booked_on=datetime.date(2024, 2, 10))
    EntryFactory(
        line=line, amount=Decimal("1000.00"), booked_on=datetime.date(2024, 3, 1), credit=True
    )
    points = burn_down(user=stuurgroeplid, budget_year=line.budget_year)
    assert [p.remaining for p in points[:3]] == [
        Decimal("640000.00"),
        Decimal("600000.00"),
        Decimal("601000.00"),
    ]
    assert points[11].remaining == Decimal("601000.00")
    assert points[5].planned_remaining == Decimal("320000.00")
    assert points[11].planned_remaining == Decimal("0.00")
    client.force_login(stuurgroeplid)
    page = client.get(reverse("budget:burn_down", kwargs={"year": 2024})).content.decode()
    assert 'src="data:image/svg+xml;base64,' in page and "€\u00a0601.000,00" in page


@pytest.mark.parametrize(
    ("action", "question", "status"),
    [
        ("approve", "Wilt u deze wijziging goedkeuren?", ChangeStatus.APPROVED),
        ("reject", "Wilt u deze wijziging afwijzen?", ChangeStatus.REJECTED),
    ],
)
def test_deciding_a_change_asks_first(client, objects, stuurgroeplid, action, question, status):
    change = BudgetChange.objects.get(pk=objects["change"])
    client.force_login(stuurgroeplid)
    url = reverse("budget:change", kwargs={"pk": change.pk})
    data = {"action": action, "version": change.version, "decision_note": "Akkoord SG"}
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200 and question in page
    assert 'value="Akkoord SG"' in page
    change.refresh_from_db()
    assert change.status == ChangeStatus.PROPOSED
    assert BudgetLine.objects.get(pk=change.to_line_id).amount == Decimal("100000.00")
    # Back: the decide form again with the note as typed.
    response = client.post(url, {**data, "confirm": "back"})
    assert response.status_code == 200 and "Akkoord SG" in response.content.decode()
    change.refresh_from_db()
    assert change.status == ChangeStatus.PROPOSED
    assert client.post(url, {**data, "confirm": "1"}).status_code == 302
    change.refresh_from_db()
    assert change.status == status


def test_changes_since_the_last_meeting_by_history(
    client, seeded, line, onvoorzien, kwartiermaker, stuurgroeplid, trekker
):
    """Proposed before the last meeting and approved after it: approved, not newly proposed."""
    from core.services import history_backdate
    from tests.governance.factories import MeetingFactory

    today = datetime.date.today()
    MeetingFactory(held_on=today - datetime.timedelta(days=10), title="Vorige stuurgroep")

    def propose(amount, reason):
        return services.change_propose(
            acting_user=kwartiermaker,
            budget_year=line.budget_year,
            kind=ChangeKind.CONTINGENCY,
            from_line=onvoorzien,
            to_line=line,
            amount=Decimal(amount),
            reason=reason,
        )

    twenty_days_ago = datetime.datetime.now().astimezone() - datetime.timedelta(days=20)
    old = propose("100.00", "Oud voorstel")
    history_backdate(record=old, at=twenty_days_ago)
    old.refresh_from_db()
    services.change_approve(
        change=old, expected_version=old.version, acting_user=stuurgroeplid, note="", decision=None
    )
    untouched = propose("200.00", "Blijft liggen")
    history_backdate(record=untouched, at=twenty_days_ago)
    new = propose("300.00", "Nieuw voorstel")
    from budget.selectors import changes_since
    from governance.selectors import changes_since_meeting

    since = changes_since_meeting(user=stuurgroeplid).since
    found = changes_since(user=stuurgroeplid, since=since)
    assert found.proposed == [new] and found.approved == [old] and not found.rejected
    client.force_login(stuurgroeplid)
    page = client.get(reverse("governance:changes")).content.decode()
    assert "Begrotingswijzigingen" in page
    assert reverse("budget:change", kwargs={"pk": new.pk}) in page
    assert "2.024" not in page  # a year, not a number
    assert reverse("budget:change", kwargs={"pk": untouched.pk}) not in page
    # A workstream lead sees the page but not the budget changes.
    client.force_login(trekker)
    page = client.get(reverse("governance:changes")).content.decode()
    assert "Begrotingswijzigingen" not in page


def test_change_pages_show_no_dashes_in_their_choices(client, objects, stuurgroeplid):
    """The decide form's empty choice names what it means ("Geen besluit"), never "---------"."""
    change = BudgetChange.objects.get(pk=objects["change"])
    client.force_login(stuurgroeplid)
    page = client.get(reverse("budget:change", kwargs={"pk": change.pk})).content.decode()
    assert "Geen besluit" in page
    assert "---------" not in page


def test_the_propose_form_shows_no_dashes(client, kwartiermaker, line, onvoorzien):
    client.force_login(kwartiermaker)
    page = client.get(reverse("budget:change_create", kwargs={"year": 2024})).content.decode()
    assert "Geen post" in page and "Geen besluit" in page
    assert "---------" not in page


def test_the_cached_year_page_shows_every_write_at_once(
    client, stuurgroeplid, kwartiermaker, line, django_assert_max_num_queries
):
    """The lines and shares are a cached fragment (core.caching): a warm read runs none of
    their queries, and an entry, a line's name or an organisation's name shows at once."""
    client.force_login(stuurgroeplid)
    url = reverse("budget:year", kwargs={"year": 2024})
    client.get(url)
    with django_assert_max_num_queries(4):  # session, user, the year, the data version
        page = client.get(url).content.decode()
    assert "€\u00a04.321,00" not in page
    EntryFactory(line=line, entered_by=kwartiermaker, amount=Decimal("4321.00"))
    assert "€\u00a04.321,00" in client.get(url).content.decode()
    BudgetLine.objects.filter(pk=line.pk).update(name="Hernoemde post")
    assert "Hernoemde post" in client.get(url).content.decode()
    organisation = stuurgroeplid.organisation
    organisation.name = "Gemeente Hernoemd"
    organisation.save()
    assert "Gemeente Hernoemd" in client.get(url).content.decode()


def test_the_cached_change_list_shows_a_new_change_and_its_decision_at_once(
    client, kwartiermaker, line, django_assert_max_num_queries
):
    from tests.budget.factories import BudgetChangeFactory
    from tests.governance.factories import DecisionFactory

    client.force_login(kwartiermaker)
    url = reverse("budget:changes", kwargs={"year": 2024})
    client.get(url)
    with django_assert_max_num_queries(4):  # session, user, the year, the data version
        assert "€\u00a0765,00" not in client.get(url).content.decode()
    change = BudgetChangeFactory(to_line=line, amount=Decimal("765.00"), proposed_by=kwartiermaker)
    assert "€\u00a0765,00" in client.get(url).content.decode()
    decision = DecisionFactory()
    BudgetChange.objects.filter(pk=change.pk).update(decision=decision)
    assert decision.number in client.get(url).content.decode()
