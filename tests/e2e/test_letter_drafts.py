"""A caseworker checks a stage response made as a draft, changes its words, and sends it, in a
real browser: every page and error state passes axe (WCAG 2.2 AA), and is screenshotted."""

from __future__ import annotations

import re
from email import message_from_bytes, policy

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from putright.accounts.models import Role, StaffUser, Team
from putright.cases.actions import ACTIONS
from putright.cases.models import Complaint, OrganisationSettings
from putright.cases.services import NewComplaint, PersonDetails, complaint_create
from putright.letters.models import Letter, LetterStatus

from .axe import assert_no_axe_violations

pytestmark = pytest.mark.e2e

PASSWORD = "a-long-test-password-9"
APOLOGY = "We are sorry that three of your letters went unanswered."


@pytest.fixture
def draft_case(transactional_db, settings, tmp_path):
    """A complaint whose first stage was answered: its stage response waits as a draft."""
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
    people = {
        name: StaffUser.objects.create_user(
            username=name,
            password=PASSWORD,
            first_name=first,
            last_name="Williams",
            role=role,
            grade=grade,
            team=north,
        )
        for name, first, role, grade in (
            ("caseworker", "Cai", Role.CASEWORKER, 2),
            ("reviewer", "Rhian", Role.REVIEWER, 5),
            ("manager", "Mair", Role.COMPLAINTS_MANAGER, 7),
        )
    }
    complaint = complaint_create(
        data=NewComplaint(
            procedure_id="two-stage-review",
            channel="phone",
            received_on=timezone.localdate(),
            what_went_wrong="Nobody answered my letters.",
            put_right="An answer.",
            person=PersonDetails(full_name="Ffion Jones", email="ffion@example.invalid"),
            team=north,
        ),
        actor=people["caseworker"],
    )

    def act(key: str, actor, **data) -> None:
        ACTIONS[key](Complaint.objects.get(pk=complaint.pk), actor).run(data)

    act("accept", people["caseworker"])
    act("assign-reviewer", people["manager"], reviewer=people["reviewer"])
    act(
        "respond",
        people["reviewer"],
        outcome="partly-upheld",
        conclusions="We were slow to reply.",
        reasons="Three letters went unanswered for six weeks.",
    )
    return complaint


def test_a_caseworker_edits_and_sends_a_draft(
    page: Page, live_server, draft_case, settings, screenshot, page_problems
):
    letter = Letter.objects.get(complaint=draft_case, kind="stage-response")
    assert letter.status == LetterStatus.DRAFT
    page.goto(live_server.url + "/staff/sign-in/")
    page.get_by_label("Username").fill("caseworker")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{live_server.url}/staff/cases/{draft_case.pk}/")
    banner = page.get_by_role("region", name="Letter to send: check and send")
    expect(banner).to_contain_text("Stage response")
    assert_no_axe_violations(page)
    screenshot("letter-draft-case-page")

    expect(banner.get_by_role("link", name="Check, edit and send the letter")).to_be_visible()

    page.get_by_role("link", name="Work queue", exact=True).click()
    page.get_by_role("link", name="Letters to check and send").click()
    expect(page.get_by_role("heading", level=1, name="Letters to send")).to_be_visible()
    assert_no_axe_violations(page)
    screenshot("letter-drafts-waiting")
    page.get_by_role(
        "link", name=re.compile(rf"^Stage response\s*,\s*{draft_case.reference}$")
    ).click()
    expect(
        page.get_by_role("heading", level=1, name="Check and send the letter: Stage response")
    ).to_be_visible()
    expect(page.get_by_role("region", name="The letter in English")).to_contain_text(
        "We were slow to reply."
    )
    assert_no_axe_violations(page)

    opening = page.get_by_label("Opening paragraphs")
    opening.fill("x" * 5_001)
    page.get_by_role("button", name="Save changes and check again").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Opening paragraphs must be 5,000 characters or fewer")
    assert_no_axe_violations(page)
    screenshot("letter-draft-error")

    summary.get_by_role("link").first.click()
    expect(opening).to_be_focused()
    opening.fill(f"{APOLOGY}\n\n<b>Thank you</b> for your patience.")
    page.get_by_role("button", name="Save changes and check again").click()
    expect(page.get_by_role("alert")).to_contain_text("Your changes are saved")
    preview = page.get_by_role("region", name="The letter in English")
    expect(preview).to_contain_text(APOLOGY)
    expect(preview).to_contain_text("<b>Thank you</b> for your patience.")  # shown as typed
    assert_no_axe_violations(page)
    screenshot("letter-draft-edited")

    page.get_by_role("button", name="Send letter").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Letter sent: Stage response, to ffion@example.invalid."
    )
    expect(page.get_by_role("region", name="Letter to send: check and send")).to_have_count(0)
    expect(page.locator("#timeline ~ ol")).to_contain_text(
        "Letter checked and sent: Stage response."
    )
    assert_no_axe_violations(page)
    screenshot("letter-draft-sent")

    letter.refresh_from_db()
    assert letter.status == LetterStatus.FINAL and letter.sent_at is not None
    sent = [
        message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted((settings.EMAIL_FILE_PATH).glob("*.eml"))
    ]
    response = next(m for m in sent if "our response" in m["Subject"])
    text = response.get_body(preferencelist=("plain",)).get_content()
    assert APOLOGY in " ".join(text.split())
    assert page_problems == []


def test_an_administrator_previews_and_saves_a_letters_wording(
    page: Page, live_server, draft_case, screenshot, page_problems
):
    StaffUser.objects.create_user(
        username="admin",
        password=PASSWORD,
        first_name="Ada",
        role=Role.ADMIN,
        team=Team.objects.get(code="north"),
    )
    page.goto(live_server.url + "/staff/sign-in/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("navigation", name="Staff menu").get_by_role(
        "link", name="Letter wording"
    ).click()
    expect(page.get_by_role("heading", level=1, name="Letter wording")).to_be_visible()
    assert_no_axe_violations(page)
    screenshot("letter-wording-index")

    # The hidden words are positioned apart, so browsers put a space before them.
    page.get_by_role("link", name=re.compile(r"^Stage response\s*: change the wording$")).click()
    opening = page.locator("#id_en_opening")
    opening.fill("We looked into your complaint {refrence} carefully.")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The wording uses {refrence}, which Putright does not know."
    )
    assert_no_axe_violations(page)
    screenshot("letter-wording-error")

    opening.fill("We looked into your complaint {reference} carefully.")
    page.get_by_label("Or select a recent case").select_option(str(draft_case.pk))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("region", name="The letter in English")).to_contain_text(
        f"We looked into your complaint {draft_case.reference} carefully."
    )
    expect(page.get_by_role("region", name="The letter in Welsh")).to_be_visible()
    assert_no_axe_violations(page)
    screenshot("letter-wording-preview")

    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_role("alert")).to_contain_text("saved as version 2 (English)")
    page.get_by_role("link", name="Version history").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Version history")
    assert_no_axe_violations(page)
    screenshot("letter-wording-history")
    assert page_problems == []
