"""Per-request memory of things every page reads."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from putright.cases.rules import request_organisation


class OrganisationPerRequestMiddleware:
    """Read the organisation's settings at most once per request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = request_organisation.set([])
        try:
            return self.get_response(request)
        finally:
            request_organisation.reset(token)
