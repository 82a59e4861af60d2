import django_tables2 as tables
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext_lazy as _

from budget.models import Entry
from budget.templatetags.money import format_euro


class EntryTable(tables.Table):
    booked_on = tables.DateColumn(short=True, verbose_name=_("Datum"))
    line = tables.Column(accessor="line__name", verbose_name=_("Post"))
    kind = tables.Column(verbose_name=_("Soort"))
    description = tables.Column(verbose_name=_("Omschrijving"))
    amount = tables.Column(
        verbose_name=_("Bedrag"),
        attrs={"th": {"class": "text-end"}, "td": {"class": "text-end text-nowrap"}},
    )
    entered_by = tables.Column(verbose_name=_("Ingevoerd door"), orderable=False)

    class Meta:
        model = Entry
        fields = [
            "booked_on",
            "line",
            "kind",
            "description",
            "supplier",
            "reference",
            "amount",
            "status",
            "entered_by",
        ]
        attrs = {"class": "table table-sm align-middle"}
        empty_text = _("Nog geen boekingen.")

    def __init__(self, *args, can_edit=False, **kwargs):
        self.can_edit = can_edit
        super().__init__(*args, **kwargs)

    def render_kind(self, record):
        html = conditional_escape(record.get_kind_display())
        if record.is_credit:
            html += format_html(' <span class="badge text-bg-secondary">{}</span>', _("credit"))
        if record.is_overrun:
            html += format_html(' <span class="badge text-bg-danger">{}</span>', _("escalatie"))
        return html

    def render_description(self, record, value):
        # Whoever sees the list may open the entry's page; "Bewerken" is offered there.
        return format_html('<a href="{}">{}</a>', reverse("budget:entry", args=[record.pk]), value)

    def render_amount(self, record):
        return format_euro(record.signed_amount)
