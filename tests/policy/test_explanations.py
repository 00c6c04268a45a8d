"""Every computed date explains itself, in English and Welsh."""

from __future__ import annotations

import json
from datetime import date

from putright.policy import Calendar, Text
from putright.policy.text import format_date, join_list

D = date


def test_the_worked_example_explains_itself_in_english(ew):
    result = ew.add_working_days(D(2026, 12, 4), 20, start_kind="receipt")
    assert result.render() == (
        "Received Friday 4 December 2026. 20 working days after that is Wednesday 6 January 2027. "
        "Not counted: Christmas Day (25 December), Boxing Day (substitute day) (28 December), "
        "New Year’s Day (1 January), and weekends."
    )


def test_the_worked_example_explains_itself_in_welsh(ew):
    result = ew.add_working_days(D(2026, 12, 4), 20, start_kind="receipt")
    assert result.render("cy") == (
        "Dyddiad derbyn: dydd Gwener 4 Rhagfyr 2026. 20 diwrnod gwaith ar ôl hynny yw dydd "
        "Mercher 6 Ionawr 2027. Heb eu cyfrif: Dydd Nadolig (25 Rhagfyr), Gŵyl San Steffan "
        "(diwrnod yn lle) (28 Rhagfyr), Dydd Calan (1 Ionawr) a phenwythnosau."
    )


def test_a_start_on_a_weekend_says_which_day_is_day_1(ew):
    result = ew.add_working_days(D(2026, 12, 5), 5)
    assert result.render() == (
        "Start date: Saturday 5 December 2026. 5 working days after that is Friday 11 December "
        "2026. Not counted: weekends. Saturday 5 December 2026 is not a working day, so counting "
        "starts from the next working day: Monday 7 December 2026 is day 1."
    )
    assert "Heb eu cyfrif: penwythnosau." in result.render("cy")
    assert "dydd Llun 7 Rhagfyr 2026 yw diwrnod 1" in result.render("cy")


def test_one_working_day_and_no_weekend(ew):
    result = ew.add_working_days(D(2026, 12, 7), 1)
    assert result.render() == (
        "Start date: Monday 7 December 2026. 1 working day after that is Tuesday 8 December 2026."
    )
    assert result.explanation.weekends_skipped is False


def test_holidays_are_listed_by_name_then_weekends():
    result = Calendar().add_working_days(D(2026, 4, 2), 1)  # Thu; Fri GF, Sat, Sun, Mon EM
    assert result.value == D(2026, 4, 7)
    assert result.render().endswith(
        "Not counted: Good Friday (3 April), Easter Monday (6 April), and weekends."
    )


def test_a_start_on_a_holiday_says_so():
    result = Calendar().add_working_days(D(2026, 5, 4), 1)  # Early May bank holiday -> Tue
    assert result.value == D(2026, 5, 5)
    assert "Not counted" not in result.render()
    assert "Monday 4 May 2026 is not a working day" in result.render()


def test_only_holidays_are_listed_without_weekends():
    calendar = Calendar(closures={D(2026, 12, 30): "Closed"})
    result = calendar.add_working_days(D(2026, 12, 29), 1)
    assert result.render() == (
        "Start date: Tuesday 29 December 2026. 1 working day after that is Thursday 31 December "
        "2026. Not counted: Closed (30 December)."
    )
    assert "Heb eu cyfrif: Closed (30 Rhagfyr)." in result.render("cy")


def test_zero_days(ew):
    result = ew.add_working_days(D(2026, 12, 25), 0)
    assert result.render() == (
        "Start date: Friday 25 December 2026. No working days are added, so the date is Friday 25 "
        "December 2026."
    )
    assert "Ni ychwanegir diwrnodau gwaith" in result.render("cy")


def test_another_division_is_named():
    result = Calendar("scotland").add_working_days(D(2027, 1, 29), 20)
    assert "Working days exclude bank holidays in Scotland." in result.render()
    assert "Nid yw gwyliau banc yr Alban yn ddiwrnodau gwaith." in result.render("cy")


def test_as_dict_is_json(ew):
    result = ew.add_working_days(D(2026, 12, 4), 20, start_kind="receipt")
    data = json.loads(json.dumps(result.explanation.as_dict()))
    assert data["start"] == "2026-12-04"
    assert data["result"] == "2027-01-06"
    assert data["rule"] == "working-days-after"
    assert data["rule_params"] == {"days": 20, "division": "england-and-wales"}
    assert data["skipped"][0] == {
        "date": "2026-12-25",
        "name_en": "Christmas Day",
        "name_cy": "Dydd Nadolig",
    }
    assert data["weekends_skipped"] is True
    assert data["notes"] == []
    assert result.render("cy") == result.explanation.render("cy")


def test_text_picks_a_language():
    text = Text("Hello", "Helo")
    assert text.get("cy") == "Helo"
    assert text.get("cy-GB") == "Helo"
    assert text.get("en") == "Hello"
    assert text.get("fr") == "Hello"
    assert text.get(None) == "Hello"
    assert text.as_dict() == {"en": "Hello", "cy": "Helo"}


def test_dates_in_both_languages():
    assert format_date(D(2026, 12, 4)) == "Friday 4 December 2026"
    assert format_date(D(2026, 12, 4), "cy") == "dydd Gwener 4 Rhagfyr 2026"
    assert [format_date(D(2026, 12, d), "cy").split(" 2")[0] for d in range(7, 14)] == [
        "dydd Llun 7 Rhagfyr",
        "dydd Mawrth 8 Rhagfyr",
        "dydd Mercher 9 Rhagfyr",
        "dydd Iau 10 Rhagfyr",
        "dydd Gwener 11 Rhagfyr",
        "dydd Sadwrn 12 Rhagfyr",
        "dydd Sul 13 Rhagfyr",
    ]


def test_lists_in_both_languages():
    assert join_list([]) == ""
    assert join_list(["A"]) == "A"
    assert join_list(["A", "B"]) == "A and B"
    assert join_list(["A", "B", "C"]) == "A, B, and C"
    assert join_list(["A", "B"], "cy") == "A a B"
    assert join_list(["A", "Ebrill"], "cy") == "A ac Ebrill"
