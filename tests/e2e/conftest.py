"""Browser harness: the app on a live server, driven in Debian's Chromium by Playwright."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from tests import npm
from tests.conftest import PASSWORD, chromium_path, skip_or_fail

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
# axe-core is loaded by a script tag from the live server, not sent in with each check: sending
# its 570 kB through Playwright cost about 150 ms a page, while a cached script is compiled once.
# Only the violations come back, with what a report needs.
RUN_AXE = """async ([source, options]) => {
    if (!window.axe) {
        await new Promise((loaded, failed) => {
            const script = document.createElement("script");
            script.src = source;
            script.onload = loaded;
            script.onerror = () => failed(new Error("axe-core did not load from " + source));
            document.head.append(script);
        });
    }
    const results = await axe.run(document, options);
    return results.violations.map(violation => ({
        id: violation.id,
        help: violation.help,
        nodes: violation.nodes.map(node => ({target: node.target, summary: node.failureSummary})),
    }));
}"""
AXE_PATH = "e2e/axe.min.js"


def axe_violations(page) -> list[dict]:
    """The WCAG 2.1 A/AA violations axe-core finds on the page, each with its nodes.

    A click on a link returns once the new document has started loading, when it may not even
    have a <head> yet; axe waits for the whole document, as a reader does."""
    publish_axe()
    page.wait_for_load_state()
    return page.evaluate(RUN_AXE, [f"/{settings.MEDIA_URL.strip('/')}/{AXE_PATH}", AXE_OPTIONS])


def axe_report(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']}: {violation['help']}")
        lines += [f"  {node['target']}: {node['summary']}" for node in violation["nodes"][:5]]
    return "\n".join(lines)


def publish_axe() -> None:
    """axe-core (npm, tests/package.json) where the live server serves media files, dated in the
    past so that the browser keeps it in its cache without asking again."""
    target = Path(settings.MEDIA_ROOT, AXE_PATH)
    if target.exists():
        return
    reason = npm.ensure_installed()
    if reason:
        skip_or_fail(reason)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(npm.NODE_MODULES / "axe-core" / "axe.min.js", target)
    os.utime(target, (946_684_800, 946_684_800))  # 2000-01-01


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

    def check():
        violations = axe_violations(page)
        assert not violations, axe_report(violations)

    return check
