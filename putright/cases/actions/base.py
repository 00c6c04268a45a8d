"""A state change on a case is an action: a typed input, an actor, and four steps.

- ``permitted()``: may this actor (a member of staff, the complainant through their own case, or
  the system) take this action on this case at all? Visibility, role, read-only access.
- ``available()``: does the case's state allow it now? Status, stage, what is already recorded.
- ``Input``: a dataclass declaring what the action takes. ``parse_input`` turns a mapping (a
  form's cleaned data, an API's JSON) into it, refusing unknown fields, wrong types, dates outside
  the sensible range and oversized text, each on its field.
- ``validate(data)``: the procedure's rules about the input, checked against this case (an
  assignee, a reviewer, a remedy, a file), every problem at once.

``run(data)`` does all four inside one transaction with the case row locked, refuses a stale case,
and writes the change, timeline events and an audit entry together: nothing is half-saved. Effects
outside the database hear about the events only after the transaction commits.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import Any, ClassVar

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.functional import Promise

from putright.accounts.models import Role
from putright.cases import actors, audit, effects, limits, permissions, rules
from putright.cases import messages as msg
from putright.cases.models import Complaint, Event, StageInstance, Status
from putright.policy import Procedure, UnknownStep


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


@dataclass(frozen=True)
class NoInput:
    """An action that takes nothing: the actor confirms."""


def _field_types(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _optional(tp: Any) -> tuple[Any, bool]:
    """``(T, True)`` for ``T | None``; ``(tp, False)`` otherwise."""
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(tp)) == 2:
            return args[0], True
    return tp, False


def _ascii_int(value: Any) -> int | None:
    if isinstance(value, Model):  # an object chosen from a list stands for its id
        return value.pk
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.strip().isdigit():
        text = value.strip()
        return int(text) if len(text) <= 18 else None
    return None


def parse_input(cls: type, raw: Any, *, today: date) -> tuple[Any, list[Refusal]]:
    """Turn ``raw`` (an instance of ``cls``, or a mapping) into ``cls``, refusing what is wrong.

    Nothing is dropped silently: a key ``cls`` does not declare is refused. Text is limited to
    ``limits.MAX_LONG_TEXT`` characters and must not contain NUL; dates must be real dates within
    ``limits`` (a string must be an ISO date in ASCII digits); whole numbers and amounts must be
    finite numbers.
    """
    if isinstance(raw, cls):
        raw = {f.name: getattr(raw, f.name) for f in dataclasses.fields(cls)}
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        return None, [Refusal("input", msg.INPUT_NOT_AN_OBJECT)]
    hints = _field_types(cls)
    declared = {f.name: f for f in dataclasses.fields(cls)}
    refusals = [
        Refusal("unknown-field", msg.INPUT_UNKNOWN_FIELD % {"name": str(name)[:40]}, None)
        for name in raw
        if name not in declared
    ]
    values: dict[str, Any] = {}
    for name, spec in declared.items():
        if name not in raw:
            no_default = spec.default is dataclasses.MISSING
            required = no_default and spec.default_factory is dataclasses.MISSING
            if required and not _optional(hints[name])[1]:
                refusals.append(Refusal(f"{name}-missing", msg.INPUT_MISSING, name))
            continue
        value, problem = _coerce(hints[name], raw[name], today=today)
        if problem is not None:
            refusals.append(Refusal(f"{name}-invalid", problem, name))
        else:
            values[name] = value
    if refusals:
        return None, refusals
    return cls(**values), []


def _coerce(tp: Any, value: Any, *, today: date) -> tuple[Any, Any]:
    """``(value, None)`` when ``value`` fits ``tp``; ``(None, message)`` when it does not."""
    tp, optional = _optional(tp)
    if value is None or (optional and value == ""):
        if optional or tp is Any:
            return None, None
        if tp is str:
            return "", None
        return None, msg.INPUT_MISSING
    if tp is Any:
        return value, None
    if tp is str:
        if not isinstance(value, str):
            return None, msg.INPUT_TEXT
        if "\x00" in value:
            return None, msg.INPUT_TEXT_NUL
        if len(value) > limits.MAX_LONG_TEXT:
            return None, msg.INPUT_TEXT_TOO_LONG % {"max": f"{limits.MAX_LONG_TEXT:,}"}
        return value, None
    if tp is bool:
        return (value, None) if isinstance(value, bool) else (None, msg.INPUT_CHOICE)
    if tp is int:
        number = _ascii_int(value)
        return (number, None) if number is not None else (None, msg.INPUT_WHOLE_NUMBER)
    if tp is Decimal:
        return _amount(value)
    if tp is date:
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, str):
            text = value.strip()
            if not (text.isascii() and len(text) == 10):
                return None, msg.INPUT_DATE
            try:
                value = date.fromisoformat(text)
            except ValueError:
                return None, msg.INPUT_DATE
        if not isinstance(value, date):
            return None, msg.INPUT_DATE
        if not limits.date_in_range(value, today=today):
            return None, msg.INPUT_DATE_RANGE % {
                "earliest": f"{limits.earliest_date():%-d %B %Y}",
                "latest": f"{limits.latest_date(today):%-d %B %Y}",
            }
        return value, None
    origin = typing.get_origin(tp)
    if origin is dict:
        if not isinstance(value, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) and len(v) <= 200 for k, v in value.items()
        ):
            return None, msg.INPUT_CHOICE
        return dict(value), None
    if origin in (tuple, list):
        # ``tuple[str, ...]`` holds choices; ``tuple[Any, ...]`` holds what the action checks
        # itself (uploaded files, judged by ``validate``).
        item = (typing.get_args(tp) or (str,))[0]
        if not isinstance(value, list | tuple) or not (
            item is Any or all(isinstance(v, str) for v in value)
        ):
            return None, msg.INPUT_CHOICE
        return tuple(value), None
    return value, None  # pragma: no cover - every Input uses the types above


def _amount(value: Any) -> tuple[Any, Any]:
    """A finite amount from a Decimal, an int, a float or an ASCII string; never a bool."""
    if isinstance(value, bool) or (isinstance(value, str) and not value.isascii()):
        return None, msg.INPUT_AMOUNT
    if not isinstance(value, Decimal | int | float | str) or len(str(value)) > 40:
        return None, msg.INPUT_AMOUNT
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None, msg.INPUT_AMOUNT
    if not amount.is_finite() or abs(amount.adjusted()) > 15:
        return None, msg.INPUT_AMOUNT
    return amount, None


class CaseAction:
    """Base class. Subclasses set ``key``, ``label``, ``Input`` and implement the hooks."""

    key: ClassVar[str]
    label: ClassVar[str | Promise]
    #: One sentence saying what the action does, shown above its form.
    intro: ClassVar[str | Promise] = ""
    #: What the action takes.
    Input: ClassVar[type] = NoInput
    #: The kinds of actor that may take it.
    actors: ClassVar[frozenset[str]] = frozenset({"staff"})
    #: Staff roles that may take the action; empty means any role that can change the case.
    roles: ClassVar[frozenset[str]] = frozenset()
    #: Whether the action is listed on the case page (some are reached from a row instead).
    listed: ClassVar[bool] = True

    def __init__(self, complaint: Complaint, actor: Any, *, today: date | None = None) -> None:
        self.complaint = complaint
        self.actor = actor
        self.today = today or rules.today()
        self.events: list[Event] = []

    # -- context ---------------------------------------------------------------------------
    @cached_property
    def procedure(self) -> Procedure:
        return rules.procedure_for(self.complaint)

    @cached_property
    def current_stage(self) -> StageInstance | None:
        # all() reads the stages the case page already prefetched, instead of a query per action
        return max(self.complaint.stages.all(), key=lambda s: s.sequence, default=None)

    @property
    def actor_kind(self) -> str | None:
        return actors.kind_of(self.actor)

    @property
    def staff(self) -> Any | None:
        """The member of staff taking the action, or None for a complainant or the system."""
        return actors.staff_user(self.actor)

    # -- checks ----------------------------------------------------------------------------
    def permitted(self) -> list[Refusal]:
        """May this actor take this action on this case at all? Empty list means yes."""
        kind = self.actor_kind
        if kind is None or kind not in self.actors:
            return [Refusal("actor", msg.NOT_ALLOWED_ROLE)]
        if kind == "complainant":
            if self.actor.complaint_id != self.complaint.pk:
                return [Refusal("not-visible", msg.NOT_ALLOWED_ROLE)]
            return []
        if kind == "system":
            return []
        if not permissions.can_view(self.actor, self.complaint):
            return [Refusal("not-visible", msg.NOT_ALLOWED_ROLE)]
        if not permissions.can_change(self.actor, self.complaint):
            return [Refusal("read-only", msg.READ_ONLY)]
        if self.roles and self.actor.role not in self.roles:
            return [Refusal("role", msg.NOT_ALLOWED_ROLE)]
        return []

    def available(self) -> list[Refusal]:
        """State preconditions: the case's status and stage allow this action."""
        return []

    def check(self) -> list[Refusal]:
        """Can this actor take this action on this case now? Empty list means yes."""
        return self.permitted() or self.state_refusals()

    def state_refusals(self) -> list[Refusal]:
        """``available()``, or a refusal when the case's stage is not in its procedure (a
        stored key from a procedure version that is no longer installed)."""
        try:
            return self.available()
        except UnknownStep:
            return [Refusal("stage-unknown", msg.STAGE_UNKNOWN)]

    def validate(self, data: Any) -> list[Refusal]:
        """The procedure's rules about the input, against this case. Every problem at once."""
        return []

    def is_available(self) -> bool:
        return not self.check()

    def parse(self, data: Any) -> Any:
        """The typed input, or ``ActionRefused`` naming each field that is wrong."""
        parsed, refusals = parse_input(self.Input, data, today=self.today)
        if refusals:
            raise ActionRefused(refusals)
        return parsed

    # -- running ---------------------------------------------------------------------------
    def run(self, data: Any = None, *, expected_version: int | None = None) -> Complaint:
        with transaction.atomic():
            locked = Complaint.objects.select_for_update().get(pk=self.complaint.pk)
            if expected_version is not None and locked.version != expected_version:
                raise StaleCase()
            self.complaint = locked
            self.__dict__.pop("current_stage", None)
            refusals = self.permitted()
            if refusals:
                raise ActionRefused(refusals)
            typed = self.parse(data)
            refusals = self.state_refusals() or self.validate(typed)
            if refusals:
                raise ActionRefused(refusals)
            before = audit.snapshot(locked, COMPLAINT_AUDIT_FIELDS)
            detail = self.execute(typed) or {}
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
            for event in self.events:
                effects.publish_after_commit(event)
        return locked

    def execute(self, data: Any) -> dict[str, Any] | None:
        """Make the change. Returns extra detail for the audit entry."""
        raise NotImplementedError

    # -- helpers for subclasses ------------------------------------------------------------
    def event(self, kind: str, summary: str = "", *, tell: bool = False, **data: Any) -> Event:
        """Add to the timeline. ``kind`` and ``data`` are what pages show, in either language;
        ``summary`` is a plain English line for exports."""
        event = Event.objects.create(
            complaint=self.complaint,
            kind=kind,
            summary=summary,
            actor=self.staff,
            data={"by": self.actor_kind, **{k: audit._jsonable(v) for k, v in data.items()}},
            at=timezone.now(),
            tell_complainant=tell,
        )
        self.events.append(event)
        return event

    def require_open(self) -> list[Refusal]:
        if self.complaint.status == Status.CLOSED:
            return [Refusal("closed", msg.CASE_CLOSED)]
        return []
