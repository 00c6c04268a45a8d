"""Fixtures for the policy engine tests: pure Python, no database."""

from __future__ import annotations

import pytest

from putright.policy import Calendar, Procedure, get_registry


@pytest.fixture(scope="session")
def two_stage() -> Procedure:
    return get_registry().get("two-stage-review")


@pytest.fixture(scope="session")
def service() -> Procedure:
    return get_registry().get("service-complaint")


@pytest.fixture(scope="session")
def ew() -> Calendar:
    return Calendar("england-and-wales")
