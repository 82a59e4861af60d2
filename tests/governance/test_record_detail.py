"""Every register record has a read-only page showing all its fields and links, in one layout,
with "Bewerken" (a separate page) only for those who may edit."""

import pytest
from django.urls import reverse

from governance.models import (
    Action,
    Commitment,
    Decision,
    Milestone,
    Risk,
    RoleAssignment,
    StatusReport,
)
from tests.governance.factories import MilestoneFactory, StatusReportFactory
from tests.record_pages import assert_every_field_shown, main_of, text_of

pytestmark = pytest.mark.django_db

# Register -> (detail url, edit url name or None when the page offers no separate edit, the
# demo user who reads it without editing, one who edits it).
REGISTERS = {
    StatusReport: (
        "governance:report_detail",
        "governance:report_edit",
        "trekker",
        "kwartiermaker",
    ),
    Milestone: (
        "governance:milestone_detail",
        "governance:milestone_edit",
        "trekker",
        "kwartiermaker",
    ),
    Decision: ("governance:decision_detail", "governance:decision_edit", "trekker", "stuurgroep"),
    Action: ("governance:action_detail", "governance:action_edit", "trekker", "stuurgroep"),
    Commitment: (
        "governance:commitment_detail",
        "governance:commitment_edit",
        "trekker",
        "stuurgroep",
    ),
    Risk: ("governance:risk_detail", "governance:risk_edit", "trekker", "kwartiermaker"),
    RoleAssignment: (
        "governance:role_assignment_detail",
        "governance:role_assignment_edit",
        "trekker",
        "kwartiermaker",
    ),
}


def _record_not_led_by(model, username):
    """A demo record the viewer may not edit (not of a workstream their organisation leads)."""
    from core.models import User

    user = User.objects.get(username=username)
    records = model.objects.order_by("pk")
    if hasattr(model, "workstream"):
        records = records.exclude(workstream__lead_organisation=user.organisation_id)
    if model is StatusReport:
        records = records.filter(state="concept") or records
    return records.first()


@pytest.mark.parametrize("model", list(REGISTERS), ids=lambda m: m.__name__)
def test_a_viewer_sees_every_field_value_and_no_edit_action(demo_seeded, client, model):
    from core.models import User

    route, edit_route, viewer, _editor = REGISTERS[model]
    record = _record_not_led_by(model, viewer)
    client.force_login(User.objects.get(username=viewer))
    response = client.get(reverse(route, args=[record.pk]))
    assert response.status_code == 200
    main = main_of(response.content.decode())
    assert_every_field_shown(main, record)
    text = text_of(main)
    assert "<form" not in main
    assert "Bewerken" not in text and "Concept bewerken" not in text
    assert "Geschiedenis" in text
    assert client.get(reverse(edit_route, args=[record.pk])).status_code == 403


@pytest.mark.parametrize("model", list(REGISTERS), ids=lambda m: m.__name__)
def test_an_editor_is_offered_the_separate_edit_page(demo_seeded, client, model):
    from core.models import User

    route, edit_route, _viewer, editor = REGISTERS[model]
    record = model.objects.order_by("pk").first()
    if model is StatusReport:  # a published report is never edited; a draft is
        record = StatusReportFactory(workstream=record.workstream)
    client.force_login(User.objects.get(username=editor))
    main = main_of(client.get(reverse(route, args=[record.pk])).content.decode())
    edit_url = reverse(edit_route, args=[record.pk])
    assert f'href="{edit_url}"' in main
    assert edit_url != reverse(route, args=[record.pk])
    assert client.get(edit_url).status_code == 200


def test_links_on_a_record_lead_to_pages_the_reader_may_open(demo_seeded, client):
    from core.models import User

    decision = Decision.objects.filter(meeting__isnull=False, workstreams__isnull=False).first()
    client.force_login(User.objects.get(username="trekker"))
    main = main_of(
        client.get(reverse("governance:decision_detail", args=[decision.pk])).content.decode()
    )
    assert f'href="{decision.meeting.get_absolute_url()}"' in main
    for workstream in decision.workstreams.all():
        assert f'href="{workstream.get_absolute_url()}"' in main


def test_breadcrumbs_lead_from_a_milestone_to_its_workstream(demo_seeded, client):
    from core.models import User

    milestone = Milestone.objects.select_related("workstream").first()
    client.force_login(User.objects.get(username="trekker"))
    main = main_of(
        client.get(reverse("governance:milestone_detail", args=[milestone.pk])).content.decode()
    )
    crumbs = main.split('aria-label="Kruimelpad"', 1)[1].split("</nav>", 1)[0]
    assert reverse("governance:workstream_list") in crumbs
    assert milestone.workstream.get_absolute_url() in crumbs


def test_a_record_page_refuses_a_post(client, stuurgroeplid):
    milestone = MilestoneFactory()
    client.force_login(stuurgroeplid)
    response = client.post(reverse("governance:milestone_detail", args=[milestone.pk]), {})
    assert response.status_code == 405
