"""Budget pages, and the import of a 10,000-row file (timed while the data is scaled)."""

import datetime
import time
from decimal import Decimal

from benchmarks.pages import Page

PAGES = [
    Page("begroting meerjarig (stuurgroep)", "/begroting/", "stuurgroep"),
    Page("begroting 2024 (stuurgroep)", "/begroting/2024/", "stuurgroep"),
    Page("begroting 2024 (griffier)", "/begroting/2024/", "griffier"),
    Page("begroting deelnemers 2024", "/begroting/2024/deelnemers/", "stuurgroep"),
    Page("begroting verloop 2024", "/begroting/2024/verloop/", "stuurgroep"),
    Page("begroting boekingen 2024", "/begroting/2024/boekingen/", "kwartiermaker"),
    Page("begroting wijzigingen 2024", "/begroting/2024/wijzigingen/", "kwartiermaker"),
    Page("begroting export posten xlsx", "/begroting/2024/export/posten.xlsx", "stuurgroep"),
]

IMPORT_ROWS = 10_000


def scale(factor: int) -> None:
    """`factor` x 100 entries and 5 proposed changes per year; then a 10,000-row import."""
    from budget.models import BudgetChange, BudgetLine, ChangeKind, Entry, EntryKind
    from core.models import User

    kwartiermaker = User.objects.get(username="kwartiermaker")
    for line in BudgetLine.objects.select_related("budget_year"):
        year = line.budget_year.year
        Entry.objects.bulk_create(
            Entry(
                line=line,
                kind=EntryKind.COMMITMENT if n % 3 == 0 else EntryKind.EXPENDITURE,
                booked_on=datetime.date(year, 1 + n % 12, 1 + n % 28),
                amount=Decimal("1.00"),
                description=f"Benchmarkboeking {n}",
                entered_by=kwartiermaker,
            )
            for n in range(20 * factor)
        )
        BudgetChange.objects.bulk_create(
            BudgetChange(
                budget_year=line.budget_year,
                kind=ChangeKind.RAISE,
                to_line=line,
                amount=Decimal("1.00"),
                reason="Benchmark",
                proposed_by=kwartiermaker,
            )
            for _ in range(factor)
        )
    _time_import(kwartiermaker)


def _time_import(user) -> None:
    from django.db import connection, transaction

    from budget.exports import IMPORT_HEADERS
    from budget.imports import EntryImporter
    from budget.models import BudgetYear
    from core.imports.pipeline import parse_file

    budget_year = BudgetYear.objects.get(year=2025)
    line = budget_year.lines.order_by("position").first()
    rows = [";".join(IMPORT_HEADERS)] + [
        f"{line.name};uitgave;nee;{1 + n % 28:02d}-{1 + n % 12:02d}-2025;0,01;Import {n};;;"
        "voorlopig;nee"
        for n in range(IMPORT_ROWS)
    ]
    content = "\n".join(rows).encode()
    queries = []
    start = time.perf_counter()
    with connection.execute_wrapper(
        lambda execute, sql, *a: (queries.append(sql), execute(sql, *a))[1]
    ):
        importer = EntryImporter(budget_year)
        parsed = parse_file(importer, name="bench.csv", content=content)
        assert not parsed.errors, parsed.errors[:3]
        with transaction.atomic():
            importer.apply(parsed.rows, acting_user=user)
    elapsed = (time.perf_counter() - start) * 1000
    count = len(queries)
    print(f"begroting: import van {IMPORT_ROWS} regels (csv): {elapsed:.0f} ms, {count} queries")
    _time_refusal(importer)


def _time_refusal(importer) -> None:
    """CPU time to refuse the hostile 300,000-row .xlsx (issue 15: well under a second)."""
    from core.imports.pipeline import parse_file
    from tests.core.test_imports import hostile_xlsx

    content = hostile_xlsx(300_000)
    start = time.process_time()
    parsed = parse_file(importer, name="groot.xlsx", content=content)
    elapsed = (time.process_time() - start) * 1000
    assert parsed.errors and "regels" in parsed.errors[0].reason
    print(
        f"begroting: .xlsx van 300.000 regels ({len(content) // 1024} KB) geweigerd in "
        f"{elapsed:.0f} ms CPU"
    )
