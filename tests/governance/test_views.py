import datetime

import pytest
from django.urls import reverse

from governance.models import Milestone, StatusReport, StatusReportState
from tests.factories import OrganisationFactory, WorkstreamFactory
from tests.governance.factories import (
    ActionFactory,
    CommitmentFactory,
    DecisionFactory,
    MeetingFactory,
    MilestoneFactory,
    RegionalFunctionFactory,
    RiskFactory,
    RoleAssignmentFactory,
    StatusReportFactory,
)

pytestmark = pytest.mark.django_db

# Session, user, the data version of the page cache (core.caching), the eight of
# stuurgroep_dashboard, the budget panel (burn per line, and per month for the chart: three);
# then six for a stuurgroep member's 'Actie nodig' (next meeting and its pack, minutes,
# escalations, overdue commitments, budget changes), never cached. Budgets are for a cold
# cache; a warm one needs nine.
DASHBOARD_QUERIES = 14 + 6

# Page -> query budget (cold cache, so including the data version), the same at both sizes.
PAGES = {
    "governance:report_list": 8,
    "governance:milestone_list": 8,
    "governance:meeting_list": 7,
    "governance:decision_list": 8,
    "governance:action_list": 8,
    "governance:commitment_list": 9,
    "governance:risk_list": 10,
    "governance:roles": 5,
    "governance:changes": 20,  # two per kind of record: core.selectors.changed_since
}


def make_programme(size: int):
    """`size` workstreams, each with a year of registers."""
    council = OrganisationFactory(short_name="Etten-Leur")
    function = RegionalFunctionFactory(name="Architectuur")
    meeting = MeetingFactory(held_on=datetime.date.today() - datetime.timedelta(days=10))
    for n in range(size):
        workstream = WorkstreamFactory()
        StatusReportFactory.create_batch(2, workstream=workstream, published=True)
        StatusReportFactory(workstream=workstream)
        MilestoneFactory.create_batch(2, workstream=workstream)
        MilestoneFactory(workstream=workstream, overdue=True)
        RiskFactory.create_batch(2, workstream=workstream)
        ActionFactory(workstream=workstream, due_date=datetime.date(2026, 1, 1))
        CommitmentFactory(
            council=council, workstream=workstream, due_date=datetime.date(2026, 2, 1)
        )
        decision = DecisionFactory(meeting=meeting)
        decision.workstreams.add(workstream)
        RoleAssignmentFactory(function=function if n % 2 else RegionalFunctionFactory())


@pytest.mark.parametrize("size", [2, 20])
def test_dashboard_query_count_does_not_grow(
    client, stuurgroeplid, django_assert_max_num_queries, size
):
    make_programme(size)
    client.force_login(stuurgroeplid)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Stuurgroepdashboard" in response.content.decode()


@pytest.mark.parametrize("size", [2, 20])
@pytest.mark.parametrize("url_name", list(PAGES))
def test_list_query_counts_do_not_grow(
    client, kwartiermaker, django_assert_max_num_queries, size, url_name
):
    make_programme(size)
    client.force_login(kwartiermaker)
    with django_assert_max_num_queries(PAGES[url_name]):
        response = client.get(reverse(url_name))
    assert response.status_code == 200


def test_griffier_keeps_the_plain_workstream_list(client, griffier, own_workstream):
    client.force_login(griffier)
    page = client.get(reverse("home")).content.decode()
    assert own_workstream.name in page and "Stuurgroepdashboard" not in page


def test_the_quick_form_keeps_the_input_on_errors(client, kwartiermaker, own_workstream):
    client.force_login(kwartiermaker)
    data = {
        "workstream": own_workstream.pk,
        "period_start": "2026-10-01",
        "period_end": "2026-09-01",
        "overall_status": "aandacht",
        "progress_summary": "Wat ik net typte",
        "results": "",
        "next_steps": "",
        "submit": "publish",
    }
    response = client.post(reverse("governance:report_quick"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Wat ik net typte" in page
    assert "Het einde van de periode ligt vóór het begin." in page
    assert not StatusReport.objects.exists()


def test_publishing_with_missing_fields_shows_dutch_field_errors(
    client, kwartiermaker, own_workstream
):
    client.force_login(kwartiermaker)
    data = {
        "workstream": own_workstream.pk,
        "period_start": "2026-09-01",
        "period_end": "2026-10-01",
        "overall_status": "aandacht",
        "progress_summary": "Samenvatting",
        "submit": "publish",
    }
    response = client.post(reverse("governance:report_quick"), data)
    assert response.status_code == 200
    assert "Vul dit in voordat u publiceert." in response.content.decode()
    assert response.context["form"].errors.keys() == {"results", "next_steps"}
    assert not StatusReport.objects.exists()


def test_quick_form_publishes_and_the_dashboard_shows_it(
    client, kwartiermaker, stuurgroeplid, own_workstream
):
    client.force_login(kwartiermaker)
    data = {
        "workstream": own_workstream.pk,
        "period_start": "2026-09-01",
        "period_end": "2026-10-01",
        "overall_status": "in_gevaar",
        "progress_summary": "Achter op schema",
        "results": "Weinig",
        "next_steps": "Bijsturen",
        "submit": "publish",
        "confirm": "1",
    }
    response = client.post(reverse("governance:report_quick"), data)
    report = StatusReport.objects.get()
    assert response.status_code == 302 and report.state == StatusReportState.PUBLISHED
    client.force_login(stuurgroeplid)
    page = client.get(reverse("home")).content.decode()
    assert "In gevaar" in page


def test_a_published_report_cannot_be_opened_for_editing(client, kwartiermaker, own_workstream):
    report = StatusReportFactory(workstream=own_workstream, published=True)
    client.force_login(kwartiermaker)
    response = client.post(
        reverse("governance:report_edit", args=[report.pk]),
        {"results": "Anders", "version": report.version},
    )
    assert response.status_code == 302
    assert StatusReport.objects.get(pk=report.pk).results == "Resultaten"
    detail = client.get(reverse("governance:report_detail", args=[report.pk])).content.decode()
    assert "Concept bewerken" not in detail


def test_a_stale_edit_is_refused_with_409_and_keeps_the_input(
    client, kwartiermaker, own_workstream
):
    milestone = MilestoneFactory(workstream=own_workstream)
    stale_version = milestone.version
    milestone.title = "Door een ander gewijzigd"
    milestone.save()
    client.force_login(kwartiermaker)
    response = client.post(
        reverse("governance:milestone_edit", args=[milestone.pk]),
        {
            "title": "Mijn wijziging",
            "due_date": "2026-12-01",
            "status": "gepland",
            "version": stale_version,
        },
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Iemand anders heeft dit record gewijzigd" in page and "Mijn wijziging" in page
    assert Milestone.objects.get(pk=milestone.pk).title == "Door een ander gewijzigd"


def test_record_pages_show_their_history(client, kwartiermaker, own_workstream):
    client.force_login(kwartiermaker)
    milestone = MilestoneFactory(workstream=own_workstream, title="Oud")
    client.post(
        reverse("governance:milestone_edit", args=[milestone.pk]),
        {"title": "Nieuw", "due_date": "2026-12-01", "status": "gepland", "version": 1},
    )
    page = client.get(reverse("governance:milestone_detail", args=[milestone.pk])).content.decode()
    assert "Geschiedenis" in page and "Oud → Nieuw" in page and str(kwartiermaker) in page


def test_workstream_page_shows_all_reports_and_current_status(
    client, stuurgroeplid, own_workstream
):
    old = StatusReportFactory(workstream=own_workstream, published=True, overall_status="in_gevaar")
    new = StatusReportFactory(
        workstream=own_workstream,
        published=True,
        overall_status="op_koers",
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2026, 6, 30),
    )
    client.force_login(stuurgroeplid)
    response = client.get(reverse("governance:workstream_detail", args=[own_workstream.slug]))
    assert response.context["current"] == new and response.context["trend"] == "beter"
    page = response.content.decode()
    for report in (old, new):
        assert reverse("governance:report_detail", args=[report.pk]) in page


def test_decision_form_assigns_the_next_number(client, stuurgroeplid, own_workstream):
    DecisionFactory(year=2026, sequence=6)
    client.force_login(stuurgroeplid)
    response = client.post(
        reverse("governance:decision_create"),
        {"decided_on": "2026-11-03", "text": "Door", "workstreams": [own_workstream.pk]},
    )
    assert response.status_code == 302
    page = client.get(reverse("governance:decision_list")).content.decode()
    assert "SG-2026-007" in page


def test_risk_form_rejects_out_of_range_values_in_dutch(client, kwartiermaker, own_workstream):
    client.force_login(kwartiermaker)
    response = client.post(
        reverse("governance:risk_create"),
        {
            "workstream": own_workstream.pk,
            "title": "R",
            "probability": 7,
            "impact": 0,
            "status": "open",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "probability" in errors and "impact" in errors


def test_adopting_minutes_through_the_page(client, stuurgroeplid):
    meeting = MeetingFactory(minutes="Verslag")
    client.force_login(stuurgroeplid)
    client.post(
        reverse("governance:meeting_adopt", args=[meeting.pk]),
        {"version": meeting.version, "confirm": "1"},
    )
    meeting.refresh_from_db()
    assert meeting.is_adopted and meeting.adopted_by == stuurgroeplid
    page = client.get(reverse("governance:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Vastgesteld" in page and "Verslag vaststellen" not in page


def test_changes_page_shows_what_moved_since_the_last_meeting(
    client, stuurgroeplid, own_workstream
):
    MeetingFactory(held_on=datetime.date.today() - datetime.timedelta(days=14), title="SG nov")
    RiskFactory(workstream=None, title="Programmarisico")
    RiskFactory(workstream=own_workstream, title="Werkstroomrisico")
    client.force_login(stuurgroeplid)
    page = client.get(reverse("governance:changes")).content.decode()
    assert "SG nov" in page and "Programmarisico" in page and "Werkstroomrisico" in page


def test_roles_page_flags_one_is_none(client, stuurgroeplid):
    lonely = RegionalFunctionFactory(name="Architectuur")
    RoleAssignmentFactory(function=lonely, person_name="Anton")
    client.force_login(stuurgroeplid)
    page = client.get(reverse("governance:roles")).content.decode()
    assert "Anton" in page and "Eén is geen" in page


def test_a_trekker_cannot_put_a_risk_on_another_workstream(
    client, trekker, own_workstream, other_workstream
):
    from governance.models import Risk

    client.force_login(trekker)
    data = {"title": "R", "probability": 2, "impact": 2, "status": "open"}
    response = client.post(
        reverse("governance:risk_create"), {**data, "workstream": other_workstream.pk}
    )
    assert response.status_code == 200 and "workstream" in response.context["form"].errors
    response = client.post(
        reverse("governance:risk_create"), {**data, "workstream": own_workstream.pk}
    )
    assert response.status_code == 302
    assert list(Risk.objects.values_list("workstream", flat=True)) == [own_workstream.pk]


def test_a_stale_draft_report_edit_is_refused_and_keeps_the_input(client, trekker, own_workstream):
    report = StatusReportFactory(workstream=own_workstream)
    stale_version = report.version
    report.progress_summary = "Door de kwartiermaker aangepast"
    report.save()
    client.force_login(trekker)
    response = client.post(
        reverse("governance:report_edit", args=[report.pk]),
        {
            "period_start": "2026-01-01",
            "period_end": "2026-03-31",
            "overall_status": "aandacht",
            "progress_summary": "Mijn eigen tekst",
            "results": "r",
            "next_steps": "n",
            "version": stale_version,
            "submit": "publish",
            "confirm": "1",
        },
    )
    assert response.status_code == 409
    assert "Mijn eigen tekst" in response.content.decode()
    report.refresh_from_db()
    assert report.state == StatusReportState.DRAFT
    assert report.progress_summary == "Door de kwartiermaker aangepast"


def test_adopting_stale_minutes_is_refused(client, stuurgroeplid):
    meeting = MeetingFactory(minutes="Eerste versie")
    stale_version = meeting.version
    meeting.minutes = "Tweede versie"
    meeting.save()
    client.force_login(stuurgroeplid)
    response = client.post(
        reverse("governance:meeting_adopt", args=[meeting.pk]),
        {"version": stale_version, "confirm": "1"},
        follow=True,
    )
    assert "intussen gewijzigd" in response.content.decode()
    meeting.refresh_from_db()
    assert not meeting.is_adopted


# --- Confirmation of irreversible steps (core.confirm) ------------------------------------------


def test_publishing_asks_first_and_the_confirmation_page_carries_the_text(
    client, kwartiermaker, own_workstream
):
    client.force_login(kwartiermaker)
    data = {
        "workstream": own_workstream.pk,
        "period_start": "2026-09-01",
        "period_end": "2026-10-01",
        "overall_status": "op_koers",
        "progress_summary": "Tekst met <tags> & meer",
        "results": "Resultaat",
        "next_steps": "Volgende stap",
        "submit": "publish",
    }
    response = client.post(reverse("governance:report_quick"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Wilt u deze statusrapportage publiceren?" in page
    assert 'name="confirm" value="1"' in page
    assert 'value="Tekst met &lt;tags&gt; &amp; meer"' in page  # carried, escaped
    assert not StatusReport.objects.exists()
    # Back to the form: the text is still there and nothing is saved.
    response = client.post(reverse("governance:report_quick"), {**data, "confirm": "back"})
    assert response.status_code == 200 and "Tekst met &lt;tags&gt; &amp; meer" in (
        response.content.decode()
    )
    assert not StatusReport.objects.exists()
    response = client.post(reverse("governance:report_quick"), {**data, "confirm": "1"})
    assert response.status_code == 302
    assert StatusReport.objects.get().state == StatusReportState.PUBLISHED


def test_saving_a_draft_needs_no_confirmation(client, kwartiermaker, own_workstream):
    client.force_login(kwartiermaker)
    response = client.post(
        reverse("governance:report_quick"),
        {
            "workstream": own_workstream.pk,
            "period_start": "2026-09-01",
            "period_end": "2026-10-01",
            "overall_status": "op_koers",
            "progress_summary": "Concept",
            "submit": "draft",
        },
    )
    assert response.status_code == 302
    assert StatusReport.objects.get().state == StatusReportState.DRAFT


def test_adopting_minutes_asks_first(client, stuurgroeplid):
    meeting = MeetingFactory(minutes="Verslag", held_on=datetime.date(2026, 10, 6))
    client.force_login(stuurgroeplid)
    url = reverse("governance:meeting_adopt", args=[meeting.pk])
    response = client.post(url, {"version": meeting.version})
    page = response.content.decode()
    assert response.status_code == 200
    assert "vergadering van 6 oktober 2026 vaststellen" in page
    assert f'name="version" value="{meeting.version}"' in page
    assert reverse("governance:meeting_detail", args=[meeting.pk]) in page  # cancel
    meeting.refresh_from_db()
    assert not meeting.is_adopted
    client.post(url, {"version": meeting.version, "confirm": "1"})
    meeting.refresh_from_db()
    assert meeting.is_adopted


@pytest.mark.parametrize(
    "url_name",
    [
        "governance:report_list",
        "governance:milestone_list",
        "governance:action_list",
        "governance:commitment_list",
        "governance:risk_list",
    ],
)
def test_list_filters_offer_all_rather_than_dashes(client, stuurgroeplid, url_name):
    client.force_login(stuurgroeplid)
    page = client.get(reverse(url_name)).content.decode()
    assert "---------" not in page
    assert '<option value="" selected>Alle</option>' in page
