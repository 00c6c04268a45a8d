"""The work queue page: where each role starts, what a search finds, who is offered "Record a
complaint", and a number of queries that does not grow with the cases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from putright.cases import selectors
from putright.cases.models import Complaint
from putright.cases.services import PersonDetails

pytestmark = pytest.mark.django_db


def shows(response: Any, text: Any) -> bool:
    """Whether the page shows ``text`` (as the template would escape it)."""
    return escape(str(text)) in response.content.decode()


def current_view(response: Any) -> str:
    """The label of the queue view the page marks as current."""
    views = response.content.decode().split('aria-label="Queue views"', 1)[1]
    marker = 'aria-current="page"><strong class="govuk-service-navigation__active-fallback">'
    return views.split(marker, 1)[1].split("</strong>", 1)[0]


# -- where each role starts --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "view"),
    [
        ("caseworker", "My team"),
        ("reviewer", "My team"),
        ("manager", "All I can see"),
        ("assurance", "All I can see"),
        ("auditor", "All I can see"),
        ("admin", "All I can see"),
    ],
)
def test_each_role_starts_on_a_view_of_cases_it_can_have(org, staff, client_for, who, view):
    response = client_for(staff[who]).get(reverse("staff:queue"))
    assert response.status_code == 200
    assert current_view(response) == view


def test_an_auditor_starts_on_every_case(make_complaint, teams, client_for, staff):
    north = make_complaint()
    south = make_complaint(team=teams["south"])
    response = client_for(staff["auditor"]).get(reverse("staff:queue"))
    assert shows(response, north.reference) and shows(response, south.reference)


def test_business_assurance_starts_on_the_stages_they_review(
    make_complaint, run_action, staff, client_for
):
    reviewed = run_action(make_complaint(), "accept", staff["caseworker"])
    run_action(reviewed, "assign-reviewer", staff["caseworker"], reviewer=staff["assurance"])
    other = make_complaint()
    response = client_for(staff["assurance"]).get(reverse("staff:queue"))
    assert shows(response, reviewed.reference) and not shows(response, other.reference)


def test_a_chosen_view_is_kept(org, staff, client_for):
    response = client_for(staff["auditor"]).get(reverse("staff:queue"), {"view": "closed"})
    assert current_view(response) == "Closed"


# -- searching finds closed complaints ---------------------------------------------------------
@pytest.fixture
def parry_cases(make_complaint: Callable[..., Complaint], run_action, staff) -> dict[str, Any]:
    person = PersonDetails(full_name="Olwen Parry", email="olwen@example.invalid")
    closed = make_complaint(person=person)
    run_action(closed, "withdraw", staff["caseworker"], confirm=True, reason="Phoned")
    return {"closed": closed, "open": make_complaint(person=person)}


def test_searching_all_i_can_see_finds_a_closed_complaint_and_says_so(
    parry_cases, staff, client_for
):
    response = client_for(staff["caseworker"]).get(
        reverse("staff:queue"), {"view": "all", "q": "Parry"}
    )
    page = response.content.decode()
    assert page.index(parry_cases["open"].reference) < page.index(parry_cases["closed"].reference)
    assert shows(response, "These results include closed cases, listed after the open ones.")
    assert shows(response, "All I can see: 2 cases")


def test_searching_another_view_says_closed_cases_are_elsewhere_and_keeps_the_search(
    parry_cases, staff, client_for
):
    response = client_for(staff["caseworker"]).get(
        reverse("staff:queue"), {"view": "team", "q": "Parry"}
    )
    assert shows(response, parry_cases["open"].reference)
    assert not shows(response, parry_cases["closed"].reference)
    assert shows(response, "Closed cases are not in this view.")
    assert 'href="?view=all&amp;q=Parry"' in response.content.decode()


def test_a_queue_without_a_search_says_nothing_about_closed_cases(parry_cases, staff, client_for):
    response = client_for(staff["caseworker"]).get(reverse("staff:queue"), {"view": "all"})
    assert not shows(response, parry_cases["closed"].reference)
    assert not shows(response, "closed cases")
    assert not shows(response, "Closed cases are not in this view.")


# -- who is offered "Record a complaint" -------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "offered"),
    [
        ("caseworker", True),
        ("reviewer", True),
        ("manager", True),
        ("assurance", True),
        ("auditor", False),
        ("admin", False),
    ],
)
def test_record_a_complaint_is_offered_only_to_those_who_may(org, staff, client_for, who, offered):
    client = client_for(staff[who])
    record = reverse("staff:record")
    for page in (reverse("staff:queue"), reverse("staff:queue") + "?view=closed"):
        assert (f'href="{record}"' in client.get(page).content.decode()) is offered
    assert (client.get(record).status_code == 200) is offered


# -- a fixed number of queries -----------------------------------------------------------------
def test_each_view_makes_the_same_queries_with_more_cases(
    make_complaint, run_action, staff, teams, client_for, monkeypatch
):
    monkeypatch.setattr(selectors, "QUEUE_PAGE_SIZE", 2)

    def add(n: int) -> None:
        for i in range(n):
            complaint = make_complaint(team=teams["south"] if i % 3 else teams["north"])
            if i % 2:
                complaint = run_action(complaint, "accept", staff["manager"])
                run_action(
                    complaint, "assign-reviewer", staff["manager"], reviewer=staff["reviewer"]
                )

    def counts(user: str) -> dict[str, int]:
        client = client_for(staff[user])
        found = {}
        pages = [{"view": view, "page": "2"} for view in selectors.QUEUE_VIEWS]
        for query in [{}, *pages, {"view": "all", "q": "Jones"}]:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse("staff:queue"), query).status_code == 200
            found[str(query)] = len(queries)
        return found

    add(6)
    few = {user: counts(user) for user in ("caseworker", "reviewer", "manager")}
    add(18)
    many = {user: counts(user) for user in ("caseworker", "reviewer", "manager")}
    assert many == few


def test_the_filters_keep_what_was_chosen(org, staff, client_for):
    response = client_for(staff["caseworker"]).get(
        reverse("staff:queue"), {"view": "all", "status": "open", "channel": "letter"}
    )
    page = response.content.decode()
    assert '<label class="govuk-label" for="id_status">Status</label>' in page
    assert '<option value="open" selected>Open</option>' in page
    assert '<option value="letter" selected>Letter</option>' in page
    assert '<option value="" selected>' not in page
