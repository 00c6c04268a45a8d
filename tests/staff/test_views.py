"""The staff pages: the work queue, the case page, one form per action, recording a complaint and
document downloads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from putright.cases import messages as msg
from putright.cases.models import AuditEntry, Complaint, RemedyStatus, Status
from putright.cases.services import PersonDetails
from putright.common import dates

from .conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "uploads"


def shows(response: Any, text: Any) -> bool:
    """Whether the page shows ``text`` (as the template would escape it)."""
    return escape(str(text)) in response.content.decode()


def date_parts(name: str, day: Any, month: Any, year: Any) -> dict[str, str]:
    return {f"{name}_day": str(day), f"{name}_month": str(month), f"{name}_year": str(year)}


def views_audited(complaint: Complaint) -> int:
    return AuditEntry.objects.filter(complaint=complaint, action="view").count()


# -- the work queue ----------------------------------------------------------------------------
def test_staff_home_sends_staff_to_their_work_queue(staff, client_for):
    response = client_for(staff["caseworker"]).get(reverse("accounts:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:queue")


def test_queue_needs_sign_in(client, org):
    response = client.get(reverse("staff:queue"))
    assert response.status_code == 302
    assert "/staff/sign-in/" in response["Location"]


def test_queue_shows_only_the_cases_a_person_may_see(make_complaint, teams, staff, client_for):
    north = make_complaint(person=PersonDetails(full_name="North Person"))
    south = make_complaint(person=PersonDetails(full_name="South Person"), team=teams["south"])
    response = client_for(staff["south_caseworker"]).get(reverse("staff:queue"), {"view": "all"})
    assert response.status_code == 200
    assert shows(response, south.reference)
    assert not shows(response, north.reference)
    assert not shows(response, "North Person")


def test_an_auditor_sees_every_case_in_the_queue(make_complaint, teams, staff, client_for):
    north = make_complaint()
    south = make_complaint(team=teams["south"])
    response = client_for(staff["auditor"]).get(reverse("staff:queue"), {"view": "all"})
    assert shows(response, north.reference) and shows(response, south.reference)


def test_queue_rows_show_a_rag_tag_in_words(make_complaint, staff, client_for):
    complaint = make_complaint(acknowledged=False)
    response = client_for(staff["caseworker"]).get(reverse("staff:queue"))
    page = response.content.decode()
    assert complaint.reference in page
    # Acknowledge within 5 working days of Fri 20 Nov 2026: due Fri 27 Nov, 4 working days on.
    assert "govuk-tag--yellow" in page
    assert "4 working days left" in page


def test_queue_views_filters_and_search(make_complaint, run_action, staff, client_for):
    phone = make_complaint(person=PersonDetails(full_name="Olwen Parry"))
    letter = make_complaint("service-complaint", channel="letter")
    run_action(letter, "assign", staff["caseworker"], assignee=staff["caseworker"])
    client = client_for(staff["caseworker"])
    url = reverse("staff:queue")

    mine = client.get(url, {"view": "mine"})
    assert shows(mine, letter.reference) and not shows(mine, phone.reference)
    unassigned = client.get(url, {"view": "unassigned"})
    assert shows(unassigned, phone.reference) and not shows(unassigned, letter.reference)
    by_channel = client.get(url, {"view": "all", "channel": "letter"})
    assert shows(by_channel, letter.reference) and not shows(by_channel, phone.reference)
    by_procedure = client.get(url, {"view": "all", "procedure": "two-stage-review"})
    assert shows(by_procedure, phone.reference) and not shows(by_procedure, letter.reference)
    by_name = client.get(url, {"view": "all", "q": "olwen"})
    assert shows(by_name, phone.reference) and not shows(by_name, letter.reference)
    by_reference = client.get(url, {"view": "all", "q": letter.reference})
    assert shows(by_reference, letter.reference) and not shows(by_reference, phone.reference)
    nonsense = client.get(url, {"view": "nonsense", "status": "nonsense", "page": "x"})
    assert nonsense.status_code == 200


def test_queue_paginates(make_complaint, staff, client_for):
    for _ in range(27):
        make_complaint()
    client = client_for(staff["caseworker"])
    first = client.get(reverse("staff:queue"), {"view": "all"})
    assert "govuk-pagination" in first.content.decode()
    assert "27 cases" in first.content.decode()
    second = client.get(reverse("staff:queue"), {"view": "all", "page": 2})
    assert second.content.decode().count('class="govuk-table__row"') == 1 + 2


def test_queue_queries_do_not_grow_with_the_number_of_cases(
    make_complaint, run_action, staff, client_for
):
    def fill(n: int) -> None:
        for i in range(n):
            complaint = make_complaint(categories=["service-standard"])
            if i % 2:
                run_action(complaint, "assign", staff["caseworker"], assignee=staff["reviewer"])

    client = client_for(staff["caseworker"])
    url = reverse("staff:queue")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(url, {"view": "all", "category": "service-standard"}).status_code == 200
            )
        return len(queries)

    fill(5)
    few = count()
    fill(25)
    many = count()
    assert many == few
    assert few <= 8


# -- the case page -----------------------------------------------------------------------------
def test_case_page_shows_the_case(make_complaint, representative, staff, client_for):
    complaint = make_complaint(
        person=PersonDetails(
            full_name="Ffion Jones",
            adjustments=["large-print", "bsl"],
            adjustments_detail="Letters in 18 point",
        ),
        representative=representative,
        categories=["service-standard"],
        original_reference="CASE-77",
    )
    response = client_for(staff["caseworker"]).get(reverse("staff:detail", args=[complaint.pk]))
    assert response.status_code == 200
    for text in (
        complaint.reference,
        "Complaining about a service we have provided",
        "version 1",
        "Ffion Jones",
        "Gareth Advocate",
        "No consent yet",
        "Large print, British Sign Language",
        "Letters in 18 point",
        "The standard of service",
        "CASE-77",
        "North Complaints Team",
        "Why this date",
        "Acknowledge",
        "consent-needed",
        "two-stage-review v1",
        "Received by phone.",
        "Hold awaiting consent",
    ):
        assert shows(response, text), text
    assert 'class="govuk-inset-text"' in response.content.decode()


def test_case_page_lists_only_available_actions(make_complaint, staff, client_for):
    complaint = make_complaint()
    response = client_for(staff["caseworker"]).get(reverse("staff:detail", args=[complaint.pk]))
    page = response.content.decode()
    assert reverse("staff:act", args=[complaint.pk, "accept"]) in page
    assert reverse("staff:act", args=[complaint.pk, "respond"]) not in page
    assert reverse("staff:act", args=[complaint.pk, "accept-late"]) not in page


def test_an_auditor_reads_the_case_but_is_offered_no_action(make_complaint, staff, client_for):
    complaint = make_complaint()
    response = client_for(staff["auditor"]).get(reverse("staff:detail", args=[complaint.pk]))
    assert response.status_code == 200
    assert "/act/" not in response.content.decode()


def test_case_page_is_not_found_for_staff_of_another_team(make_complaint, staff, client_for):
    complaint = make_complaint()
    client = client_for(staff["south_caseworker"])
    assert client.get(reverse("staff:detail", args=[complaint.pk])).status_code == 404
    assert client.get(reverse("staff:act", args=[complaint.pk, "add-note"])).status_code == 404
    assert client.get(reverse("staff:detail", args=[999999])).status_code == 404


def test_every_case_page_view_is_audited(make_complaint, staff, client_for):
    complaint = make_complaint()
    client = client_for(staff["caseworker"])
    before = views_audited(complaint)
    client.get(reverse("staff:detail", args=[complaint.pk]))
    client.get(reverse("staff:act", args=[complaint.pk, "add-note"]))
    client.get(reverse("staff:act", args=[complaint.pk, "respond"]))  # refused, still a view
    assert views_audited(complaint) == before + 3
    entry = AuditEntry.objects.filter(complaint=complaint, action="view").first()
    assert entry.actor == staff["caseworker"]
    assert entry.path == reverse("staff:detail", args=[complaint.pk])


def test_case_page_shows_stages_remedies_and_lessons(make_complaint, run_action, staff, client_for):
    complaint = make_complaint()
    run_action(complaint, "accept", staff["caseworker"])
    run_action(complaint, "assign-reviewer", staff["caseworker"], reviewer=staff["reviewer"])
    run_action(
        complaint,
        "propose-remedy",
        staff["caseworker"],
        remedy_type="consolatory-payment",
        reason="Months of worry",
        amount="150.00",
        justification="Distress over four months",
    )
    run_action(
        complaint,
        "add-lesson",
        staff["caseworker"],
        summary="Letters went unanswered",
        action="Weekly post check",
        owner=staff["reviewer"],
        due_on=TODAY + timedelta(days=30),
    )
    response = client_for(staff["manager"]).get(reverse("staff:detail", args=[complaint.pk]))
    for text in (
        "Stage 1 review",
        "Rhian Evans",
        "A consolatory payment: £150.00",
        "Distress over four months",
        "Approve",
        "Letters went unanswered",
        "Weekly post check",
        "Mark as done",
    ):
        assert shows(response, text), text
    # The person who proposed a payment is not offered its approval.
    own = client_for(staff["caseworker"]).get(reverse("staff:detail", args=[complaint.pk]))
    assert ">Approve<" not in own.content.decode()


# -- one form per action -----------------------------------------------------------------------
def accepted(make, run, s):
    complaint = make()
    return run(complaint, "accept", s["caseworker"])


def with_reviewer(make, run, s):
    complaint = accepted(make, run, s)
    return run(complaint, "assign-reviewer", s["caseworker"], reviewer=s["reviewer"])


def responded(make, run, s):
    complaint = with_reviewer(make, run, s)
    return run(complaint, "respond", s["reviewer"], outcome="upheld", conclusions="C", reasons="R")


def responded_long_ago(make, run, s):
    complaint = make(received_on=TODAY - timedelta(days=80), event_on=TODAY - timedelta(days=90))
    earlier = TODAY - timedelta(days=60)
    run(complaint, "accept", s["caseworker"], today=earlier)
    run(complaint, "assign-reviewer", s["caseworker"], today=earlier, reviewer=s["reviewer"])
    return run(
        complaint,
        "respond",
        s["reviewer"],
        today=earlier,
        outcome="upheld",
        conclusions="C",
        reasons="R",
    )


def late(make, run, s):
    return make(received_on=TODAY - timedelta(days=3), event_on=TODAY - timedelta(days=200))


def by_representative(make, run, s):
    from putright.cases.services import RepresentativeDetails

    return make(representative=RepresentativeDetails(full_name="Gareth Advocate"))


def held(make, run, s):
    return run(by_representative(make, run, s), "hold-for-consent", s["caseworker"])


def consented(make, run, s):
    return run(
        held(make, run, s),
        "record-consent",
        s["caseworker"],
        scope="Act for me",
        declaration="I, Ffion Jones, agree.",
    )


def followed_online(make, run, s):
    from putright.portal.tracking import issue_tracking_link

    complaint = make()
    issue_tracking_link(complaint, base_url="https://complaints.council.example")
    return complaint


def frontline(make, run, s):
    return run(make("service-complaint"), "accept", s["caseworker"])


def senior_manager(make, run, s):
    return run(frontline(make, run, s), "escalate", s["caseworker"], reason="Still unhappy")


def payment_proposed(make, run, s):
    complaint = accepted(make, run, s)
    return run(
        complaint,
        "propose-remedy",
        s["caseworker"],
        remedy_type="consolatory-payment",
        reason="Worry",
        amount="100",
        justification="Distress",
    )


def with_lesson(make, run, s):
    complaint = accepted(make, run, s)
    return run(
        complaint,
        "add-lesson",
        s["caseworker"],
        summary="Slow post",
        action="Check post daily",
        owner=s["caseworker"],
        due_on=TODAY + timedelta(days=10),
    )


def first_remedy(c: Complaint) -> int:
    return c.remedies.get().pk


def first_lesson_action(c: Complaint) -> int:
    return c.lessons.get().actions.get().pk


@dataclass
class Scenario:
    setup: Callable[..., Complaint]
    valid: Callable[[Complaint, dict], dict[str, Any]]
    changed: Callable[[Complaint], bool]
    actor: str = "caseworker"
    invalid: Callable[[Complaint, dict], dict[str, Any]] | None = None
    error: Any = None
    kept: list[str] = field(default_factory=list)


def new(make, run, s):
    return make()


def unacknowledged(make, run, s):
    return make(acknowledged=False)


SCENARIOS: dict[str, Scenario] = {
    "accept": Scenario(new, lambda c, s: {}, lambda c: c.status == Status.OPEN),
    "accept-late": Scenario(
        late,
        lambda c, s: {"reason": "They were in hospital"},
        lambda c: c.accepted_late and c.status == Status.OPEN,
        invalid=lambda c, s: {"reason": "  "},
        error=msg.LATE_NEEDS_REASON,
    ),
    "hold-for-consent": Scenario(
        by_representative, lambda c, s: {}, lambda c: c.status == Status.AWAITING_CONSENT
    ),
    "record-consent": Scenario(
        held,
        lambda c, s: {"scope": "Act for me", "declaration": "I, Ffion Jones, agree."},
        lambda c: c.consent_received_on == TODAY and c.status == Status.NEW,
        invalid=lambda c, s: {"scope": "To act for me in this complaint"},
        error=msg.CONSENT_NEEDS_EVIDENCE,
        kept=["To act for me in this complaint"],
    ),
    "decline-consent": Scenario(
        held,
        lambda c, s: {},
        lambda c: c.events.filter(kind="consent-declined").exists() and not c.consent_received_on,
    ),
    "send-consent-link": Scenario(
        by_representative,
        lambda c, s: {},
        lambda c: c.events.filter(kind="consent-link-requested").exists(),
    ),
    "revoke-consent": Scenario(
        consented,
        lambda c, s: {"reason": "She phoned to withdraw it"},
        lambda c: c.status == Status.AWAITING_CONSENT and c.consent_received_on is None,
        invalid=lambda c, s: {"reason": ""},
        error=msg.CONSENT_REVOKE_NEEDS_REASON,
        kept=[],
    ),
    "close-out-of-scope": Scenario(
        new,
        lambda c, s: {"code": "about-a-charity", "reason": "It is about a charity"},
        lambda c: c.status == Status.CLOSED and c.closure_code == "about-a-charity",
        invalid=lambda c, s: {"code": "about-a-charity", "reason": ""},
        error=msg.SCOPE_NEEDS_REASON,
        kept=['value="about-a-charity" checked'],
    ),
    "acknowledge": Scenario(
        unacknowledged,
        lambda c, s: date_parts("sent_on", TODAY.day, TODAY.month, TODAY.year),
        lambda c: c.acknowledged_on == TODAY,
        invalid=lambda c, s: date_parts("sent_on", 31, 2, 2026),
        error="The date the acknowledgement was sent must be a real date",
        kept=['value="31"'],
    ),
    "assign": Scenario(
        new,
        lambda c, s: {"assignee": s["reviewer"].pk},
        lambda c: c.assigned_to_id is not None,
        invalid=lambda c, s: {"assignee": 999999},
        error=msg.SELECT_FROM_LIST,
    ),
    "assign-reviewer": Scenario(
        accepted,
        lambda c, s: {"reviewer": s["reviewer"].pk},
        lambda c: c.stages.get().reviewer_id is not None,
        invalid=lambda c, s: {"reviewer": s["caseworker"].pk, "seniority_reason": "Nobody else"},
        error=msg.SELECT_FROM_LIST,  # the rule's refusals are not offered at all
        kept=["Nobody else"],
    ),
    "resolve-frontline": Scenario(
        frontline,
        lambda c, s: {"action_taken": "Apologised and explained"},
        lambda c: c.status == Status.RESPONDED,
        invalid=lambda c, s: {"action_taken": ""},
        error="Enter what was done to resolve the complaint",
    ),
    "respond": Scenario(
        with_reviewer,
        lambda c, s: {"outcome": "upheld", "conclusions": "We were slow", "reasons": "Staff"},
        lambda c: c.status == Status.RESPONDED,
        actor="reviewer",
        invalid=lambda c, s: {"outcome": "upheld", "conclusions": "We were slow"},
        error="Enter the reasons for the outcome",
        kept=["We were slow", 'value="upheld" checked'],
    ),
    "extend": Scenario(
        senior_manager,
        lambda c, s: {**date_parts("new_due_on", 1, 3, 2027), "reason": "Waiting for records"},
        lambda c: c.stages.order_by("-sequence").first().extended_due_on is not None,
        invalid=lambda c, s: {"new_due_on_day": "5", "new_due_on_year": "2027", "reason": "Wait"},
        error="The new due date must include a month",
        kept=['value="5"', "Wait"],
    ),
    "escalate": Scenario(
        responded,
        lambda c, s: {"reason": "Still unhappy"},
        lambda c: c.current_stage == "stage-2" and c.status == Status.OPEN,
        invalid=lambda c, s: {**date_parts("requested_on", 1, 1, 2027), "reason": "Unhappy"},
        error="is after today. Check the date.",
        kept=["Unhappy"],
    ),
    "close-not-escalated": Scenario(
        responded_long_ago, lambda c, s: {}, lambda c: c.status == Status.CLOSED
    ),
    "propose-remedy": Scenario(
        accepted,
        lambda c, s: {"remedy_type": "apology", "reason": "We were slow"},
        lambda c: c.remedies.count() == 1,
        invalid=lambda c, s: {"remedy_type": "consolatory-payment", "reason": "Distress"},
        error="Enter the amount in pounds, more than £0",
        kept=["Distress"],
    ),
    "decide-remedy": Scenario(
        payment_proposed,
        lambda c, s: {"remedy": first_remedy(c), "decision": "approve"},
        lambda c: c.remedies.get().status == RemedyStatus.APPROVED,
        actor="manager",
        invalid=lambda c, s: {"remedy": first_remedy(c)},
        error=msg.SELECT_DECISION,
    ),
    "add-lesson": Scenario(
        accepted,
        lambda c, s: {
            "summary": "Post went missing",
            "action": "Check post",
            "owner": s["caseworker"].pk,
            **date_parts("due_on", 1, 2, 2027),
        },
        lambda c: c.lessons.count() == 1,
        invalid=lambda c, s: {
            "summary": "Post went missing",
            "action": "Check post",
            "owner": s["caseworker"].pk,
            **date_parts("due_on", 30, 2, 2027),
        },
        error="The date the action is due must be a real date",
        kept=["Post went missing"],
    ),
    "complete-lesson-action": Scenario(
        with_lesson,
        lambda c, s: {"item": first_lesson_action(c)},
        lambda c: c.lessons.get().actions.get().done_on == TODAY,
    ),
    "add-note": Scenario(
        new,
        lambda c, s: {"text": "Rang them back"},
        lambda c: c.notes.count() == 1,
        invalid=lambda c, s: {"text": " "},
        error=msg.NOTE_EMPTY,
    ),
    "amend-details": Scenario(
        new,
        lambda c, s: {"what_went_wrong": "Letters unanswered", "put_right": "An answer"},
        lambda c: c.put_right == "An answer",
        invalid=lambda c, s: {"what_went_wrong": "Letters unanswered", "put_right": ""},
        error="What would put it right",
        kept=["Letters unanswered"],
    ),
    "add-information": Scenario(
        new,
        lambda c, s: {"text": "They rang to add the date of the visit"},
        lambda c: c.events.filter(kind="information-added").exists(),
        invalid=lambda c, s: {"text": "  "},
        error=msg.INFORMATION_EMPTY,
    ),
    "stop-tracking-links": Scenario(
        followed_online,
        lambda c, s: {},
        lambda c: not c.tracking_tokens.filter(revoked_at__isnull=True).exists(),
    ),
    "withdraw": Scenario(
        new,
        lambda c, s: {"confirm": "on", "reason": "Phoned to withdraw"},
        lambda c: c.status == Status.CLOSED and c.closure == "withdrawn",
        invalid=lambda c, s: {"reason": "Phoned"},
        error=msg.WITHDRAW_NEEDS_CONFIRM,
        kept=["Phoned"],
    ),
    "add-attachment": Scenario(
        new,
        lambda c, s: {
            "file": SimpleUploadedFile("letter.txt", b"Dear council", "text/plain"),
            "description": "Their letter",
        },
        lambda c: c.attachments.count() == 1,
        invalid=lambda c, s: {
            "file": SimpleUploadedFile("letter.pdf", b"\x00\x01\x02\xff", "application/pdf"),
            "description": "Disguised",
        },
        error=msg.FILE_TYPE,
        kept=["Disguised"],
    ),
}


@pytest.fixture
def scenario_case(make_complaint, run_action, staff):
    def build(key: str) -> tuple[Scenario, Complaint]:
        scenario = SCENARIOS[key]
        complaint = scenario.setup(make_complaint, run_action, staff)
        return scenario, Complaint.objects.get(pk=complaint.pk)

    return build


def test_there_is_a_scenario_for_every_action():
    from putright.cases.actions import ACTIONS

    assert set(SCENARIOS) == set(ACTIONS)


@pytest.mark.parametrize("key", SCENARIOS)
def test_action_form_renders(key, scenario_case, staff, client_for):
    scenario, complaint = scenario_case(key)
    response = client_for(staff[scenario.actor]).get(reverse("staff:act", args=[complaint.pk, key]))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'name="version" value="{complaint.version}"' in page
    assert "govuk-error-summary" not in page


@pytest.mark.parametrize("key", SCENARIOS)
def test_action_form_success_changes_the_case(key, scenario_case, staff, client_for):
    scenario, complaint = scenario_case(key)
    client = client_for(staff[scenario.actor])
    url = reverse("staff:act", args=[complaint.pk, key])
    data = {"version": complaint.version, **scenario.valid(complaint, staff)}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == reverse("staff:detail", args=[complaint.pk])
    changed = Complaint.objects.get(pk=complaint.pk)
    assert changed.version == complaint.version + 1
    assert scenario.changed(changed)
    page = client.get(response["Location"])
    assert "govuk-notification-banner--success" in page.content.decode()


@pytest.mark.parametrize("key", [k for k, s in SCENARIOS.items() if s.invalid])
def test_invalid_action_form_shows_errors_and_keeps_input(key, scenario_case, staff, client_for):
    scenario, complaint = scenario_case(key)
    client = client_for(staff[scenario.actor])
    url = reverse("staff:act", args=[complaint.pk, key])
    data = {"version": complaint.version, **scenario.invalid(complaint, staff)}
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "govuk-error-message" in page  # on the field, not only in the summary
    assert shows(response, scenario.error), page[:4000]
    for kept in scenario.kept:
        assert kept in page, kept
    assert Complaint.objects.get(pk=complaint.pk).version == complaint.version


@pytest.mark.parametrize("key", SCENARIOS)
def test_a_stale_form_says_the_case_changed_and_keeps_input(key, scenario_case, staff, client_for):
    scenario, complaint = scenario_case(key)
    client = client_for(staff[scenario.actor])
    url = reverse("staff:act", args=[complaint.pk, key])
    data = {**scenario.valid(complaint, staff), "version": complaint.version - 1}
    response = client.post(url, data)
    assert response.status_code == 200
    assert shows(response, msg.CASE_CHANGED)
    page = response.content.decode()
    assert "The case now" in page
    # The form now carries the current version, so submitting again goes through.
    assert f'name="version" value="{complaint.version}"' in page
    for value in scenario.valid(complaint, staff).values():
        if isinstance(value, str) and value and " " in value:
            assert shows(response, value)
    assert Complaint.objects.get(pk=complaint.pk).version == complaint.version


def test_an_action_that_is_not_available_shows_why(make_complaint, staff, client_for):
    complaint = make_complaint()
    response = client_for(staff["caseworker"]).get(
        reverse("staff:act", args=[complaint.pk, "respond"])
    )
    assert response.status_code == 200
    assert shows(response, "You cannot do this now")
    assert shows(response, msg.NO_OPEN_STAGE)
    assert reverse("staff:detail", args=[complaint.pk]) in response.content.decode()


def test_an_unknown_action_is_not_found(make_complaint, staff, client_for):
    complaint = make_complaint()
    response = client_for(staff["caseworker"]).get(
        reverse("staff:act", args=[complaint.pk, "delete-everything"])
    )
    assert response.status_code == 404


def test_stage_two_reviewer_from_outside_business_assurance_is_refused_on_the_field(
    make_complaint, run_action, staff, client_for
):
    complaint = responded(make_complaint, run_action, staff)
    complaint = run_action(complaint, "escalate", staff["caseworker"])
    response = client_for(staff["caseworker"]).post(
        reverse("staff:act", args=[complaint.pk, "assign-reviewer"]),
        {"version": complaint.version, "reviewer": staff["south_reviewer"].pk},
    )
    # The reviewer rule leaves them out of the list; the action refuses them too (tests/cases).
    assert shows(response, msg.SELECT_FROM_LIST)
    assert 'id="id_reviewer-error"' in response.content.decode()
    form = client_for(staff["caseworker"]).get(
        reverse("staff:act", args=[complaint.pk, "assign-reviewer"])
    )
    offered = form.content.decode().split('id="id_reviewer"', 1)[1].split("</select>", 1)[0]
    assert f'value="{staff["south_reviewer"].pk}"' not in offered
    assert f'value="{staff["assurance"].pk}"' in offered


def test_respond_at_stage_two_asks_each_finding(make_complaint, run_action, staff, client_for):
    complaint = responded(make_complaint, run_action, staff)
    complaint = run_action(complaint, "escalate", staff["caseworker"])
    complaint = run_action(
        complaint, "assign-reviewer", staff["caseworker"], reviewer=staff["assurance"]
    )
    client = client_for(staff["assurance"])
    url = reverse("staff:act", args=[complaint.pk, "respond"])
    form = client.get(url)
    assert shows(form, "Was it sufficiently thorough and fair?")
    data = {
        "version": complaint.version,
        "outcome": "not-upheld",
        "conclusions": "Stage 1 was sound",
        "reasons": "It addressed everything",
        "finding_addressed-issues": "yes",
        "finding_remedied-shortfalls": "partly",
        "finding_articulated-outcome": "yes",
    }
    missing = client.post(url, data)
    assert 'id="id_finding_thorough-and-fair-error"' in missing.content.decode()
    assert 'value="partly" checked' in missing.content.decode()
    done = client.post(url, {**data, "finding_thorough-and-fair": "no"})
    assert done.status_code == 302
    closed = Complaint.objects.get(pk=complaint.pk)
    assert closed.status == Status.CLOSED
    page = client.get(reverse("staff:detail", args=[complaint.pk]))
    assert shows(page, "Did it adequately remedy any shortfalls in service?")
    assert shows(page, "Partly")


# -- recording a complaint ---------------------------------------------------------------------
def record_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "procedure_id": "service-complaint",
        "channel": "phone",
        **date_parts("received_on", 20, 11, 2026),
        **date_parts("event_on", 10, 11, 2026),
        "what_went_wrong": "The bin was not collected for three weeks.",
        "put_right": "Collect it and say sorry.",
        "categories": ["service-complaint:communication"],
        "full_name": "Bethan Rees",
        "email": "bethan@example.invalid",
        "preferred_contact": "phone",
        "language": "cy",
        "adjustments": ["large-print"],
        "adjustments_detail": "18 point",
    }
    data.update(overrides)
    return data


def service_category_codes() -> list[str]:
    from putright.policy import get_registry

    return [c.code for c in get_registry().get("service-complaint").categories]


def test_record_a_phone_complaint(org, staff, client_for):
    code = service_category_codes()[0]
    client = client_for(staff["caseworker"])
    page = client.get(reverse("staff:record"))
    assert page.status_code == 200
    response = client.post(
        reverse("staff:record"),
        record_data(
            categories=[f"service-complaint:{code}"],
            rep_full_name="Gareth Advocate",
            document=SimpleUploadedFile("note.txt", b"Call notes", "text/plain"),
        ),
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert response["Location"] == reverse("staff:detail", args=[complaint.pk])
    assert complaint.channel == "phone"
    assert complaint.received_on.isoformat() == "2026-11-20"
    assert [c.code for c in complaint.categories.all()] == [code]
    assert complaint.person.adjustments == ["large-print"]
    assert complaint.person.language == "cy"
    assert complaint.representative.full_name == "Gareth Advocate"
    assert complaint.attachments.count() == 1
    assert complaint.team == staff["caseworker"].team
    case_page = client.get(response["Location"])
    assert shows(case_page, f"Complaint {complaint.reference} recorded")


@pytest.mark.parametrize(
    ("overrides", "field", "error"),
    [
        (
            date_parts("received_on", 1, 12, 2026),
            "received_on",
            "The date we received it must be today or in the past",
        ),
        (
            date_parts("event_on", 21, 11, 2026),
            "event_on",
            "is after the complaint",
        ),
        (
            date_parts("received_on", 31, 2, 2026),
            "received_on",
            "The date we received it must be a real date",
        ),
        (
            {"received_on_day": "3", "received_on_month": "", "received_on_year": "2026"},
            "received_on",
            "The date we received it must include a month",
        ),
        (
            {"received_on_day": "", "received_on_month": "", "received_on_year": "2026"},
            "received_on",
            "The date we received it must include a day and month",
        ),
        (date_parts("received_on", "", "", ""), "received_on", "Enter the date we received it"),
        (date_parts("received_on", 3, 4, 26), "received_on", dates.DATE_YEAR_FOUR),
        ({"full_name": ""}, "full_name", "Enter the complainant’s full name"),
        ({"what_went_wrong": ""}, "what_went_wrong", "Enter what went wrong"),
        (
            {"categories": ["two-stage-review:service-standard"]},
            "categories",
            msg.CATEGORY_OTHER_PROCEDURE,
        ),
        ({"channel": ""}, "channel", msg.SELECT_CHANNEL),
        ({"rep_email": "gareth@example.invalid"}, "rep_full_name", msg.REPRESENTATIVE_NEEDS_NAME),
    ],
)
def test_recording_a_complaint_with_bad_input_shows_errors(
    org, staff, client_for, overrides, field, error
):
    code = service_category_codes()[0]
    data = record_data(categories=[f"service-complaint:{code}"])
    data.update(overrides)
    response = client_for(staff["caseworker"]).post(reverse("staff:record"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert shows(response, error), page[:5000]
    assert f'id="id_{field}-error"' in page
    assert "govuk-error-summary" in page
    assert "Bethan Rees" in page or field == "full_name"
    assert Complaint.objects.count() == 0


def test_recording_a_complaint_refuses_a_disguised_file(org, staff, client_for):
    code = service_category_codes()[0]
    response = client_for(staff["caseworker"]).post(
        reverse("staff:record"),
        record_data(
            categories=[f"service-complaint:{code}"],
            document=SimpleUploadedFile("scan.pdf", b"\x00\x01binary", "application/pdf"),
        ),
    )
    assert response.status_code == 200
    assert shows(response, msg.FILE_TYPE)
    assert Complaint.objects.count() == 0


def test_recording_a_complaint_refuses_web_page_code_dressed_as_a_pdf(org, staff, client_for):
    code = service_category_codes()[0]
    page = b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>"
    response = client_for(staff["caseworker"]).post(
        reverse("staff:record"),
        record_data(
            categories=[f"service-complaint:{code}"],
            document=SimpleUploadedFile("scan.pdf", page, "application/pdf"),
        ),
    )
    assert response.status_code == 200
    assert shows(response, msg.FILE_WEB_CODE)
    assert Complaint.objects.count() == 0


def test_auditors_cannot_record_complaints(org, staff, client_for):
    assert client_for(staff["auditor"]).get(reverse("staff:record")).status_code == 403


# -- documents ---------------------------------------------------------------------------------
def test_download_streams_the_document_to_those_who_may_see_the_case(
    make_complaint, run_action, staff, client_for
):
    complaint = make_complaint()
    run_action(
        complaint,
        "add-attachment",
        staff["caseworker"],
        file=SimpleUploadedFile("their letter.txt", b"Dear council", "text/plain"),
        description="",
    )
    document = complaint.attachments.get()
    url = reverse("staff:download", args=[complaint.pk, document.pk])

    response = client_for(staff["caseworker"]).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "their_letter.txt" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"Dear council"
    assert AuditEntry.objects.filter(
        complaint=complaint, action="download", object_id=str(document.pk)
    ).exists()

    assert client_for(staff["south_caseworker"]).get(url).status_code == 404
    other = make_complaint()
    wrong_case = reverse("staff:download", args=[other.pk, document.pk])
    assert client_for(staff["caseworker"]).get(wrong_case).status_code == 404


def test_recording_shows_date_and_form_errors_on_the_same_submit(org, staff, client_for):
    """The policy engine's date findings appear with the form's own errors, not a round later."""
    code = service_category_codes()[0]
    data = record_data(categories=[f"service-complaint:{code}"])
    data.update(date_parts("found_out_on", 1, 1, 2020))
    data["full_name"] = ""
    response = client_for(staff["caseworker"]).post(reverse("staff:record"), data)
    assert shows(response, "1 January 2020) is before the")
    assert shows(response, "Enter the complainant’s full name")
    assert Complaint.objects.count() == 0
