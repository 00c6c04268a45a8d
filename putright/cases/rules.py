"""Bridges from a case to the policy engine: its pinned procedure and the organisation calendar."""

from __future__ import annotations

from contextvars import ContextVar
from datetime import date
from functools import lru_cache

from django.conf import settings
from django.utils import timezone

from putright.cases.models import Complaint, OrganisationSettings
from putright.policy import Calendar, Procedure, ProcedureRegistry, get_registry


def today() -> date:
    """The one place the case lifecycle reads the clock (the policy engine never does)."""
    return timezone.localdate()


def registry() -> ProcedureRegistry:
    """The loaded procedures: the one place the lifecycle reaches the registry."""
    return get_registry()


def procedure_for(complaint: Complaint) -> Procedure:
    """The procedure version pinned on the complaint when it arrived."""
    return registry().get(complaint.procedure_id, complaint.procedure_version)


#: Set by putright.cases.middleware for each request, so the settings are read once per request.
request_organisation: ContextVar[list[OrganisationSettings]] = ContextVar(
    "putright_request_organisation"
)


def organisation() -> OrganisationSettings:
    memo = request_organisation.get(None)
    if memo:
        return memo[0]
    org = _load_organisation()
    if memo is not None:
        memo.append(org)
    return org


def forget_organisation() -> None:
    """Drop this request's memo of the settings, after they change."""
    memo = request_organisation.get(None)
    if memo:
        memo.clear()


def _load_organisation() -> OrganisationSettings:
    org = OrganisationSettings.objects.order_by("pk").first()
    if org is None:
        org = OrganisationSettings.objects.create(
            name=settings.PUTRIGHT_ORGANISATION_NAME,
            name_cy=settings.PUTRIGHT_ORGANISATION_NAME_CY,
            division=settings.PUTRIGHT_DIVISION,
            procedures=get_registry().ids(),
        )
    return org


@lru_cache(maxsize=16)
def _calendar(division: str, closures: tuple[tuple[date, str], ...]) -> Calendar:
    return Calendar(division=division, closures=dict(closures))


def calendar() -> Calendar:
    """The organisation's working-day calendar: its division plus its own closure days."""
    org = organisation()
    closures = tuple(
        sorted((date.fromisoformat(day), name) for day, name in (org.closures or {}).items())
    )
    return _calendar(org.division, closures)


def offered_procedures() -> list[Procedure]:
    registry = get_registry()
    return [registry.get(pid) for pid in organisation().procedures if pid in registry.ids()]
