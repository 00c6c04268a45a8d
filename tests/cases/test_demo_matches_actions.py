"""A demo case is exactly what the real actions would have made.

Each state the demo data leaves a case in is built twice from one scenario: once through the
record service and the actions (each step on its own day, by its own actor), and once through the
demo's bulk path (``demo.plan_case`` then ``demo.insert_cases``). The complaint, its person,
representative, categories, stages, consents, remedies and timeline must match. A scenario the
actions would refuse fails here too, so every demo case is one the actions allow.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.forms.models import model_to_dict

from putright.accounts.models import StaffUser, Team
from putright.cases import actions, demo, rules, services
from putright.cases.actors import Complainant, System
from putright.cases.models import Closure, Complaint, RemedyStatus, Status
from putright.policy import get_registry

from .conftest import TODAY

PROCEDURES = ("two-stage-review", "service-complaint")
STATES = [state for state, _weight in demo.STATES]

#: The ways a case differs within one state, each with the states it shows in.
VARIANTS: list[tuple[str, demo.Variant]] = [
    *((state, demo.Variant()) for state in STATES),
    *((s, demo.Variant(representative=True)) for s in ("first-open", "second-open", "final")),
    ("first-open", demo.Variant(late=True)),
    ("final", demo.Variant(late=True, representative=True)),
    *((s, demo.Variant(extended=True)) for s in ("second-open", "final")),
    *((s, demo.Variant(resolved_first=True)) for s in ("second-open", "final")),
    ("first-responded", demo.Variant(remedy="apology")),
    ("final", demo.Variant(remedy="payment-approved")),
    ("closed-not-escalated", demo.Variant(remedy="payment-rejected")),
    ("second-open", demo.Variant(remedy="payment-approved", resolved_first=True)),
]

COMPLAINT_FIELDS = (
    "procedure_id",
    "procedure_version",
    "channel",
    "received_on",
    "event_on",
    "found_out_on",
    "what_went_wrong",
    "put_right",
    "original_reference",
    "original_handler_id",
    "consent_received_on",
    "scope_answers",
    "late_reason",
    "accepted_late",
    "language",
    "team_id",
    "assigned_to_id",
    "status",
    "closure",
    "closure_code",
    "closure_reason",
    "current_stage",
    "current_due_on",
    "acknowledge_by",
    "acknowledged_on",
    "closed_on",
    "version",
    "submission_key",
)
STAGE_EXCLUDE = ("id", "complaint")
#: Event data that names a row by id: compared by which of the case's rows it names.
ROW_KEYS = {"consent": "consents", "remedy": "remedies"}


def cast_of(staff: dict[str, StaffUser], teams: dict[str, Team], team: str) -> demo.Cast:
    """A case's people as the demo picks them: recorded by a caseworker of its own team, about
    a matter another caseworker handled, reviewed by a more senior reviewer."""
    if team == "customer-services":
        recorder, handler, reviewer = "caseworker", "other_caseworker", "reviewer"
    else:
        recorder, handler, reviewer = "other_caseworker", "caseworker", "other_reviewer"
    return demo.Cast(
        team=teams[team],
        recorder=staff[recorder],
        handler=staff[handler],
        reviewer=staff[reviewer],
        assurance=staff["assurance"],
        manager=staff["manager"],
    )


@pytest.fixture
def crew(staff: dict[str, StaffUser], teams: dict[str, Team]) -> demo.Cast:
    return cast_of(staff, teams, "customer-services")


def through_the_actions(scenario: demo.Scenario, crew: demo.Cast) -> Complaint:
    """The scenario as staff, the complainant and the system would take it, step by step: the
    record service (as the ``make_complaint`` fixture calls it, but by the scenario's recorder),
    then each action on its own day."""
    complaint = services.complaint_create(
        data=scenario.new_complaint(crew), actor=crew.recorder, today=TODAY
    )
    for step in scenario.steps:
        complaint.refresh_from_db()
        actor: Any = {
            demo.SYSTEM: System("demo-data"),
            demo.COMPLAINANT: Complainant(complaint.pk),
        }.get(step.by) or crew.member(step.by)
        data = step.input(crew)
        if step.action == "decide-remedy":
            data["remedy"] = complaint.remedies.filter(status=RemedyStatus.PROPOSED).latest("pk")
        # As conftest.act, but on the step's own day rather than TODAY.
        action = actions.ACTIONS[step.action](complaint, actor, today=step.on)
        action.run(data, expected_version=complaint.version)
    complaint.refresh_from_db()
    return complaint


def through_the_demo(scenario: demo.Scenario, crew: demo.Cast) -> Complaint:
    rows = demo.plan_case(scenario, crew, demo.DueDates(rules.calendar()))
    (complaint,) = demo.insert_cases([rows])
    return Complaint.objects.get(pk=complaint.pk)


def record(complaint: Complaint) -> dict[str, Any]:
    """What matters about a case: every field the lifecycle sets, and every row beside it."""
    consents = list(complaint.consents.order_by("pk"))
    remedies = list(complaint.remedies.order_by("pk"))
    stages = list(complaint.stages.order_by("sequence"))
    position = {
        "consents": {row.pk: i for i, row in enumerate(consents)},
        "remedies": {row.pk: i for i, row in enumerate(remedies)},
    }
    stage_position = {row.pk: row.sequence for row in stages}

    def event_data(data: dict[str, Any]) -> dict[str, Any]:
        return {
            key: position[ROW_KEYS[key]][value] if key in ROW_KEYS else value
            for key, value in data.items()
        }

    representative = complaint.representative
    return {
        "complaint": {name: getattr(complaint, name) for name in COMPLAINT_FIELDS},
        "person": model_to_dict(complaint.person, exclude=["id"]),
        "representative": (
            model_to_dict(representative, exclude=["id"]) if representative else None
        ),
        "categories": sorted(complaint.categories.values_list("code", flat=True)),
        "stages": [model_to_dict(row, exclude=STAGE_EXCLUDE) for row in stages],
        "consents": [
            model_to_dict(row, exclude=["id", "complaint", "created_at"]) for row in consents
        ],
        "remedies": [
            {
                **model_to_dict(
                    row, exclude=["id", "complaint", "stage", "created_at", "decided_at"]
                ),
                "stage": stage_position.get(row.stage_id),
                "decided": row.decided_at is not None,
            }
            for row in remedies
        ],
        "events": [
            {
                "kind": event.kind,
                "summary": event.summary,
                "data keys": sorted(event.data),
                "data": event_data(event.data),
                "actor": event.actor_id,
                "tell": event.tell_complainant,
            }
            for event in complaint.events.order_by("pk")
        ],
    }


def scenario_for(state: str, procedure_id: str, variant: demo.Variant, seed: str):
    return demo.build_scenario(
        state,
        get_registry().get(procedure_id),
        today=TODAY,
        rng=random.Random(seed),
        variant=variant,
    )


@pytest.mark.parametrize("procedure_id", PROCEDURES)
@pytest.mark.parametrize(("state", "variant"), VARIANTS)
def test_a_demo_case_is_what_the_actions_make(state, variant, procedure_id, crew, org):
    scenario = scenario_for(state, procedure_id, variant, f"{state}/{procedure_id}/{variant}")

    by_actions = record(through_the_actions(scenario, crew))
    by_demo = record(through_the_demo(scenario, crew))

    assert by_demo["complaint"] == by_actions["complaint"]
    assert by_demo["stages"] == by_actions["stages"]
    assert by_demo["events"] == by_actions["events"]
    assert by_demo == by_actions


@pytest.mark.parametrize("team", ["customer-services", "casework"])
@pytest.mark.parametrize("seed", range(6))
def test_cases_from_the_random_spread_are_what_the_actions_make(seed, team, staff, teams, org):
    crew = cast_of(staff, teams, team)
    rng = random.Random(seed)
    procedures = [get_registry().get(pid) for pid in PROCEDURES]
    for _ in range(3):
        scenario = demo.random_scenario(rng, TODAY, procedures, demo.DueDates(rules.calendar()))
        assert record(through_the_demo(scenario, crew)) == record(
            through_the_actions(scenario, crew)
        ), scenario.state


def test_every_state_leaves_the_case_as_its_name_says(crew, org):
    expected = {
        "new": (Status.NEW, ""),
        "acknowledged": (Status.NEW, ""),
        "awaiting-consent": (Status.AWAITING_CONSENT, ""),
        "out-of-scope": (Status.CLOSED, Closure.OUT_OF_SCOPE),
        "first-open": (Status.OPEN, ""),
        "payment-proposed": (Status.OPEN, ""),
        "first-responded": (Status.RESPONDED, None),
        "second-open": (Status.OPEN, ""),
        "final": (Status.CLOSED, Closure.FINAL_RESPONSE),
        "closed-not-escalated": (Status.CLOSED, None),
        "withdrawn": (Status.CLOSED, Closure.WITHDRAWN),
    }
    assert set(expected) == set(STATES)
    for state, (status, closure) in expected.items():
        for procedure_id in PROCEDURES:
            scenario = scenario_for(state, procedure_id, demo.Variant(), state)
            complaint = through_the_demo(scenario, crew)
            assert complaint.status == status, (state, procedure_id)
            if closure is not None:
                assert complaint.closure == closure, (state, procedure_id)


@pytest.mark.django_db
def test_even_a_small_load_shows_what_a_demo_user_should_meet():
    demo.generate(len(demo.SHOWCASE), today=TODAY)

    unacknowledged = Complaint.objects.filter(status=Status.NEW, acknowledged_on=None)
    assert unacknowledged.count() == 3
    for complaint in unacknowledged:
        assert complaint.acknowledge_by is not None
        assert complaint.current_due_on == complaint.acknowledge_by
    awaiting = Complaint.objects.get(status=Status.AWAITING_CONSENT)
    assert awaiting.representative is not None
    assert awaiting.current_due_on is None
    proposed = Complaint.objects.get(remedies__status=RemedyStatus.PROPOSED)
    assert proposed.status == Status.OPEN
    assert proposed.remedies.get().remedy_type == "consolatory-payment"
    assert Complaint.objects.filter(status=Status.CLOSED, closure=Closure.WITHDRAWN).exists()


@pytest.mark.django_db
def test_no_demo_case_is_answered_unacknowledged_or_closed_with_a_remedy_undecided():
    demo.generate(600, today=TODAY, seed=7)

    answered = Complaint.objects.filter(stages__responded_on__isnull=False).distinct()
    assert answered.exists()
    assert not answered.filter(acknowledged_on=None).exists()
    closed = Complaint.objects.filter(status=Status.CLOSED)
    assert not closed.filter(remedies__status=RemedyStatus.PROPOSED).exists()
    assert set(Complaint.objects.values_list("closure", flat=True)) == {"", *Closure.values}


@pytest.mark.django_db
def test_every_stored_date_of_a_demo_load_is_where_the_calendar_puts_it():
    demo.generate(400, today=TODAY, seed=3)

    # Recalculating from deadlines.py moves nothing: the demo stored its answers.
    assert services.deadlines_recalculate(actor=System("test"), reason="check") == 0
