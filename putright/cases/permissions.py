"""Who may see and act on a case. One place for the confidentiality rule.

Staff see the cases of their team, the cases assigned to them and the cases where they review a
stage. Auditors read every case and change none. Complaints managers run the service, so they
see and act on every case. Administrators manage accounts and settings, not case content.
"""

from __future__ import annotations

import operator
from functools import reduce
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from putright.accounts.models import Role
from putright.cases.models import Complaint, StageInstance

READ_ALL_ROLES = frozenset({Role.AUDITOR, Role.COMPLAINTS_MANAGER})
READ_ONLY_ROLES = frozenset({Role.AUDITOR})


def visibility_filter(user: Any) -> Q:
    """The Q that selects the complaints ``user`` may see."""
    branches = visibility_branches(user)
    if not branches:
        return Q(pk__in=[])
    return reduce(operator.or_, branches)


#: Up to this many cases whose stages a person reviews, a list reads them by id (see below).
REVIEWED_LISTED_UP_TO = 500


def visibility_branches(user: Any, *, list_reviewed: bool = False) -> list[Q]:
    """The ways ``user`` may see a case, one Q each: a case is visible when any one matches.

    Empty when they may see nothing; ``[Q()]`` when they may see everything. Kept apart so a
    large list can read each branch from an index of its own and merge them (a UNION), where one
    OR of them would read every case.

    ``list_reviewed`` (for lists of many cases): the cases whose stages the person reviews are
    first looked up from the stages' index, and named by id when there are few (none, for most
    caseworkers). Asked as "does this person review a stage of this case?", a list in due order
    had PostgreSQL test every open case in turn, 0.3 s at a million cases, to find none."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if user.role in READ_ALL_ROLES:
        return [Q()]
    team = [Q(team_id=user.team_id)] if user.team_id else []
    return [*team, Q(assigned_to=user), *reviewed_branch(user, listed=list_reviewed)]


def reviewed_branch(user: Any, *, listed: bool) -> list[Q]:
    """The cases where ``user`` reviews a stage, as at most one Q (none when there are none)."""
    if listed:
        reviewed = list(
            StageInstance.objects.filter(reviewer=user)
            .order_by()
            .values_list("complaint_id", flat=True)
            .distinct()[: REVIEWED_LISTED_UP_TO + 1]
        )
        if len(reviewed) <= REVIEWED_LISTED_UP_TO:
            return [Q(pk__in=reviewed)] if reviewed else []
    reviews = StageInstance.objects.filter(complaint=OuterRef("pk"), reviewer=user)
    return [Q(Exists(reviews))]


def visible(user: Any, queryset: QuerySet[Complaint] | None = None) -> QuerySet[Complaint]:
    qs = queryset if queryset is not None else Complaint.objects.all()
    return qs.filter(visibility_filter(user))


def can_view(user: Any, complaint: Complaint) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.role in READ_ALL_ROLES:
        return True
    if user.team_id and complaint.team_id == user.team_id:
        return True
    if complaint.assigned_to_id == user.pk:
        return True
    return any(stage.reviewer_id == user.pk for stage in complaint.stages.all())


def can_change(user: Any, complaint: Complaint) -> bool:
    """Acting on a case needs sight of it and a role that is not read-only."""
    return user.role not in READ_ONLY_ROLES and can_view(user, complaint)


def can_record_complaint(user: Any) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role not in READ_ONLY_ROLES | {Role.ADMIN}
    )
