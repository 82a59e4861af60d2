"""Preparing a meeting: the agenda's services, suggestions, publishing and its signals."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from governance import agenda_suggestions, services, signals
from governance.models import (
    ActionStatus,
    AgendaItem,
    AgendaState,
    Decision,
    Meeting,
    MinutesState,
)
from tests.budget.factories import BudgetChangeFactory
from tests.factories import WorkstreamFactory
from tests.governance.factories import (
    ActionFactory,
    CommitmentFactory,
    MeetingFactory,
    StatusReportFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def meeting(db):
    return MeetingFactory(
        held_on=TODAY + datetime.timedelta(days=30),
        start_time=datetime.time(14),
        end_time=datetime.time(16),
        location="Stadskantoor",
    )


def add(meeting, user, title, **values):
    return services.agenda_item_add(
        meeting=meeting, values={"title": title, **values}, acting_user=user
    )


def titles(meeting) -> list[str]:
    return list(meeting.agenda_items.order_by("position").values_list("title", flat=True))


def positions(meeting) -> list[int]:
    return list(meeting.agenda_items.order_by("position").values_list("position", flat=True))


# --- Items: add, edit, move, delete ---------------------------------------------------------------


def test_items_are_numbered_in_order_and_get_planned_times(meeting, kwartiermaker):
    add(meeting, kwartiermaker, "Opening", duration_minutes=10, presenter="Voorzitter")
    add(meeting, kwartiermaker, "Voortgang", duration_minutes=45)
    last = add(meeting, kwartiermaker, "Rondvraag")
    assert titles(meeting) == ["Opening", "Voortgang", "Rondvraag"]
    assert positions(meeting) == [1, 2, 3]
    assert last.starts_at.time() == datetime.time(14, 55)
    assert str(last.starts_at.tzinfo) == "Europe/Amsterdam"
    assert meeting.starts_at.hour == 14 and meeting.ends_at.hour == 16


def test_moving_up_and_down_swaps_neighbours_and_keeps_positions_unique(meeting, kwartiermaker):
    first, second, third = (add(meeting, kwartiermaker, t) for t in ["A", "B", "C"])
    services.agenda_item_move(item=third, up=True, acting_user=kwartiermaker)
    assert titles(meeting) == ["A", "C", "B"]
    services.agenda_item_move(item=first, up=False, acting_user=kwartiermaker)
    assert titles(meeting) == ["C", "A", "B"]
    # At either end nothing moves.
    services.agenda_item_move(item=third, up=True, acting_user=kwartiermaker)
    services.agenda_item_move(item=second, up=False, acting_user=kwartiermaker)
    assert titles(meeting) == ["C", "A", "B"]
    assert positions(meeting) == [1, 2, 3]


def test_deleting_closes_the_gap(meeting, kwartiermaker):
    items = [add(meeting, kwartiermaker, t) for t in ["A", "B", "C", "D"]]
    services.agenda_item_delete(item=items[1], acting_user=kwartiermaker)
    assert titles(meeting) == ["A", "C", "D"]
    assert positions(meeting) == [1, 2, 3]


def test_editing_keeps_the_place_and_refuses_a_stale_form(meeting, kwartiermaker):
    from core.concurrency import StaleObjectError

    item = add(meeting, kwartiermaker, "Oud")
    version = item.version
    services.agenda_item_update(
        item=item,
        values={"title": "Nieuw", "presenter": "Trekker", "duration_minutes": 20},
        expected_version=version,
        acting_user=kwartiermaker,
    )
    item.refresh_from_db()
    assert (item.title, item.presenter, item.duration_minutes, item.position) == (
        "Nieuw",
        "Trekker",
        20,
        1,
    )
    with pytest.raises(StaleObjectError):
        services.agenda_item_update(
            item=item,
            values={"title": "Later"},
            expected_version=version,
            acting_user=kwartiermaker,
        )


def test_an_item_without_a_title_is_refused_and_nothing_is_saved(meeting, kwartiermaker):
    add(meeting, kwartiermaker, "A")
    with pytest.raises(ValidationError) as error:
        add(meeting, kwartiermaker, "   ", presenter="Iemand")
    assert error.value.message_dict["title"] == ["Geef het agendapunt een titel."]
    assert titles(meeting) == ["A"]


def test_an_end_time_before_the_start_is_refused_and_nothing_is_saved(meeting, kwartiermaker):
    with pytest.raises(ValidationError) as error:
        services.meeting_update(
            meeting=meeting,
            values={"end_time": datetime.time(13), "location": "Elders"},
            expected_version=meeting.version,
            acting_user=kwartiermaker,
        )
    assert "De eindtijd ligt vóór de begintijd" in error.value.message_dict["end_time"][0]
    meeting.refresh_from_db()
    assert (meeting.end_time, meeting.location) == (datetime.time(16), "Stadskantoor")


def test_the_database_refuses_an_end_before_the_start_too(meeting):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(end_time=datetime.time(9))


def test_only_meeting_managers_prepare_the_agenda(meeting, trekker):
    with pytest.raises(PermissionDenied):
        add(meeting, trekker, "A")
    assert titles(meeting) == []


# --- Publishing ----------------------------------------------------------------------------------


def publish(meeting, user):
    return services.meeting_agenda_publish(meeting=meeting, acting_user=user)


def test_publishing_fixes_the_items_and_signals_once_committed(
    meeting, kwartiermaker, django_capture_on_commit_callbacks
):
    item = add(meeting, kwartiermaker, "A")
    received = []

    def receiver(sender, meeting, acting_user, **kwargs):
        received.append((meeting.pk, acting_user))

    signals.agenda_published.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            publish(meeting, kwartiermaker)
            assert received == []  # not before the commit
    finally:
        signals.agenda_published.disconnect(receiver)
    assert received == [(meeting.pk, kwartiermaker)]
    meeting.refresh_from_db()
    assert meeting.agenda_state == AgendaState.PUBLISHED and meeting.agenda_published_at
    assert meeting.calendar_sequence == 0
    for change in [
        lambda: add(meeting, kwartiermaker, "B"),
        lambda: services.agenda_item_move(item=item, up=False, acting_user=kwartiermaker),
        lambda: services.agenda_item_delete(item=item, acting_user=kwartiermaker),
        lambda: services.agenda_item_update(
            item=item,
            values={"title": "X"},
            expected_version=item.version,
            acting_user=kwartiermaker,
        ),
        lambda: publish(meeting, kwartiermaker),
    ]:
        with pytest.raises(ValidationError, match="gepubliceerd"):
            change()
    assert titles(meeting) == ["A"]


def test_an_empty_or_placeless_agenda_is_not_published(kwartiermaker):
    meeting = MeetingFactory(held_on=TODAY)
    with pytest.raises(ValidationError) as error:
        publish(meeting, kwartiermaker)
    assert error.value.messages == [
        "Zet minstens één punt op de agenda.",
        "Vul de begintijd van de vergadering in.",
        "Vul een locatie of een videoverbinding in.",
    ]
    meeting.refresh_from_db()
    assert meeting.agenda_state == AgendaState.DRAFT and meeting.agenda_published_at is None


def test_changing_a_published_meeting_bumps_the_calendar_sequence(
    meeting, kwartiermaker, django_capture_on_commit_callbacks
):
    add(meeting, kwartiermaker, "A")
    # Before publication a change is no new version of any invitation.
    services.meeting_update(
        meeting=meeting,
        values={"location": "Raadzaal"},
        expected_version=meeting.version,
        acting_user=kwartiermaker,
    )
    assert meeting.calendar_sequence == 0
    publish(meeting, kwartiermaker)
    changes = []
    signals.agenda_changed.connect(receiver := lambda sender, **kw: changes.append(kw["changes"]))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.meeting_update(
                meeting=meeting,
                values={"start_time": datetime.time(15), "location": "Raadzaal"},
                expected_version=meeting.version,
                acting_user=kwartiermaker,
            )
        with django_capture_on_commit_callbacks(execute=True):
            services.meeting_update(
                meeting=meeting,
                values={"minutes": "Concept"},
                expected_version=meeting.version,
                acting_user=kwartiermaker,
            )
    finally:
        signals.agenda_changed.disconnect(receiver)
    meeting.refresh_from_db()
    assert meeting.calendar_sequence == 1
    assert changes == [["start_time"]]


# --- Minutes per item, decisions and actions from an item --------------------------------------


def test_minutes_per_item_until_the_minutes_are_adopted(meeting, stuurgroeplid):
    item = add(meeting, stuurgroeplid, "A")
    publish(meeting, stuurgroeplid)
    services.agenda_item_record_minutes(
        item=item, minutes="Besproken.", expected_version=item.version, acting_user=stuurgroeplid
    )
    item.refresh_from_db()
    assert item.minutes == "Besproken."
    Meeting.objects.filter(pk=meeting.pk).update(
        minutes="Verslag", minutes_state=MinutesState.ADOPTED, adopted_on=TODAY
    )
    with pytest.raises(ValidationError, match="vastgesteld"):
        services.agenda_item_record_minutes(
            item=item, minutes="Later", expected_version=item.version, acting_user=stuurgroeplid
        )


def test_a_decision_recorded_from_an_item_belongs_to_its_meeting(meeting, kwartiermaker):
    item = add(meeting, kwartiermaker, "A")
    decision = services.decision_record(
        values={"decided_on": TODAY, "text": "Besloten", "agenda_item": item, "meeting": None},
        acting_user=kwartiermaker,
    )
    assert decision.meeting == meeting and list(item.decisions.all()) == [decision]
    other = MeetingFactory()
    with pytest.raises(ValidationError, match="andere vergadering"):
        services.decision_record(
            values={"decided_on": TODAY, "text": "Mis", "agenda_item": item, "meeting": other},
            acting_user=kwartiermaker,
        )
    assert Decision.objects.filter(text="Mis").count() == 0


# --- Suggestions ----------------------------------------------------------------------------------


def offered(meeting, user) -> dict[str, list]:
    return {
        kind.key: [s.record for s in found]
        for kind, found in agenda_suggestions.suggestions_for(meeting=meeting, user=user)
    }


def test_suggestions_cover_escalations_budget_minutes_actions_and_commitments(
    meeting, kwartiermaker
):
    workstream = WorkstreamFactory()
    StatusReportFactory(workstream=workstream, published=True, escalations="Oud")
    latest = StatusReportFactory(
        workstream=workstream,
        published=True,
        escalations="Besluit nodig",
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2026, 6, 30),
    )
    StatusReportFactory(published=True)  # no escalation
    change = BudgetChangeFactory()
    previous = MeetingFactory(held_on=meeting.held_on - datetime.timedelta(days=60))
    MeetingFactory(held_on=meeting.held_on - datetime.timedelta(days=90))  # not the previous one
    late_action = ActionFactory(due_date=TODAY - datetime.timedelta(days=1))
    ActionFactory(due_date=TODAY - datetime.timedelta(days=1), status=ActionStatus.DONE)
    ActionFactory(due_date=TODAY + datetime.timedelta(days=1))
    late_commitment = CommitmentFactory(
        made_on=TODAY - datetime.timedelta(days=30), due_date=TODAY - datetime.timedelta(days=1)
    )
    assert offered(meeting, kwartiermaker) == {
        "escalaties": [latest],
        "begrotingswijzigingen": [change],
        "verslag": [previous],
        "acties": [late_action],
        "toezeggingen": [late_commitment],
    }


def test_one_click_adds_a_linked_item_that_is_not_offered_again(meeting, kwartiermaker):
    change = BudgetChangeFactory()
    item = services.agenda_item_add_suggestion(
        meeting=meeting, key="begrotingswijzigingen", record_id=change.pk, acting_user=kwartiermaker
    )
    assert item.source == change and item.position == 1
    assert item.title.startswith("Begrotingswijziging") and item.description == "Nodig"
    assert offered(meeting, kwartiermaker)["begrotingswijzigingen"] == []
    with pytest.raises(ValidationError, match="niet \\(meer\\) beschikbaar"):
        services.agenda_item_add_suggestion(
            meeting=meeting,
            key="begrotingswijzigingen",
            record_id=change.pk,
            acting_user=kwartiermaker,
        )
    assert AgendaItem.objects.filter(meeting=meeting).count() == 1


def test_a_source_link_only_for_who_may_open_the_record(meeting, kwartiermaker, trekker):
    change = BudgetChangeFactory()
    item = services.agenda_item_add_suggestion(
        meeting=meeting, key="begrotingswijzigingen", record_id=change.pk, acting_user=kwartiermaker
    )
    assert agenda_suggestions.source_link(item=item, user=kwartiermaker) == (
        f"/begroting/wijziging/{change.pk}/"
    )
    # Budget changes are for programme staff: a trekker reads the meeting, not the change.
    assert agenda_suggestions.source_link(item=item, user=trekker) is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_agenda_changes_queue_and_keep_the_numbering(kwartiermaker):
    """Adds, a move and a delete at the same moment: the meeting row lock serialises them, so
    the positions stay 1..n without a gap or a duplicate."""
    import threading

    from django.db import connections

    meeting = MeetingFactory(held_on=TODAY + datetime.timedelta(days=30))
    first, _second, third = (add(meeting, kwartiermaker, t) for t in ["A", "B", "C"])
    barrier = threading.Barrier(4)
    errors = []
    changes = [
        lambda: add(meeting, kwartiermaker, "D"),
        lambda: add(meeting, kwartiermaker, "E"),
        lambda: services.agenda_item_move(item=third, up=True, acting_user=kwartiermaker),
        lambda: services.agenda_item_delete(item=first, acting_user=kwartiermaker),
    ]

    def run(change):
        try:
            barrier.wait()
            change()
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=[change]) for change in changes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert positions(meeting) == [1, 2, 3, 4]
    assert sorted(titles(meeting)) == ["B", "C", "D", "E"]


def test_the_meeting_pages_history_names_the_fields_in_dutch(meeting, kwartiermaker, client):
    from django.urls import reverse

    add(meeting, kwartiermaker, "A")
    publish(meeting, kwartiermaker)
    client.force_login(kwartiermaker)
    page = client.get(reverse("governance:meeting_detail", args=[meeting.pk])).content.decode()
    history = page[page.index('id="geschiedenis"') :]
    assert "Stand van de agenda:" in history and "Agenda gepubliceerd op:" in history
    assert "agenda_state" not in history and "agenda_published_at" not in history
