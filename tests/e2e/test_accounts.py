"""Sign-in in the browser: SSO through a real provider, MFA setup and challenge, the audit pages.

Set WBW_SCREENSHOT_DIR to keep screenshots of each page at 1280 and 390 px wide.
"""

import os
import re

import pyotp
import pytest
from playwright.sync_api import expect

from tests.accounts.conftest import sso  # noqa: F401  (the real OIDC provider fixture)
from tests.accounts.test_sso import ANNE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


# Elements reaching past the right edge of the window (none on a page usable at 390 px);
# a wide table scrolls inside its own region.
WIDEST = """[...document.querySelectorAll('main *, header *')]
  .filter(e => !e.closest('.table-responsive'))
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))
  .slice(0, 5)"""


def check_page(page, assert_accessible, name):
    """axe-clean at desktop and phone width, nothing wider than the phone screen."""
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        folder = os.environ.get("WBW_SCREENSHOT_DIR")
        if folder:
            page.screenshot(path=os.path.join(folder, f"{name}-{width}.png"), full_page=True)
        assert_accessible()
        overflow = page.evaluate(WIDEST)
        assert not overflow, f"{name} at {width}px: wider than the screen: {overflow}"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_stuurgroep_sets_up_totp_before_the_dashboard_and_is_asked_for_it_next_time(
    page, login, settings, stuurgroeplid, assert_accessible
):
    settings.WBW_MFA = "required"
    login("sg")
    expect(page).to_have_url("/account/2fa/totp/activate/")
    expect(page.get_by_role("heading", name="Tweestapsverificatie instellen")).to_be_visible()
    expect(page.get_by_text("tweestapsverificatie verplicht")).to_be_visible()
    check_page(page, assert_accessible, "mfa-setup")
    totp = pyotp.TOTP(page.locator("#totp-sleutel").inner_text().strip())
    page.locator("input[name=code]").fill(totp.now())
    page.get_by_role("button", name="Activeren").click()
    expect(page.get_by_role("heading", name="Herstelcodes")).to_be_visible()
    expect(page.locator("#herstelcodes li")).to_have_count(10)
    check_page(page, assert_accessible, "mfa-recovery-codes")
    page.get_by_role("link", name="Verder naar het portaal").click()
    expect(page).to_have_url("/")

    page.get_by_role("button", name="Uitloggen").click()
    login("sg")
    expect(page.get_by_role("heading", name="Tweestapsverificatie")).to_be_visible()
    check_page(page, assert_accessible, "mfa-challenge")
    page.locator("input[name=code]").fill(totp.now())
    page.get_by_role("button", name="Bevestigen").click()
    expect(page).to_have_url("/")


def test_login_page_with_sso_is_accessible_and_signs_in_through_the_provider(
    page,
    live_server,
    sso,  # noqa: F811
    roosendaal,
    assert_accessible,
):
    sso(roosendaal, accounts={"anne": ANNE}, base_url=live_server.url)
    page.goto("/inloggen/")
    check_page(page, assert_accessible, "login")
    page.get_by_role("button", name="Inloggen via Gemeente Roosendaal").click()
    expect(page.get_by_role("heading", name="Test identity provider")).to_be_visible()
    page.get_by_label("Login").fill("anne")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("button", name=re.compile("Anne"))).to_be_visible()


def test_beheerder_uses_the_change_log_and_the_access_review(
    page, login, beheerder, stuurgroeplid, assert_accessible
):
    login("bh")
    page.get_by_role("link", name="Wijzigingslogboek").click()
    expect(page.get_by_role("heading", name="Wijzigingslogboek")).to_be_visible()
    page.get_by_label("Gebruiker").select_option(value=str(beheerder.pk))
    page.get_by_role("button", name="Filteren").click()
    check_page(page, assert_accessible, "audit-events")
    page.get_by_role("link", name="Toegangsoverzicht").click()
    expect(page.get_by_role("cell", name=re.compile("Stuurgroeplid"))).to_be_visible()
    check_page(page, assert_accessible, "audit-access-review")
