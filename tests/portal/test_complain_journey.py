"""The rules that choose the online complaint's questions, as plain functions over plain answers:
no database, no request."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from putright.policy import get_registry
from putright.portal.complain import journey
from putright.portal.complain.journey import State

REGISTRY = get_registry()
TWO_STAGE = REGISTRY.get("two-stage-review")
SERVICE = REGISTRY.get("service-complaint")
BOTH = ("two-stage-review", "service-complaint")


def state(answers: dict[str, Any], procedure=TWO_STAGE, *, today=date(2026, 11, 23), files=()):
    return State(answers=answers, files=files, procedure=procedure, offered=BOTH, today=today)


# -- is it late? (the time limit is inclusive: the last day is in time) --------------------------
@pytest.mark.parametrize(
    ("procedure", "event_on", "found_out_on", "today", "late"),
    [
        # two-stage-review: 3 months from the event, whenever they found out
        (TWO_STAGE, date(2026, 8, 23), None, date(2026, 11, 23), False),
        (TWO_STAGE, date(2026, 8, 22), None, date(2026, 11, 23), True),
        (TWO_STAGE, date(2026, 8, 22), date(2026, 11, 1), date(2026, 11, 23), True),
        (TWO_STAGE, date(2026, 11, 30), None, date(2027, 2, 28), False),  # 30 Feb is 28 Feb
        (TWO_STAGE, date(2026, 11, 30), None, date(2027, 3, 1), True),
        # service-complaint: 1 month from the later of the event and finding out
        (SERVICE, date(2026, 10, 23), date(2026, 10, 23), date(2026, 11, 23), False),
        (SERVICE, date(2026, 10, 22), date(2026, 10, 22), date(2026, 11, 23), True),
        (SERVICE, date(2026, 6, 1), date(2026, 11, 1), date(2026, 11, 23), False),
        (SERVICE, date(2027, 3, 2), date(2027, 3, 20), date(2027, 4, 20), False),
        (SERVICE, date(2027, 3, 2), date(2027, 3, 20), date(2027, 4, 21), True),
    ],
)
def test_is_late_follows_the_procedure_s_time_limit(procedure, event_on, found_out_on, today, late):
    answers = {"event_on": event_on.isoformat()}
    if found_out_on:
        answers["found_out_on"] = found_out_on.isoformat()
    assert journey.is_late(state(answers, procedure, today=today)) is late


def test_nothing_is_late_before_the_dates_are_known():
    assert not journey.is_late(state({}))
    assert not journey.is_late(state({"event_on": "not a date"}))
    assert not journey.is_late(state({"event_on": "2020-01-01"}, procedure=None))


# -- the other rules -----------------------------------------------------------------------------
def test_the_procedure_question_is_asked_only_when_there_is_a_choice():
    assert journey.offers_choice(state({}))
    assert not journey.offers_choice(
        State(answers={}, procedure=SERVICE, offered=("service-complaint",))
    )


def test_a_representative_is_asked_for_consent_and_an_upload_only_if_they_chose_it():
    assert not journey.is_representative(state({"who": "myself"}))
    assert journey.is_representative(state({"who": "someone-else"}))
    assert journey.needs_consent_upload(state({"who": "someone-else", "consent": "upload"}))
    assert not journey.needs_consent_upload(state({"who": "someone-else", "consent": "later"}))
    assert not journey.needs_consent_upload(state({"who": "myself", "consent": "upload"}))


@pytest.mark.parametrize(("answer", "out"), [("yes", True), ("no", False), ("unsure", False)])
def test_only_yes_is_out_of_scope(answer, out):
    answers = {"scope": {"about-a-charity": answer}}
    assert journey.is_out_of_scope(state(answers), "about-a-charity") is out


def test_the_engine_reads_yes_no_and_not_sure_as_true_false_and_none():
    answers = {
        "scope": {
            "decision-disagreement": "yes",
            "reopen-concluded": "no",
            "information-request": "unsure",
            "about-a-charity": "yes",  # another procedure's question: left out
        }
    }
    assert journey.engine_scope_answers(state(answers, SERVICE)) == {
        "decision-disagreement": True,
        "reopen-concluded": False,
        "information-request": None,
    }


def test_what_would_put_it_right_is_needed_only_where_the_procedure_asks_for_it():
    assert journey.needs_put_right(state({}, TWO_STAGE))
    assert not journey.needs_put_right(state({}, SERVICE))


@pytest.mark.parametrize(
    ("method", "details", "complete"),
    [
        ("email", {"email": "a@example.invalid"}, True),
        ("email", {"email": "", "address": "1 High St"}, False),
        ("post", {"address": "1 High St"}, True),
        ("post", {"email": "a@example.invalid"}, False),
        ("phone", {"phone": "01632 960 001"}, True),
        ("phone", {}, False),
    ],
)
def test_contact_details_must_give_what_the_chosen_way_needs(method, details, complete):
    answers = {"contact_method": method, "contact": True, **details}
    assert journey.contact_complete(state(answers)) is complete


# -- the order of the questions ------------------------------------------------------------------
def slugs(s: State) -> list[str]:
    return [step.slug for step in journey.asked(s)]


def test_a_representative_s_journey_asks_for_both_and_for_consent():
    asked = slugs(state({"who": "someone-else", "consent": "upload"}, SERVICE))
    assert asked[:6] == ["procedure", "who", "your-details", "name", "consent", "consent-upload"]
    assert "about" in asked


def test_each_scope_question_is_followed_by_its_signposting_only_after_a_yes():
    asked = slugs(state({"scope": {"court-or-tribunal": "yes"}}, SERVICE))
    index = asked.index("scope-court-or-tribunal")
    assert asked[index + 1] == "not-covered-court-or-tribunal"
    assert "not-covered-information-request" not in asked


def test_a_page_is_shown_only_once_every_page_before_it_is_answered():
    s = state({"procedure": "two-stage-review", "who": "myself"})
    assert journey.first_unanswered(s).slug == "name"
    assert journey.may_show(s, journey.find(s, "name"))
    assert journey.may_show(s, journey.find(s, "who"))  # going back is always allowed
    assert not journey.may_show(s, journey.find(s, "reference"))
    assert not journey.may_show(s, journey.find(s, "your-details"))  # does not apply


def test_the_next_page_and_the_back_link_skip_questions_that_do_not_apply():
    s = state({"procedure": "two-stage-review", "who": "myself"})
    assert journey.next_after(s, "who").slug == "name"
    assert journey.previous(s, "name").slug == "who"
    assert journey.previous(s, "procedure") is None


def test_categories_of_another_procedure_do_not_count_as_an_answer():
    chosen = {"categories": ["communication"]}
    assert not journey.find(state(chosen, TWO_STAGE), "about").answered(state(chosen, TWO_STAGE))
    assert journey.find(state(chosen, SERVICE), "about").answered(state(chosen, SERVICE))
