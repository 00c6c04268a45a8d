"""The online complaint's pages: a start page, one page per question, check your answers, and
the confirmation. Each view reads the journey from the session, checks one form or sends the
answers through one service, and renders; which page comes next is ``journey``'s business."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from putright.cases import rules
from putright.cases.models import Complaint
from putright.policy import format_date
from putright.portal.complain import answers, journey, pending, presentation, submit, throttle
from putright.portal.complain import messages as msg
from putright.portal.complain.answers import Journey
from putright.portal.complain.journey import State, Step
from putright.portal.forms import FORMS, CarryOnForm, CheckForm, ScopeForm, StepForm

#: Which page fixes a problem the service reports on a field.
FIELD_STEPS = {
    "procedure_id": "procedure",
    "received_on": "when",
    "event_on": "when",
    "found_out_on": "found-out",
    "late_reason": "late",
    "what_went_wrong": "what-went-wrong",
    "put_right": "put-right",
    "categories": "about",
    "files": "documents",
    "full_name": "name",
    "email": "contact-details",
    "phone": "contact-details",
    "address": "contact-details",
    "preferred_contact": "contact-method",
}


def reader_language() -> str:
    return "cy" if (get_language() or "en").startswith("cy") else "en"


def state_for(current: Journey) -> State:
    """The journey as the rules read it, with the procedure version in force today."""
    offered = [p.id for p in rules.offered_procedures()]
    chosen = current.answers.get("procedure") if len(offered) > 1 else next(iter(offered), None)
    today = rules.today()
    procedure = rules.registry().effective_on(chosen, today) if chosen in offered else None
    return State(
        answers=current.answers,
        files=current.files,
        procedure=procedure,
        offered=offered,
        today=today,
    )


def step_url(step: Step | None, *, change: bool = False) -> str:
    if step is None:
        return reverse("portal:complain-check")
    url = reverse("portal:complain-step", args=[step.slug])
    return f"{url}?change=1" if change else url


def resume(state: State) -> HttpResponseRedirect:
    """Back to the first question still to answer, or to check your answers."""
    return redirect(step_url(journey.first_unanswered(state)))


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """The start page, from the procedures the organisation offers."""
    lang = reader_language()
    procedures = [presentation.procedure_summary(p, lang) for p in rules.offered_procedures()]
    in_progress = Journey.load(request.session) is not None
    return render(
        request,
        "portal/complain/start.html",
        {"procedures": procedures, "in_progress": in_progress},
    )


@never_cache
@require_GET
def begin(request: HttpRequest) -> HttpResponse:
    """Start a complaint (or carry on with the one in progress)."""
    if not rules.offered_procedures():
        return redirect("portal:complain")
    current = Journey.begin(request.session)
    return resume(state_for(current))


def form_for(page: Step, state: State, request: HttpRequest) -> StepForm:
    kwargs: dict[str, Any] = {"state": state, "lang": reader_language()}
    if page.kind == "scope":
        cls: type[StepForm] = ScopeForm
        kwargs["code"] = page.code
    elif page.kind == "not-covered":
        cls = CarryOnForm
        kwargs["code"] = page.code
    else:
        cls = FORMS[page.slug]
    if request.method == "POST":
        return cls(request.POST, request.FILES, **kwargs)
    return cls(**kwargs)


@never_cache
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, slug: str) -> HttpResponse:
    current = Journey.load(request.session)
    if current is None:
        return redirect("portal:complain")
    state = state_for(current)
    page = journey.find(state, slug)
    if page is None:
        raise Http404
    if not journey.may_show(state, page):
        return resume(state)
    change = request.GET.get("change") == "1"
    form = form_for(page, state, request)
    if request.method == "POST":
        done = save_answer(request, current, page, form)
        if done is not None:
            return done
        if not form.errors:  # a file removed or added: show the page again
            return redirect(step_url(page, change=change))
    return render(request, template_for(page), page_context(page, form, state, change))


def save_answer(
    request: HttpRequest, current: Journey, page: Step, form: StepForm
) -> HttpResponse | None:
    """Keep the answer and say where to go next; None to show the page again."""
    action = request.POST.get("action", "continue")
    if page.kind == "upload" and action == "remove":
        remove_file(current, str(request.POST.get("file", "")))
        current.save(request.session)
        return None
    if not form.is_valid():
        return None
    if page.kind == "upload":
        form.keep_uploads(current.files, journey_id=current.id)  # type: ignore[attr-defined]
        if action == "upload":
            current.save(request.session)
            return None
    form.save(current.answers)
    current.save(request.session)
    after = state_for(current)
    if request.GET.get("change") == "1":
        following = journey.first_unanswered(after)
        return redirect(step_url(following, change=following is not None))
    return redirect(step_url(journey.next_after(after, page.slug)))


def remove_file(current: Journey, file_id: str) -> None:
    for note in [f for f in current.files if f.get("id") == file_id]:
        pending.discard(note)
        current.files.remove(note)


def template_for(page: Step) -> str:
    if page.slug == "procedure":
        return "portal/complain/procedure.html"
    if page.kind == "not-covered":
        return "portal/complain/not_covered.html"
    if page.kind == "upload":
        return "portal/complain/upload.html"
    return "portal/complain/question.html"


def page_context(page: Step, form: StepForm, state: State, change: bool) -> dict[str, Any]:
    if change:
        back = reverse("portal:complain-check")
    else:
        earlier = journey.previous(state, page.slug)
        back = step_url(earlier) if earlier else reverse("portal:complain")
    context: dict[str, Any] = {
        "form": form,
        "page": page,
        "back_url": back,
        "change": change,
        "action_url": step_url(page, change=change),
        "fields": [{"field": form[name], "hint": form.hint_for(name)} for name in form.fields],
    }
    if page.kind == "not-covered" and state.procedure is not None:
        exclusion = state.procedure.exclusion(page.code)
        lang = reader_language()
        context["exclusion"] = {
            "title": exclusion.title.get(lang),
            "signposting": exclusion.signposting.get(lang),
        }
    if page.kind == "upload":
        context["kept"] = journey.files_for(state, form.purpose)  # type: ignore[attr-defined]
        context["multiple"] = page.slug == "documents"
    context["intro"] = late_intro(form, state) if page.slug == "late" else form.intro()
    context["label_size"] = "m" if form.page_heading() else ""
    return context


def late_intro(form: StepForm, state: State) -> list[str]:
    last_day = form.last_day()  # type: ignore[attr-defined]
    procedure = state.procedure
    if last_day is None or procedure is None:
        return []
    lang = reader_language()
    return [
        _(
            "Our procedure asks for complaints within %(months)s. The last day for yours was "
            "%(date)s."
        )
        % {
            "months": presentation.months(procedure.time_limit.months, lang),
            "date": format_date(last_day, lang),
        },
        _(
            "You can still complain. Tell us why you did not complain sooner and we will decide "
            "whether to look at it."
        ),
    ]


@never_cache
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    current = Journey.load(request.session)
    if current is None:
        if answers.sent(request.session) is not None:  # sent already: a refresh or a double click
            return redirect("portal:complain-sent")
        return redirect("portal:complain")
    state = state_for(current)
    if not journey.is_complete(state):
        return resume(state)
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        form = CheckForm(request.POST)
        if form.is_robot():
            return render(request, "portal/complain/not_sent.html", status=400)
        if not throttle.allow_submission(request):
            response = render(request, "portal/complain/try_later.html", status=429)
            response["Retry-After"] = str(int(throttle.WINDOW.total_seconds()))
            return response
        try:
            complaint = submit.send(current, state, today=rules.today())
        except ValidationError as exc:
            errors = service_errors(exc)
        except submit.FileGone as gone:
            current.files = [f for f in current.files if f.get("id") != gone.note.get("id")]
            current.answers.pop("documents_done", None)
            current.save(request.session)
            errors = [
                {
                    "message": str(msg.FILE_GONE % {"name": gone.note.get("name", "")}),
                    "url": step_url(journey.find(state, "documents"), change=True),
                }
            ]
        else:
            current.finish(
                request.session, complaint_id=complaint.pk, reference=complaint.reference
            )
            return redirect("portal:complain-sent")
    lang = reader_language()
    return render(
        request,
        "portal/complain/check.html",
        {
            "sections": presentation.check_sections(state, lang),
            "errors": errors,
            "back_url": step_url(journey.asked(state)[-1]),
        },
    )


def service_errors(exc: ValidationError) -> list[dict[str, str]]:
    """The service's refusals, each linking to the page where it can be put right."""
    out = []
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
    for name, messages in by_field.items():
        target = FIELD_STEPS.get(name)
        url = reverse("portal:complain-step", args=[target]) + "?change=1" if target else ""
        out.extend({"message": str(message), "url": url} for message in messages)
    return out


@never_cache
@require_GET
def sent(request: HttpRequest) -> HttpResponse:
    done = answers.sent(request.session)
    if done is None:
        return redirect("portal:complain")
    complaint = (
        Complaint.objects.select_related("person", "representative")
        .filter(pk=done["complaint"])
        .first()
    )
    if complaint is None:
        raise Http404
    return render(
        request,
        "portal/complain/sent.html",
        {
            "complaint": complaint,
            "confirmation": presentation.confirmation(complaint, reader_language()),
        },
    )
