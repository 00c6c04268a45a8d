"""Each letter in the complainant's language, both languages when the organisation chooses,
large print when that adjustment is recorded, by post when they prefer it, and the PDF: A4,
tagged, page numbers, nothing fetched from outside."""

from __future__ import annotations

import re
from statistics import median

import pytest
from django.urls import NoReverseMatch

from putright.cases import deadlines, rules
from putright.cases.services import PersonDetails, RepresentativeDetails
from putright.letters import content, render
from putright.letters.models import Letter, LetterLanguage, OutboxMessage
from putright.policy import format_date
from tests.letters.conftest import attachment, body, pdf_info, pdf_text


def words(text: str) -> str:
    return " ".join(text.split())


def subject(message) -> str:
    """The subject as a mail program shows it (a long header is folded across lines)."""
    return words(str(message["Subject"]))


def fake_tracking_link(complaint) -> str:
    """Stands in for the portal's tracking-link factory."""
    return f"https://complaints.example/track/{complaint.reference}/"


def test_a_welsh_complainant_is_written_to_in_welsh(record, smtp, tmp_path):
    person = PersonDetails(
        full_name="Dafydd ap Siôn", email="dafydd@example.invalid", language="cy"
    )
    complaint = record("two-stage-review", language="cy", person=person)

    (message,) = smtp.messages
    assert subject(message) == f"Eich cwyn {complaint.reference}: rydyn ni wedi’i chael"
    procedure = rules.procedure_for(complaint)
    due = deadlines.stage_due(procedure, "stage-1", complaint.received_on, rules.calendar())
    text = words(body(message))
    assert "Annwyl Dafydd ap Siôn," in text
    assert f"Eich cyfeirnod yw {complaint.reference}" in text
    assert format_date(due.value, "cy") in text
    assert words(due.render("cy")) in text
    assert procedure.title.cy in text
    assert "Yn gywir," in text
    assert "Dear" not in text
    assert '<html lang="cy">' in body(message, "html")
    pdf = words(pdf_text(attachment(message)[1], tmp_path))
    assert "Rydyn ni wedi cael eich cwyn" in pdf
    assert format_date(due.value, "cy") in pdf
    assert "Tudalen 1 o" in pdf
    assert Letter.objects.get(complaint=complaint).language == LetterLanguage.WELSH


def test_an_organisation_writing_bilingually_sends_welsh_then_english(record, smtp, org, tmp_path):
    org.bilingual_letters = True
    org.save(update_fields=["bilingual_letters"])

    complaint = record("service-complaint")

    (message,) = smtp.messages
    welsh = f"Eich cwyn {complaint.reference}: rydyn ni wedi’i chael"
    english = f"Your complaint {complaint.reference}: we have received it"
    assert subject(message) == f"{welsh} / {english}"
    text = words(body(message))
    assert text.index("Rydyn ni wedi cael eich cwyn") < text.index(
        "We have received your complaint"
    )
    html = body(message, "html")
    assert '<section class="letter" lang="cy">' in html
    assert '<section class="letter continued" lang="en">' in html
    pdf = words(pdf_text(attachment(message)[1], tmp_path))
    assert pdf.index("Annwyl Ffion Jones") < pdf.index("Dear Ffion Jones")
    assert "Cyngor Prawf" in pdf
    assert "Test Council" in pdf
    assert Letter.objects.get(complaint=complaint).language == LetterLanguage.BILINGUAL


def word_heights(pdf: bytes, tmp_path) -> list[float]:
    """The height of each word on the PDF's first page, from pdftotext's bounding boxes."""
    bbox = pdf_text(pdf, tmp_path, bbox=True)
    first_page = bbox.split("</page>")[0]
    return [
        float(y2) - float(y1)
        for y1, y2 in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', first_page
        )
    ]


def test_large_print_is_used_when_that_adjustment_is_recorded(record, smtp, tmp_path):
    standard = record("two-stage-review")
    large = record(
        "two-stage-review",
        person=PersonDetails(
            full_name="Gwen Morgan", email="gwen@example.invalid", adjustments=["large-print"]
        ),
    )
    standard_message, large_message = smtp.messages

    assert 'class="large-print"' in body(large_message, "html")
    assert "font-size: 18pt" in body(large_message, "html")
    assert 'class="standard-print"' in body(standard_message, "html")
    large_pdf = attachment(large_message)[1]
    standard_pdf = attachment(standard_message)[1]
    assert median(word_heights(large_pdf, tmp_path)) >= 1.4 * median(
        word_heights(standard_pdf, tmp_path)
    )
    assert Letter.objects.get(complaint=large).large_print
    assert not Letter.objects.get(complaint=standard).large_print


def test_the_pdf_is_a_tagged_a4_letter_with_page_numbers_and_branding(record, smtp, tmp_path):
    complaint = record("two-stage-review")
    pdf = attachment(smtp.messages[0])[1]

    info = pdf_info(pdf, tmp_path)
    assert "Tagged:          yes" in info
    assert 'pdfuaid:part="1"' in pdf_info(pdf, tmp_path, meta=True)  # it declares PDF/UA-1
    assert "(A4)" in info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    text = words(pdf_text(pdf, tmp_path))
    assert f"Page 1 of {pages}" in text
    assert f"Page {pages} of {pages}" in text
    assert "Test Council" in text
    assert f"Your complaint {complaint.reference}: we have received it" in info  # its title


def test_rendering_fetches_nothing_from_outside_putright():
    fetcher = render._local_fetcher()
    for url in ("http://example.com/logo.png", "https://example.com/a.css", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="fetch nothing"):
            fetcher.fetch(url)
    fetcher.fetch("data:text/plain,hello")  # inline data is allowed
    html = '<html lang="en"><title>x</title><img src="http://192.0.2.1/x.png" alt="">Hello</html>'
    assert render.render_pdf(html).startswith(b"%PDF")


@pytest.mark.tasks
def test_someone_who_prefers_post_gets_a_pdf_to_post_and_no_email(
    record, smtp, tmp_path, task_queue
):
    person = PersonDetails(
        full_name="Ieuan Price", email="ieuan@example.invalid", preferred_contact="post"
    )
    complaint = record("two-stage-review", person=person)
    assert task_queue.run() == 1

    assert smtp.messages == []
    letter = Letter.objects.get(complaint=complaint)
    assert letter.recipient_email == ""
    assert letter.pdf  # made by the task, ready to print
    assert "reply to this email" not in letter.text
    assert "Email us at complaints@council.example" in letter.text
    assert not OutboxMessage.objects.filter(complaint=complaint).exists()
    complaint.refresh_from_db()
    assert complaint.acknowledged_on is None  # staff record it when they post it


def test_before_consent_a_letter_that_discloses_the_case_goes_to_the_person(
    record, act, smtp, staff
):
    complaint = record(
        "two-stage-review",
        representative=RepresentativeDetails(full_name="Sam Advocate", email="sam@advice.example"),
    )
    act(complaint, "withdraw", staff["caseworker"], confirm=True)

    assert smtp.recipients == [["sam@advice.example"], ["ffion@example.invalid"]]


def test_the_acknowledgement_links_to_tracking_when_the_portal_gives_a_link(
    record, smtp, settings, tmp_path
):
    settings.PUTRIGHT_TRACKING_LINK_FACTORY = f"{__name__}.fake_tracking_link"
    settings.PUTRIGHT_BASE_URL = "https://complaints.example/"
    complaint = record("two-stage-review")
    link = fake_tracking_link(complaint)
    assert link in body(smtp.messages[0])
    assert f'href="{link}"' in body(smtp.messages[0], "html")
    # The personal link is put in as the email leaves: nothing stored holds it.
    letter = Letter.objects.get(complaint=complaint)
    message = OutboxMessage.objects.get(letter=letter)
    for stored in (letter.text, letter.html, message.text, message.html):
        assert link not in stored
    pdf = words(pdf_text(attachment(smtp.messages[0])[1], tmp_path))
    assert link not in pdf
    assert "https://complaints.example/track/new-link/" in pdf


def test_without_a_tracking_link_factory_or_address_the_link_is_left_out(record, smtp):
    record("two-stage-review")
    assert "follow your complaint online" not in words(body(smtp.messages[0]))


def test_the_new_link_page_is_used_only_where_the_portal_has_one(settings, monkeypatch):
    settings.PUTRIGHT_BASE_URL = "https://complaints.example/"

    def no_such_page(name: str) -> str:
        raise NoReverseMatch(name)

    monkeypatch.setattr(content, "reverse", no_such_page)
    assert content.new_link_page() is None
    monkeypatch.setattr(content, "reverse", lambda name: "/track/new-link/")
    assert content.new_link_page() == "https://complaints.example/track/new-link/"


def test_a_representative_without_consent_gets_no_tracking_link(record, smtp, settings):
    settings.PUTRIGHT_TRACKING_LINK_FACTORY = f"{__name__}.fake_tracking_link"
    complaint = record(
        "two-stage-review",
        representative=RepresentativeDetails(full_name="Sam Advocate", email="sam@advice.example"),
    )
    assert fake_tracking_link(complaint) not in body(smtp.messages[0])
