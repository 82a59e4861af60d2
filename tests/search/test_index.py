"""The search documents are kept by database triggers: current after every kind of write."""

import datetime

import pytest
from django.core.management import call_command
from django.db import ProgrammingError, connection

from core import searching
from governance.models import Action, Decision, Milestone, Risk, StatusReport
from search import triggers
from search.models import SearchDocument
from tests.factories import OrganisationFactory, WorkstreamFactory
from tests.governance.factories import (
    ActionFactory,
    CommitmentFactory,
    DecisionFactory,
    MeetingFactory,
    MilestoneFactory,
    RiskFactory,
    StatusReportFactory,
)

pytestmark = pytest.mark.django_db


def document(kind: str, pk: int) -> SearchDocument | None:
    return SearchDocument.objects.filter(kind=kind, object_id=pk).first()


def test_a_new_record_has_its_document_at_once():
    risk = RiskFactory(title="CISO-rol bij één persoon", description="Uitval bij ziekte.")
    doc = document("risico", risk.pk)
    assert doc.title == "CISO-rol bij één persoon"
    assert doc.body == "Uitval bij ziekte."
    assert doc.workstream_ids == [risk.workstream_id]
    assert doc.url_arg == str(risk.pk)
    # Accents are gone from the fuzzy text; the vector stems Dutch and weighs the title as A.
    assert "een persoon" in doc.fuzzy_text
    assert "'ciso':2A" in str(doc.search_vector) or "'ciso'" in str(doc.search_vector)


def test_an_edit_through_the_orm_updates_the_document():
    action = ActionFactory(title="Notitie opstellen")
    action.title = "Notitie over privacy opstellen"
    action.save()
    assert document("actie", action.pk).title == "Notitie over privacy opstellen"


def test_a_bulk_update_updates_every_document_in_the_same_statement():
    risks = RiskFactory.create_batch(3, title="Oud")
    Risk.objects.filter(pk__in=[r.pk for r in risks]).update(title="Nieuwe dreiging")
    assert set(SearchDocument.objects.filter(kind="risico").values_list("title", flat=True)) == {
        "Nieuwe dreiging"
    }


def test_a_bulk_import_is_indexed():
    workstream = WorkstreamFactory()
    Action.objects.bulk_create(
        Action(title=f"Geïmporteerde actie {n}", workstream=workstream) for n in range(50)
    )
    assert SearchDocument.objects.filter(kind="actie").count() == 50


def test_plain_sql_writes_are_indexed_too():
    decision = DecisionFactory(text="Oude tekst")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE governance_decision SET text = %s WHERE id = %s", ["Nieuwe tekst", decision.pk]
        )
    assert document("besluit", decision.pk).body == "Nieuwe tekst"


def test_deleting_a_record_removes_its_document():
    risk = RiskFactory()
    Risk.objects.filter(pk=risk.pk).delete()
    assert document("risico", risk.pk) is None


def test_a_decision_number_is_its_title_and_its_workstreams_follow_the_many_to_many():
    decision = DecisionFactory(year=2025, sequence=7)
    first, second = WorkstreamFactory(), WorkstreamFactory()
    assert document("besluit", decision.pk).title == "SG-2025-007"
    decision.workstreams.add(first, second)
    assert sorted(document("besluit", decision.pk).workstream_ids) == sorted([first.pk, second.pk])
    decision.workstreams.remove(first)
    assert document("besluit", decision.pk).workstream_ids == [second.pk]


def test_minutes_include_the_agenda_and_follow_its_changes():
    meeting = MeetingFactory(title="Stuurgroep maart", minutes="Verslag.")
    item = meeting.agenda_items.create(position=1, title="Wetgevingsoverzicht")
    assert "Wetgevingsoverzicht" in document("notulen", meeting.pk).body
    item.delete()
    assert "Wetgevingsoverzicht" not in document("notulen", meeting.pk).body


def test_renaming_a_workstream_renews_the_titles_of_its_reports_and_milestones():
    workstream = WorkstreamFactory(name="Basis-ICT", slug="basis")
    report = StatusReportFactory(workstream=workstream, published=True)
    milestone = MilestoneFactory(workstream=workstream)
    workstream.name = "Basis-ICT op orde"
    workstream.slug = "basis-ict"
    workstream.save()
    assert document("statusrapportage", report.pk).title.startswith("Basis-ICT op orde, ")
    assert document("mijlpaal", milestone.pk).url_arg == "basis-ict"


def test_renaming_a_council_renews_its_commitments():
    council = OrganisationFactory(short_name="Tholen", name="Gemeente Tholen")
    commitment = CommitmentFactory(council=council, text="Overzicht van de wetgeving")
    council.name = "Gemeente Tholen (raad)"
    council.save()
    assert "Gemeente Tholen (raad)" in document("toezegging", commitment.pk).body


def test_a_published_status_report_stays_frozen_while_indexed():
    report = StatusReportFactory(published=True, escalations="Besluit nodig over CISO.")
    assert "CISO" in document("statusrapportage", report.pk).body
    # The freeze trigger still refuses edits; the search triggers do not get in its way.
    with pytest.raises(ProgrammingError, match="Cannot update"):
        StatusReport.objects.filter(pk=report.pk).update(escalations="Anders")


def test_sync_installs_a_trigger_per_table_and_operation_and_is_idempotent():
    expected = triggers.expected_triggers()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'search\\_%%'")
        assert cursor.fetchone()[0] == len(expected)
    assert triggers.sync() == []  # nothing changed, nothing rebuilt


def test_a_changed_definition_is_reinstalled_and_rebuilt():
    milestone = MilestoneFactory(title="Plan vastgesteld")
    kind = searching.kinds.get("mijlpaal")
    changed = searching.SearchableKind(**{**kind.__dict__, "body": searching.text_join("title")})
    searching.kinds.unregister("mijlpaal")
    searching.kinds.register(changed)
    try:
        assert triggers.sync() == ["mijlpaal"]
        assert document("mijlpaal", milestone.pk).body == "Plan vastgesteld"
    finally:
        searching.kinds.unregister("mijlpaal")
        searching.kinds.register(kind)
    assert triggers.sync() == ["mijlpaal"]


def test_the_reindex_command_rebuilds_lost_documents():
    milestone = MilestoneFactory()
    SearchDocument.objects.all().delete()
    call_command("search_reindex", verbosity=0)
    assert document("mijlpaal", milestone.pk) is not None


def test_documents_have_dates_for_the_period_filter():
    milestone = MilestoneFactory(due_date=datetime.date(2026, 5, 1))
    assert document("mijlpaal", milestone.pk).date == datetime.date(2026, 5, 1)
    Milestone.objects.filter(pk=milestone.pk).update(due_date=datetime.date(2026, 6, 1))
    assert document("mijlpaal", milestone.pk).date == datetime.date(2026, 6, 1)


def test_every_registered_kind_belongs_to_a_model_with_a_document_trigger():
    tables = {model._meta.db_table for model, _trigger, _key in triggers.expected_triggers()}
    for kind in searching.kinds:
        assert kind.model._meta.db_table in tables
    assert Decision._meta.db_table in tables


def test_only_issued_council_reports_are_indexed_with_their_snapshot_text():
    from reports.models import CouncilReport
    from tests.reports.factories import CouncilReportFactory

    queued = CouncilReportFactory()
    assert document("raadsrapportage", queued.pk) is None
    snapshot = {"chapters": [{"title": "Toezeggingen", "items": ["Wetgevingsoverzicht", 3]}]}
    CouncilReport.objects.filter(pk=queued.pk).update(
        state="gereed", version=1, snapshot=snapshot, file="rapportage.pdf", sha256="0" * 64
    )
    doc = document("raadsrapportage", queued.pk)
    assert doc.title.startswith(f"Raadsrapportage {queued.council.short_name}, 01-01-2026 t/m")
    assert "Toezeggingen" in doc.body and "Wetgevingsoverzicht" in doc.body
    CouncilReport.objects.filter(pk=queued.pk).update(superseded=True)
    assert document("raadsrapportage", queued.pk) is None


def test_a_partial_migrate_before_the_search_tables_exist_installs_nothing():
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE search_searchdocument RENAME TO search_later")
    assert triggers.sync() == []  # (the test's transaction puts the table back)


def test_a_kind_whose_tables_are_missing_waits_for_the_next_migrate():
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE reports_councilreport RENAME TO reports_later")
    assert triggers.sync(force=True) == sorted(
        kind.key for kind in searching.kinds if kind.key != "raadsrapportage"
    )
