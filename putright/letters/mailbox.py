"""Where development mail goes without a mail server: one ``.eml`` file per message in
``EMAIL_FILE_PATH`` (``var/mail`` by default), which any mail program opens. Staff also read every
message, with its PDF, on the "Sent mail" page."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from uuid import uuid4

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class EmlFileBackend(BaseEmailBackend):
    def __init__(self, *, file_path: str | Path | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.directory = Path(file_path or settings.EMAIL_FILE_PATH)
        self._lock = threading.Lock()

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        with self._lock:
            self.directory.mkdir(parents=True, exist_ok=True)
            for message in email_messages:
                stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
                path = self.directory / f"{stamp}-{uuid4().hex[:12]}.eml"
                path.write_bytes(message.message().as_bytes(linesep="\n"))
                sent += 1
        return sent
