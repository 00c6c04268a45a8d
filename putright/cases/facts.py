"""The facts about a case and its staff that the policy engine judges, read from the models."""

from __future__ import annotations

from typing import Any

from putright.cases.models import Complaint
from putright.policy import ComplaintFacts, StaffFacts


def complaint_facts(complaint: Complaint) -> ComplaintFacts:
    return ComplaintFacts(
        received_on=complaint.received_on,
        event_on=complaint.event_on,
        found_out_on=complaint.found_out_on,
        by_representative=complaint.representative_id is not None,
        consent_held=complaint.consent_received_on is not None,
        scope=complaint.scope_answers or {},
        what_went_wrong=complaint.what_went_wrong,
        put_right=complaint.put_right,
        categories=tuple(c.code for c in complaint.categories.all()),
    )


def staff_facts(user: Any) -> StaffFacts:
    return StaffFacts(
        id=user.pk,
        name=str(user),
        grade=user.grade,
        team=user.team.code if user.team_id else None,
        role=user.role,
        active=user.is_active,
    )
