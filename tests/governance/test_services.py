import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, transaction
from django.db.utils import ProgrammingError

from core.concurrency import StaleObjectError
from governance import services
from governance.models import (
    Decision,
    Milestone,
    MinutesState,
    OverallStatus,
    Risk,
    StatusReport,
    StatusReportState,
)
from tests.governance.factories import (
    MeetingFactory,
    MilestoneFactory,
    StatusReportFactory,
)

pytestmark = pytest.mark.django_db

REPORT = {
    "period_start": datetime.date(2026, 9, 1),
    "period_end": datetime.date(2026, 10, 31),
    "overall_status": OverallStatus.ATTENTION,
    "progress_summary": "Op schema met de dienstencatalogus.",
    "results": "Eerste versie gedeeld.",
    "next_steps": "Vaststellen in de stuurgroep.",
    "escalations": "",
}


def test_publishing_freezes_a_report(kwartiermaker, own_workstream):
    report = services.status_report_create(
        workstream=own_workstream, values=REPORT, acting_user=kwartiermaker, publish=True
    )
    assert report.state == StatusReportState.PUBLISHED and report.published_by == kwartiermaker
    with pytest.raises(ValidationError, match="gepubliceerd"):
        services.status_report_update(
            report=report,
            values={"results": "Anders"},
            expected_version=report.version,
            acting_user=kwartiermaker,
        )
    assert StatusReport.objects.get(pk=report.pk).results == REPORT["results"]


def test_the_database_refuses_to_change_or_delete_a_published_report(own_workstream):
    report = StatusReportFactory(workstream=own_workstream, published=True)
    with pytest.raises(ProgrammingError, match="pgtrigger"), transaction.atomic():
        StatusReport.objects.filter(pk=report.pk).update(results="Stiekem anders")
    with pytest.raises(ProgrammingError, match="pgtrigger"), transaction.atomic():
        StatusReport.objects.filter(pk=report.pk).delete()
    assert StatusReport.objects.get(pk=report.pk).results == "Resultaten"


def test_a_draft_can_be_edited_and_then_published(trekker, own_workstream):
    report = services.status_report_create(
        workstream=own_workstream, values={**REPORT, "results": ""}, acting_user=trekker
    )
    assert report.state == StatusReportState.DRAFT
    with pytest.raises(ValidationError) as error:
        services.status_report_publish(
            report=report, expected_version=report.version, acting_user=trekker
        )
    assert "results" in error.value.error_dict
    assert StatusReport.objects.get(pk=report.pk).state == StatusReportState.DRAFT
    services.status_report_update(
        report=report,
        values={"results": "Toch iets"},
        expected_version=report.version,
        acting_user=trekker,
        publish=True,
    )
    assert StatusReport.objects.get(pk=report.pk).state == StatusReportState.PUBLISHED


def test_a_report_period_must_run_forwards(kwartiermaker, own_workstream):
    values = {**REPORT, "period_end": datetime.date(2026, 8, 1)}
    with pytest.raises(ValidationError) as error:
        services.status_report_create(
            workstream=own_workstream, values=values, acting_user=kwartiermaker
        )
    assert "period_end" in error.value.error_dict
    assert not StatusReport.objects.exists()


def test_a_trekker_cannot_report_on_another_workstream(trekker, other_workstream):
    with pytest.raises(PermissionDenied):
        services.status_report_create(
            workstream=other_workstream, values=REPORT, acting_user=trekker
        )


def test_the_later_of_two_concurrent_edits_is_refused(kwartiermaker, own_workstream):
    milestone = MilestoneFactory(workstream=own_workstream)
    first = Milestone.objects.get(pk=milestone.pk)
    second = Milestone.objects.get(pk=milestone.pk)
    services.milestone_update(
        milestone=first,
        values={"title": "Eerste"},
        expected_version=first.version,
        acting_user=kwartiermaker,
    )
    with pytest.raises(StaleObjectError):
        services.milestone_update(
            milestone=second,
            values={"title": "Tweede"},
            expected_version=second.version,
            acting_user=kwartiermaker,
        )
    assert Milestone.objects.get(pk=milestone.pk).title == "Eerste"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"status": "behaald"}, "completed_on"),
        ({"completed_on": datetime.date(2026, 1, 1)}, "completed_on"),
        ({"due_date": datetime.date(1999, 1, 1)}, "due_date"),
        (
            {"status": "behaald", "completed_on": datetime.date.today() + datetime.timedelta(3)},
            "completed_on",
        ),
        ({"title": ""}, "title"),
    ],
)
def test_impossible_milestones_are_refused(kwartiermaker, own_workstream, values, field):
    base = {"title": "Plan", "due_date": datetime.date(2026, 6, 1), "status": "gepland"}
    with pytest.raises(ValidationError) as error:
        services.milestone_create(
            workstream=own_workstream, values={**base, **values}, acting_user=kwartiermaker
        )
    assert field in error.value.error_dict
    assert not Milestone.objects.exists()


def test_a_new_milestone_remembers_its_baseline_so_slipping_shows(kwartiermaker, own_workstream):
    milestone = services.milestone_create(
        workstream=own_workstream,
        values={"title": "Plan", "due_date": datetime.date(2026, 6, 1), "status": "gepland"},
        acting_user=kwartiermaker,
    )
    assert not milestone.has_slipped
    services.milestone_update(
        milestone=milestone,
        values={"due_date": datetime.date(2026, 9, 1)},
        expected_version=milestone.version,
        acting_user=kwartiermaker,
    )
    assert Milestone.objects.get(pk=milestone.pk).has_slipped


def test_decisions_are_numbered_per_year(stuurgroeplid):
    def record(day):
        return services.decision_record(
            values={"decided_on": day, "text": "Besluit"}, acting_user=stuurgroeplid
        )

    assert record(datetime.date(2025, 12, 1)).number == "SG-2025-001"
    assert record(datetime.date(2026, 1, 5)).number == "SG-2026-001"
    assert record(datetime.date(2026, 2, 5)).number == "SG-2026-002"
    assert record(datetime.date(2025, 12, 20)).number == "SG-2025-002"


def test_only_the_stuurgroep_and_kwartiermaker_record_decisions(trekker):
    with pytest.raises(PermissionDenied):
        services.decision_record(
            values={"decided_on": datetime.date(2026, 1, 1), "text": "x"}, acting_user=trekker
        )


@pytest.mark.django_db(transaction=True)
def test_concurrent_decisions_get_distinct_numbers(stuurgroeplid):
    """Two recorders at the same moment: the advisory lock gives each its own number."""
    barrier = threading.Barrier(4)
    errors = []

    def record():
        try:
            barrier.wait()
            services.decision_record(
                values={"decided_on": datetime.date(2026, 5, 1), "text": "Gelijktijdig"},
                acting_user=stuurgroeplid,
            )
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=record) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(Decision.objects.values_list("sequence", flat=True)) == [1, 2, 3, 4]


def test_adopting_minutes_freezes_them(stuurgroeplid, kwartiermaker):
    meeting = MeetingFactory(minutes="Verslag")
    with pytest.raises(PermissionDenied):
        services.meeting_adopt_minutes(
            meeting=meeting, expected_version=meeting.version, acting_user=kwartiermaker
        )
    services.meeting_adopt_minutes(
        meeting=meeting, expected_version=meeting.version, acting_user=stuurgroeplid
    )
    assert meeting.minutes_state == MinutesState.ADOPTED
    with pytest.raises(ValidationError):
        services.meeting_update(
            meeting=meeting,
            values={"minutes": "Anders"},
            expected_version=meeting.version,
            acting_user=kwartiermaker,
        )


def test_empty_minutes_cannot_be_adopted(stuurgroeplid):
    meeting = MeetingFactory(minutes="")
    with pytest.raises(ValidationError):
        services.meeting_adopt_minutes(
            meeting=meeting, expected_version=meeting.version, acting_user=stuurgroeplid
        )


def test_agenda_items_are_numbered_in_order(kwartiermaker):
    meeting = MeetingFactory()
    first = services.agenda_item_add(
        meeting=meeting, values={"title": "a"}, acting_user=kwartiermaker
    )
    second = services.agenda_item_add(
        meeting=meeting, values={"title": "b"}, acting_user=kwartiermaker
    )
    assert (first.position, second.position) == (1, 2)


@pytest.mark.parametrize(("probability", "impact"), [(0, 3), (6, 3), (3, 0), (3, 6)])
def test_risk_probability_and_impact_stay_within_one_to_five(
    kwartiermaker, own_workstream, probability, impact
):
    with pytest.raises(ValidationError):
        services.risk_create(
            values={
                "workstream": own_workstream,
                "title": "Risico",
                "probability": probability,
                "impact": impact,
            },
            acting_user=kwartiermaker,
        )
    assert not Risk.objects.exists()


def test_risk_score_is_derived(kwartiermaker, own_workstream):
    risk = services.risk_create(
        values={"workstream": own_workstream, "title": "R", "probability": 4, "impact": 5},
        acting_user=kwartiermaker,
    )
    assert Risk.objects.get(pk=risk.pk).score == 20
    services.risk_update(
        risk=risk, values={"impact": 2}, expected_version=risk.version, acting_user=kwartiermaker
    )
    assert risk.score == 8


def test_a_programme_wide_risk_is_for_the_kwartiermaker_only(trekker, kwartiermaker):
    values = {"workstream": None, "title": "R", "probability": 2, "impact": 2}
    with pytest.raises(PermissionDenied):
        services.risk_create(values=values, acting_user=trekker)
    assert services.risk_create(values=values, acting_user=kwartiermaker).workstream is None


def test_history_records_who_changed_a_report(kwartiermaker, own_workstream):
    from pghistory import context

    from core.selectors import history_for

    with context(user=kwartiermaker.pk):
        report = services.status_report_create(
            workstream=own_workstream, values=REPORT, acting_user=kwartiermaker
        )
    entry = history_for(report)[0]
    assert entry.user == kwartiermaker and entry.label == "insert"
