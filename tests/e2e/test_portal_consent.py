"""Consent by link in a real browser: a representative complains online and chooses "we will
email them a link"; the person opens the link from the email a real SMTP server received, reads
the declaration in English and Welsh and gives their consent; the caseworker sees it on the case
page and stops the case's tracking links.

Every page, and the declaration in its error state, is checked with axe-core (WCAG 2.2 AA) and
screenshotted to /tmp/shots-portal/ for people to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from putright.accounts.models import Role, StaffUser, Team
from putright.cases import effects
from putright.cases.models import Complaint, ConsentKind, OrganisationSettings, Status
from putright.letters.subscriber import on_event as letters_on_event
from putright.portal import tracking
from putright.portal.models import TrackingToken
from tests.letters.conftest import SmtpServer, free_port

from .axe import assert_no_axe_violations
from .test_portal_complain import Person, continue_button, walk

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-portal")
PASSWORD = "a-long-test-password-9"


@pytest.fixture
def smtp(settings: Any) -> Iterator[SmtpServer]:
    server = SmtpServer(port=free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    server.start()
    yield server
    server.stop()


@pytest.fixture
def service(transactional_db, settings: Any, tmp_path: Path, live_server, smtp) -> StaffUser:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUTRIGHT_BASE_URL = live_server.url
    settings.DEFAULT_FROM_EMAIL = "complaints@council.example"
    settings.PUTRIGHT_CONTACT_EMAIL = "complaints@council.example"
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "letters"],
        }
    }
    # The letters (each with a PDF) are tested in tests/letters; here they would only add time.
    effects.unsubscribe(letters_on_event)
    north = Team.objects.create(code="north", name="North Complaints Team")
    OrganisationSettings.objects.create(
        name="Test Council",
        name_cy="Cyngor Prawf",
        procedures=["two-stage-review", "service-complaint"],
        default_team=north,
    )
    yield StaffUser.objects.create_user(
        username="caseworker",
        password=PASSWORD,
        first_name="Cai",
        last_name="Williams",
        role=Role.CASEWORKER,
        grade=2,
        team=north,
    )
    effects.subscribe(letters_on_event)


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def checked(page: Page, name: str) -> None:
    """The page passes axe, and a screenshot is kept."""
    assert_no_axe_violations(page)
    shot(page, name)


def consent_link(smtp: SmtpServer, to: str) -> str:
    (message,) = [m for m in smtp.messages if m["To"] == to]
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    (link,) = re.findall(r"http://\S+/consent/[A-Za-z0-9_-]{43}/", body.get_content())
    return link


def test_a_person_gives_consent_by_the_link_in_their_email(
    page: Page, browser, live_server, service, smtp, page_problems
):
    # The representative makes the complaint and chooses the link.
    page.goto(live_server.url + "/complain/start/")
    person = Person(procedure="service-complaint", representative=True, language="en")
    original = person.answer

    def answer(page: Page, at: str) -> None:
        if at == "consent":
            expect(page.locator("main")).to_contain_text("we can email them a link")
            shot(page, "consent-en-journey-choice")
        if at == "contact-details":  # the person's email is needed for the link
            continue_button(page).click()
            expect(page.locator(".govuk-error-summary")).to_contain_text("Enter an email address")
            shot(page, "consent-en-journey-contact-error")
        original(page, at)

    person.answer = answer  # type: ignore[method-assign]
    walk(page, person, name="consent-journey", check_errors=False, screenshot=lambda _: None)
    expect(page.locator("main")).to_contain_text(
        "We will email them a link to sign a consent declaration online"
    )
    page.get_by_role("button", name="Send complaint").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Complaint sent")
    complaint = Complaint.objects.get()
    tracking.issue_tracking_link(complaint)  # the representative's link, for staff to stop

    # The person opens the link from the email, in their own browser.
    link = consent_link(smtp, "ffion@example.invalid")
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="en-GB")
    theirs = context.new_page()
    try:
        theirs.goto(link)
        assert theirs.url == live_server.url + "/consent/"  # the token left the address bar
        expect(theirs.locator("h1")).to_have_text("Do you agree to Gareth Advocate acting for you?")
        expect(theirs.locator("main")).to_contain_text(complaint.reference)
        expect(theirs.locator("main")).to_contain_text("Senior manager’s response")
        checked(theirs, "consent-en-declaration")
        theirs.get_by_role("button", name="Give my consent").click()
        expect(theirs.locator(".govuk-error-summary")).to_be_visible()
        assert theirs.title().startswith("Error:")
        checked(theirs, "consent-en-declaration-error")

        # In Welsh: the declaration, and the page for saying no.
        theirs.get_by_role("link", name="Cymraeg").click()
        expect(theirs.locator("html")).to_have_attribute("lang", "cy")
        expect(theirs.locator("main")).to_contain_text("Trefn cwynion am wasanaeth")
        checked(theirs, "consent-cy-declaration")
        theirs.locator("a.govuk-button--secondary").click()
        expect(theirs).to_have_url(live_server.url + "/consent/decline/")
        checked(theirs, "consent-cy-decline")
        theirs.locator("a.govuk-back-link").click()

        # Consent given, in Welsh.
        theirs.get_by_label(re.compile("enw llawn|full name", re.I)).fill("Megan Davies")
        theirs.locator("#id_agree").check()
        theirs.locator("main form button.govuk-button").click()
        expect(theirs.locator(".govuk-panel--confirmation")).to_contain_text(complaint.reference)
        checked(theirs, "consent-cy-given")

        # The link works once: opening it again says so, in English and in Welsh.
        theirs.goto(link)
        expect(theirs.locator("h1")).not_to_have_text("")
        checked(theirs, "consent-cy-used")
        theirs.get_by_role("link", name="English").click()
        expect(theirs.locator("h1")).to_have_text("You have already answered")
        checked(theirs, "consent-en-used")
    finally:
        context.close()

    complaint.refresh_from_db()
    assert complaint.consent_received_on is not None
    assert complaint.status == Status.NEW
    assert complaint.consents.get().kind == ConsentKind.ONLINE

    # The caseworker sees the consent on the case page, and stops the tracking links.
    page.goto(live_server.url + "/staff/sign-in/")
    page.get_by_label("Username").fill("caseworker")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/staff/cases/{complaint.pk}/")
    expect(page.locator("main")).to_contain_text("Consent held")
    expect(page.locator("#consent-links ~ table").first).to_contain_text("Agreed")
    expect(page.locator("main")).to_contain_text("signed “Megan Davies”")
    expect(page.locator("main")).to_contain_text(
        "Links to follow this complaint online that work now: 1."
    )
    checked(page, "consent-staff-case")
    page.get_by_role("button", name="Stop all tracking links").click()
    expect(page.locator("h1")).to_contain_text("Stop all tracking links")
    checked(page, "consent-staff-stop-links")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("main")).to_contain_text("No tracking link works now")
    checked(page, "consent-staff-links-stopped")
    assert not TrackingToken.objects.filter(revoked_at__isnull=True).exists()
    assert page_problems == []
