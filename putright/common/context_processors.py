"""Branding and frame details every page needs."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language


def branding(request: HttpRequest) -> dict[str, object]:
    welsh = (get_language() or "en").startswith("cy")
    organisation = (
        settings.PUTRIGHT_ORGANISATION_NAME_CY if welsh else settings.PUTRIGHT_ORGANISATION_NAME
    )
    return {
        "organisation_name": organisation,
        "service_name": settings.PUTRIGHT_SERVICE_NAME,
        "show_crown": settings.PUTRIGHT_SHOW_CROWN,
        "phase": settings.PUTRIGHT_PHASE,
        "contact_email": settings.PUTRIGHT_CONTACT_EMAIL,
        "current_language": "cy" if welsh else "en",
    }
