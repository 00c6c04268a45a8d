"""Demo data: staff for each role, and a realistic spread of complaints, inserted in bulk.

The spread covers both procedures, every stage, channel and category, outcomes, late and
out-of-scope complaints, consent holds, extensions and overdue cases. It is deterministic for a
given seed and ``today``, so benchmarks are repeatable. Never for production use.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from putright.accounts.models import Role, StaffUser, Team
from putright.cases import audit, rules
from putright.cases.models import (
    Adjustment,
    Channel,
    Closure,
    Complaint,
    ComplaintCategory,
    Event,
    OrganisationSettings,
    Outcome,
    Person,
    Representative,
    StageInstance,
    Status,
)
from putright.cases.services import reserve_references
from putright.policy import ACKNOWLEDGE, Procedure, due_date, escalation_deadline, get_registry

DEMO_PASSWORD = "demo-only-password"

TEAMS = {
    "customer-services": "Customer Services",
    "casework": "Casework",
    "business-assurance": "Business Assurance Team",
}

#: username, first, last, role, grade, team
DEMO_STAFF: tuple[tuple[str, str, str, str, int, str], ...] = (
    ("caseworker", "Carys", "Williams", Role.CASEWORKER, 2, "customer-services"),
    ("caseworker2", "Owen", "Price", Role.CASEWORKER, 2, "casework"),
    ("reviewer", "Rhian", "Davies", Role.REVIEWER, 5, "customer-services"),
    ("reviewer2", "Tomos", "Evans", Role.REVIEWER, 6, "casework"),
    ("assurance", "Bethan", "Hughes", Role.BUSINESS_ASSURANCE, 6, "business-assurance"),
    ("manager", "Gareth", "Jones", Role.COMPLAINTS_MANAGER, 7, "customer-services"),
    ("auditor", "Alys", "Morgan", Role.AUDITOR, 4, ""),
    ("admin", "Dafydd", "Roberts", Role.ADMIN, 7, ""),
)

FIRST = [
    "Aled",
    "Bronwen",
    "Ceri",
    "Dylan",
    "Eleri",
    "Ffion",
    "Gwen",
    "Huw",
    "Iwan",
    "Jac",
    "Lowri",
    "Mari",
    "Nia",
    "Osian",
    "Sam",
    "Amir",
    "Priya",
    "Grace",
    "Oliver",
    "Chloe",
]
LAST = [
    "Jones",
    "Williams",
    "Davies",
    "Evans",
    "Thomas",
    "Roberts",
    "Hughes",
    "Lewis",
    "Morgan",
    "Griffiths",
    "Khan",
    "Patel",
    "Smith",
    "Brown",
    "Taylor",
    "Wilson",
    "Walker",
    "Wright",
]
WHAT = [
    "Nobody replied to my emails for six weeks about my case.",
    "The letter I was sent had the wrong name and address on it.",
    "The officer was rude to me on the phone and ended the call.",
    "I was promised a call back that never came.",
    "My case was closed without anyone telling me why.",
    "The form on your website kept losing my answers.",
    "You took far longer than you said to deal with my case.",
    "I asked for letters in large print and still received small print.",
]
PUT_RIGHT = [
    "An apology and an explanation of what went wrong.",
    "Correct the records and confirm in writing.",
    "Reopen my case and look at it properly.",
    "Make sure this does not happen to anyone else.",
]


@dataclass
class DemoStaff:
    users: dict[str, StaffUser]
    created: list[str]


def ensure_demo_staff() -> DemoStaff:
    """Teams, demo staff for each role and the organisation settings. Safe to run again."""
    teams = {
        code: Team.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in TEAMS.items()
    }
    created: list[str] = []
    users: dict[str, StaffUser] = {}
    for username, first, last, role, grade, team in DEMO_STAFF:
        user = StaffUser.objects.filter(username=username).first()
        if user is None:
            user = StaffUser(
                username=username,
                first_name=first,
                last_name=last,
                role=role,
                grade=grade,
                team=teams.get(team),
                email=f"{username}@putright.invalid",
                is_staff=role == Role.ADMIN,
                is_superuser=role == Role.ADMIN,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            created.append(username)
        users[username] = user
    org = rules.organisation()
    if org.default_team_id is None:
        org.default_team = teams["customer-services"]
        org.procedures = get_registry().ids()
        org.save(update_fields=["default_team", "procedures"])
    return DemoStaff(users, created)


def generate(
    count: int,
    *,
    today: date,
    seed: int = 2026,
    batch_size: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Insert ``count`` complaints in bulk. Returns how many were inserted."""
    staff = ensure_demo_staff().users
    org: OrganisationSettings = rules.organisation()
    registry = get_registry()
    procedures = [registry.get(pid) for pid in org.procedures]
    cal = rules.calendar()
    rng = random.Random(seed)
    teams = {t.code: t for t in Team.objects.all()}
    frontline_team = [teams["customer-services"], teams["casework"]]
    reviewers = [staff["reviewer"], staff["reviewer2"]]
    handlers = [staff["caseworker"], staff["caseworker2"]]
    done = 0
    for start in range(0, count, batch_size):
        size = min(batch_size, count - start)
        with transaction.atomic():
            _insert_batch(
                size,
                rng=rng,
                today=today,
                procedures=procedures,
                cal=cal,
                teams=frontline_team,
                reviewers=reviewers,
                handlers=handlers,
                assurance=staff["assurance"],
            )
        done += size
        if progress:
            progress(done)
    audit.record(actor="demo-data", action="demo-data", after={"complaints": done})
    return done


def _insert_batch(size, *, rng, today, procedures, cal, teams, reviewers, handlers, assurance):
    plans = [_plan(rng, today, procedures) for _ in range(size)]
    people = Person.objects.bulk_create(
        Person(
            full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            email=f"person{rng.randrange(10**9)}@example.invalid",
            preferred_contact=rng.choice(["email", "email", "post", "phone"]),
            language="cy" if rng.random() < 0.12 else "en",
            adjustments=([rng.choice(Adjustment.values)] if rng.random() < 0.1 else []),
        )
        for _ in plans
    )
    reps_needed = [p for p in plans if p.representative]
    reps = iter(
        Representative.objects.bulk_create(
            Representative(
                full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                organisation=rng.choice(["Citizens Advice", "Age Cymru", "", "Shelter Cymru"]),
                relationship=rng.choice(["Advocate", "Daughter", "Son", "Friend"]),
                email=f"rep{rng.randrange(10**9)}@example.invalid",
            )
            for _ in reps_needed
        )
    )
    refs_by_year: dict[int, Iterator[str]] = {}
    years: dict[int, int] = {}
    for plan in plans:
        years[plan.received.year] = years.get(plan.received.year, 0) + 1
    for year, n in years.items():
        refs_by_year[year] = iter(reserve_references(year, n))

    complaints = []
    for plan, person in zip(plans, people, strict=True):
        team = rng.choice(teams)
        handler = rng.choice(handlers)
        ack = due_date(plan.procedure, ACKNOWLEDGE, plan.received, cal).value
        complaints.append(
            Complaint(
                reference=next(refs_by_year[plan.received.year]),
                procedure_id=plan.procedure.id,
                procedure_version=plan.procedure.version,
                channel=plan.channel,
                received_on=plan.received,
                event_on=plan.event,
                found_out_on=plan.found_out,
                what_went_wrong=rng.choice(WHAT),
                put_right=rng.choice(PUT_RIGHT),
                original_reference=f"C-{rng.randrange(10**6):06d}",
                original_handler=handler,
                person=person,
                representative=next(reps) if plan.representative else None,
                consent_received_on=(
                    plan.received + timedelta(days=3)
                    if plan.representative and plan.state != "awaiting-consent"
                    else None
                ),
                language=person.language,
                team=team,
                acknowledge_by=ack,
                acknowledged_on=None if plan.state in {"new"} else min(ack, today),
                accepted_late=plan.late,
                late_reason="Illness prevented an earlier complaint." if plan.late else "",
                status=Status.NEW,
            )
        )
    stages: list[StageInstance] = []
    for plan, complaint in zip(plans, complaints, strict=True):
        _apply_state(
            plan,
            complaint,
            stages,
            rng=rng,
            today=today,
            cal=cal,
            reviewers=reviewers,
            assurance=assurance,
        )
    complaints = Complaint.objects.bulk_create(complaints)
    now = timezone.now()
    ComplaintCategory.objects.bulk_create(
        ComplaintCategory(complaint=complaint, code=code)
        for plan, complaint in zip(plans, complaints, strict=True)
        for code in plan.categories
    )
    StageInstance.objects.bulk_create(stages)
    Event.objects.bulk_create(
        Event(
            complaint=complaint,
            kind="received",
            at=now,
            summary=f"Complaint received by {complaint.get_channel_display().lower()}.",
        )
        for complaint in complaints
    )


@dataclass
class _Plan:
    procedure: Procedure
    received: date
    event: date
    found_out: date | None
    channel: str
    categories: list[str]
    representative: bool
    late: bool
    state: str


STATES = [
    ("new", 8),
    ("awaiting-consent", 3),
    ("out-of-scope", 5),
    ("first-open", 22),
    ("first-responded", 12),
    ("second-open", 14),
    ("final", 30),
    ("frontline-resolved", 6),
]


def _plan(rng: random.Random, today: date, procedures: list[Procedure]) -> _Plan:
    procedure = rng.choice(procedures)
    state = rng.choices([s for s, _ in STATES], weights=[w for _, w in STATES])[0]
    age = {
        "new": 6,
        "awaiting-consent": 20,
        "first-open": 60,
        "first-responded": 75,
        "second-open": 120,
    }.get(state, 400)
    received = today - timedelta(days=rng.randrange(0, age + 1))
    late = rng.random() < 0.06
    event = received - timedelta(days=rng.randrange(100, 200) if late else rng.randrange(0, 25))
    found_out = event + timedelta(days=rng.randrange(0, 5)) if rng.random() < 0.3 else None
    if found_out and found_out > received:
        found_out = received
    cats = [c.code for c in procedure.categories]
    chosen = rng.sample(cats, k=min(len(cats), rng.choice([1, 1, 2]))) if cats else []
    return _Plan(
        procedure=procedure,
        received=received,
        event=event,
        found_out=found_out,
        channel=rng.choices(Channel.values, weights=[55, 20, 8, 12, 5])[0],
        categories=chosen,
        representative=state == "awaiting-consent" or rng.random() < 0.08,
        late=late,
        state=state,
    )


def _apply_state(plan, complaint, stages, *, rng, today, cal, reviewers, assurance):
    procedure = plan.procedure
    state = plan.state
    if state == "new":
        complaint.current_due_on = complaint.acknowledge_by
        return
    if state == "awaiting-consent":
        complaint.status = Status.AWAITING_CONSENT
        return
    if state == "out-of-scope" and procedure.exclusions:
        exclusion = rng.choice(procedure.exclusions)
        complaint.status = Status.CLOSED
        complaint.closure = Closure.OUT_OF_SCOPE
        complaint.closure_code = exclusion.code
        complaint.closure_reason = exclusion.title.en
        complaint.closed_on = min(today, plan.received + timedelta(days=3))
        return
    start = complaint.consent_received_on or plan.received
    sequence = 0
    clock = start
    for index, stage in enumerate(procedure.stages):
        sequence += 1
        due = (
            due_date(procedure, stage.key, clock, cal).value
            if stage.target_working_days is not None
            else None
        )
        reviewer = assurance if stage.reviewer.required_team else rng.choice(reviewers)
        instance = StageInstance(
            complaint=complaint,
            stage_key=stage.key,
            sequence=sequence,
            started_on=clock,
            clock_started_on=clock,
            due_on=due,
            reviewer=reviewer,
            escalation_requested_on=clock if index else None,
        )
        stages.append(instance)
        complaint.current_stage = stage.key
        open_here = (state == "first-open" and index == 0) or (
            state == "second-open" and index == len(procedure.stages) - 1
        )
        if stage.kind == "frontline" and state == "frontline-resolved":
            instance.outcome = Outcome.RESOLVED_AT_FRONTLINE
            instance.frontline_action = "Apologised on the phone and corrected the record."
            instance.responded_on = min(today, clock + timedelta(days=2))
            complaint.status = Status.CLOSED
            complaint.closure = Closure.RESOLVED_FRONTLINE
            complaint.closed_on = instance.responded_on
            return
        if open_here:
            complaint.status = Status.OPEN
            complaint.assigned_to = reviewer
            if due and rng.random() < 0.1 and stage.extension.allowed:
                instance.extended_due_on = cal.add_working_days(due, 10).value
                instance.extension_reason = "Waiting for records from another team."
                instance.extensions = 1
            complaint.current_due_on = instance.extended_due_on or due
            return
        responded = min(
            today, (due or clock + timedelta(days=2)) - timedelta(days=rng.randrange(0, 6))
        )
        responded = max(responded, clock)
        instance.responded_on = responded
        if stage.kind == "frontline":
            instance.frontline_action = "Could not be resolved on the spot."
        else:
            instance.outcome = rng.choice(
                [Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.NOT_UPHELD]
            )
            instance.conclusions = "We looked at the records and spoke to the staff involved."
            instance.reasons = "The records show the delay was ours."
            instance.findings = {
                q.code: rng.choice(["yes", "partly", "no"]) for q in stage.findings
            }
        if state == "first-responded" and stage.escalation is not None:
            complaint.status = Status.RESPONDED
            complaint.current_due_on = escalation_deadline(procedure, stage.key, responded).value
            return
        if stage.is_final:
            complaint.status = Status.CLOSED
            complaint.closure = Closure.FINAL_RESPONSE
            complaint.closed_on = responded
            complaint.current_due_on = None
            return
        clock = min(today, responded + timedelta(days=rng.randrange(1, 20)))
