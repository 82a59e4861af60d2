"""Council-report rules and the scopes of the report models (see docs/reports.md)."""

import rules

from core import scopes
from core.rules import is_griffier, is_kwartiermaker, is_programme_staff
from core.scopes import Scope, scope_for, visible
from governance.models import Meeting
from reports.models import CouncilReport, MeetingPack, ReportDownload


@scopes.define(CouncilReport)
def council_report_scope(user) -> Scope:
    """Programme staff see every report; a griffier the reports for their own council."""
    if is_programme_staff(user):
        return Scope.ALL
    if is_griffier(user) and user.organisation_id is not None:
        return Scope.where(council_id=user.organisation_id, council__has_council=True)
    return Scope.NONE


@scopes.define(ReportDownload)
def report_download_scope(user) -> Scope:
    """The download log: programme staff only."""
    return Scope.ALL if is_programme_staff(user) else Scope.NONE


@scopes.define(MeetingPack)
def meeting_pack_scope(user) -> Scope:
    """A meeting's papers for whoever sees the meeting (the same readers as its documents)."""
    return scope_for(Meeting, user).through("meeting")


rules.add_perm("reports.list_council_reports", is_programme_staff | is_griffier)
rules.add_perm("reports.see_all_council_reports", is_programme_staff)
rules.add_perm("reports.request_council_report", is_programme_staff)
rules.add_perm("reports.download_council_report", visible(CouncilReport))
rules.add_perm("reports.see_report_download", visible(ReportDownload))
# The meeting pack: the kwartiermaker has it made; whoever sees the meeting reads it.
rules.add_perm("reports.request_meeting_pack", is_kwartiermaker)
rules.add_perm("reports.download_meeting_pack", visible(MeetingPack))
