"""Which timeline event makes which letter.

A letter is made for the ``received`` event (the acknowledgement) and for events an action marks
``tell_complainant``. Anything else on the timeline is for staff only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from putright.cases.models import Event


class LetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
    CONSENT_REQUEST = "consent-request", _("Request for consent")
    OUT_OF_SCOPE = "out-of-scope", _("Not covered: signposting")
    EXTENSION = "extension", _("Extension notice")
    STAGE_RESPONSE = "stage-response", _("Stage response")
    FINAL_RESPONSE = "final-response", _("Final response")
    FRONTLINE_RESOLUTION = "frontline-resolution", _("Frontline resolution")
    WITHDRAWAL = "withdrawal", _("Withdrawal confirmation")


@dataclass(frozen=True)
class LetterSpec:
    """How one kind of letter is made.

    ``template``: the body under ``letters/``. ``discloses``: whether the letter says anything
    about the person's complaint beyond what the sender already told us; such a letter goes to a
    representative only once the person's consent is held, and to the person otherwise.
    ``review_before_sending``: the letter carries a handler's words, so it is made as a draft
    that staff check, may edit, and send (ADR 0019); any other letter is sent as soon as it is
    made. ``handler_parts``: the handler's words the letter carries, taken from the case when
    the draft is made and editable in it.
    """

    kind: LetterKind
    template: str
    discloses: bool
    review_before_sending: bool = False
    handler_parts: tuple[str, ...] = ()


SPECS: dict[str, LetterSpec] = {
    spec.kind: spec
    for spec in (
        LetterSpec(LetterKind.ACKNOWLEDGEMENT, "letters/acknowledgement.html", discloses=False),
        LetterSpec(LetterKind.CONSENT_REQUEST, "letters/consent-request.html", discloses=False),
        LetterSpec(LetterKind.OUT_OF_SCOPE, "letters/out-of-scope.html", discloses=False),
        LetterSpec(
            LetterKind.EXTENSION,
            "letters/extension.html",
            discloses=True,
            review_before_sending=True,
            handler_parts=("extension_reason",),
        ),
        LetterSpec(
            LetterKind.STAGE_RESPONSE,
            "letters/stage-response.html",
            discloses=True,
            review_before_sending=True,
            handler_parts=("conclusions", "reasons"),
        ),
        LetterSpec(
            LetterKind.FINAL_RESPONSE,
            "letters/final-response.html",
            discloses=True,
            review_before_sending=True,
            handler_parts=("conclusions", "reasons"),
        ),
        LetterSpec(
            LetterKind.FRONTLINE_RESOLUTION,
            "letters/frontline-resolution.html",
            discloses=True,
            review_before_sending=True,
            handler_parts=("action_taken",),
        ),
        LetterSpec(LetterKind.WITHDRAWAL, "letters/withdrawal.html", discloses=True),
    )
}

#: Events that always make a letter, whatever their ``tell_complainant``.
ALWAYS = {"received": LetterKind.ACKNOWLEDGEMENT}

#: Events that make a letter when the action marked them ``tell_complainant``.
TOLD = {
    "held-for-consent": LetterKind.CONSENT_REQUEST,
    "closed-out-of-scope": LetterKind.OUT_OF_SCOPE,
    "extended": LetterKind.EXTENSION,
    "resolved-frontline": LetterKind.FRONTLINE_RESOLUTION,
    "withdrawn": LetterKind.WITHDRAWAL,
}


def letter_kind_for(event: Event) -> LetterKind | None:
    """The letter ``event`` makes, or None.

    A stage's response is the stage response, or the final response when ``data["final"]`` says
    the stage was the procedure's last.
    """
    if event.kind in ALWAYS:
        return ALWAYS[event.kind]
    if not event.tell_complainant:
        return None
    if event.kind == "responded":
        final = bool((event.data or {}).get("final"))
        return LetterKind.FINAL_RESPONSE if final else LetterKind.STAGE_RESPONSE
    return TOLD.get(event.kind)
