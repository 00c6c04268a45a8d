"""Lessons learned from a case, and the actions that follow them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from putright.cases.actions.base import CASE_STAFF, CaseAction, Refusal
from putright.cases.models import (
    Lesson,
    LessonAction,
)


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
