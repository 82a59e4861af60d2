"""Searching from the header, in the browser: the demo's CISO question, for every role."""

import re

import pytest
from playwright.sync_api import expect

from core.models import Role
from tests.conftest import PASSWORD, ROLE_FIXTURES
from tests.shared_data import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_stuurgroep_member_finds_the_shared_ciso_from_the_header(
    page, login, demo_seeded, assert_accessible
):
    login("stuurgroep", DEMO_PASSWORD)
    header = page.get_by_role("banner")
    header.get_by_label("Zoeken in het portaal").fill("ciso")
    header.get_by_role("button", name="Zoek", exact=True).click()
    expect(page.get_by_role("heading", name="Zoeken", exact=True)).to_be_visible()
    # The decision, the escalation in the status report and the risk, each one click away.
    decisions = page.get_by_role("region", name="Besluiten")
    expect(decisions.get_by_text("SG-2026-006")).to_be_visible()
    reports = page.get_by_role("region", name="Statusrapportages")
    expect(reports.locator("mark", has_text="CISO").first).to_be_visible()
    expect(reports.get_by_text("Besluit nodig over gezamenlijke")).to_be_visible()
    risks = page.get_by_role("region", name="Risico's")
    expect(risks.get_by_role("link", name="CISO-rol bij één persoon belegd")).to_be_visible()
    assert_accessible()

    decisions.get_by_role("link", name="SG-2026-006").click()
    expect(page.get_by_role("heading", name="SG-2026-006")).to_be_visible()
    expect(page.get_by_text("gezamenlijke CISO-capaciteit")).to_be_visible()
    page.go_back()
    risks.get_by_role("link", name="CISO-rol bij één persoon belegd").click()
    expect(page).to_have_url(re.compile(r"/governance/risicos/\d+/$"))
    expect(page.get_by_text("CISO-rol bij één persoon belegd").first).to_be_visible()


def test_filters_and_the_typo_hint_work_in_the_browser(page, login, demo_seeded, assert_accessible):
    login("kwartiermaker", DEMO_PASSWORD)
    page.goto("/zoeken/?q=cisco")
    expect(page.get_by_text("Geen exacte treffers; dit lijkt er het meest op.")).to_be_visible()
    page.get_by_label("Soort").select_option(label="Risico's")
    page.get_by_role("main").get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("region", name="Risico's")).to_be_visible()
    expect(page.get_by_role("region", name="Besluiten")).to_have_count(0)
    assert_accessible()
    page.goto("/zoeken/?q=de+het+een")
    expect(page.get_by_text("geen woorden om op te zoeken")).to_be_visible()
    assert_accessible()


ROLES = [role for role in ROLE_FIXTURES if role != "anoniem"]


def test_the_header_search_fits_for_every_role(page, login, request):
    for role in ROLES:
        user = request.getfixturevalue(ROLE_FIXTURES[role])
        if role == Role.GRIFFIER:
            assert user.organisation.has_council
        page.context.clear_cookies()
        login(user.username, PASSWORD)
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 844})
            page.reload()
            toggler = page.get_by_role("button", name="Menu openen")
            if width < 1200:
                toggler.click()
            box = page.get_by_role("banner").get_by_label("Zoeken in het portaal")
            expect(box).to_be_visible()
            # Nothing in the header sticks out sideways (the footer is another page's business).
            overflow = page.evaluate(
                "[...document.querySelectorAll('header *')]"
                ".some(e => e.getBoundingClientRect().right > window.innerWidth)"
            )
            assert not overflow, (role, width)
            assert box.bounding_box()["width"] >= 80, (role, width)
            # The bar keeps to one row on a desktop: the box sits beside the menu, not below it.
            if width >= 1200:
                nav = page.locator("nav.navbar").bounding_box()
                assert nav["height"] < 80, (role, nav)
        box.fill("ciso")
        box.press("Enter")
        expect(page.get_by_role("heading", name="Zoeken", exact=True)).to_be_visible()
