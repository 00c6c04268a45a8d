"""Properties of the calendar that hold for every date and count (hypothesis)."""

from __future__ import annotations

from datetime import date

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from putright.policy import DIVISIONS, Calendar, add_months

dates = st.dates(min_value=date(1971, 1, 1), max_value=date(2095, 12, 31))
counts = st.integers(min_value=0, max_value=400)
divisions = st.sampled_from(DIVISIONS)
CALENDARS = {d: Calendar(d) for d in DIVISIONS}


@given(divisions, dates, st.integers(min_value=1, max_value=400))
def test_the_result_is_a_working_day_after_the_start(division, start, n):
    calendar = CALENDARS[division]
    result = calendar.add_working_days(start, n).value
    assert result > start
    assert calendar.is_working_day(result)
    assert calendar.working_days_between(start, result) == n


@given(divisions, dates, dates, counts)
def test_monotonic_in_the_start(division, a, b, n):
    calendar = CALENDARS[division]
    a, b = min(a, b), max(a, b)
    assert calendar.working_day_after(a, n) <= calendar.working_day_after(b, n) or n == 0


@given(divisions, dates, counts, counts)
def test_monotonic_in_the_count(division, start, m, n):
    calendar = CALENDARS[division]
    m, n = min(m, n), max(m, n)
    assert calendar.working_day_after(start, m) <= calendar.working_day_after(start, n)


@settings(max_examples=50)
@given(
    divisions, st.lists(dates, min_size=1, max_size=50), st.lists(counts, min_size=1, max_size=50)
)
def test_bulk_equals_scalar(division, starts, ns):
    calendar = CALENDARS[division]
    ns = (ns * len(starts))[: len(starts)]
    array = np.array(starts, dtype="datetime64[D]")
    scalar = [calendar.working_day_after(s, n) for s, n in zip(starts, ns, strict=True)]
    assert calendar.add_working_days_bulk(array, np.array(ns)).tolist() == scalar
    assert (
        calendar.add_working_days_bulk(array, np.array(ns), method="busday_offset").tolist()
        == scalar
    )


@given(divisions, dates)
def test_counting_one_day_at_a_time_agrees(division, start):
    calendar = CALENDARS[division]
    day, seen = start, 0
    while seen < 15:
        day = date.fromordinal(day.toordinal() + 1)
        seen += calendar.is_working_day(day)
        assert calendar.working_day_after(start, seen) == day or not calendar.is_working_day(day)


@given(dates, st.integers(min_value=0, max_value=60))
def test_months_keep_the_day_or_clamp_to_the_month_end(start, n):
    result = add_months(start, n).value
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == n
    assert result.day == start.day or (
        result.day < start.day and date.fromordinal(result.toordinal() + 1).day == 1
    )
