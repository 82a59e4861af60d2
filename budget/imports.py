"""The realisation import: entries from .xlsx or .csv, booked all-or-nothing.

Reading, limits, cell cleaning, preview and confirmation are core.imports' (one pipeline for
every import); this module says only what a budget entry row is.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budget.exports import IMPORT_HEADERS
from budget.models import BudgetLine, BudgetYear, Entry, EntryKind, EntryStatus
from budget.templatetags.money import format_euro
from core.imports.cells import CellError, choice, lookup, model_field, to_date, to_decimal, to_flag
from core.imports.pipeline import Column, Importer, ParsedRow, RowError

__all__ = ["IMPORT_HEADERS", "EntryImporter"]


def _amount(value):
    amount = to_decimal(value, places=2)
    if amount <= 0:
        raise CellError(
            _("Het bedrag moet groter zijn dan nul; gebruik 'credit' voor een terugboeking.")
        )
    return amount


def _optional(parse, default):
    def parse_or_default(value):
        return default if value == "" else parse(value)

    return parse_or_default


class EntryImporter(Importer):
    key = "budget.entries"
    label = gettext_lazy("Boekingen")
    permission = "budget.import_realisation"
    scope_model = BudgetYear
    preview_headers = [
        gettext_lazy("Post"),
        gettext_lazy("Soort"),
        gettext_lazy("Datum"),
        gettext_lazy("Bedrag"),
        gettext_lazy("Omschrijving"),
    ]

    def columns(self) -> list[Column]:
        lines = {
            line.name.lower(): line for line in BudgetLine.objects.filter(budget_year=self.scope)
        }
        return [
            Column(
                "post", "line", lookup(lines, unknown=_("Onbekende post '%(value)s' in dit jaar."))
            ),
            Column("soort", "kind", choice(EntryKind.choices)),
            Column("credit", "is_credit", to_flag, required=False),
            Column("datum", "booked_on", self._date),
            Column("bedrag", "amount", model_field(Entry, "amount", convert=_amount)),
            Column("omschrijving", "description", model_field(Entry, "description", required=True)),
            Column("leverancier", "supplier", model_field(Entry, "supplier"), required=False),
            Column("kenmerk", "reference", model_field(Entry, "reference"), required=False),
            Column(
                "status",
                "status",
                _optional(choice(EntryStatus.choices), EntryStatus.PROVISIONAL),
                required=False,
            ),
            Column("overschrijding", "is_overrun", to_flag, required=False),
        ]

    def _date(self, value):
        day = to_date(value)
        if day.year != self.scope.year:
            raise CellError(
                _("De datum ligt niet in het begrotingsjaar %(year)s.") % {"year": self.scope.year}
            )
        return day

    def check_file(self, rows: list[ParsedRow]) -> list[RowError]:
        from budget import services

        return services.entries_import_check(
            budget_year=self.scope,
            rows=[row.values for row in rows],
            row_numbers=[row.number for row in rows],
        )

    def apply(self, rows: list[ParsedRow], *, acting_user) -> int:
        from budget import services

        created = services.entries_import(
            budget_year=self.scope,
            rows=[row.values for row in rows],
            row_numbers=[row.number for row in rows],
            acting_user=acting_user,
        )
        return len(created)

    def preview_cells(self, values: dict) -> list:
        kind = dict(EntryKind.choices)[values["kind"]]
        if values["is_credit"]:
            kind = f"{kind} ({_('credit')})"
        return [
            values["line"].name,
            kind,
            values["booked_on"].strftime("%d-%m-%Y"),
            format_euro(values["amount"]),
            values["description"],
        ]
