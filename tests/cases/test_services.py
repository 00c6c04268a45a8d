"""Recording a complaint: every problem reported at once, nothing half-saved."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from putright.cases.models import Attachment, Complaint, Person
from putright.cases.services import reserve_references


def test_references_are_sequential_per_year(db):
    assert reserve_references(2026, 2) == ["PR-2026-000001", "PR-2026-000002"]
    assert reserve_references(2026) == ["PR-2026-000003"]
    assert reserve_references(2027) == ["PR-2027-000001"]


def test_every_problem_with_the_dates_is_reported_and_nothing_is_saved(make_complaint):
    with pytest.raises(ValidationError) as invalid:
        make_complaint(
            "two-stage-review",
            received_on=date(2026, 12, 1),
            event_on=date(2026, 12, 5),
            found_out_on=date(2026, 11, 1),
            categories=["not-a-category"],
            what_went_wrong="  ",
        )
    errors = invalid.value.message_dict
    assert set(errors) == {
        "received_on",
        "event_on",
        "found_out_on",
        "categories",
        "what_went_wrong",
    }
    assert "is after today" in errors["received_on"][0]
    assert Complaint.objects.count() == 0
    assert Person.objects.count() == 0


def test_the_procedure_version_is_pinned_when_the_complaint_arrives(make_complaint):
    complaint = make_complaint("service-complaint")
    assert (complaint.procedure_id, complaint.procedure_version) == ("service-complaint", 1)


def test_documents_are_checked_by_content_not_by_name(make_complaint):
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    pdf = SimpleUploadedFile("letter.pdf", buffer.getvalue(), content_type="application/pdf")
    complaint = make_complaint("two-stage-review", files=[pdf])
    attachment = Attachment.objects.get(complaint=complaint)
    assert (attachment.content_type, attachment.original_name) == ("application/pdf", "letter.pdf")
    assert attachment.file.name.endswith(".pdf")
    assert "letter" not in attachment.file.name  # stored under a random name

    disguised = SimpleUploadedFile(
        "photo.png", b"MZ\x90\x00\x03\x00binary", content_type="image/png"
    )
    with pytest.raises(ValidationError) as refused:
        make_complaint("two-stage-review", files=[disguised])
    assert "PDF, JPG, PNG" in refused.value.message_dict["files"][0]
    assert Complaint.objects.count() == 1


def test_the_lifecycle_never_branches_on_a_procedure_id():
    """The lifecycle is driven by the procedure definition, not by `if procedure == ...`."""
    root = Path(__file__).resolve().parents[2] / "putright" / "cases"
    offenders = [
        str(path)
        for path in root.rglob("*.py")
        if "two-stage-review" in path.read_text() or "service-complaint" in path.read_text()
    ]
    assert offenders == []


def test_finding_out_after_the_complaint_arrived_is_refused(make_complaint):
    with pytest.raises(ValidationError) as invalid:
        make_complaint(
            "service-complaint",
            received_on=date(2026, 10, 1),
            event_on=date(2026, 9, 20),
            found_out_on=date(2026, 10, 5),
        )
    assert list(invalid.value.message_dict) == ["found_out_on"]
    assert "is after the complaint was received" in invalid.value.message_dict["found_out_on"][0]


def test_the_domain_never_imports_a_front_door():
    """policy ← cases ← staff, portal, api: nothing in putright/cases imports a front door."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "putright" / "cases"
    front_doors = re.compile(r"^\s*(from|import) putright\.(staff|portal|api|letters|reporting)\b")
    offenders = [
        f"{path.relative_to(root)}:{n}"
        for path in root.rglob("*.py")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if front_doors.match(line)
    ]
    assert offenders == []
