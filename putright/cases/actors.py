"""Who takes an action on a case: a member of staff, the complainant through their own case, or
the system (a scheduled task). Actions take any of them; permissions tell them apart."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

ActorKind = Literal["staff", "complainant", "system"]


@dataclass(frozen=True)
class Complainant:
    """The complainant, or their representative, acting on their own case (a tracking link)."""

    complaint_id: int
    name: str = "complainant"
    is_authenticated = False

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class System:
    """Putright itself: a scheduled task or a background job, named for the audit trail."""

    name: str = "system"
    is_authenticated = False

    def __str__(self) -> str:
        return self.name


def kind_of(actor: Any) -> ActorKind | None:
    """``staff`` for a signed-in, active member of staff; None for anyone else."""
    if isinstance(actor, Complainant):
        return "complainant"
    if isinstance(actor, System):
        return "system"
    if getattr(actor, "is_authenticated", False) and getattr(actor, "is_active", False):
        return "staff"
    return None


def staff_user(actor: Any) -> Any | None:
    """The member of staff behind an actor, for foreign keys; None for a complainant or system."""
    return actor if kind_of(actor) == "staff" else None
