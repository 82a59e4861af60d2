"""Crawl the portal as every demo role, on a phone-sized screen and a laptop screen.

For each role: sign in, follow every same-site link (each URL pattern a few times at most) and
fail on a link that answers 403, 404 or a server error for that user, a page that scrolls
sideways at 390 x 844 or at 1280 x 800, a WCAG 2.1 A/AA violation that axe-core finds (once
per URL pattern), Django's "---------" anywhere on the page, a date in ISO notation
(2027-01-15) in its text, or an id written with thousands separators ("10.001") in an
attribute a machine reads (tests/machine_values.py). Each URL pattern (Django's route, with
the names of the query parameters) is visited at most twice per role. One browser context per
role, one live server for all of them.
"""

import re
from collections import Counter, deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import Resolver404, resolve

from core.seed import DEMO_ACCOUNTS
from tests.e2e.conftest import axe_violations
from tests.machine_values import localized_numbers_in_attributes
from tests.shared_data import DEMO_PASSWORD

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.long_running,
]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
VISITS_PER_PATTERN = 2
# Not pages of ours to crawl: Django's admin (its own UI), the API and its schema browser,
# sign-out, language switching and static files.
SKIPPED_PREFIXES = ("/beheer/", "/api/", "/static/", "/media/", "/uitloggen/", "/taal/")
# A date as a person should never read it on a page (inputs of type date are not text).
ISO_DATE = re.compile(r"\b(19|20)\d\d-[01]\d-[0-3]\d\b")
# Links that answer with a file, not a page: checked for their status only.
DOWNLOAD = re.compile(r"(\.pdf|\.ics|\.csv|\.xlsx|/download/?|/export/?|/pdf/?)(\?|$)")


# What the kwartiermaker's crawl must reach through links, so that these pages are checked
# (axe-core included) here and nowhere else: a link that disappears fails the crawl.
KWARTIERMAKER_REACHES = {
    "home",
    "core:glossary",
    *(
        f"governance:{register}_{page}"
        for register in ("milestone", "decision", "action", "commitment", "risk")
        for page in ("list", "detail", "edit")
    ),
    *(f"governance:{register}_create" for register in ("decision", "action", "commitment", "risk")),
    "governance:workstream_list",
    "governance:workstream_detail",
    "governance:milestone_create",
    "governance:report_create",
    "governance:report_list",
    "governance:report_detail",
    "governance:report_quick",
    "governance:meeting_list",
    "governance:meeting_detail",
    "governance:meeting_create",
    "governance:meeting_agenda",
    "governance:roles",
    "governance:role_assignment_detail",
    "governance:role_assignment_edit",
    "governance:role_assignment_create",
    "governance:changes",
    "governance:calendar_feed_settings",
    "budget:index",
    "budget:year",
    "budget:entries",
    "budget:entry",
    "budget:entry_create",
    "budget:entry_edit",
    "budget:entry_import",
    "budget:participants",
    "budget:burn_down",
    "budget:line",
    "budget:changes",
    "budget:change",
    "budget:change_create",
    "maturity:round_list",
    "maturity:round_create",
    "maturity:round_detail",
    "maturity:round_record",
    "maturity:organisation_result",
    "maturity:assessment_detail",
    "maturity:import_data",
    "reports:list",
    "reports:request",
    "notifications:preferences",
    "notifications:failed",
}


def url_pattern(path: str) -> str:
    """The URL pattern a path resolves to, with the names of its query parameters:
    /governance/werkstromen/basis-ict/?sort=x -> governance/werkstromen/<slug:slug>/?sort."""
    split = urlsplit(path)
    try:
        pattern = resolve(split.path).route
    except Resolver404:
        pattern = split.path
    if split.query:
        names = sorted({part.split("=")[0] for part in split.query.split("&")})
        pattern += "?" + "&".join(names)
    return pattern


# What the crawl reads of a page, in one round trip: its width against the window, Django's
# empty choice anywhere in the markup, the attributes that hold a number with a dot before three
# digits (as markup, for tests/machine_values.py to judge), the first ISO date in its text and
# its links.
PAGE_FACTS = r"""isoDate => {
    const iso = document.body.innerText.match(new RegExp(isoDate));
    return {
        width: document.documentElement.scrollWidth,
        window: window.innerWidth,
        dashes: document.documentElement.outerHTML.includes("---------"),
        numbered: Array.from(document.querySelectorAll("*"), element =>
            Array.from(element.attributes)
                .filter(attribute => /\d\.\d{3}/.test(attribute.value))
                .map(attribute => `<${element.localName} ${attribute.name}="${
                    attribute.value.replaceAll("&", "&amp;").replaceAll('"', "&quot;")}">`)
        ).flat().join(""),
        iso: iso ? iso[0] : null,
        links: Array.from(document.querySelectorAll("a[href]"), link => link.href),
    };
}"""
PAGE_WIDTH = "() => [document.documentElement.scrollWidth, window.innerWidth]"


def same_site_paths(hrefs: list[str], origin: str) -> list[str]:
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


def broken(status: int) -> bool:
    """A closed door (403, 404) or a server error behind a link."""
    return status in (403, 404) or status >= 500


def view_name(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def crawl(browser, base_url: str, username: str) -> tuple[list[str], set[str]]:
    """The problems found, and the names of the pages (views) the crawl checked."""
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

        viewport = PHONE
        seen: set[str] = set()
        checked: set[str] = set()
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
                if broken(status):
                    problems.append(f"{username}: {path} answers {status} (linked on {found_on})")
                continue
            response = page.goto(path)
            status = response.status if response else 0
            if broken(status):
                problems.append(f"{username}: {path} answers {status} (linked on {found_on})")
                continue
            if status >= 400 or "text/html" not in response.headers.get("content-type", ""):
                continue
            checked.add(view_name(path))
            # Every page is measured at both sizes with one resize: a page that loaded at the
            # laptop size (where the previous page was left) is measured there first. What
            # else the crawl reads, and axe-core, always see the phone size.
            widths = []
            loaded_at_laptop = viewport == LAPTOP
            if loaded_at_laptop:
                widths.append(page.evaluate(PAGE_WIDTH))
                page.set_viewport_size(viewport := PHONE)
            facts = page.evaluate(PAGE_FACTS, ISO_DATE.pattern)
            widths.append((facts["width"], facts["window"]))
            if facts["dashes"]:
                problems.append(f"{username}: {path} shows '---------'")
            for attribute in localized_numbers_in_attributes(facts["numbered"]):
                problems.append(f"{username}: {path} has an id with separators: {attribute}")
            if facts["iso"]:
                problems.append(f"{username}: {path} shows the ISO date {facts['iso']}")
            # axe-core checks the template, which is the same for every path of a pattern: once
            # per pattern (the first visit); every visit gets the other checks.
            if per_pattern[pattern] == 1:
                for violation in axe_violations(page):
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    problems.append(f"{username}: {path} axe {violation['id']} at {targets}")
            if not loaded_at_laptop:
                page.set_viewport_size(viewport := LAPTOP)
                widths.append(page.evaluate(PAGE_WIDTH))
            for width, window in widths:
                if width > window:
                    problems.append(f"{username}: {path} scrolls sideways ({width} > {window} px)")
            for link in same_site_paths(facts["links"], base_url):
                if link not in seen:
                    queue.append((link, path))
        assert len(seen) > 3, f"{username}: the crawl reached only {sorted(seen)}"
    finally:
        context.close()
    return problems, checked


# One case per demo account, so that pytest-xdist shares the crawl out over its processes.
@pytest.mark.parametrize("username", list(DEMO_ACCOUNTS))
def test_every_role_finds_no_closed_door_no_sideways_scroll_and_no_axe_violation(
    browser, live_server, demo_seeded, username
):
    problems, checked = crawl(browser, live_server.url, username)
    assert not problems, "\n" + "\n".join(problems)
    if username == "kwartiermaker":
        assert not KWARTIERMAKER_REACHES - checked, sorted(KWARTIERMAKER_REACHES - checked)
