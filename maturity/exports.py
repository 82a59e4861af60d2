"""The round results as an ExportTable (written by core.exports), from the same scoped
results as the round page: numbers stay numbers (Decimal), so .xlsx cells are numeric and .csv
shows decimal commas."""

from django.utils.translation import gettext as _

from core.exports import ExportTable
from maturity.selectors import RoundResults


def results_table(results: RoundResults) -> ExportTable:
    """Long format: one row per organisation and characteristic, plus the benchmark."""
    rows = []
    for result in results.organisations:
        for c in results.characteristics:
            score = result.scores.get(c.code)
            bench = results.benchmark.get(c.code)
            rows.append(
                [
                    results.round.year,
                    result.organisation.short_name,
                    c.code,
                    score,
                    None if bench is None else bench.average,
                    None if score is None or bench is None else score - bench.average,
                    result.quadrant.label if result.quadrant else "",
                ]
            )
    for c in results.characteristics:
        bench = results.benchmark.get(c.code)
        if bench:
            rows.append(
                [
                    results.round.year,
                    _("Benchmark"),
                    c.code,
                    bench.average,
                    bench.average,
                    bench.average - bench.average,
                    results.benchmark_quadrant.label if results.benchmark_quadrant else "",
                ]
            )
    return ExportTable(
        title=str(results.round),
        headers=[
            _("meting"),
            _("organisatie"),
            _("kenmerk"),
            _("score"),
            _("benchmarkgemiddelde"),
            _("verschil"),
            _("kwadrant"),
        ],
        rows=rows,
    )
