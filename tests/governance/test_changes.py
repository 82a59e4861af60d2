"""'What changed since the last stuurgroep', against the records' history: a record changed
before the last meeting is not listed, one changed after it is, for every kind of record."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.services import history_backdate
from governance import selectors
from governance.models import (
    ActionStatus,
    CommitmentStatus,
    MilestoneStatus,
    OverallStatus,
)
from tests.governance.factories import (
    ActionFactory,
    CommitmentFactory,
    DecisionFactory,
    MeetingFactory,
    MilestoneFactory,
    RiskFactory,
    StatusReportFactory,
)
from tests.machine_values import localized_numbers_in_attributes

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
BEFORE = timezone.now() - datetime.timedelta(days=20)  # before the meeting
MEETING_DAY = TODAY - datetime.timedelta(days=10)


@pytest.fixture
def meeting(db):
    return MeetingFactory(held_on=MEETING_DAY, title="Stuurgroep van tien dagen geleden")


def made_before(record):
    """The record's whole story so far happened before the meeting."""
    history_backdate(record=record, at=BEFORE)
    return record


def changes(user):
    return selectors.changes_since_meeting(user=user)


def test_the_cut_is_the_end_of_the_last_meeting_held(stuurgroeplid, meeting):
    MeetingFactory(held_on=TODAY + datetime.timedelta(days=7), title="Volgende")
    found = changes(stuurgroeplid)
    assert found.meeting == meeting
    assert timezone.localtime(found.since).date() == MEETING_DAY + datetime.timedelta(days=1)


def test_a_meeting_with_an_end_time_is_over_at_that_time(stuurgroeplid, meeting):
    today = MeetingFactory(
        held_on=TODAY, start_time=datetime.time(0, 0), end_time=datetime.time(23, 59)
    )
    assert changes(stuurgroeplid).meeting == meeting  # still going on
    later = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(23, 59, 30)))
    assert selectors.changes_since_meeting(user=stuurgroeplid, now=later).meeting == today


def test_decisions(stuurgroeplid, meeting):
    made_before(DecisionFactory(text="Oud besluit"))
    new = DecisionFactory(text="Nieuw besluit")
    assert changes(stuurgroeplid).decisions == [new]


def test_actions_new_done_and_overdue(stuurgroeplid, meeting):
    old = made_before(ActionFactory(title="Oude actie"))
    done_before = ActionFactory(title="Eerder afgerond", status=ActionStatus.DONE)
    made_before(done_before)
    done_after = made_before(ActionFactory(title="Nu afgerond"))
    done_after.status = ActionStatus.DONE
    done_after.save()
    new = ActionFactory(title="Nieuwe actie")
    overdue_before = made_before(ActionFactory(due_date=MEETING_DAY - datetime.timedelta(days=3)))
    overdue_after = made_before(ActionFactory(due_date=TODAY - datetime.timedelta(days=2)))
    # An edit after the meeting does not make an old action new.
    old.title = "Oude actie, anders geformuleerd"
    old.save()
    found = changes(stuurgroeplid)
    assert found.actions_new == [new]
    assert found.actions_done == [done_after]
    assert found.actions_overdue == [overdue_after]
    assert overdue_before not in found.actions_overdue


def test_commitments_new_and_status_changes(stuurgroeplid, meeting):
    settled_before = CommitmentFactory(status=CommitmentStatus.DONE)
    made_before(settled_before)
    settled_after = made_before(CommitmentFactory())
    settled_after.status = CommitmentStatus.DONE
    settled_after.save()
    new = CommitmentFactory()
    found = changes(stuurgroeplid)
    assert found.commitments_new == [new]
    assert [(c.record, c.was("status")) for c in found.commitments_changed] == [
        (settled_after, CommitmentStatus.OPEN)
    ]


def test_workstream_status_by_the_reports_published_after_the_meeting(
    stuurgroeplid, meeting, own_workstream, other_workstream
):
    made_before(
        StatusReportFactory(
            workstream=own_workstream,
            overall_status=OverallStatus.ON_TRACK,
            state="gepubliceerd",
            published_at=BEFORE,
        )
    )
    made_before(
        StatusReportFactory(
            workstream=other_workstream,
            overall_status=OverallStatus.AT_RISK,
            state="gepubliceerd",
            published_at=BEFORE,
            escalations="Oude escalatie",
        )
    )
    StatusReportFactory(
        workstream=own_workstream,
        overall_status=OverallStatus.ATTENTION,
        state="gepubliceerd",
        published_at=timezone.now(),
        escalations="Nieuwe escalatie",
    )
    rows = {row.workstream: row for row in changes(stuurgroeplid).workstreams}
    own, other = rows[own_workstream], rows[other_workstream]
    assert own.status_changed
    assert (own.previous_status, own.current_status) == ("op_koers", "aandacht")
    assert [r.escalations for r in own.escalations] == ["Nieuwe escalatie"]
    assert not other.status_changed and other.current_status == "in_gevaar"
    assert not other.escalations


def test_milestones_completed_or_slipped_after_the_meeting_only(
    stuurgroeplid, meeting, own_workstream
):
    yesterday = TODAY - datetime.timedelta(days=1)
    reached_before = MilestoneFactory(
        workstream=own_workstream,
        status=MilestoneStatus.REACHED,
        completed_on=MEETING_DAY - datetime.timedelta(days=5),
    )
    made_before(reached_before)
    reached_after = made_before(MilestoneFactory(workstream=own_workstream))
    reached_after.status = MilestoneStatus.REACHED
    reached_after.completed_on = yesterday
    reached_after.save()
    # Slipped long ago, and edited for another reason after the meeting: not news.
    slipped_before = MilestoneFactory(workstream=own_workstream, title="Oude verschuiving")
    slipped_before.due_date += datetime.timedelta(days=60)
    slipped_before.save()
    made_before(slipped_before)
    slipped_before.title = "Oude verschuiving, nieuwe titel"
    slipped_before.save()
    slipped_after = made_before(MilestoneFactory(workstream=own_workstream))
    planned = slipped_after.due_date
    slipped_after.due_date += datetime.timedelta(days=30)
    slipped_after.save()
    row = next(r for r in changes(stuurgroeplid).workstreams if r.workstream == own_workstream)
    assert row.completed == [reached_after]
    assert [(c.record, c.was("due_date")) for c in row.slipped] == [(slipped_after, planned)]


def test_new_risks_only(stuurgroeplid, meeting, own_workstream):
    old = made_before(RiskFactory(workstream=own_workstream, title="Oud risico"))
    old.probability = 5  # re-scored after the meeting: still an old risk
    old.save()
    made_before(RiskFactory(workstream=None, title="Oud programmarisico"))
    new = RiskFactory(workstream=own_workstream, title="Nieuw risico")
    programme = RiskFactory(workstream=None, title="Nieuw programmarisico")
    found = changes(stuurgroeplid)
    row = next(r for r in found.workstreams if r.workstream == own_workstream)
    assert row.new_risks == [new]
    assert found.programme_risks == [programme]


def test_the_page_lists_what_changed_after_the_meeting_and_not_before(
    client, stuurgroeplid, meeting, own_workstream
):
    made_before(DecisionFactory(text="Besluit van voor de vergadering"))
    made_before(RiskFactory(workstream=own_workstream, title="Risico van voor de vergadering"))
    made_before(ActionFactory(title="Actie van voor de vergadering"))
    DecisionFactory(text="Besluit van na de vergadering")
    RiskFactory(workstream=own_workstream, title="Risico van na de vergadering")
    ActionFactory(title="Actie van na de vergadering")
    client.force_login(stuurgroeplid)
    page = client.get(reverse("governance:changes")).content.decode()
    assert "Stuurgroep van tien dagen geleden" in page
    assert "van na de vergadering" in page
    assert "van voor de vergadering" not in page
    assert f'id="ws-{own_workstream.pk}"' in page
    assert localized_numbers_in_attributes(page) == []


def test_the_demo_tells_what_changed_since_the_october_meeting(demo_seeded):
    """The demo's timeline (seed_wbw --demo): history agrees with the story, so the page lists
    the changes after the October meeting and none of the older ones."""
    from core.models import User

    user = User.objects.get(username="stuurgroep")
    now = timezone.make_aware(datetime.datetime(2026, 11, 28, 12))
    found = selectors.changes_since_meeting(user=user, now=now)
    assert found.meeting.title == "Stuurgroep oktober"
    rows = {row.workstream.number: row for row in found.workstreams}
    # Slipped in April (before): not news; slipped on 20 October (after): listed.
    slipped = {c.record.title for row in rows.values() for c in row.slipped}
    assert slipped == {"Migratie werkplek naar de cloud gestart"}
    assert [m.title for m in rows[2].completed] == ["Pilot datagedreven werken afgerond"]
    assert (rows[3].previous_status, rows[3].current_status) == ("op_koers", "aandacht")
    assert [r.title for r in rows[3].new_risks] == ["Uitval zonder geteste herstelprocedure"]
    assert [r.title for r in found.programme_risks] == ["Nieuwe wetgeving vraagt meer dan voorzien"]
    assert "Te weinig capaciteit bij ICT WBW voor de migratie" not in {
        r.title for row in rows.values() for r in row.new_risks
    }
    assert [a.title for a in found.actions_done] == ["Planning migratie werkplek actualiseren"]
    assert "Voorstel financiering tweede meting" in [a.title for a in found.actions_new]
    assert [c.record.status for c in found.commitments_changed] == [CommitmentStatus.DONE]
    # Every demo record's history lies in the past, none of it in the future.
    from pghistory.models import Events

    assert not Events.objects.filter(pgh_created_at__gt=timezone.now()).exists()


def test_the_demos_held_meetings_had_their_agenda_published_before_they_met(demo_seeded):
    """A held meeting with minutes does not read as an unpublished draft agenda: the demo
    published each agenda two weeks ahead, and its history says so on that day."""
    from governance.models import AgendaState, Meeting

    held = Meeting.objects.filter(is_demo=True, held_on__lt=datetime.date(2026, 11, 28))
    assert held.count() == 4
    for meeting in held:
        assert meeting.agenda_state == AgendaState.PUBLISHED
        assert meeting.start_time == datetime.time(14)
        assert meeting.agenda_published_at.date() == meeting.held_on - datetime.timedelta(days=14)
        events = Meeting.pgh_event_model.objects.filter(pgh_obj_id=meeting.pk)
        first = events.filter(agenda_state=AgendaState.PUBLISHED).order_by("pgh_id").first()
        assert first.pgh_created_at == meeting.agenda_published_at


def test_an_unchanged_status_reads_without_a_stray_space(demo_seeded, client):
    from core.models import User

    client.force_login(User.objects.get(username="stuurgroep"))
    page = client.get(reverse("governance:changes")).content.decode()
    assert 'ongewijzigd (<span class="badge' in page
    assert "</span>)" in page and "</span>\n)" not in page
