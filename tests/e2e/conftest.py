"""Browser harness: the app on a live server, driven in Debian's Chromium by Playwright."""

import pytest

from tests.conftest import PASSWORD, chromium_path, skip_or_fail

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if not executable:
        skip_or_fail("Chromium is not installed (Debian package 'chromium')")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems = []

    def on_console(message):
        # Error pages (403, 404, 429) are documents we navigate to on purpose; a failing
        # stylesheet, script or image is caught by on_response below.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(message.text)

    def on_response(response):
        if response.request.resource_type != "document" and response.status >= 400:
            problems.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    yield page
    context.close()
    # A CSP violation, a broken script or a missing static file shows up here.
    assert not problems, problems


@pytest.fixture
def login(page):
    """login(username) in the browser, through the real login form."""

    def do_login(username: str, password: str = PASSWORD):
        page.goto("/inloggen/")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_load_state()

    return do_login


@pytest.fixture
def assert_accessible(page):
    """Fail on any WCAG 2.1 A/AA violation that axe-core finds on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check():
        results = axe.run(
            page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_21_AA},
                "resultTypes": ["violations"],
            },
        )
        violations = results.response["violations"]
        assert not violations, results.generate_report()

    return check
