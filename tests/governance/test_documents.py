"""Meeting documents (vergaderstukken): the content rules, versions, storage, downloads."""

import datetime
import hashlib
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance import selectors, services
from governance.attachments import inspect_upload
from governance.models import (
    MeetingDocument,
    MeetingDocumentDownload,
    MeetingDocumentVersion,
    RegisterAccessGrant,
)
from tests.governance import samples
from tests.governance.factories import MeetingFactory, make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_root(settings) -> Path:
    """The test run's MEDIA_ROOT (tests/environment.py), never the checkout's var/media."""
    return Path(settings.MEDIA_ROOT)


def stored_files(media_root) -> set[Path]:
    return set((media_root / "vergaderstukken").glob("*"))


# --- The content rules (governance.attachments) -------------------------------------------------

ACCEPTED = [
    ("Notitie.pdf", samples.pdf, "pdf"),
    ("Foto.png", samples.png, "png"),
    ("Foto.jpg", samples.jpg, "jpg"),
    ("Foto.JPEG", samples.jpg, "jpg"),
    ("Begroting.xlsx", samples.xlsx, "xlsx"),
    ("Voorstel.docx", samples.docx, "docx"),
    ("Presentatie.pptx", samples.pptx, "pptx"),
    ("Voorstel.odt", lambda: samples.odf("odt"), "odt"),
    ("Begroting.ods", lambda: samples.odf("ods"), "ods"),
    ("Presentatie.odp", lambda: samples.odf("odp"), "odp"),
]


@pytest.mark.parametrize(("name", "content", "kind"), ACCEPTED)
def test_each_allowed_type_is_recognised_by_its_content(name, content, kind):
    data = content()
    inspected = inspect_upload(io.BytesIO(data), name)
    assert inspected.kind.code == kind
    assert inspected.size == len(data)
    assert inspected.sha256 == hashlib.sha256(data).hexdigest()
    assert inspected.name == name


MACRO_WORD = "application/vnd.ms-word.document.macroEnabled.main+xml"

REFUSED = [
    # name, content, words of the Dutch message
    ("Notulen.pdf", samples.exe, "Volgens de inhoud is het een .exe-bestand"),
    ("Notulen.pdf", samples.text, "Dit bestandstype is niet toegestaan"),
    ("Notulen.txt", samples.text, "Dit bestandstype is niet toegestaan"),
    ("Archief.docx", samples.plain_zip, "geen Word-, Excel-, PowerPoint- of OpenDocument"),
    ("Macro.docx", lambda: samples.ooxml("docx", main_type=MACRO_WORD), "macro's"),
    ("Kapot.docx", lambda: b"PK\x03\x04" + bytes(300), "beschadigd"),
    # A renamed file: refused, the message names what it is.
    ("Notitie.docx", samples.pdf, "maar het bestand is volgens de inhoud een PDF-bestand"),
    ("Foto.png", samples.jpg, "een JPG-bestand. Geef het de extensie '.jpg'"),
    ("Begroting.docx", samples.xlsx, "een Excel-bestand"),
    ("Notitie", samples.pdf, "heeft geen extensie"),
    ("Leeg.pdf", lambda: b"", "Het bestand is leeg."),
    # Folders in the name (a browser sends none; Django's parser strips them, the service too).
    ("../../etc/passwd.pdf", samples.pdf, "mag geen mappen bevatten"),
    ("C:\\Users\\griffie\\stuk.pdf", samples.pdf, "mag geen mappen bevatten"),
    # A right-to-left override hides '.exe' on screen; without it the name is what it is.
    ("factuur\u202efdp.exe", samples.pdf, "De naam eindigt op '.exe'"),
]


@pytest.mark.parametrize(("name", "content", "message"), REFUSED)
def test_wrong_empty_renamed_or_disguised_files_are_refused_in_dutch(name, content, message):
    with pytest.raises(ValidationError) as refused:
        inspect_upload(io.BytesIO(content()), name)
    assert message in " ".join(refused.value.messages)


def test_a_file_over_the_limit_is_refused(settings):
    settings.MEETING_DOCUMENT_MAX_BYTES = 300
    with pytest.raises(ValidationError) as refused:
        inspect_upload(io.BytesIO(samples.pdf()), "Notitie.pdf")
    assert refused.value.messages == ["Het bestand is groter dan 300\xa0bytes."]
    settings.MEETING_DOCUMENT_MAX_BYTES = 1000
    assert inspect_upload(io.BytesIO(samples.pdf()), "Notitie.pdf").kind.code == "pdf"


def test_a_zip_bomb_is_refused_from_its_declared_sizes(settings):
    settings.MEETING_DOCUMENT_MAX_UNPACKED_BYTES = 1 << 20
    bomb = samples.zip_bomb(4 << 20)
    assert len(bomb) < 20_000  # small on the wire, large unpacked: nothing is unpacked
    with pytest.raises(ValidationError) as refused:
        inspect_upload(io.BytesIO(bomb), "Bom.docx")
    assert "uitgepakt groter dan 1,0\xa0MB" in refused.value.messages[0]


def test_a_long_name_is_shortened_with_its_extension_kept():
    inspected = inspect_upload(io.BytesIO(samples.pdf()), "a" * 300 + ".pdf")
    assert len(inspected.name) == 200 and inspected.name.endswith("a.pdf")


# --- Storing, versions, deleting ------------------------------------------------------------------


def test_an_upload_is_stored_under_a_generated_name_with_its_checksum(kwartiermaker, media_root):
    meeting = MeetingFactory()
    data = samples.pdf()
    document = make_document(meeting, kwartiermaker, content=data, name="Mijn stuk.pdf")
    version = document.versions.get()
    assert version.number == 1
    assert version.original_name == "Mijn stuk.pdf"
    assert version.file.name.startswith("vergaderstukken/")
    assert "Mijn" not in version.file.name and len(Path(version.file.name).stem) == 32
    assert version.sha256 == hashlib.sha256(data).hexdigest()
    assert version.size == len(data) and version.kind == "pdf"
    assert version.uploaded_by == kwartiermaker
    assert (Path(media_root) / version.file.name).read_bytes() == data


def test_replacing_keeps_the_earlier_version(kwartiermaker):
    document = make_document(MeetingFactory(), kwartiermaker, name="v1.pdf")
    second = samples.docx()
    version = services.meeting_document_replace(
        document=document, file=io.BytesIO(second), file_name="v2.docx", acting_user=kwartiermaker
    )
    assert version.number == 2
    detail = selectors.meeting_document_detail(user=kwartiermaker, pk=document.pk)
    assert detail.current == version
    assert [v.original_name for v in detail.earlier] == ["v1.pdf"]
    assert detail.earlier[0].file.open("rb").read() == samples.pdf()
    assert version.file.open("rb").read() == second


def test_a_refused_replacement_changes_nothing(kwartiermaker, media_root):
    document = make_document(MeetingFactory(), kwartiermaker)
    files = stored_files(media_root)
    with pytest.raises(ValidationError) as refused:
        services.meeting_document_replace(
            document=document,
            file=io.BytesIO(samples.exe()),
            file_name="stuk.pdf",
            acting_user=kwartiermaker,
        )
    assert "file" in refused.value.error_dict
    assert document.versions.count() == 1
    assert stored_files(media_root) == files


def test_a_version_whose_row_fails_leaves_no_file(kwartiermaker, media_root):
    """The file is written before its row; a row that cannot be saved takes the file along."""
    document = make_document(MeetingFactory(), kwartiermaker)
    files = stored_files(media_root)
    inspected = inspect_upload(io.BytesIO(samples.pdf()), "stuk.pdf")
    with pytest.raises(ValidationError):  # version 1 exists already (unique constraint)
        services._add_version(
            document,
            number=1,
            file=io.BytesIO(samples.pdf()),
            inspected=inspected,
            acting_user=kwartiermaker,
        )
    assert stored_files(media_root) == files
    assert document.versions.count() == 1


def test_deleting_removes_every_version_and_its_files_after_commit(
    kwartiermaker, media_root, django_capture_on_commit_callbacks
):
    document = make_document(MeetingFactory(), kwartiermaker)
    services.meeting_document_replace(
        document=document,
        file=io.BytesIO(samples.png()),
        file_name="foto.png",
        acting_user=kwartiermaker,
    )
    names = [Path(media_root) / v.file.name for v in document.versions.all()]
    services.meeting_document_download_record(
        version=document.versions.first(), acting_user=kwartiermaker
    )
    with django_capture_on_commit_callbacks() as callbacks:
        services.meeting_document_delete(document=document, acting_user=kwartiermaker)
        assert all(name.exists() for name in names)  # not before the commit
    assert not MeetingDocument.objects.filter(pk=document.pk).exists()
    assert not MeetingDocumentVersion.objects.filter(document_id=document.pk).exists()
    for callback in callbacks:
        callback()
    assert not any(name.exists() for name in names)
    log = MeetingDocumentDownload.objects.get()
    assert log.version is None and log.document_title == "Vergaderstuk" and log.version_number == 2


def test_papers_of_an_adopted_meeting_are_fixed(kwartiermaker, stuurgroeplid):
    meeting = MeetingFactory(minutes="Verslag")
    document = make_document(meeting, kwartiermaker)
    services.meeting_adopt_minutes(meeting=meeting, expected_version=1, acting_user=stuurgroeplid)
    with pytest.raises(ValidationError, match="vastgesteld"):
        make_document(meeting, kwartiermaker)
    with pytest.raises(ValidationError, match="vastgesteld"):
        services.meeting_document_delete(document=document, acting_user=kwartiermaker)


def test_an_agenda_item_of_another_meeting_is_refused(kwartiermaker):
    other = MeetingFactory()
    item = other.agenda_items.create(position=1, title="Elders")
    with pytest.raises(ValidationError) as refused:
        make_document(MeetingFactory(), kwartiermaker, agenda_item=item)
    assert "agenda_item" in refused.value.error_dict


def test_the_meeting_pack_gets_current_versions_in_agenda_order(kwartiermaker):
    meeting = MeetingFactory()
    second = meeting.agenda_items.create(position=2, title="Twee")
    first = meeting.agenda_items.create(position=1, title="Een")
    at_two = make_document(meeting, kwartiermaker, title="Bij punt 2", agenda_item=second)
    make_document(meeting, kwartiermaker, title="Bij punt 1", agenda_item=first)
    make_document(meeting, kwartiermaker, title="Algemeen")
    newer = services.meeting_document_replace(
        document=at_two,
        file=io.BytesIO(samples.pdf()),
        file_name="nieuw.pdf",
        acting_user=kwartiermaker,
    )
    pack = selectors.meeting_documents(meeting=meeting, user=kwartiermaker)
    assert [v.document.title for v in pack] == ["Algemeen", "Bij punt 1", "Bij punt 2"]
    assert pack[2] == newer and pack[2].file.open("rb").read().startswith(b"%PDF")


# --- Pages --------------------------------------------------------------------------------------


def _upload(client, meeting, name, content, **fields):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(
        reverse("governance:meeting_document_create", args=[meeting.pk]),
        {"title": "Voorstel dienstencatalogus", "file": upload, **fields},
    )


def test_uploading_on_the_meeting_page(client, kwartiermaker):
    meeting = MeetingFactory()
    item = meeting.agenda_items.create(position=1, title="Voortgang")
    client.force_login(kwartiermaker)
    page = client.get(reverse("governance:meeting_detail", args=[meeting.pk])).content.decode()
    add = reverse("governance:meeting_document_create", args=[meeting.pk])
    assert f"{add}?agendapunt={item.pk}" in page
    form = client.get(f"{add}?agendapunt={item.pk}").content.decode()
    assert f'<option value="{item.pk}" selected>1. Voortgang</option>' in form
    assert "De vergadering als geheel" in form and "---------" not in form

    response = _upload(client, meeting, "voorstel.pdf", samples.pdf(), agenda_item=item.pk)
    assert response.status_code == 302
    document = MeetingDocument.objects.get()
    assert document.agenda_item == item and document.title == "Voorstel dienstencatalogus"
    page = client.get(reverse("governance:meeting_detail", args=[meeting.pk])).content.decode()
    download = reverse("governance:meeting_document_download", args=[document.versions.get().pk])
    assert download in page and "Voorstel dienstencatalogus" in page


def test_a_refused_upload_keeps_the_form_and_saves_nothing(client, kwartiermaker, media_root):
    meeting = MeetingFactory()
    files = stored_files(media_root)
    client.force_login(kwartiermaker)
    response = _upload(client, meeting, "begroting.pdf", samples.exe())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dit bestandstype is niet toegestaan" in page
    assert 'value="Voorstel dienstencatalogus"' in page  # what was typed stays
    assert "Het stuk is niet opgeslagen" in page
    assert not MeetingDocument.objects.exists()
    assert stored_files(media_root) == files


def test_an_empty_upload_gets_a_dutch_message(client, kwartiermaker):
    client.force_login(kwartiermaker)
    response = _upload(client, MeetingFactory(), "leeg.pdf", b"")
    assert response.status_code == 200
    # Django's own check of an empty upload, in Dutch.
    assert "Het verstuurde bestand is leeg." in response.content.decode()
    assert not MeetingDocument.objects.exists()


def test_folders_in_the_posted_name_never_reach_the_storage(client, kwartiermaker, media_root):
    """Django's multipart parser keeps only the name's last part; the stored name is ours."""
    meeting = MeetingFactory()
    boundary = "grens"
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="title"\r\n\r\nStuk\r\n'
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="../../etc/passwd.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + samples.pdf()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    client.force_login(kwartiermaker)
    response = client.post(
        reverse("governance:meeting_document_create", args=[meeting.pk]),
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 302
    version = MeetingDocumentVersion.objects.get()
    assert version.original_name == "passwd.pdf"
    assert (Path(media_root) / version.file.name).resolve().parent == (
        Path(media_root) / "vergaderstukken"
    ).resolve()


def test_replacing_through_the_page(client, kwartiermaker):
    document = make_document(MeetingFactory(), kwartiermaker, name="eerste.pdf")
    client.force_login(kwartiermaker)
    url = reverse("governance:meeting_document_replace", args=[document.pk])
    upload = io.BytesIO(samples.xlsx())
    upload.name = "tweede.pdf"
    refused = client.post(url, {"file": upload})
    assert refused.status_code == 200 and "een Excel-bestand" in refused.content.decode()
    upload = io.BytesIO(samples.xlsx())
    upload.name = "tweede.xlsx"
    assert client.post(url, {"file": upload}).status_code == 302
    page = client.get(reverse("governance:meeting_document_detail", args=[document.pk]))
    text = page.content.decode()
    assert "tweede.xlsx" in text and "Eerdere versies" in text and "eerste.pdf" in text


def test_the_download_is_an_attachment_under_its_safe_name_and_logged(client, kwartiermaker):
    data = samples.pdf()
    document = make_document(
        MeetingFactory(), kwartiermaker, content=data, name='Begroting "ë" 2027.pdf'
    )
    version = document.versions.get()
    client.force_login(kwartiermaker)
    response = client.get(reverse("governance:meeting_document_download", args=[version.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Begroting%20%22%C3%AB%22%202027.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    log = MeetingDocumentDownload.objects.get()
    assert (log.version, log.user, log.version_number, log.sha256) == (
        version,
        kwartiermaker,
        1,
        hashlib.sha256(data).hexdigest(),
    )


def test_an_ascii_name_is_sent_quoted(client, kwartiermaker):
    document = make_document(MeetingFactory(), kwartiermaker, content=samples.png(), name="a.png")
    client.force_login(kwartiermaker)
    response = client.get(
        reverse("governance:meeting_document_download", args=[document.versions.get().pk])
    )
    assert response["Content-Disposition"] == 'attachment; filename="a.png"'
    assert response["Content-Type"] == "image/png"


def test_the_download_log_is_for_programme_staff(client, kwartiermaker, trekker):
    document = make_document(MeetingFactory(), kwartiermaker)
    url = reverse("governance:meeting_document_detail", args=[document.pk])
    client.force_login(trekker)
    client.get(reverse("governance:meeting_document_download", args=[document.versions.get().pk]))
    page = client.get(url).content.decode()
    assert "Downloads" not in page and "Nieuwe versie uploaden" not in page
    client.force_login(kwartiermaker)
    page = client.get(url).content.decode()
    assert "Wie dit stuk downloadde" in page and str(trekker) in page


@pytest.mark.parametrize(
    ("valid_until", "status"),
    [(None, 200), (datetime.date.today(), 200), (datetime.date(2020, 1, 1), 403), ("none", 403)],
)
def test_a_griffier_downloads_only_with_a_valid_grant(
    client, kwartiermaker, griffier, valid_until, status
):
    document = make_document(MeetingFactory(), kwartiermaker)
    if valid_until != "none":
        RegisterAccessGrant.objects.create(
            user=griffier, reason="Raadsvoorbereiding", valid_until=valid_until
        )
    client.force_login(griffier)
    download = reverse("governance:meeting_document_download", args=[document.versions.get().pk])
    detail = reverse("governance:meeting_document_detail", args=[document.pk])
    assert client.get(download).status_code == status
    assert client.get(detail).status_code == status
    assert MeetingDocumentDownload.objects.count() == (1 if status == 200 else 0)
    assert MeetingDocument.objects.visible_to(griffier).exists() == (status == 200)


def test_deleting_asks_first(client, kwartiermaker):
    meeting = MeetingFactory()
    document = make_document(meeting, kwartiermaker)
    client.force_login(kwartiermaker)
    url = reverse("governance:meeting_document_delete", args=[document.pk])
    question = client.post(url)
    assert question.status_code == 200
    assert "met al zijn versies verwijderen" in question.content.decode()
    assert MeetingDocument.objects.filter(pk=document.pk).exists()
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    assert response.url == reverse("governance:meeting_detail", args=[meeting.pk])
    assert not MeetingDocument.objects.filter(pk=document.pk).exists()


def test_the_demo_has_a_real_pdf_paper_on_the_next_meeting(demo_seeded):
    from pypdf import PdfReader

    from core.models import User
    from governance.seed import DEMO_NEXT_MEETING, _seed_demo_meeting_document

    document = MeetingDocument.objects.get(is_demo=True)
    assert (str(document.meeting.held_on), document.meeting.title) == DEMO_NEXT_MEETING[:2]
    assert document.agenda_item.title == "Voortgang van de werkstromen"
    version = document.versions.get()
    assert version.kind == "pdf" and version.original_name == "Voortgang van de werkstromen.pdf"
    with version.file.open("rb") as handle:
        assert "Voortgang van de werkstromen" in PdfReader(handle).pages[0].extract_text()
    _seed_demo_meeting_document(User.objects.get(username="kwartiermaker"))  # a re-seed
    assert MeetingDocumentVersion.objects.filter(document__is_demo=True).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_replacements_each_get_their_own_version(kwartiermaker):
    """Three new versions at the same moment: the document row lock serialises them, so the
    numbers are 2, 3 and 4 and every file is kept."""
    import threading

    from django.db import connections

    document = make_document(MeetingFactory(), kwartiermaker, name="v1.pdf")
    barrier = threading.Barrier(3)
    errors = []

    def replace(name):
        try:
            barrier.wait()
            services.meeting_document_replace(
                document=document,
                file=io.BytesIO(samples.pdf()),
                file_name=name,
                acting_user=kwartiermaker,
            )
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=replace, args=[f"{n}.pdf"]) for n in "abc"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    versions = list(document.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3, 4]
    assert sorted(v.original_name for v in versions[1:]) == ["a.pdf", "b.pdf", "c.pdf"]
    assert all(v.file.storage.exists(v.file.name) for v in versions)


def test_papers_of_a_removed_agenda_item_stay_with_the_meeting(kwartiermaker):
    meeting = MeetingFactory(held_on=datetime.date.today() + datetime.timedelta(days=30))
    item = meeting.agenda_items.create(position=1, title="Vervalt")
    document = make_document(meeting, kwartiermaker, agenda_item=item)
    services.agenda_item_delete(item=item, acting_user=kwartiermaker)
    document.refresh_from_db()
    assert document.agenda_item is None
    papers = selectors.meeting_document_groups(meeting=meeting, user=kwartiermaker)
    assert papers.groups[0].documents == [document]
