"""The consent pages: the person a representative complains for agrees, or says no, through the
link we emailed them (``putright.portal.consent``).

Opening ``/consent/<token>/`` checks the token, ties this browser's session to the link (its id,
never the token) and redirects to ``/consent/``, so the token leaves the address bar and never
travels in a Referer. Every later request checks the link again. A link that does not work gets
a page saying why and what to do, never an error.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from putright.cases import audit
from putright.cases.actions import ActionRefused
from putright.cases.actions.base import Refusal
from putright.cases.models import Complaint
from putright.portal import consent
from putright.portal.consent_forms import AgreeForm, DeclineForm
from putright.portal.models import ConsentLink
from putright.portal.tracking_views import lang, posted, private, speak_the_case_language

#: Where this browser's session keeps which consent link it opened (the link's id).
SESSION_KEY = "putright_consent"
#: What the person answered, for the page that thanks them.
DONE_KEY = "putright_consent_done"

#: The status each kind of link problem answers with.
PROBLEM_STATUS = {"invalid": 404, "expired": 410, "revoked": 410, "used": 410, "none": 403}


def problem(request: HttpRequest, state: str) -> HttpResponse:
    return private(
        render(
            request,
            "portal/consent/link_problem.html",
            {"state": state},
            status=PROBLEM_STATUS.get(state, 404),
        )
    )


def not_needed(request: HttpRequest, refusals: list[Refusal]) -> HttpResponse:
    """The complaint no longer waits for the person's answer (consent already held, or the
    complaint closed or moved on)."""
    codes = {r.code for r in refusals}
    return private(
        render(
            request,
            "portal/consent/not_needed.html",
            {"held": "consent-held" in codes},
            status=409,
        )
    )


def current_link(request: HttpRequest) -> ConsentLink | str:
    """The working link this session opened, or why there is none."""
    held = request.session.get(SESSION_KEY)
    link_id = held.get("link") if isinstance(held, dict) else None
    if not isinstance(link_id, int):
        return "none"
    link = (
        ConsentLink.objects.select_related("complaint__person", "complaint__representative")
        .filter(pk=link_id)
        .first()
    )
    state = consent.link_state(link)
    if link is None or state != "ok":
        request.session.pop(SESSION_KEY, None)
        return state
    return link


def with_link(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run ``view(request, link)`` for a session tied to a working link whose complaint still
    waits for an answer; otherwise the page that says what is wrong."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        link = current_link(request)
        if isinstance(link, str):
            return problem(request, link)
        refusals = consent.waiting_refusals(link.complaint)
        if refusals:
            return not_needed(request, refusals)
        return private(view(request, link, *args, **kwargs))

    return never_cache(wrapper)


def seen(request: HttpRequest, link: ConsentLink) -> None:
    audit.record_view(actor=consent.actor_for(link), complaint=link.complaint, path=request.path)


def answered(request: HttpRequest, link: ConsentLink, answer: str) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    complaint: Complaint = link.complaint
    request.session[DONE_KEY] = {
        "answer": answer,
        "reference": complaint.reference,
        "representative": complaint.representative.full_name if complaint.representative else "",
    }
    return redirect("portal:consent-done")


def refused_or_used(request: HttpRequest, link: ConsentLink, exc: Exception) -> HttpResponse:
    """Answering did not happen: the link was used or stopped meanwhile, or the case no
    longer waits for consent."""
    if isinstance(exc, ActionRefused):
        return not_needed(request, exc.refusals)
    link.refresh_from_db()
    return problem(request, consent.link_state(link))


# -- opening a link ----------------------------------------------------------------------------
@never_cache
@require_GET
def consent_link(request: HttpRequest, token: str) -> HttpResponse:
    """Check the token, tie this session to its link and go to ``/consent/`` without it."""
    state, link = consent.open_consent_token(token)
    if state != "ok" or link is None:
        if link is not None:  # a real link that no longer works: the case's trail says so
            audit.record(
                actor=consent.actor_for(link),
                action=f"consent-link-{state}",
                complaint=link.complaint,
                obj=link,
                path=reverse("portal:consent-declaration"),
            )
        return problem(request, state)
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"link": link.pk}
    request.session.pop(DONE_KEY, None)
    audit.record(
        actor=consent.actor_for(link),
        action="consent-link-opened",
        complaint=link.complaint,
        obj=link,
        path=reverse("portal:consent-declaration"),
    )
    response = redirect("portal:consent-declaration")
    speak_the_case_language(request, response, link.complaint)
    return private(response, referrer="no-referrer")


# -- the declaration ---------------------------------------------------------------------------
@with_link
@require_http_methods(["GET", "POST"])
def declaration(request: HttpRequest, link: ConsentLink) -> HttpResponse:
    """What they are agreeing to, their full name and "I agree"; or a way to say no."""
    representative = link.complaint.representative
    form = AgreeForm(*posted(request), representative=representative.full_name)
    if request.method == "POST" and form.is_valid():
        try:
            consent.agree(link, signed_name=form.cleaned_data["full_name"], lang=lang())
        except (ActionRefused, consent.AlreadyAnswered) as exc:
            return refused_or_used(request, link, exc)
        return answered(request, link, "agreed")
    if request.method == "GET":
        seen(request, link)
    return render(
        request,
        "portal/consent/declaration.html",
        {"form": form, "declaration": consent.declaration(link.complaint, lang()), "link": link},
    )


@with_link
@require_http_methods(["GET", "POST"])
def decline(request: HttpRequest, link: ConsentLink) -> HttpResponse:
    """Saying no, with an optional reason; only this page's button records it."""
    form = DeclineForm(*posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            consent.decline(link, reason=form.cleaned_data["reason"])
        except (ActionRefused, consent.AlreadyAnswered) as exc:
            return refused_or_used(request, link, exc)
        return answered(request, link, "declined")
    if request.method == "GET":
        seen(request, link)
    return render(
        request,
        "portal/consent/decline.html",
        {"form": form, "declaration": consent.declaration(link.complaint, lang())},
    )


@never_cache
@require_GET
def done(request: HttpRequest) -> HttpResponse:
    """Thank you: what they answered and what happens next."""
    result = request.session.get(DONE_KEY)
    if not isinstance(result, dict):
        return problem(request, "none")
    return private(render(request, "portal/consent/done.html", {"result": result}))
