"""Staff pages: the work queue, the case page, one form per action, recording a complaint, and
document downloads. Views parse, call one selector, action or service, and render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from putright.cases import audit, permissions, rules, selectors, services
from putright.cases import messages as msg
from putright.cases.actions import ACTIONS, ActionRefused, StaleCase
from putright.cases.models import Attachment, Complaint
from putright.cases.uploads import UploadRefused
from putright.staff import presentation
from putright.staff.forms import (
    ActionForm,
    QueueFilterForm,
    RecordComplaintForm,
    form_class_for,
    lang,
)


# -- helpers -----------------------------------------------------------------------------------
def visible_case(request: HttpRequest, pk: int) -> Complaint:
    """The case with everything its pages show; 404 when this person may not see it."""
    complaint = selectors.case_for(request.user, pk)
    if complaint is None:
        raise Http404
    return complaint


# -- the work queue ----------------------------------------------------------------------------
@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    procedures = rules.offered_procedures()
    form = QueueFilterForm(request.GET, procedures=procedures)
    form.is_valid()  # a filter that is not valid is ignored, never an error page
    cleaned: dict[str, Any] = form.cleaned_data
    view = cleaned.get("view") or selectors.default_queue_view(request.user)
    try:
        page_number = int(request.GET.get("page", "1"))
    except ValueError:
        page_number = 1
    filters = selectors.QueueFilters(
        view=view,
        procedure=cleaned.get("procedure") or "",
        stage=cleaned.get("stage") or "",
        status=cleaned.get("status") or "",
        category=cleaned.get("category") or "",
        channel=cleaned.get("channel") or "",
        q=cleaned.get("q") or "",
        page=page_number,
    )
    today = rules.today()
    page = selectors.queue(request.user, filters, today=today)
    rows = presentation.queue_rows(page, today=today, lang=lang())
    query = request.GET.copy()
    query.pop("page", None)
    filter_query = query.copy()
    filter_query.pop("view", None)
    filtered = any(
        getattr(filters, name)
        for name in ("procedure", "stage", "status", "category", "channel", "q")
    )
    return render(
        request,
        "staff/queue.html",
        {
            "form": form,
            "views": [
                {"key": key, "label": label, "current": key == view}
                for key, label in selectors.QUEUE_VIEWS.items()
            ],
            "view": view,
            "view_label": selectors.QUEUE_VIEWS.get(view, ""),
            "page": page,
            "rows": rows,
            "page_items": pagination_items(page),
            "query": query.urlencode(),
            "filter_query": filter_query.urlencode(),
            "filtered": filtered,
            "searching": bool(filters.q.strip()),
            "search_cap": selectors.SEARCH_CAP,
            "can_record": permissions.can_record_complaint(request.user),
        },
    )


def pagination_items(page: Any) -> list[dict[str, Any]]:
    """GOV.UK pagination items: page numbers with ellipses where pages are left out."""
    if page.paginator.num_pages <= 1:
        return []
    items = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if number == page.paginator.ELLIPSIS:
            items.append({"ellipsis": True})
        else:
            items.append({"number": number, "current": number == page.number})
    return items


# -- the case page -----------------------------------------------------------------------------
@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = visible_case(request, pk)
    audit.record_view(actor=request.user, complaint=complaint, path=request.get_full_path())
    page = presentation.case_page(complaint, request.user, today=rules.today(), lang=lang())
    return render(request, "staff/case.html", page)


# -- one form per action -----------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def act(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    action_class = ACTIONS.get(key)
    if action_class is None:
        raise Http404
    complaint = visible_case(request, pk)
    audit.record_view(actor=request.user, complaint=complaint, path=request.get_full_path())
    action = action_class(complaint, request.user)
    form_class = form_class_for(key)
    stale = False
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, action=action)
        if form.is_valid():
            try:
                action.run(form.action_data(), expected_version=form.cleaned_data["version"])
            except StaleCase as exc:
                stale = True
                complaint = visible_case(request, pk)
                action = action_class(complaint, request.user)
                data = request.POST.copy()
                data["version"] = str(complaint.version)
                form = form_class(data, request.FILES, action=action)
                form.is_valid()
                for refusal in exc.refusals:
                    form.add_error(None, refusal.message)
            except ActionRefused as exc:
                add_refusals(form, exc)
            else:
                messages.success(request, str(msg.ACTION_DONE % {"action": action.label}))
                return redirect("staff:detail", pk=pk)
    else:
        refusals = action.check()
        if refusals:
            return render(
                request,
                "staff/action_refused.html",
                {"complaint": complaint, "action": action, "refusals": refusals},
            )
        form = form_class(action=action, initial=initial_from_query(request, form_class))
    return render(
        request,
        "staff/action.html",
        {
            "complaint": complaint,
            "action": action,
            "form": form,
            "stale": stale,
            "intro": action.intro,
            "recent_events": presentation.timeline(
                list(reversed(complaint.events.all()))[:3], action.procedure, lang()
            ),
            "procedure_title": action.procedure.title.get(lang()),
            "stage_title": presentation.stage_title(
                action.procedure, complaint.current_stage, lang()
            ),
            "multipart": any(f.field.widget.needs_multipart_form for f in form),
        },
    )


def add_refusals(form: ActionForm, exc: ActionRefused) -> None:
    """Put each refusal on the field it names, or at the top of the error summary."""
    for refusal in exc.refusals:
        field = refusal.field if refusal.field in form.fields else None
        form.add_error(field, refusal.message)


def initial_from_query(request: HttpRequest, form_class: type[ActionForm]) -> dict[str, Any]:
    """Preselect choices passed in the link, e.g. which remedy to decide."""
    names = set(form_class.base_fields) - {"version"}
    return {k: v for k, v in request.GET.items() if k in names}


# -- recording a complaint ---------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def record_complaint(request: HttpRequest) -> HttpResponse:
    if not permissions.can_record_complaint(request.user):
        raise PermissionDenied
    procedures = rules.offered_procedures()
    if request.method == "POST":
        form = RecordComplaintForm(request.POST, request.FILES, procedures=procedures)
        if form.is_valid():
            try:
                complaint = services.complaint_create(
                    data=new_complaint(form, request.user), actor=request.user
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except UploadRefused as exc:
                form.add_error("document", exc.message)
            else:
                messages.success(
                    request, str(msg.COMPLAINT_RECORDED % {"reference": complaint.reference})
                )
                return redirect("staff:detail", pk=complaint.pk)
    else:
        form = RecordComplaintForm(procedures=procedures)
    return render(request, "staff/record.html", {"form": form})


def new_complaint(form: RecordComplaintForm, user: Any) -> services.NewComplaint:
    data = form.cleaned_data
    representative = None
    if form.has_representative():
        representative = services.RepresentativeDetails(
            full_name=data["rep_full_name"],
            organisation=data["rep_organisation"],
            relationship=data["rep_relationship"],
            email=data["rep_email"],
            phone=data["rep_phone"],
        )
    return services.NewComplaint(
        procedure_id=data["procedure_id"],
        channel=data["channel"],
        received_on=data["received_on"],
        event_on=data.get("event_on"),
        found_out_on=data.get("found_out_on"),
        what_went_wrong=data["what_went_wrong"],
        put_right=data["put_right"],
        categories=form.category_codes(),
        original_reference=data["original_reference"],
        original_handler=data.get("original_handler"),
        scope_answers=form.scope_answers(),
        submission_key=data.get("submission_key") or "",
        person=services.PersonDetails(
            full_name=data["full_name"],
            email=data["email"],
            phone=data["phone"],
            address=data["address"],
            preferred_contact=data["preferred_contact"],
            language=data["language"],
            adjustments=data["adjustments"],
            adjustments_detail=data["adjustments_detail"],
        ),
        representative=representative,
        language=data["language"],
        team=user.team if user.team_id else None,
        files=[data["document"]] if data.get("document") else [],
    )


def add_service_errors(form: RecordComplaintForm, exc: ValidationError) -> None:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for name, messages_ in errors.items():
        field = name if name in form.fields else None
        for message in messages_:
            form.add_error(field, message)


# -- documents ---------------------------------------------------------------------------------
@login_required
@require_GET
def download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Stream a document from storage as a download, after checking the person may see the case."""
    complaint = selectors.complaint_for(request.user, pk)
    if complaint is None:
        raise Http404
    attachment = get_object_or_404(Attachment, pk=attachment_pk, complaint=complaint)
    audit.record(
        actor=request.user,
        action="download",
        complaint=complaint,
        obj=attachment,
        path=request.get_full_path(),
    )
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
