"""Building one e-mail from a log row: in the recipient's language, plain text and HTML,
absolute links from SITE_URL, and a one-click unsubscribe link for that user only."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from notifications.events import events
from notifications.models import Group, NotificationLog

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


class InvalidToken(Exception):
    """The unsubscribe link was altered, cut short, or is for no known group."""


def unsubscribe_token(*, user_id: int, group: str | None) -> str:
    """A signed token naming one user and one group (None: every group). It does not expire:
    a mail from long ago must still unsubscribe."""
    return signing.dumps({"u": user_id, "g": group}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str | None]:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise InvalidToken from error
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise InvalidToken
    group = data.get("g")
    if group is not None and group not in Group.values:
        raise InvalidToken
    return data["u"], group


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(*, user_id: int, group: str | None) -> str:
    token = unsubscribe_token(user_id=user_id, group=group)
    return absolute_url(reverse("notifications:unsubscribe", args=[token]))


def build_message(
    log: NotificationLog, *, items: list[NotificationLog] = ()
) -> EmailMultiAlternatives:
    """The mail for `log` (a digest: with its `items`, each rendered by its own template)."""
    event = events[log.event]
    user = log.recipient
    group = event.group
    with translation.override(user.language or settings.LANGUAGE_CODE):
        unsubscribe = unsubscribe_url(user_id=user.pk, group=group)
        context = {
            **log.context,
            "recipient": user,
            "site_url": settings.SITE_URL.rstrip("/"),
            "group_label": Group(group).label if group else "",
            "unsubscribe_url": unsubscribe,
            "preferences_url": absolute_url(reverse("notifications:preferences")),
            "items": [
                {
                    "subject": str(events[item.event].subject % item.context),
                    "template": events[item.event].template,
                    **item.context,
                }
                for item in items
            ],
        }
        text = render_to_string(f"notifications/mail/{event.template}.txt", context)
        html = render_to_string(f"notifications/mail/{event.template}.html", context)
        subject = str(event.subject % log.context)
    message = EmailMultiAlternatives(
        subject=f"{settings.EMAIL_SUBJECT_PREFIX}{subject}",
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            # RFC 2369 and RFC 8058: mail clients show their own "unsubscribe" button, whose
            # POST turns the group off without a login.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    for attachment in [*log.attachments, *(a for item in items for a in item.attachments)]:
        message.attach(attachment["name"], attachment["content"], attachment["mimetype"])
    return message
