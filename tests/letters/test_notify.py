"""Letters through GOV.UK Notify (ADR 0018): emails with the one ((subject)) ((body)) template,
letters to post as precompiled PDFs, and Notify's refusals and failures mapped onto the outbox.

GOV.UK Notify cannot be reached from the machines these tests run on, so each test talks to a
STAND-IN: a local HTTP server on 127.0.0.1 started by the test, which checks every request as
Notify's API documentation describes it (the ``Authorization: Bearer`` JWT signed HS256 with the
secret part of the API key, ``iss`` the service id, ``iat`` within 30 seconds; the JSON body's
fields; the two POST paths) and answers with the documented response and error shapes. The
requests really go over HTTP through the real notifications-python-client.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from putright.cases.models import AuditEntry
from putright.cases.services import PersonDetails
from putright.letters import notify, outbox
from putright.letters.models import Letter, MessageStatus, OutboxMessage
from tests.letters.conftest import TODAY, free_port

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"putright_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"


@dataclass
class NotifyStandIn:
    """A local stand-in for GOV.UK Notify's API (Notify itself cannot be reached from here)."""

    requests: list[dict[str, Any]] = field(default_factory=list)
    #: What checking each request found wrong; a test expects none.
    problems: list[str] = field(default_factory=list)
    #: Answers to give instead of success, first first: (status, error, message).
    failures: list[tuple[int, str, str]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> None:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status, answer = stand_in.answer(self.path, self.headers, body)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def answer(self, path: str, headers: Any, body: bytes) -> tuple[int, Any]:
        auth = self._check_token(headers.get("Authorization", ""))
        if auth:
            self.problems.append(auth)
            return 403, errors(403, "AuthError", auth)
        if headers.get("Content-Type") != "application/json":
            self.problems.append(f"Content-Type {headers.get('Content-Type')!r}")
        try:
            sent = json.loads(body)
        except ValueError:
            self.problems.append("the body is not JSON")
            return 400, errors(400, "ValidationError", "Invalid JSON supplied in POST data")
        self.requests.append({"path": path, **sent})
        problem = self._check_body(path, sent)
        if problem:
            self.problems.append(problem)
            return 400, errors(400, "ValidationError", problem)
        if self.failures:
            status, error, message = self.failures.pop(0)
            return status, errors(status, error, message)
        notification = str(uuid.uuid4())
        if path == "/v2/notifications/email":
            personalisation = sent["personalisation"]
            return 201, {
                "id": notification,
                "reference": sent.get("reference"),
                "content": {
                    "subject": personalisation["subject"],
                    "body": personalisation["body"],
                    "from_email": "complaints@notifications.service.gov.uk",
                },
                "uri": f"{self.url}/v2/notifications/{notification}",
                "template": {
                    "id": sent["template_id"],
                    "version": 1,
                    "uri": f"{self.url}/v2/template/{sent['template_id']}",
                },
            }
        return 201, {
            "id": notification,
            "reference": sent["reference"],
            "postage": sent.get("postage"),
        }

    @staticmethod
    def _check_token(header: str) -> str:
        if not header.startswith("Bearer "):
            return "Unauthorized: authentication token must be provided"
        token = header.removeprefix("Bearer ")
        try:
            claims = jwt.decode(
                token,
                SECRET,
                algorithms=["HS256"],
                options={"verify_iat": False, "require": ["iss", "iat"]},
            )
        except jwt.InvalidTokenError:
            return "Invalid token: signature, API token not found"
        if jwt.get_unverified_header(token).get("typ") != "JWT":
            return "Invalid token: typ is not JWT"
        if claims["iss"] != SERVICE_ID:
            return "Invalid token: service not found"
        if abs(time.time() - claims["iat"]) > 30:
            return "Error: Your system clock must be accurate to within 30 seconds"
        return ""

    @staticmethod
    def _check_body(path: str, sent: dict[str, Any]) -> str:
        if path == "/v2/notifications/email":
            if str(sent.get("email_address", "")).count("@") != 1:
                return "email_address Not a valid email address"
            if sent.get("template_id") != TEMPLATE_ID:
                return "template_id is not a valid UUID of a template"
            personalisation = sent.get("personalisation") or {}
            if not (personalisation.get("subject") and personalisation.get("body")):
                return "Missing personalisation: subject, body"
            if set(sent) - {"email_address", "template_id", "personalisation", "reference"}:
                return f"Additional properties are not allowed: {sorted(sent)}"
            return ""
        if path == "/v2/notifications/letter":
            if not sent.get("reference"):
                return "reference is a required property"
            try:
                pdf = base64.b64decode(sent.get("content", ""), validate=True)
            except ValueError:
                return "Letter content is not a valid PDF"
            if not pdf.startswith(b"%PDF"):
                return "Letter content is not a valid PDF"
            if sent.get("postage") not in (None, "first", "second"):
                return "postage invalid. It must be either first or second."
            return ""
        return f"POST {path} is not a Notify endpoint"


def errors(status: int, error: str, message: str) -> dict[str, Any]:
    """An error as Notify answers one: its status and a list of errors."""
    return {"status_code": status, "errors": [{"error": error, "message": message}]}


@pytest.fixture
def notify_api(settings: Any) -> Any:
    """Putright set to send through GOV.UK Notify, and the stand-in it talks to."""
    stand_in = NotifyStandIn()
    stand_in.start()
    settings.PUTRIGHT_MAIL_SERVICE = "notify"
    settings.EMAIL_BACKEND = "putright.letters.notify.NotifyEmailBackend"
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_EMAIL_TEMPLATE_ID = TEMPLATE_ID
    settings.NOTIFY_BASE_URL = stand_in.url
    settings.NOTIFY_POST_LETTERS = True
    settings.NOTIFY_POSTAGE = "second"
    settings.NOTIFY_TIMEOUT = 5
    yield stand_in
    stand_in.stop()


def posting(person_name: str = "Ieuan Price") -> PersonDetails:
    return PersonDetails(
        full_name=person_name,
        address="1 High Street\nCardiff\nCF10 1AA",
        preferred_contact="post",
    )


def test_an_email_goes_through_notify_with_its_subject_and_text(record, notify_api):
    complaint = record("two-stage-review")

    assert notify_api.problems == []
    (sent,) = notify_api.requests
    letter = Letter.objects.get(complaint=complaint)
    assert sent["path"] == "/v2/notifications/email"
    assert sent["email_address"] == "ffion@example.invalid"
    assert sent["template_id"] == TEMPLATE_ID
    assert sent["personalisation"] == {"subject": letter.subject, "body": letter.text}
    assert complaint.reference in sent["personalisation"]["body"]
    assert sent["reference"] == complaint.reference
    message = OutboxMessage.objects.get(letter=letter)
    assert (message.status, message.attempts) == (MessageStatus.SENT, 1)
    assert letter.pdf  # kept on the case, though Notify sends no attachment
    complaint.refresh_from_db()
    assert complaint.acknowledged_on == TODAY


def test_a_refusal_fails_the_message_at_once_and_staff_see_notify_s_words(
    record, notify_api, client, staff
):
    notify_api.failures.append(
        (400, "BadRequestError", "Can't send to this recipient using a team-only API key")
    )
    complaint = record("two-stage-review")

    message = OutboxMessage.objects.get(complaint=complaint)
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 1)
    assert "400" in message.last_error
    assert "team-only API key" in message.last_error
    assert AuditEntry.objects.filter(complaint=complaint, action="mail-failed").exists()
    client.force_login(staff["manager"])
    page = client.get(reverse("letters:outbox")).content.decode()
    assert "team-only API key" in page


def test_a_wrong_api_key_is_refused_by_notify_and_the_message_fails(record, notify_api, settings):
    settings.NOTIFY_API_KEY = f"putright_test-{SERVICE_ID}-{uuid.uuid4()}"
    complaint = record("two-stage-review")

    message = OutboxMessage.objects.get(complaint=complaint)
    assert message.status == MessageStatus.FAILED
    assert "403" in message.last_error and "API token not found" in message.last_error
    assert notify_api.requests == []  # refused before its body was read


def test_a_server_error_is_tried_again_later_with_the_outbox_s_wait(record, notify_api):
    notify_api.failures.append((500, "Exception", "Internal server error"))
    before = timezone.now()
    complaint = record("two-stage-review")

    message = OutboxMessage.objects.get(complaint=complaint)
    assert (message.status, message.attempts) == (MessageStatus.QUEUED, 1)
    assert "500" in message.last_error
    assert before + outbox.FIRST_RETRY <= message.next_attempt_at

    OutboxMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    call_command("send-mail", stdout=io.StringIO())
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 2)
    assert len(notify_api.requests) == 2
    assert notify_api.problems == []


def test_too_many_requests_and_an_unreachable_notify_are_tried_again(record, notify_api, settings):
    notify_api.failures.append((429, "RateLimitError", "Exceeded rate limit for key type LIVE"))
    first = OutboxMessage.objects.get(complaint=record("two-stage-review"))
    assert (first.status, first.attempts) == (MessageStatus.QUEUED, 1)
    assert "429" in first.last_error

    settings.NOTIFY_BASE_URL = f"http://127.0.0.1:{free_port()}"
    second = OutboxMessage.objects.get(
        complaint=record(
            "two-stage-review", person=PersonDetails(full_name="Sam", email="sam@example.invalid")
        )
    )
    assert (second.status, second.attempts) == (MessageStatus.QUEUED, 1)
    assert "ConnectionError" in second.last_error


def test_a_letter_to_post_is_sent_to_notify_as_its_precompiled_pdf(record, notify_api):
    complaint = record("two-stage-review", person=posting())

    assert notify_api.problems == []
    (sent,) = notify_api.requests
    letter = Letter.objects.get(complaint=complaint)
    assert sent["path"] == "/v2/notifications/letter"
    assert sent["reference"] == f"{complaint.reference}-{letter.kind}-{letter.pk}"
    assert sent["postage"] == "second"
    pdf = base64.b64decode(sent["content"])
    assert hashlib.sha256(pdf).hexdigest() == letter.sha256  # the very PDF kept on the case
    message = OutboxMessage.objects.get(letter=letter)
    assert (message.idempotency_key, message.to) == (f"post-{letter.pk}", notify.POST_TO)
    assert message.status == MessageStatus.SENT
    assert letter.sent_at is not None
    assert AuditEntry.objects.filter(complaint=complaint, action="letter-sent").exists()


def test_a_letter_notify_refuses_to_post_fails_and_says_why(record, notify_api):
    notify_api.failures.append(
        (400, "BadRequestError", "Can't send letters when service is in trial mode")
    )
    complaint = record("two-stage-review", person=posting())

    message = OutboxMessage.objects.get(complaint=complaint)
    assert message.status == MessageStatus.FAILED
    assert "trial mode" in message.last_error
    assert Letter.objects.get(complaint=complaint).sent_at is None


def test_without_posting_through_notify_staff_print_the_letter(record, notify_api, settings):
    settings.NOTIFY_POST_LETTERS = False
    complaint = record("two-stage-review", person=posting())

    assert notify_api.requests == []
    assert not OutboxMessage.objects.filter(complaint=complaint).exists()
    assert Letter.objects.get(complaint=complaint).pdf  # made for staff to print


PUTRIGHT = Path(sys.executable).parent / "putright"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"NOTIFY_API_KEY": "not-a-key-hunter2"}, "NOTIFY_API_KEY"),
        ({"NOTIFY_API_KEY": API_KEY, "NOTIFY_EMAIL_TEMPLATE_ID": "welcome"}, "NOTIFY_EMAIL_"),
    ],
)
def test_notify_settings_are_checked_at_start_up_in_one_line(env, named):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("NOTIFY_", "PUTRIGHT_"))}
    result = subprocess.run(
        [str(PUTRIGHT), "check"],
        env={**base, "PUTRIGHT_MAIL_SERVICE": "notify", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert named in line
    assert "hunter2" not in line and SECRET not in line  # the key is never repeated
