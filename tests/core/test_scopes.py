"""One scope per model: the list (`visible_to`) and the object rule always agree."""

import datetime

import pytest
from django.apps import apps

from api.models import ApiToken
from api.services import api_token_create
from budget.models import BudgetChange, BudgetLine, BudgetYear, Entry, Share
from core.models import Organisation, User
from core.scopes import Scope
from governance.models import (
    Action,
    Commitment,
    Decision,
    Meeting,
    MeetingDocument,
    MeetingDocumentDownload,
    MeetingDocumentVersion,
    Milestone,
    RegionalFunction,
    Risk,
    RoleAssignment,
    StatusReport,
    Workstream,
)
from governance.services import meeting_document_download_record
from maturity.models import Assessment, AssessmentRound, RoundStatus, Target
from reports.models import CouncilReport, MeetingPack, ReportDownload
from tests.factories import WorkstreamFactory
from tests.reports.factories import CouncilReportFactory, MeetingPackFactory

# Every scoped model and the object rule that asks its scope.
SEE_RULES = {
    Workstream: "governance.see_workstream",
    StatusReport: "governance.see_status_report",
    Milestone: "governance.see_milestone",
    Meeting: "governance.see_meeting",
    Decision: "governance.see_decision",
    Action: "governance.see_action",
    Commitment: "governance.see_commitment",
    Risk: "governance.see_risk",
    RegionalFunction: "governance.see_regional_function",
    RoleAssignment: "governance.see_role_assignment",
    MeetingDocument: "governance.see_meeting_document",
    MeetingDocumentDownload: "governance.see_meeting_document_download",
    BudgetYear: "budget.see_budget_year",
    BudgetLine: "budget.see_budget_line",
    Entry: "budget.see_entry",
    BudgetChange: "budget.see_budget_change",
    Share: "budget.see_share",
    AssessmentRound: "maturity.see_round",
    Assessment: "maturity.see_assessment",
    Target: "maturity.see_target",
    CouncilReport: "reports.download_council_report",
    ReportDownload: "reports.see_report_download",
    MeetingPack: "reports.download_meeting_pack",
    ApiToken: "api.revoke_token",
}


def test_every_scoped_model_has_an_object_rule():
    scoped = {m for m in apps.get_models() if hasattr(m._default_manager, "visible_to")}
    assert scoped == set(SEE_RULES)


@pytest.mark.django_db
def test_lists_and_object_rules_agree_for_every_role_and_model(demo_seeded):
    kwartiermaker = User.objects.get(username="kwartiermaker")
    for council in Organisation.objects.with_council():
        report = CouncilReportFactory(council=council, done=True)
        ReportDownload.objects.create(report=report, user=kwartiermaker, version=1)
    for meeting in Meeting.objects.all():
        MeetingPackFactory(meeting=meeting, done=True)
    for version in MeetingDocumentVersion.objects.all():  # the demo meeting's paper
        meeting_document_download_record(version=version, acting_user=kwartiermaker)
    for user in User.objects.all():
        api_token_create(user=user, name="test", expires_on=datetime.date.today(), acting_user=user)
    # A draft of the respondent's own organisation and one of another organisation.
    open_round = AssessmentRound.objects.order_by("-year").first()
    open_round.status = RoundStatus.OPEN
    open_round.save(update_fields=["status"])
    for organisation in Organisation.objects.filter(short_name__in=["Moerdijk", "Tholen"]):
        Assessment.objects.get_or_create(round=open_round, organisation=organisation)

    narrower = set()
    for user in User.objects.select_related("organisation"):
        for model, rule in SEE_RULES.items():
            everything = list(model._default_manager.all())
            listed = set(model.objects.visible_to(user).values_list("pk", flat=True))
            allowed = {obj.pk for obj in everything if user.has_perm(rule, obj)}
            assert listed == allowed, (user.username, model.__name__)
            if 0 < len(listed) < len(everything):
                narrower.add(model)
    # Scopes that depend on the user's organisation do narrow the rows.
    assert {Share, Assessment, CouncilReport, ApiToken} <= narrower


def test_a_scope_seen_through_a_relation_keeps_its_alternatives():
    scope = Scope.where(council_id=3) | Scope.where(status__in=["open"])
    assert scope.through("report").alternatives == (
        {"report__council_id": 3},
        {"report__status__in": ["open"]},
    )
    assert Scope.ALL.through("meeting").is_everything
    assert Scope.NONE.through("meeting").alternatives == ()


def test_a_scope_is_exact_matches_only():
    with pytest.raises(ValueError, match="__gte"):
        Scope.where(period_end__gte=datetime.date(2026, 1, 1))


@pytest.mark.django_db
def test_anonymous_and_inactive_users_see_nothing(kwartiermaker, roosendaal):
    from django.contrib.auth.models import AnonymousUser

    WorkstreamFactory()
    CouncilReportFactory(council=roosendaal)
    assert Workstream.objects.visible_to(kwartiermaker).count() == 1
    assert CouncilReport.objects.visible_to(kwartiermaker).count() == 1
    assert list(Workstream.objects.visible_to(AnonymousUser())) == []
    assert list(CouncilReport.objects.visible_to(None)) == []
    kwartiermaker.is_active = False
    assert list(CouncilReport.objects.visible_to(kwartiermaker)) == []
    assert not kwartiermaker.has_perm(
        "reports.download_council_report", CouncilReport.objects.get()
    )
