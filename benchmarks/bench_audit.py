"""The beheerder's audit pages in `make bench`, at 10x the demo data.

The change log reads the history that every other module's (bulk) inserts write through the
pghistory triggers, so it needs no data of its own: it grows with everything else.
"""

from benchmarks.pages import Page

PAGES = [
    # Every event, newest first: the first page of 50.
    Page("wijzigingslogboek (beheerder)", "/audit/wijzigingen/", "beheerder"),
    # A deeper page, and one kind of record over a date range.
    Page("wijzigingslogboek, pagina 5 (beheerder)", "/audit/wijzigingen/?pagina=5", "beheerder"),
    Page(
        "wijzigingslogboek, acties 2026 (beheerder)",
        "/audit/wijzigingen/?model=governance.Action&date_from=2026-01-01&date_to=2026-12-31",
        "beheerder",
    ),
    Page("toegangsoverzicht (beheerder)", "/audit/toegang/", "beheerder"),
]
