"""Fixtures for the staff pages: two case teams and the Business Assurance Team, a member of staff
for each role, an organisation offering both procedures, and complaints made through the service
and moved on through the actions (never raw inserts)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client

from putright.accounts.models import Role, StaffUser, Team
from putright.cases import rules
from putright.cases.actions import ACTIONS
from putright.cases.actors import System
from putright.cases.models import Complaint, OrganisationSettings
from putright.cases.services import (
    NewComplaint,
    PersonDetails,
    RepresentativeDetails,
    complaint_create,
)

#: The day the staff pages believe it is: a Monday with no bank holiday near it.
TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> date:
    """Pages, actions and services all read the date through ``rules.today()``."""
    monkeypatch.setattr(rules, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def teams(db: Any) -> dict[str, Team]:
    rows = (
        ("north", "North Complaints Team"),
        ("south", "South Complaints Team"),
        ("business-assurance", "Business Assurance Team"),
    )
    return {code: Team.objects.create(code=code, name=name) for code, name in rows}


@pytest.fixture
def staff(teams: dict[str, Team]) -> dict[str, StaffUser]:
    """One person per role in the north team, a caseworker and reviewer in the south team."""
    people = {
        "caseworker": (Role.CASEWORKER, 2, "north", "Cai", "Williams"),
        "reviewer": (Role.REVIEWER, 5, "north", "Rhian", "Evans"),
        "manager": (Role.COMPLAINTS_MANAGER, 7, "north", "Mair", "Thomas"),
        "assurance": (Role.BUSINESS_ASSURANCE, 6, "business-assurance", "Aled", "Roberts"),
        "south_caseworker": (Role.CASEWORKER, 2, "south", "Siân", "Hughes"),
        "south_reviewer": (Role.REVIEWER, 5, "south", "Dewi", "Lewis"),
        "auditor": (Role.AUDITOR, 4, None, "Alun", "Price"),
        "admin": (Role.ADMIN, 7, None, "Elin", "Morgan"),
    }
    return {
        username: StaffUser.objects.create_user(
            username=username,
            password="a-long-test-password-9",
            first_name=first,
            last_name=last,
            role=role,
            grade=grade,
            team=teams[team] if team else None,
        )
        for username, (role, grade, team, first, last) in people.items()
    }


@pytest.fixture
def org(teams: dict[str, Team]) -> OrganisationSettings:
    return OrganisationSettings.objects.create(
        name="Test Council",
        division="england-and-wales",
        procedures=["two-stage-review", "service-complaint"],
        default_team=teams["north"],
    )


@pytest.fixture
def make_complaint(
    org: OrganisationSettings, staff: dict[str, StaffUser], teams: dict[str, Team]
) -> Callable[..., Complaint]:
    """Record a complaint through the service. Keyword overrides go to ``NewComplaint``."""

    def make(
        procedure_id: str = "two-stage-review", *, acknowledged: bool = True, **overrides: Any
    ) -> Complaint:
        fields: dict[str, Any] = {
            "procedure_id": procedure_id,
            "channel": "phone",
            "received_on": TODAY - timedelta(days=3),
            "event_on": TODAY - timedelta(days=20),
            "what_went_wrong": "Nobody answered my letters about my case.",
            "put_right": "An apology and an answer to my letters.",
            "person": PersonDetails(full_name="Ffion Jones", email="ffion@example.invalid"),
            "original_handler": staff["caseworker"],
            "team": teams["north"],
        }
        fields.update(overrides)
        complaint = complaint_create(data=NewComplaint(**fields), actor=staff["caseworker"])
        if acknowledged:  # as almost every real complaint is, before anything is answered
            ACTIONS["acknowledge"](complaint, System("test set-up")).run(
                {"sent_on": complaint.received_on}
            )
            complaint.refresh_from_db()
        return complaint

    return make


@pytest.fixture
def run_action() -> Callable[..., Complaint]:
    """Take an action as a person, as the pages do (refusals raise)."""

    def run(
        complaint: Complaint,
        key: str,
        actor: StaffUser,
        today: date | None = None,
        **data: Any,
    ) -> Complaint:
        fresh = Complaint.objects.get(pk=complaint.pk)
        return ACTIONS[key](fresh, actor, today=today).run(data)

    return run


@pytest.fixture
def representative() -> RepresentativeDetails:
    return RepresentativeDetails(full_name="Gareth Advocate", organisation="Advice Cymru")


@pytest.fixture
def client_for(client: Client) -> Callable[[StaffUser], Client]:
    """The test client, signed in as ``user``."""

    def sign_in(user: StaffUser) -> Client:
        client.force_login(user)
        return client

    return sign_in
