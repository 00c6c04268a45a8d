"""A letter that carries a handler's words is made as a draft: staff read it as the complainant
will get it, may change its words, and send it; then it never changes (ADR 0019)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils.translation import gettext, override

from putright.cases.models import AuditEntry, Event
from putright.cases.services import PersonDetails
from putright.letters import messages as msg
from putright.letters import services
from putright.letters.kinds import SPECS, LetterKind
from putright.letters.models import Letter, LetterStatus, OutboxMessage
from putright.letters.wording import draft_parts
from tests.letters.conftest import attachment, body, pdf_text

CONCLUSIONS = "We were slow to reply."


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def responded(record, act, staff):
    """A case whose first stage was answered: its stage response waits as a draft."""

    def make(**overrides: Any) -> Letter:
        complaint = record("two-stage-review", **overrides)
        complaint = act(complaint, "accept", staff["caseworker"])
        complaint = act(complaint, "assign-reviewer", staff["manager"], reviewer=staff["reviewer"])
        act(
            complaint,
            "respond",
            staff["reviewer"],
            outcome="partly-upheld",
            conclusions=CONCLUSIONS,
            reasons="Three letters went unanswered for six weeks.",
        )
        return Letter.objects.get(complaint=complaint, kind=LetterKind.STAGE_RESPONSE)

    return make


def typed(letter: Letter, action: str = "save", **changes: str) -> dict[str, Any]:
    """The draft form as the page shows it, with ``changes`` typed in."""
    data: dict[str, Any] = {"version": letter.version, "action": action}
    for lang, parts in letter.wording.items():
        for part in draft_parts(letter.kind):
            data[f"{lang}_{part.key}"] = parts.get(part.key, "")
    data.update(changes)
    return data


def page_of(letter: Letter) -> str:
    return reverse("letters:draft", args=[letter.pk])


def test_which_letters_staff_check_before_they_are_sent():
    checked = {kind for kind, spec in SPECS.items() if spec.review_before_sending}
    assert checked == {
        LetterKind.STAGE_RESPONSE,
        LetterKind.FINAL_RESPONSE,
        LetterKind.FRONTLINE_RESOLUTION,
        LetterKind.EXTENSION,
    }


def test_a_stage_response_is_made_as_a_draft_and_nothing_is_sent(responded, smtp, staff, client):
    letter = responded()

    assert letter.status == LetterStatus.DRAFT
    assert not letter.pdf and not letter.sha256 and letter.sent_at is None
    assert not OutboxMessage.objects.filter(letter=letter).exists()
    assert len(smtp.messages) == 1  # the acknowledgement only, sent as it was made
    assert CONCLUSIONS in letter.text
    assert letter.wording["en"]["conclusions"] == CONCLUSIONS

    client.force_login(staff["caseworker"])
    case_page = client.get(reverse("staff:detail", args=[letter.complaint_id])).content.decode()
    assert "Letter to send: check and send" in case_page
    assert page_of(letter) in case_page
    draft_page = client.get(page_of(letter)).content.decode()
    assert "Check and send the letter: Stage response" in draft_page
    assert CONCLUSIONS in draft_page
    assert 'name="en_conclusions"' in draft_page


def test_typed_markup_is_shown_as_typed_and_paragraphs_are_kept(responded, smtp, staff, client):
    letter = responded()
    client.force_login(staff["reviewer"])
    hostile = '<script>alert("x")</script>\n\n<b>Bold?</b> & more\nSame paragraph'

    response = client.post(page_of(letter), typed(letter, en_conclusions=hostile))

    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.version == 2
    assert letter.wording["en"]["conclusions"] == hostile
    assert "<script>" not in letter.html and "<b>" not in letter.html
    assert "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>" in letter.html
    assert "<p>&lt;b&gt;Bold?&lt;/b&gt; &amp; more<br>Same paragraph</p>" in letter.html
    assert "<b>Bold?</b> & more\nSame paragraph" in letter.text
    edit = AuditEntry.objects.get(complaint=letter.complaint, action="letter-edit")
    assert edit.actor == staff["reviewer"]
    assert edit.before["en_conclusions"] == CONCLUSIONS
    assert edit.after["en_conclusions"] == hostile
    assert Event.objects.filter(complaint=letter.complaint, kind="letter-edited").exists()
    page = client.get(page_of(letter)).content.decode()
    assert "&lt;script&gt;" in page and "<script>alert" not in page


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("A NUL \x00 here", "What we concluded must not include control characters"),
        ("A bell \x07 here", "What we concluded must not include control characters"),
        ("x" * 1_000_000, "What we concluded must be 20,000 characters or fewer"),
    ],
    ids=["nul", "control", "a-megabyte"],
)
def test_words_that_cannot_be_sent_are_refused_on_their_field(
    responded, smtp, staff, client, text, message
):
    letter = responded()
    before = (letter.html, letter.version)
    client.force_login(staff["caseworker"])

    response = client.post(page_of(letter), typed(letter, en_conclusions=text))

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert 'href="#id_en_conclusions"' in page
    letter.refresh_from_db()
    assert (letter.html, letter.version) == before
    assert not AuditEntry.objects.filter(action="letter-edit").exists()


def test_the_service_refuses_what_the_form_refuses(responded, smtp, staff):
    letter = responded()
    with pytest.raises(services.LetterRefused) as refused:
        services.draft_update(
            letter_id=letter.pk,
            actor=staff["caseworker"],
            expected_version=letter.version,
            words={"en": {"opening": "x" * 5_001, "reasons": "a\x00b"}},
        )
    assert set(refused.value.errors) == {"en_opening", "en_reasons"}


def test_sending_emails_the_edited_words_and_their_pdf_then_the_letter_never_changes(
    responded, smtp, staff, client, tmp_path, django_capture_on_commit_callbacks
):
    letter = responded()
    client.force_login(staff["reviewer"])
    apology = "We are sorry that it took us so long to reply."
    client.post(page_of(letter), typed(letter, en_opening=apology))
    letter.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page_of(letter), typed(letter, action="send"))

    assert response.status_code == 302
    assert response["Location"] == reverse("staff:detail", args=[letter.complaint_id])
    message = smtp.messages[-1]
    assert "our response" in message["Subject"]
    assert apology in words(body(message))
    assert apology in words(body(message, "html"))
    assert apology in words(pdf_text(attachment(message)[1], tmp_path))
    letter.refresh_from_db()
    assert letter.status == LetterStatus.FINAL
    assert letter.sent_at is not None
    assert letter.approved_by == staff["reviewer"]
    assert letter.sha256
    approved = AuditEntry.objects.get(complaint=letter.complaint, action="letter-approve")
    assert approved.after["sha256"] == letter.sha256
    assert Event.objects.filter(complaint=letter.complaint, kind="letter-approved").exists()

    again = client.post(page_of(letter), typed(letter, en_opening="Something else."))
    assert again.status_code == 302
    letter.refresh_from_db()
    assert apology in letter.text and "Something else." not in letter.text
    with pytest.raises(services.LetterRefused):
        services.draft_update(
            letter_id=letter.pk,
            actor=staff["reviewer"],
            expected_version=letter.version,
            words={"en": {"opening": "Something else."}},
        )
    with pytest.raises(DatabaseError), transaction.atomic():
        Letter.objects.filter(pk=letter.pk).update(html="<p>Something else.</p>")


def test_a_sent_letters_words_never_change_even_while_its_email_waits(responded, smtp, staff):
    letter = responded()
    smtp.stop()
    sent = services.draft_send(
        letter_id=letter.pk, actor=staff["reviewer"], expected_version=letter.version
    )
    assert sent.status == LetterStatus.FINAL and sent.sent_at is None  # the server is down

    with pytest.raises(DatabaseError), transaction.atomic():
        Letter.objects.filter(pk=letter.pk).update(text="Something else.")
    with pytest.raises(DatabaseError), transaction.atomic():
        Letter.objects.filter(pk=letter.pk).update(status=LetterStatus.DRAFT)
    Letter.objects.filter(pk=letter.pk).update(recipient_address="1 High Street")  # not its words


def test_send_with_words_changed_saves_them_and_shows_the_letter_again(
    responded, smtp, staff, client
):
    letter = responded()
    client.force_login(staff["caseworker"])

    response = client.post(
        page_of(letter),
        typed(letter, action="send", en_closing="Call us if you wish."),
        follow=True,
    )

    assert str(msg.DRAFT_SAVED) in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFT
    assert "Call us if you wish." in letter.text
    assert len(smtp.messages) == 1  # the acknowledgement only


def test_another_teams_caseworker_cannot_find_the_draft(responded, smtp, staff, client):
    letter = responded()
    client.force_login(staff["south_caseworker"])

    assert client.get(page_of(letter)).status_code == 404
    assert client.post(page_of(letter), typed(letter, action="send")).status_code == 404
    assert client.get(reverse("letters:letter-html", args=[letter.pk])).status_code == 404
    assert client.get(reverse("letters:letter-pdf", args=[letter.pk])).status_code == 404
    drafts = client.get(reverse("letters:drafts")).content.decode()
    assert letter.complaint.reference not in drafts
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFT


def test_an_auditor_reads_the_draft_but_cannot_edit_or_send_it(responded, smtp, staff, client):
    letter = responded()
    client.force_login(staff["auditor"])

    page = client.get(page_of(letter)).content.decode()
    assert CONCLUSIONS in page
    assert "Send letter" not in page
    assert "Someone who can change this case must check and send this letter." in page
    assert client.post(page_of(letter), typed(letter, action="send")).status_code == 403
    with pytest.raises(services.LetterRefused):
        services.draft_send(
            letter_id=letter.pk, actor=staff["auditor"], expected_version=letter.version
        )
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFT
    assert letter.complaint.reference in client.get(reverse("letters:drafts")).content.decode()


def test_two_people_editing_the_same_draft_never_overwrite_each_other(
    responded, smtp, staff, client
):
    letter = responded()
    seen = typed(letter)  # both open the page at the same version
    client.force_login(staff["caseworker"])
    client.post(page_of(letter), {**seen, "en_opening": "First person’s words."})

    client.force_login(staff["reviewer"])
    response = client.post(page_of(letter), {**seen, "en_opening": "Second person’s words."})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed this letter since you opened it." in page
    assert "Second person’s words." in page  # what they typed is kept in the form
    assert 'name="version" value="2"' in page  # and they can now save over it on purpose
    letter.refresh_from_db()
    assert "First person’s words." in letter.text
    assert "Second person’s words." not in letter.text

    stale_send = client.post(page_of(letter), {**seen, "action": "send"})
    assert "Someone else changed this letter since you opened it." in stale_send.content.decode()
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFT


def test_a_draft_to_post_is_made_final_with_its_pdf_and_no_email(record, act, smtp, staff, client):
    person = PersonDetails(
        full_name="Ieuan Price",
        email="ieuan@example.invalid",
        preferred_contact="post",
        address="1 High Street\nCardiff",
    )
    complaint = record("service-complaint", person=person)
    complaint = act(complaint, "acknowledge", staff["caseworker"], sent_on=complaint.received_on)
    complaint = act(complaint, "accept", staff["caseworker"])
    act(complaint, "resolve-frontline", staff["caseworker"], action_taken="We apologised.")
    letter = Letter.objects.get(complaint=complaint, kind=LetterKind.FRONTLINE_RESOLUTION)
    client.force_login(staff["caseworker"])

    response = client.post(page_of(letter), typed(letter, action="send"), follow=True)

    assert "Letter ready to post: Frontline resolution." in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == LetterStatus.FINAL and letter.pdf and letter.sha256
    assert not OutboxMessage.objects.filter(letter=letter).exists()
    assert smtp.messages == []


def test_a_drafts_pdf_preview_is_made_each_time_and_never_kept(responded, smtp, staff, client):
    letter = responded()
    client.force_login(staff["caseworker"])

    response = client.get(reverse("letters:letter-pdf", args=[letter.pk]))

    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "stage-response-draft.pdf" in response["Content-Disposition"]
    letter.refresh_from_db()
    assert not letter.pdf and not letter.sha256
    html = client.get(reverse("letters:letter-html", args=[letter.pk]))
    assert CONCLUSIONS in html.content.decode()
    assert html["Content-Security-Policy"].startswith("default-src 'none'")


def test_the_draft_and_its_timeline_are_said_in_welsh(responded, smtp, staff, client, settings):
    letter = responded()
    client.force_login(staff["caseworker"])
    client.post(page_of(letter), typed(letter, en_opening="Diolch."))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"

    page = client.get(reverse("staff:detail", args=[letter.complaint_id])).content.decode()

    assert "Llinell amser" in page  # the page is in Welsh
    with override("cy"):  # the catalogue's Welsh, once it has these sentences
        assert gettext("Letter to send: check and send") in page
        said = gettext("Letter edited before sending: %(letter)s.") % {
            "letter": gettext("Stage response")
        }
    assert said.replace("’", "&#x27;") in page or said in page
