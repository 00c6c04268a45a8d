"""The service frame: start page, footer pages, language switch, health and error pages."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from putright.common.health import check_health


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "common/start.html")


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "common/accessibility.html")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "common/privacy.html")


@require_GET
def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "common/cookies.html")


@require_GET
def switch_language(request: HttpRequest, code: str) -> HttpResponse:
    """Set the language cookie and go back to the page the person was on."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=365 * 24 * 60 * 60,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=True,
        )
    return response


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    health = check_health()
    return JsonResponse(health.as_dict(), status=200 if health.ok else 503)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors that might fail again: a plain render of a self-contained page.
    from django.template import loader

    template = loader.get_template("500.html")
    return HttpResponse(template.render({}, None), status=500)
