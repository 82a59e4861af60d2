"""The governance records the portal-wide search finds (see core.searching).

Registered from GovernanceConfig.ready(). Titles weigh above bodies; every kind links to the
page that shows the record to whoever may see it.
"""

import zoneinfo

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import CharField, F, Func, OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Cast, Concat, Left, LPad, TruncDate
from django.utils.translation import gettext_lazy as _

from core.models import Organisation
from core.searching import SearchableKind, Watch, ids_array, kinds, text_join
from governance.models import (
    Action,
    AgendaItem,
    Commitment,
    Decision,
    Meeting,
    Milestone,
    Risk,
    StatusReport,
    Workstream,
)

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def _dutch_date(field: str) -> Func:
    return Func(F(field), Value("DD-MM-YYYY"), function="to_char", output_field=CharField())


DecisionWorkstream = Decision.workstreams.through

DECISION = SearchableKind(
    key="besluit",
    label=_("Besluiten"),
    model=Decision,
    order=10,
    title=Concat(
        Value("SG-"),
        Cast("year", CharField()),
        Value("-"),
        LPad(Cast("sequence", CharField()), 3, Value("0")),
        output_field=TextField(),
    ),
    body=F("text"),
    date=F("decided_on"),
    workstreams=ArraySubquery(
        DecisionWorkstream.objects.filter(decision=OuterRef("pk"))
        .order_by("workstream_id")
        .values("workstream_id")
    ),
    url_name="governance:decision_detail",
    watches=(Watch(DecisionWorkstream, lookup="pk", column="decision_id"),),
)

MEETING = SearchableKind(
    key="notulen",
    label=_("Notulen"),
    model=Meeting,
    order=20,
    title=F("title"),
    body=text_join(
        Subquery(
            AgendaItem.objects.filter(meeting=OuterRef("pk"))
            .order_by()
            .values("meeting")
            .annotate(titles=StringAgg("title", "\n", order_by="position"))
            .values("titles")
        ),
        "minutes",
        "location",
    ),
    date=F("held_on"),
    workstreams=ArraySubquery(
        AgendaItem.objects.filter(meeting=OuterRef("pk"), workstream__isnull=False)
        .order_by("workstream_id")
        .values("workstream_id")
        .distinct()
    ),
    url_name="governance:meeting_detail",
    watches=(Watch(AgendaItem, lookup="pk", column="meeting_id"),),
)

STATUS_REPORT = SearchableKind(
    key="statusrapportage",
    label=_("Statusrapportages"),
    model=StatusReport,
    order=30,
    title=Concat(
        F("workstream__name"),
        Value(", "),
        _dutch_date("period_start"),
        Value(" t/m "),
        _dutch_date("period_end"),
        output_field=TextField(),
    ),
    body=text_join("escalations", "progress_summary", "results", "next_steps"),
    date=F("period_end"),
    workstreams=ids_array("workstream_id"),
    url_name="governance:report_detail",
    watches=(Watch(Workstream, lookup="workstream"),),
)

RISK = SearchableKind(
    key="risico",
    label=_("Risico's"),
    model=Risk,
    order=40,
    title=F("title"),
    body=text_join("description", "mitigation"),
    date=TruncDate("created_at", tzinfo=AMSTERDAM),
    workstreams=ids_array("workstream_id"),
    url_name="governance:risk_detail",
    mine=lambda user: Q(owner=user),
)

ACTION = SearchableKind(
    key="actie",
    label=_("Acties"),
    model=Action,
    order=50,
    title=F("title"),
    body=F("description"),
    date=F("due_date"),
    workstreams=ids_array("workstream_id"),
    url_name="governance:action_detail",
    mine=lambda user: Q(owner=user),
)

COMMITMENT = SearchableKind(
    key="toezegging",
    label=_("Toezeggingen"),
    model=Commitment,
    order=60,
    # The commitment's own words are its title; the council and who promised it weigh less.
    title=Left("text", 200),
    body=text_join("text", "council__name", "made_by"),
    date=F("made_on"),
    workstreams=ids_array("workstream_id"),
    url_name="governance:commitment_detail",
    watches=(Watch(Organisation, lookup="council"),),
)

MILESTONE = SearchableKind(
    key="mijlpaal",
    label=_("Mijlpalen"),
    model=Milestone,
    order=70,
    title=F("title"),
    body=F("workstream__name"),
    date=F("due_date"),
    workstreams=ids_array("workstream_id"),
    # Milestones are shown on their workstream's page.
    url_name="governance:workstream_detail",
    url_arg=F("workstream__slug"),
    mine=lambda user: Q(workstream__lead_user=user),
    watches=(Watch(Workstream, lookup="workstream"),),
)

KINDS = [DECISION, MEETING, STATUS_REPORT, RISK, ACTION, COMMITMENT, MILESTONE]


def register() -> None:
    for kind in KINDS:
        kinds.register(kind)
