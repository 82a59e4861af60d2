"""The meeting pack (vergaderstukken): the meeting's data frozen as JSON, rendered to a tagged
PDF by WeasyPrint (reports.pdf), then the PDF attachments appended in agenda order with pypdf,
each under its agenda item in the bookmarks.

Run by the worker (reports.tasks.render_meeting_pack); pypdf and WeasyPrint are imported inside
the functions that use them.
"""

import datetime
import io

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.templatetags.portal import long_date
from governance import selectors as governance_selectors
from governance.models import Meeting, StatusReport
from reports import jobs, pdf

SCHEMA = 1
# The chapter whose bookmarks the attachments are hung under (the template's heading).
ITEMS_CHAPTER_ID = "agendapunten"


def _time(value: datetime.datetime | None) -> str | None:
    return f"{timezone.localtime(value):%H:%M}" if value else None


def _documents(meeting: Meeting, user) -> list:
    """The current versions of the meeting's papers `user` may see, in agenda order."""
    return governance_selectors.meeting_documents(meeting=meeting, user=user)


def build_contents(*, pack, version: int, data_as_of: datetime.datetime) -> dict:
    """Everything the pack shows, as JSON; the PDF is made from this and the listed files.

    Read with the scopes of the person who asked for it (a kwartiermaker: everything), so the
    pack never holds more than its requester's pages show.
    """
    user = pack.requested_by
    meeting = (
        Meeting.objects.visible_to(user)
        .prefetch_related("agenda_items__workstream")
        .get(pk=pack.meeting_id)
    )
    items = list(meeting.agenda_items.all())
    workstreams = list(governance_selectors.workstreams_with_status(user=user))
    reports = StatusReport.objects.visible_to(user).in_bulk(
        [ws.current_report_id for ws in workstreams if ws.current_report_id]
    )
    documents = [version for version in _documents(meeting, user) if version.kind == "pdf"]
    return {
        "schema": SCHEMA,
        "version": version,
        "data_as_of": data_as_of.isoformat(),
        "requested_by": str(user),
        "meeting": {
            "id": meeting.pk,
            "title": meeting.title,
            "held_on": meeting.held_on.isoformat(),
            "starts": _time(meeting.starts_at),
            "ends": _time(meeting.ends_at),
            "location": meeting.location,
            "video_url": meeting.video_url,
            "agenda_published": meeting.is_agenda_published,
        },
        "items": [
            {
                "id": item.pk,
                "position": item.position,
                "title": item.title,
                "starts": _time(item.starts_at),
                "duration": item.duration_minutes,
                "presenter": item.presenter,
                "workstream": item.workstream.name if item.workstream else "",
                "description": item.description,
            }
            for item in items
        ],
        "statuses": [
            {
                "number": ws.number,
                "name": ws.name,
                "lead": ws.lead_label or "",
                **_status(reports.get(ws.current_report_id)),
            }
            for ws in workstreams
        ],
        "documents": [
            {
                "version_id": version.pk,
                "title": version.document.title,
                "number": version.number,
                "sha256": version.sha256,
                "item_id": version.document.agenda_item_id,
            }
            for version in documents
        ],
    }


def _status(report: StatusReport | None) -> dict:
    if report is None:
        return {"status": "", "status_label": "", "period_end": None}
    return {
        "status": report.overall_status,
        "status_label": report.get_overall_status_display(),
        "period_end": report.period_end.isoformat(),
        "published_at": report.published_at.isoformat() if report.published_at else None,
        "progress_summary": report.progress_summary,
        "next_steps": report.next_steps,
        "escalations": report.escalations,
    }


def render_html(contents: dict) -> str:
    """The pack's own pages (cover, agenda, status, item texts) in Dutch."""
    meeting = contents["meeting"]
    by_item: dict = {}
    for document in contents["documents"]:
        by_item.setdefault(document["item_id"], []).append(document)
    with translation.override("nl"):
        return render_to_string(
            "reports/meeting_pack.html",
            {
                "contents": contents,
                "meeting": meeting,
                "held_on": datetime.date.fromisoformat(meeting["held_on"]),
                "data_as_of": datetime.datetime.fromisoformat(contents["data_as_of"]),
                "items": [
                    {**item, "documents": by_item.get(item["id"], [])} for item in contents["items"]
                ],
                "meeting_documents": by_item.get(None, []),
                "static_base": pdf.PORTAL_BASE_URL + settings.STATIC_URL.lstrip("/"),
                "title": _("Vergaderstukken %(title)s, %(date)s")
                % {"title": meeting["title"], "date": long_date(meeting["held_on"])},
            },
        )


def _copy_outline(writer, reader, outline, *, parent=None, path=()) -> dict:
    """Rebuild WeasyPrint's bookmarks in `writer` (pypdf cannot add children to bookmarks it
    copied), returning the new entries by their path of titles."""
    from pypdf.generic import Fit

    entries = {}
    last = last_title = None
    for entry in outline:
        if isinstance(entry, list):  # the children of the entry before it
            entries |= _copy_outline(writer, reader, entry, parent=last, path=(*path, last_title))
            continue
        title = last_title = entry.title
        last = writer.add_outline_item(
            title,
            reader.get_destination_page_number(entry),
            parent=parent,
            fit=Fit.xyz(left=entry.left, top=entry.top),
        )
        entries[(*path, title)] = last
    return entries


def assemble(*, main: bytes, contents: dict, attachments: dict[int, bytes]) -> bytes:
    """The pack's own pages followed by the attachments (by version id) in agenda order, with one
    bookmark per attachment under its agenda item (meeting-level papers under their own)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError

    reader = PdfReader(io.BytesIO(main))
    writer = PdfWriter(clone_from=reader)
    del writer.root_object["/Outlines"]
    entries = _copy_outline(writer, reader, reader.outline)
    items_chapter = next(
        (key for key in entries if len(key) == 1 and key[0] == _("Agendapunten")), None
    )
    items = {item["id"]: item for item in contents["items"]}
    meeting_level = None
    for document in contents["documents"]:
        try:
            attachment = PdfReader(io.BytesIO(attachments[document["version_id"]]))
            if attachment.is_encrypted:
                attachment.decrypt("")
            first_page = len(writer.pages)
            writer.append(attachment, import_outline=False)
        except (PyPdfError, ValueError, KeyError, NotImplementedError) as error:
            raise jobs.DocumentError(
                _(
                    "De bijlage ‘%(title)s’ kon niet als PDF worden gelezen (beschadigd of "
                    "beveiligd met een wachtwoord). Vervang de bijlage en probeer het opnieuw."
                )
                % {"title": document["title"]}
            ) from error
        item = items.get(document["item_id"])
        if item is not None and items_chapter is not None:
            parent = next(
                (
                    node
                    for key, node in entries.items()
                    if key[:1] == items_chapter and key[-1].startswith(f"{item['position']}. ")
                ),
                None,
            )
        else:
            if meeting_level is None:
                meeting_level = writer.add_outline_item(
                    _("Bijlagen bij de vergadering"), first_page
                )
            parent = meeting_level
        writer.add_outline_item(
            _("Bijlage: %(title)s") % {"title": document["title"]}, first_page, parent=parent
        )
    writer.page_mode = "/UseOutlines"
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _attachment_bytes(contents: dict) -> dict[int, bytes]:
    from governance.models import MeetingDocumentVersion

    versions = MeetingDocumentVersion.objects.in_bulk(
        [document["version_id"] for document in contents["documents"]]
    )
    result = {}
    for pk, version in versions.items():
        with version.file.open("rb") as handle:
            result[pk] = handle.read()
    return result


def render_pack(pack) -> jobs.Rendered:
    """Contents, HTML, PDF, attachments and file for a claimed pack job."""
    from reports.services import MEETING_PACKS

    version = jobs.next_version(MEETING_PACKS, pack)
    data_as_of = timezone.now()
    contents = build_contents(pack=pack, version=version, data_as_of=data_as_of)
    with translation.override("nl"):
        content = assemble(
            main=pdf.render_pdf_bytes(render_html(contents)),
            contents=contents,
            attachments=_attachment_bytes(contents),
        )
    name = (
        f"vergaderstukken/vergadering-{pack.meeting_id}/"
        f"vergaderstukken-{contents['meeting']['held_on']}-v{version}.pdf"
    )
    sha256 = pdf.write_atomically(name=name, content=content)
    return jobs.Rendered(
        version=version,
        name=name,
        sha256=sha256,
        fields={"contents": contents, "data_as_of": data_as_of},
    )
