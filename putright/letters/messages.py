"""What the letters pages tell staff, in one place (the tests import these)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# -- the outbox ---------------------------------------------------------------------------------
TRIED_AGAIN = _("The message is back in the queue and will be sent shortly.")
NOT_FAILED = _("Only a message that failed can be sent again.")

# -- drafts -------------------------------------------------------------------------------------
DRAFT_SAVED = _("Your changes are saved. Check the letter again, then send it.")
DRAFT_UNCHANGED = _("Nothing was changed.")
DRAFT_CHANGED = _(
    "Someone else changed this letter since you opened it. What you typed is kept below: check "
    "the letter as it is now, then save or send again."
)
DRAFT_NOT_A_DRAFT = _("This letter has already been sent, so it cannot be changed.")
LETTER_SENT = _("Letter sent: %(letter)s, to %(to)s.")
LETTER_READY_TO_POST = _("Letter ready to post: %(letter)s. Print its PDF and post it.")
LETTER_POSTED_BY_NOTIFY = _("Letter sent: %(letter)s, for GOV.UK Notify to print and post.")
PART_TOO_LONG = _("%(name)s must be %(max)s characters or fewer")
PART_CONTROL_CHARACTERS = _("%(name)s must not include control characters: remove them")
PART_REQUIRED = _("Enter the %(name)s")

# -- wording ------------------------------------------------------------------------------------
UNKNOWN_PLACEHOLDER = _(
    "The wording uses %(placeholder)s, which Putright does not know. Placeholders you can use: "
    "%(known)s"
)
UNMATCHED_OPENING_BRACE = _(
    "The wording has a { without a } after it. Use braces only around a placeholder, such as "
    "{reference}"
)
UNMATCHED_CLOSING_BRACE = _(
    "The wording has a } without a { before it. Use braces only around a placeholder, such as "
    "{reference}"
)
WORDING_SAVED = _("The new wording is saved as version %(versions)s. New letters use it.")
WORDING_UNCHANGED = _("The wording is the same as the version in use, so nothing was saved.")
WORDING_RESTORED = _(
    "Version %(old)s is in use again, saved as version %(new)s. New letters use it."
)
WORDING_RESTORE_NOTE = _("Version %(number)s used again")
WORDING_CHANGED = _(
    "Someone else saved this wording since you opened it. What you typed is kept below: check "
    "the version in use now, then save again."
)
PREVIEW_CASE_UNKNOWN = _(
    "Enter the reference of a case you can see, such as PR-2026-000123, or select a recent case"
)
PREVIEW_CHOOSE_CASE = _("Enter a case reference or select a recent case to preview the letter")
NOTE_TOO_LONG = _("The note must be 200 characters or fewer, with no control characters")
ONE_LINE = _("%(name)s must be one line: remove the line breaks")
