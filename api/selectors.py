"""Reads of the API app: tokens, and the resources the API serves (from the apps' scopes)."""

from django.db.models import QuerySet

from api.models import ApiToken
from core.tokens import hash_token


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
