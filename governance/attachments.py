"""What a meeting document (vergaderstuk) is, judged by its content, never by its name.

`inspect_upload(file, name)` reads the upload once: it refuses an empty or oversized file, finds
the type from the content (magic bytes through `filetype`; for the zip containers of Office and
OpenDocument the zip's own parts, read from its directory without extracting), checks that the
name's extension belongs to that type, and computes the SHA-256. Anything refused raises a
ValidationError with a Dutch message for the form's file field.
"""

import hashlib
import posixpath
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    content_type: str
    extensions: tuple[str, ...]


KINDS = {
    kind.code: kind
    for kind in (
        Kind("pdf", "PDF", "application/pdf", (".pdf",)),
        Kind(
            "docx",
            "Word",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (".docx",),
        ),
        Kind(
            "xlsx",
            "Excel",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (".xlsx",),
        ),
        Kind(
            "pptx",
            "PowerPoint",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            (".pptx",),
        ),
        Kind("odt", "OpenDocument-tekst", "application/vnd.oasis.opendocument.text", (".odt",)),
        Kind(
            "ods",
            "OpenDocument-rekenblad",
            "application/vnd.oasis.opendocument.spreadsheet",
            (".ods",),
        ),
        Kind(
            "odp",
            "OpenDocument-presentatie",
            "application/vnd.oasis.opendocument.presentation",
            (".odp",),
        ),
        Kind("png", "PNG", "image/png", (".png",)),
        Kind("jpg", "JPG", "image/jpeg", (".jpg", ".jpeg")),
    )
}
KIND_CHOICES = [(kind.code, kind.label) for kind in KINDS.values()]

# Office Open XML: the main part's content type in [Content_Types].xml, and the part itself.
# Macro-enabled files and templates (docm, xltx, ...) declare other main types: refused.
OOXML_MAIN = {
    "docx": (
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "word/document.xml",
    ),
    "xlsx": (
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "xl/workbook.xml",
    ),
    "pptx": (
        b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        "ppt/presentation.xml",
    ),
}
ODF_MIMETYPES = {KINDS[code].content_type.encode(): code for code in ("odt", "ods", "odp")}
MAGIC_KINDS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}

ZIP_MAGIC = b"PK\x03\x04"
HEADER_BYTES = 8192
# A container's directory is read, never its data, except these two small parts.
MAX_ZIP_ENTRIES = 5000
MAX_CONTENT_TYPES_BYTES = 1 << 20
MAX_NAME_LENGTH = 200


@dataclass(frozen=True)
class Inspected:
    kind: Kind
    name: str  # the cleaned original name, for the download's Content-Disposition
    size: int
    sha256: str


def allowed_types_text() -> str:
    return _(
        "Toegestaan zijn PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument "
        "(.odt, .ods, .odp) en afbeeldingen (.png, .jpg)."
    )


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def clean_name(name: str) -> str:
    """The user's file name as a display name: refused when it names folders, normalised
    (NFC, no control characters), shortened with its extension kept."""
    if "/" in name or "\\" in name:
        raise _refuse(
            _(
                "De bestandsnaam mag geen mappen bevatten (zoals ../ of C:\\). "
                "Kies het bestand zelf."
            ),
            "path",
        )
    name = unicodedata.normalize("NFC", name)
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip().lstrip(".")
    if not name:
        raise _refuse(_("Het bestand heeft geen naam."), "name")
    stem, extension = posixpath.splitext(name)
    if len(name) > MAX_NAME_LENGTH:
        name = stem[: MAX_NAME_LENGTH - len(extension)].rstrip() + extension
    return name


def _zip_kind(file) -> str:
    """docx/xlsx/pptx/odt/ods/odp from the container's parts; refuses every other zip."""
    not_office = _refuse(
        _(
            "Dit zip-bestand is geen Word-, Excel-, PowerPoint- of OpenDocument-bestand. "
            "Bestanden met macro's en sjablonen zijn niet toegestaan."
        ),
        "zip",
    )
    try:
        archive = zipfile.ZipFile(file)
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise not_office
        # The declared sizes bound everything read below (zipfile never inflates an entry past
        # its declared size); a zip bomb's are absurd for a meeting document.
        if sum(entry.file_size for entry in entries) > settings.MEETING_DOCUMENT_MAX_UNPACKED_BYTES:
            raise _refuse(
                _("Het bestand is uitgepakt groter dan %(max)s; het kan niet worden opgeslagen.")
                % {"max": filesizeformat(settings.MEETING_DOCUMENT_MAX_UNPACKED_BYTES)},
                "unpacked_size",
            )
        if any(entry.flag_bits & 0x1 for entry in entries):
            raise _refuse(
                _("Het bestand is met een wachtwoord versleuteld; sla het zonder wachtwoord op."),
                "encrypted",
            )
        names = {entry.filename: entry for entry in entries}
        mimetype = names.get("mimetype")
        if mimetype is not None and mimetype.file_size <= 100:
            code = ODF_MIMETYPES.get(archive.read(mimetype).strip())
            if code and "content.xml" in names and "META-INF/manifest.xml" in names:
                return code
            raise not_office
        types = names.get("[Content_Types].xml")
        if types is None or types.file_size > MAX_CONTENT_TYPES_BYTES:
            raise not_office
        declared = archive.read(types)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as error:
        raise _refuse(
            _("Het bestand is beschadigd en kan niet worden gelezen."), "corrupt"
        ) from error
    matches = [
        code
        for code, (content_type, part) in OOXML_MAIN.items()
        if content_type in declared and part in names
    ]
    if len(matches) != 1:
        raise not_office
    return matches[0]


def _content_kind(file, header: bytes) -> str:
    if header.startswith(ZIP_MAGIC):
        file.seek(0)
        return _zip_kind(file)
    guess = filetype.guess(header)
    code = MAGIC_KINDS.get(guess.mime) if guess else None
    if code is None:
        found = (
            _("Volgens de inhoud is het een .%(extension)s-bestand.")
            % {"extension": guess.extension}
            if guess
            else ""
        )
        raise _refuse(
            " ".join(
                part
                for part in (_("Dit bestandstype is niet toegestaan."), found, allowed_types_text())
                if part
            ),
            "type",
        )
    return code


def inspect_upload(file, name: str) -> Inspected:
    """Check `file` (an open, seekable binary file) named `name`; raises ValidationError."""
    name = clean_name(name)
    file.seek(0, 2)
    size = file.tell()
    if size == 0:
        raise _refuse(_("Het bestand is leeg."), "empty")
    if size > settings.MEETING_DOCUMENT_MAX_BYTES:
        raise _refuse(
            _("Het bestand is groter dan %(max)s.")
            % {"max": filesizeformat(settings.MEETING_DOCUMENT_MAX_BYTES)},
            "size",
        )
    file.seek(0)
    kind = KINDS[_content_kind(file, file.read(HEADER_BYTES))]
    extension = posixpath.splitext(name)[1].lower()
    if not extension:
        raise _refuse(
            _(
                "De bestandsnaam heeft geen extensie. Volgens de inhoud is dit een "
                "%(kind)s-bestand: geef het de extensie '%(expected)s'."
            )
            % {"kind": kind.label, "expected": kind.extensions[0]},
            "renamed",
        )
    if extension not in kind.extensions:
        # A renamed file is refused rather than renamed for the user: the name is what the
        # recipients open it by, and a disguise is worth noticing.
        raise _refuse(
            _(
                "De naam eindigt op '%(extension)s', maar het bestand is volgens de inhoud een "
                "%(kind)s-bestand. Geef het de extensie '%(expected)s' en probeer het opnieuw."
            )
            % {
                "extension": extension,
                "kind": kind.label,
                "expected": kind.extensions[0],
            },
            "renamed",
        )
    file.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(1 << 20), b""):
        digest.update(chunk)
    file.seek(0)
    return Inspected(kind=kind, name=name, size=size, sha256=digest.hexdigest())
