"""Search in `make bench`: the header search at 10x the demo data, next to the login page.

The documents of the scaled data are written by the search triggers during the other modules'
bulk inserts, so the bench also exercises the bulk path of the index.
"""

from benchmarks.pages import Page

PAGES = [
    # The demo question: the decision, the escalation and the risk about the shared CISO.
    Page("zoeken 'ciso' (stuurgroep)", "/zoeken/?q=ciso", "stuurgroep"),
    # Many hits in every kind: counts, the best five per kind, headlines.
    Page("zoeken 'demodata' (kwartiermaker)", "/zoeken/?q=demodata", "kwartiermaker"),
    # One kind, second page of 20.
    Page(
        "zoeken acties, pagina 2 (kwartiermaker)",
        "/zoeken/?q=benchmarkactie&soort=actie&pagina=2",
        "kwartiermaker",
    ),
    # A typo: the words find nothing, the trigram fallback does.
    Page("zoeken tikfout 'cisco' (stuurgroep)", "/zoeken/?q=cisco", "stuurgroep"),
    # Scoped through a subquery: a griffier sees only their council's reports.
    Page("zoeken 'raad' (griffier)", "/zoeken/?q=raad", "griffier"),
]
