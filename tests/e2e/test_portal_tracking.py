"""Following a complaint through a tracking link in a real browser, in English and in Welsh:
open the link, add information with a document, ask for the next stage (in time, late, and
after the final response), give feedback, change how we are contacted, withdraw, and the pages
for a link that does not work and for getting a new one.

Every page, and every form in its error state, is checked with axe-core (WCAG 2.2 AA) and
screenshotted to var/screenshots/track-*.png for people to look at.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect

from putright.accounts.models import Role, StaffUser, Team
from putright.cases import actions
from putright.cases.actors import System
from putright.cases.models import Closure, Complaint, OrganisationSettings, Status
from putright.cases.services import NewComplaint, PersonDetails, complaint_create
from putright.portal import tracking
from putright.portal.models import Feedback

from .axe import assert_no_axe_violations

pytestmark = pytest.mark.e2e

LANGUAGES = ["en", "cy"]


@pytest.fixture
def staff(transactional_db, settings: Any, tmp_path: Path, live_server) -> dict[str, StaffUser]:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUTRIGHT_BASE_URL = live_server.url
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "letters"],
        }
    }
    home = Team.objects.create(code="north", name="North Complaints Team")
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
            username=name, password="unused-password-1", role=role, grade=grade, team=team
        )
        for name, (role, grade, team) in people.items()
    }


def act(key: str, complaint: Complaint, user: Any, *, on: date, **data: Any) -> None:
    complaint.refresh_from_db()
    actions.ACTIONS[key](complaint, user, today=on).run(data)


@pytest.fixture
def complaint_in(staff: dict[str, StaffUser]):
    """A two-stage complaint, received 70 days ago, moved on to ``state``."""

    def make(state: str, *, responded_days_ago: int = 0) -> Complaint:
        today = timezone.localdate()
        received = today - timedelta(days=70)
        complaint = complaint_create(
            data=NewComplaint(
                procedure_id="two-stage-review",
                channel="web",
                received_on=received,
                event_on=received - timedelta(days=10),
                what_went_wrong="My letters were not answered.",
                put_right="An answer and an apology.",
                person=PersonDetails(full_name="Ffion Jones", email="ffion@example.invalid"),
            ),
            actor=System("test set-up"),
            today=today,
        )
        complaint.refresh_from_db()
        if not complaint.acknowledged_on:  # sending the acknowledgement letter records it
            act("acknowledge", complaint, System("test"), on=today, sent_on=received)
        act("accept", complaint, staff["caseworker"], on=received + timedelta(days=1))
        act("assign", complaint, staff["manager"], on=today, assignee=staff["caseworker"])
        if state == "open":
            return complaint
        responded = today - timedelta(days=responded_days_ago)
        act("assign-reviewer", complaint, staff["manager"], on=today, reviewer=staff["reviewer"])
        act(
            "respond",
            complaint,
            staff["reviewer"],
            on=responded,
            outcome="partly-upheld",
            conclusions="We were slow to reply.",
            reasons="Three letters went unanswered for six weeks.",
        )
        if state == "responded":
            return complaint
        act("escalate", complaint, staff["caseworker"], on=today, requested_on=today)
        act("assign-reviewer", complaint, staff["manager"], on=today, reviewer=staff["assurance"])
        act(
            "respond",
            complaint,
            staff["assurance"],
            on=today,
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
        return complaint

    return make


def in_language(page: Page, live_server, lang: str) -> None:
    page.goto(f"{live_server.url}/language/{lang}/?next=/")


def checked(page: Page, screenshot, name: str) -> None:
    """axe-core finds nothing, and the page is kept as a screenshot."""
    assert_no_axe_violations(page)
    screenshot(name)


def submit(page: Page) -> None:
    page.locator("main form button.govuk-button").first.click()


def follow(page: Page, complaint: Complaint) -> None:
    page.goto(tracking.issue_tracking_link(complaint))
    expect(page).to_have_url(f"{tracking.public_base_url()}/track/")
    expect(page.locator("h1")).to_contain_text(complaint.reference)


def unexpected(problems: list[str]) -> list[str]:
    """The browser's problems, less its note that a page answered with the status we meant
    (404 for a link that does not work, 403 without one, 429 for too many requests)."""
    meant = "Failed to load resource: the server responded with a status of"
    return [p for p in problems if meant not in p]


def a_png(tmp_path: Path) -> Path:
    path = tmp_path / "letter-from-july.png"
    buffer = io.BytesIO()
    Image.new("RGB", (80, 40), "white").save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize("lang", LANGUAGES)
def test_open_a_link_add_information_and_withdraw(
    page: Page, live_server, complaint_in, screenshot, page_problems, tmp_path, lang
):
    complaint = complaint_in("open")
    in_language(page, live_server, lang)
    follow(page, complaint)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    checked(page, screenshot, f"track-page-{lang}")

    page.locator("a[href='/track/add-information/']").click()
    checked(page, screenshot, f"track-add-information-{lang}")
    submit(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    checked(page, screenshot, f"track-add-information-error-{lang}")
    page.locator("#id_text").fill("I found the letter you sent in July.")
    page.locator("#id_files").set_input_files(str(a_png(tmp_path)))
    submit(page)
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    expect(page.locator("main")).to_contain_text("letter-from-july.png")
    checked(page, screenshot, f"track-added-{lang}")

    page.locator("a[href='/track/contact/']").first.click()
    checked(page, screenshot, f"track-contact-{lang}")
    page.locator("input[name='preferred_contact'][value='phone']").check()
    submit(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    checked(page, screenshot, f"track-contact-error-{lang}")
    page.locator("#id_phone").fill("01632 960 001")
    submit(page)
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()

    page.locator("a[href='/track/withdraw/']").click()
    checked(page, screenshot, f"track-withdraw-{lang}")
    page.locator("#id_reason").fill("It was sorted out on the phone.")
    submit(page)
    expect(page).to_have_url(f"{live_server.url}/track/withdraw/confirm/")
    checked(page, screenshot, f"track-withdraw-confirm-{lang}")
    page.locator("button.govuk-button--warning").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    checked(page, screenshot, f"track-withdrawn-{lang}")

    complaint.refresh_from_db()
    assert (complaint.status, complaint.closure) == (Status.CLOSED, Closure.WITHDRAWN)
    assert complaint.person.phone == "01632 960 001"
    assert page_problems == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ask_for_the_next_stage_in_time(
    page: Page, live_server, complaint_in, screenshot, page_problems, lang
):
    complaint = complaint_in("responded")
    in_language(page, live_server, lang)
    follow(page, complaint)
    page.locator("a[href='/track/still-unhappy/']").click()
    checked(page, screenshot, f"track-escalate-{lang}")
    page.locator("#id_reason").fill("You did not look at the second letter.")
    submit(page)
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    checked(page, screenshot, f"track-escalated-{lang}")
    complaint.refresh_from_db()
    assert complaint.current_stage == "stage-2"
    assert page_problems == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_asking_late_says_the_last_day_and_asks_why(
    page: Page, live_server, complaint_in, screenshot, page_problems, lang
):
    complaint = complaint_in("responded", responded_days_ago=60)
    in_language(page, live_server, lang)
    follow(page, complaint)
    page.locator("a[href='/track/still-unhappy/']").click()
    checked(page, screenshot, f"track-escalate-late-{lang}")
    submit(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    checked(page, screenshot, f"track-escalate-late-error-{lang}")
    page.locator("#id_late_reason").fill("I was in hospital until last week.")
    submit(page)
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    complaint.refresh_from_db()
    assert complaint.current_stage == "stage-2"
    assert page_problems == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_after_the_final_response_the_ombudsman_and_feedback(
    page: Page, live_server, complaint_in, screenshot, page_problems, lang
):
    complaint = complaint_in("final")
    in_language(page, live_server, lang)
    follow(page, complaint)
    checked(page, screenshot, f"track-page-final-{lang}")
    page.locator("a[href='/track/still-unhappy/']").click()
    expect(page.locator("main")).to_contain_text("0345 015 4033")
    checked(page, screenshot, f"track-no-further-stage-{lang}")

    page.goto(f"{live_server.url}/track/feedback/")
    submit(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    checked(page, screenshot, f"track-feedback-error-{lang}")
    page.locator("input[name='rating'][value='satisfied']").check()
    submit(page)
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assert Feedback.objects.get(complaint=complaint).rating == "satisfied"
    assert page_problems == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_broken_link_and_getting_a_new_one(
    page: Page, live_server, complaint_in, screenshot, page_problems, lang
):
    complaint = complaint_in("open")
    in_language(page, live_server, lang)
    page.goto(f"{live_server.url}/track/{'A' * 43}/")
    checked(page, screenshot, f"track-link-does-not-work-{lang}")
    page.goto(f"{live_server.url}/track/")
    checked(page, screenshot, f"track-no-link-{lang}")
    page.locator("a[href='/track/new-link/']").click()
    checked(page, screenshot, f"track-new-link-{lang}")
    submit(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    checked(page, screenshot, f"track-new-link-error-{lang}")
    page.locator("#id_email").fill("ffion@example.invalid")
    page.locator("#id_reference").fill(complaint.reference.lower())
    submit(page)
    expect(page).to_have_url(f"{live_server.url}/track/new-link/sent/")
    checked(page, screenshot, f"track-new-link-sent-{lang}")

    sent = mail.outbox[-1]  # after the letters: the new link, with no letter attached
    assert complaint.reference in sent.subject and not sent.attachments
    link = next(word for word in sent.body.split() if "/track/" in word)
    page.goto(link)
    expect(page.locator("h1")).to_contain_text(complaint.reference)
    assert unexpected(page_problems) == []


def test_too_many_link_requests_get_a_clear_page(
    page: Page, live_server, complaint_in, screenshot, settings, page_problems
):
    settings.PUTRIGHT_NEW_LINK_LIMITS = {"ip": (1, 3600)}
    complaint_in("open")
    for _ in range(2):
        page.goto(f"{live_server.url}/track/new-link/")
        page.locator("#id_email").fill("someone@example.invalid")
        page.locator("#id_reference").fill("PR-2026-000999")
        submit(page)
    expect(page.locator("h1")).to_contain_text("too many links")
    checked(page, screenshot, "track-too-many-en")
    assert unexpected(page_problems) == []
