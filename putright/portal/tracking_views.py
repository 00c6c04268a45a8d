"""The tracking pages: follow a complaint through a link, with no account (ADR 0013).

Opening ``/track/<token>/`` checks the token, ties this browser's session to the link, and
redirects to ``/track/``, so the token leaves the address bar and never travels in a Referer.
Every later page checks the link again (a revoked or expired link stops at once), writes a view
to the audit trail, and acts through the case actions as ``Complainant(complaint_id)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from putright.cases import audit, services
from putright.cases.actions import ACTIONS, ActionRefused
from putright.cases.actions.base import Refusal
from putright.cases.actors import Complainant
from putright.cases.models import Complaint
from putright.portal import tracking, tracking_limits, tracking_page
from putright.portal import tracking_messages as tm
from putright.portal.models import Recipient, TrackingToken
from putright.portal.tracking_forms import (
    AddInformationForm,
    ContactForm,
    EscalateForm,
    FeedbackForm,
    LateEscalateForm,
    NewLinkForm,
    WithdrawForm,
)
from putright.portal.tracking_tasks import send_tracking_link

#: Where this browser's session keeps which link it opened (the link's id, never the token).
SESSION_KEY = "putright_tracking"
#: The reason typed on the first withdrawal page, kept until it is confirmed.
WITHDRAW_REASON_KEY = "putright_tracking_withdraw_reason"
#: What was just done, for the banner on the tracking page.
DONE_KEY = "putright_tracking_done"

#: The status each kind of link problem answers with.
PROBLEM_STATUS = {"invalid": 404, "expired": 410, "revoked": 410, "none": 403}


def posted(request: HttpRequest, *, files: bool = False) -> tuple[Any, ...]:
    """A form's data: what was posted (even nothing at all), or none for a GET."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


def lang() -> str:
    return "cy" if (get_language() or "en").startswith("cy") else "en"


def private(response: HttpResponse, *, referrer: str = "same-origin") -> HttpResponse:
    """Tracking pages are one person's: never cached, never indexed, and never named in a
    Referer to another site. (``no-referrer`` on a page with a form would make browsers send
    ``Origin: null`` with it, which the CSRF check rightly refuses.)"""
    response["Referrer-Policy"] = referrer
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-store, private"
    return response


@dataclass(frozen=True)
class Visit:
    """Someone following a complaint through a link that works."""

    complaint: Complaint
    link: TrackingToken
    actor: Complainant

    @property
    def sees(self) -> bool:
        return tracking_page.sees_case(self.complaint, self.link)

    @property
    def representative(self) -> bool:
        return self.link.recipient == Recipient.REPRESENTATIVE


def load_complaint(pk: int) -> Complaint:
    """The case with what the tracking pages read, in a fixed number of queries."""
    return (
        Complaint.objects.select_related("person", "representative")
        .prefetch_related("stages", "events", "consents")
        .get(pk=pk)
    )


def current_visit(request: HttpRequest) -> Visit | str:
    """The visit this session is on, or why there is none ("none", "expired", "revoked")."""
    held = request.session.get(SESSION_KEY)
    link_id = held.get("link") if isinstance(held, dict) else None
    if not isinstance(link_id, int):
        return "none"
    link = TrackingToken.objects.filter(pk=link_id).first()
    state = tracking.link_state(link)
    if link is None or state != "ok":
        request.session.pop(SESSION_KEY, None)
        return "invalid" if link is None else state
    return Visit(load_complaint(link.complaint_id), link, tracking.actor_for(link))


TrackedView = Callable[..., HttpResponse]


def tracked(view: TrackedView) -> Callable[..., HttpResponse]:
    """Run ``view(request, visit, ...)`` for a session tied to a working link; otherwise show
    the page that says what is wrong with the link and how to get a new one."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        visit = current_visit(request)
        if isinstance(visit, str):
            return link_problem(request, visit)
        return private(view(request, visit, *args, **kwargs))

    return never_cache(wrapper)


def link_problem(request: HttpRequest, state: str) -> HttpResponse:
    return private(
        render(
            request,
            "portal/track/link_problem.html",
            {"state": state},
            status=PROBLEM_STATUS.get(state, 404),
        )
    )


def seen(request: HttpRequest, visit: Visit) -> None:
    """Every page that shows the case is a view on the audit trail."""
    audit.record_view(actor=visit.actor, complaint=visit.complaint, path=request.path)


def done(request: HttpRequest, title: Any, body: Any = "") -> None:
    """The success banner the tracking page shows once, after an action."""
    request.session[DONE_KEY] = {"title": str(title), "body": str(body)}


def add_refusals(form: Any, exc: ActionRefused, fields: dict[str, str] | None = None) -> None:
    """Each refusal on the form field it names (renamed through ``fields``), else at the top."""
    for refusal in exc.refusals:
        name = (fields or {}).get(refusal.field or "", refusal.field)
        form.add_error(name if name in form.fields else None, refusal.message)


def refused(request: HttpRequest, visit: Visit, reasons: list[Refusal]) -> HttpResponse:
    """The page for an action this case does not allow now."""
    seen(request, visit)
    return render(
        request,
        "portal/track/refused.html",
        {"refusals": [r for r in reasons if str(r.message)], "complaint": visit.complaint},
        status=409,
    )


# -- opening a link ----------------------------------------------------------------------------
@never_cache
@require_GET
def track_link(request: HttpRequest, token: str) -> HttpResponse:
    """Check the token, tie this session to its link and go to ``/track/`` without it."""
    opened = tracking.open_token(token)
    link = opened.link
    if opened.state != "ok" or link is None:
        if link is not None:  # a real link that no longer works: the case's trail says so
            audit.record(
                actor=tracking.actor_for(link),
                action=f"tracking-link-{opened.state}",
                complaint=link.complaint,
                obj=link,
                path=reverse("portal:track"),
            )
        return link_problem(request, opened.state)
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"link": link.pk}
    request.session.pop(WITHDRAW_REASON_KEY, None)
    tracking.mark_used(link)
    audit.record(
        actor=tracking.actor_for(link),
        action="tracking-link-opened",
        complaint=link.complaint,
        obj=link,
        path=reverse("portal:track"),
    )
    response = redirect("portal:track")
    speak_the_case_language(request, response, link.complaint)
    return private(response, referrer="no-referrer")


def speak_the_case_language(
    request: HttpRequest, response: HttpResponse, complaint: Complaint
) -> None:
    """Someone who has chosen no language yet reads the pages in the language of the case."""
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            complaint.language,
            max_age=365 * 24 * 60 * 60,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=True,
        )


@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    """Stop showing the complaint in this browser (a shared computer, say)."""
    request.session.pop(SESSION_KEY, None)
    request.session.pop(WITHDRAW_REASON_KEY, None)
    return private(render(request, "portal/track/left.html"))


# -- the tracking page -------------------------------------------------------------------------
@tracked
@require_GET
def track(request: HttpRequest, visit: Visit) -> HttpResponse:
    seen(request, visit)
    page = tracking_page.track_page(visit.complaint, visit.link, visit.actor, lang=lang())
    banner = request.session.pop(DONE_KEY, None)
    return render(
        request,
        "portal/track/page.html",
        {"page": page, "visit": visit, "banner": banner if isinstance(banner, dict) else None},
    )


# -- send me a new link ------------------------------------------------------------------------
@never_cache
@require_http_methods(["GET", "POST"])
def new_link(request: HttpRequest) -> HttpResponse:
    """Ask for a new link by email address and reference. The answer is the same whether or
    not they match a complaint; requests are limited by address and by email address."""
    form = NewLinkForm(*posted(request))
    if request.method == "POST":
        ip_ok = tracking_limits.allowed(
            tracking_limits.new_link_limit("ip"), get_client_ip_address(request) or "unknown"
        )
        if form.is_valid():
            email_ok = tracking_limits.allowed(
                tracking_limits.new_link_limit("email"), form.cleaned_data["email"]
            )
            if not (ip_ok and email_ok):
                return private(render(request, "portal/track/too_many.html", status=429))
            match = tracking.complaint_for_link_request(
                form.cleaned_data["reference"], form.cleaned_data["email"]
            )
            if match is not None:
                complaint, recipient = match
                base = settings.PUTRIGHT_BASE_URL or request.build_absolute_uri("/")
                transaction.on_commit(
                    lambda: send_tracking_link.enqueue(complaint.pk, recipient, lang(), base)
                )
            return redirect("portal:track-new-link-sent")
        if not ip_ok:
            return private(render(request, "portal/track/too_many.html", status=429))
    return private(render(request, "portal/track/new_link.html", {"form": form}))


@never_cache
@require_GET
def new_link_sent(request: HttpRequest) -> HttpResponse:
    return private(render(request, "portal/track/new_link_sent.html"))


# -- adding information ------------------------------------------------------------------------
@tracked
@require_http_methods(["GET", "POST"])
def add_information(request: HttpRequest, visit: Visit) -> HttpResponse:
    action = ACTIONS["add-information"](visit.complaint, visit.actor)
    reasons = action.check()
    if reasons:
        return refused(request, visit, reasons)
    form = AddInformationForm(*posted(request, files=True))
    if request.method == "POST":
        if form.is_valid():
            data = {"text": form.cleaned_data["text"], "files": tuple(form.cleaned_data["files"])}
            try:
                action.run(data)
            except ActionRefused as exc:
                add_refusals(form, exc)
            else:
                done(request, tm.INFORMATION_ADDED, tm.INFORMATION_ADDED_BODY)
                return redirect("portal:track")
    else:
        seen(request, visit)
    return render(request, "portal/track/add_information.html", {"form": form, "visit": visit})


# -- how we contact you ------------------------------------------------------------------------
@tracked
@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest, visit: Visit) -> HttpResponse:
    complaint = visit.complaint
    holder = complaint.representative if visit.representative else complaint.person
    if holder is None:
        raise Http404
    initial = {
        "preferred_contact": complaint.person.preferred_contact,
        "email": holder.email,
        "phone": holder.phone,
        "language": complaint.language,
    }
    form = ContactForm(*posted(request), initial=initial, representative=visit.representative)
    if request.method == "POST":
        if form.is_valid():
            before = complaint.version
            try:
                changed = services.contact_preferences_update(
                    complaint=complaint,
                    actor=visit.actor,
                    preferred_contact=form.cleaned_data.get("preferred_contact", ""),
                    email=form.cleaned_data["email"],
                    phone=form.cleaned_data["phone"],
                    language=form.cleaned_data["language"],
                    representative=visit.representative,
                )
            except ValidationError as exc:
                for name, problems in exc.message_dict.items():
                    for problem in problems:
                        form.add_error(name if name in form.fields else None, problem)
            else:
                if changed.version == before:
                    done(request, tm.NOTHING_CHANGED)
                else:
                    done(request, tm.CONTACT_CHANGED)
                return redirect("portal:track")
    else:
        seen(request, visit)
    return render(
        request,
        "portal/track/contact.html",
        {"form": form, "visit": visit, "has_address": bool(holder.address.strip())},
    )


# -- withdrawing -------------------------------------------------------------------------------
@tracked
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, visit: Visit) -> HttpResponse:
    """First step: what withdrawing means, and an optional reason."""
    reasons = ACTIONS["withdraw"](visit.complaint, visit.actor).check()
    if reasons:
        return refused(request, visit, reasons)
    initial = {"reason": request.session.get(WITHDRAW_REASON_KEY, "")}
    form = WithdrawForm(*posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        request.session[WITHDRAW_REASON_KEY] = form.cleaned_data["reason"]
        return redirect("portal:track-withdraw-confirm")
    if request.method == "GET":
        seen(request, visit)
    return render(request, "portal/track/withdraw.html", {"form": form, "visit": visit})


@tracked
@require_http_methods(["GET", "POST"])
def withdraw_confirm(request: HttpRequest, visit: Visit) -> HttpResponse:
    """Second step: are you sure? Only this page's button withdraws the complaint."""
    action = ACTIONS["withdraw"](visit.complaint, visit.actor)
    reasons = action.check()
    if reasons:
        return refused(request, visit, reasons)
    reason = request.session.get(WITHDRAW_REASON_KEY, "")
    problems: list[Refusal] = []
    if request.method == "POST":
        try:
            action.run({"confirm": True, "reason": reason if isinstance(reason, str) else ""})
        except ActionRefused as exc:
            problems = exc.refusals
        else:
            request.session.pop(WITHDRAW_REASON_KEY, None)
            done(request, tm.WITHDRAWN, tm.WITHDRAWN_BODY)
            return redirect("portal:track")
    else:
        seen(request, visit)
    return render(
        request,
        "portal/track/withdraw_confirm.html",
        {"visit": visit, "reason": reason, "problems": problems},
    )


# -- I'm still unhappy -------------------------------------------------------------------------
@tracked
@require_http_methods(["GET", "POST"])
def escalate(request: HttpRequest, visit: Visit) -> HttpResponse:
    """Ask for the next stage: in time (reasons optional), late (saying why), or, after a
    final response, what remains."""
    options = tracking_page.escalation(visit.complaint, visit.actor, lang=lang())
    if not visit.sees:
        options = tracking_page.Escalation("not-yet")
    form: EscalateForm | LateEscalateForm | None = None
    if options.branch == "in-time":
        form = EscalateForm(*posted(request))
    elif options.branch == "late":
        form = LateEscalateForm(*posted(request), last_day=options.last_day)
    if request.method == "POST" and form is not None:
        if form.is_valid():
            data = {
                "reason": form.cleaned_data.get("reason", ""),
                "late_reason": form.cleaned_data.get("late_reason", ""),
            }
            try:
                ACTIONS["escalate"](visit.complaint, visit.actor).run(data)
            except ActionRefused as exc:
                add_refusals(form, exc)
            else:
                done(
                    request,
                    tm.ESCALATED % {"stage": options.next_stage},
                    tm.ESCALATED_BODY,
                )
                return redirect("portal:track")
    elif request.method == "POST":
        return redirect("portal:track-escalate")
    else:
        seen(request, visit)
    return render(
        request,
        "portal/track/escalate.html",
        {"options": options, "form": form, "visit": visit},
    )


# -- feedback ----------------------------------------------------------------------------------
@tracked
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, visit: Visit) -> HttpResponse:
    """GOV.UK's feedback question, once, after the final response."""
    page = tracking_page.track_page(visit.complaint, visit.link, visit.actor, lang=lang())
    if not page.feedback_due:
        return redirect("portal:track")
    form = FeedbackForm(*posted(request))
    if request.method == "POST" and form.is_valid():
        tracking.feedback_give(
            complaint=visit.complaint,
            actor=visit.actor,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
            language=lang(),
        )
        done(request, tm.FEEDBACK_THANKS)
        return redirect("portal:track")
    if request.method == "GET":
        seen(request, visit)
    return render(request, "portal/track/feedback.html", {"form": form, "visit": visit})


# -- downloads ---------------------------------------------------------------------------------
@tracked
@require_GET
def letter(request: HttpRequest, visit: Visit, pk: int) -> FileResponse:
    """A letter we sent about this case, as its PDF: only to someone following this case, and
    only a letter they may read."""
    if not tracking_page.letters_installed():
        raise Http404
    chosen = tracking_page.sent_letters(visit.complaint, sees=visit.sees).filter(pk=pk).first()
    if chosen is None:
        raise Http404
    audit.record(
        actor=visit.actor,
        action="download",
        complaint=visit.complaint,
        obj=chosen,
        path=request.path,
    )
    return FileResponse(
        chosen.pdf.open("rb"),
        as_attachment=True,
        filename=f"{visit.complaint.reference}-{chosen.kind}.pdf",
        content_type="application/pdf",
    )


@tracked
@require_GET
def document(request: HttpRequest, visit: Visit, pk: int) -> FileResponse:
    """A document sent from the complainant's side; never one staff added."""
    chosen = tracking_page.their_documents(visit.complaint, sees=visit.sees).filter(pk=pk).first()
    if chosen is None:
        raise Http404
    audit.record(
        actor=visit.actor,
        action="download",
        complaint=visit.complaint,
        obj=chosen,
        path=request.path,
    )
    return FileResponse(
        chosen.file.open("rb"),
        as_attachment=True,
        filename=chosen.original_name,
        content_type=chosen.content_type,
    )
