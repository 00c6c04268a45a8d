"""Every action on a case, by key. Views, the API, commands and tasks all run them the same way."""

from __future__ import annotations

from putright.cases.actions.assignment import AssignCase, AssignReviewer
from putright.cases.actions.base import ActionRefused, CaseAction, Refusal, StaleCase
from putright.cases.actions.consent import RecordConsent, RevokeConsent
from putright.cases.actions.lessons import AddLesson, CompleteLessonAction
from putright.cases.actions.records import AddAttachment, AddNote
from putright.cases.actions.remedies import DecideRemedy, ProposeRemedy
from putright.cases.actions.stages import (
    CloseNotEscalated,
    Escalate,
    Extend,
    ResolveAtFrontline,
    Respond,
)
from putright.cases.actions.triage import (
    Accept,
    AcceptLate,
    CloseOutOfScope,
    HoldForConsent,
    RecordAcknowledgement,
)

ACTIONS: dict[str, type[CaseAction]] = {
    cls.key: cls
    for cls in (
        Accept,
        AcceptLate,
        HoldForConsent,
        RecordConsent,
        RevokeConsent,
        CloseOutOfScope,
        RecordAcknowledgement,
        AssignCase,
        AssignReviewer,
        ResolveAtFrontline,
        Respond,
        Extend,
        Escalate,
        CloseNotEscalated,
        ProposeRemedy,
        DecideRemedy,
        AddLesson,
        CompleteLessonAction,
        AddNote,
        AddAttachment,
    )
}

__all__ = ["ACTIONS", "ActionRefused", "CaseAction", "Refusal", "StaleCase"]
