"""The public "our complaints procedure" page is generated from the procedure definitions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from putright.cases.models import OrganisationSettings
from putright.policy import get_registry
from putright.portal.procedure_page import blocks


@pytest.fixture
def offers_both(db):
    return OrganisationSettings.objects.create(
        name="Test Council", procedures=["two-stage-review", "service-complaint"]
    )


def test_the_procedures_page_lists_each_offered_procedure(client, offers_both):
    response = client.get(reverse("portal:procedures"))
    assert response.status_code == 200
    for procedure in get_registry().all():
        assert procedure.title.en in response.content.decode()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "We aim to respond within 30 working days"),
        ("cy", "30 diwrnod gwaith"),
    ],
)
def test_a_procedure_page_shows_its_time_limits_in_both_languages(
    client, offers_both, language, expected
):
    client.cookies["putright_language"] = language
    response = client.get(reverse("portal:procedure", args=["two-stage-review"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{language}"' in html
    assert expected in html
    assert "PHSO" in html or "Parliamentary and Health Service Ombudsman" in html


def test_a_procedure_the_organisation_does_not_offer_is_not_found(client, db):
    OrganisationSettings.objects.create(name="Test Council", procedures=["service-complaint"])
    assert client.get(reverse("portal:procedure", args=["two-stage-review"])).status_code == 404
    # With one procedure, the list page is that procedure.
    response = client.get(reverse("portal:procedures"))
    assert "Senior manager" in response.content.decode()


def test_text_becomes_headings_paragraphs_and_lists():
    parsed = blocks("# Title\n\nOne\ntwo\n\n## Part\n- a\n- b\n\n### Sub\nEnd")
    assert [(b.kind, b.text, b.items) for b in parsed] == [
        ("h1", "Title", []),
        ("p", "One\ntwo", []),
        ("h2", "Part", []),
        ("list", "", ["a", "b"]),
        ("h3", "Sub", []),
        ("p", "End", []),
    ]
