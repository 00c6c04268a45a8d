"""Staff pages for the outbox ("Sent mail"): every message a person may see, one message with its
text, its HTML and its letter's PDF, and putting a failed message back in the queue. Each view
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
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from putright.cases import audit
from putright.letters import content, selectors, tasks
from putright.letters import outbox as mail
from putright.letters.mailbox import EmlFileBackend
from putright.letters.models import MessageStatus, OutboxMessage

PAGE_SIZE = 50
TRIED_AGAIN = _("The message is back in the queue and will be sent shortly.")
NOT_FAILED = _("Only a message that failed can be sent again.")
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
        flash.success(request, str(TRIED_AGAIN))
    else:
        flash.error(request, str(NOT_FAILED))
    return redirect("letters:message", pk=found.pk)


@login_required
@require_GET
def letter_pdf(request: HttpRequest, pk: int) -> FileResponse:
    """The letter's PDF, made now if the task has not made it yet (a letter to post)."""
    letter = selectors.letter_for(request.user, pk)
    if letter is None:
        raise Http404
    if not letter.pdf:
        mail.ensure_pdf(letter)
    audit.record(
        actor=request.user,
        action="download",
        complaint=letter.complaint,
        obj=letter,
        after={"sha256": letter.sha256},
        path=request.get_full_path(),
    )
    with letter.pdf.open("rb") as stored:
        data = ContentFile(stored.read())
    return FileResponse(
        data,
        as_attachment=True,
        filename=mail.pdf_filename(letter),
        content_type="application/pdf",
    )


def _record_view(request: HttpRequest, found: OutboxMessage) -> None:
    path = request.get_full_path()
    if found.complaint is not None:
        audit.record_view(actor=request.user, complaint=found.complaint, path=path)
    else:
        audit.record(actor=request.user, action="view-mail", obj=found, path=path)
