import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from governance.models import (
    Action,
    Commitment,
    Decision,
    Meeting,
    Milestone,
    OverallStatus,
    RegionalFunction,
    Risk,
    RoleAssignment,
    StatusReport,
    StatusReportState,
)
from tests.factories import OrganisationFactory, WorkstreamFactory


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    workstream = factory.SubFactory(WorkstreamFactory)
    title = factory.Sequence(lambda n: f"Mijlpaal {n}")
    due_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))
    baseline_due_date = factory.SelfAttribute("due_date")

    class Params:
        overdue = factory.Trait(
            due_date=factory.LazyFunction(
                lambda: datetime.date.today() - datetime.timedelta(days=5)
            )
        )


class StatusReportFactory(DjangoModelFactory):
    class Meta:
        model = StatusReport

    workstream = factory.SubFactory(WorkstreamFactory)
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 3, 31)
    overall_status = OverallStatus.ON_TRACK
    progress_summary = "Voortgang"
    results = "Resultaten"
    next_steps = "Volgende stappen"

    class Params:
        published = factory.Trait(
            state=StatusReportState.PUBLISHED, published_at=factory.LazyFunction(timezone.now)
        )


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    held_on = datetime.date(2026, 3, 10)
    title = factory.Sequence(lambda n: f"Stuurgroep {n}")


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = Decision

    year = 2026
    sequence = factory.Sequence(lambda n: n + 1)
    decided_on = datetime.date(2026, 3, 10)
    text = factory.Sequence(lambda n: f"Besluit {n}")


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    title = factory.Sequence(lambda n: f"Actie {n}")
    due_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=10))


class CommitmentFactory(DjangoModelFactory):
    class Meta:
        model = Commitment

    council = factory.SubFactory(OrganisationFactory)
    made_by = "Stuurgroep"
    made_on = datetime.date(2026, 1, 10)
    text = factory.Sequence(lambda n: f"Toezegging {n}")
    due_date = datetime.date(2026, 12, 31)


class RiskFactory(DjangoModelFactory):
    class Meta:
        model = Risk

    workstream = factory.SubFactory(WorkstreamFactory)
    title = factory.Sequence(lambda n: f"Risico {n}")
    probability = 3
    impact = 3


class RegionalFunctionFactory(DjangoModelFactory):
    class Meta:
        model = RegionalFunction
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Functie {n}")


class RoleAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    function = factory.SubFactory(RegionalFunctionFactory)
    person_name = factory.Sequence(lambda n: f"Persoon {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    hours_per_week = Decimal("8")


def make_document(meeting, user, *, content: bytes | None = None, name="stuk.pdf", **kwargs):
    """A meeting document added through its service (so stored, checked and hashed for real)."""
    import io

    from governance import services
    from tests.governance import samples

    return services.meeting_document_add(
        meeting=meeting,
        title=kwargs.pop("title", "Vergaderstuk"),
        file=io.BytesIO(samples.pdf() if content is None else content),
        file_name=name,
        acting_user=user,
        **kwargs,
    )
