"""Lessons learned from a case, and the actions that follow them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from putright.cases import messages as msg
from putright.cases.actions.assignment import case_staff_member
from putright.cases.actions.base import CASE_STAFF, CaseAction, Refusal
from putright.cases.models import Lesson, LessonAction


class AddLesson(CaseAction):
    """Record what was learnt, with an owned action tracked to completion."""

    @dataclass(frozen=True)
    class Input:
        summary: str = ""
        action: str = ""
        owner: int | None = None
        due_on: date | None = None

    key = "add-lesson"
    label = _("Record a lesson learnt")
    roles = CASE_STAFF

    def validate(self, data: Input) -> list[Refusal]:
        refusals = []
        if not data.summary.strip():
            refusals.append(Refusal("summary", msg.LESSON_NEEDS_SUMMARY, "summary"))
        if not data.action.strip():
            refusals.append(Refusal("action", msg.LESSON_NEEDS_ACTION, "action"))
        if data.owner is None:
            refusals.append(Refusal("owner", msg.LESSON_NEEDS_OWNER, "owner"))
        elif case_staff_member(data.owner) is None:
            refusals.append(Refusal("owner", msg.ASSIGNEE_NOT_CASE_STAFF, "owner"))
        if data.due_on is None:
            refusals.append(Refusal("due", msg.LESSON_NEEDS_DUE, "due_on"))
        elif data.due_on < self.today:
            refusals.append(Refusal("due", msg.LESSON_DUE_PAST, "due_on"))
        return refusals

    def execute(self, data: Input) -> dict[str, Any]:
        lesson = Lesson.objects.create(
            complaint=self.complaint, summary=data.summary.strip(), owner=self.staff
        )
        LessonAction.objects.create(
            lesson=lesson,
            description=data.action.strip(),
            owner=case_staff_member(data.owner),
            due_on=data.due_on,
        )
        self.event("lesson", f"Lesson recorded: {lesson.summary}", lesson=lesson.pk)
        return {"lesson": lesson.pk}


class CompleteLessonAction(CaseAction):
    """Mark one of the case's open lesson actions done."""

    @dataclass(frozen=True)
    class Input:
        item: int | None = None

    key = "complete-lesson-action"
    label = _("Mark an action done")
    roles = CASE_STAFF
    listed = False

    def open_item(self, pk: int | None) -> LessonAction | None:
        if pk is None:
            return None
        return LessonAction.objects.filter(
            pk=pk, lesson__complaint=self.complaint, done_on__isnull=True
        ).first()

    def validate(self, data: Input) -> list[Refusal]:
        if self.open_item(data.item) is None:
            return [Refusal("item", msg.LESSON_SELECT_OPEN, "item")]
        return []

    def execute(self, data: Input) -> None:
        item = self.open_item(data.item)
        assert item is not None
        item.done_on = self.today
        item.save(update_fields=["done_on"])
        self.event("lesson-action-done", f"Action done: {item.description}", item=item.pk)
