"""The maturity imports: self-scores per organisation and benchmark values, per round.

Reading, limits, cell cleaning, preview and confirmation are core.imports' (one pipeline for
every import); this module says only what a score row and a benchmark row are. Imported scores
are written as submitted assessments with source 'import'.
"""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.imports.cells import CellError, lookup, text_of, to_decimal
from core.imports.pipeline import Column, Importer, ParsedRow
from core.models import Organisation
from maturity.models import (
    Assessment,
    AssessmentRound,
    AssessmentSource,
    AssessmentStatus,
    BenchmarkValue,
    Characteristic,
    CharacteristicScore,
)

SCALE = (Decimal("1"), Decimal("5"))


def _score(label: str, low=SCALE[0], high=SCALE[1]):
    def parse(value):
        number = to_decimal(value, places=2, round_off=True)
        if not low <= number <= high:
            raise CellError(
                _("%(label)s %(value)s ligt buiten de schaal van %(low)s tot en met %(high)s.")
                % {"label": label, "value": text_of(value), "low": low, "high": high}
            )
        return number

    return parse


def _optional(parse):
    def parse_or_none(value):
        return None if value == "" else parse(value)

    return parse_or_none


def _characteristics() -> dict:
    found = {}
    for characteristic in Characteristic.objects.all():
        found[characteristic.code.lower()] = characteristic
        found[characteristic.name.lower()] = characteristic
    return found


def _characteristic_column() -> Column:
    return Column(
        "kenmerk",
        "characteristic",
        lookup(_characteristics(), unknown=_("Onbekend kenmerk '%(value)s'.")),
    )


class ScoresImporter(Importer):
    key = "maturity.scores"
    label = gettext_lazy("Zelfscores per kenmerk")
    permission = "maturity.import_data"
    scope_model = AssessmentRound
    preview_headers = [gettext_lazy("Organisatie"), gettext_lazy("Kenmerk"), gettext_lazy("Waarde")]

    def columns(self) -> list[Column]:
        self.seen = set()
        organisations = {}
        for organisation in Organisation.objects.all():
            organisations[organisation.short_name.lower()] = organisation
            organisations[organisation.name.lower()] = organisation
        return [
            Column(
                "organisatie",
                "organisation",
                lookup(organisations, unknown=_("Onbekende organisatie '%(value)s'.")),
            ),
            _characteristic_column(),
            Column("waarde", "value", _score(_("Waarde"))),
        ]

    def check_row(self, values: dict) -> list[tuple[str, str]]:
        key = (values["organisation"].pk, values["characteristic"].pk)
        if key in self.seen:
            return [
                ("kenmerk", _("Deze organisatie en dit kenmerk staan al eerder in het bestand."))
            ]
        self.seen.add(key)
        return []

    def apply(self, rows: list[ParsedRow], *, acting_user) -> int:
        """Scores as submitted assessments (source: import); the caller's transaction."""
        by_organisation: dict[int, list[dict]] = {}
        for row in rows:
            by_organisation.setdefault(row.values["organisation"].pk, []).append(row.values)
        now = timezone.now()
        for organisation_id, items in by_organisation.items():
            assessment, _created = Assessment.objects.select_for_update().get_or_create(
                round=self.scope, organisation_id=organisation_id
            )
            assessment.status = AssessmentStatus.SUBMITTED
            assessment.source = AssessmentSource.IMPORT
            assessment.submitted_at = now
            assessment.submitted_by = acting_user
            assessment.save()
            for values in items:
                CharacteristicScore.objects.update_or_create(
                    assessment=assessment,
                    characteristic=values["characteristic"],
                    defaults={"value": values["value"]},
                )
        return len(rows)

    def preview_cells(self, values: dict) -> list:
        return [values["organisation"].short_name, values["characteristic"].name, values["value"]]


class BenchmarkImporter(Importer):
    key = "maturity.benchmark"
    label = gettext_lazy("Benchmarkwaarden")
    permission = "maturity.manage_benchmark"
    scope_model = AssessmentRound
    preview_headers = [
        gettext_lazy("Kenmerk"),
        gettext_lazy("Gemiddelde"),
        gettext_lazy("Spreiding"),
    ]

    def columns(self) -> list[Column]:
        self.seen = set()
        return [
            _characteristic_column(),
            Column("gemiddelde", "average", _score(_("Gemiddelde"))),
            Column(
                "spreiding",
                "spread",
                _optional(_score(_("Spreiding"), low=Decimal("0"))),
                required=False,
            ),
        ]

    def check_row(self, values: dict) -> list[tuple[str, str]]:
        if values["characteristic"].pk in self.seen:
            return [("kenmerk", _("Dit kenmerk staat al eerder in het bestand."))]
        self.seen.add(values["characteristic"].pk)
        return []

    def apply(self, rows: list[ParsedRow], *, acting_user) -> int:
        for row in rows:
            BenchmarkValue.objects.update_or_create(
                round=self.scope,
                characteristic=row.values["characteristic"],
                defaults={"average": row.values["average"], "spread": row.values["spread"]},
            )
        return len(rows)

    def preview_cells(self, values: dict) -> list:
        return [values["characteristic"].name, values["average"], values["spread"] or "—"]
