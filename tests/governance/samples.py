"""Small real files of every kind a meeting document may be, and some it may not, built in
the test process (no fixtures on disk): PDF by pypdf, PNG and JPG by Pillow, XLSX by openpyxl,
DOCX/PPTX/ODF as the zip containers Office and LibreOffice write (their required parts)."""

import io
import zipfile

from openpyxl import Workbook
from PIL import Image
from pypdf import PdfWriter


def pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Vergaderstuk"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def png() -> bytes:
    return image("PNG")


def jpg() -> bytes:
    return image("JPEG")


def xlsx() -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = "Begroting"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _zip(entries: dict[str, bytes], *, stored_first: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(entries.items()):
            method = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return out.getvalue()


OOXML = {
    "docx": ("wordprocessingml.document", "word/document.xml"),
    "pptx": ("presentationml.presentation", "ppt/presentation.xml"),
}


def ooxml(kind: str, *, main_type: str | None = None) -> bytes:
    """A minimal Word or PowerPoint container; `main_type` overrides the main part's type."""
    suffix, part = OOXML[kind]
    main_type = main_type or f"application/vnd.openxmlformats-officedocument.{suffix}.main+xml"
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{main_type}"/></Types>'
    )
    return _zip(
        {
            "[Content_Types].xml": types.encode(),
            "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
            part: b'<?xml version="1.0"?><document/>',
        }
    )


def docx() -> bytes:
    return ooxml("docx")


def pptx() -> bytes:
    return ooxml("pptx")


def odf(kind: str) -> bytes:
    mimetype = {"odt": "text", "ods": "spreadsheet", "odp": "presentation"}[kind]
    return _zip(
        {
            "mimetype": f"application/vnd.oasis.opendocument.{mimetype}".encode(),
            "content.xml": b'<?xml version="1.0"?><office:document-content/>',
            "META-INF/manifest.xml": b'<?xml version="1.0"?><manifest:manifest/>',
        },
        stored_first=True,
    )


def plain_zip() -> bytes:
    return _zip({"notulen.txt": b"Geen Office-bestand."})


def zip_bomb(unpacked: int) -> bytes:
    """A small zip whose one entry unpacks to `unpacked` bytes of zeros, in an Office shell."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", ooxml_types_for_docx())
        archive.writestr("word/document.xml", b"<document/>")
        with archive.open("word/media/zeros.bin", "w") as entry:
            chunk = bytes(1 << 20)
            for _ in range(unpacked // len(chunk)):
                entry.write(chunk)
    return out.getvalue()


def ooxml_types_for_docx() -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx())) as archive:
        return archive.read("[Content_Types].xml")


def exe() -> bytes:
    """The start of a Windows program: 'MZ', the DOS stub, the PE header's offset."""
    header = bytearray(b"MZ" + bytes(126))
    header[0x3C:0x40] = (0x80).to_bytes(4, "little")
    return bytes(header) + b"PE\x00\x00" + bytes(200) + b"This program cannot be run in DOS mode."


def text() -> bytes:
    return b"Agenda: 1. Opening 2. Rondvraag\n"
