"""Reads for the outbox pages and the case page: only what the person may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from putright.cases import permissions
from putright.cases.models import Complaint
from putright.letters.models import Letter, LetterStatus, MessageStatus, OutboxMessage

#: The statuses a list can be filtered by, in the order the page offers them.
STATUSES = [s.value for s in MessageStatus]


def sees_every_case(user: Any) -> bool:
    return getattr(user, "role", None) in permissions.READ_ALL_ROLES


def visible_messages(user: Any, *, status: str = "") -> QuerySet[OutboxMessage]:
    """The outbox messages about cases ``user`` may see, newest first. Messages about no case are
    seen only by those who see every case (auditors and complaints managers)."""
    messages = OutboxMessage.objects.select_related("complaint", "letter").order_by(
        "-created_at", "-pk"
    )
    if status in STATUSES:
        messages = messages.filter(status=status)
    if not sees_every_case(user):
        messages = messages.filter(complaint__in=permissions.visible(user).values("pk"))
    return messages


def message_for(user: Any, pk: int) -> OutboxMessage | None:
    """One message, or None when ``user`` may not see it."""
    message = (
        OutboxMessage.objects.select_related("letter", "complaint")
        .prefetch_related("complaint__stages")
        .filter(pk=pk)
        .first()
    )
    if message is None or not may_see(user, message.complaint):
        return None
    return message


def letter_for(user: Any, pk: int) -> Letter | None:
    letter = Letter.objects.select_related("complaint").filter(pk=pk).first()
    if letter is None or not may_see(user, letter.complaint):
        return None
    return letter


def visible_drafts(user: Any) -> QuerySet[Letter]:
    """The letters waiting to be checked and sent on the cases ``user`` may see, oldest first
    (the longest waiting)."""
    drafts = (
        Letter.objects.filter(status=LetterStatus.DRAFT)
        .select_related("complaint", "complaint__person", "edited_by")
        .order_by("created_at", "pk")
    )
    if not sees_every_case(user):
        drafts = drafts.filter(complaint__in=permissions.visible(user).values("pk"))
    return drafts


def may_see(user: Any, complaint: Complaint | None) -> bool:
    if complaint is None:
        return getattr(user, "is_active", False) and sees_every_case(user)
    return permissions.can_view(user, complaint)


def may_act(user: Any, complaint: Complaint | None) -> bool:
    """Putting a failed message back in the queue changes the case's correspondence."""
    if complaint is None:
        return getattr(user, "is_active", False) and sees_every_case(user)
    return permissions.can_change(user, complaint)


@dataclass(frozen=True)
class CaseLetter:
    """A letter as the case page lists it."""

    letter: Letter
    message: OutboxMessage | None
    pdf_url: str
    message_url: str
    #: The page where the letter is checked (and, while it is a draft, edited and sent).
    check_url: str = ""
    html_url: str = ""

    @property
    def draft(self) -> bool:
        return self.letter.is_draft

    @property
    def posted(self) -> bool:
        return self.message is None and not self.letter.is_draft

    @property
    def failed(self) -> bool:
        return self.message is not None and self.message.status == MessageStatus.FAILED


def case_letters(complaint: Complaint) -> list[CaseLetter]:
    """The case's letters, oldest first, each with its email (None for a draft, or a letter to
    post)."""
    letters = list(Letter.objects.filter(complaint=complaint).prefetch_related("messages"))
    rows = []
    for letter in letters:
        messages = sorted(letter.messages.all(), key=lambda m: m.pk)
        message = messages[-1] if messages else None
        rows.append(
            CaseLetter(
                letter=letter,
                message=message,
                pdf_url=reverse("letters:letter-pdf", args=[letter.pk]),
                message_url=reverse("letters:message", args=[message.pk]) if message else "",
                check_url=reverse("letters:draft", args=[letter.pk]),
                html_url=reverse("letters:letter-html", args=[letter.pk]),
            )
        )
    return rows


#: How many recent cases the wording page offers to preview a letter against.
RECENT_CASES = 10


def recent_cases(user: Any) -> list[Complaint]:
    """The newest cases ``user`` may see, to preview a letter against, by the one visibility
    rule. (Only administrators reach the wording pages, and they see every case: newest first
    from the primary key's index.)"""
    cases = permissions.visible(user).select_related("person").order_by("-pk")
    return list(cases[:RECENT_CASES])


def preview_case(user: Any, *, reference: str = "", pk: int | None = None) -> Complaint | None:
    """The case with ``reference`` (any case, upper or lower case) or ``pk``, when ``user`` may
    see it; None otherwise."""
    cases = Complaint.objects.select_related("person", "representative")
    if reference.strip():
        found = cases.filter(reference=reference.strip().upper()).first()
    elif pk is not None:
        found = cases.filter(pk=pk).first()
    else:
        return None
    if found is None or not permissions.can_view(user, found):
        return None
    return found
