"""Staff pages for letters: the outbox ("Sent mail"), every message a person may see, one message
with its text, its HTML and its letter's PDF, and putting a failed message back in the queue;
the letters waiting to be checked, and one draft to check, edit and send (ADR 0019). Each view
checks who may see the case and writes the audit trail."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from putright.cases import audit
from putright.letters import content, presentation, selectors, services, tasks
from putright.letters import messages as msg
from putright.letters import outbox as mail
from putright.letters.forms import DraftForm
from putright.letters.mailbox import EmlFileBackend
from putright.letters.models import Letter, MessageStatus, OutboxMessage

PAGE_SIZE = 50
#: The HTML email is shown on its own, with nothing it may load or run.
HTML_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)


def mail_kept_here() -> str:
    """Where development mail is written when no mail server is configured, or ""."""
    if f"{EmlFileBackend.__module__}.{EmlFileBackend.__name__}" == settings.EMAIL_BACKEND:
        return str(settings.EMAIL_FILE_PATH)
    return ""


@login_required
@require_GET
def outbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    messages = selectors.visible_messages(request.user, status=status)
    page = Paginator(messages, PAGE_SIZE).get_page(request.GET.get("page"))
    audit.record(
        actor=request.user,
        action="view-outbox",
        after={"status": status, "page": page.number},
        path=request.get_full_path(),
    )
    return render(
        request,
        "letters/staff/outbox.html",
        {
            "page": page,
            "status": status if status in selectors.STATUSES else "",
            "statuses": [(s.value, s.label) for s in MessageStatus],
            "mail_directory": mail_kept_here(),
        },
    )


@login_required
@require_GET
def message(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.message_for(request.user, pk)
    if found is None:
        raise Http404
    _record_view(request, found)
    return render(
        request,
        "letters/staff/message.html",
        {
            "message": found,
            "text": content.for_staff(found.text),
            "letter": found.letter,
            "can_try_again": found.status == MessageStatus.FAILED
            and selectors.may_act(request.user, found.complaint),
        },
    )


@login_required
@require_GET
def message_html(request: HttpRequest, pk: int) -> HttpResponse:
    """The HTML email exactly as sent, under a policy that lets it load and run nothing."""
    found = selectors.message_for(request.user, pk)
    if found is None:
        raise Http404
    _record_view(request, found)
    response = HttpResponse(content.for_staff(found.html), content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = HTML_POLICY
    return response


@login_required
@require_POST
def try_again(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.message_for(request.user, pk)
    if found is None:
        raise Http404
    if not selectors.may_act(request.user, found.complaint):
        raise PermissionDenied
    if mail.try_again(found, actor=request.user):
        tasks.enqueue_message(found.pk)
        flash.success(request, str(msg.TRIED_AGAIN))
    else:
        flash.error(request, str(msg.NOT_FAILED))
    return redirect("letters:message", pk=found.pk)


@login_required
@require_GET
def letter_pdf(request: HttpRequest, pk: int) -> FileResponse:
    """The letter's PDF, made now if the task has not made it yet (a letter to post). A draft's
    PDF is made each time and never kept: its words may still change."""
    letter = selectors.letter_for(request.user, pk)
    if letter is None:
        raise Http404
    if letter.is_draft:
        data = ContentFile(services.draft_pdf(letter))
        filename = mail.pdf_filename(letter).replace(".pdf", "-draft.pdf")
    else:
        if not letter.pdf:
            mail.ensure_pdf(letter)
        with letter.pdf.open("rb") as stored:
            data = ContentFile(stored.read())
        filename = mail.pdf_filename(letter)
    audit.record(
        actor=request.user,
        action="download",
        complaint=letter.complaint,
        obj=letter,
        after={"sha256": letter.sha256, "draft": letter.is_draft},
        path=request.get_full_path(),
    )
    return FileResponse(data, as_attachment=True, filename=filename, content_type="application/pdf")


@login_required
@require_GET
def letter_html(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter as the complainant gets it (a draft: as they would), under a policy that lets
    it load and run nothing."""
    letter = selectors.letter_for(request.user, pk)
    if letter is None:
        raise Http404
    audit.record_view(actor=request.user, complaint=letter.complaint, path=request.get_full_path())
    response = HttpResponse(content.for_staff(letter.html), content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = HTML_POLICY
    return response


# -- drafts ------------------------------------------------------------------------------------
@login_required
@require_GET
def drafts(request: HttpRequest) -> HttpResponse:
    """Every letter waiting to be checked and sent on the cases this person may see."""
    waiting = selectors.visible_drafts(request.user)
    page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
    audit.record(
        actor=request.user,
        action="view-drafts",
        after={"page": page.number},
        path=request.get_full_path(),
    )
    return render(request, "letters/staff/drafts.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    """One letter to check: read it as the complainant will get it, change its words, send it.
    "Send letter" with words changed since the page was shown saves them and shows the letter
    again instead, so nobody sends words they have not seen in the letter."""
    letter = selectors.letter_for(request.user, pk)
    if letter is None:
        raise Http404
    audit.record_view(actor=request.user, complaint=letter.complaint, path=request.get_full_path())
    can_act = services.may_act(request.user, letter)
    if request.method == "GET" or not letter.is_draft:
        if request.method == "POST":
            flash.error(request, str(msg.DRAFT_NOT_A_DRAFT))
            return redirect("letters:draft", pk=pk)
        return _draft_page(request, letter, DraftForm(letter=letter) if can_act else None)
    if not can_act:
        raise PermissionDenied
    form = DraftForm(request.POST, letter=letter)
    if not form.is_valid():
        return _draft_page(request, letter, form)
    sending = request.POST.get("action") == "send"
    path = request.get_full_path()
    try:
        version = form.cleaned_data["version"]
        edited = services.draft_update(
            letter_id=letter.pk,
            actor=request.user,
            expected_version=version,
            words=form.words(),
            path=path,
        )
        if sending and not edited.changed:
            sent = services.draft_send(
                letter_id=letter.pk, actor=request.user, expected_version=version, path=path
            )
            flash.success(request, str(services.sent_message(sent)))
            return redirect("staff:detail", pk=sent.complaint_id)
    except services.StaleLetter as exc:
        return _stale(request, letter, exc)
    except services.LetterRefused as exc:
        _add_errors(form, exc)
        return _draft_page(request, letter, form)
    flash.success(request, str(msg.DRAFT_SAVED if edited.changed else msg.DRAFT_UNCHANGED))
    return redirect("letters:draft", pk=pk)


def _stale(request: HttpRequest, letter: Letter, exc: services.LetterRefused) -> HttpResponse:
    """The letter as it is now, with what this person typed kept in the form."""
    letter = Letter.objects.select_related("complaint").get(pk=letter.pk)
    if not letter.is_draft:
        flash.error(request, str(msg.DRAFT_NOT_A_DRAFT))
        return redirect("letters:draft", pk=letter.pk)
    data = request.POST.copy()
    data["version"] = str(letter.version)
    form = DraftForm(data, letter=letter)
    form.is_valid()
    _add_errors(form, exc)
    return _draft_page(request, letter, form)


def _add_errors(form: DraftForm, exc: services.LetterRefused) -> None:
    for field, errors in exc.errors.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def _draft_page(request: HttpRequest, letter: Letter, form: DraftForm | None) -> HttpResponse:
    return render(
        request,
        "letters/staff/draft.html",
        presentation.draft_page(letter, form),
    )


def _record_view(request: HttpRequest, found: OutboxMessage) -> None:
    path = request.get_full_path()
    if found.complaint is not None:
        audit.record_view(actor=request.user, complaint=found.complaint, path=path)
    else:
        audit.record(actor=request.user, action="view-mail", obj=found, path=path)
