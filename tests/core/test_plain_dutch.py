"""Forms and filters in plain Dutch: no '---------', nothing chosen for a required choice,
yes/no filters as Alle / Ja / Nee; dates and amounts in the active language."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from budget.filters import EntryFilter
from budget.models import BudgetYear
from core.formatting import format_euro, format_number
from core.templatetags.portal import clock, clock_span, long_date
from governance.filters import ActionFilter
from governance.forms import ActionForm, StatusReportForm

pytestmark = pytest.mark.django_db


def test_a_form_never_offers_dashes_and_says_what_empty_means():
    form = ActionForm()
    html = str(form)
    assert "---------" not in html
    assert "Geen" in str(form["owner"])  # optional: "Geen"


def test_a_required_radio_choice_has_no_blank_button_and_nothing_preselected():
    form = StatusReportForm()
    field = form.fields["overall_status"]
    assert all(value not in ("", None) for value, _label in field.choices)
    assert "checked" not in str(form["overall_status"])


def test_filters_read_alle_ja_nee(seeded):
    actions = str(ActionFilter().form)
    assert "---------" not in actions
    assert ">Alle</option>" in actions and ">Ja</option>" in actions and ">Nee</option>" in actions
    entries = str(EntryFilter(budget_year=BudgetYear.objects.first()).form)
    assert "---------" not in entries and "Onbekend" not in entries


def test_dates_and_amounts_follow_the_active_language():
    day = datetime.date(2027, 1, 15)
    with translation.override("nl"):
        from django.utils.formats import date_format

        assert date_format(day, "SHORT_DATE_FORMAT") == "15-01-2027"
        assert long_date(day) == "15 januari 2027"
        assert format_euro(Decimal("1234.5")) == "€\xa01.234,50"
        assert format_number(Decimal("3.25"), 2) == "3,25"
    with translation.override("en"):
        assert date_format(day, "SHORT_DATE_FORMAT") == "15/01/2027"
        assert long_date(day) == "15 January 2027"
        assert format_euro(Decimal("1234.5")) == "€\xa01,234.50"
        assert format_number(Decimal("3.25"), 2) == "3.25"


def test_a_time_of_day_reads_as_uur_in_dutch_only():
    with translation.override("nl"):
        assert clock(datetime.time(14, 5)) == "14:05 uur"
        assert clock("10:00 – 12:00") == "10:00 – 12:00 uur"
        assert clock(None) == ""
        assert clock_span(datetime.time(14), datetime.time(16)) == "14:00–16:00 uur"
        assert clock_span("14:00", "16:00") == "14:00–16:00 uur"  # as a pack's contents hold it
        assert clock_span(datetime.time(14), None) == "14:00 uur"
    with translation.override("en"):
        assert clock(datetime.time(14, 5)) == "14:05"  # not "14:05 hours"
