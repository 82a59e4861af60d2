from django.db.models import QuerySet

from governance.models import Workstream


def workstream_list(*, user) -> QuerySet[Workstream]:
    """The programme's workstreams with their lead organisation, in programme order."""
    return Workstream.objects.select_related("lead_organisation").order_by("number")
