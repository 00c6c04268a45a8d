"""Demo data: staff for each role, and a realistic spread of complaints, inserted in bulk.

Each demo case is a **scenario**: the complaint as recorded, then the steps taken on it (which
action, on which day, by whom, with what input), exactly as a member of staff, the complainant or
the system would take them. ``plan_case`` works out the rows those steps leave behind, the same
rows the real actions write (``tests/cases/test_demo_matches_actions.py`` replays scenarios
through the actions and compares), with every due date from ``putright.cases.deadlines``.
``insert_cases`` then writes many planned cases at once, which is what keeps a million fast.

The spread covers both procedures, every stage, channel and category, outcomes, late and
out-of-scope complaints, consent holds, extensions, remedies, withdrawals and overdue cases; the
first few cases are the ones a demo user should meet at once. It is deterministic for a given
seed and ``today``, so benchmarks are repeatable. Never for production use.
"""

from __future__ import annotations

import functools
import json
import random
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, ClassVar, cast

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import get_language

from putright.accounts.models import Role, StaffUser, Team
from putright.cases import audit, deadlines, rules
from putright.cases.models import (
    Adjustment,
    Channel,
    Closure,
    Complaint,
    ComplaintCategory,
    Consent,
    ConsentKind,
    Event,
    Outcome,
    Person,
    Remedy,
    RemedyStatus,
    Representative,
    StageInstance,
    Status,
)
from putright.cases.services import (
    NewComplaint,
    PersonDetails,
    RepresentativeDetails,
    reserve_references,
)
from putright.policy import (
    Calendar,
    Procedure,
    escalation_deadline,
    get_registry,
    response_clock_start,
)

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


#: What staff write on demo cases.
TEXT = {
    "late": "Illness prevented an earlier complaint.",
    "consent-scope": "To act for the person on this complaint and to receive its letters.",
    "consent-declaration": "I agree that my representative may act for me on this complaint.",
    "frontline": "Apologised on the phone and corrected the record.",
    "conclusions": "We looked at the records and spoke to the staff involved.",
    "reasons": "The records show the delay was ours.",
    "escalation": "The response did not answer my main point.",
    "extension": "Waiting for records from another team.",
    "withdrawn": "The complainant says the matter has now been sorted out.",
    "apology": "We should have replied much sooner.",
    "payment": "The time and trouble our delay caused.",
    "justification": "Six weeks without a reply, and two promised calls never made.",
}

#: Who takes a step that no member of staff takes.
SYSTEM = "system"
COMPLAINANT = "complainant"


# -- scenarios: what happens to a demo case ----------------------------------------------------


@dataclass(frozen=True)
class Cast:
    """The team and the people one demo case involves, by the part each plays."""

    team: Team
    #: Records the complaint, triages it and handles a frontline stage.
    recorder: StaffUser
    #: Handled the original matter complained about, so may not review it.
    handler: StaffUser
    #: Reviews a review stage that needs no particular team.
    reviewer: StaffUser
    #: Reviews a stage that needs the Business Assurance Team.
    assurance: StaffUser
    #: Assigns reviewers and decides remedies that need approval.
    manager: StaffUser

    def member(self, part: str) -> StaffUser:
        return cast(StaffUser, getattr(self, part))


@dataclass(frozen=True)
class Step:
    """One action taken on a demo case: which, on which day, by whom, with what input.

    ``by`` is a part in the case's ``Cast`` (``"recorder"``, ``"reviewer"``...), or ``SYSTEM`` or
    ``COMPLAINANT``. ``people`` names the input fields that take a member of staff, by part.
    ``decide-remedy`` decides the remedy proposed last.
    """

    on: date
    action: str
    by: str
    data: Mapping[str, Any] = field(default_factory=dict)
    people: Mapping[str, str] = field(default_factory=dict)

    def input(self, crew: Cast) -> dict[str, Any]:
        """The action's input, with the cast's staff in place of their parts."""
        return {**self.data, **{name: crew.member(part) for name, part in self.people.items()}}


@dataclass(frozen=True)
class Variant:
    """The ways two demo cases in the same state differ."""

    #: Made by a representative: held until the person's consent arrived.
    representative: bool = False
    #: Out of time: accepted late, with the reason.
    late: bool = False
    #: The running stage's target extended, where the procedure allows it.
    extended: bool = False
    #: A remedy proposed and decided before a response: "apology" (needs no decision),
    #: "payment-approved" or "payment-rejected".
    remedy: str = ""
    #: A frontline stage resolved before the complainant asked for the next stage.
    resolved_first: bool = False


@dataclass(frozen=True)
class Scenario:
    """A demo complaint as it was recorded, and the steps taken on it since."""

    state: str
    procedure_id: str
    received_on: date
    event_on: date
    found_out_on: date | None
    channel: str
    categories: tuple[str, ...]
    what_went_wrong: str
    put_right: str
    original_reference: str
    person: PersonDetails
    representative: RepresentativeDetails | None
    late_reason: str
    steps: tuple[Step, ...]

    def new_complaint(self, crew: Cast) -> NewComplaint:
        """What the record service is given for this complaint."""
        return NewComplaint(
            procedure_id=self.procedure_id,
            channel=self.channel,
            received_on=self.received_on,
            what_went_wrong=self.what_went_wrong,
            person=self.person,
            put_right=self.put_right,
            event_on=self.event_on,
            found_out_on=self.found_out_on,
            categories=self.categories,
            original_reference=self.original_reference,
            original_handler=crew.handler,
            representative=self.representative,
            late_reason=self.late_reason,
            language=self.person.language,
            team=crew.team,
        )


#: The states a demo case can be left in, and how often (in 100).
STATES: tuple[tuple[str, int], ...] = (
    ("new", 6),  # not yet acknowledged: the acknowledgement is what it waits for
    ("acknowledged", 2),  # acknowledged, still in triage
    ("awaiting-consent", 3),
    ("out-of-scope", 5),
    ("first-open", 21),
    ("payment-proposed", 1),  # a review stage running, a payment awaiting decision
    ("first-responded", 12),  # the first stage answered; the complainant may ask for more
    ("second-open", 13),
    ("final", 29),  # closed by the final response
    ("closed-not-escalated", 6),  # closed after the window to ask for more
    ("withdrawn", 2),
)

#: The first cases of every load, so even a small one shows what a demo user should meet.
SHOWCASE = ("new", "new", "new", "awaiting-consent", "payment-proposed", "withdrawn")

#: How long ago (in days, from and to) a complaint in each state was received.
AGES: dict[str, tuple[int, int]] = {
    "new": (0, 8),
    "acknowledged": (2, 15),
    "awaiting-consent": (0, 20),
    "out-of-scope": (0, 400),
    "first-open": (0, 60),
    "payment-proposed": (10, 60),
    "first-responded": (20, 75),
    "second-open": (20, 120),
    "final": (100, 400),
    "closed-not-escalated": (100, 400),
    "withdrawn": (10, 200),
}

#: The states a representative's complaint can be in (it is never left new and unconsented).
REPRESENTED = frozenset(s for s, _ in STATES) - {"new", "acknowledged", "out-of-scope"}


def build_scenario(
    state: str,
    procedure: Procedure,
    *,
    today: date,
    rng: random.Random,
    variant: Variant | None = None,
    dates: DueDates | None = None,
) -> Scenario:
    """A complaint under ``procedure`` left in ``state`` on ``today``, with every step that put it
    there, each on a day its action allows. The steps follow the version of the procedure in
    force on the day the complaint was received, as the case will."""
    variant = variant or Variant()
    dates = dates or DueDates(rules.calendar())
    received = today - timedelta(days=rng.randint(*AGES[state]))
    procedure = dates.procedure(procedure.id, received)
    late = variant.late
    event = received - timedelta(days=rng.randint(100, 200) if late else rng.randint(0, 25))
    found_out = event + timedelta(days=rng.randint(0, 4)) if rng.random() < 0.3 else None
    if found_out and found_out > received:
        found_out = received
    codes = [c.code for c in procedure.categories]
    categories = tuple(rng.sample(codes, k=min(len(codes), rng.choice([1, 1, 2])))) if codes else ()
    language = "cy" if rng.random() < 0.12 else "en"
    person = PersonDetails(
        full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        email=f"person{rng.randrange(10**9)}@example.invalid",
        preferred_contact=rng.choice(["email", "email", "post", "phone"]),
        language=language,
        adjustments=[rng.choice(Adjustment.values)] if rng.random() < 0.1 else [],
    )
    represented = state == "awaiting-consent" or (variant.representative and state in REPRESENTED)
    representative = (
        RepresentativeDetails(
            full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            organisation=rng.choice(["Citizens Advice", "Age Cymru", "", "Shelter Cymru"]),
            relationship=rng.choice(["Advocate", "Daughter", "Son", "Friend"]),
            email=f"rep{rng.randrange(10**9)}@example.invalid",
        )
        if represented
        else None
    )
    channel = rng.choices(Channel.values, weights=[55, 20, 8, 12, 5])[0]
    plot = _Plot(procedure, dates, rng, today, received, variant)
    plot.tell(state, channel=channel, represented=represented)
    return Scenario(
        state=state,
        procedure_id=procedure.id,
        received_on=received,
        event_on=event,
        found_out_on=found_out,
        channel=channel,
        categories=categories,
        what_went_wrong=rng.choice(WHAT),
        put_right=rng.choice(PUT_RIGHT),
        original_reference=f"C-{rng.randrange(10**6):06d}",
        person=person,
        representative=representative,
        late_reason=TEXT["late"] if late else "",
        steps=tuple(plot.steps),
    )


def _reviewer_part(procedure: Procedure, stage_key: str) -> str:
    return "assurance" if procedure.stage(stage_key).reviewer.required_team else "reviewer"


class _Plot:
    """Writes a scenario's steps in order, each on or after the one before, never after today."""

    def __init__(
        self,
        procedure: Procedure,
        dates: DueDates,
        rng: random.Random,
        today: date,
        received: date,
        variant: Variant,
    ) -> None:
        self.procedure = procedure
        self.dates = dates
        self.rng = rng
        self.today = today
        self.received = received
        self.variant = variant
        self.steps: list[Step] = []
        self.day = received
        self.consent_on: date | None = None

    def add(
        self,
        action: str,
        by: str,
        on: date | None = None,
        people: Mapping[str, str] | None = None,
        **data: Any,
    ) -> None:
        self.day = max(self.day, on or self.day)
        self.steps.append(Step(self.day, action, by, data, people or {}))

    def later(self, low: int, high: int) -> date:
        """A day ``low`` to ``high`` days after the last step, or today if that is sooner."""
        return min(self.today, self.day + timedelta(days=self.rng.randint(low, high)))

    def tell(self, state: str, *, channel: str, represented: bool) -> None:
        if state == "new":
            return
        procedure = self.procedure
        if represented:
            self.add("hold-for-consent", "recorder")
        acknowledge_by = self.dates.acknowledge(procedure, self.received)
        sent = self.later(0, max(0, (acknowledge_by - self.received).days))
        self.add(
            "acknowledge", SYSTEM if channel == Channel.WEB else "recorder", sent, sent_on=sent
        )
        if state in {"acknowledged", "awaiting-consent"}:
            return
        if state == "out-of-scope":
            exclusion = self.rng.choice(procedure.exclusions)
            self.add(
                "close-out-of-scope",
                "recorder",
                self.later(0, 3),
                code=exclusion.code,
                reason=exclusion.title.en,
            )
            return
        if represented:
            self.consent_on = self.later(1, 8)
            self.add(
                "record-consent",
                "recorder",
                self.consent_on,
                scope=TEXT["consent-scope"],
                declaration=TEXT["consent-declaration"],
                given_on=self.consent_on,
                received_on=self.consent_on,
            )
        if self.variant.late:
            self.add("accept-late", "recorder", self.later(0, 3), reason=TEXT["late"])
        else:
            self.add("accept", "recorder", self.later(0, 3))
        first = procedure.first_stage
        self.staff_stage(first.key)
        if state == "first-open":
            self.extend(first.key, None)
        elif state == "withdrawn":
            by = self.rng.choice([COMPLAINANT, "recorder"])
            self.add("withdraw", by, self.later(1, 30), confirm=True, reason=TEXT["withdrawn"])
        elif state == "payment-proposed":
            if first.kind == "frontline":
                self.escalate(first.key, self.later(0, 5))
            following = procedure.next_stage(first.key)
            assert following is not None
            stage = following.key if first.kind == "frontline" else first.key
            self.propose(_reviewer_part(procedure, stage), "payment", self.later(0, 10))
        elif state == "first-responded":
            answered = max(self.day, self.today - timedelta(days=self.rng.randint(0, 25)))
            self.answer(first.key, answered, remedy=True)
        elif state == "closed-not-escalated":
            responded = self.answer(first.key, self.later(5, 40), remedy=True)
            self.close_after_window(first.key, responded)
        elif state in {"second-open", "final"}:
            second = self.to_second_stage(first.key, remedy=state == "second-open")
            if state == "final":
                self.answer(second, self.later(5, 30), remedy=True)

    def staff_stage(self, stage_key: str) -> None:
        """Give the stage that just started to someone: the recorder handles a frontline stage;
        the manager assigns a reviewer the stage's rule allows."""
        if self.procedure.stage(stage_key).kind == "frontline":
            self.add("assign", "recorder", people={"assignee": "recorder"})
        else:
            part = _reviewer_part(self.procedure, stage_key)
            self.add("assign-reviewer", "manager", people={"reviewer": part})

    def answer(self, stage_key: str, on: date, *, remedy: bool) -> date:
        """Respond to (or resolve at frontline) the running stage, deciding any remedy first."""
        stage = self.procedure.stage(stage_key)
        by = "recorder" if stage.kind == "frontline" else _reviewer_part(self.procedure, stage_key)
        if remedy and self.variant.remedy:
            self.propose(by, self.variant.remedy, on)
        if stage.kind == "frontline":
            self.add("resolve-frontline", by, on, action_taken=TEXT["frontline"])
            return self.day
        outcome = self.rng.choice([Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.NOT_UPHELD])
        self.add(
            "respond",
            by,
            on,
            outcome=str(outcome),
            conclusions=TEXT["conclusions"],
            reasons=TEXT["reasons"],
            findings={q.code: self.rng.choice(["yes", "partly", "no"]) for q in stage.findings},
        )
        return self.day

    def propose(self, by: str, remedy: str, on: date) -> None:
        """Propose a remedy: an apology, or a payment ("payment" leaves it awaiting decision)."""
        if remedy == "apology":
            self.add("propose-remedy", by, on, remedy_type="apology", reason=TEXT["apology"])
            return
        amount = Decimal(self.rng.choice(["50.00", "75.00", "150.00", "250.00"]))
        self.add(
            "propose-remedy",
            by,
            on,
            remedy_type="consolatory-payment",
            reason=TEXT["payment"],
            amount=amount,
            justification=TEXT["justification"],
        )
        if remedy in {"payment-approved", "payment-rejected"}:
            decision = "approve" if remedy == "payment-approved" else "reject"
            self.add("decide-remedy", "manager", decision=decision)

    def escalate(self, stage_key: str, requested: date) -> None:
        """The complainant asks for the next stage (inside any window); the manager assigns its
        reviewer the same day, and its target may be extended."""
        self.add(
            "escalate", "recorder", requested, requested_on=requested, reason=TEXT["escalation"]
        )
        following = self.procedure.next_stage(stage_key)
        assert following is not None
        self.staff_stage(following.key)
        self.extend(following.key, requested)

    def to_second_stage(self, first_key: str, *, remedy: bool) -> str:
        """Take the case from its first stage to the next; returns the next stage's key."""
        first = self.procedure.stage(first_key)
        if first.kind == "frontline" and not self.variant.resolved_first:
            self.escalate(first_key, self.later(0, 7))  # not resolved: passed straight on
        else:
            answered = self.later(0, 5) if first.kind == "frontline" else self.later(10, 40)
            self.answer(first_key, answered, remedy=remedy)
            self.escalate(first_key, self.later(0, 25))  # inside a window of a month or more
        following = self.procedure.next_stage(first_key)
        assert following is not None
        return following.key

    def extend(self, stage_key: str, requested: date | None) -> None:
        """Extend the running stage's target by ten working days, where the procedure allows."""
        stage = self.procedure.stage(stage_key)
        if not (self.variant.extended and stage.extension.allowed):
            return
        clock = self.dates.clock(
            self.procedure, stage_key, self.received, self.consent_on, requested
        )
        target = self.dates.stage(self.procedure, stage_key, clock)
        if target is None:
            return
        new_due = self.dates.calendar.add_working_days(target, 10).value
        by = _reviewer_part(self.procedure, stage_key)
        self.add("extend", by, self.later(0, 5), new_due_on=new_due, reason=TEXT["extension"])

    def close_after_window(self, stage_key: str, responded: date) -> None:
        """The system closes the case once the window to ask for the next stage has passed."""
        if self.procedure.stage(stage_key).escalation is None:
            self.add("close-not-escalated", SYSTEM, self.later(0, 10))
            return
        last_day = escalation_deadline(self.procedure, stage_key, responded).value
        closing = min(self.today, last_day + timedelta(days=self.rng.randint(1, 10)))
        if closing <= last_day:  # AGES keeps these cases old enough for this never to happen
            raise ValueError(f"a response on {responded} leaves no day after its window by today")
        self.add("close-not-escalated", SYSTEM, closing)


#: How often a response comes with a remedy decided first (in 100).
REMEDIES: tuple[tuple[str, int], ...] = (
    ("", 79),
    ("apology", 15),
    ("payment-approved", 4),
    ("payment-rejected", 2),
)


def random_scenario(
    rng: random.Random,
    today: date,
    procedures: Sequence[Procedure],
    dates: DueDates,
    state: str | None = None,
) -> Scenario:
    """One demo complaint from the realistic spread (or in ``state``)."""
    procedure = rng.choice(procedures)
    if state is None:
        state = rng.choices([s for s, _ in STATES], weights=[w for _, w in STATES])[0]
    variant = Variant(
        representative=rng.random() < 0.08,
        late=rng.random() < 0.06,
        extended=rng.random() < 0.1 and state != "payment-proposed",
        remedy=rng.choices([r for r, _ in REMEDIES], weights=[w for _, w in REMEDIES])[0],
        resolved_first=rng.random() < 0.5,
    )
    return build_scenario(state, procedure, today=today, rng=rng, variant=variant, dates=dates)


# -- planning: the rows a scenario leaves behind -----------------------------------------------


class DueDates:
    """``putright.cases.deadlines``' answers for one load, remembered: a million cases ask the
    same few thousand questions. Also the procedure version in force on each received date."""

    def __init__(self, calendar: Calendar) -> None:
        self.calendar = calendar
        self._procedures: dict[tuple[str, date], Procedure] = {}
        self._acknowledge: dict[tuple[str, int, date], date] = {}
        self._clock: dict[tuple[Any, ...], date] = {}
        self._stage: dict[tuple[str, int, str, date], date | None] = {}

    def procedure(self, procedure_id: str, received_on: date) -> Procedure:
        key = (procedure_id, received_on)
        if key not in self._procedures:
            self._procedures[key] = rules.registry().effective_on(procedure_id, received_on)
        return self._procedures[key]

    def acknowledge(self, procedure: Procedure, received_on: date) -> date:
        key = (procedure.id, procedure.version, received_on)
        if key not in self._acknowledge:
            answer = deadlines.acknowledge_due(procedure, received_on, self.calendar)
            self._acknowledge[key] = answer.value
        return self._acknowledge[key]

    def clock(
        self,
        procedure: Procedure,
        stage_key: str,
        received_on: date,
        consent_received_on: date | None,
        escalation_requested_on: date | None,
    ) -> date:
        key = (
            procedure.id,
            procedure.version,
            stage_key,
            received_on,
            consent_received_on,
            escalation_requested_on,
        )
        if key not in self._clock:
            self._clock[key] = response_clock_start(
                procedure,
                stage_key,
                received_on=received_on,
                consent_received_on=consent_received_on,
                escalation_requested_on=escalation_requested_on,
            )[0]
        return self._clock[key]

    def stage(self, procedure: Procedure, stage_key: str, clock: date) -> date | None:
        key = (procedure.id, procedure.version, stage_key, clock)
        if key not in self._stage:
            target = deadlines.stage_due(procedure, stage_key, clock, self.calendar)
            self._stage[key] = target.value if target else None
        return self._stage[key]

    def current(
        self, complaint: Complaint, stages: list[PlannedStage], procedure: Procedure
    ) -> date | None:
        """``deadlines.current_due`` for a case whose rows are not saved yet."""
        return deadlines.current_due(
            cast(Complaint, _Unsaved(complaint, stages)), procedure, self.calendar
        )


class _Unsaved:
    """What ``deadlines.current_due`` reads from a case, for one whose rows are not saved yet
    (a relation of an unsaved row cannot be queried)."""

    def __init__(self, complaint: Complaint, stages: list[PlannedStage]) -> None:
        self.status = complaint.status
        self.acknowledged_on = complaint.acknowledged_on
        self.received_on = complaint.received_on
        self.stages = self
        self._stages = stages

    def all(self) -> list[PlannedStage]:
        return self._stages


@dataclass(slots=True)
class PlannedStage:
    """A stage of a case, not yet saved: the columns of ``StageInstance`` but its case's id, and
    its defaults. A plain record is much cheaper to make than a model instance."""

    stage_key: str
    sequence: int
    started_on: date
    clock_started_on: date | None
    due_on: date | None
    escalation_requested_on: date | None = None
    reviewer_id: int | None = None
    seniority_reason: str = ""
    extended_due_on: date | None = None
    extension_reason: str = ""
    extensions: int = 0
    responded_on: date | None = None
    outcome: str = ""
    conclusions: str = ""
    reasons: str = ""
    findings: dict[str, str] = field(default_factory=dict)
    frontline_action: str = ""
    escalation_reason: str = ""

    #: The columns, as ``StageInstance`` names them (all but its id and its case's).
    COLUMNS: ClassVar[tuple[str, ...]] = (
        "stage_key",
        "sequence",
        "started_on",
        "clock_started_on",
        "due_on",
        "escalation_requested_on",
        "reviewer_id",
        "seniority_reason",
        "extended_due_on",
        "extension_reason",
        "extensions",
        "responded_on",
        "outcome",
        "conclusions",
        "reasons",
        "findings",
        "frontline_action",
        "escalation_reason",
    )

    def values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.COLUMNS)


@dataclass(slots=True)
class PlannedEvent:
    """A timeline event, not yet saved: the columns of ``Event`` but its case's id. (Events are
    most of a load's rows; a plain record is much cheaper to make than a model instance.)"""

    kind: str
    summary: str
    actor_id: int | None
    data: dict[str, Any]
    at: datetime
    tell_complainant: bool = False


@dataclass
class CaseRows:
    """The rows one demo case leaves behind, not yet saved."""

    procedure: Procedure
    person: Person
    representative: Representative | None
    complaint: Complaint
    categories: list[str] = field(default_factory=list)
    stages: list[PlannedStage] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    remedies: list[Remedy] = field(default_factory=list)
    events: list[PlannedEvent] = field(default_factory=list)
    #: Event data naming a row by its id, filled in once the row is saved: (event, key, row).
    links: list[tuple[PlannedEvent, str, Consent | Remedy]] = field(default_factory=list)
    #: The stage each remedy was proposed at, given its id once the stages are saved.
    remedy_stages: list[tuple[Remedy, PlannedStage]] = field(default_factory=list)


def plan_case(scenario: Scenario, crew: Cast, dates: DueDates) -> CaseRows:
    """The rows ``scenario`` leaves behind: what ``services.complaint_create`` and then each
    step's action would write, field for field and event for event (no audit entries)."""
    planner = _Planner(scenario, crew, dates)
    for step in scenario.steps:
        planner.take(step)
    return planner.rows


@functools.lru_cache(maxsize=64)
def _received_summary(channel: str, language: str | None) -> str:
    """The "received" event's line, as ``complaint_create`` writes it, in ``language``."""
    return f"Complaint received by {str(Channel(channel).label).lower()}."


class _Planner:
    """Takes a scenario's steps on rows in memory, as the actions take them on saved ones."""

    def __init__(self, scenario: Scenario, crew: Cast, dates: DueDates) -> None:
        self.crew = crew
        self.dates = dates
        data = scenario.new_complaint(crew)
        procedure = dates.procedure(data.procedure_id, data.received_on)
        self.procedure = procedure
        p = data.person
        person = Person(
            full_name=p.full_name.strip(),
            email=p.email.strip(),
            phone=p.phone.strip(),
            address=p.address.strip(),
            preferred_contact=p.preferred_contact,
            language=p.language,
            adjustments=list(p.adjustments),
            adjustments_detail=p.adjustments_detail.strip(),
        )
        representative = None
        if data.representative is not None:
            r = data.representative
            representative = Representative(
                full_name=r.full_name.strip(),
                organisation=r.organisation.strip(),
                relationship=r.relationship.strip(),
                email=r.email.strip(),
                phone=r.phone.strip(),
                address=r.address.strip(),
            )
        acknowledge = dates.acknowledge(procedure, data.received_on)
        complaint = Complaint(
            reference="",
            procedure_id=procedure.id,
            procedure_version=procedure.version,
            channel=data.channel,
            received_on=data.received_on,
            event_on=data.event_on,
            found_out_on=data.found_out_on,
            what_went_wrong=data.what_went_wrong.strip(),
            put_right=data.put_right.strip(),
            original_reference=data.original_reference.strip(),
            # Staff and team by id: setting a relation on a model is slow at a million rows.
            original_handler_id=data.original_handler.pk if data.original_handler else None,
            person=person,
            representative=representative,
            scope_answers=dict(data.scope_answers),
            late_reason=data.late_reason.strip(),
            language=data.language,
            team_id=data.team.pk if data.team else None,
            acknowledge_by=acknowledge,
            current_due_on=acknowledge,
            submission_key=None,
        )
        self.c = complaint
        self.rows = CaseRows(procedure, person, representative, complaint)
        # The rows beside the complaint get its id when it is saved (insert_cases).
        self.rows.categories = list(dict.fromkeys(data.categories))
        self.on = data.received_on
        self.by = "recorder"
        self._minutes = 0
        self._zone = timezone.get_current_timezone()
        self.rows.events.append(
            PlannedEvent(
                kind="received",
                summary=_received_summary(complaint.channel, get_language()),
                actor_id=crew.recorder.pk,
                data={},
                at=self._at(),
            )
        )

    # -- context, as the actions see it --------------------------------------------------------
    @property
    def staff(self) -> StaffUser | None:
        return None if self.by in {SYSTEM, COMPLAINANT} else self.crew.member(self.by)

    @property
    def actor_kind(self) -> str:
        return self.by if self.by in {SYSTEM, COMPLAINANT} else "staff"

    @property
    def stage(self) -> PlannedStage:
        return self.rows.stages[-1]

    def _at(self) -> datetime:
        self._minutes += 1
        start = datetime.combine(self.on, time(9), tzinfo=self._zone)
        return start + timedelta(minutes=self._minutes)

    def take(self, step: Step) -> None:
        if step.on != self.on:
            self._minutes = 0
        self.on = step.on
        self.by = step.by
        handler = getattr(self, "_" + step.action.replace("-", "_"), None)
        if handler is None:
            raise ValueError(f"demo data cannot take the action {step.action!r}")
        handler(step.input(self.crew))
        self.c.version += 1

    def event(self, kind: str, summary: str, *, tell: bool = False, **data: Any) -> PlannedEvent:
        staff = self.staff
        event = PlannedEvent(
            kind=kind,
            summary=summary,
            actor_id=staff.pk if staff else None,
            data={"by": self.actor_kind, **{k: audit._jsonable(v) for k, v in data.items()}},
            at=self._at(),
            tell_complainant=tell,
        )
        for key, value in data.items():
            if isinstance(value, Consent | Remedy):
                self.rows.links.append((event, key, value))
        self.rows.events.append(event)
        return event

    def start_stage(self, key: str, *, escalation_requested_on: date | None = None) -> None:
        c = self.c
        clock = self.dates.clock(
            self.procedure, key, c.received_on, c.consent_received_on, escalation_requested_on
        )
        due = self.dates.stage(self.procedure, key, clock)
        previous = self.rows.stages[-1] if self.rows.stages else None
        self.rows.stages.append(
            PlannedStage(
                stage_key=key,
                sequence=previous.sequence + 1 if previous else 1,
                started_on=self.on,
                clock_started_on=clock,
                due_on=due,
                escalation_requested_on=escalation_requested_on,
            )
        )
        c.status = Status.OPEN
        c.current_stage = key
        c.current_due_on = due

    def after_response(self, stage: PlannedStage) -> None:
        c = self.c
        definition = self.procedure.stage(stage.stage_key)
        if definition.is_final:
            c.status = Status.CLOSED
            c.closure = Closure.FINAL_RESPONSE
            c.closed_on = self.on
            c.current_due_on = None
            return
        c.status = Status.RESPONDED
        c.current_due_on = self.dates.current(c, self.rows.stages, self.procedure)
        if definition.kind == "frontline" and stage.outcome == Outcome.RESOLVED_AT_FRONTLINE:
            c.closure = Closure.RESOLVED_FRONTLINE

    def close(self, closure: str) -> None:
        self.c.status = Status.CLOSED
        self.c.closure = closure
        self.c.closed_on = self.on
        self.c.current_due_on = None

    # -- the actions, one method each (named after the action's key) ---------------------------
    def _acknowledge(self, data: Mapping[str, Any]) -> None:
        c = self.c
        c.acknowledged_on = data.get("sent_on") or self.on
        if c.status in {Status.NEW, Status.AWAITING_CONSENT}:
            c.current_due_on = None
        self.event("acknowledged", "Acknowledgement sent.", sent_on=c.acknowledged_on)

    def _hold_for_consent(self, data: Mapping[str, Any]) -> None:
        self.c.status = Status.AWAITING_CONSENT
        self.c.current_due_on = None
        self.event("held-for-consent", "Held awaiting the person’s written consent.", tell=True)

    def _record_consent(self, data: Mapping[str, Any]) -> None:
        consent = Consent(
            kind=ConsentKind.DECLARATION,
            declaration=data.get("declaration", "").strip(),
            scope=data.get("scope", "").strip(),
            given_on=data.get("given_on") or self.on,
            expires_on=data.get("expires_on"),
            recorded_by=self.staff,
        )
        self.rows.consents.append(consent)
        received = data.get("received_on") or self.on
        self.c.consent_received_on = received
        self.c.status = Status.NEW
        self.event(
            "consent-recorded",
            f"Consent recorded (received {received:%d %B %Y}).",
            consent=consent,
            received_on=received,
        )

    def _accept(self, data: Mapping[str, Any]) -> None:
        key = self.procedure.first_stage.key
        self.start_stage(key)
        self.event("accepted", "Accepted; the first stage started.", stage=key)

    def _accept_late(self, data: Mapping[str, Any]) -> None:
        self.c.accepted_late = True
        self.c.late_reason = data.get("reason", "").strip()
        key = self.procedure.first_stage.key
        self.start_stage(key)
        self.event(
            "accepted-late",
            f"Accepted out of time: {self.c.late_reason}",
            stage=key,
            reason=self.c.late_reason,
        )

    def _close_out_of_scope(self, data: Mapping[str, Any]) -> None:
        exclusion = self.procedure.exclusion(data["code"])
        self.close(Closure.OUT_OF_SCOPE)
        self.c.closure_code = exclusion.code
        self.c.closure_reason = data.get("reason", "").strip()
        self.event(
            "closed-out-of-scope",
            f"Closed as not covered ({exclusion.title.en}).",
            tell=True,
            code=exclusion.code,
        )

    def _assign(self, data: Mapping[str, Any]) -> None:
        assignee = data["assignee"]
        self.c.assigned_to_id = assignee.pk
        self.event("assigned", f"Assigned to {assignee}.", to=str(assignee))

    def _assign_reviewer(self, data: Mapping[str, Any]) -> None:
        reviewer = data["reviewer"]
        stage = self.stage
        stage.reviewer_id = reviewer.pk
        stage.seniority_reason = data.get("seniority_reason", "").strip()
        self.c.assigned_to_id = reviewer.pk
        self.event(
            "reviewer-assigned",
            f"{reviewer} assigned to review {stage.stage_key}.",
            to=str(reviewer),
            stage=stage.stage_key,
        )

    def _resolve_frontline(self, data: Mapping[str, Any]) -> None:
        stage = self.stage
        stage.frontline_action = data.get("action_taken", "").strip()
        stage.outcome = Outcome.RESOLVED_AT_FRONTLINE
        stage.responded_on = self.on
        if stage.reviewer_id is None and self.staff is not None:
            stage.reviewer_id = self.staff.pk
        self.after_response(stage)
        self.event(
            "resolved-frontline",
            f"Resolved at frontline: {stage.frontline_action}",
            tell=True,
            stage=stage.stage_key,
            action_taken=stage.frontline_action,
        )

    def _respond(self, data: Mapping[str, Any]) -> None:
        stage = self.stage
        definition = self.procedure.stage(stage.stage_key)
        answers = data.get("findings", {})
        stage.outcome = data["outcome"]
        stage.conclusions = data.get("conclusions", "").strip()
        stage.reasons = data.get("reasons", "").strip()
        stage.findings = {q.code: answers[q.code] for q in definition.findings}
        stage.responded_on = self.on
        self.after_response(stage)
        self.event(
            "responded",
            f"{definition.title.en} response recorded: {stage.outcome}.",
            tell=True,
            stage=stage.stage_key,
            outcome=stage.outcome,
            final=definition.is_final,
        )

    def _escalate(self, data: Mapping[str, Any]) -> None:
        stage = self.stage
        requested = data.get("requested_on") or self.on
        if stage.responded_on is None:  # frontline not resolved: passed on
            stage.responded_on = self.on
        following = self.procedure.next_stage(stage.stage_key)
        assert following is not None
        reason = data.get("reason", "").strip()
        late_reason = data.get("late_reason", "").strip()
        self.c.closure = ""
        self.start_stage(following.key, escalation_requested_on=requested)
        self.stage.escalation_reason = "\n".join(x for x in (reason, late_reason) if x)
        self.c.assigned_to_id = None
        self.event(
            "escalated",
            f"Asked for {following.title.en} on {requested:%-d %B %Y}.",
            stage=following.key,
            requested_on=requested,
            late_reason=late_reason,
        )

    def _close_not_escalated(self, data: Mapping[str, Any]) -> None:
        self.close(self.c.closure or Closure.NOT_ESCALATED)
        self.event("closed", "Closed: the complainant did not ask for the next stage.")

    def _extend(self, data: Mapping[str, Any]) -> None:
        stage = self.stage
        stage.extended_due_on = data["new_due_on"]
        stage.extension_reason = data.get("reason", "").strip()
        stage.extensions += 1
        self.c.current_due_on = stage.extended_due_on
        self.event(
            "extended",
            f"Deadline extended to {stage.extended_due_on:%-d %B %Y}: {stage.extension_reason}.",
            tell=True,
            new_due_on=stage.extended_due_on,
            reason=stage.extension_reason,
        )

    def _propose_remedy(self, data: Mapping[str, Any]) -> None:
        kind = next(r for r in self.procedure.remedies if r.code == data["remedy_type"])
        remedy = Remedy(
            remedy_type=kind.code,
            reason=data.get("reason", "").strip(),
            amount=data.get("amount") if kind.needs_amount else None,
            justification=data.get("justification", "").strip(),
            status=RemedyStatus.PROPOSED if kind.needs_approval else RemedyStatus.APPROVED,
            proposed_by=self.staff,
        )
        self.rows.remedies.append(remedy)
        if self.rows.stages:
            self.rows.remedy_stages.append((remedy, self.stage))
        self.event(
            "remedy-proposed",
            f"Remedy proposed: {kind.title.en}",
            remedy=remedy,
            remedy_type=remedy.remedy_type,
            amount=remedy.amount,
            needs_approval=kind.needs_approval,
        )

    def _decide_remedy(self, data: Mapping[str, Any]) -> None:
        proposed = [r for r in self.rows.remedies if r.status == RemedyStatus.PROPOSED]
        remedy = proposed[-1]
        remedy.status = (
            RemedyStatus.APPROVED if data["decision"] == "approve" else RemedyStatus.REJECTED
        )
        remedy.decided_by = self.staff
        event = self.event(
            "remedy-decided",
            f"Remedy {remedy.status}.",
            remedy=remedy,
            remedy_type=remedy.remedy_type,
            status=remedy.status,
        )
        remedy.decided_at = event.at

    def _withdraw(self, data: Mapping[str, Any]) -> None:
        self.close(Closure.WITHDRAWN)
        self.c.closure_reason = data.get("reason", "").strip()
        self.event(
            "withdrawn", "The complaint was withdrawn.", tell=True, reason=self.c.closure_reason
        )


# -- inserting many planned cases at once ------------------------------------------------------


def insert_cases(cases: Sequence[CaseRows]) -> list[Complaint]:
    """Save planned cases in bulk: one insert per table, references reserved per year."""
    years: dict[int, int] = {}
    for case in cases:
        year = case.complaint.received_on.year
        years[year] = years.get(year, 0) + 1
    references: dict[int, Iterator[str]] = {
        year: iter(reserve_references(year, n)) for year, n in years.items()
    }
    for case in cases:
        case.complaint.reference = next(references[case.complaint.received_on.year])
    Person.objects.bulk_create([case.person for case in cases])
    Representative.objects.bulk_create(
        [case.representative for case in cases if case.representative is not None]
    )
    complaints = Complaint.objects.bulk_create([case.complaint for case in cases])
    for case in cases:
        complaint_id = case.complaint.pk
        for rows in (case.consents, case.remedies):
            for row in rows:
                row.complaint_id = complaint_id
    _insert_without_ids(
        StageInstance,
        ("complaint_id", *PlannedStage.COLUMNS),
        [(case.complaint.pk, *stage.values()) for case in cases for stage in case.stages],
    )
    _link_remedies_to_stages(cases)
    Consent.objects.bulk_create([row for case in cases for row in case.consents])
    Remedy.objects.bulk_create([row for case in cases for row in case.remedies])
    for case in cases:
        for event, key, row in case.links:
            event.data[key] = row.pk
    _insert_without_ids(
        ComplaintCategory,
        ("complaint_id", "code"),
        [(case.complaint.pk, code) for case in cases for code in case.categories],
    )
    _insert_without_ids(
        Event,
        ("complaint_id", "kind", "summary", "actor_id", "data", "at", "tell_complainant"),
        [
            (case.complaint.pk, e.kind, e.summary, e.actor_id, e.data, e.at, e.tell_complainant)
            for case in cases
            for e in case.events
        ],
    )
    return complaints


def _link_remedies_to_stages(cases: Sequence[CaseRows]) -> None:
    """Give each remedy its stage's id, read back by case and sequence (few cases have one)."""
    proposed = [(case, remedy, stage) for case in cases for remedy, stage in case.remedy_stages]
    if not proposed:
        return
    saved = StageInstance.objects.filter(
        complaint_id__in={case.complaint.pk for case, _remedy, _stage in proposed}
    ).values_list("complaint_id", "sequence", "pk")
    ids = {(complaint_id, sequence): pk for complaint_id, sequence, pk in saved}
    for case, remedy, stage in proposed:
        remedy.stage_id = ids[(case.complaint.pk, stage.sequence)]


def _insert_without_ids(
    model: type[Model], columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    """Insert rows whose ids nothing needs as they go in: categories, stages, timeline events,
    most of a load.

    On PostgreSQL they go in with COPY, several times faster than an INSERT of the same rows (a
    dict goes in as JSON); elsewhere in bulk through the model.
    """
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(
            [model(**dict(zip(columns, row, strict=True))) for row in rows]
        )
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(name) for name in columns)
    sql = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([json.dumps(v) if isinstance(v, dict) else v for v in row])


# -- the load ----------------------------------------------------------------------------------


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
    registry = get_registry()
    procedures = [registry.get(pid) for pid in rules.organisation().procedures]
    dates = DueDates(rules.calendar())
    rng = random.Random(seed)
    teams = {t.code: t for t in Team.objects.all()}
    frontline_teams = [teams["customer-services"], teams["casework"]]
    caseworkers = [staff["caseworker"], staff["caseworker2"]]
    # A case is recorded and triaged by a caseworker of its own team: only they may act on it.
    recorders = {user.team_id: user for user in caseworkers}
    reviewers = [staff["reviewer"], staff["reviewer2"]]
    done = 0
    for start in range(0, count, batch_size):
        size = min(batch_size, count - start)
        planned = []
        for index in range(start, start + size):
            state = SHOWCASE[index] if index < len(SHOWCASE) else None
            scenario = random_scenario(rng, today, procedures, dates, state)
            team = rng.choice(frontline_teams)
            crew = Cast(
                team=team,
                recorder=recorders[team.pk],
                handler=rng.choice(caseworkers),
                reviewer=rng.choice(reviewers),
                assurance=staff["assurance"],
                manager=staff["manager"],
            )
            planned.append(plan_case(scenario, crew, dates))
        with transaction.atomic():
            insert_cases(planned)
        done += size
        if progress:
            progress(done)
    audit.record(actor="demo-data", action="demo-data", after={"complaints": done})
    return done
