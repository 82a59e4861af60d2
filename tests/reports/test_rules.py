"""Council report rules for every role, and each report page behind its rule (tests/access.py)."""

import pytest
from django.test import override_settings
from django.urls import reverse

from reports.models import ReportDownload
from tests.access import GR, KM, SG, WT, assert_page_guarded, roles_allowed
from tests.conftest import make_organisation
from tests.governance.factories import MeetingFactory
from tests.reports.factories import CouncilReportFactory, MeetingPackFactory

pytestmark = pytest.mark.django_db

STAFF = {SG, KM}

# (rule, object) -> roles for which it holds. The griffier serves Roosendaal's council.
RULES = {
    ("reports.list_council_reports", None): STAFF | {GR},
    ("reports.see_all_council_reports", None): STAFF,
    ("reports.request_council_report", None): STAFF,
    ("reports.download_council_report", "roosendaal_report"): STAFF | {GR},
    ("reports.download_council_report", "tholen_report"): STAFF,
    ("reports.see_report_download", "download"): STAFF,
    # The meeting pack: made at the kwartiermaker's request, read by whoever sees the meeting.
    ("reports.request_meeting_pack", None): {KM},
    ("reports.request_meeting_pack", "meeting"): {KM},
    ("reports.download_meeting_pack", "pack"): STAFF | {WT},
}

# (url name, object, method) -> the (rule, object) of RULES that guards the page.
PAGES = {
    ("reports:list", None, "get"): ("reports.list_council_reports", None),
    ("reports:request", None, "get"): ("reports.request_council_report", None),
    ("reports:request", None, "post"): ("reports.request_council_report", None),
    ("reports:detail", "roosendaal_report", "get"): (
        "reports.download_council_report",
        "roosendaal_report",
    ),
    ("reports:download", "roosendaal_report", "get"): (
        "reports.download_council_report",
        "roosendaal_report",
    ),
    ("reports:retry", "failed_report", "post"): ("reports.request_council_report", None),
    ("reports:meeting_pack_request", "meeting", "post"): ("reports.request_meeting_pack", None),
    ("reports:meeting_pack_download", "pack", "get"): ("reports.download_meeting_pack", "pack"),
    # The panel (htmx polls it) shows the meeting's packs to whoever may read them.
    ("reports:meeting_pack_panel", "meeting", "get"): ("reports.download_meeting_pack", "pack"),
    ("reports:meeting_pack_retry", "failed_pack", "post"): ("reports.request_meeting_pack", None),
}


@pytest.fixture(scope="module")
def objects(module_db, module_role_users, tmp_path_factory):
    # The same MEDIA_ROOT as the autouse media_root fixture of tests/reports/conftest.py.
    media = tmp_path_factory.getbasetemp() / "media"
    media.mkdir(exist_ok=True)
    with override_settings(MEDIA_ROOT=media):
        roosendaal_report = CouncilReportFactory(council=make_organisation("Roosendaal"), done=True)
        meeting = MeetingFactory()
        return {
            None: None,
            "roosendaal_report": roosendaal_report,
            "download": ReportDownload.objects.create(
                report=roosendaal_report, user=roosendaal_report.requested_by, version=1
            ),
            "tholen_report": CouncilReportFactory(council=make_organisation("Tholen"), done=True),
            "failed_report": CouncilReportFactory(
                council=make_organisation("Roosendaal"), failed=True
            ),
            "meeting": meeting,
            "pack": MeetingPackFactory(meeting=meeting, done=True),
            "failed_pack": MeetingPackFactory(failed=True),
        }


@pytest.mark.parametrize(("rule", "key"), list(RULES))
def test_rule_for_every_role(role_users, objects, rule, key):
    assert roles_allowed(role_users, rule, objects[key]) == RULES[(rule, key)]


def test_the_table_covers_every_report_rule():
    import rules

    names = {name for name in rules.permissions.permissions if name.startswith("reports.")}
    assert names == {rule for rule, _ in RULES}
    assert set(PAGES.values()) <= set(RULES)


@pytest.mark.parametrize(("url_name", "key", "method"), list(PAGES))
def test_page_is_guarded_by_its_rule(
    client, role_users, objects, django_capture_on_commit_callbacks, url_name, key, method
):
    url = reverse(url_name) if key is None else reverse(url_name, args=[objects[key].pk])
    with django_capture_on_commit_callbacks(execute=False):
        assert_page_guarded(
            client,
            role_users,
            url=url,
            method=method,
            allowed=RULES[PAGES[(url_name, key, method)]],
        )
