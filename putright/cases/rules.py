"""Bridges from a case to the policy engine: its pinned procedure and the organisation calendar."""

from __future__ import annotations

import logging
from contextvars import ContextVar
from datetime import date
from functools import lru_cache

from django.conf import settings
from django.utils import timezone

from putright.cases.models import Complaint, OrganisationSettings
from putright.policy import (
    DEFAULT_DIVISION,
    DIVISIONS,
    Calendar,
    Procedure,
    ProcedureRegistry,
    UnknownProcedure,
    get_registry,
)

log = logging.getLogger(__name__)


def today() -> date:
    """The one place the case lifecycle reads the clock (the policy engine never does)."""
    return timezone.localdate()


def registry() -> ProcedureRegistry:
    """The loaded procedures: the one place the lifecycle reaches the registry."""
    return get_registry()


def procedure_for(complaint: Complaint) -> Procedure:
    """The procedure version pinned on the complaint when it arrived.

    When that version is not installed, the latest installed version of the same procedure, so
    the case can still be shown; a warning is logged and ``pinned_version_installed`` says so to
    the page. An unknown procedure still raises ``UnknownProcedure``."""
    loaded = registry()
    if pinned_version_installed(complaint):
        return loaded.get(complaint.procedure_id, complaint.procedure_version)
    latest = loaded.get(complaint.procedure_id)
    _warn_version_missing(complaint.procedure_id, complaint.procedure_version, latest.version)
    return latest


def pinned_version_installed(complaint: Complaint) -> bool:
    """Whether the procedure version pinned on the complaint is installed (False for a procedure
    that is not installed at all)."""
    try:
        return complaint.procedure_version in registry().versions(complaint.procedure_id)
    except UnknownProcedure:
        return False


@lru_cache(maxsize=64)
def _warn_version_missing(procedure_id: str, version: int, latest: int) -> None:
    """Log once per process for each missing version, not on every read of the procedure."""
    log.warning(
        "Procedure %s version %s is not installed; using version %s, the latest installed.",
        procedure_id,
        version,
        latest,
    )


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


def calendar() -> Calendar:
    """The organisation's working-day calendar: its division plus its own closure days.

    Settings the calendar cannot use never break a page: a closure that is not a date written
    YYYY-MM-DD, or has no name, is left out, and a division the calendar does not know falls
    back to the default division, each with a warning in the log."""
    org = organisation()
    stored = org.closures or {}
    if not isinstance(stored, dict):
        _warn_closures_unreadable(type(stored).__name__)
        stored = {}
    closures = tuple(
        sorted((str(day), name if isinstance(name, str) else "") for day, name in stored.items())
    )
    return _calendar(str(org.division), closures)


@lru_cache(maxsize=16)
def _calendar(division: str, closures: tuple[tuple[str, str], ...]) -> Calendar:
    """The calendar for these stored settings; its warnings are logged once per process for
    each distinct setting, not on every page."""
    if division not in DIVISIONS:
        log.warning(
            "Organisation division %r is not one the calendar knows (%s); using %s.",
            division,
            ", ".join(DIVISIONS),
            DEFAULT_DIVISION,
        )
        division = DEFAULT_DIVISION
    days: dict[date, str] = {}
    for day, name in closures:
        try:
            when = date.fromisoformat(day)
        except ValueError:
            when = None
        if when is None or when.isoformat() != day:
            log.warning("Closure day %r is not a date written YYYY-MM-DD; left out.", day)
            continue
        if not name.strip():
            log.warning("Closure day %s has no name; left out.", day)
            continue
        days[when] = name
    return Calendar(division=division, closures=days)


@lru_cache(maxsize=4)
def _warn_closures_unreadable(kind: str) -> None:
    log.warning("Organisation closures are a %s, not a mapping of dates to names; ignored.", kind)


def offered_procedures() -> list[Procedure]:
    registry = get_registry()
    return [registry.get(pid) for pid in organisation().procedures if pid in registry.ids()]
