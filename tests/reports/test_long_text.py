"""Long unbroken text in every user text field of a council report wraps inside the page: all
of it is in the PDF, none of it outside the page box, and rendering stays quick (the
`breakable` filter; docs/reports.md, "Long text")."""

import datetime
import io
import time
from types import SimpleNamespace

import pytest

from core.models import Organisation
from core.templatetags.portal import ZERO_WIDTH_SPACE, breakable
from reports.pdf import PORTAL_BASE_URL, _restricted_fetcher, build_snapshot, render_html
from tests.reports.long_text import LENGTH, tokens, with_long_text

pytestmark = pytest.mark.django_db

# Seconds; a 3,000-character run in every field took over 600 before the filter (docs/reports.md,
# "Long text"); 1,000 characters, many times a table column's width, take about 5 now.
RENDER_LIMIT = 120


def test_breakable_leaves_words_alone_and_breaks_long_runs():
    assert breakable("Digitaliseringsprogramma loopt") == "Digitaliseringsprogramma loopt"
    run = "x" * 45
    assert breakable(f"zie {run}.") == "zie " + ZERO_WIDTH_SPACE.join(
        ["x" * 10] * 4 + ["x" * 5 + "."]
    )
    assert breakable(None) is None and breakable("") == ""


def _flat(text: str) -> str:
    """Text without the break characters, spaces and line ends the layout added."""
    return "".join(text.replace(ZERO_WIDTH_SPACE, "").split())


def test_every_user_text_field_wraps_inside_the_page(demo_seeded):
    from pypdf import PdfReader
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    report = SimpleNamespace(
        council=Organisation.objects.get(short_name="Etten-Leur"),
        # A period in which every listed field has a value in the demo data.
        period_kind="vrij",
        period_start=datetime.date(2025, 12, 1),
        period_end=datetime.date(2026, 10, 31),
        requested_by="Kwartiermaker",
    )
    snapshot, placed, skipped = with_long_text(build_snapshot(report=report, version=1))
    assert skipped == [], skipped
    assert all(len(text) == LENGTH for text in placed)
    html = render_html(snapshot)

    started = time.monotonic()
    document = HTML(
        string=html, base_url=PORTAL_BASE_URL, url_fetcher=_restricted_fetcher()
    ).render()
    pdf = document.write_pdf()
    seconds = time.monotonic() - started
    assert seconds < RENDER_LIMIT, seconds

    outside = []
    for number, page in enumerate(document.pages, start=1):
        width = page.width
        for box in page._page_box.descendants():
            off_page = box.position_x < -0.5 or box.position_x + box.width > width + 0.5
            if isinstance(box, boxes.TextBox) and off_page:
                outside.append((number, box.text[:30]))
    assert outside == []

    text = _flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    missing = [token for value in placed for token in tokens(value) if token not in text]
    assert missing == [], sorted({token[:2] for token in missing})
