"""From a council report's frozen snapshot to HTML to a tagged PDF/UA file.

WeasyPrint is imported inside the functions that use it: importing it is slow, and the web
process never renders.
"""

import datetime
import hashlib
import os
import uuid
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils._os import safe_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core import reporting
from governance.selectors import programme_workstreams
from reports.jobs import DocumentError
from reports.periods import period_label
from reports.summary import management_summary

# The HTML is rendered as if served from this host, so `{% static %}` URLs resolve to it; the
# URL fetcher serves exactly those paths from the portal's own static files and nothing else.
PORTAL_BASE_URL = "https://regieportaal.invalid/"
SNAPSHOT_SCHEMA = 1


class SectionRenderError(DocumentError):
    """A section's template could not be rendered."""

    def __init__(self, title: str):
        super().__init__(title)
        self.title = title

    def __str__(self) -> str:
        return _(
            "Het onderdeel ‘%(title)s’ kon niet worden opgemaakt. De gegevens van dat "
            "onderdeel passen niet bij de opmaak; laat de beheerder ernaar kijken en "
            "probeer het daarna opnieuw."
        ) % {"title": self.title}


class ResourceRefused(ValueError):
    """The PDF asked for something other than the portal's own static files."""


def build_snapshot(
    *,
    report,
    version: int,
    data_as_of: datetime.datetime | None = None,
    shared: reporting.SharedWork | None = None,
) -> dict:
    """Everything the report shows, as JSON: the PDF is rendered from this and nothing else.

    `data_as_of` is the moment of the data (now, or when `shared` was computed for the
    request); whatever the report calls late is judged against its date.
    """
    council = report.council
    data_as_of = data_as_of or timezone.now()
    sections = reporting.sections.collect(
        council=council,
        period_start=report.period_start,
        period_end=report.period_end,
        as_of=timezone.localdate(data_as_of),
        shared=shared,
    )
    return {
        "schema": SNAPSHOT_SCHEMA,
        "council": {"id": council.pk, "name": council.name, "short_name": council.short_name},
        "period": {
            "kind": report.period_kind,
            "start": report.period_start.isoformat(),
            "end": report.period_end.isoformat(),
            "label": period_label(
                kind=report.period_kind, start=report.period_start, end=report.period_end
            ),
        },
        "version": version,
        "issued_on": timezone.localdate(data_as_of).isoformat(),
        "data_as_of": data_as_of.isoformat(),
        "requested_by": str(report.requested_by),
        "workstreams": [
            {"number": ws.number, "name": ws.name, "lead": ws.lead_label or ""}
            for ws in programme_workstreams()
        ],
        "sections": [
            {
                "key": section.key,
                "title": str(section.title),
                "template": section.template,
                "order": section.order,
                "data": section.data,
            }
            for section in sections
        ],
    }


def render_html(snapshot: dict) -> str:
    """The report's HTML, in Dutch, from the snapshot alone."""
    with translation.override("nl"):
        sections = []
        for section in snapshot["sections"]:
            try:
                body = render_to_string(
                    section["template"], {"data": section["data"], "section": section}
                )
            except Exception as error:
                raise SectionRenderError(section["title"]) from error
            sections.append({**section, "html": mark_safe(body)})  # section templates autoescape
        return render_to_string(
            "reports/pdf/report.html",
            {
                "snapshot": snapshot,
                "council": snapshot["council"],
                "period": snapshot["period"],
                "issued_on": datetime.date.fromisoformat(snapshot["issued_on"]),
                "data_as_of": datetime.datetime.fromisoformat(snapshot["data_as_of"]),
                "period_start": datetime.date.fromisoformat(snapshot["period"]["start"]),
                "period_end": datetime.date.fromisoformat(snapshot["period"]["end"]),
                "static_base": PORTAL_BASE_URL + settings.STATIC_URL.lstrip("/"),
                "sections": sections,
                "summary": management_summary(snapshot),
                "title": _("Voortgangsrapportage %(council)s, %(period)s")
                % {"council": snapshot["council"]["name"], "period": snapshot["period"]["label"]},
            },
        )


def _static_file(path: str) -> Path:
    static_prefix = "/" + settings.STATIC_URL.lstrip("/")
    if not path.startswith(static_prefix):
        raise ResourceRefused(path)
    relative = unquote(path[len(static_prefix) :])
    if not relative or relative.startswith("/") or "\\" in relative or "\0" in relative:
        raise ResourceRefused(path)
    try:
        found = finders.find(relative)
        if not found and settings.STATIC_ROOT:
            # Hashed names from `{% static %}` with the manifest storage live in STATIC_ROOT.
            candidate = safe_join(str(settings.STATIC_ROOT), relative)
            found = candidate if os.path.isfile(candidate) else None
    except SuspiciousFileOperation as error:
        raise ResourceRefused(path) from error
    if not found:
        raise ResourceRefused(path)
    return Path(found)


def portal_url_fetcher(url: str):
    """Serve the portal's own static files (and inline data: images); refuse everything else.

    No network, no file:// and no paths outside the static directories, so text typed by a
    user can never make the renderer read another file.
    """
    from weasyprint.urls import URLFetcherResponse

    parts = urlsplit(url)
    if parts.scheme == "data":
        header = url[5 : url.find(",")] if "," in url else ""
        if not header.startswith("image/"):
            raise ResourceRefused(url[:40])
        from urllib.request import urlopen

        with urlopen(url) as response:  # a data: URL only, checked above
            return URLFetcherResponse(url, response.read(), {"Content-Type": header.split(";")[0]})
    base = urlsplit(PORTAL_BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or parts.query:
        raise ResourceRefused(url)
    path = _static_file(parts.path)
    content_type = {
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".png": "image/png",
        ".woff2": "font/woff2",
        ".ttf": "font/ttf",
    }.get(path.suffix, "application/octet-stream")
    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def _restricted_fetcher():
    """portal_url_fetcher as the URLFetcher object WeasyPrint 69+ requires (68 accepts it too).

    Only `fetch` is used, and it never reaches urllib's handlers.
    """
    from weasyprint.urls import URLFetcher

    class PortalURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            return portal_url_fetcher(url)

    return PortalURLFetcher()


def render_pdf_bytes(html: str) -> bytes:
    """HTML to a tagged PDF/UA-1 document (fonts embedded, bookmarks from the headings)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=PORTAL_BASE_URL, url_fetcher=_restricted_fetcher()).write_pdf(
        pdf_variant="pdf/ua-1", uncompressed_pdf=False
    )


def write_atomically(*, name: str, content: bytes) -> str:
    """Store `content` under MEDIA_ROOT as `name`, all or nothing; returns its SHA-256.

    Written to a hidden temporary file in the same directory, flushed to disk and renamed:
    a worker killed mid-write leaves only a temporary file, never a half-written report.
    """
    final = Path(default_storage.path(name))
    final.parent.mkdir(parents=True, exist_ok=True)
    temporary = final.with_name(f".{final.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, final)
    finally:
        if temporary.exists():
            temporary.unlink()
    return hashlib.sha256(content).hexdigest()
