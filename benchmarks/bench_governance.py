"""Governance pages in `make bench`: the stuurgroep dashboard and every register list."""

import datetime
from decimal import Decimal

from django.utils import timezone

from benchmarks.pages import Page
from core.models import Organisation
from governance.models import (
    Action,
    Commitment,
    Decision,
    Meeting,
    Milestone,
    RegionalFunction,
    Risk,
    RoleAssignment,
    StatusReport,
    StatusReportState,
    Workstream,
)

PAGES = [
    Page("stuurgroepdashboard (stuurgroep)", "/", "stuurgroep"),
    Page("overzicht met 'Actie nodig' (kwartiermaker)", "/", "kwartiermaker"),
    Page("overzicht met 'Actie nodig' (trekker)", "/", "trekker"),
    Page("werkstromen (stuurgroep)", "/governance/werkstromen/", "stuurgroep"),
    Page("rapportages (kwartiermaker)", "/governance/rapportages/", "kwartiermaker"),
    Page("mijlpalen (kwartiermaker)", "/governance/mijlpalen/", "kwartiermaker"),
    Page("vergaderingen (stuurgroep)", "/governance/vergaderingen/", "stuurgroep"),
    Page("besluiten (stuurgroep)", "/governance/besluiten/", "stuurgroep"),
    Page("acties (stuurgroep)", "/governance/acties/", "stuurgroep"),
    Page("toezeggingen (stuurgroep)", "/governance/toezeggingen/", "stuurgroep"),
    Page("risico's en heatmap (stuurgroep)", "/governance/risicos/", "stuurgroep"),
    Page("kennisgroep (stuurgroep)", "/governance/kennisgroep/", "stuurgroep"),
    Page("wijzigingen (stuurgroep)", "/governance/wijzigingen/", "stuurgroep"),
]


def scale(factor: int) -> None:
    """`factor` times the demo year of registers, spread over all workstreams."""
    workstreams = list(Workstream.objects.order_by("number"))
    councils = list(Organisation.objects.with_council())
    organisations = list(Organisation.objects.all())
    functions = list(RegionalFunction.objects.all())
    today = datetime.date.today()
    n_ws = len(workstreams)
    Milestone.objects.bulk_create(
        Milestone(
            workstream=workstreams[n % n_ws],
            title=f"Benchmarkmijlpaal {n}",
            due_date=today + datetime.timedelta(days=(n % 120) - 60),
            baseline_due_date=today + datetime.timedelta(days=(n % 120) - 60),
        )
        for n in range(13 * factor)
    )
    StatusReport.objects.bulk_create(
        StatusReport(
            workstream=workstreams[n % n_ws],
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 3, 31),
            overall_status=["op_koers", "aandacht", "in_gevaar"][n % 3],
            progress_summary="Benchmark",
            results="Benchmark",
            next_steps="Benchmark",
            state=StatusReportState.PUBLISHED,
            published_at=timezone.now() - datetime.timedelta(days=n),
        )
        for n in range(9 * factor)
    )
    meetings = Meeting.objects.bulk_create(
        Meeting(held_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=n), title=f"Bench {n}")
        for n in range(4 * factor)
    )
    Decision.objects.bulk_create(
        Decision(
            year=2020,
            sequence=n + 1,
            decided_on=datetime.date(2020, 6, 1),
            text=f"Benchmarkbesluit {n}",
            meeting=meetings[n % len(meetings)],
        )
        for n in range(5 * factor)
    )
    Action.objects.bulk_create(
        Action(
            title=f"Benchmarkactie {n}",
            workstream=workstreams[n % n_ws],
            due_date=today - datetime.timedelta(days=n % 20),
        )
        for n in range(4 * factor)
    )
    Commitment.objects.bulk_create(
        Commitment(
            council=councils[n % len(councils)],
            made_by="Stuurgroep",
            made_on=datetime.date(2026, 1, 1),
            text=f"Benchmarktoezegging {n}",
            due_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n * 10),
        )
        for n in range(4 * factor)
    )
    Risk.objects.bulk_create(
        Risk(
            workstream=workstreams[n % n_ws] if n % 4 else None,
            title=f"Benchmarkrisico {n}",
            probability=n % 5 + 1,
            impact=(n * 3) % 5 + 1,
        )
        for n in range(7 * factor)
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(
            function=functions[n % len(functions)],
            person_name=f"Benchmarkpersoon {n}",
            organisation=organisations[n % len(organisations)],
            hours_per_week=Decimal("8"),
        )
        for n in range(9 * factor)
    )
