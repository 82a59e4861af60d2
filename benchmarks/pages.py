"""What `make bench` measures. Each capability adds its pages and its scaled data here."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    username: str | None  # None: anonymous


# The trivial view every page is compared with, measured in the same run.
BASELINE = Page("gezond (triviaal)", "/gezond/", None)

PAGES = [
    Page("inloggen", "/inloggen/", None),
    Page("overzicht (stuurgroep)", "/", "stuurgroep"),
    Page("systeemstatus (beheerder)", "/systeemstatus/", "beheerder"),
]


def scale_data(factor: int) -> None:
    """Add `factor` times the demo data, so query counts and timings show growth."""
    from benchmarks.scale import scale_core

    scale_core(factor)
