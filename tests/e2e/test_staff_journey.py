"""A caseworker records a phone complaint, accepts it and assigns a reviewer; the reviewer responds.

Every staff page on the way is checked with axe-core (WCAG 2.2 AA), forms with errors included,
and screenshotted to var/screenshots/ for people to look at.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from putright.accounts.models import Role, StaffUser, Team
from putright.cases.models import Complaint, OrganisationSettings, Status

from .axe import assert_no_axe_violations

pytestmark = pytest.mark.e2e

PASSWORD = "a-long-test-password-9"


@pytest.fixture
def people(transactional_db) -> dict[str, StaffUser]:
    north = Team.objects.create(code="north", name="North Complaints Team")
    assurance = Team.objects.create(code="business-assurance", name="Business Assurance Team")
    OrganisationSettings.objects.create(
        name="Test Council",
        procedures=["two-stage-review", "service-complaint"],
        default_team=north,
    )
    rows = {
        "caseworker": (Role.CASEWORKER, 2, north, "Cai", "Williams"),
        "reviewer": (Role.REVIEWER, 5, north, "Rhian", "Evans"),
        "assurance": (Role.BUSINESS_ASSURANCE, 6, assurance, "Aled", "Roberts"),
    }
    return {
        username: StaffUser.objects.create_user(
            username=username,
            password=PASSWORD,
            first_name=first,
            last_name=last,
            role=role,
            grade=grade,
            team=team,
        )
        for username, (role, grade, team, first, last) in rows.items()
    }


def sign_in(page: Page, live_server, username: str) -> None:
    page.goto(live_server.url + "/staff/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Work queue")).to_be_visible()


def fill_date(page: Page, field: str, day: int, month: int, year: int) -> None:
    page.locator(f"#id_{field}_0").fill(str(day))
    page.locator(f"#id_{field}_1").fill(str(month))
    page.locator(f"#id_{field}_2").fill(str(year))


def test_staff_journey(page: Page, live_server, people, screenshot, page_problems):
    today = timezone.localdate()
    happened = today - timedelta(days=12)

    # A caseworker signs in and lands on the work queue.
    sign_in(page, live_server, "caseworker")
    page.get_by_role("button", name="Record a complaint").click()

    # Record a phone complaint: first with nothing filled in.
    page.get_by_role("button", name="Record the complaint").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Select the procedure")
    expect(summary).to_contain_text("Enter the date we received it")
    expect(page).to_have_title(re.compile(r"^Error: Record a complaint"))
    assert_no_axe_violations(page)
    screenshot("record-errors")
    summary.get_by_role("link", name="Enter the date we received it").click()
    expect(page.locator("#id_received_on_0")).to_be_focused()

    # A date that cannot exist keeps what was typed and says so.
    fill_date(page, "received_on", 31, 2, today.year)
    page.get_by_role("button", name="Record the complaint").click()
    expect(summary).to_contain_text("The date we received it must be a real date")
    expect(page.locator("#id_received_on_0")).to_have_value("31")

    page.get_by_role("radio", name="Complaining about a service we have provided").check()
    page.locator("input[name=channel][value=phone]").check()
    fill_date(page, "received_on", today.day, today.month, today.year)
    fill_date(page, "event_on", happened.day, happened.month, happened.year)
    page.get_by_label("What went wrong").fill("My letters about my case went unanswered.")
    page.get_by_label("What would put it right").fill("An answer and an apology.")
    page.get_by_label(re.compile(r"^The standard of service")).check()
    page.get_by_label("Full name", exact=True).fill("Ffion Jones")
    page.get_by_label("Email address (optional)", exact=True).fill("ffion@example.invalid")
    page.locator("input[name=preferred_contact][value=phone]").check()
    page.get_by_label("Large print").check()
    page.get_by_role("button", name="Record the complaint").click()

    # The case page.
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("recorded")
    complaint = Complaint.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text(complaint.reference)
    expect(page.locator(".govuk-inset-text").first).to_contain_text("Large print")

    # Acknowledge it (nothing is answered before it is acknowledged), then accept it.
    page.get_by_role("link", name="Record acknowledgement sent").click()
    page.get_by_role("button", name="Record acknowledgement").click()
    expect(banner).to_contain_text("Record acknowledgement sent: done")
    page.get_by_role("link", name="Accept the complaint").click()
    page.get_by_role("button", name="Confirm").click()
    expect(banner).to_contain_text("Accept the complaint: done")

    # Assign a reviewer: first without choosing one.
    page.get_by_role("link", name="Assign a reviewer").click()
    page.get_by_label(re.compile(r"If the reviewer is not more senior")).fill("Kept text")
    page.get_by_role("button", name="Assign the reviewer").click()
    expect(summary).to_contain_text("Select a reviewer")
    expect(page.get_by_label(re.compile(r"If the reviewer is not more senior"))).to_have_value(
        "Kept text"
    )
    assert_no_axe_violations(page)
    screenshot("action-errors")
    page.get_by_label("Reviewer", exact=True).select_option(value=str(people["reviewer"].pk))
    page.get_by_label(re.compile(r"If the reviewer is not more senior")).fill("")
    page.get_by_role("button", name="Assign the reviewer").click()
    expect(banner).to_contain_text("Assign a reviewer: done")

    # The work queue, as the caseworker sees it.
    page.goto(live_server.url + "/staff/cases/?view=all")
    expect(page.get_by_role("link", name=complaint.reference)).to_be_visible()
    expect(page.locator(".govuk-table .govuk-tag").last).to_contain_text("working days left")
    assert_no_axe_violations(page)
    screenshot("queue")
    page.get_by_role("button", name="Sign out").click()

    # The reviewer signs in, finds the case assigned to them and responds.
    sign_in(page, live_server, "reviewer")
    page.get_by_role("link", name="Assigned to me").click()
    page.get_by_role("link", name=complaint.reference).click()
    page.get_by_role("link", name="Record the response").click()
    page.get_by_label("Upheld", exact=True).check()
    page.get_by_label("Conclusions of the review").fill("Our letters were not answered in time.")
    page.get_by_label("Reasons for the outcome").fill("The post was not checked for a month.")
    page.get_by_role("button", name="Record the response").click()
    expect(banner).to_contain_text("Record the response: done")

    # The case page shows the response, the deadlines and their explanations.
    expect(page.locator("h1 .govuk-tag")).to_have_text("Responded")
    expect(page.get_by_text("Our letters were not answered in time.")).to_be_visible()
    page.get_by_text("Why this date").first.click()
    expect(page.locator(".govuk-details__text").first).to_contain_text("working days")
    assert_no_axe_violations(page)
    screenshot("case")
    assert Complaint.objects.get().status == Status.RESPONDED
    assert page_problems == []
