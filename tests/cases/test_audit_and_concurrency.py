"""The audit trail is append-only; a stale form never overwrites someone else's change."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from putright.cases import actions, audit
from putright.cases.models import AuditEntry, Event, Note

from .conftest import TODAY, act


def test_creating_and_changing_a_case_writes_audit_rows_with_before_and_after(
    make_complaint, staff
):
    complaint = make_complaint("two-stage-review")
    created = AuditEntry.objects.get(complaint=complaint, action="create")
    assert created.actor == staff["caseworker"]
    assert created.after["reference"] == complaint.reference

    act("accept", complaint, staff["caseworker"])
    accepted = AuditEntry.objects.get(complaint=complaint, action="accept")
    assert accepted.before["status"] == "new"
    assert accepted.after["status"] == "open"
    assert accepted.after["current_stage"] == "stage-1"


def test_a_view_is_recorded(make_complaint, staff):
    complaint = make_complaint("two-stage-review")
    audit.record_view(actor=staff["auditor"], complaint=complaint, path="/staff/cases/1/")
    entry = AuditEntry.objects.get(action="view")
    assert (entry.actor, entry.complaint_id, entry.path) == (
        staff["auditor"],
        complaint.pk,
        "/staff/cases/1/",
    )


def test_audit_rows_cannot_be_changed_or_deleted_through_the_model(make_complaint):
    make_complaint("two-stage-review")
    entry = AuditEntry.objects.first()
    entry.action = "tampered"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def test_the_database_refuses_to_update_audit_rows(make_complaint):
    make_complaint("two-stage-review")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE cases_auditentry SET action = 'tampered'")
    assert not AuditEntry.objects.filter(action="tampered").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL trigger")
def test_postgresql_refuses_to_delete_audit_rows(make_complaint):
    make_complaint("two-stage-review")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_auditentry")
    assert AuditEntry.objects.exists()


def test_the_second_person_to_act_on_a_changed_case_is_told_and_nothing_is_lost(
    make_complaint, staff
):
    complaint = make_complaint("two-stage-review")
    opened_version = complaint.version
    # Both open the case; the first adds a note.
    first = actions.ACTIONS["add-note"](complaint, staff["caseworker"], today=TODAY)
    first.run({"text": "Called the complainant."}, expected_version=opened_version)
    # The second, with the page they opened earlier, tries to close it.
    second = actions.ACTIONS["close-out-of-scope"](complaint, staff["manager"], today=TODAY)
    with pytest.raises(actions.StaleCase) as stale:
        second.run(
            {"code": "about-a-charity", "reason": "About a charity"},
            expected_version=opened_version,
        )
    assert stale.value.refusals[0].code == "case-changed"
    complaint.refresh_from_db()
    assert complaint.status == "new"
    assert Note.objects.get().text == "Called the complainant."
    assert not Event.objects.filter(kind="closed-out-of-scope").exists()


def test_a_refused_action_leaves_nothing_half_saved(make_complaint, staff):
    complaint = make_complaint("two-stage-review")
    before = (AuditEntry.objects.count(), Event.objects.count(), complaint.version)
    with pytest.raises(actions.ActionRefused):
        act("accept-late", complaint, staff["caseworker"], reason="")
    complaint.refresh_from_db()
    assert (AuditEntry.objects.count(), Event.objects.count(), complaint.version) == before
