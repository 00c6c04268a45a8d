"""Hostile answers on every question of the online complaint get a GOV.UK error on the field that
was wrong, keep what was typed, and never a server error; nothing is recorded.

The fields are read from the forms themselves, so a new question is covered without touching
this file. (The test client raises any exception a view lets out, so a 500 fails the test.)
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from putright.cases.models import Complaint
from putright.cases.uploads import MAX_UPLOAD_BYTES
from putright.common.dates import DateField
from putright.portal.complain.answers import SESSION_KEY
from putright.portal.forms import FORMS, ChosenFiles, ScopeForm

from .test_complain import (
    REPRESENTATIVE_PAGES,
    a_pdf,
    answers_for,
    day,
    fixed_today,  # noqa: F401 - a fixture
    org,  # noqa: F401 - a fixture
    team,  # noqa: F401 - a fixture
    uploads_elsewhere,  # noqa: F401 - a fixture
    walk,
    walk_to,
)

pytestmark = pytest.mark.django_db

MEGABYTE = 1_000_000


def every_page() -> dict[str, dict[str, Any]]:
    """Answers that take the journey through every question there is: a late service complaint
    made by a representative who uploads the person's consent."""
    return answers_for(
        "service-complaint",
        **REPRESENTATIVE_PAGES,
        consent={"consent": "upload"},
        **{"consent-upload": {"consent_file": a_pdf("consent.pdf")}},
        when=day(date(2026, 6, 1), "event_on"),
        **{"found-out": day(date(2026, 6, 1), "found_out_on")},
        late={"late_reason": "I was in hospital."},
        adjustments={"adjustments": ["large-print"], "adjustments_detail": ""},
    )


def form_for(slug: str) -> type[forms.Form]:
    return ScopeForm if slug.startswith("scope-") else FORMS[slug]


def fields_of(slug: str, kind: type[forms.Field]) -> list[str]:
    return [
        name
        for name, field in form_for(slug).base_fields.items()
        if isinstance(field, kind) and not isinstance(field, DateField | ChosenFiles)
    ]


def page_with_fields(kind: type[forms.Field]) -> list[str]:
    pages = [s for s in every_page() if s in FORMS or s.startswith("scope-")]
    slugs = [s for s in pages if s != "scope-about-a-charity"]
    return [s for s in slugs if fields_of(s, kind)]


def has_error(html: str, field: str) -> bool:
    return f'id="id_{field}-error"' in html and "govuk-error-summary" in html


def post_page(client: Any, slug: str, data: dict[str, Any]) -> str:
    response = client.post(f"/complain/{slug}/", data)
    assert response.status_code == 200, f"{slug}: {response.status_code}"
    return response.content.decode()


#: What a hostile tester types into a text box, and whether the page shows it back as typed.
HOSTILE_TEXT = {
    "a 1 MB string": ("x" * MEGABYTE, True),
    "NUL bytes": ("before\x00after", False),
    "an escape character": ("bell\x07and\x1bescape", False),
}


@pytest.mark.parametrize("slug", page_with_fields(forms.CharField))
def test_hostile_text_on_every_text_box_is_an_error_on_that_box(client, org, slug):  # noqa: F811
    pages = every_page()
    walk_to(client, pages, slug)
    for name in fields_of(slug, forms.CharField):
        for what, (value, shown) in HOSTILE_TEXT.items():
            html = post_page(client, slug, {**pages[slug], name: value})
            assert has_error(html, name), f"{slug}.{name}: {what} gave no error"
            if shown:
                assert value in html, f"{slug}.{name}: what was typed was not kept"
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize("slug", page_with_fields(forms.ChoiceField))
def test_a_choice_not_on_the_page_is_an_error_on_that_question(client, org, slug):  # noqa: F811
    pages = every_page()
    walk_to(client, pages, slug)
    for name in fields_of(slug, forms.ChoiceField):
        for value in ("not-a-choice", "x" * MEGABYTE, "yes\x00", ["x", "y"], "<script>"):
            html = post_page(client, slug, {**pages[slug], name: value})
            assert has_error(html, name), f"{slug}.{name}: {value!r:.40} gave no error"


def test_a_required_choice_left_empty_says_what_to_select(client, org):  # noqa: F811
    pages = every_page()
    walk_to(client, pages, "who")
    html = post_page(client, "who", {})
    assert "Select whether you are complaining for yourself or for someone else" in html


#: Day, month and year as typed, and a words from the GOV.UK message expected.
HOSTILE_DATES = {
    "empty": (("", "", ""), "Enter the date"),
    "a missing year": (("1", "11", ""), "must include a year"),
    "Arabic-Indic digits": (("١٢", "١١", "٢٠٢٦"), "must be a real date"),
    "fullwidth digits": (("１２", "１１", "２０２６"), "must be a real date"),
    "a superscript two": (("²", "11", "2026"), "must be a real date"),
    "31 February": (("31", "2", "2026"), "must be a real date"),
    "month 13": (("1", "13", "2026"), "must be a real date"),
    "year 0000": (("1", "1", "0000"), "must be a real date"),
    "year 1999": (("31", "12", "1999"), "must be the same as or after"),
    "year 9999": (("31", "12", "9999"), "must be today or in the past"),
    "year 10000": (("1", "1", "10000"), "Year must include 4 numbers"),
    "an overflowing day": (("9" * 30, "11", "2026"), "must be a real date"),
    "tomorrow": (("24", "11", "2026"), "must be today or in the past"),
    "negative numbers": (("-1", "-1", "-2026"), "must be a real date"),
    "NUL bytes": (("1\x00", "1\x00", "2026"), "must be a real date"),
    "a 1 MB day": (("1" * MEGABYTE, "11", "2026"), "must be a real date"),
    "emoji": (("😀", "🗓️", "2026"), "must be a real date"),
}


@pytest.mark.parametrize(("slug", "name"), [("when", "event_on"), ("found-out", "found_out_on")])
@pytest.mark.parametrize("what", list(HOSTILE_DATES))
def test_hostile_dates_get_a_gov_uk_error(client, org, slug, name, what):  # noqa: F811
    pages = every_page()
    walk_to(client, pages, slug)
    (d, m, y), words = HOSTILE_DATES[what]
    html = post_page(client, slug, {f"{name}_day": d, f"{name}_month": m, f"{name}_year": y})
    assert has_error(html, name)
    assert words in html
    if what != "a 1 MB day":
        assert f'value="{y}"' in html or not y  # what was typed is kept


def test_finding_out_before_it_happened_is_the_engine_s_error_on_that_page(client, org):  # noqa: F811
    pages = answers_for("service-complaint")
    walk_to(client, pages, "found-out")
    html = post_page(client, "found-out", day(date(2026, 10, 1), "found_out_on"))
    assert has_error(html, "found_out_on")


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", b"\x00" * (60 * 1024 * 1024))
    return buffer.getvalue()


#: Files that are not what they say, or too big, or empty, and a words from the message.
HOSTILE_FILES = {
    "a web page named .pdf": (
        "statement.pdf",
        b"<html><script>alert(1)</script></html>",
        "web page code",
    ),
    "an SVG with a script named .png": (
        "photo.png",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
        "web page code",
    ),
    "a program named .docx": ("letter.docx", b"MZ\x90\x00" + b"\x00" * 200, "must be a PDF"),
    "a zip bomb named .docx": ("letter.docx", zip_bomb(), "too big when unpacked"),
    "a PDF header and nothing else": ("scan.pdf", b"%PDF-1.7\n" + b"x" * 100, "damaged"),
    "UTF-16 text": ("notes.txt", "Helo".encode("utf-16"), "UTF-8"),
    "a file over the limit": ("big.pdf", b"%PDF-1.4\n" + b"0" * MAX_UPLOAD_BYTES, "smaller than"),
}


@pytest.mark.parametrize("what", list(HOSTILE_FILES))
@pytest.mark.parametrize(
    ("slug", "name"), [("documents", "documents"), ("consent-upload", "consent_file")]
)
def test_disguised_oversized_and_broken_files_are_refused_by_name(
    client,
    org,  # noqa: F811
    what,
    slug,
    name,
):
    pages = every_page()
    walk_to(client, pages, slug)
    filename, content, words = HOSTILE_FILES[what]
    upload = SimpleUploadedFile(filename, content)
    html = post_page(client, slug, {name: [upload], "action": "continue"})
    assert has_error(html, name)
    assert words in html
    assert filename in html  # the message names the file
    assert client.session[SESSION_KEY]["files"] == [] or (
        slug == "documents"
        and all(f["purpose"] == "consent" for f in client.session[SESSION_KEY]["files"])
    )


def test_an_empty_file_is_never_kept(client, org):  # noqa: F811
    pages = every_page()
    walk_to(client, pages, "consent-upload")
    html = post_page(
        client, "consent-upload", {"consent_file": [SimpleUploadedFile("empty.pdf", b"")]}
    )
    assert has_error(html, "consent_file")


def test_too_many_documents_are_refused(client, org):  # noqa: F811
    pages = answers_for()
    walk_to(client, pages, "documents")
    html = post_page(
        client,
        "documents",
        {"documents": [a_pdf(f"page-{n}.pdf") for n in range(11)], "action": "continue"},
    )
    assert "You can upload up to 10 documents" in html


def test_a_long_or_strange_file_name_is_made_safe(client, org):  # noqa: F811
    pages = answers_for(
        documents={"documents": [a_pdf("a" * 300 + "\u202e<b>.pdf")], "action": "continue"}
    )
    walk(client, pages)
    (note,) = client.session[SESSION_KEY]["files"]
    assert len(note["name"]) <= 84
    assert "<" not in note["name"]


def test_hostile_query_strings_are_ignored(client, org):  # noqa: F811
    pages = answers_for()
    walk_to(client, pages, "name")
    for query in ("?change=1%00", "?change=<script>", "?change=" + "1" * 5000):
        response = client.post(f"/complain/name/{query}", {"name": "Ffion"})
        assert response["Location"] == "/complain/reference/"
