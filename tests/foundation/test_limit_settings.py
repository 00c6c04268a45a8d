"""The limits on dates and payments are configurable, and a bad value stops the service with one
line naming the variable."""

from __future__ import annotations

import pytest

from .test_configuration import run


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PUTRIGHT_EARLIEST_DATE", "1 January 2000"),
        ("PUTRIGHT_EARLIEST_DATE", "1969-12-31"),
        ("PUTRIGHT_EARLIEST_DATE", "2101-01-01"),
        ("PUTRIGHT_DATE_YEARS_AHEAD", "-1"),
        ("PUTRIGHT_DATE_YEARS_AHEAD", "51"),
        ("PUTRIGHT_MAX_PAYMENT", "lots"),
        ("PUTRIGHT_MAX_PAYMENT", "0"),
        ("PUTRIGHT_MAX_PAYMENT", "100000000"),
        ("PUTRIGHT_MAX_PAYMENT", "Infinity"),
    ],
)
def test_a_bad_limit_gives_one_line_naming_the_variable(name, value):
    result = run("check", **{name: value})
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0]


def test_good_limits_pass_the_checks():
    result = run(
        "check",
        PUTRIGHT_EARLIEST_DATE="2010-04-01",
        PUTRIGHT_DATE_YEARS_AHEAD="3",
        PUTRIGHT_MAX_PAYMENT="25000.50",
    )
    assert result.returncode == 0, result.stderr
