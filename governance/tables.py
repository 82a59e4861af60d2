import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from governance.models import (
    Action,
    Commitment,
    Decision,
    Meeting,
    Milestone,
    Risk,
    StatusReport,
)

# The active language's short date (wbw_portal/formats: 15-01-2027 in Dutch).
DATE_FORMAT = "SHORT_DATE_FORMAT"

# Plain render methods, not TemplateColumn: a template per cell runs every context processor.
STATUS_CLASSES = {
    "op_koers": "status-op-koers",
    "aandacht": "status-aandacht",
    "in_gevaar": "status-in-gevaar",
}


def status_badge(record) -> str:
    return format_html(
        '<span class="badge {}">{}</span>',
        STATUS_CLASSES[record.overall_status],
        record.get_overall_status_display(),
    )


class OverdueColumn(tables.Column):
    def __init__(self, **kwargs):
        super().__init__(empty_values=(), orderable=False, verbose_name=_("Te laat"), **kwargs)

    def render(self, record):
        if record.is_overdue:
            return format_html('<span class="badge text-bg-danger">{}</span>', _("Te laat"))
        return ""


class StatusReportTable(tables.Table):
    workstream = tables.Column(verbose_name=_("Werkstroom"), order_by=("workstream__number",))
    period_end = tables.DateColumn(DATE_FORMAT, verbose_name=_("Periode tot en met"))
    overall_status = tables.Column(verbose_name=_("Totaalbeeld"))
    state = tables.Column(verbose_name=_("Stand"))
    open_link = tables.Column(empty_values=(), orderable=False, verbose_name=_("Rapportage"))

    class Meta:
        model = StatusReport
        fields = ["workstream", "period_end", "overall_status", "state"]
        order_by = ("-period_end",)

    def render_overall_status(self, record):
        return status_badge(record)

    def render_open_link(self, record):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("governance:report_detail", args=[record.pk]),
            _("Bekijken"),
        )


class MilestoneTable(tables.Table):
    title = tables.Column(
        verbose_name=_("Mijlpaal"),
        linkify=lambda record: reverse("governance:milestone_detail", args=[record.pk]),
    )
    workstream = tables.Column(verbose_name=_("Werkstroom"), order_by=("workstream__number",))
    due_date = tables.DateColumn(DATE_FORMAT)
    completed_on = tables.DateColumn(DATE_FORMAT)
    overdue = OverdueColumn()

    class Meta:
        model = Milestone
        fields = ["title", "workstream", "due_date", "status", "completed_on"]


class MeetingTable(tables.Table):
    title = tables.Column(
        linkify=lambda record: reverse("governance:meeting_detail", args=[record.pk])
    )
    held_on = tables.DateColumn(DATE_FORMAT)
    start_time = tables.TimeColumn("H:i", verbose_name=_("Aanvang"))
    agenda_count = tables.Column(verbose_name=_("Agendapunten"))
    decision_count = tables.Column(verbose_name=_("Besluiten"))

    class Meta:
        model = Meeting
        fields = [
            "held_on",
            "start_time",
            "title",
            "agenda_state",
            "minutes_state",
            "agenda_count",
            "decision_count",
        ]


class DecisionTable(tables.Table):
    number = tables.Column(
        verbose_name=_("Nummer"),
        order_by=("year", "sequence"),
        accessor="number",
        linkify=lambda record: reverse("governance:decision_detail", args=[record.pk]),
    )
    decided_on = tables.DateColumn(DATE_FORMAT)
    workstreams = tables.ManyToManyColumn(
        verbose_name=_("Werkstromen"), transform=lambda w: w.number
    )
    meeting = tables.Column(verbose_name=_("Vergadering"))

    class Meta:
        model = Decision
        fields = ["number", "decided_on", "text", "workstreams", "meeting"]
        order_by = ("-number",)


class ActionTable(tables.Table):
    title = tables.Column(
        linkify=lambda record: reverse("governance:action_detail", args=[record.pk])
    )
    due_date = tables.DateColumn(DATE_FORMAT)
    overdue = OverdueColumn()

    class Meta:
        model = Action
        fields = ["title", "owner", "owner_organisation", "workstream", "due_date", "status"]


class CommitmentTable(tables.Table):
    text = tables.Column(
        linkify=lambda record: reverse("governance:commitment_detail", args=[record.pk])
    )
    made_on = tables.DateColumn(DATE_FORMAT)
    due_date = tables.DateColumn(DATE_FORMAT)
    overdue = OverdueColumn()

    class Meta:
        model = Commitment
        fields = ["council", "text", "made_by", "made_on", "due_date", "status", "workstream"]


class RiskTable(tables.Table):
    title = tables.Column(
        linkify=lambda record: reverse("governance:risk_detail", args=[record.pk])
    )
    workstream = tables.Column(default=_("Programma"), order_by=("workstream__number",))

    class Meta:
        model = Risk
        fields = ["title", "workstream", "probability", "impact", "score", "owner", "status"]
