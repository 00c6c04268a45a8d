"""One adapter from the policy engine's findings to what a person reads.

The engine writes each finding's explanation in English and Welsh; this shows that text in the
reader's language, on the form field the finding is about. No second wording of a finding exists
anywhere in ``putright/cases``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.utils.functional import lazy
from django.utils.translation import get_language

from putright.policy import Finding, Text

if TYPE_CHECKING:
    from putright.cases.actions.base import Refusal


def _render(text: Text) -> str:
    return text.get(get_language())


#: A finding's text, rendered in the language active when it is shown (not when it was made).
text_in_language = lazy(_render, str)


def message(finding: Finding):
    return text_in_language(finding.explanation)


def refusals(
    findings: Iterable[Finding],
    fields: Mapping[str, str | None] | None = None,
    *,
    prefixes: Mapping[str, str] | None = None,
) -> list[Refusal]:
    """Each finding as a refusal with the engine's text, on the field named for its code.

    ``prefixes`` maps a code prefix to a field prefix, e.g. ``finding-unanswered-`` to
    ``finding_`` for questions that are their own fields.
    """
    from putright.cases.actions.base import Refusal

    fields = fields or {}
    out = []
    for finding in findings:
        field = fields.get(finding.code)
        for code_prefix, field_prefix in (prefixes or {}).items():
            if finding.code.startswith(code_prefix):
                field = field_prefix + finding.code.removeprefix(code_prefix)
        out.append(Refusal(finding.code, message(finding), field))
    return out
