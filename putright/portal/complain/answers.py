"""The answers to the online complaint, kept server-side in the person's session.

Nothing is kept in the browser but the session cookie, so an error, the back button or a change
of language loses nothing. Each journey has its own id, which is also the key that makes sending
it twice record one complaint. Once sent, the journey is cleared and only the reference is kept,
for the confirmation page.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from django.contrib.sessions.backends.base import SessionBase

SESSION_KEY = "putright.complaint"
SENT_KEY = "putright.complaint-sent"


@dataclass
class Journey:
    """One complaint being made: its id, the answers so far and the files kept for it."""

    id: str
    answers: dict[str, Any] = field(default_factory=dict)
    files: list[dict[str, Any]] = field(default_factory=list)

    @property
    def submission_key(self) -> str:
        """The key the service uses to record this journey once, however often it is sent."""
        return f"web-{self.id}"

    @classmethod
    def load(cls, session: SessionBase) -> Journey | None:
        stored = session.get(SESSION_KEY)
        if not isinstance(stored, dict) or not isinstance(stored.get("id"), str):
            return None
        answers = stored.get("answers")
        files = stored.get("files")
        return cls(
            id=stored["id"],
            answers=answers if isinstance(answers, dict) else {},
            files=[f for f in files if isinstance(f, dict)] if isinstance(files, list) else [],
        )

    @classmethod
    def begin(cls, session: SessionBase) -> Journey:
        """The journey in progress, or a new one (forgetting a complaint sent before)."""
        journey = cls.load(session)
        if journey is None:
            journey = cls(id=secrets.token_hex(16))
            session.pop(SENT_KEY, None)
            journey.save(session)
        return journey

    def save(self, session: SessionBase) -> None:
        session[SESSION_KEY] = {"id": self.id, "answers": self.answers, "files": self.files}

    def finish(self, session: SessionBase, *, complaint_id: int, reference: str) -> None:
        """Forget the answers; keep which complaint they made, for the confirmation page."""
        session.pop(SESSION_KEY, None)
        session[SENT_KEY] = {"complaint": complaint_id, "reference": reference, "key": self.id}


def sent(session: SessionBase) -> dict[str, Any] | None:
    """The complaint this session sent last, if any: ``{"complaint": pk, "reference": …}``."""
    stored = session.get(SENT_KEY)
    if isinstance(stored, dict) and isinstance(stored.get("complaint"), int):
        return stored
    return None
