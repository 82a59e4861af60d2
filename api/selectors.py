"""Reads of the API app: tokens, and the resources the API serves (from the apps' scopes)."""

from django.db.models import Prefetch, QuerySet

from api.models import ApiToken
from core.tokens import hash_token
from governance.models import AgendaItem, Meeting


def api_token_for_key(raw: str) -> ApiToken | None:
    """The token with this secret, with its user and organisation, or None (one query)."""
    return (
        ApiToken.objects.select_related("user", "user__organisation")
        .filter(key_hash=hash_token(raw))
        .first()
    )


def api_token_list(*, user) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first (the profile page)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def meeting_list(*, user) -> QuerySet[Meeting]:
    """The meetings the user may see (the model's scope), newest first, with their agenda in
    order: without the portal list's counts of decisions and items, which the API does not
    show (they group the whole list by meeting)."""
    agenda = AgendaItem.objects.only("meeting", "position", "title", "workstream")
    return (
        Meeting.objects.visible_to(user)
        .prefetch_related(Prefetch("agenda_items", queryset=agenda.order_by("position")))
        .order_by("-held_on", "-pk")
    )
