"""Writes of the API app: the life cycle of personal tokens."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken, TokenScope
from core.tokens import hash_token, new_token, visible_prefix

MAX_VALIDITY_DAYS = 365
# Last use is written at most once a minute per token: a busy client does not write per request.
LAST_USE_RESOLUTION = datetime.timedelta(minutes=1)


@transaction.atomic
def api_token_create(
    *, user, name: str, expires_on: datetime.date, acting_user
) -> tuple[ApiToken, str]:
    """A new read token for `user`; returns the token row and the secret (shown once)."""
    if acting_user.pk != user.pk:
        raise ValidationError(_("U kunt alleen voor uzelf een token aanmaken."))
    today = timezone.localdate()
    if expires_on < today:
        raise ValidationError({"expires_on": _("Kies een datum vanaf vandaag.")})
    if expires_on > today + datetime.timedelta(days=MAX_VALIDITY_DAYS):
        raise ValidationError(
            {"expires_on": _("Een token is hoogstens een jaar geldig; kies een eerdere datum.")}
        )
    raw = new_token()
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=visible_prefix(raw),
        key_hash=hash_token(raw),
        scope=TokenScope.READ,
        expires_on=expires_on,
    )
    token.full_clean()
    token.save()
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, acting_user) -> ApiToken:
    """Revoke `token` for good; revoking an already revoked token changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = acting_user
        token.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    return token


def api_token_record_use(*, token: ApiToken) -> None:
    """Record that `token` was used now (one UPDATE, skipped within the same minute)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USE_RESOLUTION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
