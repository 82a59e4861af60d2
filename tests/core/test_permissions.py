"""Navigation and object-level rules in use (the rule table and the pages: test_rules.py)."""

import pytest
from django.urls import reverse

from core.models import Role
from core.navigation import nav_for
from tests.factories import OrganisationFactory, UserFactory, WorkstreamFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", Role.values)
def test_navigation_shows_only_what_the_role_may_use(user_for_role, role):
    user = user_for_role(role)
    labels = {str(item["label"]) for item in nav_for(user, "/")}
    assert "Overzicht" in labels
    assert ("Beheer" in labels) == (role == Role.BEHEERDER)
    assert ("Systeemstatus" in labels) == (role in {Role.BEHEERDER, Role.KWARTIERMAKER})


def test_rendered_navigation_matches_the_rules(client, stuurgroeplid, beheerder):
    client.force_login(stuurgroeplid)
    page = client.get(reverse("home")).content.decode()
    assert reverse("admin:index") not in page
    client.force_login(beheerder)
    assert reverse("admin:index") in client.get(reverse("home")).content.decode()


def test_workstream_edit_rule_is_object_level(kwartiermaker, trekker, stuurgroeplid, griffier):
    own = WorkstreamFactory(lead_organisation=trekker.organisation)
    other = WorkstreamFactory(lead_organisation=OrganisationFactory(short_name="Moerdijk"))
    assert trekker.has_perm("governance.edit_workstream", own)
    assert not trekker.has_perm("governance.edit_workstream", other)
    assert kwartiermaker.has_perm("governance.edit_workstream", other)
    assert not stuurgroeplid.has_perm("governance.edit_workstream", own)
    assert not griffier.has_perm("governance.edit_workstream", own)


def test_a_trekker_without_organisation_leads_nothing():
    lone = UserFactory(organisation=None, werkstroomtrekker=True)
    unled = WorkstreamFactory(lead_organisation=None)
    assert not lone.has_perm("governance.edit_workstream", unled)


def test_beheerder_holds_admin_model_permissions_but_no_portal_rules(beheerder, trekker):
    assert beheerder.has_perm("core.change_organisation")
    assert not beheerder.has_perm("governance.edit_workstream", WorkstreamFactory())
    assert not trekker.has_perm("core.change_organisation")


def test_inactive_users_hold_no_rules(stuurgroeplid):
    stuurgroeplid.is_active = False
    assert not stuurgroeplid.has_perm("governance.see_programme")


@pytest.mark.parametrize("path", ["/", "/systeemstatus/", "/beheer/", "/wachtwoord/wijzigen/"])
def test_anonymous_users_are_sent_to_login_everywhere(client, path):
    response = client.get(path, follow=True)
    assert response.redirect_chain, "expected a redirect"
    assert response.redirect_chain[-1][0] == f"{reverse('login')}?next={path}"
    assert "Inloggen" in response.content.decode()


def test_the_registers_are_grouped_under_one_menu(kwartiermaker, griffier):
    entries = nav_for(kwartiermaker, "/governance/besluiten/")
    [registers] = [entry for entry in entries if entry.get("children")]
    assert str(registers["label"]) == "Sturing"
    assert {str(child["label"]) for child in registers["children"]} >= {"Besluiten", "Risico's"}
    assert registers["active"]
    # A griffier reads no register: their Sturing menu holds only the workstream overview.
    [menu] = [entry for entry in nav_for(griffier, "/") if entry.get("children")]
    assert [str(child["label"]) for child in menu["children"]] == ["Werkstromen"]
