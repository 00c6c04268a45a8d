"""Things added to a case's file: notes, documents, information from the complainant; and the
complainant's withdrawal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from putright.cases import actors
from putright.cases import messages as msg
from putright.cases.actions.base import CASE_STAFF, CaseAction, Refusal
from putright.cases.models import Attachment, Closure, Note, Status
from putright.cases.uploads import UploadRefused, inspect_upload


class AddNote(CaseAction):
    """An internal note: staff only, never shown to the complainant."""

    @dataclass(frozen=True)
    class Input:
        text: str = ""

    key = "add-note"
    label = _("Add an internal note")
    roles = CASE_STAFF

    def validate(self, data: Input) -> list[Refusal]:
        if not data.text.strip():
            return [Refusal("text", msg.NOTE_EMPTY, "text")]
        return []

    def execute(self, data: Input) -> dict[str, Any]:
        note = Note.objects.create(
            complaint=self.complaint, author=self.staff, text=data.text.strip()
        )
        self.event("note", "Internal note added.", note=note.pk)
        return {"note": note.pk}


def file_refusals(upload: Any, field: str) -> list[Refusal]:
    """The upload rules, as refusals on ``field``."""
    if upload is None:
        return [Refusal("file", msg.SELECT_FILE, field)]
    if not (hasattr(upload, "read") and hasattr(upload, "size")):
        return [Refusal("file", msg.SELECT_FILE, field)]
    try:
        inspect_upload(upload)
    except UploadRefused as exc:
        return [Refusal("file", exc.message, field)]
    return []


class AddAttachment(CaseAction):
    """Attach a document, checked by its content and size, stored through Django's storage.

    Staff add documents to any case they can change; the complainant adds them to their own.
    """

    @dataclass(frozen=True)
    class Input:
        file: Any = None
        description: str = ""

    key = "add-attachment"
    label = _("Add a document")
    actors = frozenset({"staff", "complainant"})
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        if self.actor_kind == "complainant":
            return self.require_open()
        return []

    def validate(self, data: Input) -> list[Refusal]:
        refusals = file_refusals(data.file, "file")
        if len(data.description) > 200:
            refusals.append(Refusal("description", msg.DESCRIPTION_TOO_LONG, "description"))
        return refusals

    def execute(self, data: Input) -> dict[str, Any]:
        attachment = store_attachment(self.complaint, data.file, self.actor, data.description)
        self.event(
            "document",
            f"Document added: {attachment.original_name}",
            tell=self.actor_kind == "complainant",
            doc=attachment.pk,
            name=attachment.original_name,
        )
        return {"attachment": attachment.pk}


class AddInformation(CaseAction):
    """The complainant adds to their complaint: more about what happened, and documents.

    Whoever is working on the case is told. The system adds what arrives by email quoting the
    case's reference (``putright fetch-mail``).
    """

    @dataclass(frozen=True)
    class Input:
        text: str = ""
        files: tuple[Any, ...] = ()

    key = "add-information"
    label = _("Add information from the complainant")
    actors = frozenset({"staff", "complainant", "system"})
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        return self.require_open()

    def validate(self, data: Input) -> list[Refusal]:
        if not data.text.strip() and not data.files:
            return [Refusal("text", msg.INFORMATION_EMPTY, "text")]
        refusals = []
        for upload in data.files:
            refusals += file_refusals(upload, "files")
        return refusals

    def execute(self, data: Input) -> dict[str, Any]:
        documents = [store_attachment(self.complaint, f, self.actor, "") for f in data.files]
        self.event(
            "information-added",
            "The complainant added information.",
            text=data.text.strip(),
            docs=[d.pk for d in documents],
            assignee=self.complaint.assigned_to_id,
        )
        return {"documents": [d.pk for d in documents]}


class Withdraw(CaseAction):
    """The complainant withdraws the complaint; staff record a withdrawal made by phone or
    letter. The case closes; a proposed remedy can still be decided."""

    @dataclass(frozen=True)
    class Input:
        confirm: bool = False
        reason: str = ""

    key = "withdraw"
    label = _("Record that the complaint is withdrawn")
    intro = _("The case closes. Nothing more is sent about it except the confirmation.")
    actors = frozenset({"staff", "complainant"})
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        return self.require_open()

    def validate(self, data: Input) -> list[Refusal]:
        if not data.confirm:
            return [Refusal("confirm", msg.WITHDRAW_NEEDS_CONFIRM, "confirm")]
        return []

    def execute(self, data: Input) -> None:
        c = self.complaint
        c.status = Status.CLOSED
        c.closure = Closure.WITHDRAWN
        c.closure_reason = data.reason.strip()
        c.closed_on = self.today
        c.current_due_on = None
        self.event(
            "withdrawn",
            "The complaint was withdrawn.",
            tell=True,
            reason=c.closure_reason,
        )


def store_attachment(complaint: Any, upload: Any, actor: Any, description: str) -> Attachment:
    checked = inspect_upload(upload)
    attachment = Attachment(
        complaint=complaint,
        original_name=checked.safe_name,
        content_type=checked.content_type,
        size=checked.size,
        description=description.strip()[:200],
        uploaded_by=actors.staff_user(actor),
    )
    attachment.file.save(checked.stored_name, upload, save=False)
    attachment.save()
    return attachment
