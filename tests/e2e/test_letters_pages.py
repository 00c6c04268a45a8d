"""Staff read the letters a case sent, on "Sent mail" and the case page, in a real browser: axe
finds no WCAG 2.2 AA issue, and the HTML email itself passes too."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from putright.accounts.models import Role, StaffUser, Team
from putright.cases.models import OrganisationSettings
from putright.cases.services import NewComplaint, PersonDetails, complaint_create
from putright.letters.models import OutboxMessage

from .axe import assert_no_axe_violations

pytestmark = pytest.mark.e2e

PASSWORD = "a-long-test-password-9"


@pytest.fixture
def sent_case(transactional_db, settings, tmp_path):
    """A complaint whose acknowledgement was sent (to .eml files) as soon as it was recorded."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "letters"],
        }
    }
    settings.EMAIL_BACKEND = "putright.letters.mailbox.EmlFileBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUTRIGHT_TRACKING_LINK_FACTORY = ""
    north = Team.objects.create(code="north", name="North Complaints Team")
    OrganisationSettings.objects.create(
        name="Test Council", procedures=["two-stage-review"], default_team=north
    )
    caseworker = StaffUser.objects.create_user(
        username="caseworker",
        password=PASSWORD,
        first_name="Cai",
        last_name="Williams",
        role=Role.CASEWORKER,
        grade=2,
        team=north,
    )
    today = timezone.localdate()
    return complaint_create(
        data=NewComplaint(
            procedure_id="two-stage-review",
            channel="phone",
            received_on=today,
            what_went_wrong="Nobody answered my letters.",
            put_right="An answer.",
            person=PersonDetails(full_name="Ffion Jones", email="ffion@example.invalid"),
            team=north,
        ),
        actor=caseworker,
    )


def sign_in(page: Page, live_server) -> None:
    page.goto(live_server.url + "/staff/sign-in/")
    page.get_by_label("Username").fill("caseworker")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Work queue")).to_be_visible()


def test_sent_mail_pages(page: Page, live_server, sent_case, screenshot, page_problems):
    message = OutboxMessage.objects.get(complaint=sent_case)
    assert message.status == "sent"
    sign_in(page, live_server)

    page.goto(f"{live_server.url}/staff/cases/{sent_case.pk}/")
    letters = page.locator("#letters")
    expect(letters).to_have_text("Letters")
    expect(page.get_by_role("link", name="Acknowledgement (PDF)")).to_be_visible()
    assert_no_axe_violations(page)

    menu = page.get_by_role("navigation", name="Staff menu")
    expect(menu.get_by_role("link", name="Sent mail")).to_be_visible()
    page.get_by_role("link", name="All sent mail").click()
    expect(page.get_by_role("heading", level=1, name="Sent mail")).to_be_visible()
    expect(page.get_by_text("as an .eml file in")).to_be_visible()
    assert_no_axe_violations(page)
    screenshot("letters-sent-mail")

    page.get_by_role("link", name=message.subject).click()
    expect(page.get_by_role("heading", level=1, name=message.subject)).to_be_visible()
    assert_no_axe_violations(page)
    screenshot("letters-message")

    page.get_by_role("link", name="Open the email as the complainant sees it (HTML)").click()
    expect(
        page.get_by_role("heading", level=1, name="We have received your complaint")
    ).to_be_visible()
    assert_no_axe_violations(page)
    screenshot("letters-email-html")
    assert page_problems == []
