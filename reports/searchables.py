"""Issued council reports in the portal-wide search (see core.searching).

A griffier finds their own council's reports, programme staff all of them: the same scope as
the report pages. The text is the report's frozen snapshot, so a report is found by what it
said, not by what the registers say today.
"""

from django.db.models import CharField, F, Func, Q, TextField, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from core.searching import SearchableKind, kinds, text_join
from reports.models import CouncilReport, CouncilReportState


def _dutch_date(field: str) -> Func:
    return Func(F(field), Value("DD-MM-YYYY"), function="to_char", output_field=CharField())


# Every string in the snapshot (chapter titles, status texts, commitments, ...), space-separated.
_SNAPSHOT_TEXT = Func(
    F("snapshot"),
    template=(
        "array_to_string(ARRAY(SELECT jsonb_path_query(%(expressions)s,"
        " 'strict $.** ? (@.type() == \"string\")') #>> '{}'), ' ')"
    ),
    output_field=TextField(),
)

COUNCIL_REPORT = SearchableKind(
    key="raadsrapportage",
    label=_("Raadsrapportages"),
    model=CouncilReport,
    order=80,
    title=Concat(
        Value("Raadsrapportage "),
        F("council__short_name"),
        Value(", "),
        _dutch_date("period_start"),
        Value(" t/m "),
        _dutch_date("period_end"),
        output_field=TextField(),
    ),
    body=text_join("council__name", _SNAPSHOT_TEXT),
    date=F("period_end"),
    url_name="reports:detail",
    # Issued: rendered, and not replaced by a newer version.
    condition=Q(state=CouncilReportState.DONE, superseded=False),
)


def register() -> None:
    kinds.register(COUNCIL_REPORT)
