"""Fixtures for the complaint lifecycle: teams, one member of staff per role, both procedures."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from putright.accounts.models import Role, StaffUser, Team
from putright.cases import actions
from putright.cases.actors import System
from putright.cases.models import Complaint, OrganisationSettings
from putright.cases.services import NewComplaint, PersonDetails, complaint_create

TODAY = date(2026, 11, 23)


@pytest.fixture
def teams(db: Any) -> dict[str, Team]:
    return {
        code: Team.objects.create(code=code, name=name)
        for code, name in (
            ("customer-services", "Customer Services"),
            ("casework", "Casework"),
            ("business-assurance", "Business Assurance Team"),
        )
    }


@pytest.fixture
def staff(teams: dict[str, Team]) -> dict[str, StaffUser]:
    people = {
        "caseworker": (Role.CASEWORKER, 2, "customer-services"),
        "other_caseworker": (Role.CASEWORKER, 2, "casework"),
        "reviewer": (Role.REVIEWER, 5, "customer-services"),
        "junior_reviewer": (Role.REVIEWER, 1, "customer-services"),
        "other_reviewer": (Role.REVIEWER, 6, "casework"),
        "assurance": (Role.BUSINESS_ASSURANCE, 6, "business-assurance"),
        "manager": (Role.COMPLAINTS_MANAGER, 7, "customer-services"),
        "auditor": (Role.AUDITOR, 4, None),
        "admin": (Role.ADMIN, 7, None),
    }
    return {
        name: StaffUser.objects.create_user(
            username=name,
            password="not-used-in-these-tests",
            first_name=name.replace("_", " ").title(),
            role=role,
            grade=grade,
            team=teams[team] if team else None,
        )
        for name, (role, grade, team) in people.items()
    }


@pytest.fixture
def org(teams: dict[str, Team]) -> OrganisationSettings:
    return OrganisationSettings.objects.create(
        name="Test Council",
        division="england-and-wales",
        procedures=["two-stage-review", "service-complaint"],
        default_team=teams["customer-services"],
    )


@pytest.fixture
def make_complaint(org: OrganisationSettings, staff: dict[str, StaffUser]):
    def make(procedure_id: str, *, acknowledged: bool = True, **overrides: Any) -> Complaint:
        fields: dict[str, Any] = {
            "procedure_id": procedure_id,
            "channel": "phone",
            "received_on": date(2026, 10, 1),
            "event_on": date(2026, 9, 20),
            "what_went_wrong": "Nobody answered my letters.",
            "put_right": "An apology and an answer.",
            "person": PersonDetails(full_name="Ffion Jones", email="ffion@example.invalid"),
            "original_handler": staff["caseworker"],
        }
        fields.update(overrides)
        complaint = complaint_create(
            data=NewComplaint(**fields), actor=staff["caseworker"], today=TODAY
        )
        if acknowledged:  # as almost every real complaint is, before anything is answered
            actions.ACTIONS["acknowledge"](complaint, System("test set-up"), today=TODAY).run(
                {"sent_on": complaint.received_on}
            )
            complaint.refresh_from_db()
        return complaint

    return make


def act(key: str, complaint: Complaint, user: StaffUser, **data: Any) -> Complaint:
    """Run an action as ``user`` on today's date, the way every caller does."""
    complaint.refresh_from_db()
    action = actions.ACTIONS[key](complaint, user, today=TODAY)
    return action.run(data, expected_version=complaint.version)


def refusal_codes(key: str, complaint: Complaint, user: StaffUser, **data: Any) -> list[str]:
    complaint.refresh_from_db()
    action = actions.ACTIONS[key](complaint, user, today=TODAY)
    with pytest.raises(actions.ActionRefused) as refused:
        action.run(data, expected_version=complaint.version)
    return [r.code for r in refused.value.refusals]
