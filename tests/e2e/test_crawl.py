"""Crawl the portal as every demo role, on a phone-sized screen and a laptop screen.

For each role: sign in, follow every same-site link (each URL pattern a few times at most) and
fail on a link that answers 403 or 404 for that user, a page that scrolls sideways at
390 x 844 or at 1280 x 800, a WCAG 2.1 A/AA violation that axe-core finds, Django's
"---------" anywhere on the page or a date in ISO notation (2027-01-15) in its text. One
browser context per role, one live server for all of them.
"""

import re
from collections import Counter, deque
from urllib.parse import urldefrag, urlsplit

import pytest

from core.seed import DEMO_ACCOUNTS
from tests.e2e.conftest import WCAG_21_AA
from tests.shared_data import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
VISITS_PER_PATTERN = 2
# Not pages of ours to crawl: Django's admin (its own UI), the API and its schema browser,
# sign-out, language switching and static files.
SKIPPED_PREFIXES = ("/beheer/", "/api/", "/static/", "/media/", "/uitloggen/", "/taal/")
# Links that answer with a file, not a page: checked for their status only.
# A date as a person should never read it on a page (inputs of type date are not text).
ISO_DATE = re.compile(r"\b(19|20)\d\d-[01]\d-[0-3]\d\b")
DOWNLOAD = re.compile(r"(\.pdf|\.ics|\.csv|\.xlsx|/download/?|/export/?|/pdf/?)(\?|$)")


def url_pattern(path: str) -> str:
    """/governance/risico/12/?page=2 -> /governance/risico/#/ (query kept by name only)."""
    split = urlsplit(path)
    pattern = re.sub(r"/\d+(?=/|$)", "/#", split.path)
    pattern = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "<uuid>", pattern)
    if split.query:
        names = sorted({part.split("=")[0] for part in split.query.split("&")})
        pattern += "?" + "&".join(names)
    return pattern


def same_site_paths(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    paths = []
    for href in hrefs:
        href, _ = urldefrag(href)
        if not href.startswith(origin):
            continue
        path = href[len(origin) :] or "/"
        if path.startswith(SKIPPED_PREFIXES):
            continue
        paths.append(path)
    return paths


def crawl(browser, base_url: str, username: str, axe) -> list[str]:
    context = browser.new_context(base_url=base_url, locale="nl-NL", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    try:
        page.goto("/inloggen/")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_load_state()
        assert "/inloggen/" not in page.url, f"{username} could not sign in"

        seen: set[str] = set()
        per_pattern: Counter = Counter()
        queue = deque([("/", "(start)")])
        while queue:
            path, found_on = queue.popleft()
            pattern = url_pattern(path)
            if path in seen or per_pattern[pattern] >= VISITS_PER_PATTERN:
                continue
            seen.add(path)
            per_pattern[pattern] += 1
            if DOWNLOAD.search(path):
                status = context.request.get(path, max_redirects=0).status
                if status in (403, 404):
                    problems.append(f"{username}: {path} answers {status} (linked on {found_on})")
                continue
            response = page.goto(path)
            status = response.status if response else 0
            if status in (403, 404):
                problems.append(f"{username}: {path} answers {status} (linked on {found_on})")
                continue
            if status >= 400 or "text/html" not in response.headers.get("content-type", ""):
                continue
            for screen in (LAPTOP, PHONE):  # the page stays at the phone size afterwards
                page.set_viewport_size(screen)
                wide = page.evaluate(
                    "() => [document.documentElement.scrollWidth, window.innerWidth]"
                )
                if wide[0] > wide[1]:
                    problems.append(
                        f"{username}: {path} scrolls sideways ({wide[0]} > {wide[1]} px)"
                    )
            if "---------" in page.content():
                problems.append(f"{username}: {path} shows '---------'")
            iso = ISO_DATE.search(page.inner_text("body"))
            if iso:
                problems.append(f"{username}: {path} shows the ISO date {iso.group(0)}")
            results = axe.run(
                page,
                options={
                    "runOnly": {"type": "tag", "values": WCAG_21_AA},
                    "resultTypes": ["violations"],
                },
            )
            for violation in results.response["violations"]:
                targets = [node["target"] for node in violation["nodes"]][:3]
                problems.append(f"{username}: {path} axe {violation['id']} at {targets}")
            for link in same_site_paths(page, base_url):
                if link not in seen:
                    queue.append((link, path))
        assert len(seen) > 3, f"{username}: the crawl reached only {sorted(seen)}"
    finally:
        context.close()
    return problems


# One case per demo account, so that pytest-xdist shares the crawl out over its processes.
@pytest.mark.parametrize("username", list(DEMO_ACCOUNTS))
def test_every_role_finds_no_closed_door_no_sideways_scroll_and_no_axe_violation(
    browser, live_server, demo_seeded, username
):
    from axe_playwright_python.sync_playwright import Axe

    problems = crawl(browser, live_server.url, username, Axe())
    assert not problems, "\n" + "\n".join(problems)
