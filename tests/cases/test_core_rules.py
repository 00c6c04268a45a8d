"""The core: every action through its typed input with each kind of actor, the rule holes found
by hostile testing closed, due dates from one source, and effects only after commit."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from putright.cases import actions, deadlines, effects, rules, services
from putright.cases.actions import ACTIONS, ActionRefused, parse_input
from putright.cases.actors import Complainant, System
from putright.cases.models import Complaint, Event, Status
from putright.cases.services import NewComplaint, PersonDetails, complaint_create
from putright.policy import PROCEDURES_DIR, ProcedureRegistry

from .conftest import TODAY, act, refusal_codes

# -- typed inputs ------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(ACTIONS))
def test_every_action_declares_a_typed_input_and_refuses_unknown_fields(key):
    action_class = ACTIONS[key]
    assert dataclasses.is_dataclass(action_class.Input)
    parsed, refusals = parse_input(action_class.Input, {"not_a_field": "x"}, today=TODAY)
    assert parsed is None
    assert [r.code for r in refusals] == ["unknown-field"]


@dataclasses.dataclass(frozen=True)
class Sample:
    when: date | None = None
    count: int | None = None
    amount: Decimal | None = None
    text: str = ""


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"when": "٢٠٢٦-١٠-٠١"}, "when"),  # Arabic-Indic digits
        ({"when": "２０２６-１０-０１"}, "when"),  # fullwidth digits
        ({"when": "9999-12-31"}, "when"),
        ({"when": date(1, 1, 1)}, "when"),
        ({"when": "2026-02-30"}, "when"),
        ({"when": 20261001}, "when"),
        ({"count": "99999999999999999999999"}, "count"),
        ({"count": "١٢"}, "count"),
        ({"count": True}, "count"),
        ({"amount": "NaN"}, "amount"),
        ({"amount": "Infinity"}, "amount"),
        ({"amount": "1e999999"}, "amount"),
        ({"amount": "١٠٠"}, "amount"),
        ({"text": "a\x00b"}, "text"),
        ({"text": "x" * 1_000_000}, "text"),
        ({"text": 12}, "text"),
    ],
)
def test_hostile_values_are_refused_on_their_field(raw, field):
    parsed, refusals = parse_input(Sample, raw, today=TODAY)
    assert parsed is None
    assert [r.field for r in refusals] == [field]
    assert all(str(r.message) for r in refusals)


def test_good_values_are_typed():
    parsed, refusals = parse_input(
        Sample, {"when": "2026-10-01", "count": "12", "amount": "150.50", "text": "ok"}, today=TODAY
    )
    assert refusals == []
    assert parsed == Sample(date(2026, 10, 1), 12, Decimal("150.50"), "ok")


# -- actors ------------------------------------------------------------------------------------


def test_a_complainant_escalates_their_own_case_and_nobody_elses(make_complaint, staff):
    mine = make_complaint("service-complaint")
    other = make_complaint("service-complaint")
    mine = act("accept", mine, staff["caseworker"])
    other = act("accept", other, staff["caseworker"])
    me = Complainant(complaint_id=mine.pk, name="Ffion Jones")
    refused = ACTIONS["escalate"](other, me, today=TODAY)
    assert [r.code for r in refused.check()] == ["not-visible"]
    with pytest.raises(ActionRefused):
        refused.run({})
    escalated = ACTIONS["escalate"](mine, me, today=TODAY).run({"reason": "Still unhappy"})
    assert escalated.current_stage == "senior-manager"
    event = escalated.events.get(kind="escalated")
    assert event.actor is None and event.data["by"] == "complainant"


def test_a_complainant_cannot_take_staff_actions(make_complaint):
    complaint = make_complaint("two-stage-review")
    me = Complainant(complaint_id=complaint.pk)
    for key in ("accept", "assign", "add-note", "propose-remedy", "close-out-of-scope"):
        assert [r.code for r in ACTIONS[key](complaint, me, today=TODAY).check()] == ["actor"]
    assert ACTIONS["withdraw"](complaint, me, today=TODAY).check() == []
    assert ACTIONS["add-information"](complaint, me, today=TODAY).check() == []


def test_the_system_acknowledges_and_closes_but_does_not_triage(make_complaint, staff):
    complaint = make_complaint("two-stage-review", acknowledged=False)
    system = System("scheduler")
    assert [r.code for r in ACTIONS["accept"](complaint, system, today=TODAY).check()] == ["actor"]
    done = ACTIONS["acknowledge"](complaint, system, today=TODAY).run({})
    assert done.acknowledged_on == TODAY
    assert done.current_due_on is None  # nothing is waited for in triage once acknowledged


def test_a_withdrawal_needs_confirming_and_closes_the_case(make_complaint):
    complaint = make_complaint("two-stage-review")
    me = Complainant(complaint_id=complaint.pk)
    with pytest.raises(ActionRefused) as refused:
        ACTIONS["withdraw"](complaint, me, today=TODAY).run({"confirm": False})
    assert [r.code for r in refused.value.refusals] == ["confirm"]
    closed = ACTIONS["withdraw"](complaint, me, today=TODAY).run({"confirm": True})
    assert (closed.status, closed.closure, closed.current_due_on) == (
        Status.CLOSED,
        "withdrawn",
        None,
    )


# -- rules that did not hold -------------------------------------------------------------------


def test_accepting_is_refused_while_a_blocking_finding_stands(make_complaint, staff):
    complaint = make_complaint("two-stage-review")
    Complaint.objects.filter(pk=complaint.pk).update(put_right="")  # as stored before the rule
    codes = refusal_codes("accept", complaint, staff["caseworker"])
    assert codes == ["missing-put-right"]
    action = ACTIONS["accept"](complaint, staff["caseworker"], today=TODAY)
    message = str(action.check()[0].message)
    assert "Amend the complaint details" in message
    complaint = act(
        "amend-details",
        complaint,
        staff["caseworker"],
        what_went_wrong=complaint.what_went_wrong,
        put_right="An apology",
    )
    assert act("accept", complaint, staff["caseworker"]).status == Status.OPEN


def test_a_complaint_about_a_charity_cannot_be_accepted(make_complaint, staff):
    complaint = make_complaint("two-stage-review", scope_answers={"about-a-charity": True})
    assert refusal_codes("accept", complaint, staff["caseworker"]) == ["excluded-about-a-charity"]
    closed = act(
        "close-out-of-scope",
        complaint,
        staff["caseworker"],
        code="about-a-charity",
        reason="It is about a charity",
    )
    assert closed.status == Status.CLOSED


def test_an_assignee_must_be_active_case_staff(make_complaint, staff):
    complaint = make_complaint("two-stage-review")
    assert refusal_codes("assign", complaint, staff["manager"], assignee=staff["auditor"]) == [
        "assignee"
    ]
    assert refusal_codes("assign", complaint, staff["manager"], assignee=999_999) == ["assignee"]
    assert (
        act("assign", complaint, staff["manager"], assignee=staff["reviewer"]).assigned_to
        == (staff["reviewer"])
    )


def test_nothing_is_answered_before_it_is_acknowledged(make_complaint, staff):
    complaint = make_complaint("service-complaint", acknowledged=False)
    complaint = act("accept", complaint, staff["caseworker"])
    assert refusal_codes("resolve-frontline", complaint, staff["caseworker"]) == [
        "not-acknowledged"
    ]


def test_an_extension_must_end_on_a_working_day(make_complaint, staff):
    complaint = act("accept", make_complaint("service-complaint"), staff["caseworker"])
    complaint = act("escalate", complaint, staff["caseworker"], reason="Still unhappy")
    codes = refusal_codes(
        "extend",
        complaint,
        staff["reviewer"],
        new_due_on=date(2026, 12, 25),
        reason="Waiting for records",
    )
    assert codes == ["not-working-day"]
    with pytest.raises(ActionRefused) as refused:
        ACTIONS["extend"](complaint, staff["reviewer"], today=TODAY).run(
            {"new_due_on": date(9999, 12, 31), "reason": "Forever"}
        )
    assert [r.field for r in refused.value.refusals] == ["new_due_on"]


def test_a_payment_has_a_maximum(make_complaint, staff, settings):
    settings.PUTRIGHT_MAX_PAYMENT = "500.00"
    complaint = act("accept", make_complaint("two-stage-review"), staff["caseworker"])
    codes = refusal_codes(
        "propose-remedy",
        complaint,
        staff["caseworker"],
        remedy_type="consolatory-payment",
        reason="Worry",
        amount=Decimal("500.01"),
        justification="Distress",
    )
    assert codes == ["amount-too-large"]


def test_a_replayed_submission_records_one_complaint(make_complaint):
    first = make_complaint("two-stage-review", submission_key="k" * 32, acknowledged=False)
    again = make_complaint("two-stage-review", submission_key="k" * 32, acknowledged=False)
    assert first.pk == again.pk
    assert Complaint.objects.count() == 1


# -- the procedure version in force ------------------------------------------------------------


def test_a_new_complaint_is_pinned_to_the_version_in_force_on_its_received_date(
    make_complaint, tmp_path: Path, monkeypatch
):
    source = (PROCEDURES_DIR / "two-stage-review-v1.toml").read_text()
    (tmp_path / "two-stage-review-v1.toml").write_text(source)
    v2 = source.replace("version = 1", "version = 2", 1).replace(
        "effective_from = 2026-01-01", "effective_from = 2026-10-15", 1
    )
    v2 = v2.replace("[time_limit]\nmonths = 3", "[time_limit]\nmonths = 6", 1)
    (tmp_path / "two-stage-review-v2.toml").write_text(v2)
    for other in PROCEDURES_DIR.glob("*.toml"):
        if not other.name.startswith("two-stage-review"):
            (tmp_path / other.name).write_text(other.read_text())
    registry = ProcedureRegistry.load(tmp_path)
    monkeypatch.setattr(rules, "registry", lambda: registry)
    monkeypatch.setattr(rules, "get_registry", lambda: registry)
    before = make_complaint("two-stage-review", received_on=date(2026, 10, 1))
    after = make_complaint("two-stage-review", received_on=date(2026, 10, 20))
    assert (before.procedure_version, after.procedure_version) == (1, 2)
    assert rules.procedure_for(after).time_limit.months == 6


# -- one source for due dates ------------------------------------------------------------------


def test_a_closure_day_moves_running_deadlines_and_says_so(make_complaint, staff):
    complaint = act("accept", make_complaint("two-stage-review"), staff["caseworker"])
    stage = complaint.stages.get()
    old_due = stage.due_on
    moved = services.closure_day_set(
        day=date(2026, 10, 16), name="Office move", actor=staff["admin"]
    )
    assert moved == 1
    stage.refresh_from_db()
    complaint.refresh_from_db()
    calendar = rules.calendar()
    expected = deadlines.stage_due(
        rules.procedure_for(complaint), stage.stage_key, stage.clock_started_on, calendar
    )
    assert expected is not None
    assert stage.due_on == expected.value == complaint.current_due_on
    assert stage.due_on > old_due
    event = Event.objects.get(complaint=complaint, kind="deadline-moved")
    assert "Office move" in event.data["reason"]


# -- effects after commit ----------------------------------------------------------------------


def test_effects_hear_of_events_only_after_the_transaction_commits(
    make_complaint, staff, django_capture_on_commit_callbacks
):
    heard: list[str] = []

    def listener(event):
        heard.append(event.kind)

    effects.subscribe(listener)
    try:
        complaint = make_complaint("two-stage-review")
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(ActionRefused):
            actions.ACTIONS["accept-late"](complaint, staff["caseworker"], today=TODAY).run(
                {"reason": "x"}
            )
        assert heard == []
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            act("accept", complaint, staff["caseworker"])
        assert heard == []  # not yet: the transaction has not committed
        for callback in callbacks:
            callback()
        assert heard == ["accepted"]
    finally:
        effects.unsubscribe(listener)


def _new(**overrides) -> NewComplaint:
    fields = {
        "procedure_id": "two-stage-review",
        "channel": "phone",
        "received_on": date(2026, 10, 1),
        "what_went_wrong": "x",
        "person": PersonDetails(full_name="A"),
    }
    fields.update(overrides)
    return NewComplaint(**fields)


def test_recording_refuses_dates_the_calendar_cannot_count(org, staff):
    with pytest.raises(Exception) as refused:
        complaint_create(data=_new(event_on=date(1, 1, 1)), actor=staff["caseworker"], today=TODAY)
    assert "event_on" in str(refused.value) or "date" in str(refused.value).lower()
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize("key", sorted(ACTIONS))
def test_each_action_admits_exactly_the_actors_it_declares(key, make_complaint, staff):
    """Permission is decided apart from state: who may take the action, on this case."""
    complaint = make_complaint("two-stage-review")
    other = make_complaint("two-stage-review")
    action_class = ACTIONS[key]

    def permitted(actor) -> bool:
        return action_class(complaint, actor, today=TODAY).permitted() == []

    assert permitted(staff["manager"]) is ("staff" in action_class.actors)
    assert not permitted(staff["auditor"])  # read-only: never changes a case
    assert permitted(Complainant(complaint.pk)) is ("complainant" in action_class.actors)
    assert not permitted(Complainant(other.pk))  # never someone else's case
    assert permitted(System("task")) is ("system" in action_class.actors)


@pytest.mark.parametrize("key", sorted(ACTIONS))
def test_each_action_refuses_a_complainant_on_another_case_before_reading_the_input(
    key, make_complaint
):
    complaint = make_complaint("two-stage-review")
    other = make_complaint("two-stage-review")
    with pytest.raises(ActionRefused) as refused:
        ACTIONS[key](complaint, Complainant(other.pk), today=TODAY).run({"hostile": "x" * 10})
    assert [r.code for r in refused.value.refusals] in (["actor"], ["not-visible"])


def test_recording_consent_waits_for_the_acknowledgement_again(make_complaint, staff):
    from putright.cases.services import RepresentativeDetails

    complaint = make_complaint(
        "two-stage-review",
        representative=RepresentativeDetails(full_name="Gareth Advocate"),
        acknowledged=False,
    )
    complaint = act("hold-for-consent", complaint, staff["caseworker"])
    assert complaint.current_due_on is None
    complaint = act(
        "record-consent", complaint, staff["caseworker"], scope="Act for me", declaration="I agree"
    )
    assert complaint.current_due_on == complaint.acknowledge_by


def test_running_deadlines_move_in_batches(make_complaint, staff, monkeypatch):
    monkeypatch.setattr(services, "RECALCULATE_BATCH", 1)
    cases = [act("accept", make_complaint("two-stage-review"), staff["caseworker"]) for _ in "abc"]
    assert services.closure_day_set(day=date(2026, 10, 16), name="Move", actor=System("t")) == 3
    for case in cases:
        event = Event.objects.get(complaint=case, kind="deadline-moved")
        assert event.data["by"] == "system"
