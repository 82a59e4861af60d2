import datetime
import json

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from core.reporting import SharedWork
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
    assert status["next_steps"] == "Doorpakken"
    for section in sections.values():
        json.dumps(section.data)  # frozen in the report's snapshot
        html = render_to_string(section.template, {"data": section.data, "section": section})
        assert html.strip()
    commitments = sections["governance_commitments"]
    html = render_to_string(commitments.template, {"data": commitments.data})
    assert "Aan Roosendaal" in html and "Aan Tholen" not in html


def _by_title(items):
    return {item["title"] if "title" in item else item["text"]: item for item in items}


@pytest.mark.parametrize(
    ("period_start", "period_end"),
    [
        # the period ends after the data date (a quarter reported on before it is over)
        (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)),
        # the period ended before the data date (reported on afterwards)
        (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)),
    ],
    ids=["period-ends-in-the-future", "period-ended-in-the-past"],
)
def test_late_is_judged_on_the_data_date_not_the_period_end(
    own_workstream, period_start, period_end
):
    """True on the day of issue: only what is open and due before the data date is late."""
    from governance.report_sections import sections

    as_of = datetime.date(2026, 11, 28)
    council = OrganisationFactory(short_name="Etten-Leur")
    for title, due, status in [
        ("Verleden", datetime.date(2026, 9, 15), MilestoneStatus.IN_PROGRESS),
        ("Op de peildatum", as_of, MilestoneStatus.PLANNED),
        ("Na de peildatum", datetime.date(2026, 12, 15), MilestoneStatus.PLANNED),
        ("Bezig, later", datetime.date(2026, 12, 20), MilestoneStatus.IN_PROGRESS),
    ]:
        MilestoneFactory(workstream=own_workstream, title=title, due_date=due, status=status)
    CommitmentFactory(
        council=council,
        text="Verlopen",
        made_on=datetime.date(2026, 1, 1),
        due_date=datetime.date(2026, 10, 31),
    )
    CommitmentFactory(
        council=council,
        text="Loopt nog",
        made_on=datetime.date(2026, 1, 1),
        due_date=datetime.date(2026, 12, 15),
    )
    found = {
        s.key: s.data
        for s in sections(
            council=council,
            period_start=period_start,
            period_end=period_end,
            as_of=as_of,
            shared=SharedWork(),
        )
    }
    due = _by_title(found["governance_status"]["due"])
    assert (due["Verleden"]["state"], due["Verleden"]["state_label"]) == ("late", "te laat")
    assert due["Op de peildatum"]["state_label"] == "gepland"
    assert due["Na de peildatum"]["state_label"] == "gepland"
    assert not due["Na de peildatum"]["overdue"]
    assert due["Bezig, later"]["state_label"] == "bezig"
    commitments = _by_title(found["governance_commitments"]["commitments"])
    assert commitments["Verlopen"]["overdue"] and commitments["Verlopen"]["state_label"] == (
        "te laat"
    )
    assert not commitments["Loopt nog"]["overdue"]
    assert commitments["Loopt nog"]["state_label"] == "open"
    # the workstream's next milestone is the earliest open one, with the same judgement
    [row] = found["governance_status"]["workstreams"]
    assert row["next_milestone"]["title"] == "Verleden"
    assert row["next_milestone"]["state_label"] == "te laat"
