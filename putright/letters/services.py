"""Writes staff make to letters (ADR 0019): editing a draft and sending it; saving a new
version of the organisation's wording of a letter, or using an older one again.

Keyword-only and atomic. A draft's edit and sending lock the letter's row, refuse a letter that
is no longer a draft, and refuse a stale ``expected_version`` (someone else changed the draft
since it was read, as ADR 0006 does for cases); each writes an audit entry and a line on the
case's timeline. A wording is saved only by an administrator, only when it uses nothing but
known placeholders, and only over the version the person started from; each save is audited.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise

from putright.accounts.models import Role
from putright.cases import audit, permissions, services
from putright.cases import messages as cases_messages
from putright.cases.models import Complaint, Event
from putright.letters import content, outbox, render, tasks
from putright.letters import messages as msg
from putright.letters.kinds import letter_kind_for
from putright.letters.models import (
    Letter,
    LetterLanguage,
    LetterStatus,
    LetterWording,
    WordingLanguage,
)
from putright.letters.wording import (
    LANGUAGES,
    ORGANISATION_PARTS,
    Part,
    compose,
    current_version,
    draft_parts,
    has_control_characters,
    normalise,
    placeholders_for,
    problems,
)

#: The longest note saved with a version of a wording.
NOTE_LENGTH = 200

#: ``{field: [message, ...]}``; the field is ``<lang>_<part>``, or None for the whole letter.
Errors = dict[str | None, list[str]]


class LetterRefused(Exception):
    """The change was not made; ``errors`` says why, by field."""

    def __init__(self, errors: Errors) -> None:
        super().__init__("; ".join(m for ms in errors.values() for m in ms))
        self.errors = errors


class StaleLetter(LetterRefused):
    """Someone else changed the draft after this person read it."""

    def __init__(self) -> None:
        super().__init__({None: [str(msg.DRAFT_CHANGED)]})


def field_name(lang: str, part: Part) -> str:
    """The form field, and error key, for one part of a draft in one language."""
    return f"{lang}_{part.key}"


def part_name(part: Part, lang: str, letter_language: str) -> str:
    """A part as an error message names it: with its language, in a letter written in two."""
    if letter_language != content.BILINGUAL:
        return str(part.label)
    return f"{part.label} ({dict(LetterLanguage.choices)[lang]})"


def draft_errors(letter: Letter, words: Mapping[str, Mapping[str, str]]) -> Errors:
    """What is wrong with the words typed into a draft, every problem at once: too long, or
    holding control characters (typed markup is fine: the letter shows it as typed)."""
    errors: Errors = {}
    for lang in content.section_languages(letter.language):
        for part in draft_parts(letter.kind):
            text = (words.get(lang) or {}).get(part.key, "")
            name = part_name(part, lang, letter.language)
            problems = []
            if not isinstance(text, str):
                problems.append(str(cases_messages.INPUT_TEXT))
            elif has_control_characters(text):
                problems.append(str(msg.PART_CONTROL_CHARACTERS % {"name": name}))
            elif len(normalise(text)) > part.max_length:
                problems.append(
                    str(msg.PART_TOO_LONG % {"name": name, "max": f"{part.max_length:,}"})
                )
            if problems:
                errors[field_name(lang, part)] = problems
    return errors


def may_act(user: Any, letter: Letter) -> bool:
    """Whoever may change the case may edit and send its letters."""
    return permissions.can_change(user, letter.complaint)


def _locked_draft(letter_id: int, actor: Any, expected_version: int) -> Letter:
    letter = Letter.objects.select_for_update().select_related("complaint").get(pk=letter_id)
    if not may_act(actor, letter):
        raise LetterRefused({None: [str(cases_messages.NOT_ALLOWED_ROLE)]})
    if not letter.is_draft:
        raise LetterRefused({None: [str(msg.DRAFT_NOT_A_DRAFT)]})
    if letter.version != expected_version:
        raise StaleLetter()
    return letter


def _rendered(letter: Letter, words: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    """The letter's fields rendered now from the case as it is and ``words``: who it goes to
    (their details may have changed since the draft was made), subject, HTML and text."""
    complaint = Complaint.objects.select_related("person", "representative").get(
        pk=letter.complaint_id
    )
    to = content.recipient(complaint, letter.kind)
    rendered = render.render_letter(
        complaint,
        letter.event,
        letter.kind,
        letter_language=letter.language,
        large_print=letter.large_print,
        wording=words,
    )
    return {
        "recipient_name": to.name[:200],
        "recipient_email": to.email,
        "recipient_address": to.address,
        "subject": rendered.subject,
        "html": rendered.html,
        "text": rendered.text,
    }


@dataclass(frozen=True)
class Edited:
    letter: Letter
    changed: bool


@transaction.atomic
def draft_update(
    *,
    letter_id: int,
    actor: Any,
    expected_version: int,
    words: Mapping[str, Mapping[str, str]],
    path: str = "",
) -> Edited:
    """Replace the editable words of a draft (``{lang: {part: text}}``) and render it again.
    Words that did not change change nothing: no new version, no audit entry."""
    letter = _locked_draft(letter_id, actor, expected_version)
    errors = draft_errors(letter, words)
    if errors:
        raise LetterRefused(errors)
    new_words = {lang: dict(parts) for lang, parts in letter.wording.items()}
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for lang in content.section_languages(letter.language):
        for part in draft_parts(letter.kind):
            text = normalise((words.get(lang) or {}).get(part.key, ""))
            old = new_words.setdefault(lang, {}).get(part.key, "")
            if text != old:
                before[field_name(lang, part)] = old
                after[field_name(lang, part)] = text
                new_words[lang][part.key] = text
    if not after:
        return Edited(letter, changed=False)
    fields = _rendered(letter, new_words)
    for name, value in fields.items():
        setattr(letter, name, value)
    letter.wording = new_words
    letter.version += 1
    letter.edited_by = actor
    letter.edited_at = timezone.now()
    letter.save(update_fields=[*fields, "wording", "version", "edited_by", "edited_at"])
    audit.record(
        actor=actor,
        action="letter-edit",
        complaint=letter.complaint,
        obj=letter,
        before={"version": expected_version, **before},
        after={"version": letter.version, **after},
        path=path,
    )
    services.correspondence_record(
        complaint=letter.complaint,
        kind="letter-edited",
        summary=f"Letter edited before sending: {letter.get_kind_display()}.",
        actor=actor,
        letter=letter.kind,
        parts=sorted(after),
    )
    return Edited(letter, changed=True)


@transaction.atomic
def draft_send(*, letter_id: int, actor: Any, expected_version: int, path: str = "") -> Letter:
    """Make a draft final and send it: render it from the case as it is now and its words,
    render and keep its PDF with its hash, and queue its email after the transaction commits
    (a letter to post is ready to print). From now on its words never change."""
    letter = _locked_draft(letter_id, actor, expected_version)
    fields = _rendered(letter, letter.wording)
    for name, value in fields.items():
        setattr(letter, name, value)
    outbox.attach_pdf(letter)
    letter.status = LetterStatus.FINAL
    letter.version += 1
    letter.approved_by = actor
    letter.approved_at = timezone.now()
    letter.save(
        update_fields=[
            *fields,
            "pdf",
            "sha256",
            "status",
            "version",
            "approved_by",
            "approved_at",
        ]
    )
    message = outbox.message_for(letter)
    audit.record(
        actor=actor,
        action="letter-approve",
        complaint=letter.complaint,
        obj=letter,
        before={"status": LetterStatus.DRAFT, "version": expected_version},
        after={
            "status": LetterStatus.FINAL,
            "version": letter.version,
            "sha256": letter.sha256,
            "to": letter.recipient_email or "post",
        },
        path=path,
    )
    services.correspondence_record(
        complaint=letter.complaint,
        kind="letter-approved",
        summary=f"Letter checked and {'made ready to post' if message is None else 'sent'}: "
        f"{letter.get_kind_display()}.",
        actor=actor,
        letter=letter.kind,
        posted=message is None,
    )
    if message is not None:
        transaction.on_commit(partial(tasks.enqueue_message, message.pk))
    return letter


def draft_pdf(letter: Letter) -> bytes:
    """The PDF a draft would be sent as, rendered now and never kept (its words may change)."""
    return render.render_pdf(content.with_link(letter.html, None))


def sent_message(letter: Letter) -> str | Promise:
    """What staff are told once they have sent a draft."""
    label = letter.get_kind_display()
    if letter.recipient_email:
        return msg.LETTER_SENT % {"letter": label, "to": letter.recipient_email}
    if letter.messages.exists():  # GOV.UK Notify prints and posts it (ADR 0018)
        return msg.LETTER_POSTED_BY_NOTIFY % {"letter": label}
    return msg.LETTER_READY_TO_POST % {"letter": label}


# -- the organisation's wording ----------------------------------------------------------------
class StaleWording(LetterRefused):
    """Someone else saved a version of this wording after this person read it."""

    def __init__(self) -> None:
        super().__init__({None: [str(msg.WORDING_CHANGED)]})


def may_edit_wording(user: Any) -> bool:
    """Only administrators change how the organisation words its letters."""
    return (
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and getattr(user, "role", None) == Role.ADMIN
    )


def _lowered(label: Any) -> str:
    text = str(label)
    return text[:1].lower() + text[1:]


def wording_errors(kind: str, texts: Mapping[str, Mapping[str, str]]) -> Errors:
    """What is wrong with a wording typed for ``kind`` letters, every problem at once, on its
    field: an empty part that needs words, text too long or with control characters, and any
    placeholder Putright does not know or brace without its partner, named."""
    allowed = placeholders_for(kind)
    names = dict(WordingLanguage.choices)
    errors: Errors = {}
    for lang in LANGUAGES:
        for part in ORGANISATION_PARTS:
            text = (texts.get(lang) or {}).get(part.key, "")
            name = f"{part.label} ({names[lang]})"
            if not isinstance(text, str):
                found = [str(cases_messages.INPUT_TEXT)]
            elif has_control_characters(text):
                found = [str(msg.PART_CONTROL_CHARACTERS % {"name": name})]
            elif len(normalise(text)) > part.max_length:
                found = [str(msg.PART_TOO_LONG % {"name": name, "max": f"{part.max_length:,}"})]
            elif part.required and not normalise(text):
                found = [str(msg.PART_REQUIRED % {"name": _lowered(name)})]
            else:
                found = problems(text, allowed)
                if not part.paragraphs and "\n" in normalise(text):
                    found.append(str(msg.ONE_LINE % {"name": name}))
            if found:
                errors[f"{lang}_{part.key}"] = found
    return errors


def _locked_versions(kind: str) -> dict[str, LetterWording]:
    """The version in use in each language, its row locked so two saves queue up."""
    current = {lang: current_version(kind, lang) for lang in LANGUAGES}
    locked = LetterWording.objects.select_for_update().filter(
        pk__in=[v.pk for v in current.values()]
    )
    return {v.language: v for v in locked}


def _new_version(
    old: LetterWording, texts: Mapping[str, str], *, note: str, actor: Any, **extra: Any
) -> LetterWording:
    try:
        with transaction.atomic():
            return LetterWording.objects.create(
                kind=old.kind,
                language=old.language,
                number=old.number + 1,
                note=note,
                created_by=actor,
                **texts,
                **extra,
            )
    except IntegrityError:  # the same number saved by someone else at the same moment
        raise StaleWording() from None


@transaction.atomic
def wording_save(
    *,
    kind: str,
    texts: Mapping[str, Mapping[str, str]],
    expected: Mapping[str, int],
    note: str,
    actor: Any,
    path: str = "",
) -> list[LetterWording]:
    """Save the wording of ``kind`` letters as a new version in each language whose words
    changed; new letters use it. ``expected`` is the version number in each language the person
    started from: if either moved on, nothing is saved. Returns the new versions (none when
    nothing changed)."""
    if not may_edit_wording(actor):
        raise LetterRefused({None: [str(cases_messages.NOT_ALLOWED_ROLE)]})
    errors = wording_errors(kind, texts)
    if len(note) > NOTE_LENGTH or has_control_characters(note):
        errors["note"] = [str(msg.NOTE_TOO_LONG)]
    if errors:
        raise LetterRefused(errors)
    current = _locked_versions(kind)
    if any(expected.get(lang) != current[lang].number for lang in LANGUAGES):
        raise StaleWording()
    saved = []
    for lang in LANGUAGES:
        old = current[lang]
        new = {part.key: normalise(texts[lang].get(part.key, "")) for part in ORGANISATION_PARTS}
        if new == old.texts():
            continue
        version = _new_version(old, new, note=note.strip(), actor=actor)
        audit.record(
            actor=actor,
            action="letter-wording-save",
            obj=version,
            before={"version": old.number, **old.texts()},
            after={"version": version.number, "note": version.note, **new},
            path=path,
        )
        saved.append(version)
    return saved


@transaction.atomic
def wording_restore(*, version_id: int, actor: Any, path: str = "") -> LetterWording | None:
    """Use an older version of a wording again, saved as the newest version (so the history
    says what happened). None when it is the version in use already, word for word."""
    if not may_edit_wording(actor):
        raise LetterRefused({None: [str(cases_messages.NOT_ALLOWED_ROLE)]})
    older = LetterWording.objects.get(pk=version_id)
    current = _locked_versions(older.kind)[older.language]
    if older.texts() == current.texts():
        return None
    note = str(msg.WORDING_RESTORE_NOTE % {"number": older.number})
    version = _new_version(
        current, older.texts(), note=note, actor=actor, restored_from=older.number
    )
    audit.record(
        actor=actor,
        action="letter-wording-restore",
        obj=version,
        before={"version": current.number, **current.texts()},
        after={"version": version.number, "restored_from": older.number, **older.texts()},
        path=path,
    )
    return version


def wording_preview(
    kind: str, texts: Mapping[str, Mapping[str, str]], complaint: Complaint
) -> render.Rendered:
    """A ``kind`` letter about ``complaint`` as ``texts`` (not saved) would make it, in Welsh
    and English: from the case's latest event that makes such a letter, or as if one had
    happened now."""
    event = next(
        (e for e in reversed(list(complaint.events.all())) if letter_kind_for(e) == kind),
        None,
    ) or Event(complaint=complaint, kind="preview", data={}, at=timezone.now())
    words, _versions = compose(complaint, event, kind, content.BILINGUAL, organisation=texts)
    return render.render_letter(
        complaint,
        event,
        kind,
        letter_language=content.BILINGUAL,
        large_print=False,
        wording=words,
    )
