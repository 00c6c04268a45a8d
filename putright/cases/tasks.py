"""Background tasks over cases, run by the task worker (``putright db_worker``).

``recalculate_deadlines`` puts every running deadline back in line with the working-day calendar
(ADR 0010). Enqueue it once a day, and after new bank holiday data is installed;
``putright deadlines-recalculate`` does the same from the command line.
"""

from __future__ import annotations

from django_tasks import task

from putright.cases import services
from putright.cases.actors import System

#: The name the timeline and the audit trail give to whoever moved the deadlines.
RECALCULATOR = "deadlines-recalculate"

#: Why the deadlines moved, unless the caller says: shown on each case's timeline.
CALENDAR_CHANGED = "the working-day calendar changed (bank holidays or closure days)"


@task()
def recalculate_deadlines(reason: str = CALENDAR_CHANGED) -> int:
    """Move every running deadline to where the calendar now puts it, as the system. Returns
    how many cases moved; each moved case's timeline and audit trail say why."""
    return services.deadlines_recalculate(actor=System(RECALCULATOR), reason=reason)
