"""Things added to a case's file: notes and documents."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from putright.cases import messages as msg
from putright.cases.actions.base import CASE_STAFF, CaseAction, Refusal
from putright.cases.models import (
    Attachment,
    Note,
)
from putright.cases.uploads import UploadRefused, inspect_upload


class AddNote(CaseAction):
    key = "add-note"
    label = _("Add an internal note")
    roles = CASE_STAFF

    def validate(self, data: dict[str, Any]) -> list[Refusal]:
        if not (data.get("text") or "").strip():
            return [Refusal("text", msg.NOTE_EMPTY, "text")]
        return []

    def execute(self, data: dict[str, Any]) -> dict[str, Any]:
        note = Note.objects.create(
            complaint=self.complaint, author=self.actor, text=data["text"].strip()
        )
        self.event("note", "Internal note added.", note=note.pk)
        return {"note": note.pk}


class AddAttachment(CaseAction):
    """Attach a document, checked by its content and size, stored through Django's storage."""

    key = "add-attachment"
    label = _("Add a document")
    roles = CASE_STAFF

    def validate(self, data: dict[str, Any]) -> list[Refusal]:
        upload = data.get("file")
        if upload is None:
            return [Refusal("file", _("Select a file"), "file")]
        try:
            inspect_upload(upload)
        except UploadRefused as exc:
            return [Refusal("file", exc.message, "file")]
        return []

    def execute(self, data: dict[str, Any]) -> dict[str, Any]:
        attachment = store_attachment(
            self.complaint, data["file"], self.actor, data.get("description") or ""
        )
        self.event("document", f"Document added: {attachment.original_name}", doc=attachment.pk)
        return {"attachment": attachment.pk}


def store_attachment(complaint: Any, upload: Any, actor: Any, description: str) -> Attachment:
    checked = inspect_upload(upload)
    attachment = Attachment(
        complaint=complaint,
        original_name=checked.safe_name,
        content_type=checked.content_type,
        size=checked.size,
        description=description.strip()[:200],
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    attachment.file.save(checked.stored_name, upload, save=False)
    attachment.save()
    return attachment
