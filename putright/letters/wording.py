"""A letter's wording: plain text with placeholders, filled from the case, never template code.

Each letter keeps its structure (the frame, and the sections for conclusions, remedies,
signposting and the ombudsman) in the templates under ``letters/``. Its wording (the subject,
the heading, the opening and closing paragraphs and the sign-off) is plain text in which a
placeholder such as ``{reference}`` stands for a value read from the case and its procedure.
Paragraphs are separated by a blank line. Filling the wording only replaces known placeholders
with text, and the letter escapes the result, so whoever writes the wording cannot run code or
add markup (ADR 0019).

The wording Putright ships is written here as catalogue messages, so it exists in English and
Welsh; it is version 1 of each letter's wording (``putright.letters.models.LetterWording``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from putright.cases import limits
from putright.cases.models import Complaint, Event
from putright.letters import content
from putright.letters import messages as msg
from putright.letters.kinds import SPECS, LetterKind
from putright.letters.models import LetterWording

#: The languages a letter's wording is written in.
LANGUAGES = ("en", "cy")


@dataclass(frozen=True)
class Part:
    """One named piece of a letter's words. ``paragraphs``: it may hold several paragraphs
    (separated by a blank line); otherwise it is one line."""

    key: str
    label: str | Promise
    max_length: int
    required: bool = False
    paragraphs: bool = True


#: The organisation's wording of each letter, in the order a letter reads.
ORGANISATION_PARTS = (
    Part("subject", _("Email subject"), 150, required=True, paragraphs=False),
    Part("heading", _("Heading"), 150, required=True, paragraphs=False),
    Part("opening", _("Opening paragraphs"), 5_000, required=True),
    Part("closing", _("Closing paragraphs"), 5_000),
    Part("sign_off", _("Sign-off"), 500, required=True),
)
#: The handler's words a letter can carry, taken from the case when its draft is made.
HANDLER_PARTS = {
    part.key: part
    for part in (
        Part("conclusions", _("What we concluded"), limits.MAX_LONG_TEXT),
        Part("reasons", _("Our reasons"), limits.MAX_LONG_TEXT),
        Part("action_taken", _("What we did"), limits.MAX_LONG_TEXT),
        Part("extension_reason", _("Why we need more time"), limits.MAX_LONG_TEXT),
    )
}
PARTS = {part.key: part for part in ORGANISATION_PARTS} | HANDLER_PARTS


def draft_parts(kind: str) -> list[Part]:
    """The parts of a ``kind`` letter staff may edit in its draft, in the order it reads: the
    opening, the handler's words, and the closing."""
    names = ("opening", *SPECS[kind].handler_parts, "closing")
    return [PARTS[name] for name in names]


# -- placeholders ------------------------------------------------------------------------------
#: Placeholders every letter can use, with what each stands for.
COMMON_PLACEHOLDERS: dict[str, str | Promise] = {
    "reference": _("the complaint’s reference"),
    "organisation": _("your organisation’s name, in the letter’s language"),
    "recipient_name": _("the name of the person the letter is to"),
    "received_on": _("the day we received the complaint"),
    "written_on": _("the date of the letter"),
    "procedure_title": _("the title of the complaint’s procedure"),
    "contact_email": _("the email address complainants write to"),
}
_STAGE = _("the title of the stage")
#: Placeholders only some letters can use.
KIND_PLACEHOLDERS: dict[str, dict[str, str | Promise]] = {
    LetterKind.ACKNOWLEDGEMENT: {
        "first_stage_title": _("the title of the procedure’s first stage"),
        "response_due": _("the day we aim to respond by (empty while we wait for consent)"),
    },
    LetterKind.CONSENT_REQUEST: {
        "person_name": _("the name of the person the complaint is about"),
        "representative_name": _("the name of their representative"),
    },
    LetterKind.OUT_OF_SCOPE: {
        "exclusion_title": _("what the procedure does not cover that applies here"),
    },
    LetterKind.EXTENSION: {
        "stage_title": _STAGE,
        "new_due": _("the new day we will respond by"),
        "original_due": _("the day we had aimed to respond by"),
    },
    LetterKind.STAGE_RESPONSE: {
        "stage_title": _STAGE,
        "outcome": _("our decision, such as Upheld"),
        "next_stage_title": _("the title of the next stage, if there is one"),
    },
    LetterKind.FINAL_RESPONSE: {
        "stage_title": _STAGE,
        "outcome": _("our decision, such as Upheld"),
    },
    LetterKind.FRONTLINE_RESOLUTION: {
        "stage_title": _STAGE,
        "next_stage_title": _("the title of the next stage, if there is one"),
    },
    LetterKind.WITHDRAWAL: {
        "withdrawn_on": _("the day the complaint was withdrawn"),
    },
}


def placeholders_for(kind: str) -> dict[str, str | Promise]:
    """The placeholders a ``kind`` letter's wording may use, with what each stands for."""
    return {**COMMON_PLACEHOLDERS, **KIND_PLACEHOLDERS.get(kind, {})}


def placeholder_values(context: Mapping[str, Any]) -> dict[str, str]:
    """What each placeholder stands for in one language's copy of a letter, from the values
    ``content.letter_context`` filled it with. Every value is plain text."""
    recipient = context.get("recipient") or {}
    due = context.get("response_due") or {}
    values = {
        "reference": context.get("reference"),
        "organisation": context.get("organisation"),
        "recipient_name": recipient.get("name"),
        "received_on": context.get("received_on"),
        "written_on": context.get("written_on"),
        "procedure_title": context.get("procedure_title"),
        "contact_email": context.get("contact_email"),
        "first_stage_title": context.get("first_stage_title"),
        "response_due": due.get("date"),
        "person_name": context.get("person_name"),
        "representative_name": context.get("representative_name"),
        "exclusion_title": context.get("exclusion_title"),
        "stage_title": context.get("stage_title"),
        "new_due": context.get("new_due"),
        "original_due": context.get("original_due"),
        "outcome": context.get("outcome_title"),
        "next_stage_title": context.get("next_stage_title"),
        "withdrawn_on": context.get("withdrawn_on"),
    }
    return {name: str(value or "") for name, value in values.items()}


#: A placeholder: braces around anything but braces.
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
#: The longest piece of text an error message quotes.
_QUOTED = 60


def problems(text: str, allowed: Iterable[str]) -> list[str]:
    """What is wrong with the braces in ``text``, every problem at once: each placeholder that
    is not in ``allowed``, named as written, and a brace without its partner."""
    known = list(allowed)
    found: list[str] = []
    unknown: list[str] = []
    for match in _PLACEHOLDER.finditer(text):
        if match[1] not in known and match[0] not in unknown:
            unknown.append(match[0])
    usable = ", ".join("{" + name + "}" for name in known)
    for written in unknown:
        quoted = written if len(written) <= _QUOTED else written[: _QUOTED - 2] + "…}"
        found.append(str(msg.UNKNOWN_PLACEHOLDER % {"placeholder": quoted, "known": usable}))
    rest = _PLACEHOLDER.sub("", text)
    if "{" in rest:
        found.append(str(msg.UNMATCHED_OPENING_BRACE))
    if "}" in rest:
        found.append(str(msg.UNMATCHED_CLOSING_BRACE))
    return found


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each placeholder replaced by its value, as plain text (a placeholder
    without a value is left as written)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m[1], m[0]), text)


# -- text to HTML ------------------------------------------------------------------------------
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(text: str) -> bool:
    """NUL and other control characters (tabs and line breaks are fine)."""
    return bool(_CONTROL.search(text))


def normalise(text: str) -> str:
    """Line breaks as ``\\n``, no spaces at the ends of lines or of the text."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def paragraphs(text: str) -> SafeString:
    """Plain text as HTML paragraphs: a blank line starts a new paragraph, a single line break
    stays a line break, and everything is escaped, so typed markup shows as typed."""
    blocks = [b.strip() for b in re.split(r"\n[ \t]*\n", normalise(text)) if b.strip()]
    html = "\n".join(
        "<p>" + "<br>".join(escape(line.strip()) for line in block.split("\n")) + "</p>"
        for block in blocks
    )
    return mark_safe(html)  # noqa: S308 - every piece of text is escaped above


# -- the wording Putright ships ----------------------------------------------------------------
Paragraph = tuple[Any, dict[str, str]]


def _p(message: Any, **renames: str) -> Paragraph:
    """A catalogue message, and the placeholder each of its ``%(name)s`` becomes."""
    return message, renames


_SIGN_OFF = (_p(_("Yours sincerely,")), _p(_("The complaints team, %(name)s"), name="organisation"))
_RECEIVED = {"date": "received_on"}

#: Version 1 of each letter's wording: for each part, its paragraphs as catalogue messages.
SHIPPED: dict[str, dict[str, tuple[Paragraph, ...]]] = {
    LetterKind.ACKNOWLEDGEMENT: {
        "subject": (_p(_("Your complaint %(reference)s: we have received it")),),
        "heading": (_p(_("We have received your complaint")),),
        "opening": (
            _p(
                _(
                    "Thank you for your complaint, which we received on %(date)s. We will "
                    "handle it under our procedure “%(procedure_title)s”."
                ),
                **_RECEIVED,
            ),
        ),
        "closing": (),
        "sign_off": _SIGN_OFF,
    },
    LetterKind.CONSENT_REQUEST: {
        "subject": (_p(_("Your complaint %(reference)s: we need the person’s consent")),),
        "heading": (_p(_("We need the person’s written consent")),),
        "opening": (
            _p(
                _(
                    "Thank you for the complaint you made on someone else’s behalf, which we "
                    "received on %(date)s."
                ),
                **_RECEIVED,
            ),
        ),
        "closing": (
            _p(
                _(
                    "We keep the complaint on hold until the consent arrives. Our response "
                    "target then runs from the day it reaches us."
                )
            ),
        ),
        "sign_off": _SIGN_OFF,
    },
    LetterKind.OUT_OF_SCOPE: {
        "subject": (_p(_("Your complaint %(reference)s: not covered by our procedure")),),
        "heading": (_p(_("Your complaint is not covered by our complaints procedure")),),
        "opening": (
            _p(
                _(
                    "Thank you for your complaint, which we received on %(date)s. We have "
                    "looked at it carefully, and it is not something our procedure "
                    "“%(procedure_title)s” can deal with."
                ),
                **_RECEIVED,
            ),
        ),
        "closing": (
            _p(
                _(
                    "We have closed your complaint. If you think we have misunderstood it, "
                    "please tell us."
                )
            ),
        ),
        "sign_off": _SIGN_OFF,
    },
    LetterKind.EXTENSION: {
        "subject": (_p(_("Your complaint %(reference)s: we need more time to respond")),),
        "heading": (_p(_("We need more time to respond to your complaint")),),
        "opening": (
            _p(
                _("We are sorry, but we need more time to complete our response (%(stage)s)."),
                stage="stage_title",
            ),
        ),
        "closing": (
            _p(
                _(
                    "We extend the time only where this makes it more likely that we can "
                    "resolve your complaint."
                )
            ),
        ),
        "sign_off": _SIGN_OFF,
    },
    LetterKind.STAGE_RESPONSE: {
        "subject": (_p(_("Your complaint %(reference)s: our response")),),
        "heading": (_p(_("Our response to your complaint: %(stage)s"), stage="stage_title"),),
        "opening": (
            _p(
                _(
                    "Thank you for your patience while we looked into your complaint, which we "
                    "received on %(date)s. This letter sets out what we found."
                ),
                **_RECEIVED,
            ),
        ),
        "closing": (),
        "sign_off": _SIGN_OFF,
    },
    LetterKind.FINAL_RESPONSE: {
        "subject": (_p(_("Your complaint %(reference)s: our final response")),),
        "heading": (_p(_("Our final response to your complaint")),),
        "opening": (
            _p(
                _(
                    "Thank you for your patience while we looked into your complaint, which we "
                    "received on %(date)s. This letter is our response at the last stage of our "
                    "procedure: %(stage)s."
                ),
                date="received_on",
                stage="stage_title",
            ),
        ),
        "closing": (),
        "sign_off": _SIGN_OFF,
    },
    LetterKind.FRONTLINE_RESOLUTION: {
        "subject": (_p(_("Your complaint %(reference)s: what we have done")),),
        "heading": (_p(_("What we have done about your complaint")),),
        "opening": (
            _p(
                _(
                    "Thank you for your complaint, which we received on %(date)s. We dealt "
                    "with it straight away (%(stage)s)."
                ),
                date="received_on",
                stage="stage_title",
            ),
        ),
        "closing": (),
        "sign_off": _SIGN_OFF,
    },
    LetterKind.WITHDRAWAL: {
        "subject": (_p(_("Your complaint %(reference)s: withdrawn")),),
        "heading": (_p(_("Your complaint has been withdrawn")),),
        "opening": (
            _p(
                _(
                    "This is to confirm that your complaint was withdrawn on %(date)s, and "
                    "that we have closed it."
                ),
                date="withdrawn_on",
            ),
        ),
        "closing": (
            _p(_("We will not send you anything more about it.")),
            _p(
                _(
                    "If you did not mean to withdraw your complaint, please contact us as "
                    "soon as you can."
                )
            ),
        ),
        "sign_off": _SIGN_OFF,
    },
}

_PERCENT = re.compile(r"%\((\w+)\)s")


def shipped(kind: str, lang: str) -> dict[str, str]:
    """The wording Putright ships for a ``kind`` letter in ``lang``, from the catalogue, with
    each ``%(name)s`` written as its placeholder."""
    with translation.override(lang):
        return {
            part: "\n\n".join(
                _PERCENT.sub(lambda m, r=renames: "{" + r.get(m[1], m[1]) + "}", str(message))
                for message, renames in paras
            )
            for part, paras in SHIPPED[kind].items()
        }


# -- a letter's words --------------------------------------------------------------------------
#: One language's organisation wording, and its version number (None: not yet recorded).
Organisation = tuple[Mapping[str, str], int | None]


def current_version(kind: str, lang: str) -> LetterWording:
    """The newest version of the organisation's wording of ``kind`` letters in ``lang``: the
    one new letters are made with. Where none is recorded yet (a database emptied since it was
    set up), the wording Putright ships is recorded now as version 1."""
    versions = LetterWording.objects.filter(kind=kind, language=lang).order_by("-number")
    newest = versions.first()
    if newest is not None:
        return newest
    try:
        with transaction.atomic():
            return LetterWording.objects.create(
                kind=kind, language=lang, number=1, **shipped(kind, lang)
            )
    except IntegrityError:  # recorded by someone else meanwhile
        return versions.get(number=1)


def organisation_wording(kind: str, lang: str) -> Organisation:
    """The organisation's wording new ``kind`` letters in ``lang`` are made with."""
    version = current_version(kind, lang)
    return version.texts(), version.number


def compose(
    complaint: Complaint,
    event: Event,
    kind: str,
    letter_language: str,
    *,
    organisation: Mapping[str, Mapping[str, str]] | None = None,
) -> tuple[dict[str, dict[str, str]], dict[str, int]]:
    """A letter's words for each language it is written in, filled from the case: the
    organisation's wording (``organisation``, for a preview of wording not yet saved, or the
    version in use) with its placeholders filled, and the handler's words from the case. Also
    the version of the organisation's wording used in each language."""
    words: dict[str, dict[str, str]] = {}
    versions: dict[str, int] = {}
    for lang in content.section_languages(letter_language):
        with translation.override(lang):
            context = content.letter_context(complaint, event, kind, lang)
        if organisation is not None:
            texts: Mapping[str, str] = organisation[lang]
        else:
            texts, number = organisation_wording(kind, lang)
            if number is not None:
                versions[lang] = number
        values = placeholder_values(context)
        filled = {part.key: fill(texts.get(part.key, ""), values) for part in ORGANISATION_PARTS}
        for name in SPECS[kind].handler_parts:
            filled[name] = normalise(str(context.get(name) or ""))
        words[lang] = filled
    return words, versions
