"""The working-day calendar: bank holidays by division (checked against the GOV.UK list shipped
in govuk-bank-holidays), the computed fallback, counting rules and explanations."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from govuk_bank_holidays.bank_holidays import BankHolidays

from putright.policy import DIVISIONS, FIRST_DATE, LAST_DATE, Calendar, bank_holidays
from putright.policy.calendar import _has_weekend

D = date
GOVUK = BankHolidays(use_cached_holidays=True)  # the bundled file: no network


def govuk_dates(division: str) -> set[date]:
    return {h["date"] for h in GOVUK.get_holidays(division=division)}


# Bank holidays by division, written out by hand from the GOV.UK list
# (https://www.gov.uk/bank-holidays), Christmas, New Year, Easter and substitute days.
HOLIDAYS = [
    # division, date, English name
    ("england-and-wales", D(2026, 1, 1), "New Year’s Day"),
    ("england-and-wales", D(2026, 4, 3), "Good Friday"),
    ("england-and-wales", D(2026, 4, 6), "Easter Monday"),
    ("england-and-wales", D(2026, 12, 25), "Christmas Day"),
    ("england-and-wales", D(2026, 12, 28), "Boxing Day (substitute day)"),
    ("england-and-wales", D(2027, 1, 1), "New Year’s Day"),
    ("england-and-wales", D(2027, 3, 26), "Good Friday"),
    ("england-and-wales", D(2027, 3, 29), "Easter Monday"),
    ("england-and-wales", D(2027, 12, 27), "Christmas Day (substitute day)"),
    ("england-and-wales", D(2027, 12, 28), "Boxing Day (substitute day)"),
    ("england-and-wales", D(2028, 1, 3), "New Year’s Day (substitute day)"),
    ("england-and-wales", D(2028, 4, 14), "Good Friday"),
    ("england-and-wales", D(2028, 4, 17), "Easter Monday"),
    ("scotland", D(2026, 1, 1), "New Year’s Day"),
    ("scotland", D(2026, 1, 2), "2nd January"),
    ("scotland", D(2026, 4, 3), "Good Friday"),
    ("scotland", D(2026, 11, 30), "St Andrew’s Day"),
    ("scotland", D(2026, 12, 25), "Christmas Day"),
    ("scotland", D(2026, 12, 28), "Boxing Day (substitute day)"),
    ("scotland", D(2027, 1, 1), "New Year’s Day"),
    ("scotland", D(2027, 1, 4), "2nd January (substitute day)"),
    ("scotland", D(2027, 3, 26), "Good Friday"),
    ("scotland", D(2027, 12, 27), "Christmas Day (substitute day)"),
    ("scotland", D(2028, 1, 3), "New Year’s Day (substitute day)"),
    ("scotland", D(2028, 1, 4), "2nd January (substitute day)"),
    ("northern-ireland", D(2026, 3, 17), "St Patrick’s Day"),
    ("northern-ireland", D(2026, 4, 6), "Easter Monday"),
    ("northern-ireland", D(2026, 7, 13), "Battle of the Boyne (Orangemen’s Day) (substitute day)"),
    ("northern-ireland", D(2026, 12, 28), "Boxing Day (substitute day)"),
    ("northern-ireland", D(2027, 1, 1), "New Year’s Day"),
    ("northern-ireland", D(2027, 3, 17), "St Patrick’s Day"),
    ("northern-ireland", D(2027, 3, 29), "Easter Monday"),
    ("northern-ireland", D(2027, 7, 12), "Battle of the Boyne (Orangemen’s Day)"),
    ("northern-ireland", D(2027, 12, 28), "Boxing Day (substitute day)"),
]


@pytest.mark.parametrize(("division", "day", "name"), HOLIDAYS)
def test_each_hand_listed_holiday_is_on_the_govuk_list_and_named(division, day, name):
    assert day in govuk_dates(division)
    calendar = Calendar(division)
    assert not calendar.is_working_day(day)
    assert calendar.holiday_name(day) == name


# Working days after a date, across the holidays above: (division, start, n, expected).
COUNTS = [
    ("england-and-wales", D(2026, 12, 24), 1, D(2026, 12, 29)),
    ("scotland", D(2026, 12, 24), 1, D(2026, 12, 29)),
    ("northern-ireland", D(2026, 12, 24), 1, D(2026, 12, 29)),
    ("england-and-wales", D(2026, 12, 31), 1, D(2027, 1, 4)),
    ("scotland", D(2026, 12, 31), 1, D(2027, 1, 5)),
    ("northern-ireland", D(2026, 12, 31), 1, D(2027, 1, 4)),
    ("england-and-wales", D(2027, 3, 25), 1, D(2027, 3, 30)),
    ("scotland", D(2027, 3, 25), 1, D(2027, 3, 29)),
    ("northern-ireland", D(2027, 3, 25), 1, D(2027, 3, 30)),
    ("england-and-wales", D(2027, 12, 23), 2, D(2027, 12, 29)),
    ("scotland", D(2027, 12, 31), 1, D(2028, 1, 5)),
    ("england-and-wales", D(2027, 12, 31), 1, D(2028, 1, 4)),
    ("northern-ireland", D(2026, 7, 10), 1, D(2026, 7, 14)),
    ("england-and-wales", D(2026, 7, 10), 1, D(2026, 7, 13)),
    ("scotland", D(2026, 11, 27), 1, D(2026, 12, 1)),
    ("england-and-wales", D(2026, 11, 27), 1, D(2026, 11, 30)),
    ("northern-ireland", D(2026, 3, 16), 1, D(2026, 3, 18)),
    ("england-and-wales", D(2026, 3, 16), 1, D(2026, 3, 17)),
    # Worked examples from PROCEDURES.md
    ("england-and-wales", D(2026, 12, 4), 5, D(2026, 12, 11)),
    ("england-and-wales", D(2026, 12, 4), 20, D(2027, 1, 6)),
    ("england-and-wales", D(2026, 3, 31), 30, D(2026, 5, 15)),
    ("scotland", D(2027, 1, 29), 20, D(2027, 2, 26)),
    # A start on a weekend or holiday counts from the next working day, which is day 1.
    ("england-and-wales", D(2026, 12, 5), 1, D(2026, 12, 7)),
    ("england-and-wales", D(2026, 12, 6), 5, D(2026, 12, 11)),
    ("england-and-wales", D(2026, 12, 25), 1, D(2026, 12, 29)),
    ("england-and-wales", D(2026, 12, 26), 1, D(2026, 12, 29)),
    # Zero working days: the date itself.
    ("england-and-wales", D(2026, 12, 25), 0, D(2026, 12, 25)),
]


@pytest.mark.parametrize(("division", "start", "n", "expected"), COUNTS)
def test_nth_working_day_after(division, start, n, expected):
    calendar = Calendar(division)
    assert calendar.add_working_days(start, n).value == expected
    assert calendar.working_day_after(start, n) == expected
    bulk = calendar.add_working_days_bulk(np.array([start], dtype="datetime64[D]"), n)
    assert bulk[0] == np.datetime64(expected)
    slow = calendar.add_working_days_bulk([start], [n], method="busday_offset")
    assert slow[0] == np.datetime64(expected)
    assert calendar.working_days_between(start, expected) == n


# Years after the GOV.UK data (it ends in 2028) come from the computed fallback.
FALLBACK = [
    ("england-and-wales", D(2029, 3, 30), "Good Friday"),
    ("england-and-wales", D(2029, 4, 2), "Easter Monday"),
    ("england-and-wales", D(2030, 4, 19), "Good Friday"),
    ("england-and-wales", D(2030, 4, 22), "Easter Monday"),
    ("england-and-wales", D(2032, 12, 27), "Christmas Day (substitute day)"),
    ("england-and-wales", D(2032, 12, 28), "Boxing Day (substitute day)"),
    ("england-and-wales", D(2029, 5, 7), "Early May bank holiday"),
    ("england-and-wales", D(2029, 8, 27), "Summer bank holiday"),
    ("scotland", D(2033, 1, 3), "New Year’s Day (substitute day)"),
    ("scotland", D(2033, 1, 4), "2nd January (substitute day)"),
    ("scotland", D(2029, 8, 6), "Summer bank holiday"),
    ("scotland", D(2029, 11, 30), "St Andrew’s Day"),
    ("northern-ireland", D(2029, 3, 19), "St Patrick’s Day (substitute day)"),
    ("northern-ireland", D(2029, 7, 12), "Battle of the Boyne (Orangemen’s Day)"),
    ("northern-ireland", D(2029, 4, 2), "Easter Monday"),
]


@pytest.mark.parametrize(("division", "day", "name"), FALLBACK)
def test_years_past_the_govuk_list_are_computed(division, day, name):
    assert max(govuk_dates(division)).year == 2028
    calendar = Calendar(division)
    assert not calendar.is_working_day(day)
    assert calendar.holiday_name(day) == name
    assert [h.source for h in bank_holidays(division) if h.date == day] == ["computed"]


def test_scotland_has_no_easter_monday_even_when_computed():
    assert Calendar("scotland").is_working_day(D(2029, 4, 2))
    assert Calendar("scotland").working_day_after(D(2029, 3, 29), 1) == D(2029, 4, 2)
    assert Calendar("england-and-wales").working_day_after(D(2029, 3, 29), 1) == D(2029, 4, 3)


@pytest.mark.parametrize("division", DIVISIONS)
def test_govuk_years_use_exactly_the_govuk_list(division):
    ours = {h.date for h in bank_holidays(division) if 2012 <= h.date.year <= 2028}
    assert ours == govuk_dates(division)
    assert {h.source for h in bank_holidays(division) if 2012 <= h.date.year <= 2028} == {"gov.uk"}


@pytest.mark.parametrize("division", DIVISIONS)
def test_the_fallback_agrees_with_govuk_where_both_exist(division):
    """Evidence that the computed years can be trusted: for the GOV.UK years the `holidays`
    package gives the same weekday dates, apart from Scotland's conditional 2026 football day,
    which the GOV.UK list does not have."""
    import holidays

    subdiv = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}[division]
    computed = {
        d for d in holidays.UK(subdiv=subdiv, years=range(2012, 2029)) if d.weekday() < 5
    } - {D(2026, 6, 15)}
    assert computed == govuk_dates(division)


def test_welsh_names_come_from_the_govuk_translations():
    calendar = Calendar()
    assert calendar.holiday_name(D(2026, 12, 25), "cy") == "Dydd Nadolig"
    assert calendar.holiday_name(D(2026, 12, 28), "cy") == "Gŵyl San Steffan (diwrnod yn lle)"
    assert calendar.holiday_name(D(2030, 1, 1), "cy") == "Dydd Calan"
    assert calendar.holiday_name(D(2026, 12, 24)) is None


def test_weekends_are_not_working_days():
    calendar = Calendar()
    assert not calendar.is_working_day(D(2026, 12, 5))
    assert not calendar.is_working_day(D(2026, 12, 6))
    assert calendar.is_working_day(D(2026, 12, 7))


def test_unknown_division_lists_the_valid_ones():
    with pytest.raises(
        ValueError, match="valid divisions: england-and-wales, scotland, northern-ireland"
    ):
        Calendar("wales")


def test_closures_are_not_working_days_and_are_named():
    calendar = Calendar(closures={D(2026, 12, 29): "Office closed", D(2026, 12, 26): "Saturday"})
    assert not calendar.is_working_day(D(2026, 12, 29))
    assert calendar.holiday_name(D(2026, 12, 29)) == "Office closed"
    assert (
        calendar.holiday_name(D(2026, 12, 26)) == "Saturday"
    )  # weekend closure: named, not listed
    result = calendar.add_working_days(D(2026, 12, 24), 1)
    assert result.value == D(2026, 12, 30)
    assert [s[1] for s in result.explanation.skipped] == [
        "Christmas Day",
        "Boxing Day (substitute day)",
        "Office closed",
    ]
    bulk = calendar.add_working_days_bulk(np.array(["2026-12-24"], dtype="datetime64[D]"), 1)
    assert bulk[0] == np.datetime64("2026-12-30")


def test_a_closure_on_a_bank_holiday_keeps_the_bank_holiday_name():
    from putright.policy import Text

    calendar = Calendar(closures={D(2026, 12, 25): Text("Closed", "Ar gau")})
    assert calendar.holiday_name(D(2026, 12, 25)) == "Christmas Day"


def test_welsh_closure_names():
    from putright.policy import Text

    calendar = Calendar(closures={D(2026, 12, 29): Text("Closed", "Ar gau")})
    assert calendar.holiday_name(D(2026, 12, 29), "cy") == "Ar gau"


@pytest.mark.parametrize(
    ("closures", "message"),
    [
        ({"2026-12-29": "x"}, "closure dates must be dates"),
        ({__import__("datetime").datetime(2026, 12, 29): "x"}, "closure dates must be dates"),
        ({D(2026, 12, 29): " "}, "needs a name"),
    ],
)
def test_bad_closures_are_refused(closures, message):
    with pytest.raises(ValueError, match=message):
        Calendar(closures=closures)


def test_calendars_compare_by_division_and_closures():
    assert Calendar() == Calendar("england-and-wales")
    assert hash(Calendar()) == hash(Calendar())
    assert Calendar() != Calendar("scotland")
    assert Calendar() != Calendar(closures={D(2026, 12, 29): "Closed"})
    assert Calendar() != "england-and-wales"


def test_working_days_between_excludes_the_start_and_includes_the_end(ew):
    assert ew.working_days_between(D(2026, 12, 4), D(2026, 12, 11)) == 5
    assert ew.working_days_between(D(2026, 12, 4), D(2026, 12, 4)) == 0
    assert ew.working_days_between(D(2026, 12, 11), D(2026, 12, 4)) == 0
    assert ew.working_days_between(D(2026, 12, 24), D(2026, 12, 29)) == 1


def test_negative_counts_are_refused(ew):
    with pytest.raises(ValueError, match="0 or more"):
        ew.add_working_days(D(2026, 12, 4), -1)
    with pytest.raises(ValueError, match="0 or more"):
        ew.add_working_days_bulk(np.array(["2026-12-04"], dtype="datetime64[D]"), -1)


def test_dates_outside_the_supported_range_are_refused(ew):
    with pytest.raises(ValueError, match="outside the dates"):
        ew.is_working_day(D(1969, 12, 31))
    with pytest.raises(ValueError, match="outside the dates"):
        ew.holiday_name(D(2101, 1, 1))
    with pytest.raises(ValueError, match="outside the dates"):
        ew.add_working_days(D(2101, 1, 1), 1)
    with pytest.raises(ValueError, match="outside the dates"):
        ew.add_working_days(LAST_DATE, 1)
    with pytest.raises(ValueError, match="outside the dates"):
        ew.working_days_between(FIRST_DATE, D(2101, 1, 1))
    assert ew.working_day_after(FIRST_DATE, 1) == D(1970, 1, 2)


@pytest.mark.parametrize("method", ["index", "busday_offset"])
def test_bulk_refuses_what_the_scalar_form_refuses(ew, method):
    with pytest.raises(ValueError, match="outside the dates"):
        ew.add_working_days_bulk(np.array(["1969-12-31"], dtype="datetime64[D]"), 1, method=method)
    with pytest.raises(ValueError, match="outside the dates"):
        ew.add_working_days_bulk(np.array(["2101-01-01"], dtype="datetime64[D]"), 1, method=method)
    with pytest.raises(ValueError, match="outside the dates"):
        ew.add_working_days_bulk(np.array([LAST_DATE], dtype="datetime64[D]"), 1, method=method)
    with pytest.raises(ValueError, match="NaT"):
        ew.add_working_days_bulk(np.array(["NaT"], dtype="datetime64[D]"), 1, method=method)


def test_bulk_with_an_unknown_method_lists_the_methods(ew):
    with pytest.raises(ValueError, match="valid methods: index, busday_offset"):
        ew.add_working_days_bulk([D(2026, 12, 4)], 1, method="loop")


def test_bulk_of_nothing_is_nothing(ew):
    out = ew.add_working_days_bulk(np.array([], dtype="datetime64[D]"), 5)
    assert out.dtype == np.dtype("datetime64[D]")
    assert out.size == 0


def test_bulk_takes_an_array_of_counts(ew):
    starts = np.array(["2026-12-04", "2026-12-04", "2026-12-05"], dtype="datetime64[D]")
    out = ew.add_working_days_bulk(starts, np.array([0, 5, 20]))
    assert out.tolist() == [D(2026, 12, 4), D(2026, 12, 11), D(2027, 1, 6)]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 12, 4), D(2026, 12, 4), False),  # Friday, nothing after
        (D(2026, 12, 4), D(2026, 12, 5), True),  # Saturday
        (D(2026, 12, 6), D(2026, 12, 11), False),  # Sunday start, Mon-Fri after
        (D(2026, 12, 7), D(2026, 12, 11), False),
        (D(2026, 12, 7), D(2026, 12, 14), True),  # a full week
        (D(2026, 12, 7), D(2026, 12, 4), False),
    ],
)
def test_has_weekend(start, end, expected):
    assert _has_weekend(start, end) is expected


def test_a_closure_outside_the_supported_range_changes_nothing():
    calendar = Calendar(closures={D(2150, 1, 1): "Far future"})
    assert calendar.working_day_after(D(2026, 12, 24), 1) == D(2026, 12, 29)
