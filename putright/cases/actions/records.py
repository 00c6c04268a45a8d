"""Actions that add to a case: remedies, lessons, notes and documents."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from putright.accounts.models import Role
from putright.cases import messages as msg
from putright.cases.actions.base import CaseAction, Refusal
from putright.cases.actions.lifecycle import CASE_STAFF
from putright.cases.models import (
    Attachment,
    Lesson,
    LessonAction,
    Note,
    Remedy,
    RemedyStatus,
    Status,
)
from putright.cases.uploads import UploadRefused, inspect_upload
from putright.policy import assess_remedy, assess_remedy_decision

#: Who may approve a remedy that needs approval (never the person who proposed it).
REMEDY_APPROVERS = frozenset({Role.COMPLAINTS_MANAGER, Role.REVIEWER})


class ProposeRemedy(CaseAction):
    """Propose a remedy chosen by a person, with its reason. Never automatic."""

    key = "propose-remedy"
    label = _("Propose a remedy")
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        if self.complaint.status not in {Status.OPEN, Status.RESPONDED}:
            return [Refusal("no-open-stage", msg.NO_OPEN_STAGE)]
        return []

    def validate(self, data: dict[str, Any]) -> list[Refusal]:
        shown = {
            "remedy-unknown": ("type", msg.REMEDY_UNKNOWN, "remedy_type"),
            "remedy-reason-missing": ("reason", msg.REMEDY_NEEDS_REASON, "reason"),
            "remedy-amount-missing": ("amount", msg.REMEDY_NEEDS_AMOUNT, "amount"),
            "remedy-justification-missing": (
                "justification",
                msg.REMEDY_NEEDS_JUSTIFICATION,
                "justification",
            ),
        }
        amount = data.get("amount")
        findings = assess_remedy(
            self.procedure,
            remedy_type=data.get("remedy_type") or "",
            reason=data.get("reason") or "",
            amount=Decimal(amount) if amount is not None else None,
            justification=data.get("justification") or "",
        )
        return [Refusal(*shown[finding.code]) for finding in findings]

    def execute(self, data: dict[str, Any]) -> dict[str, Any]:
        remedy_type = next(r for r in self.procedure.remedies if r.code == data["remedy_type"])
        remedy = Remedy.objects.create(
            complaint=self.complaint,
            stage=self.current_stage,
            remedy_type=remedy_type.code,
            reason=data["reason"].strip(),
            amount=data.get("amount") if remedy_type.needs_amount else None,
            justification=(data.get("justification") or "").strip(),
            status=RemedyStatus.PROPOSED if remedy_type.needs_approval else RemedyStatus.APPROVED,
            proposed_by=self.actor,
        )
        self.event(
            "remedy-proposed",
            f"Remedy proposed: {remedy_type.title.en}"
            + (f" (£{remedy.amount})" if remedy.amount else "")
            + (". Needs approval." if remedy_type.needs_approval else "."),
            remedy=remedy.pk,
        )
        return {"remedy": remedy.pk, "status": remedy.status}


class DecideRemedy(CaseAction):
    """Approve or reject a proposed remedy: an authorised person who did not propose it."""

    key = "decide-remedy"
    label = _("Approve or reject a remedy")
    roles = REMEDY_APPROVERS
    listed = False

    def validate(self, data: dict[str, Any]) -> list[Refusal]:
        remedy: Remedy | None = data.get("remedy")
        if remedy is None or remedy.complaint_id != self.complaint.pk:
            return [Refusal("remedy", msg.REMEDY_UNKNOWN, "remedy")]
        if remedy.status != RemedyStatus.PROPOSED:
            return [Refusal("decided", msg.REMEDY_NOT_PROPOSED)]
        if assess_remedy_decision(
            self.procedure,
            remedy_type=remedy.remedy_type,
            proposed_by=remedy.proposed_by_id,
            decided_by=self.actor.pk,
        ):
            return [Refusal("own", msg.REMEDY_OWN_PROPOSAL)]
        if data.get("decision") not in {"approve", "reject"}:
            return [Refusal("decision", _("Select approve or reject"), "decision")]
        return []

    def execute(self, data: dict[str, Any]) -> dict[str, Any]:
        remedy: Remedy = data["remedy"]
        remedy.status = (
            RemedyStatus.APPROVED if data["decision"] == "approve" else RemedyStatus.REJECTED
        )
        remedy.decided_by = self.actor
        remedy.decided_at = timezone.now()
        remedy.save(update_fields=["status", "decided_by", "decided_at"])
        self.event("remedy-decided", f"Remedy {remedy.status}.", remedy=remedy.pk)
        return {"remedy": remedy.pk, "status": remedy.status}


class AddLesson(CaseAction):
    """Record what was learnt, with an owned action tracked to completion."""

    key = "add-lesson"
    label = _("Record a lesson learnt")
    roles = CASE_STAFF

    def validate(self, data: dict[str, Any]) -> list[Refusal]:
        refusals = []
        if not (data.get("summary") or "").strip():
            refusals.append(Refusal("summary", _("Enter what was learnt"), "summary"))
        if not (data.get("action") or "").strip():
            refusals.append(Refusal("action", _("Enter the action that will be taken"), "action"))
        if data.get("owner") is None:
            refusals.append(Refusal("owner", _("Select who owns the action"), "owner"))
        if data.get("due_on") is None:
            refusals.append(Refusal("due", _("Enter the date the action is due"), "due_on"))
        return refusals

    def execute(self, data: dict[str, Any]) -> dict[str, Any]:
        lesson = Lesson.objects.create(
            complaint=self.complaint, summary=data["summary"].strip(), owner=self.actor
        )
        LessonAction.objects.create(
            lesson=lesson,
            description=data["action"].strip(),
            owner=data["owner"],
            due_on=data["due_on"],
        )
        self.event("lesson", f"Lesson recorded: {lesson.summary}", lesson=lesson.pk)
        return {"lesson": lesson.pk}


class CompleteLessonAction(CaseAction):
    key = "complete-lesson-action"
    label = _("Mark an action done")
    roles = CASE_STAFF
    listed = False

    def validate(self, data: dict[str, Any]) -> list[Refusal]:
        item: LessonAction | None = data.get("item")
        if item is None or item.lesson.complaint_id != self.complaint.pk or item.done_on:
            return [Refusal("item", _("Select an open action"), "item")]
        return []

    def execute(self, data: dict[str, Any]) -> None:
        item: LessonAction = data["item"]
        item.done_on = self.today
        item.save(update_fields=["done_on"])
        self.event("lesson-action-done", f"Action done: {item.description}")


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
