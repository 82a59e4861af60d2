"""The meeting pack rendered by a real Celery worker process and read back with pypdf."""

import datetime
import hashlib
import io

import pytest

from reports import jobs, services
from tests.factories import UserFactory, WorkstreamFactory
from tests.governance.factories import MeetingFactory, StatusReportFactory, make_document
from tests.reports.conftest import FINISHED, wait_for_state

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery_worker]


def attachment_pdf(text: str, pages: int) -> bytes:
    """A real PDF with `pages` pages, each saying `text`."""
    from weasyprint import HTML

    body = "".join(f'<p style="break-after: page">{text} {n}</p>' for n in range(1, pages + 1))
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def reader_of(pack):
    from pypdf import PdfReader

    with open(pack.file.path, "rb") as handle:
        content = handle.read()
    return content, PdfReader(io.BytesIO(content))


def outline_tree(reader, items=None, depth=0) -> list[tuple[int, str, int]]:
    """(depth, title, page index) for every bookmark, in order."""
    entries = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            entries += outline_tree(reader, item, depth + 1)
        else:
            entries.append((depth, item.title, reader.get_destination_page_number(item)))
    return entries


def test_the_pack_has_agenda_status_texts_and_the_attachments_with_bookmarks(report_worker_queue):
    kwartiermaker = UserFactory(username="km-pack", organisation=None, kwartiermaker=True)
    workstream = WorkstreamFactory(number=3, name="Cybersecurity (pakkettest)", slug="cyber-pak")
    StatusReportFactory(
        workstream=workstream,
        published=True,
        overall_status="aandacht",
        progress_summary="Beleid in concept gereed.",
    )
    meeting = MeetingFactory(
        title="Stuurgroep juni",
        held_on=datetime.date(2026, 6, 11),
        start_time=datetime.time(14, 0),
        end_time=datetime.time(16, 0),
        location="Stadskantoor Roosendaal",
    )
    meeting.agenda_items.create(
        position=1, title="Opening en mededelingen", duration_minutes=10, presenter="Voorzitter"
    )
    budget_item = meeting.agenda_items.create(
        position=2,
        title="Begroting 2027",
        duration_minutes=30,
        presenter="Kwartiermaker",
        workstream=workstream,
        description="De stuurgroep wordt gevraagd de begroting vast te stellen.",
    )
    make_document(
        meeting,
        kwartiermaker,
        title="Begroting 2027 (concept)",
        content=attachment_pdf("Begrotingsbijlage", 2),
        name="begroting.pdf",
        agenda_item=budget_item,
    )
    make_document(
        meeting,
        kwartiermaker,
        title="Jaarplanning",
        content=attachment_pdf("Jaarplanningbijlage", 1),
        name="planning.pdf",
    )

    pack = services.meeting_pack_request(
        meeting=meeting, acting_user=kwartiermaker, queue=report_worker_queue
    )
    pack = wait_for_state(pack, FINISHED)
    assert pack.state == jobs.JobState.DONE, pack.failure_reason
    assert pack.version == 1
    content, reader = reader_of(pack)
    assert pack.sha256 == hashlib.sha256(content).hexdigest()

    # Tagged, in Dutch, titled.
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "nl"
    assert reader.metadata.title == "Vergaderstukken Stuurgroep juni, 11 juni 2026"

    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    own = " ".join(texts[:-3])
    assert "11 juni 2026" in own and "Stadskantoor Roosendaal" in own
    assert "14:00 Opening en mededelingen Voorzitter" in own  # the agenda table's row
    assert "14:10 Begroting 2027" in own
    assert "Cybersecurity (pakkettest)" in own and "Aandacht nodig" in own
    assert "Beleid in concept gereed." in own
    assert "De stuurgroep wordt gevraagd de begroting vast te stellen." in own
    # The attachments follow in agenda order: the meeting's own paper first, then item 2's.
    assert texts[-3:] == ["Jaarplanningbijlage 1", "Begrotingsbijlage 1", "Begrotingsbijlage 2"]

    outline = outline_tree(reader)
    titles = [title for _, title, _ in outline]
    assert "Agenda" in titles and "Stand van de werkstromen" in titles
    item_index = titles.index("2. Begroting 2027")
    attachment = outline[item_index + 1]
    assert attachment[1] == "Bijlage: Begroting 2027 (concept)"
    assert attachment[0] == outline[item_index][0] + 1  # under its agenda item
    assert attachment[2] == len(reader.pages) - 2
    meeting_level = titles.index("Bijlagen bij de vergadering")
    assert outline[meeting_level + 1][1:] == ("Bijlage: Jaarplanning", len(reader.pages) - 3)
    assert [d["title"] for d in pack.contents["documents"]] == [
        "Jaarplanning",
        "Begroting 2027 (concept)",
    ]

    # Frozen: a new request is version 2; version 1's file and checksum stay as they were.
    second = services.meeting_pack_request(
        meeting=meeting, acting_user=kwartiermaker, queue=report_worker_queue
    )
    second = wait_for_state(second, FINISHED)
    assert second.state == jobs.JobState.DONE, second.failure_reason
    assert second.version == 2
    pack.refresh_from_db()
    assert pack.superseded and pack.version == 1
    assert hashlib.sha256(reader_of(pack)[0]).hexdigest() == pack.sha256
