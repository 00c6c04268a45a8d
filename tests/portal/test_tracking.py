"""Following a complaint with no account: tracking links, the tracking page, and what the
complainant can do there (add information, change how we contact them, withdraw, ask for the
next stage, give feedback), in English and Welsh. Mirrors putright/portal/tracking*.py."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from PIL import Image

from putright.accounts.models import Role, StaffUser, Team
from putright.cases import actions, rules
from putright.cases import messages as msg
from putright.cases.actors import Complainant, System
from putright.cases.models import (
    Attachment,
    AuditEntry,
    Closure,
    Complaint,
    Event,
    OrganisationSettings,
    Status,
)
from putright.cases.services import (
    NewComplaint,
    PersonDetails,
    RepresentativeDetails,
    complaint_create,
    contact_preferences_update,
)
from putright.portal import tracking, tracking_limits
from putright.portal import tracking_messages as tm
from putright.portal.models import Feedback, Recipient, RequestCounter, TrackingToken
from putright.portal.tracking_views import SESSION_KEY

#: The day the service believes it is: a Monday with no bank holiday near it.
TODAY = date(2026, 11, 23)
BASE = "https://complaints.council.example"


# -- set-up ------------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(rules, "today", lambda: TODAY)
    return TODAY


@pytest.fixture(autouse=True)
def portal_settings(settings: Any, tmp_path: Path) -> None:
    settings.PUTRIGHT_BASE_URL = BASE
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUTRIGHT_CONTACT_EMAIL = "complaints@council.example"
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "letters"],
        }
    }


@pytest.fixture
def staff(db: Any) -> dict[str, StaffUser]:
    home = Team.objects.create(code="customer-services", name="Customer Services")
    assurance = Team.objects.create(code="business-assurance", name="Business Assurance Team")
    OrganisationSettings.objects.create(
        name="Test Council",
        name_cy="Cyngor Prawf",
        procedures=["two-stage-review", "service-complaint"],
        default_team=home,
    )
    people = {
        "caseworker": (Role.CASEWORKER, 2, home),
        "reviewer": (Role.REVIEWER, 5, home),
        "assurance": (Role.BUSINESS_ASSURANCE, 6, assurance),
        "manager": (Role.COMPLAINTS_MANAGER, 7, home),
    }
    return {
        name: StaffUser.objects.create_user(
            username=name,
            password="not-used-in-these-tests",
            first_name=name.title(),
            role=role,
            grade=grade,
            team=team,
        )
        for name, (role, grade, team) in people.items()
    }


def act(key: str, complaint: Complaint, user: Any, *, today: date = TODAY, **data: Any):
    complaint.refresh_from_db()
    return actions.ACTIONS[key](complaint, user, today=today).run(data)


@pytest.fixture
def make_complaint(staff: dict[str, StaffUser]):
    """A complaint recorded and acknowledged, then moved on to ``state``."""

    def make(
        procedure_id: str = "two-stage-review",
        state: str = "new",
        *,
        responded_on: date = TODAY,
        **overrides: Any,
    ) -> Complaint:
        fields: dict[str, Any] = {
            "procedure_id": procedure_id,
            "channel": "web",
            "received_on": date(2026, 10, 1),
            "event_on": date(2026, 9, 20),
            "what_went_wrong": "Nobody answered my letters.",
            "put_right": "An apology and an answer.",
            "person": PersonDetails(full_name="Ffion Jones", email="ffion@example.invalid"),
        }
        fields.update(overrides)
        complaint = complaint_create(
            data=NewComplaint(**fields), actor=System("test set-up"), today=TODAY
        )
        act("acknowledge", complaint, System("test set-up"), sent_on=complaint.received_on)
        if state == "new":
            return Complaint.objects.get(pk=complaint.pk)
        act("accept", complaint, staff["caseworker"], today=date(2026, 10, 2))
        act("assign", complaint, staff["manager"], assignee=staff["caseworker"])
        if state == "open":
            return Complaint.objects.get(pk=complaint.pk)
        if procedure_id == "service-complaint":
            act("escalate", complaint, staff["caseworker"], today=date(2026, 10, 5))
            act("assign-reviewer", complaint, staff["manager"], reviewer=staff["reviewer"])
            act(
                "respond",
                complaint,
                staff["reviewer"],
                outcome="not-upheld",
                conclusions="We answered your letters.",
                reasons="The letters were answered within our standard.",
            )
            return Complaint.objects.get(pk=complaint.pk)
        act("assign-reviewer", complaint, staff["manager"], reviewer=staff["reviewer"])
        act(
            "respond",
            complaint,
            staff["reviewer"],
            today=responded_on,
            outcome="partly-upheld",
            conclusions="We were slow to reply.",
            reasons="Three letters went unanswered for six weeks.",
        )
        if state == "responded":
            return Complaint.objects.get(pk=complaint.pk)
        act("escalate", complaint, staff["caseworker"], requested_on=responded_on)
        act("assign-reviewer", complaint, staff["manager"], reviewer=staff["assurance"])
        act(
            "respond",
            complaint,
            staff["assurance"],
            outcome="partly-upheld",
            conclusions="Stage 1 was slow but fair.",
            reasons="It addressed the issues but not the delay.",
            findings={
                "addressed-issues": "yes",
                "remedied-shortfalls": "partly",
                "articulated-outcome": "yes",
                "thorough-and-fair": "yes",
            },
        )
        return Complaint.objects.get(pk=complaint.pk)

    return make


def token_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def following(client: Client, complaint: Complaint, **issue: Any) -> str:
    """Open a new link to ``complaint`` in ``client``; returns the token."""
    url = tracking.issue_tracking_link(complaint, **issue)
    token = token_of(url)
    response = client.get(reverse("portal:track", args=[token]))
    assert response.status_code == 302
    return token


def page(client: Client, name: str = "portal:track") -> str:
    response = client.get(reverse(name))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def views(complaint: Complaint) -> int:
    return AuditEntry.objects.filter(complaint=complaint, action="view").count()


def png_upload(name: str = "photo.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), "image/png")


# -- the link ----------------------------------------------------------------------------------
def test_a_link_carries_256_random_bits_and_only_their_hash_is_kept(make_complaint):
    complaint = make_complaint()
    url = tracking.issue_tracking_link(complaint)
    token = token_of(url)

    assert url == BASE + reverse("portal:track", args=[token])
    assert len(base64.urlsafe_b64decode(token + "=")) * 8 >= 128
    stored = TrackingToken.objects.get(complaint=complaint)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    everything = json.dumps(
        [
            list(TrackingToken.objects.values()),
            list(AuditEntry.objects.values("before", "after", "path")),
            list(Event.objects.values("summary", "data")),
        ],
        default=str,
    )
    assert token not in everything
    assert token_of(tracking.issue_tracking_link(complaint)) != token


def test_a_link_expires_after_the_configured_days(make_complaint, settings):
    settings.PUTRIGHT_TRACKING_LINK_DAYS = 30
    complaint = make_complaint()
    tracking.issue_tracking_link(complaint)
    link = TrackingToken.objects.get(complaint=complaint)
    assert link.expires_at - link.created_at == timedelta(days=30)


def test_letters_find_the_link_factory_through_the_setting(make_complaint):
    factory = import_string(django_settings.PUTRIGHT_TRACKING_LINK_FACTORY)
    assert factory is tracking.issue_tracking_link
    assert factory(make_complaint()).startswith(BASE + "/track/")


def test_a_link_needs_the_public_address(make_complaint, settings):
    settings.PUTRIGHT_BASE_URL = ""
    with pytest.raises(ImproperlyConfigured, match="PUTRIGHT_BASE_URL"):
        tracking.issue_tracking_link(make_complaint())
    assert tracking.issue_tracking_link(make_complaint(), base_url="http://x.test/").startswith(
        "http://x.test/track/"
    )


@pytest.mark.parametrize(
    ("hosts", "expected"),
    [("complaints.example.gov.uk,localhost", "https://complaints.example.gov.uk"), (".gov.uk", "")],
)
def test_in_production_the_public_address_defaults_to_the_first_allowed_host(hosts, expected):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PUTRIGHT_", "DJANGO_"))
    }
    env.update(
        PUTRIGHT_ENVIRONMENT="production",
        SECRET_KEY="s" * 60,
        ALLOWED_HOSTS=hosts,
        DATABASE_URL="postgres://nobody@127.0.0.1:1/none",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.PUTRIGHT_BASE_URL)",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.strip() == expected


def test_opening_a_link_takes_the_token_out_of_the_address(make_complaint, client):
    complaint = make_complaint()
    token = token_of(tracking.issue_tracking_link(complaint))

    response = client.get(reverse("portal:track", args=[token]))

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:track")
    assert response["Referrer-Policy"] == "no-referrer"
    assert token not in str(client.session.items())
    shown = client.get(reverse("portal:track"))
    assert shown["Referrer-Policy"] == "same-origin"
    assert "no-store" in shown["Cache-Control"]
    assert complaint.reference in shown.content.decode()
    link = TrackingToken.objects.get(complaint=complaint)
    assert link.last_used_at is not None
    opened = AuditEntry.objects.get(complaint=complaint, action="tracking-link-opened")
    assert opened.actor_name == "complainant" and token not in opened.path


def test_every_page_shown_through_a_link_is_a_view_on_the_audit_trail(make_complaint, client):
    complaint = make_complaint("two-stage-review", "open")
    following(client, complaint)
    for name in (
        "portal:track",
        "portal:track-add-information",
        "portal:track-contact",
        "portal:track-withdraw",
        "portal:track-escalate",
    ):
        before = views(complaint)
        page(client, name)
        assert views(complaint) == before + 1, name
    entry = AuditEntry.objects.filter(complaint=complaint, action="view").last()
    assert entry.actor_name == "complainant" and entry.actor_id is None


@pytest.mark.parametrize(
    "token",
    [
        "x",
        "A" * 43,
        "A" * 42 + "!",
        "A" * 5000,
        "%00" * 20,
        "ffion@example.invalid",
        "ÀÁÂ" * 15,
        "%F0%9F%92%A9" * 11,
    ],
)
def test_a_made_up_or_mangled_link_gets_a_clear_page(make_complaint, client, token):
    make_complaint()
    response = client.get(f"/track/{token}/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "This link does not work" in text
    assert reverse("portal:track-new-link") in text


def test_a_link_with_a_path_in_it_is_an_ordinary_page_not_found(db, client):
    response = client.get("/track/..%2F..%2Fetc%2Fpasswd/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_link_with_one_character_changed_does_not_work(make_complaint, client):
    token = token_of(tracking.issue_tracking_link(make_complaint()))
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    response = client.get(reverse("portal:track", args=[tampered]))
    assert response.status_code == 404
    assert SESSION_KEY not in client.session


def test_an_expired_link_gets_a_clear_page(make_complaint, client):
    complaint = make_complaint()
    token = token_of(tracking.issue_tracking_link(complaint))
    TrackingToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("portal:track", args=[token]))
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert AuditEntry.objects.filter(complaint=complaint, action="tracking-link-expired").exists()


def test_a_revoked_link_gets_a_clear_page(make_complaint, client):
    complaint = make_complaint()
    token = token_of(tracking.issue_tracking_link(complaint))
    assert tracking.revoke_tracking_links(complaint) == 1
    response = client.get(reverse("portal:track", args=[token]))
    assert response.status_code == 410
    assert "This link no longer works" in response.content.decode()
    assert tracking.revoke_tracking_links(complaint) == 0


def test_revoking_or_expiry_stops_a_browser_that_already_opened_the_link(make_complaint):
    complaint = make_complaint()
    revoked, expired = Client(), Client()
    following(revoked, complaint)
    following(expired, complaint)
    tracking.revoke_tracking_links(complaint)
    assert revoked.get(reverse("portal:track")).status_code == 410
    following(expired, complaint)
    TrackingToken.objects.filter(revoked_at__isnull=True).update(expires_at=timezone.now())
    assert expired.get(reverse("portal:track")).status_code == 410
    assert expired.get(reverse("portal:track")).status_code == 403  # the session let go of it


def test_the_tracking_page_without_a_link_says_how_to_get_one(db, client):
    response = client.get(reverse("portal:track"))
    assert response.status_code == 403
    assert "Use your link to see your complaint" in response.content.decode()
    for name in ("portal:track-add-information", "portal:track-withdraw-confirm"):
        assert client.post(reverse(name)).status_code == 403


def test_stopping_on_a_shared_computer_forgets_the_case(make_complaint, client):
    following(client, make_complaint())
    client.post(reverse("portal:track-leave"))
    assert client.get(reverse("portal:track")).status_code == 403


# -- the tracking page -------------------------------------------------------------------------
def test_the_page_shows_status_stage_and_due_date_with_why(make_complaint, client):
    complaint = make_complaint("two-stage-review", "open")
    following(client, complaint)
    text = page(client)
    assert "Being looked into" in text
    assert "Stage 1 review" in text
    assert "We aim to respond by" in text
    assert "Thursday 12 November 2026" in text  # 30 working days after Thursday 1 October
    assert "Why this date" in text and "30 working days" in text
    assert "We started looking into your complaint" in text
    assert "This date has passed and we have not answered yet. We are sorry." in text


def test_a_new_complaint_shows_when_we_will_respond(make_complaint, client):
    following(client, make_complaint("service-complaint"))
    text = page(client)
    assert "Received" in text
    assert "We aim to respond by" in text


def test_staff_only_events_are_never_shown(make_complaint, staff, client):
    complaint = make_complaint("two-stage-review", "open")
    act("add-note", complaint, staff["caseworker"], text="Complainant is a known vexatious caller")
    following(client, complaint)
    text = page(client)
    assert "vexatious" not in text
    assert "Caseworker" not in text


def test_a_representative_sees_nothing_of_the_case_before_consent(make_complaint, client):
    complaint = make_complaint(
        "two-stage-review",
        representative=RepresentativeDetails(full_name="Rhys Advocate", email="rhys@example.org"),
    )
    following(client, complaint)  # a link made for a letter goes to the representative
    assert TrackingToken.objects.get().recipient == Recipient.REPRESENTATIVE
    text = page(client)
    assert "once we have their written consent" in text
    assert "What has happened" not in text
    assert AuditEntry.objects.filter(complaint=complaint, actor_name="representative").exists()


def test_letters_sent_are_listed_and_downloaded_only_through_the_case(make_complaint, client):
    letters = pytest.importorskip("putright.letters.models")
    complaint = make_complaint("two-stage-review", "open")
    other = make_complaint("two-stage-review", "open")

    def letter(case: Complaint, subject: str):
        made = letters.Letter(
            complaint=case,
            event=case.events.first(),
            kind="acknowledgement",
            language="en",
            recipient_name="Ffion Jones",
            subject=subject,
            html="<p>Hello</p>",
            text="Hello",
            sent_at=timezone.now(),
        )
        made.pdf.save("ack.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
        made.save()
        return made

    mine = letter(complaint, "We have received your complaint")
    theirs = letter(other, "Someone else's letter")
    following(client, complaint)
    text = page(client)
    assert "We have received your complaint" in text and "Someone else" not in text

    response = client.get(reverse("portal:track-letter", args=[mine.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert AuditEntry.objects.filter(complaint=complaint, action="download").exists()
    assert client.get(reverse("portal:track-letter", args=[theirs.pk])).status_code == 404
    assert Client().get(reverse("portal:track-letter", args=[mine.pk])).status_code == 403


# -- adding information ------------------------------------------------------------------------
def test_adding_information_and_documents_tells_the_assignee(make_complaint, staff, client):
    complaint = make_complaint("two-stage-review", "open")
    following(client, complaint)
    response = client.post(
        reverse("portal:track-add-information"),
        {
            "text": "I found the letter you sent in July.",
            "files": [png_upload(), SimpleUploadedFile("notes.txt", b"Dates I rang: 3 and 9 Sept")],
        },
    )
    assert response.status_code == 302
    event = Event.objects.get(complaint=complaint, kind="information-added")
    assert event.data["assignee"] == staff["caseworker"].pk
    assert event.data["by"] == "complainant"
    assert len(event.data["docs"]) == 2
    assert Attachment.objects.filter(complaint=complaint, uploaded_by__isnull=True).count() == 2
    text = page(client)
    assert "We have added this to your complaint" in text
    assert "You added information and 2 documents." in text
    assert "photo.png" in text and "notes.txt" in text


def test_documents_are_checked_by_the_upload_rules(make_complaint, client):
    complaint = make_complaint("two-stage-review", "open")
    following(client, complaint)
    disguised = SimpleUploadedFile(
        "statement.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"
    )
    response = client.post(
        reverse("portal:track-add-information"), {"text": "See attached", "files": [disguised]}
    )
    assert response.status_code == 200
    assert str(msg.FILE_WEB_CODE) in response.content.decode()
    assert not Event.objects.filter(complaint=complaint, kind="information-added").exists()
    assert not Attachment.objects.filter(complaint=complaint).exists()


def test_adding_nothing_is_refused_in_words(make_complaint, client):
    following(client, make_complaint("two-stage-review", "open"))
    response = client.post(reverse("portal:track-add-information"), {"text": "  "})
    assert str(msg.INFORMATION_EMPTY) in response.content.decode()


def test_documents_are_served_only_to_those_who_may_see_them(make_complaint, staff, client):
    complaint = make_complaint("two-stage-review", "open")
    following(client, complaint)
    client.post(
        reverse("portal:track-add-information"), {"text": "", "files": [png_upload("mine.png")]}
    )
    mine = Attachment.objects.get(complaint=complaint)
    act(
        "add-attachment",
        complaint,
        staff["caseworker"],
        file=png_upload("internal.png"),
        description="Internal",
    )
    internal = Attachment.objects.get(complaint=complaint, original_name="internal.png")

    assert client.get(reverse("portal:track-document", args=[mine.pk])).status_code == 200
    assert client.get(reverse("portal:track-document", args=[internal.pk])).status_code == 404
    assert Client().get(reverse("portal:track-document", args=[mine.pk])).status_code == 403
    stranger = Client()
    following(stranger, make_complaint("two-stage-review", "open"))
    assert stranger.get(reverse("portal:track-document", args=[mine.pk])).status_code == 404


# -- how we contact you ------------------------------------------------------------------------
def test_changing_how_we_contact_you_is_kept_on_the_case(make_complaint, client):
    complaint = make_complaint("two-stage-review", "open")
    following(client, complaint)
    response = client.post(
        reverse("portal:track-contact"),
        {
            "preferred_contact": "phone",
            "email": "ffion@example.invalid",
            "phone": "01632 960 001",
            "language": "cy",
        },
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.language == "cy"
    assert (complaint.person.preferred_contact, complaint.person.phone) == (
        "phone",
        "01632 960 001",
    )
    event = Event.objects.get(complaint=complaint, kind="contact-updated")
    assert event.data["by"] == "complainant"
    entry = AuditEntry.objects.get(complaint=complaint, action="contact-preferences-update")
    assert entry.after["case_language"] == "cy" and entry.before["phone"] == ""


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"preferred_contact": "phone", "phone": ""}, "phone", msg.CONTACT_PHONE_NEEDED),
        ({"preferred_contact": "email", "email": ""}, "email", msg.CONTACT_EMAIL_NEEDED),
        ({"email": "not-an-address"}, "email", msg.ENTER_EMAIL_FORMAT),
        ({"phone": "call me maybe"}, "phone", msg.CONTACT_PHONE_FORMAT),
        ({"preferred_contact": "post"}, "preferred_contact", msg.CONTACT_NO_ADDRESS),
        ({"language": "fr"}, "language", msg.CONTACT_SELECT_LANGUAGE),
    ],
)
def test_contact_preferences_are_refused_in_words(make_complaint, data, field, message):
    complaint = make_complaint()
    values = {
        "preferred_contact": "email",
        "email": "ffion@example.invalid",
        "phone": "",
        "language": "en",
        **data,
    }
    with pytest.raises(ValidationError) as refused:
        contact_preferences_update(complaint=complaint, actor=Complainant(complaint.pk), **values)
    assert refused.value.message_dict[field] == [str(message)]
    assert not Event.objects.filter(kind="contact-updated").exists()


def test_the_contact_form_shows_problems_on_its_fields(make_complaint, client):
    following(client, make_complaint())
    response = client.post(
        reverse("portal:track-contact"),
        {"preferred_contact": "phone", "email": "", "phone": "", "language": "en"},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text and str(msg.CONTACT_PHONE_NEEDED) in text


def test_a_representative_changes_only_their_own_details(make_complaint, client):
    complaint = make_complaint(
        representative=RepresentativeDetails(full_name="Rhys Advocate", email="rhys@example.org")
    )
    following(client, complaint)
    form = page(client, "portal:track-contact")
    assert 'name="preferred_contact"' not in form
    client.post(
        reverse("portal:track-contact"),
        {"email": "rhys@advocacy.example", "phone": "", "language": "en"},
    )
    complaint.refresh_from_db()
    assert complaint.representative.email == "rhys@advocacy.example"
    assert complaint.person.email == "ffion@example.invalid"


# -- withdrawing -------------------------------------------------------------------------------
def test_withdrawing_takes_a_confirmation_step(make_complaint, client):
    complaint = make_complaint("two-stage-review", "open")
    following(client, complaint)
    response = client.post(reverse("portal:track-withdraw"), {"reason": "It was sorted out."})
    assert response["Location"] == reverse("portal:track-withdraw-confirm")
    complaint.refresh_from_db()
    assert complaint.status == Status.OPEN  # nothing happens until they confirm
    confirm = page(client, "portal:track-withdraw-confirm")
    assert "Are you sure you want to withdraw your complaint?" in confirm
    assert "It was sorted out." in confirm

    client.post(reverse("portal:track-withdraw-confirm"))

    complaint.refresh_from_db()
    assert (complaint.status, complaint.closure) == (Status.CLOSED, Closure.WITHDRAWN)
    assert complaint.closure_reason == "It was sorted out."
    assert Event.objects.get(complaint=complaint, kind="withdrawn").data["by"] == "complainant"
    text = page(client)
    assert "You have withdrawn your complaint" in text
    assert reverse("portal:track-withdraw") not in text


def test_a_closed_complaint_cannot_be_withdrawn(make_complaint, client):
    following(client, make_complaint("two-stage-review", "final"))
    response = client.get(reverse("portal:track-withdraw"))
    assert response.status_code == 409
    assert str(msg.CASE_CLOSED) in response.content.decode()
    assert client.post(reverse("portal:track-withdraw-confirm")).status_code == 409


def test_a_response_whose_letter_is_still_a_draft_is_not_said_to_be_sent(
    make_complaint, staff, client, django_capture_on_commit_callbacks
):
    from putright.letters.models import Letter, LetterStatus
    from putright.letters.services import draft_send

    with django_capture_on_commit_callbacks(execute=True):  # the letters are made after commit
        complaint = make_complaint("two-stage-review", "responded")
    draft = Letter.objects.get(complaint=complaint, status=LetterStatus.DRAFT)
    following(client, complaint)
    text = page(client)
    assert "Response on its way" in text
    assert "We have written our response. It will reach you shortly." in text
    assert "We have sent you our response." not in text
    assert "We finished our response" in text  # what happened, without claiming it was sent

    draft_send(letter_id=draft.pk, actor=staff["caseworker"], expected_version=draft.version)

    text = page(client)
    assert "We have sent you our response." in text
    assert "Response on its way" not in text


# -- I'm still unhappy -------------------------------------------------------------------------
def test_asking_for_the_next_stage_in_time_needs_no_reason(make_complaint, client):
    complaint = make_complaint("two-stage-review", "responded")
    following(client, complaint)
    text = page(client, "portal:track-escalate")
    assert "Ask for the next stage" in text
    assert "Wednesday 23 December 2026" in text  # one month after the response
    assert "This date has passed" not in page(client)

    response = client.post(reverse("portal:track-escalate"), {"reason": ""})

    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.status, complaint.current_stage) == (Status.OPEN, "stage-2")
    escalated = Event.objects.get(complaint=complaint, kind="escalated")
    assert escalated.data["by"] == "complainant" and escalated.data["late_reason"] == ""
    assert "You have asked for the next stage" in page(client)


def test_asking_late_explains_the_limit_and_asks_why(make_complaint, client):
    complaint = make_complaint("two-stage-review", "responded", responded_on=date(2026, 10, 5))
    following(client, complaint)
    text = page(client, "portal:track-escalate")
    assert "The last day to ask for the next stage has passed" in text
    assert "Thursday 5 November 2026" in text

    refused = client.post(reverse("portal:track-escalate"), {"late_reason": ""})
    assert str(tm.ENTER_LATE_REASON % {"date": "Thursday 5 November 2026"}) in (
        refused.content.decode()
    )
    complaint.refresh_from_db()
    assert complaint.current_stage == "stage-1"

    client.post(reverse("portal:track-escalate"), {"late_reason": "I was in hospital."})
    complaint.refresh_from_db()
    assert complaint.current_stage == "stage-2"
    late = Event.objects.get(complaint=complaint, kind="escalated").data["late_reason"]
    assert late == "I was in hospital."


def test_after_the_final_response_the_ombudsman_is_named_where_the_procedure_does(
    make_complaint, client
):
    complaint = make_complaint("two-stage-review", "final")
    following(client, complaint)
    text = page(client, "portal:track-escalate")
    assert "There is no further stage" in text
    assert "Parliamentary and Health Service Ombudsman (PHSO)" in text
    assert "0345 015 4033" in text
    assert client.post(reverse("portal:track-escalate"), {"reason": "x"}).status_code == 302
    assert not Event.objects.filter(complaint=complaint, kind="escalated", data__by="complainant")


def test_after_a_final_response_without_an_ombudsman_only_finality_is_said(make_complaint, client):
    following(client, make_complaint("service-complaint", "final"))
    text = page(client, "portal:track-escalate")
    assert "There is no further stage" in text
    assert "The senior manager’s decision on your service complaint is final" in text
    assert "Going to the ombudsman" not in text


def test_before_a_response_there_is_nothing_to_ask_for(make_complaint, client):
    following(client, make_complaint("two-stage-review", "open"))
    text = page(client, "portal:track-escalate")
    assert "You can ask for the next stage after we have sent you our response." in text


# -- feedback ----------------------------------------------------------------------------------
def test_feedback_after_the_final_response_is_kept_once(make_complaint, client):
    complaint = make_complaint("two-stage-review", "final")
    following(client, complaint)
    assert reverse("portal:track-feedback") in page(client)
    refused = client.post(reverse("portal:track-feedback"), {"rating": ""})
    assert str(tm.SELECT_SATISFACTION) in refused.content.decode()

    client.post(reverse("portal:track-feedback"), {"rating": "satisfied", "comment": "Clear."})

    given = Feedback.objects.get(complaint=complaint)
    assert (given.rating, given.comment) == ("satisfied", "Clear.")
    assert reverse("portal:track-feedback") not in page(client)
    client.post(reverse("portal:track-feedback"), {"rating": "very-dissatisfied"})
    assert Feedback.objects.get(complaint=complaint).rating == "satisfied"


def test_feedback_is_not_asked_before_the_final_response(make_complaint, client):
    following(client, make_complaint("two-stage-review", "responded"))
    assert client.get(reverse("portal:track-feedback")).status_code == 302


# -- send me a new link ------------------------------------------------------------------------
def ask(client: Client, email: str, reference: str, ip: str = "192.0.2.1") -> Any:
    return client.post(
        reverse("portal:track-new-link"),
        {"email": email, "reference": reference},
        REMOTE_ADDR=ip,
    )


@pytest.mark.tasks
def test_a_new_link_is_emailed_when_the_details_match(
    make_complaint, client, django_capture_on_commit_callbacks, task_queue
):
    complaint = make_complaint()
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, "FFION@example.invalid", " " + complaint.reference.lower())
    assert response["Location"] == reverse("portal:track-new-link-sent")
    assert mail.outbox == []  # the page answers at once; the worker sends
    assert task_queue.run() == 1
    (sent,) = mail.outbox
    assert sent.to == ["ffion@example.invalid"]
    assert complaint.reference in sent.subject
    link = next(w for w in sent.body.split() if w.startswith(BASE + "/track/"))
    fresh = Client()
    assert fresh.get(link.removeprefix(BASE)).status_code == 302
    assert complaint.reference in page(fresh)


def test_the_answer_is_the_same_whether_or_not_a_case_matches(
    make_complaint, django_capture_on_commit_callbacks
):
    complaint = make_complaint()
    answers = []
    for email, reference in (
        ("ffion@example.invalid", complaint.reference),
        ("someone@example.invalid", complaint.reference),
        ("ffion@example.invalid", "PR-2026-999999"),
    ):
        client = Client()
        with django_capture_on_commit_callbacks(execute=True):
            response = ask(client, email, reference)
        answers.append((response.status_code, response["Location"]))
        answers.append(re.sub(r'nonce="[^"]*"', "", page(client, "portal:track-new-link-sent")))
    assert answers[0] == answers[2] == answers[4]
    assert answers[1] == answers[3] == answers[5]
    assert len(mail.outbox) == 1


def test_a_representative_asking_gets_a_representatives_link(
    make_complaint, django_capture_on_commit_callbacks
):
    complaint = make_complaint(
        representative=RepresentativeDetails(full_name="Rhys Advocate", email="rhys@example.org")
    )
    with django_capture_on_commit_callbacks(execute=True):
        ask(Client(), "rhys@example.org", complaint.reference)
    assert mail.outbox[0].to == ["rhys@example.org"]
    assert TrackingToken.objects.get().recipient == Recipient.REPRESENTATIVE


def test_the_new_link_form_says_what_is_wrong(db, client):
    response = client.post(reverse("portal:track-new-link"), {"email": "no", "reference": "123"})
    text = response.content.decode()
    assert str(tm.ENTER_EMAIL_FORMAT) in text and str(tm.REFERENCE_FORMAT) in text
    empty = client.post(reverse("portal:track-new-link"), {}).content.decode()
    assert str(tm.ENTER_EMAIL) in empty and str(tm.ENTER_REFERENCE) in empty


def test_new_links_are_limited_by_address(make_complaint, settings):
    settings.PUTRIGHT_NEW_LINK_LIMITS = {"ip": (3, 3600)}
    complaint = make_complaint()
    for n in range(3):
        assert ask(Client(), f"person{n}@example.invalid", complaint.reference).status_code == 302
    refused = ask(Client(), "another@example.invalid", complaint.reference)
    assert refused.status_code == 429
    assert "You have asked for too many links" in refused.content.decode()
    assert (
        ask(Client(), "x@example.invalid", complaint.reference, ip="192.0.2.9").status_code == 302
    )
    assert "192.0.2.1" not in str(list(RequestCounter.objects.values()))


def test_new_links_are_limited_by_email_address(make_complaint, settings):
    settings.PUTRIGHT_NEW_LINK_LIMITS = {"email": (2, 3600)}
    complaint = make_complaint()
    for n in range(2):
        ask(Client(), "ffion@example.invalid", complaint.reference, ip=f"192.0.2.{n}")
    refused = ask(Client(), "FFION@example.invalid", complaint.reference, ip="192.0.2.50")
    assert refused.status_code == 429


def test_a_limit_counts_in_windows(db):
    limit = tracking_limits.Limit("test", 2, 60)
    start = timezone.now().replace(second=0, microsecond=0)
    assert [tracking_limits.allowed(limit, "k", now=start) for _ in range(3)] == [
        True,
        True,
        False,
    ]
    assert tracking_limits.allowed(limit, "k", now=start + timedelta(seconds=60))


def _database_url() -> str:
    db = django_settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


COUNT_IN_ANOTHER_PROCESS = """
import django, sys
django.setup()
from putright.portal import tracking_limits
limit = tracking_limits.new_link_limit("ip")
print(sum(tracking_limits.allowed(limit, "198.51.100.7") for _ in range(int(sys.argv[1]))))
"""


def test_the_limit_is_shared_by_every_process(transactional_db):
    """Two separate Python processes count against one limit in the database, and this one
    sees their count: no process keeps its own."""
    limit = tracking_limits.new_link_limit("ip")
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    half = limit.requests // 2 + 1
    allowed = [
        int(
            subprocess.run(
                [sys.executable, "-c", COUNT_IN_ANOTHER_PROCESS, str(half)],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for _ in range(2)
    ]
    assert sum(allowed) == limit.requests  # the second process hit the first one's count
    assert not tracking_limits.allowed(limit, "198.51.100.7")


# -- Welsh -------------------------------------------------------------------------------------
@pytest.fixture
def welsh(client: Client) -> Client:
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "cy"
    return client


def test_the_tracking_page_is_in_welsh(make_complaint, welsh):
    complaint = make_complaint("two-stage-review", "open")
    following(welsh, complaint)
    text = page(welsh)
    assert 'lang="cy"' in text
    assert "dydd Iau 12 Tachwedd 2026" in text
    assert "Your complaint" not in text and "Why this date" not in text


def test_errors_and_link_problems_are_in_welsh(make_complaint, welsh):
    response = welsh.post(reverse("portal:track-new-link"), {})
    text = response.content.decode()
    assert "There is a problem" not in text and "Enter your email address" not in text
    problem = welsh.get("/track/not-a-real-link/").content.decode()
    assert "This link does not work" not in problem
    following(
        welsh, make_complaint("two-stage-review", "responded", responded_on=date(2026, 10, 5))
    )
    late = welsh.post(reverse("portal:track-escalate"), {"late_reason": ""}).content.decode()
    assert "dydd Iau 5 Tachwedd 2026" in late
    assert "Enter why you are asking" not in late


def test_a_link_opens_in_the_language_of_the_case(make_complaint):
    complaint = make_complaint(language="cy")
    client = Client()
    response = client.get(
        reverse("portal:track", args=[token_of(tracking.issue_tracking_link(complaint))])
    )
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "cy"
