"""Every action on a case, by key. Views, the API, commands and tasks all run them the same way."""

from __future__ import annotations

from putright.cases.actions.base import ActionRefused, CaseAction, Refusal, StaleCase
from putright.cases.actions.lifecycle import (
    Accept,
    AcceptLate,
    AssignCase,
    AssignReviewer,
    CloseNotEscalated,
    CloseOutOfScope,
    Escalate,
    Extend,
    HoldForConsent,
    RecordAcknowledgement,
    RecordConsent,
    ResolveAtFrontline,
    Respond,
    RevokeConsent,
)
from putright.cases.actions.records import (
    AddAttachment,
    AddLesson,
    AddNote,
    CompleteLessonAction,
    DecideRemedy,
    ProposeRemedy,
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
