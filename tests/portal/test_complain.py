"""Making a complaint online: every route through the questions, for each procedure, ends in one
complaint on the "web" channel recorded by the same service staff use.

The pages are driven with Django's test client, without JavaScript, as a browser would post them.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from putright.accounts.models import Role, StaffUser, Team
from putright.cases import rules
from putright.cases.models import (
    Attachment,
    AuditEntry,
    Complaint,
    Event,
    OrganisationSettings,
)
from putright.portal.complain import pending, throttle
from putright.portal.complain.answers import SENT_KEY, SESSION_KEY
from putright.portal.complain.models import SubmissionCount

pytestmark = pytest.mark.django_db

#: The day the pages believe it is: a Monday with no bank holiday near it.
TODAY = date(2026, 11, 23)
START = "/complain/start/"
CHECK = "/complain/check-your-answers/"
SENT = "/complain/complaint-sent/"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(rules, "today", lambda: TODAY)
    return TODAY


@pytest.fixture(autouse=True)
def uploads_elsewhere(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def team(db: Any) -> Team:
    return Team.objects.create(code="north", name="North Complaints Team")


@pytest.fixture
def org(team: Team) -> OrganisationSettings:
    return OrganisationSettings.objects.create(
        name="Test Council",
        division="england-and-wales",
        procedures=["two-stage-review", "service-complaint"],
        default_team=team,
    )


@pytest.fixture
def one_procedure(team: Team) -> OrganisationSettings:
    return OrganisationSettings.objects.create(
        name="Test Council", procedures=["service-complaint"], default_team=team
    )


def day(value: date, name: str) -> dict[str, str]:
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }


def pdf_bytes() -> bytes:
    """A real one-page PDF, made by Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(buffer, format="PDF")
    return buffer.getvalue()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def a_pdf(name: str = "letter.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def answers_for(procedure: str = "two-stage-review", **changes: dict[str, Any]) -> dict:
    """What a person types on each page, by page; ``changes`` replace a page's answers."""
    pages: dict[str, dict[str, Any]] = {
        "procedure": {"procedure": procedure},
        "who": {"who": "myself"},
        "name": {"name": "Ffion Jones"},
        "reference": {"reference": "AB-123/4"},
        "scope-about-a-charity": {"answer": "no"},
        "scope-decision-disagreement": {"answer": "no"},
        "scope-reopen-concluded": {"answer": "no"},
        "scope-information-request": {"answer": "unsure"},
        "scope-court-or-tribunal": {"answer": "no"},
        "when": day(date(2026, 11, 2), "event_on"),
        "found-out": day(date(2026, 11, 5), "found_out_on"),
        "what-went-wrong": {"what_went_wrong": "Nobody answered my three letters."},
        "put-right": {"put_right": "An apology and an answer."},
        "about": {
            "categories": ["service-standard"]
            if procedure == "two-stage-review"
            else ["communication", "time-taken"]
        },
        "documents": {"action": "continue"},
        "contact-method": {"contact_method": "email"},
        "contact-details": {
            "email": "ffion@example.invalid",
            "email_confirm": "ffion@example.invalid",
            "phone": "",
            "address": "",
        },
        "adjustments": {"adjustments_detail": ""},
        "language": {"language": "en"},
    }
    pages.update(changes)
    return pages


def slug_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1].split("?")[0]


def walk(client: Client, pages: dict[str, dict[str, Any]], *, start: str = START) -> list[str]:
    """Answer each page the journey asks until it reaches check your answers; the pages seen."""
    response = client.get(start)
    assert response.status_code == 302, response
    url = response["Location"]
    seen: list[str] = []
    while not url.startswith(CHECK):
        slug = url.split("/complain/", 1)[1].split("/", 1)[0]
        assert slug in pages, f"asked an unexpected question: {slug} (after {seen})"
        assert slug not in seen, f"asked {slug} twice: {seen}"
        seen.append(slug)
        page = client.get(url)
        assert page.status_code == 200, (slug, page.status_code)
        response = client.post(url, pages[slug])
        assert response.status_code == 302, (slug, errors_on(response))
        url = response["Location"]
    return seen


def errors_on(response: Any) -> list[str]:
    html = response.content.decode()
    return [
        re.sub(r"<[^>]+>", "", item).strip()
        for item in re.findall(r'<p id="[^"]*-error" class="govuk-error-message">(.*?)</p>', html)
    ]


def send(client: Client) -> Any:
    return client.post(CHECK, {"website": ""})


def only_complaint() -> Complaint:
    (complaint,) = Complaint.objects.select_related("person", "representative").all()
    return complaint


# -- each procedure, all the way through ---------------------------------------------------------
def test_a_two_stage_review_complaint_from_start_to_confirmation(client, org):
    start = client.get(reverse("portal:complain"))
    assert start.status_code == 200
    assert "Start now" in start.content.decode()
    seen = walk(client, answers_for("two-stage-review"))
    assert seen == [
        "procedure",
        "who",
        "name",
        "reference",
        "scope-about-a-charity",
        "when",
        "found-out",
        "what-went-wrong",
        "put-right",
        "about",
        "documents",
        "contact-method",
        "contact-details",
        "adjustments",
        "language",
    ]
    check = client.get(CHECK)
    assert check.status_code == 200
    for answer in (
        "Ffion Jones",
        "AB-123/4",
        "Nobody answered my three letters.",
        "Monday 2 November 2026",
    ):
        assert answer in check.content.decode()
    response = send(client)
    assert response.status_code == 302
    assert response["Location"] == SENT

    complaint = only_complaint()
    assert complaint.channel == "web"
    assert complaint.procedure_id == "two-stage-review"
    assert complaint.received_on == TODAY
    assert complaint.event_on == date(2026, 11, 2)
    assert complaint.found_out_on == date(2026, 11, 5)
    assert complaint.original_reference == "AB-123/4"
    assert complaint.scope_answers == {"about-a-charity": False}
    assert complaint.person.full_name == "Ffion Jones"
    assert complaint.person.email == "ffion@example.invalid"
    assert complaint.person.preferred_contact == "email"
    assert complaint.language == "en"
    assert complaint.late_reason == ""
    assert list(complaint.categories.values_list("code", flat=True)) == ["service-standard"]
    assert complaint.submission_key.startswith("web-")

    sent = client.get(SENT)
    html = sent.content.decode()
    assert sent.status_code == 200
    assert complaint.reference in html
    assert "govuk-panel--confirmation" in html
    assert "Monday 30 November 2026" in html  # acknowledged within 5 working days
    assert "Thursday 7 January 2027" in html  # stage 1: 30 working days, skipping Christmas
    assert "Not counted" in html  # the explanation of the date
    assert "ffion@example.invalid" in html
    # The answers are gone from the session; only the reference is kept.
    assert SESSION_KEY not in client.session
    assert client.session[SENT_KEY]["reference"] == complaint.reference


def test_a_service_complaint_asks_every_scope_question_and_needs_no_remedy(client, org):
    pages = answers_for("service-complaint", **{"put-right": {"put_right": ""}})
    seen = walk(client, pages)
    assert [s for s in seen if s.startswith("scope-")] == [
        "scope-decision-disagreement",
        "scope-reopen-concluded",
        "scope-information-request",
        "scope-court-or-tribunal",
    ]
    assert send(client).status_code == 302
    complaint = only_complaint()
    assert complaint.procedure_id == "service-complaint"
    assert complaint.put_right == ""
    assert complaint.scope_answers == {
        "decision-disagreement": False,
        "reopen-concluded": False,
        "information-request": None,
        "court-or-tribunal": False,
    }
    assert sorted(complaint.categories.values_list("code", flat=True)) == [
        "communication",
        "time-taken",
    ]
    html = client.get(SENT).content.decode()
    assert "Monday 21 December 2026" in html  # senior manager: 20 working days from receipt


def test_with_one_procedure_offered_the_procedure_question_is_not_asked(client, one_procedure):
    seen = walk(client, answers_for("service-complaint"))
    assert "procedure" not in seen
    assert send(client).status_code == 302
    assert only_complaint().procedure_id == "service-complaint"


def test_two_stage_review_needs_what_would_put_it_right(client, org):
    walk_to(client, answers_for("two-stage-review"), "put-right")
    response = client.post("/complain/put-right/", {"put_right": "  "})
    assert response.status_code == 200
    assert errors_on(response) == ["Error: Enter what you think we should do to put it right"]


def walk_to(client: Client, pages: dict[str, dict[str, Any]], stop: str) -> list[str]:
    """Answer the pages up to ``stop`` (not including it); the pages answered."""
    response = client.get(START)
    url = response["Location"]
    seen = []
    while slug_of(url) != stop:
        seen.append(slug_of(url))
        response = client.post(url, pages[slug_of(url)])
        assert response.status_code == 302, (slug_of(url), errors_on(response))
        url = response["Location"]
        assert not url.startswith(CHECK), f"never asked {stop}"
    return seen


# -- someone complaining for another person ------------------------------------------------------
REPRESENTATIVE_PAGES = {
    "who": {"who": "someone-else"},
    "your-details": {
        "full_name": "Gareth Advocate",
        "relationship": "Their advocate",
        "organisation": "Advice Cymru",
        "email": "gareth@example.invalid",
        "email_confirm": "GARETH@example.invalid",
        "phone": "01632 960 001",
        "address": "",
    },
    "name": {"name": "Megan Davies"},
    "contact-method": {"contact_method": "post"},
    "contact-details": {
        "email": "",
        "email_confirm": "",
        "phone": "",
        "address": "1 High Street\nCardiff",
    },
}


def test_a_representative_gives_both_sets_of_details_and_uploads_consent(client, org):
    pages = answers_for(
        "two-stage-review",
        **REPRESENTATIVE_PAGES,
        consent={"consent": "upload"},
        **{"consent-upload": {"consent_file": a_pdf("signed-consent.pdf")}},
        documents={"documents": [a_pdf("reply.pdf")], "action": "continue"},
    )
    seen = walk(client, pages)
    assert seen[:6] == ["procedure", "who", "your-details", "name", "consent", "consent-upload"]
    check = client.get(CHECK).content.decode()
    assert "Gareth Advocate" in check and "Megan Davies" in check
    assert "signed-consent.pdf" in check and "reply.pdf" in check
    assert send(client).status_code == 302

    complaint = only_complaint()
    assert complaint.person.full_name == "Megan Davies"
    assert complaint.person.preferred_contact == "post"
    assert complaint.person.address == "1 High Street\nCardiff"
    assert complaint.representative.full_name == "Gareth Advocate"
    assert complaint.representative.organisation == "Advice Cymru"
    assert complaint.representative.relationship == "Their advocate"
    assert complaint.representative.email == "gareth@example.invalid"
    documents = {a.original_name: a.description for a in complaint.attachments.all()}
    assert documents == {
        "signed-consent.pdf": "Signed consent from the person, uploaded by their representative",
        "reply.pdf": "",
    }
    received = Event.objects.get(complaint=complaint, kind="received")
    assert received.data == {"consent": "uploaded"}
    sent = client.get(SENT).content.decode()
    assert "gareth@example.invalid" in sent  # the acknowledgement goes to the representative
    assert "their written consent" in sent


#: The person's contact details when their consent comes by link: their email address too.
PERSON_WITH_EMAIL = {
    **REPRESENTATIVE_PAGES["contact-details"],
    "email": "megan@example.invalid",
    "email_confirm": "megan@example.invalid",
}


def test_a_representative_can_say_the_person_will_sign_a_declaration_later(client, org):
    pages = answers_for(
        "service-complaint",
        **REPRESENTATIVE_PAGES,
        consent={"consent": "later"},
    )
    pages["contact-details"] = PERSON_WITH_EMAIL
    seen = walk(client, pages)
    assert "consent-upload" not in seen
    assert send(client).status_code == 302
    complaint = only_complaint()
    assert complaint.attachments.count() == 0
    assert Event.objects.get(complaint=complaint, kind="received").data == {
        "consent": "declaration-later"
    }


def test_consent_by_link_needs_the_person_s_email_address_even_if_they_prefer_post(client, org):
    pages = answers_for(**REPRESENTATIVE_PAGES, consent={"consent": "later"})
    walk_to(client, pages, "contact-details")
    page = client.get("/complain/contact-details/").content.decode()
    assert "We will email them a link to give their consent" in page
    response = client.post("/complain/contact-details/", REPRESENTATIVE_PAGES["contact-details"])
    assert errors_on(response) == [
        "Error: Enter their email address, so we can send them the link to give their consent"
    ]
    response = client.post("/complain/contact-details/", PERSON_WITH_EMAIL)
    assert response.status_code == 302


def test_a_representative_must_give_a_way_to_reply(client, org):
    walk_to(client, answers_for(**REPRESENTATIVE_PAGES), "your-details")
    details = {**REPRESENTATIVE_PAGES["your-details"], "email": "", "email_confirm": ""}
    response = client.post("/complain/your-details/", details)
    assert errors_on(response) == [
        "Error: Enter an email address or a postal address, so we can reply to you"
    ]


def test_a_consent_upload_is_needed_when_they_chose_to_upload_it(client, org):
    walk_to(
        client,
        answers_for(**REPRESENTATIVE_PAGES, consent={"consent": "upload"}),
        "consent-upload",
    )
    response = client.post("/complain/consent-upload/", {"action": "continue"})
    assert errors_on(response) == ["Error: Select the file with the person’s signed consent"]


def test_choosing_myself_after_all_leaves_the_representative_out(client, org):
    pages = answers_for(**REPRESENTATIVE_PAGES, consent={"consent": "later"})
    pages["contact-details"] = PERSON_WITH_EMAIL
    walk(client, pages)
    response = client.post("/complain/who/?change=1", {"who": "myself"})
    assert response["Location"] == CHECK
    assert send(client).status_code == 302
    complaint = only_complaint()
    assert complaint.representative is None
    assert Event.objects.get(complaint=complaint, kind="received").data == {}


# -- late complaints -----------------------------------------------------------------------------
def test_a_late_complaint_asks_why_and_records_the_reason(client, org):
    pages = answers_for(
        "two-stage-review",
        when=day(date(2026, 6, 1), "event_on"),
        **{"found-out": day(date(2026, 6, 1), "found_out_on")},
        late={"late_reason": "I was in hospital all summer."},
    )
    walk_to(client, pages, "late")
    page = client.get("/complain/late/").content.decode()
    assert "within 3 months" in page
    assert "Tuesday 1 September 2026" in page  # the last day in time
    empty = client.post("/complain/late/", {"late_reason": ""})
    assert errors_on(empty) == ["Error: Enter why you did not complain sooner"]
    client.get(START)
    seen = walk(client, pages)
    assert "late" in seen
    assert send(client).status_code == 302
    assert only_complaint().late_reason == "I was in hospital all summer."


def test_finding_out_later_can_bring_a_service_complaint_in_time(client, org):
    pages = answers_for(
        "service-complaint",
        when=day(date(2026, 6, 1), "event_on"),
        **{"found-out": day(date(2026, 11, 1), "found_out_on")},
    )
    assert "late" not in walk(client, pages)


def test_an_in_time_complaint_drops_a_late_reason_given_before_a_date_changed(client, org):
    pages = answers_for(
        "two-stage-review",
        when=day(date(2026, 6, 1), "event_on"),
        **{"found-out": day(date(2026, 6, 1), "found_out_on")},
        late={"late_reason": "I was away."},
    )
    walk(client, pages)
    client.post("/complain/when/?change=1", day(date(2026, 11, 2), "event_on"))
    client.post("/complain/found-out/?change=1", day(date(2026, 11, 2), "found_out_on"))
    assert send(client).status_code == 302
    assert only_complaint().late_reason == ""


# -- out of scope --------------------------------------------------------------------------------
EXCLUSIONS = [
    ("two-stage-review", "about-a-charity", "Making a complaint about a charity"),
    ("service-complaint", "decision-disagreement", "decision review process"),
    ("service-complaint", "reopen-concluded", "cannot be reopened"),
    ("service-complaint", "information-request", "as a request for information"),
    ("service-complaint", "court-or-tribunal", "in court"),
]


@pytest.mark.parametrize(("procedure", "code", "signposting"), EXCLUSIONS)
def test_an_out_of_scope_answer_shows_where_to_go_and_carrying_on_records_it(
    client, org, procedure, code, signposting
):
    pages = answers_for(procedure, **{f"scope-{code}": {"answer": "yes"}})
    walk_to(client, pages, f"scope-{code}")
    response = client.post(f"/complain/scope-{code}/", {"answer": "yes"})
    assert response["Location"] == f"/complain/not-covered-{code}/"
    page = client.get(response["Location"]).content.decode()
    assert signposting in page
    assert "Carry on with my complaint" in page
    carried = client.post(f"/complain/not-covered-{code}/", {})
    assert carried.status_code == 302
    assert send_after_walking(client, pages) == 302
    assert only_complaint().scope_answers[code] is True


def send_after_walking(client: Client, pages: dict[str, dict[str, Any]]) -> int:
    response = client.get(START)
    url = response["Location"]
    while not url.startswith(CHECK):
        response = client.post(url, pages.get(slug_of(url), {}))
        assert response.status_code == 302, (slug_of(url), errors_on(response))
        url = response["Location"]
    return send(client).status_code


def test_not_sure_carries_on_without_signposting(client, org):
    pages = answers_for("two-stage-review", **{"scope-about-a-charity": {"answer": "unsure"}})
    seen = walk(client, pages)
    assert "not-covered-about-a-charity" not in seen
    assert send(client).status_code == 302
    assert only_complaint().scope_answers == {"about-a-charity": None}


def test_the_signposting_page_cannot_be_skipped_by_going_straight_on(client, org):
    pages = answers_for("two-stage-review", **{"scope-about-a-charity": {"answer": "yes"}})
    walk_to(client, pages, "scope-about-a-charity")
    client.post("/complain/scope-about-a-charity/", {"answer": "yes"})
    response = client.get("/complain/when/")
    assert response["Location"] == "/complain/not-covered-about-a-charity/"


# -- back links, change links and the answers kept -----------------------------------------------
def back_link(html: str) -> str:
    return re.search(r'<a href="([^"]+)" class="govuk-back-link">', html).group(1)


def test_back_links_go_to_the_page_before_and_keep_the_answers(client, org):
    pages = answers_for("two-stage-review")
    walk_to(client, pages, "what-went-wrong")
    html = client.get("/complain/what-went-wrong/").content.decode()
    assert back_link(html) == "/complain/found-out/"
    found_out = client.get("/complain/found-out/").content.decode()
    assert 'value="5"' in found_out and 'value="2026"' in found_out
    assert back_link(found_out) == "/complain/when/"
    name = client.get("/complain/name/").content.decode()
    assert 'value="Ffion Jones"' in name
    assert back_link(client.get("/complain/procedure/").content.decode()) == "/complain/"


def test_change_links_return_to_check_your_answers_with_every_other_answer_kept(client, org):
    walk(client, answers_for("two-stage-review"))
    check = client.get(CHECK).content.decode()
    assert 'href="/complain/what-went-wrong/?change=1"' in check
    page = client.get("/complain/what-went-wrong/?change=1").content.decode()
    assert back_link(page) == CHECK
    assert "Nobody answered my three letters." in page
    response = client.post(
        "/complain/what-went-wrong/?change=1", {"what_went_wrong": "Two letters went unanswered."}
    )
    assert response["Location"] == CHECK
    check = client.get(CHECK).content.decode()
    assert "Two letters went unanswered." in check
    assert "Ffion Jones" in check


def test_a_change_that_opens_new_questions_asks_them_then_returns(client, org):
    walk(client, answers_for("two-stage-review"))
    response = client.post("/complain/who/?change=1", {"who": "someone-else"})
    assert response["Location"] == "/complain/your-details/?change=1"
    response = client.post(response["Location"], REPRESENTATIVE_PAGES["your-details"])
    assert response["Location"] == "/complain/consent/?change=1"
    response = client.post(response["Location"], {"consent": "later"})
    assert response["Location"] == CHECK


def test_an_error_keeps_what_was_typed(client, org):
    walk_to(client, answers_for(), "contact-details")
    response = client.post(
        "/complain/contact-details/",
        {"email": "ffion@example", "email_confirm": "x", "phone": "0123", "address": "Tŷ Coch"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="ffion@example"' in html and "Tŷ Coch" in html
    assert "govuk-error-summary" in html
    assert "<title>Error:" in html


def test_jumping_ahead_goes_back_to_the_first_question_not_answered(client, org):
    client.get(START)
    response = client.get("/complain/what-went-wrong/")
    assert response["Location"] == "/complain/procedure/"
    assert client.get("/complain/no-such-page/").status_code == 404


def test_question_pages_without_a_journey_go_to_the_start_page(client, org):
    assert client.get("/complain/who/")["Location"] == "/complain/"
    assert client.get(CHECK)["Location"] == "/complain/"
    assert client.get(SENT)["Location"] == "/complain/"


# -- documents -----------------------------------------------------------------------------------
def test_several_documents_can_be_uploaded_and_one_removed(client, org):
    pages = answers_for("two-stage-review")
    walk_to(client, pages, "documents")
    response = client.post(
        "/complain/documents/",
        {"documents": [a_pdf("one.pdf"), a_pdf("two.pdf")], "action": "upload"},
    )
    assert response["Location"] == "/complain/documents/"
    page = client.get("/complain/documents/").content.decode()
    assert "one.pdf" in page and "two.pdf" in page
    kept = client.session[SESSION_KEY]["files"]
    first = next(f for f in kept if f["name"] == "one.pdf")
    client.post("/complain/documents/", {"action": "remove", "file": first["id"]})
    png = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    client.post("/complain/documents/", {"documents": [png], "action": "continue"})
    walk(client, pages)
    assert send(client).status_code == 302
    names = sorted(Attachment.objects.values_list("original_name", flat=True))
    assert names == ["photo.png", "two.pdf"]


def test_a_document_is_checked_again_when_the_complaint_is_sent(client, org, settings):
    pages = answers_for(
        "two-stage-review", documents={"documents": [a_pdf()], "action": "continue"}
    )
    walk(client, pages)
    (note,) = client.session[SESSION_KEY]["files"]
    # The kept file changes in storage after it was checked: it is judged again, and refused.
    (settings.MEDIA_ROOT / note["path"]).write_bytes(b"<html><script>alert(1)</script></html>")
    response = send(client)
    assert response.status_code == 200
    assert "web page code or a script" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_a_document_that_disappeared_is_asked_for_again(client, org, settings):
    pages = answers_for(
        "two-stage-review", documents={"documents": [a_pdf()], "action": "continue"}
    )
    walk(client, pages)
    (note,) = client.session[SESSION_KEY]["files"]
    (settings.MEDIA_ROOT / note["path"]).unlink()
    response = send(client)
    assert "letter.pdf could not be found: upload it again" in response.content.decode()
    assert Complaint.objects.count() == 0
    assert client.get(CHECK)["Location"] == "/complain/documents/"


# -- once only -----------------------------------------------------------------------------------
def test_a_double_submit_or_a_refresh_records_one_complaint(client, org):
    walk(client, answers_for())
    journey = client.session[SESSION_KEY]
    first = send(client)
    second = send(client)  # the journey is gone: the confirmation again
    assert first["Location"] == second["Location"] == SENT
    # Two requests that both still held the answers (sent at the same moment):
    session = client.session
    session[SESSION_KEY] = journey
    session.save()
    third = send(client)
    assert third["Location"] == SENT
    assert Complaint.objects.count() == 1
    assert client.session[SENT_KEY]["reference"] == only_complaint().reference


def test_a_filled_in_trap_field_records_nothing(client, org):
    walk(client, answers_for())
    response = client.post(CHECK, {"website": "http://spam.example"})
    assert response.status_code == 400
    assert "Your complaint was not sent" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_starting_again_after_sending_begins_a_new_complaint(client, org):
    walk(client, answers_for())
    send(client)
    walk(client, answers_for())
    send(client)
    assert Complaint.objects.count() == 2


# -- what staff see ------------------------------------------------------------------------------
def test_the_complaint_reaches_the_staff_queue_as_a_web_complaint_with_its_documents(
    client, org, team
):
    pages = answers_for(documents={"documents": [a_pdf("evidence.pdf")], "action": "continue"})
    walk(client, pages)
    send(client)
    complaint = only_complaint()
    caseworker = StaffUser.objects.create_user(
        username="cai", password="a-long-test-password-9", role=Role.CASEWORKER, team=team
    )
    staff = Client()
    staff.force_login(caseworker)
    queue = staff.get(reverse("staff:queue"), {"channel": "web"}).content.decode()
    assert complaint.reference in queue
    detail = staff.get(reverse("staff:detail", args=[complaint.pk])).content.decode()
    assert "evidence.pdf" in detail
    assert "Web form" in detail


def test_the_received_event_and_audit_name_the_portal(client, org):
    walk(client, answers_for())
    send(client)
    complaint = only_complaint()
    assert AuditEntry.objects.get(complaint=complaint, action="create").actor_name == "portal"


# -- how often one place may send a complaint ----------------------------------------------------
def test_too_many_complaints_from_one_address_get_a_try_again_later_page(client, org, settings):
    settings.PUTRIGHT_COMPLAINTS_PER_HOUR = 2
    for _ in range(2):
        walk(client, answers_for())
        assert send(client)["Location"] == SENT
    walk(client, answers_for())
    response = send(client)
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    html = response.content.decode()
    assert "too many complaints" in html and "Try again in an hour" in html
    assert Complaint.objects.count() == 2
    assert SESSION_KEY in client.session  # the answers are kept for later


def test_the_count_is_shared_by_every_web_process_through_the_database(client, org, settings):
    settings.PUTRIGHT_COMPLAINTS_PER_HOUR = 1
    # Another web process has already counted a complaint from this address this hour.
    request = RequestFactory().post(CHECK, REMOTE_ADDR="127.0.0.1")
    SubmissionCount.objects.create(
        client=throttle.client_key(request),
        window_start=throttle.window_start(timezone.now()),
        count=1,
    )
    walk(client, answers_for())
    assert send(client).status_code == 429
    assert Complaint.objects.count() == 0
    # ... and this process's count is in the database for the others to read.
    assert SubmissionCount.objects.get().count == 2


def test_another_address_is_not_held_back(client, org, settings):
    settings.PUTRIGHT_COMPLAINTS_PER_HOUR = 1
    walk(client, answers_for())
    send(client)
    other = Client(REMOTE_ADDR="192.0.2.7")
    walk(other, answers_for())
    assert send(other)["Location"] == SENT
    assert Complaint.objects.count() == 2


def test_a_new_hour_starts_a_new_count_and_old_counts_are_forgotten(org, settings):
    settings.PUTRIGHT_COMPLAINTS_PER_HOUR = 1
    request = RequestFactory().post(CHECK, REMOTE_ADDR="198.51.100.1")
    nine = timezone.now().replace(hour=9, minute=30)
    assert throttle.allow_submission(request, now=nine)
    assert not throttle.allow_submission(request, now=nine.replace(minute=59))
    assert throttle.allow_submission(request, now=nine.replace(hour=10, minute=0))
    assert throttle.allow_submission(request, now=nine.replace(hour=13))
    assert SubmissionCount.objects.filter(window_start__lt=nine.replace(hour=12)).count() <= 1


def test_only_a_hash_of_the_address_is_stored(org):
    request = RequestFactory().post(CHECK, REMOTE_ADDR="203.0.113.9")
    throttle.allow_submission(request)
    stored = SubmissionCount.objects.get().client
    assert "203.0.113.9" not in stored and len(stored) == 64


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (0, "1.1.1.1", "10.0.0.1"),  # no proxy trusted: the header is the client's own words
        (1, "6.6.6.6, 1.1.1.1", "1.1.1.1"),  # one proxy: the address it saw, not the forgery
        (2, "6.6.6.6, 1.1.1.1, 10.0.0.2", "1.1.1.1"),
        (2, "1.1.1.1", "10.0.0.1"),  # fewer hops than promised: the connection's address
    ],
)
def test_behind_proxies_the_client_is_the_address_the_nearest_trusted_proxy_saw(
    settings, hops, forwarded, expected
):
    settings.PUTRIGHT_PROXY_HOPS = hops
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert throttle.client_address(request) == expected


# -- in Welsh ------------------------------------------------------------------------------------
def in_welsh(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    return client


def test_every_page_and_the_confirmation_are_in_welsh_and_the_case_records_welsh(client, org):
    in_welsh(client)
    start = client.get("/complain/").content.decode()
    assert 'lang="cy"' in start and "Dechrau nawr" in start
    assert "Cwyno am wasanaeth rydyn ni wedi’i ddarparu" in start  # from the procedure data
    pages = answers_for("two-stage-review", language={"language": "cy"})
    response = client.get(START)
    url = response["Location"]
    while not url.startswith(CHECK):
        html = client.get(url).content.decode()
        assert 'lang="cy"' in html
        assert "Parhau" in html or "Bwrw ymlaen" in html, slug_of(url)
        assert "Continue" not in html, slug_of(url)
        url = client.post(url, pages[slug_of(url)])["Location"]
    check = client.get(CHECK).content.decode()
    assert "Gwiriwch eich atebion" in check and "Newid" in check
    assert "dydd Llun 2 Tachwedd 2026" in check
    send(client)
    complaint = only_complaint()
    assert complaint.language == "cy"
    assert complaint.person.language == "cy"
    sent = client.get(SENT).content.decode()
    assert "Cwyn wedi’i hanfon" in sent
    assert "dydd Llun 30 Tachwedd 2026" in sent
    assert "Heb eu cyfrif" in sent  # why the date, in Welsh


def test_errors_are_in_welsh(client, org):
    in_welsh(client)
    walk_to(client, answers_for(), "name")
    response = client.post("/complain/name/", {"name": ""})
    assert errors_on(response) == ["Gwall: Rhowch eich enw llawn"]
    assert "Mae problem" in response.content.decode()
    walk_to(client, answers_for(), "when")
    response = client.post("/complain/when/", day(date(2026, 11, 30), "event_on"))
    assert "Gwall:" in errors_on(response)[0]
    assert "must be" not in errors_on(response)[0]


def test_switching_language_keeps_the_page_and_the_answers(client, org):
    walk_to(client, answers_for(), "reference")
    switch = client.get("/language/cy/?next=/complain/name/")
    assert switch["Location"] == "/complain/name/"
    html = client.get("/complain/name/").content.decode()
    assert 'lang="cy"' in html
    assert "Beth yw eich enw llawn?" in html
    assert 'value="Ffion Jones"' in html
    client.get("/language/en/?next=/complain/name/")
    assert 'value="Ffion Jones"' in client.get("/complain/name/").content.decode()


def test_the_reply_language_starts_as_the_language_of_the_pages(client, org):
    in_welsh(client)
    walk_to(client, answers_for(), "language")
    html = client.get("/complain/language/").content.decode()
    assert re.search(r'value="cy"\s+checked', html)


# -- the public start page -----------------------------------------------------------------------
def test_the_home_page_invites_people_to_complain_online(client, org):
    html = client.get("/").content.decode()
    assert 'href="/complain/"' in html
    assert "Make a complaint online" in html


def test_the_start_page_is_made_from_the_procedures_offered(client, org):
    html = client.get("/complain/").content.decode()
    assert "Complaining about a service we have provided" in html
    assert "Service complaints procedure" in html
    assert "within 3 months of the event" in html
    assert "within 1 month of the event, or of finding out" in html
    assert "We aim to respond within 30 working days of receiving your complaint" in html
    assert 'href="/complain/start/"' in html
    assert "govuk-button--start" in html


def test_with_no_procedure_offered_the_start_page_says_to_email(client, team):
    OrganisationSettings.objects.create(name="Test Council", procedures=[], default_team=team)
    html = client.get("/complain/").content.decode()
    assert "You cannot make a complaint online at the moment" in html
    assert client.get(START)["Location"] == "/complain/"


# -- a few queries a page ------------------------------------------------------------------------
def test_each_page_reads_the_session_and_the_settings_and_little_else(
    client, org, django_assert_max_num_queries
):
    pages = answers_for()
    walk_to(client, pages, "what-went-wrong")
    with django_assert_max_num_queries(2):  # the session and the organisation's settings
        client.get("/complain/what-went-wrong/")
    with django_assert_max_num_queries(5):  # ... and saving the session (in a savepoint here)
        client.post("/complain/what-went-wrong/", pages["what-went-wrong"])
    walk(client, pages)
    with django_assert_max_num_queries(2):
        client.get(CHECK)
    # The hourly count, then the service's own writes (savepoints counted, as in this test).
    with django_assert_max_num_queries(40):
        send(client)
    with django_assert_max_num_queries(4):
        client.get(SENT)


def test_files_of_complaints_never_sent_are_cleared_after_the_session_would_have_ended(
    client, org, settings
):
    walk_to(client, answers_for(), "documents")
    client.post("/complain/documents/", {"documents": [a_pdf()], "action": "upload"})
    (note,) = client.session[SESSION_KEY]["files"]
    kept = settings.MEDIA_ROOT / note["path"]
    out = io.StringIO()
    call_command("complaint-uploads-clear", stdout=out)
    assert kept.exists()  # still within a session's life
    later = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    assert pending.clear_abandoned(older_than=timedelta(hours=8), now=later) == 1
    assert not kept.exists()
    assert "Deleted 0 file(s)" in out.getvalue()
