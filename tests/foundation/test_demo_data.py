"""Demo data: one login per role, a realistic spread, and no duplicates when run again."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from putright.accounts.models import Role, StaffUser
from putright.cases.models import Complaint, StageInstance, Status


@pytest.mark.django_db
def test_demo_data_loads_a_spread_and_is_not_duplicated_when_run_again():
    out = StringIO()
    call_command("demo-data", "--complaints", "400", "--if-empty", stdout=out)
    text = out.getvalue()
    assert "DEMO ONLY" in text
    assert {u.role for u in StaffUser.objects.all()} == set(Role.values)
    assert Complaint.objects.count() == 400
    statuses = set(Complaint.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert set(Complaint.objects.values_list("procedure_id", flat=True)) == {
        "two-stage-review",
        "service-complaint",
    }
    assert set(StageInstance.objects.values_list("stage_key", flat=True)) == {
        "stage-1",
        "stage-2",
        "frontline",
        "senior-manager",
    }
    assert len(set(Complaint.objects.values_list("channel", flat=True))) == 5
    assert (
        Complaint.objects.exclude(status=Status.CLOSED)
        .filter(current_due_on__lt="2026-11-23")
        .exists()
    )
    assert StageInstance.objects.exclude(findings={}).exists()
    assert StageInstance.objects.filter(extensions=1).exists()
    assert len(set(Complaint.objects.values_list("reference", flat=True))) == 400

    call_command("demo-data", "--complaints", "400", "--if-empty", stdout=StringIO())
    assert Complaint.objects.count() == 400
    assert StaffUser.objects.count() == len(Role.values) + 2


@pytest.mark.django_db
def test_a_negative_count_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="0 or more"):
        call_command("demo-data", "--complaints", "-1")
