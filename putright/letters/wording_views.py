"""Administrators' pages for how the organisation words each letter (ADR 0019): which version of
its wording each letter uses, a new version with a preview against a real case in Welsh and
English, and each wording's history with any older version to use again. Only administrators
reach them; every save is audited, and every preview of a case is recorded as a view of it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from putright.cases import audit
from putright.letters import messages as msg
from putright.letters import presentation, selectors, services
from putright.letters.forms import WordingForm
from putright.letters.kinds import LetterKind
from putright.letters.models import LetterWording
from putright.letters.wording import LANGUAGES, current_version, placeholders_for


def _only_administrators(request: HttpRequest) -> None:
    if not services.may_edit_wording(request.user):
        raise PermissionDenied


def _kind(kind: str) -> LetterKind:
    if kind not in LetterKind.values:
        raise Http404
    return LetterKind(kind)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    _only_administrators(request)
    rows = [
        {"kind": kind, "versions": [current_version(kind, lang) for lang in LANGUAGES]}
        for kind in LetterKind
    ]
    return render(request, "letters/wording/index.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, kind: str) -> HttpResponse:
    """Change a letter's wording. "Preview" shows the letter the typed wording would make for
    a case, without saving; "Save as a new version" saves it, for new letters."""
    _only_administrators(request)
    letter_kind = _kind(kind)
    current = {lang: current_version(kind, lang) for lang in LANGUAGES}
    recent = selectors.recent_cases(request.user)
    context: dict[str, Any] = {}
    if request.method == "GET":
        form = WordingForm(kind=kind, current=current, recent=recent)
        return _edit_page(request, letter_kind, form, current, context)
    form = WordingForm(request.POST, kind=kind, current=current, recent=recent)
    if not form.is_valid():
        return _edit_page(request, letter_kind, form, current, context)
    if request.POST.get("action") == "preview":
        context = _preview(request, form, kind)
        return _edit_page(request, letter_kind, form, current, context)
    try:
        saved = services.wording_save(
            kind=kind,
            texts=form.texts(),
            expected=form.expected(),
            note=form.cleaned_data["note"],
            actor=request.user,
            path=request.get_full_path(),
        )
    except services.StaleWording as exc:
        current = {lang: current_version(kind, lang) for lang in LANGUAGES}
        data = request.POST.copy()
        for lang in LANGUAGES:
            data[f"{lang}_version"] = str(current[lang].number)
        form = WordingForm(data, kind=kind, current=current, recent=recent)
        form.is_valid()
        _add_errors(form, exc)
        return _edit_page(request, letter_kind, form, current, context)
    except services.LetterRefused as exc:
        _add_errors(form, exc)
        return _edit_page(request, letter_kind, form, current, context)
    if saved:
        numbers = ", ".join(f"{v.number} ({v.get_language_display()})" for v in saved)
        flash.success(request, str(msg.WORDING_SAVED % {"versions": numbers}))
    else:
        flash.success(request, str(msg.WORDING_UNCHANGED))
    return redirect("letters-wording:edit", kind=kind)


def _preview(request: HttpRequest, form: WordingForm, kind: str) -> dict[str, Any]:
    """The letter the typed wording makes for the chosen case, or the errors that stop it."""
    errors = services.wording_errors(kind, form.texts())
    if errors:
        _add_errors(form, services.LetterRefused(errors))
        return {}
    reference = form.cleaned_data.get("reference") or ""
    chosen = form.cleaned_data.get("recent")
    if not reference.strip() and chosen is None:
        form.add_error("reference", str(msg.PREVIEW_CHOOSE_CASE))
        return {}
    complaint = selectors.preview_case(request.user, reference=reference, pk=chosen)
    if complaint is None:
        form.add_error("reference" if reference.strip() else "recent", msg.PREVIEW_CASE_UNKNOWN)
        return {}
    audit.record_view(actor=request.user, complaint=complaint, path=request.get_full_path())
    rendered = services.wording_preview(kind, form.texts(), complaint)
    return {
        "previewed": complaint,
        "preview_subject": rendered.subject,
        "preview": presentation.preview_sections(rendered.html),
    }


def _add_errors(form: WordingForm, exc: services.LetterRefused) -> None:
    for field, errors in exc.errors.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def _edit_page(
    request: HttpRequest,
    kind: LetterKind,
    form: WordingForm,
    current: dict[str, LetterWording],
    context: dict[str, Any],
) -> HttpResponse:
    return render(
        request,
        "letters/wording/edit.html",
        {
            "kind": kind,
            "form": form,
            "languages": form.language_fields(),
            "current": [current[lang] for lang in LANGUAGES],
            "placeholders": [
                {"name": "{" + name + "}", "meaning": meaning}
                for name, meaning in placeholders_for(kind).items()
            ],
            **context,
        },
    )


@login_required
@require_GET
def history(request: HttpRequest, kind: str) -> HttpResponse:
    _only_administrators(request)
    letter_kind = _kind(kind)
    languages = []
    for lang in LANGUAGES:
        in_use = current_version(kind, lang)
        versions = LetterWording.objects.filter(kind=kind, language=lang).select_related(
            "created_by"
        )
        languages.append(
            {
                "lang": lang,
                "name": in_use.get_language_display(),
                "in_use": in_use,
                "versions": versions.order_by("-number"),
            }
        )
    return render(
        request, "letters/wording/history.html", {"kind": letter_kind, "languages": languages}
    )


@login_required
@require_POST
def restore(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Use an older version again: it is saved as the newest version."""
    _only_administrators(request)
    _kind(kind)
    older = get_object_or_404(LetterWording, pk=pk, kind=kind)
    try:
        version = services.wording_restore(
            version_id=older.pk, actor=request.user, path=request.get_full_path()
        )
    except services.LetterRefused as exc:  # saved by someone else at the same moment
        for problems in exc.errors.values():
            for problem in problems:
                flash.error(request, str(problem))
        return redirect("letters-wording:history", kind=kind)
    if version is None:
        flash.success(request, str(msg.WORDING_UNCHANGED))
    else:
        flash.success(
            request, str(msg.WORDING_RESTORED % {"old": older.number, "new": version.number})
        )
    return redirect("letters-wording:history", kind=kind)
