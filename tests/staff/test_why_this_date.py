""" "Why this date" on the case page is in the reader's language: each deadline's explanation and
the time limit's."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from putright.cases import selectors
from putright.staff.presentation import deadlines

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def page(client: Any, complaint: Any, lang: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(reverse("staff:detail", args=[complaint.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def open_case(make_complaint: Any, run_action: Any, staff: Any) -> Any:
    """Acknowledged and in its first stage, so it has both kinds of deadline and a time limit."""
    return run_action(make_complaint(), "accept", staff["caseworker"])


def test_each_deadline_is_explained_in_the_readers_language(open_case, staff):
    case = selectors.case_for(staff["caseworker"], open_case.pk)
    welsh = deadlines(case, today=TODAY, lang="cy")
    english = deadlines(case, today=TODAY, lang="en")
    assert [d.explanation for d in welsh] == [d.result.render("cy") for d in welsh]
    assert [d.explanation for d in english] == [d.result.render("en") for d in english]
    assert all(w.explanation != e.explanation for w, e in zip(welsh, english, strict=True))


def test_a_welsh_case_page_explains_its_dates_in_welsh(open_case, staff, client_for):
    client = client_for(staff["caseworker"])
    welsh = page(client, open_case, "cy")
    case = selectors.case_for(staff["caseworker"], open_case.pk)
    for deadline in deadlines(case, today=TODAY, lang="cy"):
        assert escape(deadline.result.render("cy")) in welsh
    assert escape(selectors.time_limit(case).render("cy")) in welsh
    assert "working days after that is" not in welsh
    assert "calendar months after that is" not in welsh
    assert "Y diwrnod olaf mewn pryd" in welsh


def test_an_english_case_page_explains_its_dates_in_english(open_case, staff, client_for):
    english = page(client_for(staff["caseworker"]), open_case, "en")
    assert "working days after that is" in english
    assert "calendar months after that is" in english
    assert "diwrnod gwaith ar ôl hynny" not in english


def test_a_closed_case_counts_no_deadline_down(open_case, staff, run_action):
    """Withdrawn in its first stage, long after the stage was due: nothing is overdue or left."""
    withdrawn = run_action(
        open_case, "withdraw", staff["caseworker"], reason="Sorted by phone.", confirm=True
    )
    long_after = TODAY.replace(year=TODAY.year + 1)
    case = selectors.case_for(staff["caseworker"], withdrawn.pk)
    tags = [d.rag for d in deadlines(case, today=long_after, lang="en")]
    assert tags and all(tag.colour == "grey" for tag in tags), tags
    assert not any("Overdue" in tag.label or "left" in tag.label for tag in tags)
