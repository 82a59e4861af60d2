"""The one import pipeline (core.imports): bounded reading, hostile cells, preview, cleanup and
the background path. Driven through the budget realisation import, the largest user."""

import codecs
import datetime
import io
import time
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from budget.exports import IMPORT_HEADERS
from budget.imports import EntryImporter
from budget.models import Entry
from core.imports import pipeline
from core.imports.reading import FileRefused, Limits, decode, read_rows
from core.models import ImportStatus, ImportUpload

HEADER = ";".join(IMPORT_HEADERS)
GOOD = "Kwartiermaker 16 uur per week;uitgave;nee;15-03-2024;10,00;Inhuur;Bureau;F-1;;nee"
LIMITS = Limits(upload_bytes=1_000_000, uncompressed_bytes=2_000_000, rows=100)


def refusal(name, content, limits=LIMITS) -> FileRefused:
    with pytest.raises(FileRefused) as refused:
        read_rows(name, content, limits)
    return refused.value


def hostile_xlsx(rows: int, cell: bytes = b'<c t="inlineStr"><is><t>x</t></is></c>') -> bytes:
    """A real workbook whose sheet repeats one row `rows` times: tiny compressed, huge inside."""
    workbook = Workbook()
    workbook.active.append(IMPORT_HEADERS)
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, tail = data.split(b"</sheetData>")
                body = b"".join(
                    b'<row r="%d">' % number + cell + b"</row>" for number in range(2, rows + 2)
                )
                data = head + body + b"</sheetData>" + tail
            archive.writestr(info.filename, data)
    return out.getvalue()


# --- Reading ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "content",
    [
        "post;omschrijving\nKwartiermaker;Café\n".encode(),
        codecs.BOM_UTF8 + "post;omschrijving\nKwartiermaker;Café\n".encode(),
        "post;omschrijving\nKwartiermaker;Café\n".encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "cp1252"],
)
def test_utf8_with_or_without_bom_and_windows_1252_are_read(content):
    assert read_rows("x.csv", content, LIMITS) == [
        (1, ["post", "omschrijving"]),
        (2, ["Kwartiermaker", "Café"]),
    ]


@pytest.mark.parametrize(
    "content",
    [
        "post;omschrijving\n".encode("utf-16"),
        "post;omschrijving\n".encode("utf-16-le"),
        codecs.BOM_UTF8 + b"post;\xff\xfe\n",
        b"post;omschrijving\n\x81\x8d\x8f\n",  # bytes Windows-1252 does not define
    ],
    ids=["utf-16-bom", "utf-16-no-bom", "broken-utf-8-after-bom", "undefined-cp1252"],
)
def test_other_encodings_are_refused_in_dutch(content):
    assert "tekenset van het bestand wordt niet herkend" in refusal("x.csv", content).message


def test_decode_never_shows_python_error_text():
    with pytest.raises(FileRefused) as refused:
        decode("a;b".encode("utf-32"))
    assert "codec" not in refused.value.message


def test_a_csv_whose_first_line_has_no_delimiter_is_refused_on_row_one():
    refused = refusal("x.csv", b"alleen een kolom\nnog een\n")
    assert refused.row == 1 and "geen scheidingsteken" in refused.message


def test_a_csv_value_beyond_the_field_limit_is_refused_with_its_row():
    content = b"post;omschrijving\nA;" + b'"' + b"x" * 200_000 + b'"\n'
    refused = refusal("x.csv", content, Limits(10**6, 10**6, 100))
    assert refused.row == 2 and "Regel 2" in refused.message


def test_a_csv_read_stops_at_the_row_limit():
    content = ("post;bedrag\n" + "a;1\n" * 1000).encode()
    assert "meer dan 100 regels" in refusal("x.csv", content).message
    assert len(read_rows("x.csv", ("post;bedrag\n" + "a;1\n" * 100).encode(), LIMITS)) == 101


def test_upload_size_and_type_are_checked_first():
    assert "groter dan" in refusal("x.csv", b"a;b\n" * 300_000).message
    assert "Alleen .xlsx- en .csv" in refusal("x.pdf", b"%PDF").message


def test_an_xlsx_is_refused_on_its_uncompressed_size_before_it_is_opened():
    content = hostile_xlsx(50, cell=b"<c><v>1</v></c>" + b" " * 50_000)
    assert len(content) < 50_000  # small on the wire
    assert "uitgepakt groter dan" in refusal("x.xlsx", content).message


def test_the_300000_row_xlsx_is_refused_from_its_zip_entries(settings):
    content = hostile_xlsx(300_000)
    refused = refusal("x.xlsx", content, Limits.from_settings())
    assert "meer dan 20.000 regels" in refusal("x.xlsx", content, Limits.from_settings()).message
    assert refused.row == 0


def test_a_broken_xlsx_is_refused_in_dutch():
    assert refusal("x.xlsx", b"PK\x03\x04 kapot").message == (
        "Het Excel-bestand kan niet worden gelezen."
    )
    assert "kan niet worden gelezen" in refusal("x.xlsx", hostile_xlsx(1, cell=b"<c><v>1")).message


# --- Cells --------------------------------------------------------------------------------------
@pytest.fixture
def importer(seeded):
    from budget.models import BudgetYear

    return EntryImporter(BudgetYear.objects.get(year=2024))


def test_non_finite_numbers_in_an_xlsx_are_row_errors(importer):
    content = hostile_xlsx(
        1,
        cell=(
            b'<c r="A2" t="inlineStr"><is><t>Kwartiermaker 16 uur per week</t></is></c>'
            b'<c r="B2" t="inlineStr"><is><t>uitgave</t></is></c>'
            b'<c r="D2" t="inlineStr"><is><t>2024-03-15</t></is></c><c r="E2"><v>1e999999</v></c>'
            b'<c r="F2" t="inlineStr"><is><t>x</t></is></c>'
        ),
    )
    [error] = pipeline.parse_file(importer, name="x.xlsx", content=content).errors
    assert (error.row, error.column, error.reason) == (2, "bedrag", "Dit is geen geldig getal.")


def test_control_characters_are_refused_in_the_preview_with_row_and_column(importer):
    bell = GOOD.replace("Bureau", "Bu\x07reau")
    content = f"{HEADER}\n{GOOD}\n{bell}\n".encode()
    [error] = pipeline.parse_file(importer, name="x.csv", content=content).errors
    assert (error.row, error.column) == (3, "leverancier") and "U+0007" in error.reason


def test_duplicate_and_unknown_headers_are_named(importer):
    content = f"{HEADER};bedrag;extra\n{GOOD}\n".encode()
    [error] = pipeline.parse_file(importer, name="x.csv", content=content).errors
    assert error.row == 1 and "Dubbel: bedrag" in error.reason and "Onbekend: extra" in error.reason


# --- Preview, confirmation, cleanup --------------------------------------------------------------
def post_file(client, content: bytes, name="b.csv"):
    return client.post(
        reverse("budget:entry_import", args=[2024]),
        {"kind": "budget.entries", "file": SimpleUploadedFile(name, content)},
    )


def test_a_refused_file_leaves_nothing_behind(client, kwartiermaker, seeded):
    client.force_login(kwartiermaker)
    response = post_file(client, hostile_xlsx(300_000), name="groot.xlsx")
    assert response.status_code == 200
    assert "meer dan 20.000 regels" in response.content.decode()
    assert not ImportUpload.objects.exists() and not Entry.objects.exists()


def test_an_oversized_upload_is_a_form_error(client, kwartiermaker, seeded, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    client.force_login(kwartiermaker)
    response = post_file(client, (HEADER + "\n" + GOOD + "\n").encode() * 20)
    assert "Het bestand is groter dan 1000" in response.content.decode()
    assert not ImportUpload.objects.exists()


def test_abandoned_previews_are_removed_by_the_cleanup(client, kwartiermaker, seeded):
    client.force_login(kwartiermaker)
    abandoned = post_file(client, f"{HEADER}\n{GOOD}\n".encode()).context["upload"]
    fresh = post_file(client, f"{HEADER}\n{GOOD}\n".encode()).context["upload"]
    ImportUpload.objects.filter(pk=abandoned.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )
    from core.tasks import import_uploads_cleanup

    assert import_uploads_cleanup.run() == 1
    assert list(ImportUpload.objects.values_list("pk", flat=True)) == [fresh.pk]
    response = client.post(
        reverse("budget:entry_import", args=[2024]), {"confirm": "1", "upload": abandoned.pk}
    )
    assert response.status_code == 302 and not Entry.objects.exists()


# --- Background ---------------------------------------------------------------------------------
def test_a_large_file_is_booked_by_the_task_with_progress(
    client, kwartiermaker, seeded, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 2
    client.force_login(kwartiermaker)
    url = reverse("budget:entry_import", args=[2024])
    upload = post_file(client, f"{HEADER}\n{GOOD}\n{GOOD}\n{GOOD}\n".encode()).context["upload"]
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(url, {"confirm": "1", "upload": upload.pk})
    assert len(queued) == 1 and response.url == f"{url}?upload={upload.pk}"
    assert not Entry.objects.exists()  # the request itself books nothing
    fragment = client.get(response.url, headers={"HX-Request": "true"})
    assert "0 van 3 regels gecontroleerd" in fragment.content.decode()
    assert 'hx-trigger="every 1s"' in fragment.content.decode()

    from core.tasks import import_run

    import_run.run(str(upload.pk))
    import_run.run(str(upload.pk))  # a second delivery books nothing twice
    assert Entry.objects.count() == 3
    done = client.get(response.url, headers={"HX-Request": "true"})
    assert done["HX-Redirect"] == reverse("budget:entries", args=[2024])
    assert not ImportUpload.objects.exists()


def test_a_background_import_refused_on_recheck_shows_its_errors(
    client, kwartiermaker, seeded, settings
):
    settings.IMPORT_BACKGROUND_ROWS = 0
    client.force_login(kwartiermaker)
    url = reverse("budget:entry_import", args=[2024])
    big = GOOD.replace("10,00", "60.000,00")
    upload = post_file(client, f"{HEADER}\n{big}\n".encode()).context["upload"]
    client.post(url, {"confirm": "1", "upload": upload.pk})
    Entry.objects.create(
        line=pipeline.importer_for(upload).columns()[0].parse("kwartiermaker 16 uur per week"),
        kind="uitgave",
        booked_on=datetime.date(2024, 3, 1),
        amount=Decimal("50000.00"),
        description="Tussendoor",
        entered_by=kwartiermaker,
    )
    from core.tasks import import_run

    import_run.run(str(upload.pk))
    page = client.get(f"{url}?upload={upload.pk}").content.decode()
    assert "geweigerd" in page and "boven het budget" in page
    assert Entry.objects.count() == 1


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_books_a_queued_import(celery_worker_queue, kwartiermaker):
    from django.core.management import call_command

    call_command("seed_wbw", verbosity=0)
    from budget.models import BudgetYear

    importer = EntryImporter(BudgetYear.objects.get(year=2024))
    preview = pipeline.import_preview(
        importer=importer,
        name="b.csv",
        content=f"{HEADER}\n{GOOD}\n{GOOD}\n".encode(),
        acting_user=kwartiermaker,
    )
    pipeline.import_queue(upload=preview.upload, queue=celery_worker_queue)
    deadline = time.monotonic() + 60
    upload = preview.upload
    while time.monotonic() < deadline and not upload.is_finished:
        time.sleep(0.2)
        upload.refresh_from_db()
    assert upload.status == ImportStatus.DONE and upload.percent == 100
    assert Entry.objects.count() == 2


# --- Stalled background imports -----------------------------------------------------------------
def _stalled_upload(client, kwartiermaker, settings, status, **fields) -> ImportUpload:
    settings.IMPORT_BACKGROUND_ROWS = 0
    client.force_login(kwartiermaker)
    upload = post_file(client, f"{HEADER}\n{GOOD}\n".encode()).context["upload"]
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    ImportUpload.objects.filter(pk=upload.pk).update(status=status, updated_at=long_ago, **fields)
    return upload


def test_a_redelivered_task_books_an_import_whose_worker_died(
    client, kwartiermaker, seeded, settings
):
    from core.tasks import import_run

    upload = _stalled_upload(client, kwartiermaker, settings, ImportStatus.RUNNING, attempts=1)
    import_run.run(str(upload.pk))
    upload.refresh_from_db()
    assert upload.status == ImportStatus.DONE and upload.attempts == 2
    assert Entry.objects.count() == 1


def test_a_running_import_with_recent_progress_is_left_to_its_worker(
    client, kwartiermaker, seeded, settings
):
    from core.tasks import import_run

    upload = _stalled_upload(client, kwartiermaker, settings, ImportStatus.RUNNING)
    ImportUpload.objects.filter(pk=upload.pk).update(updated_at=timezone.now())
    import_run.run(str(upload.pk))
    assert pipeline.imports_requeue_stuck() == (0, 0)
    upload.refresh_from_db()
    assert upload.status == ImportStatus.RUNNING and not Entry.objects.exists()


def test_the_sweep_queues_a_stalled_import_again_then_refuses_it_with_a_reason(
    client, kwartiermaker, seeded, settings, django_capture_on_commit_callbacks
):
    upload = _stalled_upload(client, kwartiermaker, settings, ImportStatus.QUEUED)
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.REPORT_QUEUED_DEADLINE + 60)
    ImportUpload.objects.filter(pk=upload.pk).update(updated_at=long_ago)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert pipeline.imports_requeue_stuck() == (1, 0)
    assert len(queued) == 1
    upload.refresh_from_db()
    assert upload.status == ImportStatus.QUEUED and upload.updated_at > long_ago

    ImportUpload.objects.filter(pk=upload.pk).update(
        status=ImportStatus.RUNNING,
        attempts=settings.REPORT_MAX_REQUEUES + 1,
        updated_at=long_ago - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT),
    )
    assert pipeline.imports_requeue_stuck() == (0, 1)
    page = client.get(
        f"{reverse('budget:entry_import', args=[2024])}?upload={upload.pk}"
    ).content.decode()
    assert "keer afgebroken; er is niets ingelezen" in page
    assert not Entry.objects.exists()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_books_an_import_the_sweep_recovered(celery_worker_queue, kwartiermaker):
    from django.conf import settings
    from django.core.management import call_command

    call_command("seed_wbw", verbosity=0)
    from budget.models import BudgetYear

    preview = pipeline.import_preview(
        importer=EntryImporter(BudgetYear.objects.get(year=2024)),
        name="b.csv",
        content=f"{HEADER}\n{GOOD}\n".encode(),
        acting_user=kwartiermaker,
    )
    # As left by a worker killed while booking: running, attempt 1, no progress for too long.
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    ImportUpload.objects.filter(pk=preview.upload.pk).update(
        status=ImportStatus.RUNNING, attempts=1, updated_at=long_ago
    )
    assert pipeline.imports_requeue_stuck(queue=celery_worker_queue) == (1, 0)
    upload = preview.upload
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not upload.is_finished:
        time.sleep(0.2)
        upload.refresh_from_db()
    assert upload.status == ImportStatus.DONE and upload.attempts == 2
    assert Entry.objects.count() == 1
