"""Cached pages never show stale data: every write path moves the data version (core.caching).

Each test writes, then reads the page again, and must see the write - through a service, a
bulk `QuerySet.update()`, raw SQL and the admin's path (a model save).
"""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from budget.models import BudgetLine, Entry
from core.caching import (
    DATA_GROUPS,
    IGNORED_TABLES,
    TRIGGER,
    data_version,
    group_tables,
    lock_data_version,
)
from governance.models import Action, Decision
from tests.budget.factories import BudgetLineFactory, EntryFactory
from tests.factories import UserFactory, WorkstreamFactory
from tests.governance.factories import RiskFactory

pytestmark = pytest.mark.django_db


def _triggered_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = %s",
            [TRIGGER],
        )
        return {row[0] for row in cursor.fetchall()}


def test_every_table_of_every_data_group_moves_the_version():
    triggered = _triggered_tables()
    for labels in DATA_GROUPS.values():
        for label in labels:
            for model in apps.get_app_config(label).get_models(include_auto_created=True):
                table = model._meta.db_table
                if model._meta.managed and table not in IGNORED_TABLES:
                    assert table in triggered, f"{table} has no data-version trigger"
    assert set(group_tables()) == triggered  # and no table outside the groups


def test_writes_move_only_their_own_group():
    before = data_version("governance"), data_version("budget")
    WorkstreamFactory()
    assert data_version("governance") != before[0]
    assert data_version("budget") == before[1]


def test_a_report_job_moves_the_reports_version_but_a_download_or_list_visit_does_not():
    from reports.models import ReportListVisit
    from reports.services import report_download_record
    from tests.reports.factories import CouncilReportFactory

    report = CouncilReportFactory(done=True)
    before = data_version("reports")
    report_download_record(report=report, acting_user=report.requested_by)
    ReportListVisit.objects.create(
        user=report.requested_by, visited_at=datetime.datetime.now(datetime.UTC)
    )
    assert data_version("reports") == before
    type(report).objects.filter(pk=report.pk).update(superseded=True)
    assert data_version("reports") != before


def test_lock_data_version_moves_the_version_inside_a_transaction_only():
    from django.db import transaction

    before = data_version("reports")
    with transaction.atomic():
        lock_data_version("reports")
    assert data_version("reports") != before
    with pytest.raises(ValueError):
        lock_data_version("unknown")


def test_a_login_does_not_move_the_version_but_a_name_change_does(stuurgroeplid):
    before = data_version("core")
    stuurgroeplid.last_login = datetime.datetime.now(datetime.UTC)
    stuurgroeplid.save(update_fields=["last_login"])
    assert data_version("core") == before
    stuurgroeplid.first_name = "Nieuwe naam"
    stuurgroeplid.save(update_fields=["first_name"])
    assert data_version("core") != before


@pytest.fixture
def decision_page(client, stuurgroeplid):
    client.force_login(stuurgroeplid)
    WorkstreamFactory()

    def read() -> str:
        response = client.get(reverse("governance:decision_list"))
        assert response.status_code == 200
        return response.content.decode()

    return read


def _decision(text: str) -> Decision:
    return Decision.objects.create(
        year=2026,
        sequence=Decision.objects.count() + 1,
        decided_on=datetime.date.today(),
        text=text,
    )


def test_a_cached_list_answers_from_the_cache_until_a_write(
    decision_page, django_assert_num_queries
):
    decision_page()
    with django_assert_num_queries(3):  # session and user (middleware), the data version
        decision_page()


def test_a_list_shows_a_new_record_at_once(decision_page):
    assert "Eerste besluit" not in decision_page()
    _decision("Eerste besluit")
    assert "Eerste besluit" in decision_page()


def test_a_list_shows_a_bulk_update_at_once(decision_page):
    _decision("Oude tekst")
    assert "Oude tekst" in decision_page()
    Decision.objects.update(text="Bulk bijgewerkt")
    page = decision_page()
    assert "Bulk bijgewerkt" in page and "Oude tekst" not in page


def test_a_list_shows_a_raw_sql_write_and_a_delete_at_once(decision_page):
    decision = _decision("Voor SQL")
    assert "Voor SQL" in decision_page()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE governance_decision SET text = 'Via SQL' WHERE id = %s", [decision.pk]
        )
    assert "Via SQL" in decision_page()
    Decision.objects.all().delete()
    assert "Via SQL" not in decision_page()


def test_the_dashboard_shows_a_write_at_once(client, stuurgroeplid):
    workstream = WorkstreamFactory(name="Werkstroom vooraf")
    client.force_login(stuurgroeplid)
    assert "Werkstroom vooraf" in client.get(reverse("home")).content.decode()
    Action.objects.create(
        title="Te late actie uit de test",
        workstream=workstream,
        due_date=datetime.date.today() - datetime.timedelta(days=3),
    )
    workstream.name = "Werkstroom nadien"
    workstream.save()  # the admin's path: a model save
    page = client.get(reverse("home")).content.decode()
    assert "Werkstroom nadien" in page and "Te late actie uit de test" in page


def test_users_never_share_a_cached_page(client, stuurgroeplid):
    """The fragment is per user: a person without the dashboard never gets someone's copy."""
    WorkstreamFactory(name="Gedeelde werkstroom")
    client.force_login(stuurgroeplid)
    assert "Stuurgroepdashboard" in client.get(reverse("home")).content.decode()
    client.force_login(UserFactory(username="gewoon", organisation=stuurgroeplid.organisation))
    page = client.get(reverse("home")).content.decode()
    assert "Gedeelde werkstroom" in page and "Stuurgroepdashboard" not in page


def test_the_changes_page_shows_a_new_risk_at_once(client, stuurgroeplid):
    client.force_login(stuurgroeplid)
    url = reverse("governance:changes")
    assert "Nieuw programmarisico" not in client.get(url).content.decode()
    RiskFactory(workstream=None, title="Nieuw programmarisico")
    assert "Nieuw programmarisico" in client.get(url).content.decode()


def test_the_budget_entries_show_a_bulk_update_at_once(client, kwartiermaker):
    entry = EntryFactory(line=BudgetLineFactory(), description="Eerste omschrijving")
    client.force_login(kwartiermaker)
    url = reverse("budget:entries", args=[entry.line.budget_year.year])
    assert "Eerste omschrijving" in client.get(url).content.decode()
    Entry.objects.filter(pk=entry.pk).update(description="Bijgewerkte omschrijving")
    page = client.get(url).content.decode()
    assert "Bijgewerkte omschrijving" in page and "Eerste omschrijving" not in page


def test_the_multi_year_overview_shows_a_new_booking_and_amount_at_once(
    client, stuurgroeplid, django_assert_num_queries
):
    line = BudgetLineFactory(amount=Decimal("1234.00"))
    client.force_login(stuurgroeplid)
    url = reverse("budget:index")
    assert "€\xa01.234,00" in client.get(url).content.decode()
    with django_assert_num_queries(3):  # session, user, the data version
        client.get(url)
    BudgetLine.objects.filter(pk=line.pk).update(amount=Decimal("4321.00"))
    page = client.get(url).content.decode()
    assert "€\xa04.321,00" in page and "€\xa01.234,00" not in page
    EntryFactory(line=line, amount=Decimal("200.00"), entered_by=stuurgroeplid)
    assert "€\xa0200,00" in client.get(url).content.decode()


VULNERABLE = 'text-bg-danger">Eén is geen</span>'


def test_the_knowledge_group_shows_a_new_person_and_hours_at_once(
    client, stuurgroeplid, django_assert_num_queries
):
    from governance.models import RoleAssignment
    from tests.governance.factories import RoleAssignmentFactory

    first = RoleAssignmentFactory(person_name="Eerste persoon", hours_per_week=Decimal("8"))
    client.force_login(stuurgroeplid)
    url = reverse("governance:roles")
    page = client.get(url).content.decode()
    assert "Eerste persoon" in page and "8,0 uur" in page and VULNERABLE in page
    with django_assert_num_queries(3):  # session, user, the data version
        client.get(url)
    RoleAssignment.objects.filter(pk=first.pk).update(hours_per_week=Decimal("12"))
    page = client.get(url).content.decode()
    assert "12,0 uur" in page and "8,0 uur" not in page
    RoleAssignmentFactory(
        function=first.function, person_name="Tweede persoon", organisation=first.organisation
    )
    page = client.get(url).content.decode()
    assert "Tweede persoon" in page and VULNERABLE not in page


# The cases move files' modification times: in one process, so that no other case reads the
# code version while one of them has a file moved on.
@pytest.mark.xdist_group("code_version")
@pytest.mark.parametrize(
    "changed",
    [
        "templates/base.html",
        "governance/views.py",
        "core/templatetags/portal.py",  # below an app's top level: tags render fragments too
        "audit/templatetags/change_log.py",
        "wbw_portal/formats/nl/formats.py",
    ],
)
def test_a_deployment_with_changed_code_never_answers_from_the_old_pages(settings, changed):
    import os

    from core.caching import code_version

    template = settings.BASE_DIR / changed
    before = os.stat(template)
    code_version.cache_clear()
    old = code_version()
    try:
        os.utime(template, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
        code_version.cache_clear()
        assert code_version() != old
    finally:
        os.utime(template, ns=(before.st_atime_ns, before.st_mtime_ns))
        code_version.cache_clear()
    assert code_version() == old


def test_the_workstream_overview_shows_a_new_status_and_name_at_once(
    client, kwartiermaker, django_assert_max_num_queries
):
    from tests.governance.factories import StatusReportFactory

    workstream = WorkstreamFactory(name="Werkstroom in de cache")
    client.force_login(kwartiermaker)
    url = reverse("governance:workstream_list")
    page = client.get(url).content.decode()
    assert "Werkstroom in de cache" in page and "In gevaar" not in page
    with django_assert_max_num_queries(3):  # session, user, the data version
        client.get(url)
    StatusReportFactory(
        workstream=workstream,
        published=True,
        published_at=datetime.datetime.now(datetime.UTC),
        overall_status="in_gevaar",
    )
    assert "In gevaar" in client.get(url).content.decode()
    workstream.name = "Hernoemde werkstroom"
    workstream.save()
    assert "Hernoemde werkstroom" in client.get(url).content.decode()
