"""Calendar months: the same day N months on, or that month's last day."""

from __future__ import annotations

from datetime import date

import pytest

from putright.policy import add_months

D = date

MONTHS = [
    (D(2027, 1, 31), 1, D(2027, 2, 28)),
    (D(2028, 1, 31), 1, D(2028, 2, 29)),  # leap year
    (D(2100, 1, 31), 1, D(2100, 2, 28)),  # 2100 is not a leap year
    (D(2000, 1, 31), 1, D(2000, 2, 29)),  # 2000 is
    (D(2028, 2, 29), 12, D(2029, 2, 28)),
    (D(2028, 2, 29), 48, D(2032, 2, 29)),
    (D(2026, 11, 30), 3, D(2027, 2, 28)),  # worked example: 30 Feb does not exist
    (D(2027, 3, 31), 1, D(2027, 4, 30)),  # worked example: 31 Apr does not exist
    (D(2027, 3, 20), 1, D(2027, 4, 20)),
    (D(2026, 10, 31), 3, D(2027, 1, 31)),
    (D(2026, 12, 31), 1, D(2027, 1, 31)),
    (D(2026, 12, 15), 13, D(2028, 1, 15)),
    (D(2026, 5, 31), 1, D(2026, 6, 30)),
    (D(2026, 8, 31), 1, D(2026, 9, 30)),
    (D(2026, 1, 30), 1, D(2026, 2, 28)),
    (D(2026, 1, 28), 1, D(2026, 2, 28)),
    (D(2026, 4, 15), 0, D(2026, 4, 15)),
]


@pytest.mark.parametrize(("start", "n", "expected"), MONTHS)
def test_add_months(start, n, expected):
    assert add_months(start, n).value == expected


def test_clamping_is_explained_in_both_languages():
    result = add_months(D(2027, 3, 31), 1, start_kind="response")
    assert result.render() == (
        "Response sent Wednesday 31 March 2027. 1 calendar month after that is Friday 30 April "
        "2027. There is no 31 April 2027, so the last day of that month is used."
    )
    assert result.render("cy") == (
        "Dyddiad anfon yr ymateb: dydd Mercher 31 Mawrth 2027. 1 mis calendr ar ôl hynny yw "
        "dydd Gwener 30 Ebrill 2027. Does dim 31 Ebrill 2027, felly defnyddir diwrnod olaf y mis "
        "hwnnw."
    )


def test_no_note_when_the_day_exists():
    result = add_months(D(2027, 3, 20), 3)
    assert result.explanation.notes == ()
    assert result.render() == (
        "Start date: Saturday 20 March 2027. 3 calendar months after that is Sunday 20 June 2027."
    )


def test_negative_months_are_refused():
    with pytest.raises(ValueError, match="0 or more"):
        add_months(D(2027, 3, 20), -1)
