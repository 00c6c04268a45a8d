"""Which questions the online complaint asks, in what order, and the rules that choose them.

Plain functions over plain data (the answers so far, the procedure, today's date), so every
branch can be tested without a database or a request. A question is asked when its ``applies``
rule holds; it is done when its ``answered`` rule holds. The next page is the first question
after this one that applies; a person who jumps ahead is sent back to the first question that
applies and is not yet answered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from putright.policy import Procedure, complaint_time_limit

#: What the "Who is complaining?" question stores.
MYSELF = "myself"
SOMEONE_ELSE = "someone-else"
#: How a representative gives the person's written consent.
CONSENT_UPLOAD = "upload"
CONSENT_LATER = "later"
#: The answers to a scope question, and what the engine reads for each.
SCOPE_YES, SCOPE_NO, SCOPE_UNSURE = "yes", "no", "unsure"
SCOPE_VALUES: dict[str, bool | None] = {SCOPE_YES: True, SCOPE_NO: False, SCOPE_UNSURE: None}
#: What a kept file is for.
FOR_CONSENT = "consent"
FOR_EVIDENCE = "document"
#: How many documents one complaint may carry (besides the consent).
MAX_DOCUMENTS = 10


@dataclass(frozen=True)
class State:
    """Everything the rules look at: the answers so far, the files kept, the procedure the
    complaint is under (None until one is chosen), the procedures offered and today's date."""

    answers: Mapping[str, Any]
    files: Sequence[Mapping[str, Any]] = ()
    procedure: Procedure | None = None
    offered: Sequence[str] = ()
    today: date = field(default_factory=date.today)

    def date(self, key: str) -> date | None:
        value = self.answers.get(key)
        if not isinstance(value, str):
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None


# -- the rules that choose the questions ---------------------------------------------------------
def offers_choice(state: State) -> bool:
    """The organisation offers more than one procedure, so the first question picks one."""
    return len(state.offered) > 1


def is_representative(state: State) -> bool:
    """Someone is complaining for another person: we need both sets of details and consent."""
    return state.answers.get("who") == SOMEONE_ELSE


def needs_consent_upload(state: State) -> bool:
    """A representative said they will upload the person's signed consent now."""
    return is_representative(state) and state.answers.get("consent") == CONSENT_UPLOAD


def consent_by_link(state: State) -> bool:
    """A representative said the person will sign a declaration later: we email the person a
    link to it, so we need the person's email address, whatever way they prefer to be
    contacted."""
    return is_representative(state) and state.answers.get("consent") == CONSENT_LATER


def is_out_of_scope(state: State, code: str) -> bool:
    """They said "yes": the complaint is about something the procedure does not cover (``code``).
    They are shown where to go instead, and may still carry on."""
    return scope_answers(state).get(code) == SCOPE_YES


def is_late(state: State) -> bool:
    """The complaint reaches us after the procedure's time limit: they can tell us why."""
    if state.procedure is None:
        return False
    event_on = state.date("event_on")
    if event_on is None:
        return False
    last_day = complaint_time_limit(state.procedure, event_on, state.date("found_out_on")).value
    return state.today > last_day


def has_categories(state: State) -> bool:
    """The procedure lists what a complaint can be about, so we ask which apply."""
    return state.procedure is not None and bool(state.procedure.categories)


def needs_put_right(state: State) -> bool:
    """The procedure asks the complainant to say what would put things right."""
    return state.procedure is not None and any(
        required.name == "put_right" for required in state.procedure.required_fields
    )


# -- what the answers hold -----------------------------------------------------------------------
def scope_answers(state: State) -> dict[str, str]:
    stored = state.answers.get("scope")
    return dict(stored) if isinstance(stored, Mapping) else {}


def carried_on(state: State) -> list[str]:
    stored = state.answers.get("carry_on")
    return list(stored) if isinstance(stored, list) else []


def files_for(state: State, purpose: str) -> list[Mapping[str, Any]]:
    return [f for f in state.files if f.get("purpose") == purpose]


def exclusion_codes(state: State) -> list[str]:
    return [e.code for e in state.procedure.exclusions] if state.procedure else []


def category_codes(state: State) -> list[str]:
    return [c.code for c in state.procedure.categories] if state.procedure else []


def engine_scope_answers(state: State) -> dict[str, bool | None]:
    """The scope answers as the engine reads them: True (it applies), False, None (not sure)."""
    answers = scope_answers(state)
    return {
        code: SCOPE_VALUES[answers[code]]
        for code in exclusion_codes(state)
        if answers.get(code) in SCOPE_VALUES
    }


def contact_complete(state: State) -> bool:
    """The contact details give what the chosen way of contacting needs."""
    a = state.answers
    if "contact" not in a:
        return False
    needed = {"email": "email", "post": "address", "phone": "phone"}.get(a.get("contact_method"))
    if consent_by_link(state) and not a.get("email"):
        return False
    return needed is None or bool(a.get(needed))


# -- the questions -------------------------------------------------------------------------------
def _always(state: State) -> bool:
    return True


def _has(key: str) -> Callable[[State], bool]:
    return lambda state: key in state.answers


def _procedure_answered(state: State) -> bool:
    return state.answers.get("procedure") in state.offered


def _consent_file_kept(state: State) -> bool:
    return bool(files_for(state, FOR_CONSENT))


def _put_right_answered(state: State) -> bool:
    return "put_right" in state.answers and (
        bool(state.answers["put_right"]) or not needs_put_right(state)
    )


def _categories_answered(state: State) -> bool:
    chosen = state.answers.get("categories")
    return isinstance(chosen, list) and set(chosen) <= set(category_codes(state))


@dataclass(frozen=True)
class Step:
    """One page of the journey. ``kind`` says which page template and form serve it:
    ``question``, ``scope`` and ``not-covered`` (one per exclusion, ``code``), ``upload``."""

    slug: str
    applies: Callable[[State], bool]
    answered: Callable[[State], bool]
    kind: str = "question"
    code: str = ""


def steps(state: State) -> list[Step]:
    """Every page the journey could show, in order, for the procedure chosen so far."""
    scope: list[Step] = []
    for code in exclusion_codes(state):
        scope.append(
            Step(
                f"scope-{code}",
                _always,
                lambda s, c=code: c in scope_answers(s),
                kind="scope",
                code=code,
            )
        )
        scope.append(
            Step(
                f"not-covered-{code}",
                lambda s, c=code: is_out_of_scope(s, c),
                lambda s, c=code: c in carried_on(s),
                kind="not-covered",
                code=code,
            )
        )
    return [
        Step("procedure", offers_choice, _procedure_answered),
        Step("who", _always, _has("who")),
        Step("your-details", is_representative, _has("rep")),
        Step("name", _always, _has("name")),
        Step("consent", is_representative, _has("consent")),
        Step("consent-upload", needs_consent_upload, _consent_file_kept, kind="upload"),
        Step("reference", _always, _has("reference")),
        *scope,
        Step("when", _always, _has("event_on")),
        Step("found-out", _always, _has("found_out_on")),
        Step("late", is_late, _has("late_reason")),
        Step("what-went-wrong", _always, _has("what_went_wrong")),
        Step("put-right", _always, _put_right_answered),
        Step("about", has_categories, _categories_answered),
        Step("documents", _always, _has("documents_done"), kind="upload"),
        Step("contact-method", _always, _has("contact_method")),
        Step("contact-details", _always, contact_complete),
        Step("adjustments", _always, _has("adjustments")),
        Step("language", _always, _has("language")),
    ]


def find(state: State, slug: str) -> Step | None:
    return next((step for step in steps(state) if step.slug == slug), None)


def asked(state: State) -> list[Step]:
    """The pages this person is asked, given their answers so far."""
    return [step for step in steps(state) if step.applies(state)]


def first_unanswered(state: State) -> Step | None:
    """The first question that applies and has no answer yet; None when all are answered."""
    return next((step for step in asked(state) if not step.answered(state)), None)


def is_complete(state: State) -> bool:
    """Every question that applies is answered: the answers can be checked and sent."""
    return first_unanswered(state) is None


def next_after(state: State, slug: str) -> Step | None:
    """The page after ``slug``: the next question that applies, or None for "check answers"."""
    pages = asked(state)
    slugs = [step.slug for step in pages]
    if slug not in slugs:
        return first_unanswered(state)
    return next(iter(pages[slugs.index(slug) + 1 :]), None)


def previous(state: State, slug: str) -> Step | None:
    """The page before ``slug`` that applies (where the back link goes); None on the first."""
    pages = asked(state)
    slugs = [step.slug for step in pages]
    if slug not in slugs:
        return None
    index = slugs.index(slug)
    return pages[index - 1] if index > 0 else None


def may_show(state: State, step: Step) -> bool:
    """A page may be shown when it applies and every page before it is answered."""
    if not step.applies(state):
        return False
    for earlier in asked(state):
        if earlier.slug == step.slug:
            return True
        if not earlier.answered(state):
            return False
    return False
