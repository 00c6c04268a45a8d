"""A state change on a case is an action with ``check()`` and ``execute()``.

``check()`` says whether the action is available at all (role, status, stage), as a list of
refusals. ``validate(data)`` checks what the person entered against the procedure. ``run(data)``
does both again inside one transaction, with the case row locked, refuses a stale case, and
writes the change, a timeline event and an audit entry together: nothing is half-saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, ClassVar

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise

from putright.accounts.models import Role
from putright.cases import audit, permissions, rules
from putright.cases import messages as msg
from putright.cases.models import Complaint, Event, StageInstance, Status
from putright.policy import Procedure


@dataclass(frozen=True)
class Refusal:
    """Why an action cannot be taken. ``field`` names the form field at fault, if any."""

    code: str
    message: str | Promise
    field: str | None = None

    def __str__(self) -> str:
        return str(self.message)


class ActionRefused(Exception):
    def __init__(self, refusals: list[Refusal]) -> None:
        super().__init__("; ".join(str(r) for r in refusals))
        self.refusals = refusals


class StaleCase(ActionRefused):
    """Someone else changed the case after this person opened it."""

    def __init__(self) -> None:
        super().__init__([Refusal("case-changed", msg.CASE_CHANGED)])


COMPLAINT_AUDIT_FIELDS = [
    "status",
    "closure",
    "closure_code",
    "closure_reason",
    "current_stage",
    "current_due_on",
    "assigned_to",
    "team",
    "accepted_late",
    "late_reason",
    "consent_received_on",
    "acknowledged_on",
    "closed_on",
]


MANAGERS = frozenset({Role.COMPLAINTS_MANAGER})
CASE_STAFF = frozenset(
    {Role.CASEWORKER, Role.REVIEWER, Role.BUSINESS_ASSURANCE, Role.COMPLAINTS_MANAGER}
)


class CaseAction:
    """Base class. Subclasses set ``key``, ``label``, ``roles`` and implement the hooks."""

    key: ClassVar[str]
    label: ClassVar[str | Promise]
    #: Roles that may take the action; empty means any role that can change the case.
    roles: ClassVar[frozenset[str]] = frozenset()
    #: Whether the action is listed on the case page (some are reached from a row instead).
    listed: ClassVar[bool] = True

    def __init__(self, complaint: Complaint, actor: Any, *, today: date | None = None) -> None:
        self.complaint = complaint
        self.actor = actor
        self.today = today or rules.today()

    # -- context ---------------------------------------------------------------------------
    @cached_property
    def procedure(self) -> Procedure:
        return rules.procedure_for(self.complaint)

    @cached_property
    def current_stage(self) -> StageInstance | None:
        # all() reads the stages the case page already prefetched, instead of a query per action
        return max(self.complaint.stages.all(), key=lambda s: s.sequence, default=None)

    # -- checks ----------------------------------------------------------------------------
    def check(self) -> list[Refusal]:
        """Can this person take this action on this case now? Empty list means yes."""
        if not permissions.can_view(self.actor, self.complaint):
            return [Refusal("not-visible", msg.NOT_ALLOWED_ROLE)]
        if not permissions.can_change(self.actor, self.complaint):
            return [Refusal("read-only", msg.READ_ONLY)]
        if self.roles and self.actor.role not in self.roles:
            return [Refusal("role", msg.NOT_ALLOWED_ROLE)]
        return self.available()

    def available(self) -> list[Refusal]:
        """State preconditions: the case's status and stage allow this action."""
        return []

    def validate(self, data: dict[str, Any]) -> list[Refusal]:
        """The procedure's rules about what was entered. Report every problem at once."""
        return []

    def is_available(self) -> bool:
        return not self.check()

    # -- running ---------------------------------------------------------------------------
    def run(self, data: dict[str, Any], *, expected_version: int | None = None) -> Complaint:
        with transaction.atomic():
            locked = Complaint.objects.select_for_update().get(pk=self.complaint.pk)
            if expected_version is not None and locked.version != expected_version:
                raise StaleCase()
            self.complaint = locked
            self.__dict__.pop("current_stage", None)
            refusals = self.check() or self.validate(data)
            if refusals:
                raise ActionRefused(refusals)
            before = audit.snapshot(locked, COMPLAINT_AUDIT_FIELDS)
            detail = self.execute(data) or {}
            locked.version += 1
            locked.save(update_fields=[*COMPLAINT_AUDIT_FIELDS, "version", "updated_at"])
            after = audit.snapshot(locked, COMPLAINT_AUDIT_FIELDS)
            before_changed, after_changed = audit.changed(before, after)
            audit.record(
                actor=self.actor,
                action=self.key,
                complaint=locked,
                obj=locked,
                before=before_changed,
                after={**after_changed, **detail},
            )
        return locked

    def execute(self, data: dict[str, Any]) -> dict[str, Any] | None:
        """Make the change. Returns extra detail for the audit entry."""
        raise NotImplementedError

    # -- helpers for subclasses ------------------------------------------------------------
    def event(self, kind: str, summary: str, *, tell: bool = False, **data: Any) -> Event:
        return Event.objects.create(
            complaint=self.complaint,
            kind=kind,
            summary=summary,
            actor=self.actor,
            data={k: audit._jsonable(v) for k, v in data.items()},
            at=timezone.now(),
            tell_complainant=tell,
        )

    def require_open(self) -> list[Refusal]:
        if self.complaint.status == Status.CLOSED:
            return [Refusal("closed", msg.CASE_CLOSED)]
        return []
