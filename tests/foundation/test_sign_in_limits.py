"""Signing in with an absurdly long username or password gets a clear error, never a server error,
and nothing reaches the lockout table (whose username column is 255 characters)."""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from putright.accounts.forms import MAX_PASSWORD_LENGTH, PASSWORD_TOO_LONG, USERNAME_TOO_LONG
from putright.accounts.models import Role, StaffUser

pytestmark = pytest.mark.django_db

ONE_MEGABYTE = 1_000_000
PASSWORD = "a-long-test-password-9"


@pytest.fixture
def person(db: Any) -> StaffUser:
    return StaffUser.objects.create_user(
        username="caseworker", password=PASSWORD, role=Role.CASEWORKER, grade=2
    )


def sign_in(client: Client, username: str, password: str) -> Any:
    return client.post(reverse("accounts:sign-in"), {"username": username, "password": password})


def shows(response: Any, text: Any) -> bool:
    return escape(str(text)) in response.content.decode()


def test_a_one_megabyte_username_is_refused_with_a_message(client, person):
    response = sign_in(client, "a" * ONE_MEGABYTE, PASSWORD)
    assert response.status_code == 200
    assert shows(response, USERNAME_TOO_LONG % {"limit_value": 150})
    assert "govuk-error-summary" in response.content.decode()
    assert AccessAttempt.objects.count() == 0
    assert "_auth_user_id" not in client.session


def test_a_one_megabyte_password_is_refused_with_a_message(client, person):
    response = sign_in(client, "caseworker", "p" * ONE_MEGABYTE)
    assert response.status_code == 200
    assert shows(response, PASSWORD_TOO_LONG % {"limit_value": MAX_PASSWORD_LENGTH})
    assert AccessAttempt.objects.count() == 0


def test_a_username_one_character_too_long_is_refused(client, person):
    response = sign_in(client, "a" * 151, PASSWORD)
    assert response.status_code == 200
    assert shows(response, USERNAME_TOO_LONG % {"limit_value": 150})


@pytest.mark.parametrize("username", ["care\x00worker", "٣٣٣", "😀" * 100])
def test_odd_usernames_are_a_failed_sign_in_not_an_error(client, person, username):
    response = sign_in(client, username, PASSWORD)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_right_username_and_password_still_sign_in(client, person):
    response = sign_in(client, "caseworker", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)
