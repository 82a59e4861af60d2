import re

import pytest
from playwright.sync_api import expect

from governance.models import Workstream

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_login_page_is_dutch_and_accessible(page, assert_accessible):
    page.goto("/")
    expect(page).to_have_url("/inloggen/?next=/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    assert_accessible()


def test_the_accessibility_check_finds_a_violation(page):
    """The axe-core runner behind assert_accessible and the crawl reports what it finds."""
    from tests.e2e.conftest import axe_violations

    page.goto("/inloggen/")
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    found = {violation["id"]: violation for violation in axe_violations(page)}
    assert "image-alt" in found, found
    assert found["image-alt"]["nodes"][0]["target"] == ["img"]


def test_a_wrong_password_shows_a_dutch_error_accessibly(page, stuurgroeplid, assert_accessible):
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("sg")
    page.get_by_label("Wachtwoord").fill("fout")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("niet bekend")).to_be_visible()
    expect(page.get_by_label("Gebruikersnaam")).to_have_value("sg")
    assert_accessible()


def test_stuurgroep_member_sees_the_five_workstreams(
    page, login, seeded, stuurgroeplid, assert_accessible
):
    login("sg")
    expect(page.get_by_role("heading", name="Werkstromen")).to_be_visible()
    for workstream in Workstream.objects.all():
        expect(page.get_by_role("cell", name=workstream.name, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Beheer")).to_have_count(0)
    assert_accessible()


def test_beheerder_reaches_the_admin_and_the_system_status(
    page, login, beheerder, assert_accessible
):
    login("bh")
    page.get_by_role("link", name="Systeemstatus").click()
    expect(page.get_by_role("heading", name="Systeemstatus")).to_be_visible()
    assert_accessible()
    page.get_by_role("button", name="Worker controleren").click()
    expect(page.get_by_text("Controle verstuurd")).to_be_visible()
    assert_accessible()
    page.goto("/beheer/")
    expect(page.get_by_role("heading", name="Beheer")).to_be_visible()


def test_logout(page, login, griffier):
    login("gr")
    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url("/inloggen/")


def test_error_and_lockout_pages_are_accessible(page, login, griffier, assert_accessible, settings):
    login("gr")
    page.goto("/bestaat-niet/")
    expect(page.get_by_role("heading", name="Pagina niet gevonden")).to_be_visible()
    assert_accessible()
    page.goto("/systeemstatus/")
    expect(page.get_by_role("heading", name="Geen toegang")).to_be_visible()
    assert_accessible()
    page.get_by_role("button", name="Uitloggen").click()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Gebruikersnaam").fill("gr")
        page.get_by_label("Wachtwoord").fill("fout")
        page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Inloggen tijdelijk geblokkeerd")).to_be_visible()
    assert_accessible()


def test_password_change_page_is_accessible(page, login, respondent, assert_accessible):
    login("rs")
    page.get_by_role("button", name="Test", exact=True).click()  # the user menu
    page.get_by_role("link", name="Wachtwoord wijzigen").click()
    expect(page.get_by_role("heading", name="Wachtwoord wijzigen")).to_be_visible()
    assert_accessible()


def test_the_registers_menu_opens_and_leads_to_a_register(
    page, login, kwartiermaker, assert_accessible
):
    login("km")
    page.get_by_role("button", name="Sturing").click()
    assert_accessible()
    page.get_by_role("link", name="Besluiten", exact=True).click()
    expect(page).to_have_url("/governance/besluiten/")
    expect(page.get_by_role("button", name="Sturing")).to_have_class(re.compile("active"))
