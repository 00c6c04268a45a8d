"""Reads. Selectors own their select_related/prefetch_related so pages do a fixed number of
queries however many cases there are."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    OrderBy,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from putright.accounts.models import Role
from putright.cases import permissions, rules
from putright.cases.models import (
    Complaint,
    ComplaintCategory,
    LessonAction,
    Person,
    Representative,
    StageInstance,
    Status,
)
from putright.policy import (
    FIRST_DATE,
    LAST_DATE,
    Calendar,
    DateResult,
)

#: Working days left at or below which a deadline shows amber.
AMBER_WITHIN_WORKING_DAYS = 5
QUEUE_PAGE_SIZE = 25
#: The queue counts matching cases up to this many, then says "more than": an exact count of a
#: million rows costs more than the page itself, and nobody pages that far.
QUEUE_COUNT_CAP = 10_000
#: A search lists at most this many cases. Someone searching wants one case: past this many
#: matches they are asked for more words, and the search never reads thousands of rows.
SEARCH_CAP = 1_000

QUEUE_VIEWS: dict[str, Any] = {
    "mine": _("Assigned to me"),
    "team": _("My team"),
    "unassigned": _("Unassigned"),
    "due-soon": _("Due soon"),
    "overdue": _("Overdue"),
    "all": _("All I can see"),
    "closed": _("Closed"),
}
#: What a queue row shows, and all that is read for it: the rows of a page are read in one query,
#: and a field left out here would cost a query per row (the queue's tests count them).
QUEUE_ROW_FIELDS = (
    "reference",
    "procedure_id",
    "procedure_version",
    "current_stage",
    "status",
    "current_due_on",
    "person__full_name",
    "assigned_to__username",
    "assigned_to__first_name",
    "assigned_to__last_name",
)
#: Open cases, soonest deadline first, cases without a deadline last.
OPEN_ORDER: tuple[OrderBy, ...] = (F("current_due_on").asc(nulls_last=True), F("pk").asc())
#: Closed cases, the most recently closed first.
CLOSED_ORDER: tuple[OrderBy, ...] = (F("closed_on").desc(nulls_last=True), F("pk").desc())
#: A search in "All I can see": open cases as in OPEN_ORDER, then closed ones, latest first.
SEARCH_ALL_ORDER: tuple[OrderBy, ...] = (
    Case(When(status=Status.CLOSED, then=Value(1)), default=Value(0)).asc(),
    *OPEN_ORDER[:1],
    *CLOSED_ORDER,
)


def default_queue_view(user: Any) -> str:
    """Caseworkers and reviewers in a case team start on their team's cases. Everyone else starts
    on all the cases they may see: every case for complaints managers and auditors, the stages
    they review for business assurance (their own team holds no cases)."""
    if user.role in {Role.CASEWORKER, Role.REVIEWER} and user.team_id:
        return "team"
    return "all"


@dataclass(frozen=True)
class Rag:
    colour: str  # "red" | "amber" | "green" | "grey"
    label: str
    days_left: int | None


#: The tag for a stored date the working-day calendar cannot count from (before 1970 or after
#: 2100): shown as it is, never an error page.
DATE_OUT_OF_RANGE = _("Date out of range")


def countable(day: date) -> bool:
    """Whether the working-day calendar can count from or to ``day``."""
    return FIRST_DATE <= day <= LAST_DATE


def rag(due: date | None, today: date, *, calendar: Calendar | None = None) -> Rag:
    """Red when overdue, amber within AMBER_WITHIN_WORKING_DAYS working days, else green; grey
    "Date out of range" for a date the calendar cannot count to.

    Pass ``calendar`` when tagging many rows, so the organisation's calendar is read once."""
    if due is None:
        return Rag("grey", str(_("No deadline")), None)
    if not (countable(due) and countable(today)):
        return Rag("grey", str(DATE_OUT_OF_RANGE), None)
    cal = calendar or rules.calendar()
    if due < today:
        late = cal.working_days_between(due, today)
        label = ngettext("Overdue by %(n)d working day", "Overdue by %(n)d working days", late) % {
            "n": late
        }
        return Rag("red", label, -late)
    left = cal.working_days_between(today, due)
    colour = "amber" if left <= AMBER_WITHIN_WORKING_DAYS else "green"
    label = ngettext("%(n)d working day left", "%(n)d working days left", left) % {"n": left}
    return Rag(colour, label, left)


def window_rag(last_day: date | None, today: date) -> Rag:
    """A window the complainant may use (not a deadline on staff): open, or closed since when."""
    if last_day is None or last_day >= today or not countable(last_day):
        return rag(last_day, today)
    days = rules.calendar().working_days_between(last_day, today)
    label = ngettext("Closed %(n)d working day ago", "Closed %(n)d working days ago", days) % {
        "n": days
    }
    return Rag("grey", label, -days)


@dataclass
class QueueFilters:
    view: str = "team"
    procedure: str = ""
    stage: str = ""
    status: str = ""
    category: str = ""
    channel: str = ""
    q: str = ""
    page: int = 1


def queue(user: Any, filters: QueueFilters, *, today: date) -> Page:
    """One page of the work queue for ``user``: only the cases they may see.

    Every view but "Closed" lists open cases, and "Closed" lists closed ones; a search in "All I
    can see" finds both, open cases first, since someone searching for a name expects to find
    that person's closed complaint too.
    """
    view = filters.view if filters.view in QUEUE_VIEWS else "team"
    searching = bool(filters.q.strip())
    qs = Complaint.objects.all()
    if view == "closed":
        qs = qs.filter(status=Status.CLOSED)
    elif not (view == "all" and searching):
        qs = qs.exclude(status=Status.CLOSED)
    if view == "mine":
        qs = qs.filter(assigned_to=user)
    elif view == "team":
        qs = qs.filter(team_id=user.team_id) if user.team_id else qs.filter(assigned_to=user)
    elif view == "unassigned":
        qs = qs.filter(assigned_to__isnull=True)
    elif view == "due-soon":
        horizon = rules.calendar().add_working_days(today, AMBER_WITHIN_WORKING_DAYS).value
        qs = qs.filter(current_due_on__gte=today, current_due_on__lte=horizon)
    elif view == "overdue":
        qs = qs.filter(current_due_on__lt=today)
    if filters.procedure:
        qs = qs.filter(procedure_id=filters.procedure)
    if filters.stage:
        qs = qs.filter(current_stage=filters.stage)
    if filters.status and view != "closed":
        qs = qs.filter(status=filters.status)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.category:
        qs = qs.filter(
            Exists(
                ComplaintCategory.objects.filter(complaint=OuterRef("pk"), code=filters.category)
            )
        )
    matches = search_matches(filters.q) if searching else None
    if matches is not None:
        qs = qs.filter(pk__in=matches.ids)
    if view == "closed":
        order = CLOSED_ORDER
    elif view == "all" and searching:
        order = SEARCH_ALL_ORDER
    else:
        order = OPEN_ORDER
    if view in {"mine", "team"}:
        # These views are themselves ways of seeing a case: no other check.
        branches = [Q()] if permissions.visibility_branches(user) else []
    else:
        branches = permissions.visibility_branches(user, list_reviewed=not searching)
    if len(branches) > 1 and (
        searching or not connection.features.supports_slicing_ordering_in_compound
    ):
        branches = [permissions.visibility_filter(user)]  # a search is small: one OR will do
    paginate = SearchPaginator if searching else CappedPaginator
    paginator = paginate([qs.filter(b) for b in branches] or [qs.none()], order, QUEUE_PAGE_SIZE)
    page = paginator.get_page(filters.page)
    page.search_capped = bool(matches and matches.capped)
    page.search_includes_closed = view == "all" and searching
    return page


class CappedPaginator(Paginator):
    """Pages of a queue, at a cost that does not grow with the number of cases.

    ``branches`` are querysets whose union is the list (one for each way a person may see a
    case), each read from an index of its own: one OR of them would read every open case. It
    counts at most QUEUE_COUNT_CAP cases (``capped`` says whether there are more); finds a page's
    ids from the indexes, each branch reading no further than the end of the page; and only then
    reads the page's 25 cases.

    The branches may share cases (one's team's case assigned to oneself), so their union drops
    duplicates. Branches made disjoint with NOT conditions looked cheaper but were not: a branch
    left empty by them sent PostgreSQL through every open case looking for its first row."""

    capped = False

    def __init__(
        self,
        branches: list[QuerySet[Complaint]],
        order: Sequence[OrderBy],
        per_page: int = QUEUE_PAGE_SIZE,
    ) -> None:
        super().__init__(branches, per_page, allow_empty_first_page=True)
        self.branches = branches
        self.order = order

    @cached_property
    def count(self) -> int:
        limit = QUEUE_COUNT_CAP + 1
        parts = [branch.order_by().values("pk")[:limit] for branch in self.branches]
        if len(parts) > 1:
            found = self.count_union(parts)
        else:
            found = parts[0].count()
        self.capped = found > QUEUE_COUNT_CAP
        return min(found, QUEUE_COUNT_CAP)

    @staticmethod
    def count_union(parts: list[QuerySet[Complaint]]) -> int:
        """How many cases the parts hold together, up to QUEUE_COUNT_CAP + 1.

        Their union drops duplicates, which means hashing every row. When the first part (a
        person's team, usually the largest) alone passes the cap, the union is not needed, and
        PostgreSQL never runs a scalar subquery whose value is not needed."""
        one, one_params = parts[0].query.sql_with_params()
        every, every_params = parts[0].union(*parts[1:]).query.sql_with_params()
        # Both fragments are Django's own SQL for the querysets; every value is a parameter.
        sql = (
            f"SELECT CASE WHEN (SELECT COUNT(*) FROM ({one}) one_way) > %s THEN %s "  # noqa: S608
            f"ELSE (SELECT COUNT(*) FROM ({every}) every_way) END"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*one_params, QUEUE_COUNT_CAP, QUEUE_COUNT_CAP + 1, *every_params])
            return int(cursor.fetchone()[0])

    def page(self, number: int | str) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = self.page_ids(bottom, bottom + self.per_page)
        rows = (
            Complaint.objects.select_related("person", "assigned_to")
            .only(*QUEUE_ROW_FIELDS)
            .in_bulk(ids)
        )
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)

    def page_ids(self, bottom: int, top: int) -> list[int]:
        """The ids of rows ``bottom`` to ``top`` in order: on the usual views an index-only scan
        that steps over the earlier pages' index entries, never their rows."""
        if len(self.branches) == 1:
            ordered = self.branches[0].order_by(*self.order).values_list("pk", flat=True)
            return list(ordered[bottom:top])
        # Each branch's first ``top`` rows in order, merged and cut to the page.
        keys = [o.expression.name for o in self.order if o.expression.name != "pk"]
        parts = [b.order_by(*self.order).values_list("pk", *keys)[:top] for b in self.branches]
        merged = parts[0].union(*parts[1:]).order_by(*self.order)[bottom:top]
        return [row[0] for row in merged]


class SearchPaginator(CappedPaginator):
    """Pages of search results. A search's matches are read once, in order, and paged in memory:
    counting them and reading a page would otherwise each look them up again."""

    @cached_property
    def ordered_ids(self) -> list[int]:
        ordered = self.branches[0].order_by(*self.order).values_list("pk", flat=True)
        return list(ordered[: SEARCH_CAP + 1])

    @cached_property
    def count(self) -> int:
        self.capped = len(self.ordered_ids) > SEARCH_CAP
        return min(len(self.ordered_ids), SEARCH_CAP)

    def page_ids(self, bottom: int, top: int) -> list[int]:
        return self.ordered_ids[bottom:top]


@dataclass(frozen=True)
class SearchMatches:
    ids: list[int]
    capped: bool  # more than SEARCH_CAP cases matched: the person should narrow the search


def search_matches(text: str) -> SearchMatches:
    """Cases matching by reference, original reference, name, email or the complaint's text.

    Each kind of match is a small indexed query (people by name or email first, then their
    cases), so the database never reads every case. At most SEARCH_CAP + 1 ids come back.
    """
    text = text.strip()
    if not text:
        return SearchMatches([], False)
    limit = SEARCH_CAP + 1
    if text.upper().startswith("PR-"):
        ids = list(Complaint.objects.filter(reference=text.upper()).values_list("pk", flat=True))
        return SearchMatches(ids, False)
    by_person = Q(full_name__icontains=text) | Q(email__iexact=text)
    people = list(Person.objects.filter(by_person).values_list("pk", flat=True)[:limit])
    reps = list(Representative.objects.filter(by_person).values_list("pk", flat=True)[:limit])
    complaints = Complaint.objects.order_by().values_list("pk", flat=True)
    found: set[int] = set()
    for arm in (
        complaints.filter(Q(reference=text.upper()) | Q(original_reference=text)),
        complaints.filter(person_id__in=people),
        complaints.filter(representative_id__in=reps),
        complaints.filter(what_went_wrong__icontains=text),
    ):
        found.update(arm[:limit])
    capped = len(found) > SEARCH_CAP or len(people) == limit or len(reps) == limit
    return SearchMatches(sorted(found)[:limit], capped)


def complaint_for(user: Any, pk: int) -> Complaint | None:
    """The case alone, or None if ``user`` may not see it."""
    return permissions.visible(user, Complaint.objects.filter(pk=pk)).first()


def case_for(user: Any, pk: int) -> Complaint | None:
    """The case with everything its page shows, or None if ``user`` may not see it."""
    qs = permissions.visible(user, Complaint.objects.filter(pk=pk))
    return (
        qs.select_related("person", "representative", "assigned_to", "team", "original_handler")
        .prefetch_related(
            "categories",
            Prefetch("stages", queryset=StageInstance.objects.select_related("reviewer")),
            "remedies__proposed_by",
            "remedies__decided_by",
            Prefetch(
                "lessons__actions",
                queryset=LessonAction.objects.select_related("owner"),
            ),
            "attachments",
            "notes__author",
            "events__actor",
            "consents",
        )
        .first()
    )


def time_limit(complaint: Complaint) -> DateResult | None:
    """The last day the complaint was in time, with its explanation (None without an event, or
    when counting on from a stored date would pass the last date there is, 31 December 9999)."""
    from putright.policy import complaint_time_limit

    if complaint.event_on is None:
        return None
    try:
        return complaint_time_limit(
            rules.procedure_for(complaint), complaint.event_on, complaint.found_out_on
        )
    except (ValueError, OverflowError):  # the months counted on run past year 9999
        return None


def assessment(complaint: Complaint, *, today: date):
    from putright.cases.facts import complaint_facts
    from putright.policy import assess

    return assess(
        rules.procedure_for(complaint),
        complaint_facts(complaint),
        today=today,
        calendar=rules.calendar(),
    )


def open_lesson_actions(user: Any) -> QuerySet[LessonAction]:
    return LessonAction.objects.filter(owner=user, done_on__isnull=True).select_related(
        "lesson__complaint"
    )
