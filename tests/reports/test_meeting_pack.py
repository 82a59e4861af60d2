"""The meeting pack: requesting, the job's life (one pending per meeting, retry, sweep), the
panel on the meeting page and the download."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from reports import jobs, services
from reports.models import MeetingPack
from reports.tasks import requeue_stuck_reports
from tests.governance.factories import MeetingFactory
from tests.reports.factories import MeetingPackFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(db):
    return MeetingFactory(title="Stuurgroep juni", held_on=datetime.date(2026, 6, 11))


def test_a_request_queues_one_job_per_meeting(
    meeting, kwartiermaker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        first = services.meeting_pack_request(meeting=meeting, acting_user=kwartiermaker)
        again = services.meeting_pack_request(meeting=meeting, acting_user=kwartiermaker)
    assert again.pk == first.pk
    assert len(queued) == 1
    assert first.state == jobs.JobState.QUEUED
    assert first.version is None
    assert first.requested_by == kwartiermaker


def test_only_the_kwartiermaker_has_a_pack_made(meeting, stuurgroeplid):
    with pytest.raises(PermissionDenied):
        services.meeting_pack_request(meeting=meeting, acting_user=stuurgroeplid)
    assert not MeetingPack.objects.exists()


def test_a_stuck_pack_is_queued_again_by_the_sweep_then_failed(
    meeting, kwartiermaker, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_MAX_REQUEUES = 1
    stale = timezone.now() - datetime.timedelta(seconds=settings.REPORT_QUEUED_DEADLINE + 5)
    pack = MeetingPackFactory(meeting=meeting, requested_at=stale)
    with django_capture_on_commit_callbacks(execute=False):
        assert requeue_stuck_reports() == (1, 0)
    pack.refresh_from_db()
    assert pack.requeues == 1 and pack.state == jobs.JobState.QUEUED
    MeetingPack.objects.filter(pk=pack.pk).update(requested_at=stale)
    assert requeue_stuck_reports() == (0, 1)
    pack.refresh_from_db()
    assert pack.state == jobs.JobState.FAILED
    assert "bleef steeds hangen" in pack.failure_reason
    # A failed pack can be tried again, and a new request is a new job.
    with django_capture_on_commit_callbacks(execute=False):
        retried = services.meeting_pack_retry(pack=pack, acting_user=kwartiermaker)
    assert retried.state == jobs.JobState.QUEUED


def test_the_meeting_page_shows_the_panel_by_role(
    client, meeting, kwartiermaker, stuurgroeplid, trekker
):
    done = MeetingPackFactory(meeting=meeting, done=True)
    url = reverse("governance:meeting_detail", args=[meeting.pk])
    download = reverse("reports:meeting_pack_download", args=[done.pk])
    request = reverse("reports:meeting_pack_request", args=[meeting.pk])

    client.force_login(kwartiermaker)
    page = client.get(url).content.decode()
    assert "Vergaderstukken als één PDF" in page
    assert download in page and request in page
    assert "Nieuwe versie samenstellen" in page

    for reader in (stuurgroeplid, trekker):
        client.force_login(reader)
        page = client.get(url).content.decode()
        assert download in page
        assert request not in page  # never a button the user cannot use


def test_the_panel_polls_while_a_pack_is_made(client, meeting, kwartiermaker):
    MeetingPackFactory(meeting=meeting)
    client.force_login(kwartiermaker)
    panel = reverse("reports:meeting_pack_panel", args=[meeting.pk])
    fragment = client.get(panel, headers={"HX-Request": "true"}).content.decode()
    assert f'hx-get="{panel}"' in fragment
    assert "In wachtrij" in fragment
    assert "samenstellen</button>" not in fragment  # no second request while one is made


def test_the_request_page_answers_with_the_meeting(
    client, meeting, kwartiermaker, django_capture_on_commit_callbacks
):
    client.force_login(kwartiermaker)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("reports:meeting_pack_request", args=[meeting.pk]))
    assert response.status_code == 302
    assert (
        response.url == reverse("governance:meeting_detail", args=[meeting.pk]) + "#vergaderpakket"
    )
    assert MeetingPack.objects.filter(meeting=meeting, state=jobs.JobState.QUEUED).count() == 1


def test_a_pack_not_yet_made_cannot_be_downloaded(client, meeting, stuurgroeplid, griffier):
    pending = MeetingPackFactory(meeting=meeting)
    done = MeetingPackFactory(meeting=meeting, done=True, version=1)
    client.force_login(stuurgroeplid)
    assert (
        client.get(reverse("reports:meeting_pack_download", args=[pending.pk])).status_code == 404
    )
    response = client.get(reverse("reports:meeting_pack_download", args=[done.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Vergaderstukken Stuurgroep juni 2026-06-11 v1.pdf" in response["Content-Disposition"]
    client.force_login(griffier)
    assert client.get(reverse("reports:meeting_pack_download", args=[done.pk])).status_code == 403
