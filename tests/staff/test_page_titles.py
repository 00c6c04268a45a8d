"""Page titles follow the GOV.UK pattern "Page – Service – Organisation": the service's name is
said once, also on the start page, whose own title is the service's name."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from putright.accounts.models import StaffUser
from putright.cases.models import Complaint

pytestmark = pytest.mark.django_db

DEFAULT_SERVICE = {"en": "Make a complaint", "cy": "Gwneud cwyn"}
ORGANISATION = {"en": "Putright Demo Council", "cy": "Cyngor Demo Putright"}


def title(response: Any) -> str:
    assert response.status_code == 200
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert match, "the page has no <title>"
    return html.unescape(match.group(1))


def titles(client: Client, complaint: Complaint, staff_user: StaffUser) -> dict[str, str]:
    """The titles of the start page, sign-in, and the staff pages."""
    found = {
        "start": title(client.get(reverse("common:start"))),
        "sign-in": title(client.get(reverse("accounts:sign-in"))),
    }
    client.force_login(staff_user)
    found |= {
        "queue": title(client.get(reverse("staff:queue"))),
        "case": title(client.get(reverse("staff:detail", args=[complaint.pk]))),
        "action": title(client.get(reverse("staff:act", args=[complaint.pk, "add-note"]))),
        "record": title(client.get(reverse("staff:record"))),
    }
    return found


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_each_title_names_the_service_and_the_organisation_once(
    make_complaint, staff, client, lang
):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = lang
    found = titles(client, make_complaint(), staff["caseworker"])
    service, organisation = DEFAULT_SERVICE[lang], ORGANISATION[lang]
    for page, text in found.items():
        assert text.count(service) == 1, (page, text)
        assert text.count(organisation) == 1, (page, text)
        assert text.endswith(f"{service} – {organisation}"), (page, text)
    assert found["start"] == f"{service} – {organisation}"


def test_a_configured_service_name_is_said_once(make_complaint, staff, client, settings):
    settings.PUTRIGHT_SERVICE_NAME = "Complaints and compliments"
    found = titles(client, make_complaint(), staff["caseworker"])
    for page, text in found.items():
        assert text.count("Complaints and compliments") == 1, (page, text)
        assert text.endswith("Complaints and compliments – Putright Demo Council"), (page, text)
    assert found["start"] == "Complaints and compliments – Putright Demo Council"
    assert found["case"].startswith("Case ")
