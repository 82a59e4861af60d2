import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from reports.jobs import JobState
from reports.models import (
    CouncilReport,
    CouncilReportState,
    MeetingPack,
    PeriodKind,
    ReportRequest,
)
from tests.factories import OrganisationFactory, UserFactory
from tests.governance.factories import MeetingFactory


class ReportRequestFactory(DjangoModelFactory):
    class Meta:
        model = ReportRequest

    period_kind = PeriodKind.QUARTER
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 3, 31)
    requested_by = factory.SubFactory(UserFactory, kwartiermaker=True, organisation=None)


class CouncilReportFactory(DjangoModelFactory):
    """A report row; the `done` trait gives it a (tiny) stored file, as a finished job has."""

    class Meta:
        model = CouncilReport

    request = factory.SubFactory(ReportRequestFactory)
    council = factory.SubFactory(OrganisationFactory)
    period_kind = factory.SelfAttribute("request.period_kind")
    period_start = factory.SelfAttribute("request.period_start")
    period_end = factory.SelfAttribute("request.period_end")
    requested_by = factory.SelfAttribute("request.requested_by")
    requested_at = factory.LazyFunction(timezone.now)

    class Params:
        done = factory.Trait(
            state=CouncilReportState.DONE,
            version=1,
            file=factory.django.FileField(
                filename="rapportage.pdf", data=b"%PDF-1.7 test\n%%EOF\n"
            ),
            sha256="0" * 64,
            snapshot=factory.LazyFunction(dict),
            finished_at=factory.LazyFunction(timezone.now),
        )
        failed = factory.Trait(state=CouncilReportState.FAILED, failure_reason="Het ging mis.")


class MeetingPackFactory(DjangoModelFactory):
    """A meeting pack row; `done` gives it a (tiny) stored file, as a finished job has."""

    class Meta:
        model = MeetingPack

    meeting = factory.SubFactory(MeetingFactory)
    requested_by = factory.SubFactory(UserFactory, kwartiermaker=True, organisation=None)
    requested_at = factory.LazyFunction(timezone.now)

    class Params:
        done = factory.Trait(
            state=JobState.DONE,
            version=1,
            file=factory.django.FileField(
                filename="vergaderstukken.pdf", data=b"%PDF-1.7 test\n%%EOF\n"
            ),
            sha256="0" * 64,
            contents=factory.LazyFunction(dict),
            finished_at=factory.LazyFunction(timezone.now),
        )
        failed = factory.Trait(state=JobState.FAILED, failure_reason="Het ging mis.")
