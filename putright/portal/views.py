"""Public pages generated from the procedures the organisation offers."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from putright.cases.rules import offered_procedures
from putright.policy.render import render_procedure
from putright.portal.procedure_page import blocks


@require_GET
def procedures(request: HttpRequest) -> HttpResponse:
    lang = "cy" if (get_language() or "en").startswith("cy") else "en"
    offered = offered_procedures()
    if len(offered) == 1:
        return procedure(request, offered[0].id)
    return render(
        request,
        "portal/procedures.html",
        {"procedures": [(p.id, p.title.get(lang), p.summary.get(lang)) for p in offered]},
    )


@require_GET
def procedure(request: HttpRequest, procedure_id: str) -> HttpResponse:
    lang = "cy" if (get_language() or "en").startswith("cy") else "en"
    chosen = next((p for p in offered_procedures() if p.id == procedure_id), None)
    if chosen is None:
        raise Http404
    page = blocks(render_procedure(chosen, lang))
    title = page[0].text if page and page[0].kind == "h1" else chosen.title.get(lang)
    body = page[1:] if page and page[0].kind == "h1" else page
    return render(request, "portal/procedure.html", {"title": title, "blocks": body})
