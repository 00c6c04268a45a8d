"""Small helpers for the staff case pages."""

from __future__ import annotations

from typing import Any

from django import template

from putright.cases import permissions

register = template.Library()

#: RAG colours as GOV.UK tag modifiers. The tag's words always say the same thing as its colour.
RAG_TAG_CLASSES = {
    "red": "govuk-tag--red",
    "amber": "govuk-tag--yellow",
    "green": "govuk-tag--green",
    "grey": "govuk-tag--grey",
}

STATUS_TAG_CLASSES = {
    "new": "govuk-tag--light-blue",
    "awaiting-consent": "govuk-tag--orange",
    "open": "govuk-tag--blue",
    "responded": "govuk-tag--purple",
    "closed": "govuk-tag--grey",
}

SEVERITY_TAG_CLASSES = {
    "blocking": "govuk-tag--red",
    "warning": "govuk-tag--yellow",
    "info": "govuk-tag--grey",
    "ok": "govuk-tag--green",
}


@register.filter
def can_record_complaint(user: Any) -> bool:
    """Whether to offer "Record a complaint": the same rule as the page itself."""
    return permissions.can_record_complaint(user)


@register.filter
def rag_tag_class(colour: str) -> str:
    """``govuk-tag--red`` for "red", ``govuk-tag--yellow`` for "amber", and so on."""
    return RAG_TAG_CLASSES.get(colour, "govuk-tag--grey")


@register.filter
def status_tag_class(status: str) -> str:
    return STATUS_TAG_CLASSES.get(status, "govuk-tag--grey")


@register.filter
def severity_tag_class(severity: str) -> str:
    return SEVERITY_TAG_CLASSES.get(severity, "govuk-tag--grey")


@register.filter
def is_file_field(bound_field: object) -> bool:
    """Whether a bound field is a file upload (rendered with GOV.UK's file upload markup)."""
    field = getattr(bound_field, "field", None)
    return field is not None and getattr(field.widget, "input_type", "") == "file"
