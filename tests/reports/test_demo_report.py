"""The demo quarterly report as a council member reads it: text extracted with pypdf.

The demo's quarter is the fourth of 2026 for Etten-Leur, rendered by the task in this process
(exactly what a worker runs) from the demo data.
"""

import datetime
import functools
import io
import re

import pytest
from django.utils import timezone

from core.models import Organisation, User
from reports.models import CouncilReport, CouncilReportState
from reports.services import report_request_create
from reports.tasks import render_council_report

# On the demo seed (tests/shared_data.py); the report is rendered once for all of this module's
# tests, in one process (module_db).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_seeded")]

DEMO_QUARTER = (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
MAX_PAGES = 8
DUTCH_MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
DUTCH_DATE = re.compile(r"(\d{1,2}) (" + "|".join(DUTCH_MONTHS) + r") (\d{4})")


@pytest.fixture(scope="module")
def demo_report(module_db, tmp_path_factory):
    """Request the demo quarter for Etten-Leur on the demo seed and render it once."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-media")):
        _request, [report] = report_request_create(
            councils=[Organisation.objects.get(short_name="Etten-Leur")],
            period_kind="kwartaal",
            period_start=DEMO_QUARTER[0],
            period_end=DEMO_QUARTER[1],
            acting_user=User.objects.get(username="kwartiermaker"),
        )
        render_council_report.run(report.pk)
        report = CouncilReport.objects.get(pk=report.pk)
        assert report.state == CouncilReportState.DONE, report.failure_reason
        with open(report.file.path, "rb") as handle:
            content = handle.read()
    return report, content


def _reader(content):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(content))


@functools.cache  # pypdf's text extraction takes most of a second: once per report
def _pages(content) -> tuple[str, ...]:
    return tuple(page.extract_text() for page in _reader(content).pages)


def _flat(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def _summary_text(content) -> str:
    """The management summary: from its heading up to the first chapter heading."""
    text = _flat("\n".join(_pages(content)[1:]))
    start = text.index("Managementsamenvatting")
    return text[start : text.index("Stand van de werkstromen", start)]


def test_the_demo_quarterly_report_stays_within_its_page_bound(demo_report):
    _report, content = demo_report
    assert len(_reader(content).pages) <= MAX_PAGES


def test_the_summary_names_every_workstream_with_its_status(demo_report):
    report, content = demo_report
    summary = _summary_text(content)
    [status] = [s for s in report.snapshot["sections"] if s["key"] == "governance_status"]
    rows = status["data"]["workstreams"]
    assert len(rows) == 5
    # A table row's lines come out together; a wrapped name shares lines with the next cells,
    # so each row is the text from its number ("2. ") to the next row's number.
    table = summary.index("Volgende mijlpaal")
    starts = []
    for row in rows:
        starts.append(summary.index(f"{row['number']}. ", starts[-1] if starts else table))
    ends = [*starts[1:], summary.index("Geld", starts[-1])]
    for row, start, end in zip(rows, starts, ends, strict=True):
        segment = summary[start:end]
        # words may be split at a hyphen where the cell wraps
        assert all(part in segment for part in re.split(r"[\s-]+", row["name"])), row["name"]
        symbol = {"op_koers": "✓", "aandacht": "!", "in_gevaar": "✗"}[row["status"]]
        assert f"{symbol} {row['status_label']}" in segment, (row["name"], segment)


def test_the_summary_shows_the_councils_share(demo_report):
    summary = _summary_text(demo_report[1])
    assert "Aandeel Etten-Leur" in summary
    assert "€ 128.000,00" in summary and "€ 130.000,00" in summary  # 2024 and 2025
    assert "Voor 2026 is nog geen gezamenlijke begroting vastgesteld." in summary


def _squeezed(text: str) -> str:
    """Without any spaces: pypdf splits some kerned pairs ('T e weinig')."""
    return "".join(text.split())


def test_the_summary_covers_decisions_commitments_maturity_and_risks(demo_report):
    report, content = demo_report
    summary = _squeezed(_summary_text(content))
    sections = {s["key"]: s["data"] for s in report.snapshot["sections"]}
    decisions = sections["governance_decisions"]["decisions"]
    word = "besluit." if len(decisions) == 1 else "besluiten."
    assert _squeezed(f"In de periode nam de stuurgroep {len(decisions)} {word}") in summary
    for decision in decisions[:3]:
        assert _squeezed(decision["number"]) in summary
    commitments = sections["governance_commitments"]["commitments"]
    late = sum(1 for c in commitments if c["overdue"])
    assert _squeezed(f"Aan de raad van Etten-Leur is {len(commitments)} toezegging") in summary
    assert _squeezed(f"waarvan {late} te laat") in summary
    assert _squeezed(sections["maturity"]["position"]) in summary
    for risk in sections["governance_risks"]["risks"][:3]:
        assert _squeezed(risk["title"]) in summary


def test_no_amount_is_split_across_lines(demo_report):
    for page in _pages(demo_report[1]):
        for line in page.splitlines():
            for match in re.finditer("€", line):
                rest = line[match.end() :]
                assert re.match(r"[\s\xa0]?-?\d", rest), f"amount split after € in: {line!r}"


def test_dates_are_dutch_words_not_iso(demo_report):
    text = "\n".join(_pages(demo_report[1]))
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text)
    assert "15 december 2026" in _flat(text)


def test_no_future_dated_item_is_called_late(demo_report):
    """Every line that marks an item late (✗ te laat) names a date before the data date, and
    no line with a later date marks one late; a milestone due on 15 December is 'gepland' in a
    report issued in November."""
    report, content = demo_report
    as_of = timezone.localdate(report.data_as_of)
    late_lines = 0
    for page in _pages(content):
        for line in page.splitlines():
            line = _flat(line)
            if "✗ te laat" not in line:
                continue
            for day, month, year in DUTCH_DATE.findall(line):
                date = datetime.date(int(year), DUTCH_MONTHS.index(month) + 1, int(day))
                assert date < as_of, f"{line!r} is called late but is due on {date}"
                late_lines += 1
            # a line with a date after the data date never says late
        for line in page.splitlines():
            for day, month, year in DUTCH_DATE.findall(_flat(line)):
                date = datetime.date(int(year), DUTCH_MONTHS.index(month) + 1, int(day))
                if date >= as_of:
                    assert "✗ te laat" not in line, line
    assert late_lines  # the demo has milestones that really are late
    [status] = [s for s in report.snapshot["sections"] if s["key"] == "governance_status"]
    for item in status["data"]["due"]:
        due = datetime.date.fromisoformat(item["date"])
        assert item["overdue"] == (due < as_of), item
    if as_of < datetime.date(2026, 12, 15):
        [second] = [m for m in status["data"]["due"] if m["title"] == "Tweede volwassenheidsmeting"]
        assert second["state_label"] == "gepland"


def test_the_report_states_the_2022_findings_where_they_apply(demo_report):
    """The maturity chapter shows the council against the benchmark and the others, by name."""
    text = _flat("\n".join(_pages(demo_report[1])))
    assert "Profiel tegen de benchmark en de andere deelnemers" in text
    for other in ("Roosendaal", "Tholen", "Werkplein"):
        assert other in text
    assert "Moerdijk staat niet in het kwadrant en het profiel" in text
    assert "Digitale volwassenheid" in text
    assert text.count("Digitale volwassenheid Digitale volwassenheid") == 0


def test_the_pdf_is_tagged_with_title_language_and_bookmarks(demo_report):
    reader = _reader(demo_report[1])
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "nl"
    assert reader.metadata.title == "Voortgangsrapportage Gemeente Etten-Leur, 4e kwartaal 2026"
    bookmarks = [item["/Title"] for item in reader.outline if isinstance(item, dict)]
    for title in (
        "Managementsamenvatting",
        "Stand van de werkstromen",
        "Toezeggingen aan de raad",
        "Begroting en realisatie",
        "Digitale volwassenheid",
    ):
        assert title in bookmarks
