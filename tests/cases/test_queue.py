"""The work queue selector: order, capped counts and search."""

from __future__ import annotations

from datetime import date

from putright.cases import selectors
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
    monkeypatch.setattr(selectors, "QUEUE_COUNT_CAP", 2)
    for _ in range(3):
        make_complaint("two-stage-review")  # all "Ffion Jones"
    matches = selectors.search_matches("Jones")
    assert matches.capped
    page = selectors.queue(
        staff["caseworker"], selectors.QueueFilters(view="all", q="Jones"), today=TODAY
    )
    assert page.search_capped
