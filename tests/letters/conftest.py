"""Fixtures for letters: a real SMTP server on a free local port, tasks run at once, and
complaints recorded and moved on through the service and the actions with their effects after
commit, as in production."""

from __future__ import annotations

import shutil
import socket
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from putright.accounts.models import Role, StaffUser, Team
from putright.cases import rules
from putright.cases.actions import ACTIONS
from putright.cases.models import Complaint, OrganisationSettings
from putright.cases.services import NewComplaint, PersonDetails, complaint_create
from putright.letters.models import Letter, LetterStatus
from putright.letters.services import draft_send

#: The day the service believes it is: a Monday with no bank holiday near it.
TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(rules, "today", lambda: TODAY)
    return TODAY


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings: Any, tmp_path: Path) -> None:
    """The letters' tasks run as soon as they are queued; letter PDFs go to a temporary folder."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "letters"],
        }
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEFAULT_FROM_EMAIL = "complaints@council.example"
    settings.PUTRIGHT_CONTACT_EMAIL = "complaints@council.example"
    # No tracking link unless a test gives one: the portal's own tests cover its links.
    settings.PUTRIGHT_TRACKING_LINK_FACTORY = ""
    settings.PUTRIGHT_BASE_URL = ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Recorder:
    def __init__(self) -> None:
        self.envelopes: list[Any] = []
        #: Addresses the server refuses for good (550), as a real server refuses unknown users.
        self.refuse: set[str] = set()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    """A real SMTP server (aiosmtpd) on 127.0.0.1, started and stopped by the test."""

    port: int
    recorder: _Recorder = field(default_factory=_Recorder)
    controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self) -> list[EmailMessage]:
        return [
            message_from_bytes(e.content, policy=policy.default)  # type: ignore[misc]
            for e in self.recorder.envelopes
        ]

    @property
    def recipients(self) -> list[list[str]]:
        return [list(e.rcpt_tos) for e in self.recorder.envelopes]


@pytest.fixture
def smtp_down(settings: Any) -> Iterator[SmtpServer]:
    """Outgoing mail goes to a local port where no SMTP server is running (yet): the test may
    start it."""
    server = SmtpServer(port=free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


@pytest.fixture
def smtp(smtp_down: SmtpServer) -> SmtpServer:
    """Outgoing mail goes to a real SMTP server on a free local port, already running."""
    smtp_down.start()
    return smtp_down


@pytest.fixture
def teams(db: Any) -> dict[str, Team]:
    rows = (("north", "North Complaints Team"), ("south", "South Complaints Team"))
    rows += (("business-assurance", "Business Assurance Team"),)
    return {code: Team.objects.create(code=code, name=name) for code, name in rows}


@pytest.fixture
def staff(teams: dict[str, Team]) -> dict[str, StaffUser]:
    people = {
        "caseworker": (Role.CASEWORKER, 2, "north"),
        "reviewer": (Role.REVIEWER, 5, "north"),
        "manager": (Role.COMPLAINTS_MANAGER, 7, "north"),
        "assurance": (Role.BUSINESS_ASSURANCE, 6, "business-assurance"),
        "south_caseworker": (Role.CASEWORKER, 2, "south"),
        "auditor": (Role.AUDITOR, 4, None),
    }
    return {
        name: StaffUser.objects.create_user(
            username=name,
            password="a-long-test-password-9",
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
        name_cy="Cyngor Prawf",
        division="england-and-wales",
        procedures=["two-stage-review", "service-complaint"],
        default_team=teams["north"],
    )


@pytest.fixture
def record(
    org: OrganisationSettings,
    staff: dict[str, StaffUser],
    teams: dict[str, Team],
    django_capture_on_commit_callbacks: Any,
) -> Callable[..., Complaint]:
    """Record a complaint through the service, running what happens after it commits."""

    def make(procedure_id: str = "two-stage-review", **overrides: Any) -> Complaint:
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
        with django_capture_on_commit_callbacks(execute=True):
            complaint = complaint_create(data=NewComplaint(**fields), actor=staff["caseworker"])
        complaint.refresh_from_db()
        return complaint

    return make


@pytest.fixture
def act(django_capture_on_commit_callbacks: Any) -> Callable[..., Complaint]:
    """Take an action as a person, running what happens after it commits."""

    def run(complaint: Complaint, key: str, actor: Any, **data: Any) -> Complaint:
        fresh = Complaint.objects.get(pk=complaint.pk)
        with django_capture_on_commit_callbacks(execute=True):
            return ACTIONS[key](fresh, actor).run(data)

    return run


@pytest.fixture
def send_draft(django_capture_on_commit_callbacks: Any) -> Callable[..., Letter]:
    """Send the case's draft letter as a member of staff who checked it, running what happens
    after it commits (its email is sent at once)."""

    def send(complaint: Complaint, actor: Any) -> Letter:
        letter = Letter.objects.filter(complaint=complaint, status=LetterStatus.DRAFT).get()
        with django_capture_on_commit_callbacks(execute=True):
            return draft_send(letter_id=letter.pk, actor=actor, expected_version=letter.version)

    return send


def need_poppler() -> None:
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils is not installed; run `apt-get install poppler-utils`")


def pdf_text(data: bytes, tmp_path: Path, *, bbox: bool = False) -> str:
    """The PDF's text, extracted by poppler's pdftotext (with each word's box, for ``bbox``)."""
    need_poppler()
    path = tmp_path / "letter.pdf"
    path.write_bytes(data)
    args = ["pdftotext", "-enc", "UTF-8", *(["-bbox"] if bbox else []), str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pdf_info(data: bytes, tmp_path: Path, *, meta: bool = False) -> str:
    """pdfinfo's summary of the PDF (its XMP metadata, for ``meta``)."""
    need_poppler()
    path = tmp_path / "info.pdf"
    path.write_bytes(data)
    args = ["pdfinfo", *(["-meta"] if meta else []), str(path)]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def attachment(message: EmailMessage) -> tuple[str, bytes]:
    """The one PDF attached to ``message``: its file name and bytes."""
    parts = [p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"]
    assert len(parts) == 1
    return parts[0].get_filename() or "", parts[0].get_content()


def body(message: EmailMessage, subtype: str = "plain") -> str:
    part = message.get_body(preferencelist=(subtype,))
    assert part is not None
    return part.get_content()
