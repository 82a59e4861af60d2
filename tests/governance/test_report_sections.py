import datetime
import json

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from core.reporting import sections as report_sections
from governance.models import MilestoneStatus
from tests.factories import OrganisationFactory
from tests.governance.factories import (
    CommitmentFactory,
    DecisionFactory,
    MilestoneFactory,
    RiskFactory,
    StatusReportFactory,
)

pytestmark = pytest.mark.django_db

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def test_sections_reflect_the_period_and_the_council(own_workstream):
    roosendaal = OrganisationFactory(short_name="Roosendaal")
    tholen = OrganisationFactory(short_name="Tholen")
    StatusReportFactory(
        workstream=own_workstream,
        published=True,
        overall_status="in_gevaar",
        published_at=_at(datetime.date(2026, 2, 1)),
    )
    StatusReportFactory(
        workstream=own_workstream,
        published=True,
        overall_status="aandacht",
        next_steps="Doorpakken",
        published_at=_at(datetime.date(2026, 5, 1)),
    )
    # Published after the period: not part of this report.
    StatusReportFactory(
        workstream=own_workstream,
        published=True,
        overall_status="op_koers",
        published_at=_at(datetime.date(2026, 8, 1)),
    )
    MilestoneFactory(
        workstream=own_workstream,
        title="Behaald",
        status=MilestoneStatus.REACHED,
        completed_on=datetime.date(2026, 3, 1),
    )
    DecisionFactory(decided_on=datetime.date(2026, 4, 1), year=2026, text="In de periode")
    DecisionFactory(decided_on=datetime.date(2025, 4, 1), year=2025, text="Ervoor")
    CommitmentFactory(council=roosendaal, text="Aan Roosendaal")
    CommitmentFactory(council=tholen, text="Aan Tholen")
    RiskFactory(workstream=own_workstream, probability=5, impact=5)

    sections = {
        s.key: s
        for s in report_sections.collect(council=roosendaal, period_start=START, period_end=END)
        if s.key.startswith("governance")
    }
    status = sections["governance_status"].data["workstreams"][0]
    assert status["status"] == "aandacht" and status["trend"] == "beter"
    assert [m["title"] for m in sections["governance_status"].data["reached"]] == ["Behaald"]
    assert [d["text"] for d in sections["governance_decisions"].data["decisions"]] == [
        "In de periode"
    ]
    assert [c["text"] for c in sections["governance_commitments"].data["commitments"]] == [
        "Aan Roosendaal"
    ]
    assert sections["governance_risks"].data["risks"][0]["score"] == 25
    assert sections["governance_next_steps"].data["next_steps"][0]["text"] == "Doorpakken"
    for section in sections.values():
        json.dumps(section.data)  # frozen in the report's snapshot
        html = render_to_string(section.template, {"data": section.data, "section": section})
        assert html.strip()
    commitments = sections["governance_commitments"]
    html = render_to_string(commitments.template, {"data": commitments.data})
    assert "Aan Roosendaal" in html and "Aan Tholen" not in html
