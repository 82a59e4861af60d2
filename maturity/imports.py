"""Import of self-scores and benchmark values from .xlsx/.csv: parse, preview, apply all-or-nothing.

`parse_upload` reads the file into plain rows; `validate_*` turns them into a preview with an
error per row (in Dutch); `apply_*` writes only when no row has an error, in one transaction.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Organisation
from maturity.models import (
    Assessment,
    AssessmentSource,
    AssessmentStatus,
    BenchmarkValue,
    Characteristic,
    CharacteristicScore,
)

SCORE_COLUMNS = ["organisatie", "kenmerk", "waarde"]
BENCHMARK_COLUMNS = ["kenmerk", "gemiddelde", "spreiding"]
SCALE = (Decimal("1"), Decimal("5"))


@dataclass
class PreviewRow:
    line: int
    values: dict
    errors: list[str] = field(default_factory=list)
    organisation_id: int | None = None
    characteristic_id: int | None = None
    value: str | None = None
    spread: str | None = None


def parse_upload(upload) -> list[dict]:
    """Rows as dicts keyed by lower-cased header; raises ValidationError for unreadable files."""
    name = upload.name.lower()
    content = upload.read()
    if name.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(_("Het CSV-bestand is niet in UTF-8 opgeslagen.")) from error
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
        rows = list(csv.reader(io.StringIO(text), dialect))
    else:
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise ValidationError(_("Het Excel-bestand kan niet worden gelezen.")) from error
        sheet = workbook.worksheets[0]
        rows = [
            ["" if cell is None else str(cell) for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    rows = [row for row in rows if any(str(cell).strip() for cell in row)]
    if not rows:
        raise ValidationError(_("Het bestand is leeg."))
    header = [str(cell).strip().lower() for cell in rows[0]]
    return [
        {header[i]: str(cell).strip() for i, cell in enumerate(row) if i < len(header)}
        for row in rows[1:]
    ]


def _check_header(rows: list[dict], required: list[str]):
    if rows and not set(required) <= set(rows[0]):
        raise ValidationError(
            _("De eerste regel moet de kolommen %(columns)s bevatten.")
            % {"columns": ", ".join(required)}
        )


def _decimal(raw: str, label: str, errors: list[str]) -> Decimal | None:
    try:
        value = Decimal(raw.replace(",", "."))
    except (InvalidOperation, AttributeError):
        errors.append(_("%(label)s '%(raw)s' is geen getal.") % {"label": label, "raw": raw})
        return None
    if not SCALE[0] <= value <= SCALE[1]:
        errors.append(
            _("%(label)s %(raw)s ligt buiten de schaal van 1 tot en met 5.")
            % {"label": label, "raw": raw}
        )
        return None
    return value.quantize(Decimal("0.01"))


def _lookups():
    characteristics = {}
    for c in Characteristic.objects.all():
        characteristics[c.code.lower()] = c
        characteristics[c.name.lower()] = c
    organisations = {}
    for o in Organisation.objects.all():
        organisations[o.short_name.lower()] = o
        organisations[o.name.lower()] = o
    return characteristics, organisations


def validate_scores(rows: list[dict]) -> list[PreviewRow]:
    _check_header(rows, SCORE_COLUMNS)
    characteristics, organisations = _lookups()
    preview, seen = [], set()
    for line, row in enumerate(rows, start=2):
        item = PreviewRow(line=line, values=row)
        organisation = organisations.get(row.get("organisatie", "").lower())
        characteristic = characteristics.get(row.get("kenmerk", "").lower())
        if organisation is None:
            item.errors.append(
                _("Onbekende organisatie '%(name)s'.") % {"name": row.get("organisatie", "")}
            )
        if characteristic is None:
            item.errors.append(_("Onbekend kenmerk '%(name)s'.") % {"name": row.get("kenmerk", "")})
        value = _decimal(row.get("waarde", ""), _("Waarde"), item.errors)
        if organisation and characteristic:
            key = (organisation.pk, characteristic.pk)
            if key in seen:
                item.errors.append(
                    _("Deze organisatie en dit kenmerk staan al eerder in het bestand.")
                )
            seen.add(key)
            item.organisation_id, item.characteristic_id = key
        item.value = None if value is None else str(value)
        preview.append(item)
    return preview


def validate_benchmark(rows: list[dict]) -> list[PreviewRow]:
    _check_header(rows, BENCHMARK_COLUMNS[:2])
    characteristics, _organisations = _lookups()
    preview, seen = [], set()
    for line, row in enumerate(rows, start=2):
        item = PreviewRow(line=line, values=row)
        characteristic = characteristics.get(row.get("kenmerk", "").lower())
        if characteristic is None:
            item.errors.append(_("Onbekend kenmerk '%(name)s'.") % {"name": row.get("kenmerk", "")})
        elif characteristic.pk in seen:
            item.errors.append(_("Dit kenmerk staat al eerder in het bestand."))
        else:
            seen.add(characteristic.pk)
            item.characteristic_id = characteristic.pk
        average = _decimal(row.get("gemiddelde", ""), _("Gemiddelde"), item.errors)
        item.value = None if average is None else str(average)
        if row.get("spreiding"):
            try:
                spread = Decimal(row["spreiding"].replace(",", "."))
                if spread < 0 or spread > 5:
                    raise InvalidOperation
                item.spread = str(spread.quantize(Decimal("0.01")))
            except InvalidOperation:
                item.errors.append(
                    _("Spreiding '%(raw)s' is geen getal van 0 tot en met 5.")
                    % {"raw": row["spreiding"]}
                )
        preview.append(item)
    return preview


def has_errors(preview: list[PreviewRow]) -> bool:
    return not preview or any(item.errors for item in preview)


@transaction.atomic
def apply_scores(*, assessment_round, preview: list[PreviewRow], acting_user) -> int:
    """Write imported scores (submitted, source import); nothing at all if any row is wrong."""
    if has_errors(preview):
        raise ValidationError(_("Het bestand bevat fouten; er is niets geïmporteerd."))
    by_organisation: dict[int, list[PreviewRow]] = {}
    for item in preview:
        by_organisation.setdefault(item.organisation_id, []).append(item)
    now = timezone.now()
    for organisation_id, items in by_organisation.items():
        assessment, _created = Assessment.objects.select_for_update().get_or_create(
            round=assessment_round, organisation_id=organisation_id
        )
        assessment.status = AssessmentStatus.SUBMITTED
        assessment.source = AssessmentSource.IMPORT
        assessment.submitted_at = now
        assessment.submitted_by = acting_user
        assessment.save()
        for item in items:
            CharacteristicScore.objects.update_or_create(
                assessment=assessment,
                characteristic_id=item.characteristic_id,
                defaults={"value": Decimal(item.value)},
            )
    return len(preview)


@transaction.atomic
def apply_benchmark(*, assessment_round, preview: list[PreviewRow], acting_user) -> int:
    if has_errors(preview):
        raise ValidationError(_("Het bestand bevat fouten; er is niets geïmporteerd."))
    for item in preview:
        BenchmarkValue.objects.update_or_create(
            round=assessment_round,
            characteristic_id=item.characteristic_id,
            defaults={
                "average": Decimal(item.value),
                "spread": Decimal(item.spread) if item.spread else None,
            },
        )
    return len(preview)


def preview_to_session(preview: list[PreviewRow]) -> list[dict]:
    return [
        {
            "line": p.line,
            "organisation_id": p.organisation_id,
            "characteristic_id": p.characteristic_id,
            "value": p.value,
            "spread": p.spread,
        }
        for p in preview
    ]


def preview_from_session(data: list[dict]) -> list[PreviewRow]:
    return [PreviewRow(values={}, **row) for row in data]
