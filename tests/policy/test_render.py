"""A procedure renders as a readable page in English and Welsh."""

from __future__ import annotations

from putright.policy.render import render_procedure


def test_two_stage_review_page_in_english(two_stage):
    page = render_procedure(two_stage)
    assert page.startswith("# Complaining about a service we have provided\n")
    assert "Tell us within 3 months of the event or outcome you are complaining about." in page
    assert "- what you think we should do to put it right" in page
    assert "### 1. Stage 1 review" in page
    assert "We aim to respond within 30 working days of receiving your complaint." in page
    assert "you can ask for the next stage within 1 month of our response." in page
    assert "We aim to respond within 20 working days of your asking for this stage." in page
    assert "- Was it sufficiently thorough and fair?" in page
    assert "Phone: 0345 015 4033" in page
    assert "Email: phso.enquiries@ombudsman.org.uk" in page
    assert "We need the person’s written consent" in page


def test_service_complaint_page_in_welsh(service):
    page = render_procedure(service, "cy")
    assert page.startswith("# Trefn cwynion am wasanaeth\n")
    assert "Dywedwch wrthym o fewn 1 mis i’r digwyddiad, neu i chi ddod i wybod" in page
    assert "Byddwn ni’n cydnabod eich cwyn o fewn 5 diwrnod gwaith." in page
    assert "Gellir ymestyn hyn" in page
    assert "Ffôn" not in page  # no ombudsman to signpost
    assert "Nid oes hawl i apelio" in page


def test_service_complaint_page_in_english(service):
    page = render_procedure(service, "en")
    assert "whichever is later" in page
    assert "This can be extended; if it is, we tell you the reason and the new date." in page
    assert "## What this procedure does not cover" in page
    assert "- A request for information." in page


def test_a_procedure_without_optional_parts_renders(service):
    from dataclasses import replace

    bare = replace(service, required_fields=(), exclusions=(), consent_required=False)
    page = render_procedure(bare)
    assert "## What to tell us" not in page
    assert "## What this procedure does not cover" not in page
    assert "written consent" not in page
