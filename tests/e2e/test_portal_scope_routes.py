"""Every out-of-scope route of both procedures, in a real browser, and the complaint in the queue.

Each route is taken from the procedure data: the person says "yes" to that one scope question,
reads the signposting the procedure gives for it (in English for one procedure, in Welsh for the
other), and carries on; the complaint is recorded with that answer, for staff to close with the
same signposting. Saying "Stop here" records nothing. A complaint sent online with a document
then appears in a caseworker's queue as a web complaint, and its case page lists the document.
Screenshots go to var/screenshots/scope-*.png.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from putright.accounts.models import Role, StaffUser, Team
from putright.cases.models import Complaint, OrganisationSettings
from putright.policy import get_registry

from .axe import assert_no_axe_violations
from .test_portal_complain import Person, continue_button, slug

pytestmark = pytest.mark.e2e

PASSWORD = "a-long-test-password-for-staff"

#: (procedure, exclusion code, language): the two-stage review's routes in English, the service
#: complaints procedure's in Welsh.
ROUTES = [
    (procedure, exclusion.code, "en" if procedure == "two-stage-review" else "cy")
    for procedure in ("two-stage-review", "service-complaint")
    for exclusion in get_registry().get(procedure).exclusions
]


@pytest.fixture
def north(transactional_db) -> Team:
    team = Team.objects.create(code="north", name="North Complaints Team")
    OrganisationSettings.objects.create(
        name="Test Council",
        procedures=["two-stage-review", "service-complaint"],
        default_team=team,
    )
    return team


class SaysYesTo(Person):
    """Answers "yes" to one scope question and "no" to the others."""

    def __init__(self, code: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.code = code

    def answer(self, page: Page, at: str) -> None:
        if at.startswith("scope-"):
            value = "yes" if at == f"scope-{self.code}" else "no"
            page.locator(f"input[name='answer'][value='{value}']").check()
            return
        super().answer(page, at)


def start(page: Page, live_server, language: str) -> None:
    page.goto(live_server.url + "/complain/")
    if language == "cy":
        page.get_by_role("link", name="Cymraeg").click()
        expect(page.locator("html")).to_have_attribute("lang", "cy")
    page.locator("main a.govuk-button--start, main button.govuk-button--start").first.click()


def answer_until(page: Page, person: Person, stop: str) -> list[str]:
    seen = []
    while slug(page) != stop:
        at = slug(page)
        assert at not in seen, f"{at} asked twice"
        assert "/check-your-answers/" not in page.url, f"never reached {stop}: {seen}"
        seen.append(at)
        person.answer(page, at)
        continue_button(page).click()
    return seen


@pytest.mark.parametrize(("procedure", "code", "language"), ROUTES)
def test_each_out_of_scope_route_signposts_and_lets_the_person_carry_on(
    page: Page, live_server, north, screenshot, page_problems, procedure, code, language
):
    exclusion = get_registry().get(procedure).exclusion(code)
    person = SaysYesTo(code, procedure=procedure, representative=False, language=language)
    start(page, live_server, language)
    answer_until(page, person, f"not-covered-{code}")

    expect(page.locator("h1")).to_have_text(exclusion.title.get(language))
    expect(page.locator(".govuk-inset-text")).to_have_text(exclusion.signposting.get(language))
    assert_no_axe_violations(page)
    screenshot(f"scope-{language}-{code}")

    page.locator("main form button.govuk-button").click()  # carry on with my complaint
    while "/check-your-answers/" not in page.url:
        person.answer(page, slug(page))
        continue_button(page).click()
    page.locator("main form button.govuk-button").last.click()
    expect(page.locator(".govuk-panel__title")).to_be_visible()
    complaint = Complaint.objects.get()
    assert complaint.procedure_id == procedure
    assert complaint.scope_answers[code] is True
    assert [k for k, v in complaint.scope_answers.items() if v] == [code]
    assert page_problems == []


def test_stop_here_records_nothing(page: Page, live_server, north):
    person = SaysYesTo(
        "about-a-charity", procedure="two-stage-review", representative=False, language="en"
    )
    start(page, live_server, "en")
    answer_until(page, person, "not-covered-about-a-charity")
    page.get_by_role("link", name="Stop here").click()
    expect(page.locator("h1")).to_be_visible()
    assert "/complain/" not in page.url
    assert not Complaint.objects.exists()


def test_a_complaint_made_online_is_in_the_queue_as_a_web_complaint_with_its_document(
    page: Page, live_server, north, screenshot
):
    person = Person(procedure="two-stage-review", representative=False, language="en")
    start(page, live_server, "en")
    while "/check-your-answers/" not in page.url:
        at = slug(page)
        if at.startswith("not-covered-"):
            page.locator("main form button.govuk-button").click()
            continue
        person.answer(page, at)
        continue_button(page).click()
    page.get_by_role("button", name="Send complaint").click()
    complaint = Complaint.objects.get()

    StaffUser.objects.create_user(
        username="caseworker",
        password=PASSWORD,
        first_name="Cai",
        last_name="Williams",
        role=Role.CASEWORKER,
        grade=2,
        team=north,
    )
    page.goto(live_server.url + "/staff/sign-in/")
    page.get_by_label("Username").fill("caseworker")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    row = page.locator("tbody tr", has_text=complaint.reference)
    expect(row).to_contain_text("Ffion Jones")
    row.get_by_role("link", name=complaint.reference).click()
    expect(page.locator("main")).to_contain_text("Web form")
    expect(page.locator("main")).to_contain_text("letter.pdf")
    assert_no_axe_violations(page)
    screenshot("scope-staff-case-from-the-web")
