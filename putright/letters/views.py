"""Staff pages for the outbox: every message a person may see, one message with its letter."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def outbox(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


def message(request: HttpRequest, pk: int) -> HttpResponse:
    raise NotImplementedError


def message_html(request: HttpRequest, pk: int) -> HttpResponse:
    raise NotImplementedError


def try_again(request: HttpRequest, pk: int) -> HttpResponse:
    raise NotImplementedError


def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    raise NotImplementedError
