"""GOV.UK Design System form fields for Django forms.

    {% load govuk %}
    {% govuk_error_summary form %}
    {% govuk_field form.username %}
    {% govuk_field form.summary label_size="l" is_page_heading=True hint="Say what went wrong" %}

One include renders every kind of field a Putright form uses, chosen from the widget: text-like
inputs, textareas, selects, radios, checkboxes (one or several) and GOV.UK's three-box date input
(any MultiWidget of day, month and year). Errors follow the Design System: a red message above the
control starting with a visually hidden "Error:", and an error summary linking to the first
control of each field.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.utils.translation import gettext_lazy as _

register = template.Library()

LABEL_SIZES = {"s", "m", "l", "xl"}

# Widths for the day, month and year boxes of a date input, in GOV.UK's order.
DATE_PARTS = (
    ("day", _("Day"), "govuk-input--width-2"),
    ("month", _("Month"), "govuk-input--width-2"),
    ("year", _("Year"), "govuk-input--width-4"),
)


def field_kind(field: forms.BoundField) -> str:
    """Which GOV.UK component renders this field."""
    widget = field.field.widget
    if widget.is_hidden:
        return "hidden"
    # CheckboxSelectMultiple is a subclass of RadioSelect, so it must be tested first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.MultiWidget) and len(widget.widgets) == len(DATE_PARTS):
        return "date"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    return "input"


def field_target_id(field: forms.BoundField) -> str:
    """The id an error summary link should move focus to: the field's first control."""
    kind = field_kind(field)
    if kind in {"radios", "checkboxes", "date"}:
        return f"{field.auto_id}_0"
    return field.auto_id or field.html_name


def _join_classes(*parts: str | None) -> str:
    seen: list[str] = []
    for part in parts:
        for name in (part or "").split():
            if name not in seen:
                seen.append(name)
    return " ".join(seen)


@register.inclusion_tag("govuk/field.html")
def govuk_field(
    field: forms.BoundField,
    *,
    label_size: str = "",
    is_page_heading: bool = False,
    hint: str = "",
    classes: str = "",
) -> dict[str, Any]:
    """Render one bound field as a GOV.UK form group.

    label_size: "s", "m", "l" or "xl" (GOV.UK label/legend sizes); is_page_heading wraps the
    label or legend in the page's <h1>. hint overrides the field's help_text. classes are added
    to the control, for example "govuk-input--width-10".
    """
    kind = field_kind(field)
    field_id = field.auto_id or field.html_name
    hint_text = hint or field.help_text
    hint_id = f"{field_id}-hint" if hint_text else ""
    error_id = f"{field_id}-error" if field.errors else ""
    described_by = " ".join(part for part in (hint_id, error_id) if part)
    size = label_size if label_size in LABEL_SIZES else ""

    context: dict[str, Any] = {
        "field": field,
        "kind": kind,
        "field_id": field_id,
        "label": field.label,
        "hint": hint_text,
        "hint_id": hint_id,
        "errors": field.errors,
        "error_id": error_id,
        "described_by": described_by,
        "label_size": size,
        "is_page_heading": is_page_heading,
        "classes": classes,
    }

    if kind in {"input", "textarea", "select", "checkbox"}:
        base_class = {
            "input": "govuk-input",
            "textarea": "govuk-textarea",
            "select": "govuk-select",
            "checkbox": "govuk-checkboxes__input",
        }[kind]
        error_class = f"{base_class}--error" if field.errors and kind != "checkbox" else ""
        attrs: dict[str, Any] = {
            "class": _join_classes(
                base_class, field.field.widget.attrs.get("class"), classes, error_class
            )
        }
        if described_by:
            attrs["aria-describedby"] = described_by
        context["control"] = field.as_widget(attrs=attrs)
    elif kind in {"radios", "checkboxes"}:
        context["options"] = [
            {
                "id": option.data["attrs"].get("id") or f"{field_id}_{index}",
                "name": option.data["name"],
                "value": option.data["value"],
                "label": option.choice_label,
                "checked": option.data["selected"],
            }
            for index, option in enumerate(field.subwidgets)
        ]
    elif kind == "date":
        widget_context = field.field.widget.get_context(
            field.html_name, field.value(), {"id": field_id}
        )
        context["parts"] = [
            {
                "id": sub["attrs"].get("id") or f"{field_id}_{index}",
                "name": sub["name"],
                "value": sub["value"] or "",
                "label": label,
                "width": width,
            }
            for index, (sub, (_part, label, width)) in enumerate(
                zip(widget_context["widget"]["subwidgets"], DATE_PARTS, strict=True)
            )
        ]
    return context


@register.inclusion_tag("govuk/error_summary.html")
def govuk_error_summary(form: forms.BaseForm) -> dict[str, Any]:
    """GOV.UK error summary: every error in the form, each linking to its field.

    Errors that belong to no field (such as a wrong username and password together) link to the
    form's first visible field.
    """
    visible = form.visible_fields()
    first_id = field_target_id(visible[0]) if visible else ""
    errors = [{"target": first_id, "message": message} for message in form.non_field_errors()]
    for field in visible:
        errors.extend(
            {"target": field_target_id(field), "message": message} for message in field.errors
        )
    return {"errors": errors}
