"""Fixtures for the reminder digests: staff with email addresses in two teams, complaints recorded
through the service and moved on by the actions (their due dates stored as the actions store
them), and a working-day helper to pick the day a sweep runs relative to a due date."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django_tasks.signals import task_enqueued

from putright.accounts.models import Role, StaffUser, Team
from putright.cases import deadlines, rules
from putright.cases.actions import ACTIONS
from putright.cases.models import Complaint, OrganisationSettings, StageInstance
from putright.cases.services import NewComplaint, PersonDetails, complaint_create
from putright.letters.models import OutboxMessage
from tests.letters import conftest as letters

#: The day the complaints are recorded: a Monday with no bank holiday near it.
TODAY = date(2026, 11, 23)
BASE_URL = "https://complaints.council.example"
#: What a complainant told us, which no reminder may repeat.
PERSON = PersonDetails(
    full_name="Ffion Jones", email="ffion@example.invalid", phone="029 2000 0000"
)
WHAT_WENT_WRONG = "Nobody answered my letters about my housing benefit."


# Teams, the organisation and a real SMTP server (for test_sending), as the letters' tests have.
teams, org, smtp, smtp_down = letters.teams, letters.org, letters.smtp, letters.smtp_down


@pytest.fixture(autouse=True)
def reminder_settings(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rules, "today", lambda: TODAY)
    settings.PUTRIGHT_BASE_URL = BASE_URL
    settings.PUTRIGHT_REMINDER_WORKING_DAYS = 3
    settings.DEFAULT_FROM_EMAIL = "complaints@council.example"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def staff(teams: dict[str, Team]) -> dict[str, StaffUser]:
    people = {
        "caseworker": (Role.CASEWORKER, 2, "north"),
        "caseworker2": (Role.CASEWORKER, 2, "north"),
        "handler": (Role.CASEWORKER, 2, "north"),
        "reviewer": (Role.REVIEWER, 5, "north"),
        "manager": (Role.COMPLAINTS_MANAGER, 7, "north"),
        "south_caseworker": (Role.CASEWORKER, 2, "south"),
        "assurance": (Role.BUSINESS_ASSURANCE, 6, "business-assurance"),
        "auditor": (Role.AUDITOR, 4, None),
    }
    return {
        name: StaffUser.objects.create_user(
            username=name,
            password="a-long-test-password-9",
            first_name=name.replace("_", " ").title(),
            email=f"{name}@council.example",
            role=role,
            grade=grade,
            team=teams[team] if team else None,
        )
        for name, (role, grade, team) in people.items()
    }


@pytest.fixture
def record(
    org: OrganisationSettings, staff: dict[str, StaffUser], teams: dict[str, Team]
) -> Callable[..., Complaint]:
    """Record a complaint through the service, received on ``received_on`` (TODAY by default).
    Nothing runs after commit (a test's transaction never commits), so no letters are made."""

    def make(received_on: date = TODAY, *, team: str = "north", **overrides: Any) -> Complaint:
        fields: dict[str, Any] = {
            "procedure_id": "two-stage-review",
            "channel": "phone",
            "received_on": received_on,
            "event_on": received_on - timedelta(days=10),
            "what_went_wrong": WHAT_WENT_WRONG,
            "put_right": "An answer to my letters.",
            "person": PERSON,
            "original_handler": staff["handler"],
            "team": teams[team],
        }
        fields.update(overrides)
        return complaint_create(data=NewComplaint(**fields), actor=staff["caseworker"])

    return make


def act(complaint: Complaint, key: str, actor: Any, **data: Any) -> Complaint:
    return ACTIONS[key](Complaint.objects.get(pk=complaint.pk), actor).run(data)


@pytest.fixture
def open_stage(
    record: Callable[..., Complaint], staff: dict[str, StaffUser]
) -> Callable[..., StageInstance]:
    """A complaint accepted, so its first stage runs, and given to people: ``assignee`` holds
    the case, ``reviewer`` reviews the stage. Returns the running stage, as stored."""

    def make(
        received_on: date = TODAY,
        *,
        assignee: str | None = "caseworker",
        reviewer: str | None = None,
        team: str = "north",
    ) -> StageInstance:
        complaint = record(received_on, team=team)
        recorder = staff["south_caseworker" if team == "south" else "caseworker"]
        act(complaint, "accept", recorder)
        if assignee:
            act(complaint, "assign", staff["manager"], assignee=staff[assignee].pk)
        if reviewer:
            act(complaint, "assign-reviewer", staff["manager"], reviewer=staff[reviewer].pk)
        return StageInstance.objects.select_related("complaint").get(
            complaint=complaint, responded_on__isnull=True
        )

    return make


def due(stage: StageInstance) -> date:
    """The stage's due date, from the one source."""
    value = deadlines.stage_instance_due(stage)
    assert value is not None
    return value


def working_days_before(day: date, n: int) -> date:
    """The working day ``n`` working days before ``day``: a sweep on it sees ``day`` as ``n``
    working days ahead."""
    calendar = rules.calendar()
    candidate = day
    while not (
        calendar.is_working_day(candidate) and calendar.working_days_between(candidate, day) == n
    ):
        candidate -= timedelta(days=1)
    return candidate


def next_working_day(day: date) -> date:
    return rules.calendar().working_day_after(day, 1)


def reminders() -> list[OutboxMessage]:
    """The reminder digests in the outbox, by recipient."""
    return list(
        OutboxMessage.objects.filter(idempotency_key__startswith="reminder-").order_by("to")
    )


def digest_for(username: str, kind: str = "stages") -> OutboxMessage | None:
    return (
        OutboxMessage.objects.filter(
            idempotency_key__startswith=f"reminder-{kind}-", to=f"{username}@council.example"
        )
        .order_by("-pk")
        .first()
    )


@pytest.fixture
def enqueued() -> Iterator[list[Any]]:
    """Every task queued while the test runs, on whichever task queue backend is configured."""
    seen: list[Any] = []

    def listen(sender: Any, task_result: Any, **kwargs: Any) -> None:
        seen.append(task_result)

    task_enqueued.connect(listen)
    yield seen
    task_enqueued.disconnect(listen)
