import logging

from django.db import transaction

from audit.models import AuditViewing

logger = logging.getLogger("audit")


@transaction.atomic
def audit_viewing_record(*, viewer, page: str, query: str, exported: bool) -> AuditViewing:
    """Record that `viewer` opened or exported an audit page (a row and a log line)."""
    viewing = AuditViewing(viewer=viewer, page=page, query=query[:500], exported=exported)
    # The viewer is the signed-in user: checking that the account exists is a query for nothing.
    viewing.full_clean(exclude=["viewer"])
    viewing.save()
    logger.info(
        "audit page viewed",
        extra={"audit_page": page, "viewer_id": viewer.pk, "query": query, "exported": exported},
    )
    return viewing
