"""The beheerder's audit pages in `make bench`, at 10x the demo data.

The change log reads the history that every other module's (bulk) inserts write through the
pghistory triggers, so it needs no data of its own: it grows with everything else.
"""

from benchmarks.pages import Page

PAGES = [
    # Every event, newest first: the first page of 50.
    Page("wijzigingslogboek (beheerder)", "/audit/wijzigingen/", "beheerder"),
    # Five pages deep (by cursor: its address is worked out once the data is there), and one
    # kind of record over a date range.
    Page("wijzigingslogboek, pagina 5 (beheerder)", lambda: deep_page(5), "beheerder"),
    Page(
        "wijzigingslogboek, acties 2026 (beheerder)",
        "/audit/wijzigingen/?model=governance.Action&date_from=2026-01-01&date_to=2026-12-31",
        "beheerder",
    ),
    Page("toegangsoverzicht (beheerder)", "/audit/toegang/", "beheerder"),
]


def deep_page(depth: int) -> str:
    """The change log's address `depth` pages deep: the "older" link of page `depth - 1`."""
    from audit import selectors, views

    log = selectors.audit_events()
    page = selectors.event_page(log)
    for _ in range(depth - 2):
        page = selectors.event_page(log, older_than=str(page.older))
    return f"/audit/wijzigingen/?{views.OLDER}={page.older}"
