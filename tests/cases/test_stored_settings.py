"""Organisation settings and pinned procedure versions the calendar or the registry cannot use
never raise: a malformed closure day is left out, an unknown division falls back to the default,
and a procedure version that is not installed falls back to the latest, each with a warning in
the log."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from putright.cases import rules
from putright.cases.models import Complaint, OrganisationSettings
from putright.policy import DEFAULT_DIVISION, UnknownProcedure, get_registry

pytestmark = pytest.mark.django_db

TRAINING_DAY = date(2026, 11, 24)  # a Tuesday


@pytest.fixture(autouse=True)
def warnings_logged_afresh() -> Iterator[None]:
    """The warnings are logged once per process for each setting; start each test clean."""
    rules._calendar.cache_clear()
    rules._warn_version_missing.cache_clear()
    yield
    rules._calendar.cache_clear()


def settle(org: OrganisationSettings, **values: Any) -> None:
    """Store settings straight in the database, as an admin edit or an old import might."""
    OrganisationSettings.objects.filter(pk=org.pk).update(**values)


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


@pytest.mark.parametrize(
    "day", ["2026-13-01", "2026-02-30", "next Tuesday", "", "20261124", "2026-11-24T00:00"]
)
def test_a_closure_that_is_not_a_date_is_left_out_with_a_warning(org, caplog, day):
    settle(org, closures={day: "Broken", TRAINING_DAY.isoformat(): "Staff training day"})
    with caplog.at_level(logging.WARNING, logger="putright.cases.rules"):
        calendar = rules.calendar()
    assert not calendar.is_working_day(TRAINING_DAY)  # the good closure still counts
    assert [m for m in warnings(caplog) if repr(day) in m and "left out" in m]


@pytest.mark.parametrize("name", ["", "   ", None, 7])
def test_a_closure_without_a_name_is_left_out_with_a_warning(org, caplog, name):
    settle(org, closures={TRAINING_DAY.isoformat(): name})
    with caplog.at_level(logging.WARNING, logger="putright.cases.rules"):
        calendar = rules.calendar()
    assert calendar.is_working_day(TRAINING_DAY)
    assert any("has no name" in m for m in warnings(caplog))


def test_closures_that_are_not_a_mapping_are_ignored_with_a_warning(org, caplog):
    rules._warn_closures_unreadable.cache_clear()
    settle(org, closures=[TRAINING_DAY.isoformat()])
    with caplog.at_level(logging.WARNING, logger="putright.cases.rules"):
        calendar = rules.calendar()
    assert calendar.is_working_day(TRAINING_DAY)
    assert any("not a mapping" in m for m in warnings(caplog))


@pytest.mark.parametrize("division", ["atlantis", "", "England-and-Wales"])
def test_an_unknown_division_falls_back_to_the_default_with_a_warning(org, caplog, division):
    settle(org, division=division)
    with caplog.at_level(logging.WARNING, logger="putright.cases.rules"):
        calendar = rules.calendar()
    assert calendar.division == DEFAULT_DIVISION
    assert any(repr(division) in m and DEFAULT_DIVISION in m for m in warnings(caplog))


def test_good_settings_log_nothing(org, caplog):
    settle(org, division="scotland", closures={TRAINING_DAY.isoformat(): "Staff training day"})
    with caplog.at_level(logging.WARNING, logger="putright.cases.rules"):
        calendar = rules.calendar()
    assert calendar.division == "scotland"
    assert not calendar.is_working_day(TRAINING_DAY)
    assert warnings(caplog) == []


def test_the_warning_is_logged_once_not_on_every_read(org, caplog):
    settle(org, division="atlantis")
    with caplog.at_level(logging.WARNING, logger="putright.cases.rules"):
        for _ in range(5):
            rules.calendar()
    assert len(warnings(caplog)) == 1


# -- the pinned procedure version --------------------------------------------------------------
def test_the_pinned_version_is_used_when_it_is_installed(make_complaint):
    complaint = make_complaint("two-stage-review")
    assert rules.pinned_version_installed(complaint)
    assert rules.procedure_for(complaint).version == complaint.procedure_version


def test_a_version_that_is_not_installed_falls_back_to_the_latest_with_a_warning(
    make_complaint, caplog
):
    complaint = make_complaint("two-stage-review")
    Complaint.objects.filter(pk=complaint.pk).update(procedure_version=99)
    complaint.refresh_from_db()
    with caplog.at_level(logging.WARNING, logger="putright.cases.rules"):
        procedure = rules.procedure_for(complaint)
    assert not rules.pinned_version_installed(complaint)
    assert procedure == get_registry().get("two-stage-review")
    assert any("version 99 is not installed" in m for m in warnings(caplog))


def test_a_procedure_that_is_not_installed_still_raises(make_complaint):
    complaint = make_complaint("two-stage-review")
    Complaint.objects.filter(pk=complaint.pk).update(procedure_id="no-such-procedure")
    complaint.refresh_from_db()
    assert not rules.pinned_version_installed(complaint)
    with pytest.raises(UnknownProcedure):
        rules.procedure_for(complaint)
