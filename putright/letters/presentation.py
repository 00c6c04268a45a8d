"""What the letters pages show, worked out once so the templates only lay it out."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from putright.letters import content, render
from putright.letters.forms import DraftForm
from putright.letters.models import Letter, LetterLanguage


def preview_sections(html: str) -> list[dict[str, Any]]:
    """Each language's part of a letter, as staff see it inside a page (the tracking link
    replaced by what stood there), with its language's name."""
    names = dict(LetterLanguage.choices)
    return [
        {
            "lang": lang,
            "name": names.get(lang, lang),
            # The letter's own HTML: Putright made it, escaping every word anyone typed.
            "html": _safe(content.for_staff(section)),
        }
        for lang, section in render.sections_of(html)
    ]


def _safe(html: str) -> SafeString:
    return mark_safe(html)  # noqa: S308 - rendered by render_letter with autoescaping


def draft_page(letter: Letter, form: DraftForm | None) -> dict[str, Any]:
    """The page where staff check a letter, change its words and send it."""
    message = None
    if not letter.is_draft:
        message = letter.messages.order_by("-pk").first()
    names = dict(LetterLanguage.choices)
    return {
        "letter": letter,
        "complaint": letter.complaint,
        "form": form,
        "sections": form.section_fields() if form is not None else [],
        "bilingual": letter.language == content.BILINGUAL,
        "preview": preview_sections(letter.html),
        "html_url": reverse("letters:letter-html", args=[letter.pk]),
        "pdf_url": reverse("letters:letter-pdf", args=[letter.pk]),
        "message_url": reverse("letters:message", args=[message.pk]) if message else "",
        "versions": [
            {"language": names.get(lang, lang), "number": number}
            for lang, number in (letter.wording_versions or {}).items()
        ],
    }
