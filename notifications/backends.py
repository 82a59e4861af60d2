"""The development mail backend: one .eml file per message, readable by any mail program."""

import datetime
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class EmlFileBackend(BaseEmailBackend):
    """Writes every message as `<time>-<id>.eml` under EMAIL_FILE_PATH (var/mail by default).

    Django's own file backend appends all messages of a connection to one .log file; one file
    per message opens straight in a mail program, attachments included."""

    def __init__(self, *, file_path=None, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.file_path = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages) -> int:
        if not email_messages:
            return 0
        self.file_path.mkdir(parents=True, exist_ok=True)
        written = 0
        for message in email_messages:
            stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
            path = self.file_path / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
            path.write_bytes(message.message().as_bytes(linesep="\r\n"))
            written += 1
        return written
