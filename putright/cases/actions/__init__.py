"""Every action on a case, by key. Views, the API, commands and tasks all run them the same way."""

from __future__ import annotations

from putright.cases.actions.access import StopTrackingLinks
from putright.cases.actions.assignment import AssignCase, AssignReviewer
from putright.cases.actions.base import (
    ActionRefused,
    CaseAction,
    NoInput,
    Refusal,
    StaleCase,
    parse_input,
)
from putright.cases.actions.consent import (
    DeclineConsent,
    RecordConsent,
    RevokeConsent,
    SendConsentLink,
)
from putright.cases.actions.lessons import AddLesson, CompleteLessonAction
from putright.cases.actions.records import AddAttachment, AddInformation, AddNote, Withdraw
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
    AmendDetails,
    CloseOutOfScope,
    HoldForConsent,
    RecordAcknowledgement,
)

ACTIONS: dict[str, type[CaseAction]] = {
    cls.key: cls
    for cls in (
        AmendDetails,
        Accept,
        AcceptLate,
        HoldForConsent,
        RecordConsent,
        DeclineConsent,
        SendConsentLink,
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
        AddInformation,
        Withdraw,
        StopTrackingLinks,
    )
}

__all__ = [
    "ACTIONS",
    "ActionRefused",
    "CaseAction",
    "NoInput",
    "Refusal",
    "StaleCase",
    "parse_input",
]
