"""Frame details for pages rendered without a request, such as the 500 page."""

from __future__ import annotations

import math
from datetime import timedelta

from django import template
from django.conf import settings
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def organisation_name() -> str:
    """The organisation's name in the active language, read from settings alone."""
    if (get_language() or "en").startswith("cy"):
        return settings.PUTRIGHT_ORGANISATION_NAME_CY
    return settings.PUTRIGHT_ORGANISATION_NAME


@register.filter
def whole_minutes(value: timedelta | None) -> int:
    """A lockout cool-off as whole minutes, rounded up; falls back to AXES_COOLOFF_TIME (hours)."""
    if not isinstance(value, timedelta):
        value = timedelta(hours=float(getattr(settings, "AXES_COOLOFF_TIME", 0.5)))
    return max(1, math.ceil(value.total_seconds() / 60))
