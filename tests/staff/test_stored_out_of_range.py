"""A date already stored outside what the working-day calendar can count (before 1970 or after
2100, say 31 December 9999 or 1 January 0001) never breaks a page: the case page, every queue
view and a search that finds the case answer 200 and say the date is out of range."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from putright.cases.models import Complaint, StageInstance, Status
from putright.cases.selectors import DATE_OUT_OF_RANGE, QUEUE_VIEWS, rag, window_rag
from putright.policy import FIRST_DATE, LAST_DATE
from putright.staff.presentation import TIME_LIMIT_UNKNOWN

from .conftest import TODAY

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = [date(9999, 12, 31), date(1, 1, 1), date(1969, 12, 31), date(2101, 1, 1)]
WELSH_OUT_OF_RANGE = "Dyddiad y tu allan i’r ystod"


# -- the tag itself ----------------------------------------------------------------------------
@pytest.mark.parametrize("due", OUT_OF_RANGE, ids=str)
def test_a_deadline_the_calendar_cannot_count_to_is_tagged_out_of_range(org, due):
    tag = rag(due, TODAY)
    assert (tag.colour, tag.label, tag.days_left) == ("grey", str(DATE_OUT_OF_RANGE), None)


@pytest.mark.parametrize("last_day", OUT_OF_RANGE, ids=str)
def test_a_window_the_calendar_cannot_count_from_is_tagged_out_of_range(org, last_day):
    tag = window_rag(last_day, TODAY)
    assert (tag.colour, tag.label) == ("grey", str(DATE_OUT_OF_RANGE))


@pytest.mark.parametrize("due", [FIRST_DATE, LAST_DATE], ids=str)
def test_the_calendars_own_first_and_last_dates_are_counted(org, due):
    assert rag(due, TODAY).label != str(DATE_OUT_OF_RANGE)


# -- the pages ---------------------------------------------------------------------------------
@pytest.fixture
def open_case(make_complaint, run_action, staff) -> Complaint:
    """A case in its first stage, assigned to the caseworker, so every open view can list it."""
    complaint = run_action(make_complaint(), "accept", staff["caseworker"])
    return run_action(complaint, "assign", staff["caseworker"], assignee=staff["caseworker"])


def store(complaint: Complaint, where: str, **values: Any) -> None:
    """Write straight to the database, as a bad import or an old bug would have."""
    if where == "stage":
        StageInstance.objects.filter(complaint=complaint).update(**values)
    else:
        Complaint.objects.filter(pk=complaint.pk).update(**values)


def says_out_of_range(response: Any) -> bool:
    return str(DATE_OUT_OF_RANGE) in response.content.decode()


#: (where, field): dates the case page counts from or to.
CASE_PAGE_DATES = [
    ("complaint", "acknowledged_on"),
    ("complaint", "received_on"),
    ("stage", "due_on"),
    ("stage", "extended_due_on"),
    ("stage", "clock_started_on"),
]


@pytest.mark.parametrize("value", OUT_OF_RANGE, ids=str)
@pytest.mark.parametrize(("where", "name"), CASE_PAGE_DATES)
def test_the_case_page_shows_a_stored_date_out_of_range(
    open_case, staff, client_for, where, name, value
):
    store(open_case, where, **{name: value})
    response = client_for(staff["caseworker"]).get(reverse("staff:detail", args=[open_case.pk]))
    assert response.status_code == 200
    assert says_out_of_range(response)


@pytest.mark.parametrize("value", OUT_OF_RANGE, ids=str)
def test_the_case_page_shows_a_response_date_out_of_range(
    make_complaint, run_action, staff, client_for, value
):
    complaint = run_action(make_complaint(), "accept", staff["caseworker"])
    complaint = run_action(
        complaint, "assign-reviewer", staff["caseworker"], reviewer=staff["reviewer"]
    )
    complaint = run_action(
        complaint, "respond", staff["reviewer"], outcome="upheld", conclusions="C", reasons="R"
    )
    store(complaint, "stage", responded_on=value)
    response = client_for(staff["caseworker"]).get(reverse("staff:detail", args=[complaint.pk]))
    assert response.status_code == 200
    assert says_out_of_range(response)


@pytest.mark.parametrize("value", OUT_OF_RANGE, ids=str)
@pytest.mark.parametrize("view", QUEUE_VIEWS)
def test_every_queue_view_shows_a_stored_due_date_out_of_range(
    open_case, staff, client_for, view, value
):
    store(open_case, "complaint", current_due_on=value)
    response = client_for(staff["caseworker"]).get(reverse("staff:queue"), {"view": view})
    assert response.status_code == 200
    if open_case.reference in response.content.decode():
        assert says_out_of_range(response)


@pytest.mark.parametrize("value", OUT_OF_RANGE, ids=str)
def test_the_team_queue_lists_the_case_and_says_its_date_is_out_of_range(
    open_case, staff, client_for, value
):
    store(open_case, "complaint", current_due_on=value)
    response = client_for(staff["caseworker"]).get(reverse("staff:queue"), {"view": "team"})
    assert response.status_code == 200
    assert open_case.reference in response.content.decode()
    assert says_out_of_range(response)


@pytest.mark.parametrize("value", OUT_OF_RANGE, ids=str)
@pytest.mark.parametrize("query", ["reference", "name"])
def test_a_search_that_finds_the_case_says_its_date_is_out_of_range(
    open_case, staff, client_for, value, query
):
    store(open_case, "complaint", current_due_on=value)
    text = open_case.reference if query == "reference" else "Ffion"
    response = client_for(staff["caseworker"]).get(
        reverse("staff:queue"), {"view": "all", "q": text}
    )
    assert response.status_code == 200
    assert open_case.reference in response.content.decode()
    assert says_out_of_range(response)


@pytest.mark.parametrize("value", OUT_OF_RANGE, ids=str)
def test_a_closed_case_with_a_stored_date_out_of_range_is_listed(
    open_case, staff, client_for, value
):
    store(open_case, "complaint", status=Status.CLOSED, closed_on=value, current_due_on=value)
    client = client_for(staff["caseworker"])
    listed = client.get(reverse("staff:queue"), {"view": "closed"})
    assert listed.status_code == 200
    assert open_case.reference in listed.content.decode()
    page = client.get(reverse("staff:detail", args=[open_case.pk]))
    assert page.status_code == 200


def test_the_case_page_says_it_in_welsh(open_case, staff, client_for):
    store(open_case, "stage", extended_due_on=date(9999, 12, 31))
    client = client_for(staff["caseworker"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    response = client.get(reverse("staff:detail", args=[open_case.pk]))
    assert response.status_code == 200
    assert WELSH_OUT_OF_RANGE in response.content.decode()


def test_an_event_date_in_year_9999_does_not_break_the_case_page(open_case, staff, client_for):
    store(open_case, "complaint", event_on=date(9999, 12, 31))
    response = client_for(staff["caseworker"]).get(reverse("staff:detail", args=[open_case.pk]))
    assert response.status_code == 200
    assert str(TIME_LIMIT_UNKNOWN) in response.content.decode()
