"""Administrators word each letter: plain text with placeholders, checked when saved, previewed
against a real case in Welsh and English, kept as versions that can be used again; new letters
use the newest version and a letter already made keeps its words (ADR 0019)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from putright.accounts.models import Role, StaffUser
from putright.cases.models import AuditEntry
from putright.letters import messages as msg
from putright.letters import services
from putright.letters.kinds import LetterKind
from putright.letters.models import Letter, LetterWording
from putright.letters.wording import (
    LANGUAGES,
    ORGANISATION_PARTS,
    current_version,
    fill,
    paragraphs,
    placeholders_for,
    problems,
    shipped,
)
from tests.letters.conftest import body

ACK = LetterKind.ACKNOWLEDGEMENT
EDIT = reverse("letters-wording:edit", args=[ACK.value])


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def admin(staff, teams) -> StaffUser:
    """An administrator in the north team, so they may see its cases."""
    return StaffUser.objects.create_user(
        username="admin",
        password="a-long-test-password-9",
        first_name="Ada",
        role=Role.ADMIN,
        team=teams["north"],
    )


def form_data(kind: str = ACK, action: str = "save", **changes: str) -> dict[str, Any]:
    """The wording form as the page shows it, with ``changes`` typed in."""
    data: dict[str, Any] = {"action": action, "note": "", "reference": "", "recent": ""}
    for lang in LANGUAGES:
        version = current_version(kind, lang)
        data[f"{lang}_version"] = version.number
        for part in ORGANISATION_PARTS:
            data[f"{lang}_{part.key}"] = version.texts()[part.key]
    data.update(changes)
    return data


# -- the rules, without a database ---------------------------------------------------------------
KNOWN = placeholders_for(ACK)
USABLE = ", ".join("{" + name + "}" for name in KNOWN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Your reference is {reference}.", []),
        ("Dear {recipient_name}, on {received_on} at {organisation}", []),
        ("No placeholders at all.", []),
        (
            "Dear {refrence}",
            [
                "The wording uses {refrence}, which Putright does not know. Placeholders you "
                f"can use: {USABLE}"
            ],
        ),
        (
            "{% load static %}{{ settings.SECRET_KEY }}",
            [
                "The wording uses {% load static %}, which Putright does not know. "
                f"Placeholders you can use: {USABLE}",
                "The wording uses { settings.SECRET_KEY }, which Putright does not know. "
                f"Placeholders you can use: {USABLE}",
                str(msg.UNMATCHED_OPENING_BRACE),
                str(msg.UNMATCHED_CLOSING_BRACE),
            ],
        ),
        ("Open {reference", [str(msg.UNMATCHED_OPENING_BRACE)]),
        ("Close reference}", [str(msg.UNMATCHED_CLOSING_BRACE)]),
        ("{{reference}}", [str(msg.UNMATCHED_OPENING_BRACE), str(msg.UNMATCHED_CLOSING_BRACE)]),
        (
            "{new_due}",
            [
                f"The wording uses {{new_due}}, which Putright does not know. "
                f"Placeholders you can use: {USABLE}"
            ],
        ),
    ],
    ids=[
        "known",
        "several",
        "none",
        "misspelt",
        "template-code",
        "open",
        "close",
        "doubled",
        "another-letters",
    ],
)
def test_braces_hold_only_the_letters_placeholders(text, expected):
    assert problems(text, KNOWN) == expected


def test_a_very_long_unknown_placeholder_is_named_shortened():
    (problem,) = problems("{" + "x" * 500 + "}", KNOWN)
    assert problem.startswith("The wording uses {xxxxxxxx")
    assert "x" * 100 not in problem


def test_filling_replaces_placeholders_with_plain_text_and_paragraphs_escape_it():
    filled = fill(
        "Dear {recipient_name}, about {reference}.",
        {
            "recipient_name": "<Ffion> & co",
            "reference": "PR-2026-000001",
        },
    )
    assert filled == "Dear <Ffion> & co, about PR-2026-000001."
    assert paragraphs(filled + "\n\nNext\nline") == (
        "<p>Dear &lt;Ffion&gt; &amp; co, about PR-2026-000001.</p>\n<p>Next<br>line</p>"
    )


@pytest.mark.parametrize("kind", LetterKind.values)
def test_the_shipped_wording_uses_only_known_placeholders_in_both_languages(kind):
    for lang in LANGUAGES:
        texts = shipped(kind, lang)
        for text in texts.values():
            assert problems(text, placeholders_for(kind)) == []
    english, welsh = shipped(kind, "en"), shipped(kind, "cy")
    assert english["subject"] != welsh["subject"]  # Welsh from the catalogue
    assert english["opening"] != welsh["opening"]
    assert welsh["sign_off"] == "Yn gywir,\n\nY tîm cwynion, {organisation}"


# -- the pages -----------------------------------------------------------------------------------
def test_version_1_is_the_shipped_wording_in_english_and_welsh(db):
    for kind in LetterKind.values:
        for lang in LANGUAGES:
            version = current_version(kind, lang)
            assert version.number == 1 and version.created_by is None
            assert version.texts() == shipped(kind, lang)


@pytest.mark.parametrize("who", ["caseworker", "manager", "auditor"])
def test_only_administrators_reach_the_wording_pages(staff, admin, client, who):
    client.force_login(staff[who])
    for url in (
        reverse("letters-wording:index"),
        EDIT,
        reverse("letters-wording:history", args=[ACK.value]),
    ):
        assert client.get(url).status_code == 403
    assert client.post(EDIT, form_data(en_opening="Hello.")).status_code == 403
    assert current_version(ACK, "en").number == 1

    client.force_login(admin)
    page = client.get(reverse("letters-wording:index")).content.decode()
    assert "Letter wording" in page and "Acknowledgement" in page


def test_anyone_signed_out_is_sent_to_sign_in(db, client):
    response = client.get(reverse("letters-wording:index"))
    assert response.status_code == 302
    assert reverse("accounts:sign-in") in response["Location"]


def test_a_wording_with_an_unknown_placeholder_is_refused_naming_it(admin, client):
    client.force_login(admin)

    response = client.post(
        EDIT, form_data(en_opening="We received it on {recieved_on}.", cy_heading="Helo {")
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The wording uses {recieved_on}, which Putright does not know." in page
    assert "Placeholders you can use: {reference}, {organisation}" in page
    assert 'href="#id_en_opening"' in page and 'href="#id_cy_heading"' in page
    assert "The wording has a { without a } after it." in page
    assert "We received it on {recieved_on}." in page  # what they typed is kept
    assert LetterWording.objects.filter(kind=ACK, number=2).count() == 0
    assert not AuditEntry.objects.filter(action="letter-wording-save").exists()


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("en_subject", "", "Enter the email subject (English)"),
        ("en_subject", "One\nTwo", "Email subject (English) must be one line"),
        ("cy_opening", "x" * 5_001, "Opening paragraphs (Welsh) must be 5,000 characters or fewer"),
        (
            "cy_closing",
            "Bell\x07",
            "Closing paragraphs (Welsh) must not include control characters",
        ),
        ("en_sign_off", "NUL\x00", "Sign-off (English) must not include control characters"),
        ("en_closing", "x" * 1_000_000, "Closing paragraphs (English) must be 5,000 characters"),
    ],
    ids=["empty", "two-lines", "too-long", "control", "nul", "a-megabyte"],
)
def test_wording_that_cannot_be_used_is_refused_on_its_field(admin, client, field, text, message):
    client.force_login(admin)
    response = client.post(EDIT, form_data(**{field: text}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert LetterWording.objects.filter(number=2).count() == 0


def test_each_save_is_a_new_version_and_an_older_one_can_be_used_again(admin, client):
    client.force_login(admin)
    shipped_opening = current_version(ACK, "en").opening

    response = client.post(
        EDIT,
        form_data(
            en_opening="Thank you for writing to us on {received_on}.",
            note="Shorter opening",
        ),
        follow=True,
    )

    assert "The new wording is saved as version 2 (English)." in response.content.decode()
    english = current_version(ACK, "en")
    assert (english.number, english.created_by, english.note) == (2, admin, "Shorter opening")
    assert current_version(ACK, "cy").number == 1  # the Welsh did not change
    saved = AuditEntry.objects.get(action="letter-wording-save")
    assert saved.actor == admin
    assert saved.before["opening"] == shipped_opening
    assert saved.after["opening"] == "Thank you for writing to us on {received_on}."

    history = reverse("letters-wording:history", args=[ACK.value])
    page = client.get(history).content.decode()
    assert "Version 2" in page and "Version 1" in page and "Shorter opening" in page
    assert "As Putright ships it" in page
    first = LetterWording.objects.get(kind=ACK, language="en", number=1)

    response = client.post(
        reverse("letters-wording:restore", args=[ACK.value, first.pk]), follow=True
    )

    assert "Version 1 is in use again, saved as version 3." in response.content.decode()
    restored = current_version(ACK, "en")
    assert (restored.number, restored.restored_from) == (3, 1)
    assert restored.opening == shipped_opening
    assert AuditEntry.objects.filter(action="letter-wording-restore", actor=admin).exists()
    assert LetterWording.objects.filter(kind=ACK, language="en").count() == 3


def test_using_an_older_version_saved_by_someone_else_at_the_same_moment_says_so(
    admin, client, monkeypatch
):
    client.force_login(admin)
    client.post(EDIT, form_data(en_opening="Thank you for writing on {received_on}."))
    first = LetterWording.objects.get(kind=ACK, language="en", number=1)

    def collide(*args: Any, **kwargs: Any) -> None:
        raise services.StaleWording()

    monkeypatch.setattr(services, "_new_version", collide)
    response = client.post(
        reverse("letters-wording:restore", args=[ACK.value, first.pk]), follow=True
    )

    assert response.status_code == 200
    assert str(msg.WORDING_CHANGED) in response.content.decode()
    assert current_version(ACK, "en").number == 2  # nothing was saved


def test_saving_the_same_words_saves_nothing(admin, client):
    client.force_login(admin)
    response = client.post(EDIT, form_data(), follow=True)
    assert str(msg.WORDING_UNCHANGED) in response.content.decode()
    assert LetterWording.objects.filter(number=2).count() == 0


def test_two_administrators_never_overwrite_each_other(admin, client):
    seen = form_data()
    client.force_login(admin)
    client.post(EDIT, {**seen, "en_heading": "We have your complaint"})

    response = client.post(EDIT, {**seen, "en_heading": "Your complaint reached us"})

    page = response.content.decode()
    assert "Someone else saved this wording since you opened it." in page
    assert "Your complaint reached us" in page
    assert current_version(ACK, "en").heading == "We have your complaint"
    with pytest.raises(services.StaleWording):
        services.wording_save(
            kind=ACK,
            texts={lang: shipped(ACK, lang) for lang in LANGUAGES},
            expected={"en": 1, "cy": 1},
            note="",
            actor=admin,
        )


def test_a_preview_shows_a_real_case_in_welsh_and_english_without_saving(
    record, smtp, admin, client
):
    complaint = record("two-stage-review")
    client.force_login(admin)

    response = client.post(
        EDIT,
        form_data(
            action="preview",
            reference=f" {complaint.reference.lower()} ",
            en_opening="We have your complaint {reference} from {received_on}.",
            cy_opening="Mae eich cwyn {reference} gennym ni.",
        ),
    )

    page = words(response.content.decode())
    assert response.status_code == 200
    assert f"Preview for {complaint.reference}, not saved" in page
    assert f"We have your complaint {complaint.reference} from Friday 20 November 2026." in page
    assert f"Mae eich cwyn {complaint.reference} gennym ni." in page
    assert 'lang="cy" aria-label="The letter in Welsh"' in page
    assert 'lang="en" aria-label="The letter in English"' in page
    assert "Annwyl Ffion Jones," in page and "Dear Ffion Jones," in page
    assert current_version(ACK, "en").number == 1
    assert AuditEntry.objects.filter(complaint=complaint, actor=admin, action="view").exists()

    picked = client.post(
        reverse("letters-wording:edit", args=[LetterKind.STAGE_RESPONSE.value]),
        form_data(LetterKind.STAGE_RESPONSE, action="preview", recent=str(complaint.pk)),
    )
    assert f"Preview for {complaint.reference}, not saved" in picked.content.decode()


def test_a_preview_needs_a_case_the_administrator_may_see(record, smtp, teams, admin, client):
    south = record("two-stage-review", team=teams["south"])
    client.force_login(admin)

    response = client.post(EDIT, form_data(action="preview", reference=south.reference))

    page = response.content.decode()
    assert str(msg.PREVIEW_CASE_UNKNOWN) in page
    assert "Preview for" not in page
    assert not AuditEntry.objects.filter(complaint=south, actor=admin).exists()
    nothing = client.post(EDIT, form_data(action="preview"))
    assert str(msg.PREVIEW_CHOOSE_CASE) in nothing.content.decode()


def test_new_letters_use_the_newest_wording_and_a_sent_letter_keeps_its_words(
    record, smtp, admin, client
):
    first = record("two-stage-review")
    before = Letter.objects.get(complaint=first)
    client.force_login(admin)
    client.post(
        EDIT,
        form_data(
            en_opening="Thank you for writing to us. <b>{reference}</b> is yours.",
            cy_opening="Diolch am ysgrifennu atom. Eich cyfeirnod yw {reference}.",
        ),
    )

    second = record("two-stage-review")
    welsh = record("two-stage-review", language="cy")

    newer = Letter.objects.get(complaint=second)
    assert newer.wording_versions == {"en": 2}
    text = words(body(smtp.messages[1]))
    assert f"Thank you for writing to us. <b>{second.reference}</b> is yours." in text
    assert f"&lt;b&gt;{second.reference}&lt;/b&gt;" in body(smtp.messages[1], "html")
    assert "Diolch am ysgrifennu atom." in words(body(smtp.messages[2]))
    assert Letter.objects.get(complaint=welsh).wording_versions == {"cy": 2}
    kept = Letter.objects.get(pk=before.pk)
    assert (kept.html, kept.text, kept.wording_versions) == (
        before.html,
        before.text,
        {"en": 1},
    )
    assert "Thank you for writing to us." not in kept.text
