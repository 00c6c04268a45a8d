"""What each member of staff is reminded of in the morning, read in a few set-based queries.

Three kinds of digest, each a list of case references with a due date and nothing else about
the complainant:

- **stages**: the running stages a person handles (``handler``), overdue or due within the
  reminder horizon;
- **manager**: for complaints managers, the open cases nobody is assigned, and the overdue ones,
  of the teams they manage (``managed_teams``);
- **lessons**: the lesson actions a person owns, overdue or due within the horizon.

Due dates are the stored ones that ``putright.cases.deadlines`` keeps in line (ADR 0010): a
stage's extension else its target (``deadlines.stage_instance_due_expression``), a case's
``current_due_on``. Each query groups by recipient in the database and returns at most
``DIGEST_LIST_LIMIT`` rows per list with the list's full count, so the cost follows the number of
people, not the number of cases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.db.models import Case, Count, F, IntegerField, QuerySet, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber

from putright.accounts.models import Role, StaffUser
from putright.cases import deadlines
from putright.cases.models import Complaint, LessonAction, StageInstance, Status
from putright.policy import Calendar

#: Memory for the sorts of one sweep (PostgreSQL), for its transaction only.
SORT_MEMORY = "128MB"
#: At most this many cases in each list of a digest; the rest are counted and linked.
DIGEST_LIST_LIMIT = 25

#: The kinds of digest, as they appear in outbox idempotency keys.
STAGES = "stages"
MANAGER = "manager"
LESSONS = "lessons"

#: The lists a digest can hold.
OVERDUE = "overdue"
DUE_SOON = "due-soon"
UNASSIGNED = "unassigned"

_BUCKET_OVERDUE = 0
_BUCKET_DUE_SOON = 1


@dataclass(frozen=True)
class Item:
    """One line of a digest: a case reference, what is due on it, and when."""

    complaint_id: int
    reference: str
    due_on: date | None
    #: The stage's key (stages), the case's current stage (manager), "" for a lesson action.
    stage_key: str = ""
    procedure_id: str = ""
    procedure_version: int = 0
    #: The case's status, for a case with no stage running (manager lists).
    status: str = ""


@dataclass
class Section:
    """One list in a digest: the first ``DIGEST_LIST_LIMIT`` items, soonest first, and how many
    there are in all."""

    name: str
    total: int = 0
    items: list[Item] = field(default_factory=list)


@dataclass
class Digest:
    kind: str
    recipient: StaffUser
    sections: list[Section]

    @property
    def empty(self) -> bool:
        return not any(section.total for section in self.sections)


def horizon(today: date, working_days: int, calendar: Calendar) -> date:
    """The last day that counts as "due soon": ``working_days`` working days after ``today``."""
    return calendar.add_working_days(today, working_days).value


def recipients() -> dict[int, StaffUser]:
    """Everyone a reminder may go to: active staff with an email address, by id."""
    users = StaffUser.objects.filter(is_active=True).exclude(email="")
    return {user.pk: user for user in users.only(*_RECIPIENT_FIELDS)}


_RECIPIENT_FIELDS = ("id", "username", "first_name", "last_name", "email", "role", "team_id")


def handler() -> Coalesce:
    """Who handles a running stage: its reviewer once one is assigned, else whoever the case is
    assigned to. A stage with neither is the managers' (an unassigned case)."""
    return Coalesce("reviewer_id", "complaint__assigned_to_id")


def _ranked(qs: QuerySet, owner: str, order: Iterable[F]) -> QuerySet:
    """``qs`` cut to the first DIGEST_LIST_LIMIT rows per (owner, bucket), each row carrying its
    list's full count: one query, grouped by the database."""
    partition = [F(owner), F("bucket")]
    return qs.annotate(
        rank=Window(RowNumber(), partition_by=partition, order_by=list(order)),
        total=Window(Count("pk"), partition_by=partition),
    ).filter(rank__lte=DIGEST_LIST_LIMIT)


def _bucket(due: str, today: date) -> Case:
    return Case(
        When(**{f"{due}__lt": today}, then=Value(_BUCKET_OVERDUE)),
        default=Value(_BUCKET_DUE_SOON),
        output_field=IntegerField(),
    )


def stage_digests(today: date, last_day: date, people: dict[int, StaffUser]) -> list[Digest]:
    """Each handler's running stages due by ``last_day``: the overdue ones, then those due from
    ``today`` on.

    A running stage's case is open, or closed by a withdrawal, so leaving closed cases out is
    asking for open ones; said this way, PostgreSQL reads the cases from the work queue's
    partial index instead of the whole table. The ranking reads ids only; the few rows it keeps
    are read in full afterwards."""
    running = (
        StageInstance.objects.filter(responded_on__isnull=True)
        .exclude(complaint__status=Status.CLOSED)
        .annotate(owner=handler(), due=deadlines.stage_instance_due_expression())
        .filter(owner__isnull=False, due__lte=last_day)
        .annotate(bucket=_bucket("due", today))
        .order_by()
    )
    ranked = _ranked(running, "owner", [F("due").asc(), F("complaint_id").asc()])
    kept = {
        pk: (owner, bucket, total)
        for owner, bucket, total, pk in ranked.values_list("owner", "bucket", "total", "pk")
    }
    details = (
        StageInstance.objects.filter(pk__in=list(kept))
        .annotate(due=deadlines.stage_instance_due_expression())
        .order_by()
        .values_list(
            "pk",
            "complaint_id",
            "complaint__reference",
            "due",
            "stage_key",
            "complaint__procedure_id",
            "complaint__procedure_version",
        )
    )
    rows = ((*kept[pk], *rest) for pk, *rest in details)
    return _assemble(STAGES, rows, people)


def lesson_digests(today: date, last_day: date, people: dict[int, StaffUser]) -> list[Digest]:
    """Each owner's lesson actions not yet done and due by ``last_day``."""
    actions = (
        LessonAction.objects.filter(done_on__isnull=True, due_on__lte=last_day)
        .annotate(bucket=_bucket("due_on", today))
        .order_by()
    )
    rows = _ranked(actions, "owner_id", [F("due_on").asc(), F("pk").asc()])
    values = rows.values_list(
        "owner_id",
        "bucket",
        "total",
        "lesson__complaint_id",
        "lesson__complaint__reference",
        "due_on",
    )
    return _assemble(LESSONS, ((*row, "", "", 0) for row in values), people)


def _assemble(kind: str, rows: Iterable[tuple], people: dict[int, StaffUser]) -> list[Digest]:
    lists: dict[int, dict[int, Section]] = defaultdict(
        lambda: {
            _BUCKET_OVERDUE: Section(OVERDUE),
            _BUCKET_DUE_SOON: Section(DUE_SOON),
        }
    )
    for owner, bucket, total, complaint_id, reference, due, stage, pid, version in rows:
        if owner not in people:
            continue
        section = lists[owner][bucket]
        section.total = total
        section.items.append(Item(complaint_id, reference, due, stage, pid, version))
    return [
        Digest(kind, people[owner], [_sorted(s) for s in sections.values()])
        for owner, sections in sorted(lists.items())
    ]


def _sorted(section: Section) -> Section:
    section.items.sort(key=lambda item: (item.due_on or date.max, item.complaint_id))
    return section


# -- complaints managers -----------------------------------------------------------------------


def managed_teams(people: dict[int, StaffUser], team_ids: Iterable[int]) -> dict[int, set[int]]:
    """Which teams' cases each complaints manager hears about: their own team's, and those of
    every team with no complaints manager of its own (so every case has someone). A manager in
    no team hears about the teams with no manager."""
    managers = [u for u in people.values() if u.role == Role.COMPLAINTS_MANAGER]
    managed = {u.team_id for u in managers if u.team_id}
    orphans = {t for t in team_ids if t not in managed}
    return {u.pk: ({u.team_id} if u.team_id else set()) | orphans for u in managers}


def manager_digests(today: date, people: dict[int, StaffUser]) -> list[Digest]:
    """For each complaints manager: open cases nobody is assigned, and open cases past the date
    they wait for (as the work queue's "Unassigned" and "Overdue" views count them).

    Counted per team in one grouped query each; each team's first few cases are read in due-date
    order from the work queue's own partial indexes, a query per team and list (teams are few)."""
    open_cases = Complaint.objects.exclude(status=Status.CLOSED).order_by()
    lists = {
        UNASSIGNED: open_cases.filter(assigned_to__isnull=True),
        OVERDUE: open_cases.filter(current_due_on__lt=today),
    }
    by_team: dict[int, dict[str, Section]] = defaultdict(
        lambda: {UNASSIGNED: Section(UNASSIGNED), OVERDUE: Section(OVERDUE)}
    )
    for name, qs in lists.items():
        for team_id, total in qs.values_list("team_id").annotate(total=Count("pk")):
            by_team[team_id][name].total = total
    scopes = managed_teams(people, by_team)
    wanted = set().union(*scopes.values()) & by_team.keys() if scopes else set()
    order = [F("current_due_on").asc(nulls_last=True), F("pk").asc()]
    for team_id in sorted(wanted):
        for name, qs in lists.items():
            if not by_team[team_id][name].total:
                continue
            first = qs.filter(team_id=team_id).order_by(*order)[:DIGEST_LIST_LIMIT]
            by_team[team_id][name].items = [
                Item(pk, reference, due, stage, pid, version, status)
                for pk, reference, due, stage, pid, version, status in first.values_list(
                    "pk",
                    "reference",
                    "current_due_on",
                    "current_stage",
                    "procedure_id",
                    "procedure_version",
                    "status",
                )
            ]
    digests = []
    for manager_id, teams in sorted(scopes.items()):
        sections = []
        for name in (UNASSIGNED, OVERDUE):
            merged = Section(name)
            for team_id in teams & by_team.keys():
                merged.total += by_team[team_id][name].total
                merged.items += by_team[team_id][name].items
            _sorted(merged).items[DIGEST_LIST_LIMIT:] = []
            sections.append(merged)
        digests.append(Digest(MANAGER, people[manager_id], sections))
    return digests


def all_digests(
    today: date, last_day: date, people: dict[int, StaffUser] | None = None
) -> list[Digest]:
    """Every digest with something in it, for ``today`` with "due soon" up to ``last_day``."""
    people = recipients() if people is None else people
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Each list is ranked by sorting the rows due by ``last_day``: up to a few hundred
            # thousand at a million cases. Enough memory keeps those sorts off the disk.
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL work_mem = '{SORT_MEMORY}'")
        digests = [
            *stage_digests(today, last_day, people),
            *manager_digests(today, people),
            *lesson_digests(today, last_day, people),
        ]
    return [digest for digest in digests if not digest.empty]
