"""Consent by link: the person a representative complains for is emailed a link (through a real
SMTP server), reads what they are agreeing to, and agrees or says no; staff see it, send a new
link, and stop tracking links. Mirrors putright/portal/consent*.py, the consent actions and
the staff case page's "Consent by link" and "Tracking links" sections."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from email.message import EmailMessage
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from putright.accounts.models import Role, StaffUser, Team
from putright.cases import effects, rules
from putright.cases.actions import ACTIONS, ActionRefused
from putright.cases.actors import Complainant, System
from putright.cases.models import (
    AuditEntry,
    Complaint,
    Consent,
    ConsentKind,
    Event,
    OrganisationSettings,
    Status,
)
from putright.cases.services import (
    NewComplaint,
    PersonDetails,
    RepresentativeDetails,
    complaint_create,
)
from putright.letters.subscriber import on_event as letters_on_event
from putright.portal import consent, tracking
from putright.portal.complain.tasks import clear_uploads
from putright.portal.consent_tasks import send_consent_link
from putright.portal.consent_views import SESSION_KEY
from putright.portal.models import ConsentAnswer, ConsentLink, TrackingToken
from tests.letters.conftest import SmtpServer, free_port

#: The day the service believes it is: a Monday with no bank holiday near it.
TODAY = date(2026, 11, 23)
BASE = "https://complaints.council.example"
LINK = re.compile(re.escape(BASE) + r"/consent/([A-Za-z0-9_-]{43})/")


# -- set-up ------------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(rules, "today", lambda: TODAY)
    return TODAY


@pytest.fixture(autouse=True)
def portal_settings(settings: Any, tmp_path: Any) -> None:
    settings.PUTRIGHT_BASE_URL = BASE
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUTRIGHT_CONTACT_EMAIL = "complaints@council.example"
    settings.DEFAULT_FROM_EMAIL = "complaints@council.example"
    settings.PUTRIGHT_TRACKING_LINK_FACTORY = ""  # letters without links: not what is tested
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "letters"],
        }
    }


@pytest.fixture(autouse=True)
def no_letters() -> Iterator[None]:
    """The letters (acknowledgement, consent request) are not what these tests are about, and
    each renders a PDF: they are switched off here and tested in tests/letters."""
    effects.unsubscribe(letters_on_event)
    yield
    effects.subscribe(letters_on_event)


def smtp_settings(settings: Any, server: SmtpServer) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture
def smtp(settings: Any) -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) on a free local port: every email goes through it."""
    server = SmtpServer(port=free_port())
    smtp_settings(settings, server)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def staff(db: Any) -> dict[str, StaffUser]:
    home = Team.objects.create(code="north", name="North Complaints Team")
    south = Team.objects.create(code="south", name="South Complaints Team")
    OrganisationSettings.objects.create(
        name="Test Council",
        name_cy="Cyngor Prawf",
        procedures=["two-stage-review", "service-complaint"],
        default_team=home,
    )
    people = {
        "caseworker": (Role.CASEWORKER, home),
        "south_caseworker": (Role.CASEWORKER, south),
        "auditor": (Role.AUDITOR, None),
    }
    return {
        name: StaffUser.objects.create_user(
            username=name,
            password="not-used-in-these-tests",
            first_name=name.replace("_", " ").title(),
            role=role,
            grade=3,
            team=team,
        )
        for name, (role, team) in people.items()
    }


@pytest.fixture
def represented(
    staff: dict[str, StaffUser], django_capture_on_commit_callbacks: Any
) -> Callable[..., Complaint]:
    """A representative's complaint made online with "they will sign a declaration later",
    recorded as the online journey records it, with what happens after it commits."""

    def make(language: str = "en", email: str = "megan@example.invalid", **extra: Any) -> Complaint:
        data = NewComplaint(
            procedure_id="service-complaint",
            channel="web",
            received_on=TODAY,
            event_on=TODAY - timedelta(days=10),
            what_went_wrong="Nobody answered her letters.",
            person=PersonDetails(full_name="Megan Davies", email=email, language=language),
            representative=RepresentativeDetails(
                full_name="Gareth Advocate",
                relationship="Her advocate",
                organisation="Advice Cymru",
                email="gareth@example.invalid",
            ),
            language=language,
            intake={"consent": "declaration-later"},
            **extra,
        )
        with django_capture_on_commit_callbacks(execute=True):
            complaint = complaint_create(data=data, actor=System("portal"), today=TODAY)
        return Complaint.objects.select_related("person", "representative").get(pk=complaint.pk)

    return make


def to_person(server: SmtpServer) -> list[EmailMessage]:
    return [m for m in server.messages if m["To"] == "megan@example.invalid"]


def token_in(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    found = LINK.findall(body.get_content())
    assert len(found) == 1, body.get_content()
    return found[0]


def opened(client: Client, token: str) -> Any:
    return client.get(reverse("portal:consent", args=[token]))


def agree(client: Client, name: str = "Megan Davies", **extra: Any) -> Any:
    return client.post(reverse("portal:consent-declaration"), {"full_name": name, "agree": "on"})


def errors_on(response: Any) -> list[str]:
    html = response.content.decode()
    return [
        re.sub(r"<[^>]+>", "", item).strip()
        for item in re.findall(r'<p id="[^"]*-error" class="govuk-error-message">(.*?)</p>', html)
    ]


def act(key: str, complaint: Complaint, actor: Any, capture: Any, **data: Any) -> Complaint:
    with capture(execute=True):
        return ACTIONS[key](Complaint.objects.get(pk=complaint.pk), actor).run(data)


# -- the email ---------------------------------------------------------------------------------
def test_the_person_is_emailed_a_link_that_is_kept_only_as_a_hash(represented, smtp):
    complaint = represented()
    (message,) = to_person(smtp)
    assert complaint.reference in message["Subject"]
    assert "Gareth Advocate" in message["Subject"]
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Reply-To"] == "complaints@council.example"
    token = token_in(message)
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Gareth Advocate has made a complaint to Test Council on behalf of Megan Davies" in text
    link = ConsentLink.objects.get(complaint=complaint)
    assert f"The link works once, until {link.expires_at:%-d %B %Y}." in text
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert link.sent_to == "megan@example.invalid"
    assert link.sent_at is not None and link.used_at is None
    assert link.expires_at - link.created_at == timedelta(days=30)
    # The token is nowhere in the database in readable form.
    stored = [
        *(str(e.data) + e.summary for e in Event.objects.all()),
        *(str(a.after) + str(a.before) for a in AuditEntry.objects.all()),
        *(str(vars(row)) for row in ConsentLink.objects.all()),
    ]
    assert not any(token in text for text in stored)
    assert AuditEntry.objects.filter(complaint=complaint, action="consent-link-issued").exists()


def test_the_same_request_never_makes_two_links(represented, smtp):
    complaint = represented()
    received = Event.objects.get(complaint=complaint, kind="received")
    assert send_consent_link.enqueue(received.pk).return_value == "already"
    assert ConsentLink.objects.count() == 1
    assert len(to_person(smtp)) == 1


def test_a_complaint_whose_consent_was_uploaded_sends_no_link(staff, smtp, db):
    data = NewComplaint(
        procedure_id="service-complaint",
        channel="web",
        received_on=TODAY,
        what_went_wrong="Nobody answered.",
        person=PersonDetails(full_name="Megan Davies", email="megan@example.invalid"),
        representative=RepresentativeDetails(full_name="Gareth Advocate"),
        intake={"consent": "uploaded"},
    )
    complaint_create(data=data, actor=System("portal"), today=TODAY)
    assert ConsentLink.objects.count() == 0
    assert to_person(smtp) == []


def test_the_email_is_in_welsh_for_a_welsh_case(represented, smtp):
    represented(language="cy")
    (message,) = to_person(smtp)
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Cyngor Prawf" in text  # the organisation's Welsh name
    months = ["Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst"]
    months += ["Medi", "Hydref", "Tachwedd", "Rhagfyr"]
    expires = ConsentLink.objects.get().expires_at
    assert f"{expires.day} {months[expires.month - 1]} {expires.year}" in text  # in Welsh
    # The Welsh wording (from the shared catalogue once merged).
    assert "A ydych chi’n cytuno i Gareth Advocate weithredu ar eich rhan?" in message["Subject"]


def test_a_bilingual_organisation_writes_welsh_then_english(represented, smtp):
    OrganisationSettings.objects.update(bilingual_letters=True)
    rules.forget_organisation()
    represented()
    (message,) = to_person(smtp)
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert text.index("Cyngor Prawf") < text.index("Test Council")
    assert len(LINK.findall(text)) == 2 and len(set(LINK.findall(text))) == 1


def test_when_the_mail_server_is_down_the_link_is_stopped_and_staff_see_why(
    represented, settings, client, staff
):
    smtp_settings(settings, SmtpServer(port=free_port()))  # nothing listens there
    complaint = represented()
    link = ConsentLink.objects.get(complaint=complaint)
    assert link.sent_at is None and link.revoked_at is not None
    assert "ConnectionRefusedError" in link.send_error
    client.force_login(staff["caseworker"])
    html = client.get(reverse("staff:detail", args=[complaint.pk])).content.decode()
    assert "Not sent" in html and "ConnectionRefusedError" in html
    assert "Email the person a new link" in html


def test_a_person_without_an_email_address_gets_no_link_and_staff_are_told(
    represented, staff, smtp
):
    complaint = represented(email="")
    assert ConsentLink.objects.count() == 0
    refusals = ACTIONS["send-consent-link"](complaint, staff["caseworker"]).check()
    assert [r.code for r in refusals] == ["no-email"]
    assert "Ask for their consent by post or phone" in str(refusals[0])


# -- agreeing ----------------------------------------------------------------------------------
def test_the_person_reads_what_they_agree_to_and_agrees(represented, smtp, client):
    complaint = represented()
    token = token_in(to_person(smtp)[0])
    response = opened(client, token)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:consent-declaration")
    assert response["Referrer-Policy"] == "no-referrer"
    assert client.session[SESSION_KEY] == {"link": ConsentLink.objects.get().pk}

    page = client.get(reverse("portal:consent-declaration"))
    html = page.content.decode()
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("no-store, private")
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert token not in html
    assert "Do you agree to Gareth Advocate acting for you?" in html
    assert complaint.reference in html and "Advice Cymru" in html and "Her advocate" in html
    # What it covers comes from the procedure: its title and its stages.
    assert "Service complaints procedure" in html
    assert "Frontline resolution" in html and "Senior manager’s response" in html

    response = agree(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:consent-done")
    done = client.get(response["Location"]).content.decode()
    assert "You have given your consent" in done and complaint.reference in done

    complaint.refresh_from_db()
    assert complaint.consent_received_on == TODAY
    (given,) = Consent.objects.filter(complaint=complaint)
    assert given.kind == ConsentKind.ONLINE
    assert given.recorded_by is None
    assert given.declaration.startswith(
        f"I, Megan Davies, agree that Gareth Advocate may act for me on complaint "
        f"{complaint.reference}."
    )
    assert "Senior manager’s response" in given.scope
    event = Event.objects.get(complaint=complaint, kind="consent-recorded")
    assert event.data["by"] == "complainant" and event.data["consent_kind"] == "online"
    link = ConsentLink.objects.get()
    assert link.answer == ConsentAnswer.AGREED and link.signed_name == "Megan Davies"
    entry = AuditEntry.objects.get(complaint=complaint, action="record-consent")
    assert entry.actor is None and entry.actor_name == "person"


def test_agreeing_lifts_a_hold_for_consent(
    represented, smtp, client, staff, django_capture_on_commit_callbacks
):
    complaint = represented()
    act("hold-for-consent", complaint, staff["caseworker"], django_capture_on_commit_callbacks)
    assert Complaint.objects.get(pk=complaint.pk).status == Status.AWAITING_CONSENT
    opened(client, token_in(to_person(smtp)[0]))
    agree(client)
    complaint.refresh_from_db()
    assert complaint.status == Status.NEW
    assert complaint.current_due_on is not None  # waiting for the acknowledgement again
    refusals = ACTIONS["accept"](complaint, staff["caseworker"]).check()
    assert "consent-needed" not in [r.code for r in refusals]


def test_confirming_twice_records_one_consent(represented, smtp, client):
    complaint = represented()
    token = token_in(to_person(smtp)[0])
    other = Client()
    opened(client, token)
    opened(other, token)  # the same link open in two browsers
    assert agree(client).status_code == 302
    second = agree(other)
    assert second.status_code == 410
    assert "You have already answered" in second.content.decode()
    assert agree(client).status_code == 403  # this browser let go of the link
    reopened = opened(Client(), token)
    assert reopened.status_code == 410
    assert "You have already answered" in reopened.content.decode()
    assert Consent.objects.filter(complaint=complaint).count() == 1
    assert Event.objects.filter(complaint=complaint, kind="consent-recorded").count() == 1
    link = ConsentLink.objects.get()
    with pytest.raises(consent.AlreadyAnswered):
        consent.agree(link, signed_name="Megan Davies", lang="en")


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("", "Enter your full name"),
        ("   ", "Enter your full name"),
        ("M" * 201, "Your full name must be 200 characters or fewer"),
        ("Megan\x00Davies", "Your full name must not include control characters: remove them"),
        ("Megan\x07Davies", "Your full name must not include control characters: remove them"),
    ],
)
def test_a_name_that_will_not_do_is_refused_with_a_clear_message(
    represented, smtp, client, name, error
):
    complaint = represented()
    opened(client, token_in(to_person(smtp)[0]))
    response = agree(client, name)
    assert response.status_code == 200
    assert errors_on(response) == [f"Error: {error}"]
    assert "<title>Error:" in response.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).consent_received_on is None
    assert ConsentLink.objects.get().used_at is None


def test_not_ticking_the_box_is_refused_and_keeps_the_name(represented, smtp, client):
    represented()
    opened(client, token_in(to_person(smtp)[0]))
    response = client.post(reverse("portal:consent-declaration"), {"full_name": "Megan Davies"})
    assert errors_on(response) == [
        "Error: Select the box to say you agree, or tell us you do not agree"
    ]
    assert 'value="Megan Davies"' in response.content.decode()


def test_a_name_in_any_alphabet_is_signed_as_typed(represented, smtp, client):
    complaint = represented()
    opened(client, token_in(to_person(smtp)[0]))
    assert agree(client, "  Siân   Łukasz-Ó’Brien 王  ").status_code == 302
    link = ConsentLink.objects.get()
    assert link.signed_name == "Siân Łukasz-Ó’Brien 王"
    assert (
        "I, Siân Łukasz-Ó’Brien 王, agree" in Consent.objects.get(complaint=complaint).declaration
    )


def test_a_representative_cannot_give_consent_for_the_person(represented, smtp):
    complaint = represented()
    as_representative = Complainant(complaint.pk, name="representative")
    for key in ("record-consent", "decline-consent"):
        with pytest.raises(ActionRefused) as refused:
            ACTIONS[key](complaint, as_representative).run(
                {"scope": "x", "declaration": "x"} if key == "record-consent" else {}
            )
        assert [r.code for r in refused.value.refusals] == ["representative"]
    someone_else = Complainant(complaint.pk + 1, name="person")
    assert ACTIONS["record-consent"](complaint, someone_else).permitted()


# -- saying no ---------------------------------------------------------------------------------
def test_saying_no_is_recorded_and_told_to_whoever_works_on_the_case(
    represented, smtp, client, staff
):
    complaint = represented()
    Complaint.objects.filter(pk=complaint.pk).update(assigned_to=staff["caseworker"])
    opened(client, token_in(to_person(smtp)[0]))
    page = client.get(reverse("portal:consent-decline"))
    assert "Tell us you do not agree to Gareth Advocate acting for you" in page.content.decode()
    response = client.post(reverse("portal:consent-decline"), {"reason": "Ni ofynnodd i mi."})
    assert response.status_code == 302
    assert "You have told us you do not agree" in client.get(response["Location"]).content.decode()

    complaint.refresh_from_db()
    assert complaint.consent_received_on is None
    assert complaint.status == Status.NEW
    event = Event.objects.get(complaint=complaint, kind="consent-declined")
    assert event.data == {
        "by": "complainant",
        "reason": "Ni ofynnodd i mi.",
        "assignee": staff["caseworker"].pk,
        "team": complaint.team_id,
    }
    assert ConsentLink.objects.get().answer == ConsentAnswer.DECLINED
    client.force_login(staff["caseworker"])
    html = client.get(reverse("staff:detail", args=[complaint.pk])).content.decode()
    assert "The person refused consent for their representative: Ni ofynnodd i mi." in html
    assert "Said no" in html


def test_a_reason_too_long_is_refused(represented, smtp, client):
    represented()
    opened(client, token_in(to_person(smtp)[0]))
    response = client.post(reverse("portal:consent-decline"), {"reason": "x" * 2001})
    assert errors_on(response) == ["Error: Why you do not agree must be 2,000 characters or fewer"]
    assert ConsentLink.objects.get().used_at is None


# -- links that do not work --------------------------------------------------------------------
@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # one character changed
        lambda t: t[:20],  # cut short
        lambda t: t + "x" * 5000,  # very long
        lambda t: t[:-1] + "é",  # not ASCII
        lambda t: t[:-1] + "%00",  # NUL
    ],
)
def test_a_tampered_link_says_it_does_not_work(represented, smtp, client, mangle):
    represented()
    response = client.get(f"/consent/{mangle(token_in(to_person(smtp)[0]))}/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_an_expired_link_says_so_and_the_trail_records_it(represented, smtp, client):
    complaint = represented()
    token = token_in(to_person(smtp)[0])
    ConsentLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = opened(client, token)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert AuditEntry.objects.filter(complaint=complaint, action="consent-link-expired").exists()


def test_a_browser_that_opened_the_link_is_stopped_once_it_expires(represented, smtp, client):
    represented()
    opened(client, token_in(to_person(smtp)[0]))
    ConsentLink.objects.update(expires_at=timezone.now())
    response = agree(client)
    assert response.status_code == 410
    assert ConsentLink.objects.get().used_at is None
    assert client.get(reverse("portal:consent-declaration")).status_code == 403


def test_the_pages_without_a_link_say_how_to_get_one(db, client):
    for name in ("portal:consent-declaration", "portal:consent-decline", "portal:consent-done"):
        response = client.get(reverse(name))
        assert response.status_code == 403
        assert "Use the link in your email" in response.content.decode()


def test_a_case_that_no_longer_waits_for_consent_says_so(represented, smtp, client, staff):
    complaint = represented()
    token = token_in(to_person(smtp)[0])
    opened(client, token)
    Complaint.objects.filter(pk=complaint.pk).update(status=Status.CLOSED)
    response = client.get(reverse("portal:consent-declaration"))
    assert response.status_code == 409
    assert "We no longer need your answer" in response.content.decode()
    Complaint.objects.filter(pk=complaint.pk).update(status=Status.NEW, consent_received_on=TODAY)
    response = agree(client)
    assert response.status_code == 409
    assert "We already have your consent" in response.content.decode()
    assert ConsentLink.objects.get().used_at is None


def test_the_pages_are_in_welsh(represented, smtp, client):
    represented(language="cy")
    response = opened(client, token_in(to_person(smtp)[0]))
    assert response.cookies["putright_language"].value == "cy"  # the case's language
    html = client.get(reverse("portal:consent-declaration")).content.decode()
    assert '<html lang="cy"' in html
    assert "Trefn cwynion am wasanaeth" in html  # the procedure's Welsh title
    assert "Datrys yn y rheng flaen" in html  # its first stage, in Welsh
    # The Welsh wording (from the shared catalogue once merged).
    assert "A ydych chi’n cytuno i Gareth Advocate weithredu ar eich rhan?" in html
    problem = Client(headers={"cookie": "putright_language=cy"}).get("/consent/not-a-token/")
    assert problem.status_code == 404
    assert '<html lang="cy"' in problem.content.decode()


# -- staff: sending a new link -----------------------------------------------------------------
def test_staff_send_a_new_link_and_the_old_one_stops(
    represented, smtp, client, staff, django_capture_on_commit_callbacks
):
    complaint = represented()
    old = token_in(to_person(smtp)[0])
    client.force_login(staff["caseworker"])
    html = client.get(reverse("staff:detail", args=[complaint.pk])).content.decode()
    assert "Consent by link" in html and "Waiting for an answer" in html
    url = reverse("staff:act", args=[complaint.pk, "send-consent-link"])
    assert "Any link sent before stops working" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"version": complaint.version})
    assert response.status_code == 302
    new = token_in(to_person(smtp)[1])
    assert new != old
    assert opened(Client(), old).status_code == 410
    assert opened(Client(), new).status_code == 302
    event = Event.objects.get(complaint=complaint, kind="consent-link-requested")
    assert event.actor == staff["caseworker"]
    assert AuditEntry.objects.filter(complaint=complaint, action="consent-links-revoked").exists()
    html = client.get(reverse("staff:detail", args=[complaint.pk])).content.decode()
    assert "Stopped" in html
    assert old not in html and new not in html


def test_another_team_s_caseworker_cannot_see_or_use_the_links(represented, smtp, client, staff):
    complaint = represented()
    tracking.issue_tracking_link(complaint)
    client.force_login(staff["south_caseworker"])
    for key in ("send-consent-link", "stop-tracking-links"):
        url = reverse("staff:act", args=[complaint.pk, key])
        assert client.get(url).status_code == 404
        assert client.post(url, {"version": complaint.version}).status_code == 404
    assert client.get(reverse("staff:detail", args=[complaint.pk])).status_code == 404
    assert TrackingToken.objects.filter(revoked_at__isnull=True).count() == 1
    assert len(to_person(smtp)) == 1


# -- staff: tracking links ---------------------------------------------------------------------
def test_staff_see_the_tracking_links_and_stop_them_all(
    represented, smtp, client, staff, django_capture_on_commit_callbacks
):
    complaint = represented()
    first = tracking.issue_tracking_link(complaint, recipient="person")
    tracking.issue_tracking_link(complaint)
    follower = Client()
    assert follower.get(first.removeprefix(BASE)).status_code == 302
    client.force_login(staff["caseworker"])
    html = client.get(reverse("staff:detail", args=[complaint.pk])).content.decode()
    assert "Tracking links" in html
    assert "Links to follow this complaint online that work now: 2." in html
    assert "The person affected" in html and "Their representative" in html
    assert "Not used" in html  # the second was never opened
    assert first.rsplit("/", 2)[-2] not in html  # never the token
    stop = reverse("staff:act", args=[complaint.pk, "stop-tracking-links"])
    assert stop in html

    confirm = client.get(stop)
    assert confirm.status_code == 200
    assert "stops working at once" in confirm.content.decode()
    assert TrackingToken.objects.filter(revoked_at__isnull=True).count() == 2  # not yet
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(stop, {"version": Complaint.objects.get(pk=complaint.pk).version})
    assert response.status_code == 302
    assert TrackingToken.objects.filter(revoked_at__isnull=True).count() == 0
    assert follower.get(reverse("portal:track")).status_code == 410
    event = Event.objects.get(complaint=complaint, kind="tracking-links-stopped")
    assert event.actor == staff["caseworker"] and event.data["links"] == 2
    assert AuditEntry.objects.filter(
        complaint=complaint, action="stop-tracking-links", actor=staff["caseworker"]
    ).exists()
    assert AuditEntry.objects.filter(complaint=complaint, action="tracking-links-revoked").exists()
    html = client.get(reverse("staff:detail", args=[complaint.pk])).content.decode()
    assert "No tracking link works now" in html
    assert "Tracking links stopped: 2." in html
    # Nothing left to stop: a clear refusal, and nothing written.
    again = client.get(stop)
    assert "No tracking link to this case is working." in again.content.decode()
    assert Event.objects.filter(kind="tracking-links-stopped").count() == 1


def test_after_stopping_the_complainant_can_ask_for_a_new_link(
    represented, smtp, client, staff, django_capture_on_commit_callbacks
):
    complaint = represented()
    tracking.issue_tracking_link(complaint)
    act("stop-tracking-links", complaint, staff["caseworker"], django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:track-new-link"),
            {"email": "gareth@example.invalid", "reference": complaint.reference},
        )
    assert response.status_code == 302
    to_representative = [m for m in smtp.messages if m["To"] == "gareth@example.invalid"]
    assert any("/track/" in str(m.get_body(preferencelist=("plain",))) for m in to_representative)
    assert TrackingToken.objects.filter(revoked_at__isnull=True).count() == 1


def test_an_auditor_cannot_stop_tracking_links(represented, smtp, client, staff):
    complaint = represented()
    tracking.issue_tracking_link(complaint)
    client.force_login(staff["auditor"])
    html = client.get(reverse("staff:detail", args=[complaint.pk])).content.decode()
    assert "Links to follow this complaint online that work now: 1." in html
    assert "Stop all tracking links</a>" not in html
    refusals = ACTIONS["stop-tracking-links"](complaint, staff["auditor"]).check()
    assert [r.code for r in refusals] == ["read-only"]
    client.post(reverse("staff:act", args=[complaint.pk, "stop-tracking-links"]), {"version": 1})
    assert TrackingToken.objects.filter(revoked_at__isnull=True).count() == 1


# -- scheduling --------------------------------------------------------------------------------
def test_the_uploads_clean_up_is_a_task_a_scheduler_can_queue(db):
    path = default_storage.save("complaints-pending/abc/letter.pdf", ContentFile(b"%PDF-1.4"))
    assert clear_uploads.enqueue().return_value == 0  # younger than a session lasts
    old = timezone.now() - timedelta(hours=3)
    full = default_storage.path(path)
    os.utime(full, (old.timestamp(), old.timestamp()))
    assert clear_uploads.enqueue(hours=2).return_value == 1
    assert not default_storage.exists(path)
    with pytest.raises(ValueError):
        clear_uploads.call(hours=0)
