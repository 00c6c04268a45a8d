"""The public procedure pages, generated from the definitions, in both languages, axe-clean."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from putright.cases.models import OrganisationSettings

from .axe import assert_no_axe_violations

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(("code", "heading"), [("en", "Stage 1 review"), ("cy", "Adolygiad")])
def test_procedure_pages_from_the_start_page(
    page, live_server, screenshot, page_problems, code, heading
):
    OrganisationSettings.objects.create(
        name="Test Council", procedures=["two-stage-review", "service-complaint"]
    )
    page.goto(f"{live_server.url}/language/{code}/?next=/")
    page.locator("a[href='/our-complaints-procedure/']").click()
    assert_no_axe_violations(page)
    page.locator("a[href='/our-complaints-procedure/two-stage-review/']").click()
    expect(page.locator("html")).to_have_attribute("lang", code)
    expect(page.locator("h3").first).to_contain_text(heading)
    assert_no_axe_violations(page)
    screenshot(f"procedure-{code}")
    assert page_problems == []
