"""A letter as its subject, plain text, accessible HTML email, and tagged A4 PDF.

One HTML document per letter: semantic headings and lists, the letter's language on ``<html>``
(and on each half of a bilingual letter, Welsh first), and print rules (A4, the organisation's
name, "Page 1 of 2") that email programs ignore. The plain text is read from the same HTML, and
the PDF is WeasyPrint's rendering of it as PDF/UA-1, fetching nothing from any network.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from putright.cases.models import Complaint, Event
from putright.letters import content
from putright.letters.kinds import SPECS
from putright.letters.wording import paragraphs

#: Files the PDF renderer may read: this app's own templates and static files, nothing else.
LOCAL_ROOT = Path(__file__).resolve().parent

#: Each page's footer; {page} and {pages} become the PDF's page counters.
PAGE_OF = _("Page {page} of {pages}")


@dataclass(frozen=True)
class Rendered:
    subject: str
    html: str
    text: str


def render_letter(
    complaint: Complaint,
    event: Event,
    kind: str,
    *,
    letter_language: str,
    large_print: bool,
    wording: Mapping[str, Mapping[str, str]],
) -> Rendered:
    """The letter's subject, HTML and plain text: its structure from the template, its facts
    from the case and its procedure, and its words (``wording``, plain text for each language,
    see ``putright.letters.wording``) escaped, paragraph by paragraph."""
    sections: list[dict[str, Any]] = []
    for lang in content.section_languages(letter_language):
        words = wording.get(lang) or {}
        with translation.override(lang):
            context = content.letter_context(complaint, event, kind, lang)
            context["wording"] = words
            context["words"] = {part: paragraphs(text) for part, text in words.items()}
            sections.append(
                {
                    "lang": lang,
                    "html": render_to_string(SPECS[kind].template, context),
                    "subject": " ".join(words.get("subject", "").split()),
                    "organisation": context["organisation"],
                    "page_of": str(PAGE_OF),
                }
            )
    subject = " / ".join(s["subject"] for s in sections)
    first = sections[0]["lang"]
    with translation.override(first):
        html = render_to_string(
            "letters/base.html",
            {
                "lang": first,
                "subject": subject,
                "sections": sections,
                "large_print": large_print,
                "organisations": list(dict.fromkeys(s["organisation"] for s in sections)),
                "reference": complaint.reference,
                "page_css": page_css(
                    reference=complaint.reference,
                    labels=[str(s["page_of"]) for s in sections],
                    large_print=large_print,
                ),
            },
        )
    return Rendered(subject=subject[:300], html=html, text=html_to_text(html))


_SECTION = re.compile(r'<section class="letter[^"]*" lang="([a-z]+)">(.*?)</section>', re.DOTALL)


def sections_of(html: str) -> list[tuple[str, str]]:
    """Each language's part of a letter ``render_letter`` made, as ``(lang, html)``, for a
    page that shows the letter inside itself."""
    return [(m[1], m[2].strip()) for m in _SECTION.finditer(html)]


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def page_css(*, reference: str, labels: list[str], large_print: bool = False) -> str:
    """The @page rules: A4, and a footer with the reference on the left and "Page 1 of 2" (in
    each language) on the right, from CSS counters, in the letter's type (larger in large
    print)."""
    parts: list[str] = []
    for i, label in enumerate(labels):
        if i:
            parts.append(css_string(" / "))
        pieces = re.split(r"(\{page\}|\{pages\})", label)
        for piece in pieces:
            if piece == "{page}":
                parts.append("counter(page)")
            elif piece == "{pages}":
                parts.append("counter(pages)")
            elif piece:
                parts.append(css_string(piece))
    size = "14pt" if large_print else "10pt"
    box = f'font-family: "Liberation Sans", Arial, sans-serif; font-size: {size}; color: #0b0c0c;'
    return (
        "@page { size: A4; margin: 20mm 20mm 22mm 20mm;"
        f" @bottom-left {{ content: {css_string(reference)}; {box} }}"
        f" @bottom-right {{ content: {' '.join(parts)}; {box} }} }}"
    )


# -- plain text ------------------------------------------------------------------------------
_BLOCKS = {"p", "div", "section", "header", "footer", "address", "ul", "ol", "dl", "table", "tr"}
_SKIP = {"style", "script", "head", "title"}


class _TextWriter(HTMLParser):
    """Plain text from the letter's HTML: headings underlined, list items dashed, links with
    their address, one blank line between blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.skipping = 0
        self.heading: str | None = None
        self.href: str | None = None
        self.link_text: list[str] = []

    def flush(self) -> None:
        text = re.sub(r"[ \t]+", " ", "".join(self.current))
        text = "\n".join(line.strip() for line in text.split("\n")).strip()
        self.current = []
        if not text:
            return
        if self.heading:
            underline = "=" if self.heading == "h1" else "-"
            text = f"{text}\n{underline * min(len(text), 72)}"
        self.blocks.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in {"h1", "h2", "h3"}:
            self.flush()
            self.heading = tag
        elif tag in _BLOCKS:
            self.flush()
        elif tag in {"li", "dt"}:
            self.flush()
            self.current.append("- " if tag == "li" else "")
        elif tag == "dd":
            self.current.append(": ")
        elif tag == "br":
            self.current.append("\n")
        elif tag == "a":
            self.href = dict(attrs).get("href")
            self.link_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping -= 1
        elif tag in {"h1", "h2", "h3"}:
            self.flush()
            self.heading = None
        elif tag in _BLOCKS or tag in {"li", "dd"}:
            self.flush()
        elif tag == "a" and self.href:
            shown = "".join(self.link_text).strip()
            target = self.href.removeprefix("mailto:")
            if target and target != shown:
                self.current.append(f" ({target})")
            self.href = None

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        data = data.replace("\n", " ")
        self.current.append(data)
        if self.href is not None:
            self.link_text.append(data)


def html_to_text(html: str) -> str:
    writer = _TextWriter()
    writer.feed(html)
    writer.close()
    writer.flush()
    return "\n\n".join(writer.blocks) + "\n"


# -- PDF ---------------------------------------------------------------------------------------
def _local_fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        """Reads ``data:`` URLs and files inside this app; refuses everything else, so rendering
        a letter never reaches a network."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file" and parts.netloc in {"", "localhost"}:
                path = Path(unquote(parts.path)).resolve()
                if path.is_relative_to(LOCAL_ROOT) and path.is_file():
                    return super().fetch(url, headers)
            raise ValueError(f"Letters fetch nothing from outside Putright: {url[:100]}")

    return LocalOnlyFetcher(allowed_protocols=("data", "file"), allow_redirects=False)


def render_pdf(html: str) -> bytes:
    """The letter as a tagged A4 PDF (PDF/UA-1), its language and title from the HTML."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=LOCAL_ROOT.as_uri() + "/", url_fetcher=_local_fetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1")
