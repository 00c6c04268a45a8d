"""The work queue selector: views, who sees what, order, pages, capped counts, search and a
fixed number of queries."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.paginator import Page
from django.db import connection
from django.test.utils import CaptureQueriesContext

from putright.cases import actions, permissions, selectors
from putright.cases.models import Complaint
from putright.cases.services import PersonDetails

from .conftest import TODAY, act


def test_cases_with_a_deadline_come_first_soonest_first(make_complaint, staff):
    late = make_complaint("two-stage-review", received_on=date(2026, 11, 20), acknowledged=False)
    early = make_complaint("two-stage-review", received_on=date(2026, 11, 2), acknowledged=False)
    frontline = act("accept", make_complaint("service-complaint"), staff["caseworker"])
    assert frontline.current_due_on is None
    page = selectors.queue(staff["caseworker"], selectors.QueueFilters(view="team"), today=TODAY)
    assert [c.pk for c in page] == [early.pk, late.pk, frontline.pk]


def test_search_finds_by_reference_name_email_and_text(make_complaint, staff):
    wanted = make_complaint(
        "two-stage-review",
        person=PersonDetails(full_name="Gwenllian Parry", email="g.parry@example.invalid"),
        what_went_wrong="The parking permit never arrived.",
    )
    make_complaint("two-stage-review")
    for text in (wanted.reference.lower(), "llian par", "G.PARRY@example.invalid", "PARKING"):
        page = selectors.queue(
            staff["caseworker"], selectors.QueueFilters(view="all", q=text), today=TODAY
        )
        assert [c.pk for c in page] == [wanted.pk], text


def test_the_count_is_capped(make_complaint, staff, monkeypatch):
    monkeypatch.setattr(selectors, "QUEUE_COUNT_CAP", 2)
    for _ in range(3):
        make_complaint("two-stage-review")
    page = selectors.queue(staff["caseworker"], selectors.QueueFilters(view="all"), today=TODAY)
    assert (page.paginator.count, page.paginator.capped) == (2, True)


def test_a_search_matching_more_than_the_cap_says_so(make_complaint, staff, monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_CAP", 2)
    for _ in range(3):
        make_complaint("two-stage-review")  # all "Ffion Jones"
    matches = selectors.search_matches("Jones")
    assert matches.capped
    page = selectors.queue(
        staff["caseworker"], selectors.QueueFilters(view="all", q="Jones"), today=TODAY
    )
    assert page.search_capped


# -- views, visibility and pages ---------------------------------------------------------------
def due_order(complaints: list[Complaint]) -> list[int]:
    """The order of an open view: soonest deadline first, no deadline last, then by id."""
    fresh = Complaint.objects.filter(pk__in=[c.pk for c in complaints])
    return [c.pk for c in sorted(fresh, key=lambda c: (c.current_due_on or date.max, c.pk))]


def every_page(user: Any, view: str, **filters: Any) -> list[int]:
    pks: list[int] = []
    number = 1
    while True:
        page = selectors.queue(
            user, selectors.QueueFilters(view=view, page=number, **filters), today=TODAY
        )
        pks += [c.pk for c in page]
        if not page.has_next():
            return pks
        number += 1


@pytest.fixture
def seen_many_ways(make_complaint, staff, teams) -> dict[str, Complaint]:
    """Cases the reviewer sees through their team, as assignee, as a stage's reviewer, through
    two of those at once; and one they do not see at all."""
    other = teams["casework"]
    team = make_complaint("two-stage-review", received_on=date(2026, 11, 2))
    assigned = act("accept", make_complaint("two-stage-review", team=other), staff["manager"])
    assigned = act("assign-reviewer", assigned, staff["manager"], reviewer=staff["reviewer"])
    reviewing = act("accept", make_complaint("two-stage-review", team=other), staff["manager"])
    reviewing = act("assign-reviewer", reviewing, staff["manager"], reviewer=staff["reviewer"])
    reviewing = act("assign", reviewing, staff["manager"], assignee=staff["other_caseworker"])
    team_and_assigned = act("accept", make_complaint("service-complaint"), staff["manager"])
    team_and_assigned = act(
        "assign", team_and_assigned, staff["manager"], assignee=staff["reviewer"]
    )
    unseen = make_complaint("two-stage-review", team=other)
    return {
        "team": team,
        "assigned": assigned,
        "reviewing": reviewing,
        "team_and_assigned": team_and_assigned,
        "unseen": unseen,
    }


def test_all_i_can_see_is_every_way_of_seeing_a_case_once_each_in_due_order(seen_many_ways, staff):
    seen = [c for key, c in seen_many_ways.items() if key != "unseen"]
    page = selectors.queue(staff["reviewer"], selectors.QueueFilters(view="all"), today=TODAY)
    assert [c.pk for c in page] == due_order(seen)
    assert (page.paginator.count, page.paginator.capped) == (4, False)


def test_the_count_is_capped_when_no_one_way_of_seeing_passes_the_cap(
    seen_many_ways, staff, monkeypatch
):
    monkeypatch.setattr(selectors, "QUEUE_COUNT_CAP", 3)  # two in the team, four in all
    page = selectors.queue(staff["reviewer"], selectors.QueueFilters(view="all"), today=TODAY)
    assert (page.paginator.count, page.paginator.capped) == (3, True)


def test_pages_follow_on_from_each_other(seen_many_ways, staff, monkeypatch):
    monkeypatch.setattr(selectors, "QUEUE_PAGE_SIZE", 1)
    seen = [c for key, c in seen_many_ways.items() if key != "unseen"]
    assert every_page(staff["reviewer"], "all") == due_order(seen)
    page = selectors.queue(
        staff["reviewer"], selectors.QueueFilters(view="all", page=50), today=TODAY
    )
    assert page.number == 4  # a page past the end shows the last


def test_my_team_and_assigned_to_me_are_those_cases_alone(seen_many_ways, staff):
    reviewer = staff["reviewer"]
    team = selectors.queue(reviewer, selectors.QueueFilters(view="team"), today=TODAY)
    mine = selectors.queue(reviewer, selectors.QueueFilters(view="mine"), today=TODAY)
    assert [c.pk for c in team] == due_order(
        [seen_many_ways["team"], seen_many_ways["team_and_assigned"]]
    )
    assert [c.pk for c in mine] == due_order(
        [seen_many_ways["assigned"], seen_many_ways["team_and_assigned"]]
    )


def test_unassigned_lists_only_open_cases_nobody_holds(seen_many_ways, staff):
    page = selectors.queue(
        staff["reviewer"], selectors.QueueFilters(view="unassigned"), today=TODAY
    )
    assert [c.pk for c in page] == [seen_many_ways["team"].pk]


def test_closed_cases_are_in_closed_alone_most_recently_closed_first(make_complaint, staff):
    user = staff["caseworker"]
    older, newer = make_complaint("two-stage-review"), make_complaint("two-stage-review")
    still_open = make_complaint("two-stage-review")
    for complaint, closed_on in ((newer, date(2026, 11, 20)), (older, date(2026, 11, 10))):
        actions.ACTIONS["withdraw"](complaint, user, today=closed_on).run(
            {"confirm": True, "reason": "Phoned"}, expected_version=complaint.version
        )
    closed = selectors.queue(user, selectors.QueueFilters(view="closed"), today=TODAY)
    assert [c.pk for c in closed] == [newer.pk, older.pk]
    everything = selectors.queue(user, selectors.QueueFilters(view="all"), today=TODAY)
    assert [c.pk for c in everything] == [still_open.pk]


def test_a_search_in_all_i_can_see_finds_closed_cases_after_open_ones(make_complaint, staff):
    user = staff["caseworker"]
    wanted = PersonDetails(full_name="Gwenllian Parry", email="g.parry@example.invalid")
    closed = make_complaint("two-stage-review", person=wanted)
    act("withdraw", closed, user, confirm=True, reason="Phoned")
    still_open = make_complaint("two-stage-review", person=wanted)
    make_complaint("two-stage-review")

    def found(view: str) -> Page:
        return selectors.queue(user, selectors.QueueFilters(view=view, q="Gwenllian"), today=TODAY)

    everything = found("all")
    assert [c.pk for c in everything] == [still_open.pk, closed.pk]
    assert everything.search_includes_closed
    assert [c.pk for c in found("team")] == [still_open.pk]
    assert not found("team").search_includes_closed
    assert [c.pk for c in found("closed")] == [closed.pk]


def test_each_role_starts_on_a_view_with_their_cases_in_it(staff):
    starts = {name: selectors.default_queue_view(user) for name, user in staff.items()}
    assert starts == {
        "caseworker": "team",
        "other_caseworker": "team",
        "reviewer": "team",
        "junior_reviewer": "team",
        "other_reviewer": "team",
        "assurance": "all",
        "manager": "all",
        "auditor": "all",
        "admin": "all",
    }


def test_a_business_assurance_reviewer_finds_the_stages_they_review_where_they_start(
    make_complaint, staff, teams
):
    complaint = act("accept", make_complaint("two-stage-review"), staff["manager"])
    act("assign-reviewer", complaint, staff["manager"], reviewer=staff["assurance"])
    assurance = staff["assurance"]
    view = selectors.default_queue_view(assurance)
    page = selectors.queue(assurance, selectors.QueueFilters(view=view), today=TODAY)
    assert [c.pk for c in page] == [complaint.pk]


@pytest.mark.parametrize("listed_up_to", [500, 1, 0])
def test_the_cases_someone_reviews_are_listed_the_same_however_they_are_looked_up(
    make_complaint, staff, teams, monkeypatch, listed_up_to
):
    """By id when the reviewer has few (500 or fewer), or through the stages when they have
    more: the same cases in every view either way."""
    monkeypatch.setattr(permissions, "REVIEWED_LISTED_UP_TO", listed_up_to)
    reviewed = []
    for _ in range(2):
        complaint = act("accept", make_complaint("two-stage-review"), staff["manager"])
        act("assign-reviewer", complaint, staff["manager"], reviewer=staff["assurance"])
        reviewed.append(complaint.pk)
    make_complaint("two-stage-review")  # not theirs
    assurance = staff["assurance"]
    for view in ("all", "unassigned", "overdue", "due-soon"):
        page = selectors.queue(assurance, selectors.QueueFilters(view=view), today=TODAY)
        expected = [
            c.pk
            for c in selectors.queue(
                staff["manager"], selectors.QueueFilters(view=view), today=TODAY
            )
            if c.pk in reviewed
        ]
        assert sorted(c.pk for c in page) == sorted(expected), view
    everything = selectors.queue(assurance, selectors.QueueFilters(view="all"), today=TODAY)
    assert sorted(c.pk for c in everything) == sorted(reviewed)


# -- a fixed number of queries -----------------------------------------------------------------
def queries_for_each_view(user: Any) -> dict[str, int]:
    counts = {}
    for view in [*selectors.QUEUE_VIEWS, "search"]:
        filters = (
            selectors.QueueFilters(view="all", q="Jones")
            if view == "search"
            else selectors.QueueFilters(view=view, page=2)
        )
        with CaptureQueriesContext(connection) as queries:
            page = selectors.queue(user, filters, today=TODAY)
            for complaint in page:  # everything a row shows
                (complaint.reference, complaint.person.full_name, complaint.current_due_on)
                (complaint.assigned_to and complaint.assigned_to.display_name)
        counts[view] = len(queries)
    return counts


def test_queries_do_not_grow_with_the_number_of_cases(make_complaint, staff, teams, monkeypatch):
    monkeypatch.setattr(selectors, "QUEUE_PAGE_SIZE", 2)

    def add(n: int) -> None:
        for i in range(n):
            complaint = make_complaint(
                "two-stage-review", team=teams["casework"] if i % 3 else None
            )
            if i % 2:
                complaint = act("accept", complaint, staff["manager"])
                act("assign-reviewer", complaint, staff["manager"], reviewer=staff["reviewer"])
            elif i % 3 == 0:
                act("withdraw", complaint, staff["manager"], confirm=True, reason="Phoned")

    add(6)
    few = {name: queries_for_each_view(staff[name]) for name in ("reviewer", "manager")}
    add(18)
    many = {name: queries_for_each_view(staff[name]) for name in ("reviewer", "manager")}
    assert many == few
