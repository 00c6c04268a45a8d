"""Small helpers for the staff case pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from putright.cases import permissions
from putright.staff.presentation import (
    RAG_TAG_CLASSES,
    SEVERITY_TAG_CLASSES,
    STATUS_TAG_CLASSES,
)

register = template.Library()


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


@register.simple_tag
def select_options(bound_field: Any) -> SafeString:
    """A select's options, the current value selected, each value and label escaped."""
    current = bound_field.value()
    chosen = None if current in (None, "") else str(current)  # nothing chosen: none selected
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, " selected" if str(value) == chosen else "", label)
            for value, label in bound_field.field.choices
        ),
    )
