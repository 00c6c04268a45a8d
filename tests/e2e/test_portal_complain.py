"""Making a complaint online in a real browser: in English, in Welsh, and with JavaScript off.

Every page on the way is checked with axe-core (WCAG 2.2 AA), each question page also in its
error state, and screenshotted to var/screenshots/complain-*.png for people to look at.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect

from putright.accounts.models import Team
from putright.cases.models import Attachment, Complaint, OrganisationSettings

from .axe import assert_no_axe_violations
from .conftest import SCREENSHOTS

pytestmark = pytest.mark.e2e

#: Question pages that refuse an empty answer, so their error state can be checked.
REQUIRED = {
    "procedure",
    "who",
    "your-details",
    "name",
    "consent",
    "when",
    "found-out",
    "late",
    "what-went-wrong",
    "contact-method",
    "contact-details",
}


@pytest.fixture
def organisation(transactional_db) -> OrganisationSettings:
    team = Team.objects.create(code="north", name="North Complaints Team")
    return OrganisationSettings.objects.create(
        name="Test Council",
        procedures=["two-stage-review", "service-complaint"],
        default_team=team,
    )


def a_pdf() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 60), "white").save(buffer, format="PDF")
    return buffer.getvalue()


def slug(page: Page) -> str:
    return page.url.split("/complain/", 1)[1].split("/", 1)[0].split("?", 1)[0]


def continue_button(page: Page) -> Any:
    return page.locator("main form button.govuk-button:not(.govuk-button--secondary)").last


def choose(page: Page, name: str, value: str) -> None:
    page.locator(f"input[name='{name}'][value='{value}']").check()


def fill_date(page: Page, field: str, when: Any) -> None:
    page.locator(f"#id_{field}_0").fill(str(when.day))
    page.locator(f"#id_{field}_1").fill(str(when.month))
    page.locator(f"#id_{field}_2").fill(str(when.year))


class Person:
    """Answers each page the way one complainant would."""

    def __init__(
        self, *, procedure: str, representative: bool, language: str, days_ago: int = 12
    ) -> None:
        self.procedure = procedure
        self.representative = representative
        self.language = language
        self.today = timezone.localdate()
        self.days_ago = days_ago

    def answer(self, page: Page, at: str) -> None:
        if at == "procedure":
            choose(page, "procedure", self.procedure)
        elif at == "who":
            choose(page, "who", "someone-else" if self.representative else "myself")
        elif at == "your-details":
            page.fill("#id_full_name", "Gareth Advocate")
            page.fill("#id_relationship", "Eiriolwr")
            page.fill("#id_email", "gareth@example.invalid")
            page.fill("#id_email_confirm", "gareth@example.invalid")
        elif at == "name":
            page.fill("#id_name", "Megan Davies" if self.representative else "Ffion Jones")
        elif at == "consent":
            choose(page, "consent", "later")
        elif at == "reference":
            page.fill("#id_reference", "AB-123")
        elif at.startswith("scope-"):
            choose(page, "answer", "yes" if at == "scope-about-a-charity" else "unsure")
        elif at == "when":
            fill_date(page, "event_on", self.today - timedelta(days=self.days_ago))
        elif at == "found-out":
            fill_date(page, "found_out_on", self.today - timedelta(days=self.days_ago - 2))
        elif at == "late":
            page.fill("#id_late_reason", "I was in hospital for most of the year.")
        elif at == "what-went-wrong":
            page.fill("#id_what_went_wrong", "Nobody answered my three letters about my case.")
        elif at == "put-right":
            page.fill("#id_put_right", "An apology and an answer.")
        elif at == "about":
            page.locator("input[name='categories']").first.check()
        elif at == "documents":
            page.set_input_files(
                "#id_documents",
                {"name": "letter.pdf", "mimeType": "application/pdf", "buffer": a_pdf()},
            )
        elif at == "contact-method":
            choose(page, "contact_method", "email")
        elif at == "contact-details":
            page.fill("#id_email", "ffion@example.invalid")
            page.fill("#id_email_confirm", "ffion@example.invalid")
        elif at == "language":
            choose(page, "language", self.language)


def walk(
    page: Page, person: Person, *, name: str, check_errors: bool, screenshot, axe: bool = True
) -> list[str]:
    """From the first question to check your answers; every page checked with axe (which needs
    JavaScript: a page without it is walked only)."""
    seen: list[str] = []
    while "/check-your-answers/" not in page.url:
        at = slug(page)
        assert at not in seen, f"{at} asked twice"
        seen.append(at)
        expect(page.locator("h1")).to_be_visible()
        if axe:
            assert_no_axe_violations(page)
        if check_errors and at in REQUIRED:
            continue_button(page).click()
            expect(page.locator(".govuk-error-summary")).to_be_visible()
            assert page.title().startswith(("Error:", "Gwall:"))
            assert_no_axe_violations(page)
            if at in {"who", "when", "contact-details"}:
                screenshot(f"{name}-{at}-error")
        person.answer(page, at)
        if at in {"procedure", "scope-about-a-charity", "documents", "your-details"}:
            screenshot(f"{name}-{at}")
        if at.startswith("not-covered-"):
            screenshot(f"{name}-{at}")
            page.locator("main form button.govuk-button").click()
            continue
        continue_button(page).click()
    return seen


def test_a_complaint_in_english_with_a_document_and_a_signposting_page(
    page: Page, live_server, organisation, screenshot, page_problems
):
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Make a complaint online").click()
    expect(page.locator("h1")).to_have_text("Make a complaint online")
    assert_no_axe_violations(page)
    screenshot("complain-en-start")
    page.get_by_role("button", name="Start now").click()

    person = Person(procedure="two-stage-review", representative=False, language="en")
    seen = walk(page, person, name="complain-en", check_errors=True, screenshot=screenshot)
    assert "not-covered-about-a-charity" in seen

    expect(page.locator("h1")).to_have_text("Check your answers before sending your complaint")
    assert_no_axe_violations(page)
    screenshot("complain-en-check")
    # Change an answer from check your answers, and come back.
    page.locator("a[href='/complain/what-went-wrong/?change=1']").click()
    page.fill("#id_what_went_wrong", "Nobody answered my four letters.")
    continue_button(page).click()
    expect(page.locator("main")).to_contain_text("Nobody answered my four letters.")

    page.get_by_role("button", name="Send complaint").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Complaint sent")
    assert_no_axe_violations(page)
    page.locator(".govuk-details__summary").first.click()
    screenshot("complain-en-sent")
    complaint = Complaint.objects.get()
    expect(page.locator(".govuk-panel__body")).to_contain_text(complaint.reference)
    assert complaint.channel == "web"
    assert complaint.scope_answers == {"about-a-charity": True}
    assert Attachment.objects.get().original_name == "letter.pdf"
    assert page_problems == []


def test_a_representative_s_complaint_in_welsh(
    page: Page, live_server, organisation, screenshot, page_problems
):
    page.goto(live_server.url + "/complain/")
    page.get_by_role("link", name="Cymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.locator("h1")).to_have_text("Gwneud cwyn ar-lein")
    assert_no_axe_violations(page)
    screenshot("complain-cy-start")
    page.get_by_role("button", name="Dechrau nawr").click()

    person = Person(procedure="service-complaint", representative=True, language="cy")
    seen = walk(page, person, name="complain-cy", check_errors=True, screenshot=screenshot)
    assert seen[:5] == ["procedure", "who", "your-details", "name", "consent"]

    expect(page.locator("h1")).to_have_text("Gwiriwch eich atebion cyn anfon eich cwyn")
    assert_no_axe_violations(page)
    screenshot("complain-cy-check")
    page.get_by_role("button", name="Anfon y gŵyn").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Cwyn wedi’i hanfon")
    assert_no_axe_violations(page)
    screenshot("complain-cy-sent")
    complaint = Complaint.objects.get()
    assert complaint.language == "cy"
    assert complaint.representative.full_name == "Gareth Advocate"
    assert page_problems == []


def test_a_complaint_with_javascript_switched_off(browser, live_server, organisation):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1024, "height": 768}
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + "/complain/")
        page.get_by_role("button", name="Start now").click()
        person = Person(procedure="service-complaint", representative=False, language="en")
        walk(
            page,
            person,
            name="complain-nojs",
            check_errors=False,
            screenshot=lambda _: None,
            axe=False,
        )
        page.get_by_role("button", name="Send complaint").click()
        expect(page.locator(".govuk-panel__title")).to_have_text("Complaint sent")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "complain-nojs-sent.png"), full_page=True)
        assert Complaint.objects.get().channel == "web"
    finally:
        context.close()


def test_a_late_complaint_and_a_disguised_file(
    page: Page, live_server, organisation, screenshot, page_problems
):
    page.goto(live_server.url + "/complain/start/")
    person = Person(procedure="two-stage-review", representative=False, language="en", days_ago=200)
    original = person.answer

    def answer(page: Page, at: str) -> None:
        if at == "documents":  # a web page dressed as a PDF first: refused, by name
            page.set_input_files(
                "#id_documents",
                {
                    "name": "statement.pdf",
                    "mimeType": "application/pdf",
                    "buffer": b"<html><script>alert(1)</script></html>",
                },
            )
            continue_button(page).click()
            expect(page.locator(".govuk-error-summary")).to_contain_text("statement.pdf")
            assert_no_axe_violations(page)
            screenshot("complain-en-documents-error")
        if at == "late":
            screenshot("complain-en-late")
        original(page, at)

    person.answer = answer  # type: ignore[method-assign]
    seen = walk(page, person, name="complain-late", check_errors=True, screenshot=screenshot)
    assert "late" in seen
    page.get_by_role("button", name="Send complaint").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Complaint sent")
    assert Complaint.objects.get().late_reason == "I was in hospital for most of the year."
    assert page_problems == []
