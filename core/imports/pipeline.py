"""One upload -> preview -> confirm pipeline for every import of the portal.

A domain app describes its import as an `Importer` (columns with cell parsers, whole-file checks,
an atomic write) and registers it in its AppConfig.ready. The pipeline reads the file within
bounds (core.imports.reading), cleans and parses every cell, reports each problem with its row
and column, and writes only when no row has an error. Between preview and confirmation the file
waits in an ImportUpload row owned by the uploader; abandoned ones are removed by
`import_uploads_cleanup`. Files with more rows than IMPORT_BACKGROUND_ROWS are booked by the
Celery task core.import_run, which reports its progress on the same row.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.imports.cells import CellError, clean_cell, text_of
from core.imports.reading import FileRefused, Limits, read_rows
from core.models import ImportStatus, ImportUpload, User
from core.registry import Registry


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1; 0 = the file as a whole
    column: str
    reason: str


class ImportRejected(Exception):
    """The import was refused as a whole; `errors` lists (row, column, reason)."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


@dataclass(frozen=True)
class Column:
    name: str  # the header in the file, lower case
    key: str  # the name in a parsed row
    parse: Callable[[Any], Any]  # raises CellError with a Dutch reason
    required: bool = True  # must the header be present?


@dataclass
class ParsedRow:
    number: int
    values: dict


@dataclass
class ParsedFile:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors


class Importer:
    """What one kind of import knows; one instance per file, bound to its scope (a year, a round).

    Subclasses set `key`, `label`, `permission`, `scope_model` and implement `columns`, `apply`
    and `preview_cells`; `check_row` and `check_file` add rules that span cells or rows.
    """

    key: ClassVar[str]
    label: ClassVar[str]
    permission: ClassVar[str]
    scope_model: ClassVar[type]
    preview_headers: ClassVar[list[str]] = []

    def __init__(self, scope):
        self.scope = scope

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def check_row(self, values: dict) -> list[tuple[str, str]]:
        """(column, reason) for rules across the cells of one row, or across earlier rows."""
        return []

    def check_file(self, rows: list[ParsedRow]) -> list[RowError]:
        """Rules over all rows together (e.g. budget limits); may query, a constant number."""
        return []

    def apply(self, rows: list[ParsedRow], *, acting_user: User) -> int:
        """Write every row, in the caller's transaction; raise ImportRejected to undo all."""
        raise NotImplementedError

    def preview_cells(self, values: dict) -> list:
        raise NotImplementedError


REGISTRY: Registry[type[Importer]] = Registry("importers")


def register(importer: type[Importer]) -> type[Importer]:
    """Called from a domain app's AppConfig.ready (or as a class decorator)."""
    return REGISTRY.register(importer.key, importer)


def importer_for(upload: ImportUpload) -> Importer:
    importer_class = REGISTRY[upload.importer]
    return importer_class(importer_class.scope_model._default_manager.get(pk=upload.scope_id))


# --- Reading and parsing ------------------------------------------------------------------------
def parse_file(
    importer: Importer,
    *,
    name: str,
    content: bytes,
    limits: Limits | None = None,
    progress: Callable[[int], None] | None = None,
) -> ParsedFile:
    """Every row parsed, or every problem as (row, column, reason); queries a constant number."""
    result = ParsedFile()
    try:
        table = read_rows(name, content, limits)
    except FileRefused as refused:
        result.errors.append(RowError(refused.row, "", refused.message))
        return result
    table = [(number, cells) for number, cells in table if not _is_empty(cells)]
    if not table:
        result.errors.append(RowError(1, "", _("Het bestand is leeg.")))
        return result
    header_number, header_cells = table[0]
    columns = importer.columns()
    positions, header_error = _positions(header_cells, columns)
    if header_error:
        result.errors.append(RowError(header_number, "", header_error))
        return result
    for index, (number, cells) in enumerate(table[1:], start=1):
        values, errors = {}, []
        for column in columns:
            position = positions.get(column.name)
            raw = cells[position] if position is not None and position < len(cells) else None
            try:
                values[column.key] = column.parse(clean_cell(raw))
            except CellError as error:
                errors.append(RowError(number, column.name, str(error)))
        if not errors:
            errors = [RowError(number, col, reason) for col, reason in importer.check_row(values)]
        if errors:
            result.errors.extend(errors)
        else:
            result.rows.append(ParsedRow(number, values))
        if progress and index % 500 == 0:
            progress(index)
    if not result.errors:
        if not result.rows:
            result.errors.append(RowError(0, "", _("Het bestand bevat geen gegevens.")))
        else:
            result.errors.extend(importer.check_file(result.rows))
    return result


def _is_empty(cells) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _positions(header_cells, columns: list[Column]) -> tuple[dict[str, int], str]:
    headers = []
    for cell in header_cells:
        try:
            headers.append(text_of(clean_cell(cell)).lower())
        except CellError:
            headers.append("?")
    known = {column.name for column in columns}
    missing = [c.name for c in columns if c.required and c.name not in headers]
    unknown = [h for h in headers if h and h not in known]
    duplicated = sorted({h for h in headers if h and headers.count(h) > 1})
    if not (missing or unknown or duplicated):
        return {h: i for i, h in enumerate(headers) if h}, ""
    expected = ", ".join(column.name for column in columns)
    reason = _("Verwachte kolommen: %(expected)s.") % {"expected": expected}
    if missing:
        reason += " " + _("Ontbreekt: %(missing)s.") % {"missing": ", ".join(missing)}
    if unknown:
        shown = ", ".join(name[:40] for name in unknown)
        reason += " " + _("Onbekend: %(unknown)s.") % {"unknown": shown}
    if duplicated:
        reason += " " + _("Dubbel: %(duplicated)s.") % {"duplicated": ", ".join(duplicated)}
    return {}, reason


# --- Services -----------------------------------------------------------------------------------
@dataclass
class Preview:
    parsed: ParsedFile
    upload: ImportUpload | None  # None when the file has errors: nothing is kept


def import_preview(*, importer: Importer, name: str, content: bytes, acting_user: User) -> Preview:
    """Parse and check the file; keep it for confirmation only when every row is right."""
    parsed = parse_file(importer, name=name, content=content)
    if not parsed.ok:
        return Preview(parsed=parsed, upload=None)
    upload = ImportUpload.objects.create(
        importer=importer.key,
        scope_id=importer.scope.pk,
        uploaded_by=acting_user,
        file_name=name[:255],
        content=content,
        row_count=len(parsed.rows),
    )
    return Preview(parsed=parsed, upload=upload)


def pending_upload(*, importer: Importer, upload_id, acting_user: User) -> ImportUpload | None:
    """The caller's own upload for this import and scope, if it still exists."""
    try:
        return ImportUpload.objects.get(
            pk=upload_id,
            importer=importer.key,
            scope_id=importer.scope.pk,
            uploaded_by=acting_user,
        )
    except (ImportUpload.DoesNotExist, ValidationError, ValueError, TypeError):
        return None  # gone, someone else's, or not a UUID at all


def runs_in_background(upload: ImportUpload) -> bool:
    return upload.row_count > settings.IMPORT_BACKGROUND_ROWS


def import_confirm(*, importer: Importer, upload: ImportUpload, acting_user: User) -> int:
    """Book a previewed file now: parse it again (data may have moved on), check, write all.

    Raises ImportRejected with the row errors; nothing is written then. The upload is removed
    either way: a refused file must be corrected and uploaded again.
    """
    try:
        return _book(importer, upload, acting_user=acting_user)
    finally:
        ImportUpload.objects.filter(pk=upload.pk).delete()


def _book(importer: Importer, upload: ImportUpload, *, acting_user: User, progress=None) -> int:
    parsed = parse_file(
        importer, name=upload.file_name, content=bytes(upload.content), progress=progress
    )
    if parsed.errors:
        raise ImportRejected(parsed.errors)
    with transaction.atomic():
        return importer.apply(parsed.rows, acting_user=acting_user)


@transaction.atomic
def import_queue(*, upload: ImportUpload, queue: str | None = None) -> ImportUpload:
    """Hand a large previewed file to the worker; it is booked by core.import_run."""
    from core.tasks import import_run

    updated = ImportUpload.objects.filter(pk=upload.pk, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.QUEUED, updated_at=timezone.now()
    )
    if updated:
        options = {"queue": queue} if queue else {}
        transaction.on_commit(lambda: import_run.apply_async(args=[str(upload.pk)], **options))
    upload.refresh_from_db()
    return upload


MAX_STORED_ERRORS = 500


def _stalled(now: datetime.datetime) -> Q:
    """Uploads no worker is busy with: queued past the queue deadline (the broker lost the
    task), or running without progress for longer than the hard task time limit (the worker
    died: a live task would have been killed by then). The report jobs' deadlines."""
    return Q(
        status=ImportStatus.QUEUED,
        updated_at__lt=now - datetime.timedelta(seconds=settings.REPORT_QUEUED_DEADLINE),
    ) | Q(
        status=ImportStatus.RUNNING,
        updated_at__lt=now - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT),
    )


def import_run(upload_id) -> None:
    """The worker's side of import_queue; running it twice books nothing twice.

    A delivery claims a queued upload, or one whose worker died while running it (a redelivered
    task after the worker was killed); the booking is one transaction, so a killed run wrote
    nothing and starts again from the file."""
    now = timezone.now()
    claimed = (
        ImportUpload.objects.filter(pk=upload_id)
        .filter(Q(status=ImportStatus.QUEUED) | (_stalled(now) & Q(status=ImportStatus.RUNNING)))
        .update(status=ImportStatus.RUNNING, updated_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return
    upload = ImportUpload.objects.select_related("uploaded_by").get(pk=upload_id)

    def progress(done: int) -> None:
        ImportUpload.objects.filter(pk=upload_id).update(
            processed=min(done, upload.row_count), updated_at=timezone.now()
        )

    try:
        importer = importer_for(upload)
        count = _book(importer, upload, acting_user=upload.uploaded_by, progress=progress)
    except ImportRejected as rejected:
        errors = [
            {"row": e.row, "column": e.column, "reason": e.reason}
            for e in rejected.errors[:MAX_STORED_ERRORS]
        ]
        ImportUpload.objects.filter(pk=upload_id).update(
            status=ImportStatus.FAILED,
            result={"errors": errors, "error_count": len(rejected.errors)},
            content=b"",
            updated_at=timezone.now(),
        )
        return
    ImportUpload.objects.filter(pk=upload_id).update(
        status=ImportStatus.DONE,
        processed=upload.row_count,
        result={"count": count},
        content=b"",  # booked: the file itself is no longer needed
        updated_at=timezone.now(),
    )


def imports_requeue_stuck(*, queue: str | None = None) -> tuple[int, int]:
    """Queue stalled background imports again, at most REPORT_MAX_REQUEUES times, then refuse
    them with a reason; returns (queued again, failed). Run by beat (core.imports_requeue_stuck)."""
    from core.tasks import import_run as task

    options = {"queue": queue} if queue else {}
    requeued = failed = 0
    with transaction.atomic():
        for upload in (
            ImportUpload.objects.filter(_stalled(timezone.now()))
            .select_for_update(skip_locked=True)
            .only("pk", "attempts", "status")
        ):
            if upload.attempts > settings.REPORT_MAX_REQUEUES:
                reason = _(
                    "De verwerking op de achtergrond is %(n)s keer afgebroken; er is niets "
                    "ingelezen. Lees het bestand opnieuw in, of neem contact op met de beheerder."
                ) % {"n": upload.attempts}
                ImportUpload.objects.filter(pk=upload.pk).update(
                    status=ImportStatus.FAILED,
                    result={
                        "errors": [{"row": 0, "column": "", "reason": reason}],
                        "error_count": 1,
                    },
                    content=b"",
                    updated_at=timezone.now(),
                )
                failed += 1
                continue
            ImportUpload.objects.filter(pk=upload.pk).update(
                status=ImportStatus.QUEUED, updated_at=timezone.now()
            )
            transaction.on_commit(lambda pk=str(upload.pk): task.apply_async(args=[pk], **options))
            requeued += 1
    return requeued, failed


def stored_errors(upload: ImportUpload) -> list[RowError]:
    return [RowError(**e) for e in upload.result.get("errors", [])]


def import_uploads_cleanup(*, max_age: datetime.timedelta | None = None) -> int:
    """Delete uploads older than `max_age` (default IMPORT_UPLOAD_MAX_AGE_HOURS); returns the
    number removed. Running imports are left alone until they are twice as old."""
    max_age = max_age or datetime.timedelta(hours=settings.IMPORT_UPLOAD_MAX_AGE_HOURS)
    now = timezone.now()
    idle = ImportUpload.objects.filter(created_at__lt=now - max_age).exclude(
        status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING]
    )
    stuck = ImportUpload.objects.filter(
        created_at__lt=now - 2 * max_age, status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING]
    )
    deleted = idle.delete()[0] + stuck.delete()[0]
    return deleted
