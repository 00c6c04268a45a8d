"""Stored values the procedure or the calendar does not know never break a page: a malformed
closure day or an unknown division in the organisation's settings, a stage key the procedure
does not have, and a procedure version that is not installed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from putright.cases import rules
from putright.cases.models import Complaint, OrganisationSettings, StageInstance
from putright.policy import get_registry
from putright.staff.presentation import VERSION_NOT_INSTALLED

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_calendar() -> Iterator[None]:
    rules._calendar.cache_clear()
    yield
    rules._calendar.cache_clear()


@pytest.fixture
def open_case(make_complaint: Any, run_action: Any, staff: Any) -> Complaint:
    complaint = run_action(make_complaint(), "accept", staff["caseworker"])
    return run_action(complaint, "assign", staff["caseworker"], assignee=staff["caseworker"])


def pages(complaint: Complaint) -> list[str]:
    return [
        reverse("staff:queue"),
        reverse("staff:detail", args=[complaint.pk]),
        reverse("staff:act", args=[complaint.pk, "add-note"]),
        reverse("staff:record"),
        reverse("common:start"),
    ]


# -- the organisation's settings ---------------------------------------------------------------
@pytest.mark.parametrize(
    "values",
    [
        {"closures": {"2026-13-01": "Broken"}},
        {"closures": {"2026-11-24": ""}},
        {"closures": ["2026-11-24"]},
        {"division": "atlantis"},
    ],
    ids=["malformed-date", "no-name", "not-a-mapping", "unknown-division"],
)
def test_settings_the_calendar_cannot_use_break_no_page(open_case, org, staff, client_for, values):
    OrganisationSettings.objects.filter(pk=org.pk).update(**values)
    client = client_for(staff["caseworker"])
    for url in pages(open_case):
        assert client.get(url).status_code == 200, url


# -- a stage key the procedure does not know ---------------------------------------------------
def test_the_case_page_shows_a_stage_key_the_procedure_does_not_know(open_case, staff, client_for):
    StageInstance.objects.filter(complaint=open_case).update(stage_key="stage-9")
    Complaint.objects.filter(pk=open_case.pk).update(current_stage="stage-9")
    client = client_for(staff["caseworker"])
    response = client.get(reverse("staff:detail", args=[open_case.pk]))
    assert response.status_code == 200
    assert "stage-9" in response.content.decode()
    assert client.get(reverse("staff:queue")).status_code == 200


# -- a procedure version that is not installed -------------------------------------------------
def test_the_case_page_warns_that_its_procedure_version_is_not_installed(
    open_case, staff, client_for
):
    Complaint.objects.filter(pk=open_case.pk).update(procedure_version=99)
    client = client_for(staff["caseworker"])
    response = client.get(reverse("staff:detail", args=[open_case.pk]))
    assert response.status_code == 200
    latest = get_registry().get(open_case.procedure_id).version
    warning = str(VERSION_NOT_INSTALLED % {"pinned": 99, "latest": latest})
    assert escape(warning) in response.content.decode()
    assert "govuk-warning-text" in response.content.decode()


def test_the_warning_is_in_welsh_on_a_welsh_page(open_case, staff, client_for):
    Complaint.objects.filter(pk=open_case.pk).update(procedure_version=99)
    client = client_for(staff["caseworker"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    response = client.get(reverse("staff:detail", args=[open_case.pk]))
    assert response.status_code == 200
    assert "Cofnodwyd yr achos hwn o dan fersiwn 99" in response.content.decode()


def test_a_case_on_an_installed_version_has_no_warning(open_case, staff, client_for):
    response = client_for(staff["caseworker"]).get(reverse("staff:detail", args=[open_case.pk]))
    assert "govuk-warning-text" not in response.content.decode()


def test_every_action_page_answers_for_a_stage_its_procedure_does_not_know(
    open_case, staff, client_for
):
    """A stored stage key from a version no longer installed: each action page refuses in
    words, never a server error."""
    from putright.cases.actions import ACTIONS
    from putright.cases.models import StageInstance

    StageInstance.objects.filter(complaint=open_case).update(stage_key="retired-stage")
    Complaint.objects.filter(pk=open_case.pk).update(current_stage="retired-stage")
    client = client_for(staff["manager"])
    for key in ACTIONS:
        response = client.get(reverse("staff:act", args=[open_case.pk, key]))
        assert response.status_code == 200, key
    response = client.get(reverse("staff:act", args=[open_case.pk, "respond"]))
    assert "not in its procedure as installed" in response.content.decode()
