"""The page frame in a real browser: styles and scripts load, and axe finds no WCAG 2.2 AA issue."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .axe import assert_no_axe_violations

pytestmark = pytest.mark.e2e

STATIC_PAGES = [
    ("accessibility", "/accessibility/"),
    ("privacy", "/privacy/"),
    ("cookies", "/cookies/"),
]


def choose_language(page, live_server, code: str) -> None:
    page.goto(f"{live_server.url}/language/{code}/?next=/")


def test_start_page_in_english(page, live_server, screenshot, page_problems):
    page.goto(live_server.url + "/")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Make a complaint")
    assert_no_axe_violations(page)
    screenshot("start-en")
    assert page_problems == []


def test_start_page_in_welsh(page, live_server, screenshot, page_problems):
    choose_language(page, live_server, "cy")

    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gwneud cwyn")
    assert_no_axe_violations(page)
    screenshot("start-cy")
    assert page_problems == []


def test_sign_in_page(page, live_server, screenshot, page_problems):
    page.goto(live_server.url + "/staff/sign-in/")

    expect(page.get_by_label("Username")).to_be_visible()
    assert_no_axe_violations(page)
    screenshot("sign-in")
    assert page_problems == []


def test_sign_in_page_with_errors(page, live_server, screenshot, page_problems):
    page.goto(live_server.url + "/staff/sign-in/")
    page.get_by_label("Username").fill("alice")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # GOV.UK Frontend's JavaScript moves focus to the summary
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    expect(page.get_by_label("Username")).to_have_value("alice")
    assert_no_axe_violations(page)
    screenshot("sign-in-errors")

    summary.get_by_role("link", name="Enter your password").click()
    expect(page.get_by_label("Password")).to_be_focused()
    assert page_problems == []


@pytest.mark.parametrize(("name", "path"), STATIC_PAGES)
def test_footer_pages(page, live_server, screenshot, page_problems, name, path):
    page.goto(live_server.url + path)

    assert_no_axe_violations(page)
    screenshot(name)
    assert page_problems == []


def test_page_not_found(page, live_server, screenshot):
    response = page.goto(live_server.url + "/no-such-page/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_no_axe_violations(page)
    screenshot("404")


def test_govuk_frontend_styles_fonts_and_javascript_load(page, live_server, page_problems):
    page.goto(live_server.url + "/")

    body = page.locator("body")
    expect(body).to_have_class(re.compile(r"\bjs-enabled\b"))  # the nonce'd inline script ran
    expect(body).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    header = page.locator(".govuk-generic-header")
    expect(header).to_have_css("background-color", "rgb(11, 12, 12)")
    font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert font.lower().startswith("arial")
    assert "GDS Transport" not in font
    # initAll() marks each component it starts.
    expect(page.locator("[data-module='govuk-skip-link']")).to_have_attribute(
        "data-govuk-skip-link-init", ""
    )
    assert page_problems == []


def test_skip_link_moves_to_the_main_content(page, live_server):
    page.goto(live_server.url + "/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    skip.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()


def test_language_switch_returns_to_the_same_page(page, live_server):
    page.goto(live_server.url + "/cookies/")

    page.get_by_role("link", name="Cymraeg").click()

    expect(page).to_have_url(live_server.url + "/cookies/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cwcis")
    expect(page.get_by_text("English", exact=True)).to_be_visible()


def test_signed_in_frame_with_sign_out(page, live_server, screenshot, page_problems):
    from putright.accounts.models import StaffUser

    StaffUser.objects.create_user(username="alice", password="correct-horse-battery-staple")
    page.goto(live_server.url + "/staff/sign-in/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("correct-horse-battery-staple")
    page.get_by_role("button", name="Sign in").click()
    page.goto(live_server.url + "/")

    sign_out = page.get_by_role("button", name="Sign out")
    expect(sign_out).to_be_visible()
    expect(sign_out).to_have_css("color", "rgb(26, 101, 166)")  # link blue, like its neighbours
    assert_no_axe_violations(page)
    screenshot("start-signed-in")

    sign_out.click()
    expect(page).to_have_url(live_server.url + "/staff/sign-in/")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    assert page_problems == []
