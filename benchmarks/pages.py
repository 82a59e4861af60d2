"""What `make bench` measures. Each app has a module `benchmarks/bench_<app>.py` with
`PAGES` (a list of Page) and `scale(factor)` (adds `factor` times its demo data)."""

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

BENCH_MODULES = [
    "benchmarks.bench_core",
    "benchmarks.bench_governance",
    "benchmarks.bench_budget",
    "benchmarks.bench_maturity",
    "benchmarks.bench_reports",
    "benchmarks.bench_api",
    "benchmarks.bench_search",
    "benchmarks.bench_audit",
]


@dataclass(frozen=True)
class Page:
    name: str
    # The address, or a function giving it once the data is there (an address that depends
    # on the data, such as the change log's cursor).
    path: str | Callable[[], str]
    username: str | None  # None: anonymous
    headers: dict | None = None  # extra request headers, e.g. an API token

    def url(self) -> str:
        return self.path() if callable(self.path) else self.path


# The pages every page is compared with, measured in the same run: a trivial view (the
# framework's floor) and the login page (a real page: middleware, session, template, form).
BASELINE = Page("gezond (triviaal)", "/gezond/", None)
LOGIN = Page("inloggen", "/inloggen/", None)


def _modules():
    return [import_module(name) for name in BENCH_MODULES]


def all_pages() -> list[Page]:
    return [page for module in _modules() for page in getattr(module, "PAGES", [])]


def scale_data(factor: int) -> None:
    """Add `factor` times the demo data, so query counts and timings show growth."""
    for module in _modules():
        if hasattr(module, "scale"):
            module.scale(factor)
